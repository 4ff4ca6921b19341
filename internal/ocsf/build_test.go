package ocsf

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
)

// event returns a fixture as a map to edit, and back as JSON.
func event(t *testing.T, name string, edit func(map[string]any)) []byte {
	t.Helper()
	var e map[string]any
	require.NoError(t, json.Unmarshal(readEvent(t, name), &e))
	edit(e)
	b, err := json.Marshal(e)
	require.NoError(t, err)
	return b
}

// buildValid maps and builds one event, and validates the result.
func buildValid(t *testing.T, raw []byte) pcommon.Map {
	t.Helper()
	out := build(mapEvents(t, testTenant, raw)[0], testTenant)
	require.NoError(t, schemaValidator(t).Validate(out.AsRaw()))
	return out
}

func TestSeverity(t *testing.T) {
	for _, tc := range []struct {
		n    plog.SeverityNumber
		id   int64
		name string
	}{
		{plog.SeverityNumberUnspecified, 0, "Unknown"},
		{plog.SeverityNumberTrace, 1, "Informational"},
		{plog.SeverityNumberDebug4, 1, "Informational"},
		{plog.SeverityNumberInfo, 1, "Informational"},
		{plog.SeverityNumberWarn, 2, "Low"},
		{plog.SeverityNumberWarn2, 3, "Medium"},
		{plog.SeverityNumberWarn4, 3, "Medium"},
		{plog.SeverityNumberError, 4, "High"},
		{plog.SeverityNumberError4, 4, "High"},
		{plog.SeverityNumberFatal, 5, "Critical"},
		{plog.SeverityNumberFatal4, 5, "Critical"},
	} {
		r := mapEvents(t, testTenant, readEvent(t, "fp"))[0]
		r.lr.SetSeverityNumber(tc.n)
		out := build(r, testTenant)
		assert.Equal(t, tc.id, at(out, "severity_id").Int(), tc.n.String())
		assert.Equal(t, tc.name, at(out, "severity").Str(), tc.n.String())
		require.NoError(t, schemaValidator(t).Validate(out.AsRaw()))
	}
}

// TestAPIActivityByMethod: the activity follows the HTTP method; PATCH, which OCSF 1.5's
// http_method does not list, is an Update without http_method.
func TestAPIActivityByMethod(t *testing.T) {
	for method, want := range map[string]struct {
		activity   int64
		httpMethod string
	}{
		"post": {1, "POST"}, "get": {2, "GET"}, "put": {3, "PUT"}, "patch": {3, ""},
		"delete": {4, "DELETE"}, "link": {0, ""},
	} {
		t.Run(method, func(t *testing.T) {
			out := buildValid(t, event(t, "sapi", func(e map[string]any) {
				e["details"].(map[string]any)["request"].(map[string]any)["method"] = method
			}))
			assert.Equal(t, int64(6003), at(out, "class_uid").Int())
			assert.Equal(t, want.activity, at(out, "activity_id").Int())
			assert.Equal(t, want.httpMethod, at(out, "http_request.http_method").Str())
			assert.Equal(t, "/api/v2/client-grants", at(out, "http_request.url.path").Str())
		})
	}
}

// TestRequiredIdentityMissing: a class whose required identity the event lacks becomes a Base
// Event "Other" named after the Auth0 event, with the host profile's actor when one is known.
func TestRequiredIdentityMissing(t *testing.T) {
	noUser := buildValid(t, event(t, "ss", func(e map[string]any) { delete(e, "user_id"); delete(e, "user_name") }))
	assert.Equal(t, int64(0), at(noUser, "class_uid").Int())
	assert.Equal(t, int64(99), at(noUser, "activity_id").Int())
	assert.Equal(t, "Success Signup", at(noUser, "activity_name").Str())
	assert.Equal(t, "acme.us.auth0.com", at(noUser, "metadata.tenant_uid").Str())
	assert.Equal(t, "Acme Partner Portal", at(noUser, "actor.app_name").Str())
	assert.Equal(t, []any{"cloud", "host"}, at(noUser, "metadata.profiles").Slice().AsRaw())

	noIP := buildValid(t, event(t, "sapi", func(e map[string]any) { delete(e, "ip") }))
	assert.Equal(t, int64(0), at(noIP, "class_uid").Int(), "API Activity requires src_endpoint")

	badIP := buildValid(t, event(t, "s", func(e map[string]any) { e["ip"] = "10.0.0.300" }))
	assert.Equal(t, int64(3002), at(badIP, "class_uid").Int())
	assert.Equal(t, pcommon.ValueTypeEmpty, at(badIP, "src_endpoint").Type(), "an address that does not parse is left out")
}

// TestClientAuthenticates: a client-credentials exchange has no user; the client is the
// authenticating principal.
func TestClientAuthenticates(t *testing.T) {
	out := buildValid(t, readEvent(t, "seccft"))
	assert.Equal(t, int64(300204), at(out, "type_uid").Int())
	assert.Equal(t, "Application", at(out, "user.type").Str())
	assert.Equal(t, "otelcol-auth0", at(out, "user.name").Str())
	assert.Equal(t, int64(6), at(out, "auth_protocol_id").Int())
}

