package mapping

import (
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// conversion turns a source value into an attribute: the value column of the attribute table.
type conversion struct {
	typ    string // the attribute's type, for the README
	doc    string // how the source may arrive, for the README ("" when it is plain)
	target string // what the row sets, for the README, when it is not an attribute
	// put writes attribute key from v, the field at path, and reports whether it wrote one: an
	// absent, null or empty value writes nothing, and a value of another type is noted.
	put func(w *attrWriter, key string, v pcommon.Value, path string) bool
}

var (
	asString  = &conversion{typ: "string", put: (*attrWriter).str}
	asStrings = &conversion{typ: "string[]", doc: "a space-separated string or an array of strings", put: (*attrWriter).strs}
	asDouble  = &conversion{typ: "double", doc: "a number or a numeric string", put: (*attrWriter).double}
	asInt     = &conversion{typ: "int", doc: "an integer or a numeric string", put: (*attrWriter).integer}
	asBool    = &conversion{typ: "bool", doc: "`true`/`false`, also as a string", put: (*attrWriter).boolean}
	asMethod  = &conversion{typ: "string", doc: "upper case", put: (*attrWriter).method}
	asChannel = &conversion{typ: "string", doc: "`dashboard` when it is the Auth0 Dashboard's URL, `https://manage.auth0.com/` or `https://manage.<region>.auth0.com/`; else `api`", put: (*attrWriter).channel}
)

// text returns a string member; absent, null and "" give false, any other type is noted.
func (w *attrWriter) text(v pcommon.Value, field string) (string, bool) {
	switch v.Type() {
	case pcommon.ValueTypeEmpty:
		return "", false
	case pcommon.ValueTypeStr:
		return v.Str(), v.Str() != ""
	}
	w.wrongType(field, v, "a string")
	return "", false
}

func (w *attrWriter) str(key string, v pcommon.Value, field string) bool {
	s, ok := w.text(v, field)
	if ok {
		w.attr(key).SetStr(s)
	}
	return ok
}

// method writes an HTTP method in upper case.
func (w *attrWriter) method(key string, v pcommon.Value, field string) bool {
	s, ok := w.text(v, field)
	if ok {
		w.attr(key).SetStr(upperMethod(s))
	}
	return ok
}

// channel writes how a Management API operation was made: through the Dashboard or the API.
func (w *attrWriter) channel(key string, v pcommon.Value, field string) bool {
	s, ok := w.text(v, field)
	if ok {
		w.attr(key).SetStr(channelOf(s))
	}
	return ok
}

// channelOf classifies details.request.channel: Auth0 logs the Dashboard's URL
// (https://manage.auth0.com/, or a regional manage.<region>.auth0.com) for operations made there,
// and "api" or the caller's own value for the rest.
func channelOf(channel string) string {
	host := channel
	for _, scheme := range []string{"https://", "http://"} {
		if len(host) >= len(scheme) && strings.EqualFold(host[:len(scheme)], scheme) {
			host = host[len(scheme):]
			break
		}
	}
	if end := strings.IndexAny(host, "/:?#"); end >= 0 {
		host = host[:end]
	}
	host = strings.ToLower(host) // no copy when it is lower case already, as Auth0 logs it
	if host == "manage.auth0.com" || strings.HasPrefix(host, "manage.") && strings.HasSuffix(host, ".auth0.com") {
		return "dashboard"
	}
	return "api"
}

// double writes a number that may arrive as a string.
func (w *attrWriter) double(key string, v pcommon.Value, field string) bool {
	switch v.Type() {
	case pcommon.ValueTypeEmpty:
	case pcommon.ValueTypeDouble:
		w.attr(key).SetDouble(v.Double())
		return true
	case pcommon.ValueTypeInt:
		w.attr(key).SetDouble(float64(v.Int()))
		return true
	case pcommon.ValueTypeStr:
		s := strings.TrimSpace(v.Str())
		if s == "" {
			return false
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			w.attr(key).SetDouble(f)
			return true
		}
		w.sc.note(field + ": not a number: " + strconv.Quote(v.Str()))
	default:
		w.wrongType(field, v, "a number")
	}
	return false
}

// integer writes an integer that may arrive as a string or as an integral float.
func (w *attrWriter) integer(key string, v pcommon.Value, field string) bool {
	switch v.Type() {
	case pcommon.ValueTypeEmpty:
	case pcommon.ValueTypeInt:
		w.attr(key).SetInt(v.Int())
		return true
	case pcommon.ValueTypeDouble:
		if f := v.Double(); f == float64(int64(f)) {
			w.attr(key).SetInt(int64(f))
			return true
		}
		w.sc.note(field + ": not an integer")
	case pcommon.ValueTypeStr:
		s := strings.TrimSpace(v.Str())
		if s == "" {
			return false
		}
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			w.attr(key).SetInt(n)
			return true
		}
		w.sc.note(field + ": not an integer: " + strconv.Quote(v.Str()))
	default:
		w.wrongType(field, v, "an integer")
	}
	return false
}

