package mapping

import (
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

// attrWriter writes attributes and notes fields whose type is wrong.
type attrWriter struct {
	m  pcommon.Map
	sc *scanner
}

func (w *attrWriter) put(key, s string) {
	if s != "" {
		w.m.PutStr(key, s)
	}
}

func (w *attrWriter) wrongType(field string, v pcommon.Value, want string) {
	w.sc.note(field + ": want " + want + ", got " + v.Type().String())
}

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
		w.m.PutStr(key, s)
	}
	return ok
}

// object returns v when it is a map, absent otherwise (noted unless null).
func (w *attrWriter) object(v pcommon.Value, field string) pcommon.Value {
	switch v.Type() {
	case pcommon.ValueTypeMap:
		return v
	case pcommon.ValueTypeEmpty:
		return absent
	}
	w.wrongType(field, v, "an object")
	return absent
}

// double writes a number that may arrive as a string.
func (w *attrWriter) double(key string, v pcommon.Value, field string) {
	switch v.Type() {
	case pcommon.ValueTypeEmpty:
	case pcommon.ValueTypeDouble:
		w.m.PutDouble(key, v.Double())
	case pcommon.ValueTypeInt:
		w.m.PutDouble(key, float64(v.Int()))
	case pcommon.ValueTypeStr:
		s := strings.TrimSpace(v.Str())
		if s == "" {
			return
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			w.m.PutDouble(key, f)
			return
		}
		w.sc.note(field + ": not a number: " + strconv.Quote(v.Str()))
	default:
		w.wrongType(field, v, "a number")
	}
}

// statusCode writes details.response.statusCode, an integer that may arrive as a string.
func (w *attrWriter) statusCode(v pcommon.Value) {
	const key, field = string(semconv.HTTPResponseStatusCodeKey), "details.response.statusCode"
	switch v.Type() {
	case pcommon.ValueTypeEmpty:
	case pcommon.ValueTypeInt:
		w.m.PutInt(key, v.Int())
	case pcommon.ValueTypeDouble:
		if f := v.Double(); f == float64(int64(f)) {
			w.m.PutInt(key, int64(f))
			return
		}
		w.sc.note(field + ": not an integer")
	case pcommon.ValueTypeStr:
		s := strings.TrimSpace(v.Str())
		if s == "" {
			return
		}
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			w.m.PutInt(key, n)
			return
		}
		w.sc.note(field + ": not an integer: " + strconv.Quote(v.Str()))
	default:
		w.wrongType(field, v, "an integer")
	}
}

// boolean writes a bool that may arrive as "true"/"false"; it reports whether one was written.
func (w *attrWriter) boolean(key string, v pcommon.Value, field string) bool {
	switch v.Type() {
	case pcommon.ValueTypeEmpty:
		return false
	case pcommon.ValueTypeBool:
		w.m.PutBool(key, v.Bool())
		return true
	case pcommon.ValueTypeStr:
		switch s := strings.TrimSpace(v.Str()); {
		case s == "":
			return false
		case strings.EqualFold(s, "true"):
			w.m.PutBool(key, true)
			return true
		case strings.EqualFold(s, "false"):
			w.m.PutBool(key, false)
			return true
		}
		w.sc.note(field + ": not a boolean: " + strconv.Quote(v.Str()))
		return false
	}
	w.wrongType(field, v, "a boolean")
	return false
}

// scope writes auth0.scope as a string slice from an array or a space-separated string.
func (w *attrWriter) scope(v pcommon.Value) {
	switch v.Type() {
	case pcommon.ValueTypeEmpty:
	case pcommon.ValueTypeStr:
		s := v.Str()
		n := countFields(s)
		if n == 0 {
			return
		}
		sl := w.m.PutEmptySlice(attrScope)
		sl.EnsureCapacity(n)
		for {
			s = strings.TrimLeft(s, " \t\n\r")
			if s == "" {
				return
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
				w.wrongType("scope["+strconv.Itoa(i)+"]", e, "a string")
			}
		}
		if n == 0 {
			return
		}
		sl := w.m.PutEmptySlice(attrScope)
		sl.EnsureCapacity(n)
		for i := 0; i < src.Len(); i++ {
			if e := src.At(i); e.Type() == pcommon.ValueTypeStr && e.Str() != "" {
				sl.AppendEmpty().SetStr(e.Str())
			}
		}
	default:
		w.wrongType("scope", v, "a string or an array")
	}
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
