package signals

import (
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// Event is what conditions read of one event, taken from its built body once per event and only
// for codes that have candidates. It is passed by value: predicates are called through a func
// value, and a pointer would make every event's view escape to the heap.
type Event struct {
	Body     pcommon.Map   // the whole event
	Method   string        // details.request.method as logged (Auth0 writes it lower case)
	Path     string        // details.request.path
	Request  pcommon.Value // details.request.body; empty when absent
	Response pcommon.Value // details.response.body; empty when absent
	Status   int64         // details.response.statusCode; 0 when absent or not a number

	route   string // Path as patterns are compared with it
	desc    string // the description, when read ahead
	hasDesc bool
}

// none stands for a member that is not there. It is never written.
var none = pcommon.NewValueEmpty()

// member returns v's member k, or none when v is not a map or has no such member.
func member(v pcommon.Value, k string) pcommon.Value {
	if v.Type() != pcommon.ValueTypeMap {
		return none
	}
	if m, ok := v.Map().Get(k); ok {
		return m
	}
	return none
}

func mapMember(m pcommon.Map, k string) pcommon.Value {
	if v, ok := m.Get(k); ok {
		return v
	}
	return none
}

// newEvent reads what the conditions of a code need: details.request and details.response when
// operation, the description when desc (several rows compare it: it is read once).
func newEvent(body pcommon.Map, operation, desc bool) Event {
	ev := Event{Body: body, Request: none, Response: none}
	if desc {
		ev.desc, ev.hasDesc = mapMember(body, "description").Str(), true
	}
	if !operation {
		return ev
	}
	details := mapMember(body, "details")
	if details.Type() != pcommon.ValueTypeMap {
		return ev
	}
	if req := member(details, "request"); req.Type() == pcommon.ValueTypeMap {
		ev.Method = member(req, "method").Str()
		ev.Path = member(req, "path").Str()
		ev.route = route(ev.Path)
		ev.Request = member(req, "body")
	}
	if resp := member(details, "response"); resp.Type() == pcommon.ValueTypeMap {
		ev.Response = member(resp, "body")
		if n, ok := number(member(resp, "statusCode")); ok {
			ev.Status = int64(n)
		}
	}
	return ev
}

// Description is the event's description ("" when absent).
func (ev Event) Description() string {
	if ev.hasDesc {
		return ev.desc
	}
	return mapMember(ev.Body, "description").Str()
}

// Settings is what the operation set: the request body, or the response body when the log
// carries no request body (a PATCH's response holds the whole resulting object, so it is only
// the fallback: a change of an unrelated field must not report an old weakness again).
func (ev Event) Settings() pcommon.Value {
	if t := ev.Request.Type(); t == pcommon.ValueTypeMap || t == pcommon.ValueTypeSlice {
		return ev.Request
	}
	return ev.Response
}

// Field is member k of the settings, falling back to the response body when the request body
// lacks it (PATCH /client-grants/{id} sends only the scope; the audience is in the answer).
func (ev Event) Field(k string) pcommon.Value {
	if v := member(ev.Request, k); v.Type() != pcommon.ValueTypeEmpty {
		return v
	}
	return member(ev.Response, k)
}

// number reads an int, a double or a numeric string.
func number(v pcommon.Value) (float64, bool) {
	switch v.Type() {
	case pcommon.ValueTypeInt:
		return float64(v.Int()), true
	case pcommon.ValueTypeDouble:
		return v.Double(), true
	case pcommon.ValueTypeStr:
		// Some events log statusCode and the token counters as strings ("400").
		f, err := strconv.ParseFloat(strings.TrimSpace(v.Str()), 64)
		return f, err == nil
	}
	return 0, false
}

// isBool reports whether v is the boolean want, as a bool or as the string "true"/"false".
func isBool(v pcommon.Value, want bool) bool {
	switch v.Type() {
	case pcommon.ValueTypeBool:
		return v.Bool() == want
	case pcommon.ValueTypeStr:
		if want {
			return v.Str() == "true"
		}
		return v.Str() == "false"
	}
	return false
}

// hasStr reports whether the slice v holds the string s.
func hasStr(v pcommon.Value, s string) bool {
	if v.Type() != pcommon.ValueTypeSlice {
		return false
	}
	sl := v.Slice()
	for i := 0; i < sl.Len(); i++ {
		if e := sl.At(i); e.Type() == pcommon.ValueTypeStr && e.Str() == s {
			return true
		}
	}
	return false
}

// lacksStr reports whether v is a slice without the string s (a missing list lacks nothing: the
// change did not touch it).
func lacksStr(v pcommon.Value, s string) bool {
	return v.Type() == pcommon.ValueTypeSlice && !hasStr(v, s)
}

// containsFold reports whether s contains the ASCII word sub in any case, without allocating:
// sub must start a word (after a non-letter, or as the capital of a camelCase word: "SuperAdmin"),
// so "Badminton" does not contain "admin" while "Tenant Administrators" does.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if startsWord(s, i) && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// startsWord reports whether a word starts at s[i].
func startsWord(s string, i int) bool {
	if i == 0 || !isLetter(s[i-1]) {
		return true
	}
	return isUpper(s[i]) && !isUpper(s[i-1])
}

func isLetter(c byte) bool { return isUpper(c) || 'a' <= c && c <= 'z' }

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// route is a logged path in the form patterns are compared in: without the query string, a
// trailing slash and the "/api" before "/v2/" (the Dashboard's own calls are sometimes logged
// without it).
func route(path string) string {
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if len(path) > 1 {
		path = strings.TrimSuffix(path, "/")
	}
	return trimAPI(path)
}

func trimAPI(p string) string {
	if strings.HasPrefix(p, "/api/v2/") {
		return p[len("/api"):]
	}
	return p
}

// matchPath reports whether the logged path matches pattern (see Condition.Paths).
func matchPath(pattern, path string) bool { return matchRoute(pattern, route(path)) }

// matchRoute matches a route against a pattern: its literal part first, which rejects nearly
// every candidate at the cost of one prefix comparison, then segment by segment.
func matchRoute(pattern, r string) bool {
	pattern = trimAPI(pattern)
	lit := pattern
	if i := strings.IndexByte(pattern, '{'); i >= 0 {
		lit = pattern[:i]
	}
	if !strings.HasPrefix(r, lit) {
		return false
	}
	if len(lit) == len(pattern) {
		return len(r) == len(lit)
	}
	// The literal part ends with '/': compare the rest segment by segment.
	pattern, r = pattern[len(lit)-1:], r[len(lit)-1:]
	for pattern != "" && r != "" {
		pSeg, pRest := cutSegment(pattern[1:])
		seg, rest := cutSegment(r[1:])
		if seg == "" || (!isHole(pSeg) && pSeg != seg) {
			return false
		}
		pattern, r = pRest, rest
	}
	return pattern == "" && r == ""
}

// cutSegment splits s at its first '/': the segment and the rest, which starts with '/'.
func cutSegment(s string) (seg, rest string) {
	if i := strings.IndexByte(s, '/'); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}

func isHole(seg string) bool { return len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' }