// TestBlockedAndSignal: Auth0's own blocks are Denied/Blocked; a security signal adds is_alert
// and its rule as an enrichment, on the event's own class.
func TestBlockedAndSignal(t *testing.T) {
	r := mapEvents(t, testTenant, readEvent(t, "limit_wc"))[0]
	blocked := build(r, testTenant)
	assert.Equal(t, "Blocked", at(blocked, "disposition").Str())
	assert.Equal(t, pcommon.ValueTypeEmpty, at(blocked, "is_alert").Type(), "only a signal makes an alert")

	r.lr.Attributes().PutStr("security_rule.name", "Account blocked")
	r.lr.Attributes().PutStr("security_rule.uuid", "7f0c")
	r.lr.Attributes().PutStr("security_rule.version", "2")
	signal := build(r, testTenant)
	require.NoError(t, schemaValidator(t).Validate(signal.AsRaw()))
	assert.Equal(t, int64(3001), at(signal, "class_uid").Int(), "the class stays")
	assert.True(t, at(signal, "is_alert").Bool())
	assert.Equal(t, "Blocked", at(signal, "disposition").Str(), "what Auth0 did stays")
	enr := at(signal, "enrichments").Slice().At(0).Map()
	assert.Equal(t, map[string]any{
		"name": "metadata.event_code", "value": "limit_wc", "type": "security_rule", "provider": "auth0receiver",
		"short_desc": "Account blocked", "created_time": testObserved.UnixMilli(),
		"data": map[string]any{"name": "Account blocked", "uuid": "7f0c", "version": "2"},
	}, enr.AsRaw())
}

func TestRawData(t *testing.T) {
	raw := readEvent(t, "fp")
	out := build(mapEvents(t, testTenant, raw)[0], testTenant)
	assert.Equal(t, string(raw), at(out, "raw_data").Str())
}

// TestIsEmailIsTheSchemasRegex: isEmail decides as OCSF's email_t regex does.
func TestIsEmailIsTheSchemasRegex(t *testing.T) {
	var dict struct {
		Types struct {
			Attributes map[string]struct{ Regex string }
		}
	}
	b, err := os.ReadFile(filepath.Join("testdata", "ocsf-schema", "dictionary.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &dict))
	re := regexp.MustCompile(dict.Types.Attributes["email_t"].Regex)
	for _, s := range []string{
		"a@b.c", "dev@test.com", "first.last+tag@sub.example.co.uk", "a@b", "@b.c", "a@.c", "a@b.", "a@b..c",
		"a b@c.d", "a@b_c.d", "+15558400203", "", "a@@b.c", "user@localhost", "x/y=z?@a-b.c-d", "a@b.c@d.e",
		"ü@b.c", "a@b.c\n", "\"q\"@b.c", "a,b@c.d", "a*b@c.d", "a:b@c.d", "a@b-.c", "a@b.-",
	} {
		assert.Equal(t, re.MatchString(s), isEmail(s), "%q", s)
	}
}

// TestNeverPanics: wrong attribute types, empty maps and a missing entry still give valid OCSF.
func TestNeverPanics(t *testing.T) {
	v := schemaValidator(t)
	dst := pcommon.NewMap()
	Build(dst, &Input{Body: pcommon.NewMap(), Attributes: pcommon.NewMap()})
	require.NoError(t, v.Validate(dst.AsRaw()))
	assert.Equal(t, int64(0), at(dst, "class_uid").Int())

	attrs := pcommon.NewMap()
	attrs.PutInt("user.id", 7)
	attrs.PutStr("geo.location.lat", "north")
	attrs.PutDouble("geo.location.lon", 1)
	attrs.PutStr("geo.country.iso_code", "DE")
	attrs.PutStr("auth0.is_mobile", "yes")
	attrs.PutStr("http.response.status_code", "200")
	attrs.PutStr("client.address", "192.0.2.1")
	attrs.PutStr("auth0.client.id", "c1")
	body := pcommon.NewMap()
	body.PutStr("details", "not an object")
	body.PutInt("$event_schema", 3)
	body.PutEmptySlice("location_info")
	for _, e := range catalog.All() {
		dst := pcommon.NewMap()
		Build(dst, &Input{Body: body, Attributes: attrs, Entry: &e, Severity: plog.SeverityNumberError, Tenant: testTenant})
		require.NoError(t, v.Validate(dst.AsRaw()), e.Code)
	}
}

// FuzzBuild: whatever the mapping makes of an event, the builder writes valid OCSF.
func FuzzBuild(f *testing.F) {
	for _, tc := range goldenCases {
		f.Add(readEvent(f, tc.event))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) || len(raw) == 0 || raw[0] != '{' {
			t.Skip()
		}
		for _, r := range mapEvents(t, testTenant, raw) {
			if err := schemaValidator(t).Validate(build(r, testTenant).AsRaw()); err != nil {
				t.Fatalf("%s\n%v", raw, err)
			}
		}
	})
}
