package mapping

import (
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
)

// Attribute keys without a semconv v1.43.0 constant.
const (
	attrEventType      = "auth0.event.type"
	attrEventName      = "auth0.event.name"
	attrEventCategory  = "auth0.event.category"
	attrEventOutcome   = "auth0.event.outcome"
	attrEventKnown     = "auth0.event.known"
	attrClientID       = "auth0.client.id"
	attrClientName     = "auth0.client.name"
	attrConnectionName = "auth0.connection.name"
	attrConnectionID   = "auth0.connection.id"
	attrStrategy       = "auth0.strategy"
	attrStrategyType   = "auth0.strategy_type"
	attrAudience       = "auth0.audience"
	attrScope          = "auth0.scope"
	attrOrgID          = "auth0.organization.id"
	attrOrgName        = "auth0.organization.name"
	attrIsMobile       = "auth0.is_mobile"
	attrMappingError   = "auth0.mapping.error"
	attrTLSClientJA4   = "tls.client.ja4"
	attrErrorMessage   = "error.message"
)

// Top-level members the attributes come from.
const (
	fDescription = iota
	fUserID
	fUserName
	fIP
	fClientIP
	fUserAgent
	fHostname
	fClientID
	fClientName
	fConnection
	fConnectionID
	fStrategy
	fStrategyType
	fAudience
	fScope
	fOrgID
	fOrgName
	fIsMobile
	fIsMobileSnake
	fLocation
	fSecurity
	fDetails
	fReferences
	nFields
)

func fieldIndex(k string) int {
	switch k {
	case "description":
		return fDescription
	case "user_id":
		return fUserID
	case "user_name":
		return fUserName
	case "ip":
		return fIP
	case "client_ip":
		return fClientIP
	case "user_agent":
		return fUserAgent
	case "hostname":
		return fHostname
	case "client_id":
		return fClientID
	case "client_name":
		return fClientName
	case "connection":
		return fConnection
	case "connection_id":
		return fConnectionID
	case "strategy":
		return fStrategy
	case "strategy_type":
		return fStrategyType
	case "audience":
		return fAudience
	case "scope":
		return fScope
	case "organization_id":
		return fOrgID
	case "organization_name":
		return fOrgName
	case "isMobile":
		return fIsMobile
	case "is_mobile":
		return fIsMobileSnake
	case "location_info":
		return fLocation
	case "security_context":
		return fSecurity
	case "details":
		return fDetails
	case "references":
		return fReferences
	}
	return -1
}

// absent stands for a member that is not there; it is never written.
var absent = pcommon.NewValueEmpty()

// eventTime parses the event's date: RFC 3339 (any fraction), leniently without a zone or with
// a space for the T, or a number of Unix milliseconds. The note says why there is none.
func eventTime(it *item) (time.Time, string) {
	if it.kind != '{' {
		return time.Time{}, ""
	}
	f := &it.f
	switch f.dateKind {
	case 0:
		return time.Time{}, "date is missing"
	case 'n':
		return time.Time{}, "date is null"
	case '"':
		if t, err := time.Parse(time.RFC3339Nano, f.date); err == nil {
			return t, ""
		}
		for _, layout := range lenientLayouts {
			if t, err := time.Parse(layout, f.date); err == nil {
				return t, ""
			}
		}
		return time.Time{}, "bad date " + strconv.Quote(f.date)
	case '0':
		if ms, err := strconv.ParseInt(f.date, 10, 64); err == nil {
			return time.UnixMilli(ms).UTC(), ""
		}
		return time.Time{}, "bad date " + f.date
	}
	return time.Time{}, "date is not a string"
}

var lenientLayouts = []string{
	"2006-01-02T15:04:05.999999999", // no zone: Auth0 dates are UTC
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999Z0700",
}