// boolean writes a bool that may arrive as "true"/"false".
func (w *attrWriter) boolean(key string, v pcommon.Value, field string) bool {
	switch v.Type() {
	case pcommon.ValueTypeEmpty:
		return false
	case pcommon.ValueTypeBool:
		w.attr(key).SetBool(v.Bool())
		return true
	case pcommon.ValueTypeStr:
		switch s := strings.TrimSpace(v.Str()); {
		case s == "":
			return false
		case strings.EqualFold(s, "true"):
			w.attr(key).SetBool(true)
			return true
		case strings.EqualFold(s, "false"):
			w.attr(key).SetBool(false)
			return true
		}
		w.sc.note(field + ": not a boolean: " + strconv.Quote(v.Str()))
		return false
	}
	w.wrongType(field, v, "a boolean")
	return false
}

// strs writes a string slice from an array of strings or a space-separated string; empty and
// null elements are left out.
func (w *attrWriter) strs(key string, v pcommon.Value, field string) bool {
	switch v.Type() {
	case pcommon.ValueTypeEmpty:
	case pcommon.ValueTypeStr:
		s := v.Str()
		n := countFields(s)
		if n == 0 {
			return false
		}
		sl := w.attr(key).SetEmptySlice()
		sl.EnsureCapacity(n)
		for {
			s = strings.TrimLeft(s, " \t\n\r")
			if s == "" {
				return true
			}
			end := strings.IndexAny(s, " \t\n\r")
			if end < 0 {
				end = len(s)
			}
			sl.AppendEmpty().SetStr(s[:end])
			s = s[end:]
		}
	case pcommon.ValueTypeSlice:
		src := v.Slice()
		n := 0
		for i := 0; i < src.Len(); i++ {
			if e := src.At(i); e.Type() == pcommon.ValueTypeStr && e.Str() != "" {
				n++
			} else if e.Type() != pcommon.ValueTypeEmpty && e.Type() != pcommon.ValueTypeStr {
				w.wrongType(field+"["+strconv.Itoa(i)+"]", e, "a string")
			}
		}
		if n == 0 {
			return false
		}
		sl := w.attr(key).SetEmptySlice()
		sl.EnsureCapacity(n)
		for i := 0; i < src.Len(); i++ {
			if e := src.At(i); e.Type() == pcommon.ValueTypeStr && e.Str() != "" {
				sl.AppendEmpty().SetStr(e.Str())
			}
		}
		return true
	default:
		w.wrongType(field, v, "a string or an array")
	}
	return false
}

func countFields(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		if isSpace(s[i]) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// upperMethod upper-cases an HTTP method; Auth0 logs them in lower case, so the common ones are
// constants rather than a new string per record.
func upperMethod(m string) string {
	switch m {
	case "get", "GET":
		return "GET"
	case "post", "POST":
		return "POST"
	case "put", "PUT":
		return "PUT"
	case "patch", "PATCH":
		return "PATCH"
	case "delete", "DELETE":
		return "DELETE"
	}
	return strings.ToUpper(m)
}
