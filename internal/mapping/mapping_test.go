package mapping

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"

	"github.com/otelcol-auth0/auth0receiver/internal/pii"
	"github.com/otelcol-auth0/auth0receiver/internal/signals"
)

// records returns the batch's log records.
func records(b Batch) plog.LogRecordSlice {
	return b.Logs.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
}

// mapOne maps a single event given as JSON text and returns its record.
func mapOne(t *testing.T, m *Mapper, event string) plog.LogRecord {
	t.Helper()
	b, err := m.MapPage([]byte("["+event+"]"), Params{Observed: testObserved})
	require.NoError(t, err)
	require.Equal(t, 1, records(b).Len())
	return records(b).At(0)
}

func attr(t *testing.T, lr plog.LogRecord, key string) any {
	t.Helper()
	v, ok := lr.Attributes().Get(key)
	if !ok {
		return nil
	}
	return v.AsRaw()
}

func TestLenientParsing(t *testing.T) {
	m := newTestMapper(t, Options{})
	tests := []struct {
		name    string
		event   string
		want    map[string]any // attribute -> value (nil: must be absent)
		wantErr string         // substring of auth0.mapping.error ("" = none)
	}{
		{
			name:  "nulls give no attributes",
			event: `{"type":"s","date":"2024-01-01T00:00:00.000Z","log_id":null,"_id":"id1","user_id":null,"ip":null,"client_ip":"10.0.0.1","isMobile":null,"is_mobile":true,"scope":null,"location_info":null,"details":null}`,
			want: map[string]any{
				"log.record.uid": "id1", "user.id": nil, "client.address": "10.0.0.1",
				"auth0.is_mobile": true, "auth0.scope": nil,
			},
		},
		{
			name:  "empty strings are absent, false and 0 are kept",
			event: `{"type":"sapi","date":"2024-01-01T00:00:00Z","user_id":"","user_name":"","isMobile":false,"details":{"response":{"statusCode":0}}}`,
			want:  map[string]any{"user.id": nil, "user.name": nil, "auth0.is_mobile": false, "http.response.status_code": int64(0)},
		},
		{
			name:  "scope as array",
			event: `{"type":"s","date":"2024-01-01T00:00:00Z","scope":["openid","",null,"email"]}`,
			want:  map[string]any{"auth0.scope": []any{"openid", "email"}},
		},
		{
			name:  "scope as space separated string",
			event: `{"type":"seccft","date":"2024-01-01T00:00:00Z","scope":" read:logs  read:logs_users\tread:users "}`,
			want:  map[string]any{"auth0.scope": []any{"read:logs", "read:logs_users", "read:users"}},
		},
		{
			name:    "scope of another type",
			event:   `{"type":"s","date":"2024-01-01T00:00:00Z","scope":42}`,
			want:    map[string]any{"auth0.scope": nil},
			wantErr: "scope: want a string or an array, got Int",
		},
		{
			name:  "isMobile wins over is_mobile",
			event: `{"type":"s","date":"2024-01-01T00:00:00Z","isMobile":true,"is_mobile":false}`,
			want:  map[string]any{"auth0.is_mobile": true},
		},
		{
			name:  "is_mobile as text",
			event: `{"type":"s","date":"2024-01-01T00:00:00Z","is_mobile":"False"}`,
			want:  map[string]any{"auth0.is_mobile": false},
		},
		{
			name:    "is_mobile unreadable",
			event:   `{"type":"s","date":"2024-01-01T00:00:00Z","is_mobile":"maybe"}`,
			want:    map[string]any{"auth0.is_mobile": nil},
			wantErr: `is_mobile: not a boolean: "maybe"`,
		},
		{
			name:  "numbers as strings",
			event: `{"type":"sapi","date":"2024-01-01T00:00:00Z","location_info":{"latitude":"-33.87","longitude":" 151.2 "},"details":{"response":{"statusCode":"404"}}}`,
			want:  map[string]any{"geo.location.lat": -33.87, "geo.location.lon": 151.2, "http.response.status_code": int64(404)},
		},
		{
			name:  "integer coordinates and float status",
			event: `{"type":"sapi","date":"2024-01-01T00:00:00Z","location_info":{"latitude":52,"longitude":4},"details":{"response":{"statusCode":201.0}}}`,
			want:  map[string]any{"geo.location.lat": 52.0, "geo.location.lon": 4.0, "http.response.status_code": int64(201)},
		},
		{
			name:    "bad number text",
			event:   `{"type":"sapi","date":"2024-01-01T00:00:00Z","location_info":{"latitude":"north"},"details":{"response":{"statusCode":"OK"}}}`,
			want:    map[string]any{"geo.location.lat": nil, "http.response.status_code": nil},
			wantErr: `location_info.latitude: not a number: "north"; details.response.statusCode: not an integer: "OK"`,
		},
		{
			name:    "wrong types are noted and skipped",
			event:   `{"type":"s","date":"2024-01-01T00:00:00Z","user_id":12345,"ip":["1.2.3.4"],"client_ip":"5.6.7.8","location_info":"Sydney","security_context":{"ja3":true}}`,
			want:    map[string]any{"user.id": nil, "client.address": "5.6.7.8", "geo.locality.name": nil, "tls.client.ja3": nil},
			wantErr: "user_id: want a string, got Int; ip: want a string, got Slice; location_info: want an object, got Str; security_context.ja3: want a string, got Bool",
		},
		{
			name:    "bad date",
			event:   `{"type":"s","date":"yesterday","user_id":"u1"}`,
			want:    map[string]any{"user.id": "u1"},
			wantErr: `bad date "yesterday"`,
		},
		{
			name:    "date of another type",
			event:   `{"type":"s","date":{"$date":"2024-01-01"}}`,
			wantErr: "date is not a string",
		},
		{
			name:    "missing date",
			event:   `{"type":"s"}`,
			wantErr: "date is missing",
		},
		{
			name:    "type not a string",
			event:   `{"type":7,"date":"2024-01-01T00:00:00Z"}`,
			want:    map[string]any{"auth0.event.type": nil, "auth0.event.known": false},
			wantErr: "type is not a string",
		},
		{
			name:  "method upper-cased and path",
			event: `{"type":"sapi","date":"2024-01-01T00:00:00Z","details":{"request":{"method":"delete","path":"/api/v2/users/x"}}}`,
			want:  map[string]any{"http.request.method": "DELETE", "url.path": "/api/v2/users/x"},
		},
		{
			name:  "uncommon method upper-cased",
			event: `{"type":"sapi","date":"2024-01-01T00:00:00Z","details":{"request":{"method":"options"}}}`,
			want:  map[string]any{"http.request.method": "OPTIONS"},
		},
		{
			name:  "api_limit response is a string",
			event: `{"type":"api_limit","date":"2024-01-01T00:00:00Z","details":{"response":"Too Many Requests"}}`,
			want:  map[string]any{"http.response.status_code": nil},
		},
		{
			name:  "failure: error type and message from details.error",
			event: `{"type":"f","date":"2024-01-01T00:00:00Z","description":"desc","details":{"error":{"type":"access_denied","message":"Unauthorized"}}}`,
			want:  map[string]any{"error.type": "access_denied", "error.message": "Unauthorized"},
		},
		{
			name:  "failure: the code and the description",
			event: `{"type":"fp","date":"2024-01-01T00:00:00Z","description":"Wrong email or password."}`,
			want:  map[string]any{"error.type": "fp", "error.message": "Wrong email or password."},
		},
		{
			name:  "failure: details.error as text",
			event: `{"type":"f","date":"2024-01-01T00:00:00Z","details":{"error":"boom"}}`,
			want:  map[string]any{"error.type": "f", "error.message": "boom"},
		},
		{
			name:  "success: no error attributes",
			event: `{"type":"s","date":"2024-01-01T00:00:00Z","description":"fine","details":{"error":{"message":"x"}}}`,
			want:  map[string]any{"error.type": nil, "error.message": nil},
		},
		{
			name:  "unknown fields kept in the body only",
			event: `{"type":"s","date":"2024-01-01T00:00:00Z","brand_new":{"x":[1,2]}}`,
			want:  map[string]any{"brand_new": nil},
		},
		{
			name:    "bad trace id",
			event:   `{"type":"s","date":"2024-01-01T00:00:00Z","references":{"trace_id":"xyz"}}`,
			wantErr: `references.trace_id: not a W3C trace id: "xyz"`,
		},
		{
			name:  "lenient dates",
			event: `{"type":"s","date":"2024-01-01 00:00:00.5"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lr := mapOne(t, m, tt.event)
			for k, want := range tt.want {
				assert.Equal(t, want, attr(t, lr, k), k)
			}
			if tt.wantErr == "" {
				assert.Nil(t, attr(t, lr, attrMappingError))
			} else {
				assert.Contains(t, attr(t, lr, attrMappingError), tt.wantErr)
			}
			// Whatever the problems, the body is the event.
			assert.Equal(t, testutil.Body(t, []byte(tt.event)).AsRaw(), lr.Body().AsRaw())
		})
	}
}

func TestTimestamps(t *testing.T) {
	m := newTestMapper(t, Options{})
	for _, tt := range []struct {
		date string
		want time.Time
	}{
		{`"2021-11-04T00:15:10.706Z"`, time.Date(2021, 11, 4, 0, 15, 10, 706e6, time.UTC)},
		{`"2021-11-04T02:15:10.706+02:00"`, time.Date(2021, 11, 4, 0, 15, 10, 706e6, time.UTC)},
		{`"2021-11-04T00:15:10Z"`, time.Date(2021, 11, 4, 0, 15, 10, 0, time.UTC)},
		{`"2021-11-04T00:15:10.706"`, time.Date(2021, 11, 4, 0, 15, 10, 706e6, time.UTC)},
		{`"2021-11-04 00:15:10.706Z"`, time.Date(2021, 11, 4, 0, 15, 10, 706e6, time.UTC)},
		{`1635984910706`, time.Date(2021, 11, 4, 0, 15, 10, 706e6, time.UTC)},
	} {
		lr := mapOne(t, m, `{"type":"s","date":`+tt.date+`}`)
		assert.Equal(t, tt.want, lr.Timestamp().AsTime(), tt.date)
		assert.Equal(t, testObserved, lr.ObservedTimestamp().AsTime())
		assert.Nil(t, attr(t, lr, attrMappingError), tt.date)
	}
}

func TestNonObjectElements(t *testing.T) {
	m := newTestMapper(t, Options{})
	b, err := m.MapPage([]byte(`[1, "text", null, [1,{"a":2}], {"type":"s","log_id":"x1","date":"2024-01-01T00:00:00Z"}]`), Params{Observed: testObserved})
	require.NoError(t, err)
	require.Equal(t, 5, b.Events)
	lrs := records(b)
	require.Equal(t, 5, lrs.Len())
	wantBodies := []any{int64(1), "text", nil, []any{int64(1), map[string]any{"a": int64(2)}}}
	for i, want := range wantBodies {
		lr := lrs.At(i)
		assert.Equal(t, want, lr.Body().AsRaw())
		assert.Equal(t, "event is not a JSON object", attr(t, lr, attrMappingError))
		assert.Equal(t, false, attr(t, lr, attrEventKnown))
		assert.Empty(t, lr.EventName())
		assert.Equal(t, plog.SeverityNumberInfo, lr.SeverityNumber())
	}
	assert.Equal(t, "auth0.s", lrs.At(4).EventName())
	assert.Equal(t, 4, b.Unknown)
	assert.Equal(t, "x1", b.MaxLogID)
}

func TestSeverity(t *testing.T) {
	m := newTestMapper(t, Options{SeverityOverrides: map[string]string{"fp": "error2", "sapi": "debug", "zz_new": "warn", "fzz_graded": "fatal"}})
	for _, tt := range []struct {
		code string
		num  plog.SeverityNumber
		text string
	}{
		{"s", plog.SeverityNumberInfo, "INFO"},
		{"fu", plog.SeverityNumberWarn, "WARN"},
		{"limit_wc", plog.SeverityNumberError, "ERROR"},
		{"fp", plog.SeverityNumberError2, "ERROR2"},       // override
		{"sapi", plog.SeverityNumberDebug, "DEBUG"},       // override
		{"zz_new", plog.SeverityNumberWarn, "WARN"},       // override of an unknown code
		{"fzz_graded", plog.SeverityNumberFatal, "FATAL"}, // override of an unknown failure
		{"fzz_new", plog.SeverityNumberWarn, "WARN"},      // unknown failure
		{"szz_new", plog.SeverityNumberInfo, "INFO"},      // unknown
		{"custom_thing", plog.SeverityNumberInfo, "INFO"}, // unknown
	} {
		lr := mapOne(t, m, `{"type":"`+tt.code+`","date":"2024-01-01T00:00:00Z"}`)
		assert.Equal(t, tt.num, lr.SeverityNumber(), tt.code)
		assert.Equal(t, tt.text, lr.SeverityText(), tt.code)
		assert.Equal(t, "auth0."+tt.code, lr.EventName())
		_, known := catalog.Lookup(tt.code)
		if known {
			assert.Nil(t, attr(t, lr, attrEventKnown), tt.code)
		} else {
			assert.Equal(t, false, attr(t, lr, attrEventKnown), tt.code)
		}
	}
}

func TestParseSeverity(t *testing.T) {
	for text, want := range map[string]plog.SeverityNumber{
		"TRACE": 1, "trace4": 4, "Debug": 5, "INFO": 9, "info2": 10, "WARN": 13, "warn3": 15,
		"ERROR": 17, "error4": 20, "FATAL": 21, "fatal4": 24,
	} {
		num, canon, err := parseSeverity(text)
		require.NoError(t, err, text)
		assert.Equal(t, want, num, text)
		assert.Equal(t, strings.ToUpper(text), canon)
		assert.NoError(t, CheckSeverity(text), text)
	}
	for _, bad := range []string{"", "warning", "INFO5", "INFO1", "critical", " INFO"} {
		err := CheckSeverity(bad)
		require.ErrorIs(t, err, ErrUnknownSeverity, bad)
		assert.Contains(t, err.Error(), fmt.Sprintf("%q", bad))
	}
	assert.EqualError(t, CheckSeverity("LOUD"),
		`unknown severity "LOUD": want TRACE, DEBUG, INFO, WARN, ERROR or FATAL, optionally followed by 2, 3 or 4`)
}

func TestCheckEventTypes(t *testing.T) {
	require.NoError(t, CheckEventTypes(nil))
	require.NoError(t, CheckEventTypes([]string{"fp", "s", "auth-login-fail", "management-success"}))
	err := CheckEventTypes([]string{"fp", "nope", "auth-login-fail", "also-bad", ""})
	require.ErrorIs(t, err, ErrUnknownEventType)
	assert.EqualError(t, err, `unknown Auth0 event code or category: "nope", "also-bad", ""`)
}

// New trusts its options (the configuration checked them): it takes what it cannot use without
// an error, and applies an override to a code the table does not know.
func TestNewTrustsItsOptions(t *testing.T) {
	m := New(Options{
		Include:           []string{"fp", "zz_new"},
		SeverityOverrides: map[string]string{"fp": "LOUD", "zz_new": "ERROR3"},
	})
	b, err := m.MapPage([]byte(`[{"type":"fp"},{"type":"zz_new"},{"type":"s"}]`), Params{Observed: testObserved})
	require.NoError(t, err)
	require.Equal(t, 2, b.Logs.LogRecordCount(), "an unknown code in event_types matches its own events")
	assert.Equal(t, 1, b.Filtered)
	fp, unknown := records(b).At(0), records(b).At(1)
	assert.Equal(t, "WARN", fp.SeverityText(), "an override that does not parse leaves the default")
	assert.Equal(t, plog.SeverityNumberError3, unknown.SeverityNumber())
	assert.Equal(t, "ERROR3", unknown.SeverityText())
	assert.Equal(t, false, attr(t, unknown, attrEventKnown), "still marked unknown")
}

func filterPage() []byte {
	var events []string
	for i, code := range []string{"s", "fp", "fu", "sapi", "limit_wc", "zz_new"} {
		events = append(events, fmt.Sprintf(`{"type":%q,"log_id":"id%d","date":"2024-01-01T00:00:0%dZ"}`, code, i, i))
	}
	return []byte("[" + strings.Join(events, ",") + "]")
}

func keptCodes(b Batch) []string {
	var out []string
	lrs := records(b)
	for i := 0; i < lrs.Len(); i++ {
		v, _ := lrs.At(i).Attributes().Get(attrEventType)
		out = append(out, v.Str())
	}
	return out
}

func TestEventTypesFilter(t *testing.T) {
	for _, tt := range []struct {
		name             string
		include, exclude []string
		want             []string
	}{
		{"all", nil, nil, []string{"s", "fp", "fu", "sapi", "limit_wc", "zz_new"}},
		{"include codes", []string{"fp", "sapi"}, nil, []string{"fp", "sapi"}},
		{"include category", []string{"auth-login-fail"}, nil, []string{"fp", "fu"}},
		{"include category and code", []string{"auth-login-fail", "s"}, nil, []string{"s", "fp", "fu"}},
		{"exclude code", nil, []string{"sapi"}, []string{"s", "fp", "fu", "limit_wc", "zz_new"}},
		{"exclude category", nil, []string{"auth-login-fail"}, []string{"s", "sapi", "limit_wc", "zz_new"}},
		{"include category minus a code", []string{"auth-login-fail"}, []string{"fu"}, []string{"fp"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestMapper(t, Options{Include: tt.include, Exclude: tt.exclude})
			var kept []string
			b, err := m.MapPage(filterPage(), Params{Observed: testObserved, Keep: func(id string) bool { kept = append(kept, id); return true }})
			require.NoError(t, err)
			assert.Equal(t, tt.want, keptCodes(b))
			assert.Equal(t, 6, b.Events)
			assert.Equal(t, 6-len(tt.want), b.Filtered)
			assert.Len(t, kept, len(tt.want), "keep is called only for events that passed the filter")
			assert.Equal(t, "id5", b.MaxLogID, "the checkpoint moves past filtered events")
			assert.Equal(t, "id0", b.MinLogID, "filtered or not")
			assert.Equal(t, time.Date(2024, 1, 1, 0, 0, 5, 0, time.UTC), b.Newest)
		})
	}
}

// An unknown code has no category: only an entry equal to the code itself matches it.
func TestEventTypesUnknownCodeMatchesOnlyByCode(t *testing.T) {
	f := newEventFilter([]string{"auth-login-fail"}, nil)
	assert.False(t, f.passes("zz_new", ""))
	assert.True(t, f.passes("fp", "auth-login-fail"))
	f = newEventFilter(nil, []string{"other"})
	assert.True(t, f.passes("zz_new", ""))
	assert.False(t, f.passes("other", ""), "exact code")
}

func TestKeepAndCounters(t *testing.T) {
	m := newTestMapper(t, Options{})
	page := []byte(`[{"type":"s","log_id":"a","tenant_name":"acme","date":"2024-01-01T00:00:09Z"},` +
		`{"type":"zz_new","_id":"b","date":"2024-01-01T00:00:01Z"},` +
		`{"type":"fp","log_id":"c","date":"bad"},` +
		`{"type":"fp","date":"2024-01-01T00:00:02Z"},` +
		`{"type":"s","log_id":"d","tenant_name":"other"}]`)
	var seen []string
	b, err := m.MapPage(page, Params{Observed: testObserved, Keep: func(id string) bool {
		seen = append(seen, id)
		return id != "c"
	}})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b", "c", "", "d"}, seen)
	assert.Equal(t, 5, b.Events)
	assert.Equal(t, 1, b.Duplicates)
	assert.Equal(t, 1, b.Unknown)
	assert.Equal(t, 4, b.Logs.LogRecordCount())
	assert.Equal(t, "d", b.MaxLogID)
	assert.Equal(t, time.Date(2024, 1, 1, 0, 0, 9, 0, time.UTC), b.Newest)
	res := b.Logs.ResourceLogs().At(0).Resource().Attributes().AsRaw()
	assert.Equal(t, map[string]any{"auth0.tenant.domain": "acme.us.auth0.com", "auth0.tenant.name": "acme", "service.name": "auth0"}, res)
	scope := b.Logs.ResourceLogs().At(0).ScopeLogs().At(0).Scope()
	assert.Equal(t, "github.com/otelcol-auth0/auth0receiver", scope.Name())
	assert.Equal(t, "v0.0.0-test", scope.Version())
	assert.Equal(t, "b", attr(t, records(b).At(1), "log.record.uid"), "_id when there is no log_id")
}

func TestMapPageEmpty(t *testing.T) {
	m := newTestMapper(t, Options{})
	b, err := m.MapPage([]byte(" [ ]\n"), Params{Observed: testObserved})
	require.NoError(t, err)
	assert.Equal(t, 0, b.Events)
	assert.Equal(t, 0, b.Logs.LogRecordCount())
	assert.Empty(t, b.MaxLogID)
	assert.Empty(t, b.MinLogID)
	assert.True(t, b.Newest.IsZero())
}

func TestMapPageMalformed(t *testing.T) {
	m := newTestMapper(t, Options{})
	good := compact(t, readEvent(t, "s"))
	for name, page := range map[string]string{
		"empty":             "",
		"object":            `{"type":"s"}`,
		"truncated":         string(pageOf(good, good))[:len(pageOf(good, good))-40],
		"missing bracket":   "[" + string(good),
		"trailing comma":    "[" + string(good) + ",]",
		"trailing garbage":  string(pageOf(good)) + "x",
		"two arrays":        "[][]",
		"bad literal":       `[{"type":"s","isMobile":tru}]`,
		"bad number":        `[{"n":01}]`,
		"bad escape":        `[{"s":"\x"}]`,
		"control character": "[{\"s\":\"a\tb\"}]",
		"unquoted key":      `[{type:"s"}]`,
		"html error page":   "<html>502 Bad Gateway</html>",
	} {
		t.Run(name, func(t *testing.T) {
			called := false
			b, err := m.MapPage([]byte(page), Params{Observed: testObserved, Keep: func(string) bool { called = true; return true }})
			var syntax *SyntaxError
			require.ErrorAs(t, err, &syntax)
			assert.LessOrEqual(t, syntax.Offset, len(page))
			assert.False(t, called, "keep must not see events of a page that is not usable")
			assert.Equal(t, 0, b.Logs.LogRecordCount())
		})
	}
}

func TestSyntaxErrorSaysWhere(t *testing.T) {
	m := newTestMapper(t, Options{})
	_, err := m.MapPage([]byte(`[{"type":"s"},{"type":tru}]`), Params{Observed: testObserved})
	var syntax *SyntaxError
	require.ErrorAs(t, err, &syntax)
	assert.Equal(t, 22, syntax.Offset)
	assert.EqualError(t, err, `invalid JSON at byte 22: unexpected character 't'`)
}

func TestMapStreamFormats(t *testing.T) {
	m := newTestMapper(t, Options{})
	s := compact(t, readEvent(t, "s"))
	fp := compact(t, readEvent(t, "fp"))
	env := func(id string, ev []byte) string { return `{"log_id":"` + id + `","data":` + string(ev) + `}` }
	for name, body := range map[string]string{
		"json lines":  env("env1", s) + "\n" + env("env2", fp) + "\n",
		"crlf lines":  env("env1", s) + "\r\n" + env("env2", fp),
		"json array":  "[" + env("env1", s) + ",\n" + env("env2", fp) + "]",
		"json object": env("env1", s) + "\n" + env("env2", fp), // one object per line, or per request
	} {
		t.Run(name, func(t *testing.T) {
			var ids []string
			b, err := m.MapStream([]byte(body), Params{Observed: testObserved, Keep: func(id string) bool { ids = append(ids, id); return true }})
			require.NoError(t, err)
			assert.Equal(t, []string{"env1", "env2"}, ids, "the envelope's log_id wins")
			assert.Equal(t, 2, b.Events)
			assert.Equal(t, "env2", b.MaxLogID)
			require.Equal(t, 2, b.Logs.LogRecordCount())
			assert.Equal(t, []string{"s", "fp"}, keptCodes(b))
			assert.Equal(t, testutil.Body(t, s).AsRaw(), records(b).At(0).Body().AsRaw(), "body is the event, not the envelope")
			assert.Equal(t, "env1", attr(t, records(b).At(0), "log.record.uid"))
		})
	}
	t.Run("single object", func(t *testing.T) {
		b, err := m.MapStream([]byte(env("only", s)), Params{Observed: testObserved})
		require.NoError(t, err)
		assert.Equal(t, 1, b.Logs.LogRecordCount())
		assert.Equal(t, "only", b.MaxLogID)
	})
}

func TestMapStreamEnvelopeWithoutLogID(t *testing.T) {
	m := newTestMapper(t, Options{})
	b, err := m.MapStream([]byte(`{"data":{"type":"s","log_id":"inner","date":"2024-01-01T00:00:00Z"}}`), Params{Observed: testObserved})
	require.NoError(t, err)
	assert.Equal(t, "inner", b.MaxLogID)
	assert.Equal(t, "inner", attr(t, records(b).At(0), "log.record.uid"))
}

func TestMapStreamOddItems(t *testing.T) {
	m := newTestMapper(t, Options{})
	body := `{"log_id":"bare","type":"fp","date":"2024-01-01T00:00:00Z"}` + "\n" + // an event without envelope
		`{"log_id":"e2","data":"not an object"}` + "\n" +
		`42`
	b, err := m.MapStream([]byte(body), Params{Observed: testObserved})
	require.NoError(t, err)
	require.Equal(t, 3, b.Logs.LogRecordCount())
	lrs := records(b)
	assert.Equal(t, "auth0.fp", lrs.At(0).EventName())
	assert.Nil(t, attr(t, lrs.At(0), attrMappingError))
	assert.Equal(t, "not an object", lrs.At(1).Body().AsRaw())
	assert.Equal(t, "stream item data is not an object", attr(t, lrs.At(1), attrMappingError))
	assert.Equal(t, "e2", attr(t, lrs.At(1), "log.record.uid"))
	assert.Equal(t, int64(42), lrs.At(2).Body().AsRaw())
	assert.Equal(t, "stream item is not an object", attr(t, lrs.At(2), attrMappingError))
}

func TestMapStreamMalformed(t *testing.T) {
	m := newTestMapper(t, Options{})
	good := `{"log_id":"1","data":{"type":"s"}}`
	for name, body := range map[string]string{
		"bad second line":    good + "\n" + `{"log_id":"2","data":{"type":"s"}` + "\n",
		"garbage line":       good + "\nnot json\n",
		"unterminated array": "[" + good,
		"array then garbage": "[" + good + "] x",
		"no separator":       good + good,
	} {
		t.Run(name, func(t *testing.T) {
			called := false
			b, err := m.MapStream([]byte(body), Params{Observed: testObserved, Keep: func(string) bool { called = true; return true }})
			var syntax *SyntaxError
			require.ErrorAs(t, err, &syntax)
			assert.False(t, called)
			assert.Equal(t, 0, b.Logs.LogRecordCount())
		})
	}
	b, err := m.MapStream([]byte(" \n"), Params{Observed: testObserved})
	require.NoError(t, err, "an empty body has no events")
	assert.Equal(t, 0, b.Events)
}

// TestBodyLossless checks the body against encoding/json's reading of the same event for the
// realistic events and for awkward JSON.
func TestBodyLossless(t *testing.T) {
	m := newTestMapper(t, Options{})
	inputs := [][]byte{}
	for _, name := range goldenEvents {
		inputs = append(inputs, readEvent(t, name))
	}
	for _, s := range []string{
		`{"esc":"quote \" backslash \\ slash \/ controls \b\f\n\r\t unicode \u00e9 \u4e2d pair \ud83d\ude00"}`,
		`{"lone":"\ud800 and \udc00x and \ud800\u0041"}`,
		"{\"bad utf8\":\"a\xffb\xc3\x28c\",\"ok\":\"ü€😀\"}",
		"{\"key \xff\":1}",
		`{"ints":[0,-0,1,-1,9223372036854775807,-9223372036854775808,9223372036854775808,12345678901234567890]}`,
		`{"floats":[0.5,-0.0,1e3,1E-3,2.5e+10,1.7976931348623157e308,5e-324,1e400,-1e400]}`,
		`{"dup":1,"dup":{"a":2},"x":null,"dup":[3]}`,
		`{"a":1,"\u0061":2,"b":{"c":1,"c":2}}`,
		"{\"\xff\":1,\"\xfe\":2,\"\ufffd\":3}",
		`{"empty":{},"arr":[],"nested":[[[]],[{}],{"a":[{"b":[null,true,false]}]}]}`,
		`{"":"empty key","type":"s"}`,
	} {
		inputs = append(inputs, []byte(s))
	}
	for i, in := range inputs {
		lr := mapOne(t, m, string(in))
		assert.Equal(t, testutil.Body(t, in).AsRaw(), lr.Body().AsRaw(), "input %d: %s", i, in)
	}
}

func TestBodyKeepsMemberOrder(t *testing.T) {
	m := newTestMapper(t, Options{})
	lr := mapOne(t, m, `{"z":1,"a":2,"m":3}`)
	var keys []string
	for k := range lr.Body().Map().All() {
		keys = append(keys, k)
	}
	assert.Equal(t, []string{"z", "a", "m"}, keys)
}

// The caller may reuse its buffer: the records must not alias it.
func TestInputBufferReuse(t *testing.T) {
	m := newTestMapper(t, Options{})
	page := pageOf(compact(t, readEvent(t, "s")))
	b, err := m.MapPage(page, Params{Observed: testObserved})
	require.NoError(t, err)
	want, err := json.Marshal(records(b).At(0).Body().AsRaw())
	require.NoError(t, err)
	for i := range page {
		page[i] = 'X'
	}
	got, err := json.Marshal(records(b).At(0).Body().AsRaw())
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(got))
}

func TestConcurrentUse(t *testing.T) {
	m := newTestMapper(t, Options{})
	page := benchPage(t, 50)
	want, err := m.MapPage(page, Params{Observed: testObserved})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i := range 20 {
				got, err := m.MapPage(page, Params{Observed: testObserved})
				if !assert.NoError(t, err) || !assert.Equal(t, want.Logs.LogRecordCount(), got.Logs.LogRecordCount()) {
					return
				}
				body := records(got).At(i % 50).Body().AsRaw()
				assert.Equal(t, records(want).At(i%50).Body().AsRaw(), body)
			}
		})
	}
	wg.Wait()
}

func TestTraceID(t *testing.T) {
	m := newTestMapper(t, Options{})
	lr := mapOne(t, m, `{"type":"s","date":"2024-01-01T00:00:00Z","references":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7"}}`)
	assert.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", lr.TraceID().String())
	assert.Equal(t, "00f067aa0ba902b7", lr.SpanID().String())
	for _, bad := range []string{"00000000000000000000000000000000", "4bf92f3577b34da6a3ce929d0e0e473", "4bf92f3577b34da6a3ce929d0e0e473g"} {
		lr = mapOne(t, m, `{"type":"s","date":"2024-01-01T00:00:00Z","references":{"trace_id":"`+bad+`"}}`)
		assert.True(t, lr.TraceID().IsEmpty(), bad)
		assert.Contains(t, attr(t, lr, attrMappingError), "not a W3C trace id")
	}
	lr = mapOne(t, m, `{"type":"s","date":"2024-01-01T00:00:00Z","references":{"correlation_id":"c1"}}`)
	assert.Equal(t, pcommon.NewTraceIDEmpty(), lr.TraceID())
}

// Every catalog code maps with its own name, category, outcome and severity.
func TestEveryCatalogCode(t *testing.T) {
	m := newTestMapper(t, Options{})
	for _, e := range catalog.All() {
		lr := mapOne(t, m, `{"type":"`+e.Code+`","date":"2024-01-01T00:00:00Z","description":"d"}`)
		assert.Equal(t, "auth0."+e.Code, lr.EventName())
		assert.Equal(t, string(e.Severity), lr.SeverityText(), e.Code)
		assert.Equal(t, e.Name, attr(t, lr, attrEventName), e.Code)
		assert.Equal(t, e.Category, attr(t, lr, attrEventCategory), e.Code)
		assert.Equal(t, string(e.Outcome), attr(t, lr, attrEventOutcome), e.Code)
		assert.Nil(t, attr(t, lr, attrEventKnown), e.Code)
		if e.Outcome == catalog.Failure {
			assert.Equal(t, e.Code, attr(t, lr, "error.type"), e.Code)
			assert.Equal(t, "d", attr(t, lr, "error.message"), e.Code)
		} else {
			assert.Nil(t, attr(t, lr, "error.type"), e.Code)
		}
	}
}

// NotBefore drops the events dated before it in the first pass, like event_types, before keep
// sees them; events without a usable date are kept.
func TestNotBefore(t *testing.T) {
	m := newTestMapper(t, Options{Exclude: []string{"fu"}})
	page := `[{"type":"s","log_id":"1","date":"2024-01-01T09:59:59.999Z"},` +
		`{"type":"s","log_id":"2","date":"2024-01-01T10:00:00Z"},` +
		`{"type":"s","log_id":"3","date":"2024-01-01T11:59:00+02:00"},` +
		`{"type":"s","log_id":"4","date":"2024-01-01T10:00:01Z"},` +
		`{"type":"s","log_id":"5"},` +
		`{"type":"s","log_id":"6","date":"yesterday"},` +
		`{"type":"fu","log_id":"7","date":"2024-01-01T11:00:00Z"}]`
	var kept []string
	b, err := m.MapPage([]byte(page), Params{
		Observed:  testObserved,
		Keep:      func(id string) bool { kept = append(kept, id); return true },
		NotBefore: time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC),
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"2", "4", "5", "6"}, kept, "at or after NotBefore, or no usable date")
	assert.Equal(t, []string{"2", "4", "5", "6"}, testutil.UIDs(b.Logs))
	assert.Equal(t, 7, b.Events)
	assert.Equal(t, 3, b.Filtered, "two too early, one by event_types")
	assert.Equal(t, "7", b.MaxLogID, "the checkpoint moves past them all")
	assert.Equal(t, "1", b.MinLogID)

	b, err = m.MapPage([]byte(page), Params{Observed: testObserved})
	require.NoError(t, err)
	assert.Equal(t, 1, b.Filtered, "no NotBefore: only event_types")
}

// Every security signal's example event, mapped as the receiver maps it, carries the signal (or,
// for a negative twin, not that signal), with the severity raised to the signal's at least; and
// switched off, none does.
func TestSignalsOnTheRecords(t *testing.T) {
	m := newTestMapper(t, Options{})
	off, err := signals.New(signals.Config{})
	require.NoError(t, err)
	plain := newTestMapper(t, Options{Signals: off})
	for name, ev := range signalEvents(t) {
		b, err := m.MapPage(pageOf(ev), Params{Observed: testObserved})
		require.NoError(t, err, name)
		lr := records(b).At(0)
		got, has := lr.Attributes().Get("security_rule.name")
		base, variant, _ := strings.Cut(name, ".")
		switch {
		case base == "none" || strings.HasPrefix(variant, "not-"):
			assert.True(t, !has || got.Str() != "auth0."+base, "%s: matched %s", name, got.Str())
		default:
			require.True(t, has, "%s carries no signal", name)
			s, _ := signals.Lookup(got.Str())
			require.NotNil(t, s, name)
			assert.GreaterOrEqual(t, lr.SeverityNumber(), s.SeverityNumber(), name)
			ruleset, _ := lr.Attributes().Get("security_rule.ruleset.name")
			assert.Equal(t, signals.RulesetName, ruleset.Str(), name)
		}

		pb, err := plain.MapPage(pageOf(ev), Params{Observed: testObserved})
		require.NoError(t, err)
		_, has = records(pb).At(0).Attributes().Get("security_rule.name")
		assert.False(t, has, "%s: security_signals.enabled=false marks nothing", name)
	}
}

// A BodyWriter gets the event as built, the record's attributes and security signal already on
// the record, and the event's own text; the body becomes what it writes.
func TestBodyWriterReplacesTheBody(t *testing.T) {
	var got []Event
	m := newTestMapper(t, Options{BodyWriter: func(dst pcommon.Map, ev *Event) {
		got = append(got, *ev)
		dst.PutStr("written", ev.Entry.Code)
	}})
	sapi := compact(t, readEvent(t, "sapi"))
	b, err := m.MapPage(pageOf(sapi), Params{Observed: testObserved})
	require.NoError(t, err)
	require.Len(t, got, 1)
	ev := got[0]
	assert.Equal(t, string(sapi), ev.Raw, "the event's own JSON text")
	assert.Equal(t, "sapi", ev.Entry.Code)
	assert.Equal(t, "acme.us.auth0.com", ev.Tenant)
	assert.Equal(t, testObserved.UnixNano(), int64(ev.Observed))
	method, _ := ev.Body.Get("details")
	assert.Equal(t, pcommon.ValueTypeMap, method.Type(), "the Auth0 event as built")
	rule, _ := ev.Attributes.Get("security_rule.name")
	assert.NotEmpty(t, rule.Str(), "the signal was applied before")
	assert.Equal(t, plog.SeverityNumberWarn, ev.Severity, "raised by the signal")

	lr := records(b).At(0)
	assert.Equal(t, map[string]any{"written": "sapi"}, lr.Body().AsRaw())
	uid, _ := lr.Attributes().Get("log.record.uid")
	assert.NotEmpty(t, uid.Str(), "the attributes stay")

	got = nil
	_, err = m.MapPage(pageOf([]byte(`{"type":"not_a_real_code","log_id":"1"}`)), Params{Observed: testObserved})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "not_a_real_code", got[0].Entry.Code, "an entry for unknown codes too")
	assert.Equal(t, catalog.Info, got[0].Entry.Outcome)
}

// With PII configured, no configured field's clear value survives anywhere in the record: the body
// is redacted before the attributes are read from it, and the event's text is not passed on.
func TestPIIIsRedactedBeforeTheAttributes(t *testing.T) {
	r, err := pii.New(pii.Config{
		Fields: []pii.Field{pii.Email, pii.Username, pii.FirstName, pii.LastName}, Method: pii.Hash,
		HashKey: "a-key-of-sixteen-bytes-or-more",
	})
	require.NoError(t, err)
	var raws []string
	m := newTestMapper(t, Options{PII: r, BodyWriter: func(dst pcommon.Map, ev *Event) {
		raws = append(raws, ev.Raw)
		ev.Body.CopyTo(dst)
	}})
	for _, name := range []string{"fp", "sapi", "s"} {
		ev := compact(t, readEvent(t, name))
		plain := []string{}
		for _, v := range []string{"test@test.com", "user.mcuserface@company.com", "User McUserface"} {
			if strings.Contains(string(ev), v) {
				plain = append(plain, v)
			}
		}
		b, err := m.MapPage(pageOf(ev), Params{Observed: testObserved})
		require.NoError(t, err)
		lr := records(b).At(0)
		all := fmt.Sprint(lr.Body().AsRaw(), lr.Attributes().AsRaw())
		for _, v := range plain {
			assert.NotContains(t, all, v, "%s: %q in the record", name, v)
		}
	}
	for _, raw := range raws {
		assert.Empty(t, raw, "the event's text holds the clear values")
	}
}