// writeAttributes derives the record's attributes (DESIGN section 5 table) from its body.
func writeAttributes(sc *scanner, lr plog.LogRecord, it *item, ci *codeInfo) {
	var v [nFields]pcommon.Value
	for i := range v {
		v[i] = absent
	}
	body := lr.Body()
	if body.Type() == pcommon.ValueTypeMap {
		for k, val := range body.Map().All() {
			if i := fieldIndex(k); i >= 0 {
				v[i] = val
			}
		}
	}

	w := attrWriter{m: lr.Attributes(), sc: sc}
	w.m.EnsureCapacity(24)
	w.put(string(semconv.LogRecordUIDKey), it.logID)
	w.put(attrEventType, ci.code)
	w.put(attrEventName, ci.name)
	w.put(attrEventCategory, ci.category)
	w.put(attrEventOutcome, ci.outcome)
	if !ci.known {
		w.m.PutBool(attrEventKnown, false)
	}
	w.str(string(semconv.UserIDKey), v[fUserID], "user_id")
	w.str(string(semconv.UserNameKey), v[fUserName], "user_name")
	if !w.str(string(semconv.ClientAddressKey), v[fIP], "ip") {
		w.str(string(semconv.ClientAddressKey), v[fClientIP], "client_ip")
	}
	w.str(string(semconv.UserAgentOriginalKey), v[fUserAgent], "user_agent")
	w.str(string(semconv.ServerAddressKey), v[fHostname], "hostname")

	loc := w.object(v[fLocation], "location_info")
	w.str(string(semconv.GeoCountryISOCodeKey), member(loc, "country_code"), "location_info.country_code")
	w.str(string(semconv.GeoLocalityNameKey), member(loc, "city_name"), "location_info.city_name")
	w.str(string(semconv.GeoContinentCodeKey), member(loc, "continent_code"), "location_info.continent_code")
	w.double(string(semconv.GeoLocationLatKey), member(loc, "latitude"), "location_info.latitude")
	w.double(string(semconv.GeoLocationLonKey), member(loc, "longitude"), "location_info.longitude")

	sec := w.object(v[fSecurity], "security_context")
	w.str(string(semconv.TLSClientJa3Key), member(sec, "ja3"), "security_context.ja3")
	w.str(attrTLSClientJA4, member(sec, "ja4"), "security_context.ja4")

	w.str(attrClientID, v[fClientID], "client_id")
	w.str(attrClientName, v[fClientName], "client_name")
	w.str(attrConnectionName, v[fConnection], "connection")
	w.str(attrConnectionID, v[fConnectionID], "connection_id")
	w.str(attrStrategy, v[fStrategy], "strategy")
	w.str(attrStrategyType, v[fStrategyType], "strategy_type")
	w.str(attrAudience, v[fAudience], "audience")
	w.scope(v[fScope])
	w.str(attrOrgID, v[fOrgID], "organization_id")
	w.str(attrOrgName, v[fOrgName], "organization_name")
	if !w.boolean(attrIsMobile, v[fIsMobile], "isMobile") {
		w.boolean(attrIsMobile, v[fIsMobileSnake], "is_mobile")
	}

	details := w.object(v[fDetails], "details")
	if req := w.object(member(details, "request"), "details.request"); req != absent {
		if method, ok := w.text(member(req, "method"), "details.request.method"); ok {
			w.m.PutStr(string(semconv.HTTPRequestMethodKey), upperMethod(method))
		}
		w.str(string(semconv.URLPathKey), member(req, "path"), "details.request.path")
	}
	// details.response is an object for API operations, a string for some codes (api_limit).
	if resp := member(details, "response"); resp.Type() == pcommon.ValueTypeMap {
		w.statusCode(member(resp, "statusCode"))
	}

	if ci.outcome == string(catalog.Failure) {
		w.failure(ci.code, member(details, "error"), v[fDescription])
	}

	w.trace(lr, w.object(v[fReferences], "references"))

	if len(sc.notes) > 0 {
		w.m.PutStr(attrMappingError, strings.Join(sc.notes, "; "))
	}
}

// member returns obj[key], or absent when obj is not a map or has no such key.
func member(obj pcommon.Value, key string) pcommon.Value {
	if obj.Type() != pcommon.ValueTypeMap {
		return absent
	}
	if v, ok := obj.Map().Get(key); ok {
		return v
	}
	return absent
}

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

// failure writes error.type and error.message for failure events.
func (w *attrWriter) failure(code string, detailsErr, description pcommon.Value) {
	typ, msg := code, ""
	switch detailsErr.Type() {
	case pcommon.ValueTypeMap:
		if t, ok := w.text(member(detailsErr, "type"), "details.error.type"); ok {
			typ = t
		}
		msg, _ = w.text(member(detailsErr, "message"), "details.error.message")
	case pcommon.ValueTypeStr:
		msg = detailsErr.Str()
	}
	if msg == "" {
		msg, _ = w.text(description, "description")
	}
	w.put(string(semconv.ErrorTypeKey), typ)
	w.put(attrErrorMessage, msg)
}

// trace sets the record's trace and span ids from references.trace_id / span_id when they are
// valid W3C ids (hex, not all zeros).
func (w *attrWriter) trace(lr plog.LogRecord, refs pcommon.Value) {
	if s, ok := w.text(member(refs, "trace_id"), "references.trace_id"); ok {
		var id pcommon.TraceID
		if decodeHexID(id[:], s) {
			lr.SetTraceID(id)
		} else {
			w.sc.note("references.trace_id: not a W3C trace id: " + strconv.Quote(s))
		}
	}
	if s, ok := w.text(member(refs, "span_id"), "references.span_id"); ok {
		var id pcommon.SpanID
		if decodeHexID(id[:], s) {
			lr.SetSpanID(id)
		} else {
			w.sc.note("references.span_id: not a W3C span id: " + strconv.Quote(s))
		}
	}
}

// decodeHexID decodes exactly 2*len(dst) hex digits and rejects the all-zero (invalid) id.
func decodeHexID(dst []byte, s string) bool {
	if len(s) != 2*len(dst) {
		return false
	}
	nonZero := false
	for i := range dst {
		hi, ok1 := hexDigit(s[2*i])
		lo, ok2 := hexDigit(s[2*i+1])
		if !ok1 || !ok2 {
			return false
		}
		dst[i] = hi<<4 | lo
		nonZero = nonZero || dst[i] != 0
	}
	return nonZero
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
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
