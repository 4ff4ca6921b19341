package signals

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
)

// The most severe matched signal is the record's, whatever its place; among equals the first in
// table order; every name is listed.
func TestSeveralMatchesTheMostSevereWins(t *testing.T) {
	always := &Predicate{Doc: "always", Match: func(Event) bool { return true }}
	rows := []Signal{
		{Name: "auth0.warn_first", Category: ConfigChange, Severity: catalog.SeverityWarn, When: Condition{Codes: []string{"x"}, Body: always}},
		{Name: "auth0.error_second", Category: ConfigChange, Severity: catalog.SeverityError, When: Condition{Codes: []string{"x"}, Body: always}},
		{Name: "auth0.error_third", Category: ConfigChange, Severity: catalog.SeverityError, Counted: true, When: Condition{Codes: []string{"x"}}},
	}
	m, err := index(rows, nil)
	require.NoError(t, err)
	match := m.Match("x", pcommon.NewMap())
	require.Equal(t, 3, match.Len())
	assert.Equal(t, "auth0.error_second", match.Signal().Name)
	assert.Equal(t, []string{"auth0.error_second", "auth0.warn_first", "auth0.error_third"}, match.Names())

	attrs := pcommon.NewMap()
	match.Put(attrs)
	names, _ := attrs.Get(AttrNames)
	assert.Equal(t, []any{"auth0.error_second", "auth0.warn_first", "auth0.error_third"}, names.Slice().AsRaw())
	_, counted := attrs.Get(AttrCounted)
	assert.False(t, counted, "counted follows the record's signal, which is not counted")
}

func TestExcludedSignalsNeverMatch(t *testing.T) {
	m := newMatcher(t, Config{Enabled: true, Exclude: []string{"auth0.client_insecure_grant_enabled"}})
	body := readBody(t, "client_insecure_grant_enabled.with-cross-origin")
	match := m.Match("sapi", body)
	assert.Equal(t, []string{"auth0.client_cross_origin_auth_enabled"}, match.Names())
	attrs := pcommon.NewMap()
	match.Put(attrs)
	_, listed := attrs.Get(AttrNames)
	assert.False(t, listed, "one match: no list of names")
}

func TestDisabledMatchesNothing(t *testing.T) {
	m := newMatcher(t, Config{Enabled: false})
	for _, name := range eventNames(t) {
		body := readBody(t, name)
		lr := record(t, body)
		before := plog.NewLogRecord()
		lr.CopyTo(before)
		assert.False(t, m.For(codeOf(body)).Apply(lr), name)
		assert.Equal(t, before, lr, name)
	}
	var nilMatcher *Matcher
	assert.True(t, nilMatcher.For("sapi").Empty())
}

func TestUnknownExcludeNamesTheKeyAndTheNames(t *testing.T) {
	_, err := New(Config{Enabled: true, Exclude: []string{"auth0.role_created", "auth0.nope", "mfa_policy_disabled"}})
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrUnknownSignal)
	assert.Contains(t, err.Error(), "security_signals.exclude: ")
	assert.Contains(t, err.Error(), `"auth0.nope", "mfa_policy_disabled"`)
	assert.NotContains(t, err.Error(), "auth0.role_created")
}

// Apply adds the security_rule attributes and raises the severity, and changes nothing else.
func TestApplyChangesOnlyAttributesAndSeverity(t *testing.T) {
	m := newMatcher(t, DefaultConfig())
	lr := record(t, readBody(t, "mfa_policy_disabled"))
	lr.Attributes().PutStr("url.path", "/api/v2/guardian/policies")
	lr.SetEventName("auth0.sapi")
	before := plog.NewLogRecord()
	lr.CopyTo(before)

	require.True(t, m.For("sapi").Apply(lr))
	assert.Equal(t, before.Body().AsRaw(), lr.Body().AsRaw())
	assert.Equal(t, before.EventName(), lr.EventName())
	assert.Equal(t, plog.SeverityNumberError, lr.SeverityNumber())
	assert.Equal(t, "ERROR", lr.SeverityText())
	got := lr.Attributes().AsRaw()
	assert.Equal(t, "/api/v2/guardian/policies", got["url.path"])
	assert.Equal(t, "auth0.mfa_policy_disabled", got["security_rule.name"])
	assert.Equal(t, RulesetName, got["security_rule.ruleset.name"])
	assert.Len(t, got, 6)
}

// A severity already higher (the code's, or an override) is kept.
func TestSeverityIsNeverLowered(t *testing.T) {
	m := newMatcher(t, DefaultConfig())
	match := m.Match("sapi", readBody(t, "mfa_factor_disabled")) // WARN
	for _, tc := range []struct {
		current plog.SeverityNumber
		want    plog.SeverityNumber
		raised  bool
	}{
		{plog.SeverityNumberInfo, plog.SeverityNumberWarn, true},
		{plog.SeverityNumberWarn, plog.SeverityNumberWarn, false},
		{plog.SeverityNumberFatal, plog.SeverityNumberFatal, false},
	} {
		num, text, raised := match.Raise(tc.current)
		assert.Equal(t, tc.want, num)
		assert.Equal(t, tc.raised, raised)
		if raised {
			assert.Equal(t, "WARN", text)
		}
	}
	_, _, raised := Match{}.Raise(plog.SeverityNumberInfo)
	assert.False(t, raised)
}

// Bodies built by plain json.Unmarshal carry every number as a double; strings "true"/"false"
// count as booleans.
func TestNumbersAndBooleansInEitherForm(t *testing.T) {
	m := newMatcher(t, DefaultConfig())
	read := func(name string) map[string]any {
		b, err := os.ReadFile(filepath.Join("testdata", "events", name+".json"))
		require.NoError(t, err)
		var raw map[string]any
		require.NoError(t, json.Unmarshal(b, &raw))
		return raw
	}
	doubles := pcommon.NewMap()
	require.NoError(t, doubles.FromRaw(read("refresh_token_reused.counters-only")))
	assert.True(t, m.Match("ferrt", doubles).Found(), "counters as doubles")

	failed := pcommon.NewMap()
	require.NoError(t, failed.FromRaw(read("brute_force_protection_disabled.not-failed")))
	assert.False(t, m.Match("sapi", failed).Found(), "statusCode 400 as a double")

	raw := read("brute_force_protection_disabled")
	raw["details"].(map[string]any)["request"].(map[string]any)["body"] = map[string]any{"enabled": "false"}
	asString := pcommon.NewMap()
	require.NoError(t, asString.FromRaw(raw))
	assert.True(t, m.Match("sapi", asString).Found(), `"enabled": "false"`)
}

// Without a request body the settings come from the response body.
func TestSettingsFallBackToTheResponse(t *testing.T) {
	m := newMatcher(t, DefaultConfig())
	body := readBody(t, "mfa_policy_disabled")
	details, _ := body.Get("details")
	req, _ := details.Map().Get("request")
	req.Map().Remove("body")
	assert.True(t, m.Match("sapi", body).Found())
}

// Odd shapes (a string where an object belongs, arrays, nulls) match nothing and never panic.
func TestOddShapesMatchNothing(t *testing.T) {
	m := newMatcher(t, DefaultConfig())
	for _, event := range []string{
		`{}`, `{"type":"sapi"}`, `{"type":"sapi","details":"x"}`, `{"type":"sapi","details":{"request":[1]}}`,
		`{"type":"sapi","details":{"request":{"method":5,"path":null,"body":"enabled"},"response":{"statusCode":"200"}}}`,
		`{"type":"sapi","details":{"request":{"path":"/api/v2/guardian/policies","body":{"x":1}},"response":{"body":7}}}`,
		`{"type":"sapi","description":7,"details":{"request":{"path":"/api/v2/clients","body":{"grant_types":"implicit"}}}}`,
		`{"type":"gd_enrollment_complete","details":{"authenticator":"sms"}}`,
		`{"type":"ferrt","details":{"tokenCounter":"one","latestCounter":2}}`,
	} {
		body := bodyOf(t, []byte(event))
		assert.False(t, m.Match(codeOf(body), body).Found(), event)
	}
}

func TestMatchPath(t *testing.T) {
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"/api/v2/roles", "/api/v2/roles", true},
		{"/api/v2/roles", "/api/v2/roles/", true},
		{"/api/v2/roles", "/api/v2/roles?fields=id", true},
		{"/api/v2/roles", "/v2/roles", true},
		{"/api/v2/roles", "/api/v2/roles/rol_1", false},
		{"/api/v2/roles", "/api/v2/role", false},
		{"/api/v2/roles", "/api/v2/rolesx", false},
		{"/api/v2/roles", "", false},
		{"/api/v2/clients/{id}", "/api/v2/clients/abc", true},
		{"/api/v2/clients/{id}", "/api/v2/clients/abc/", true},
		{"/api/v2/clients/{id}", "/api/v2/clients/", false},
		{"/api/v2/clients/{id}", "/api/v2/clients//x", false},
		{"/api/v2/clients/{id}", "/api/v2/clients/abc/credentials", false},
		{"/api/v2/guardian/factors/{factor}", "/api/v2/guardian/factors/sms/providers/twilio", false},
		{"/oidc/register", "/v2/oidc/register", false},
		{"/api/v2/roles", "api/v2/roles", false},
	} {
		assert.Equal(t, tc.want, matchPath(tc.pattern, tc.path), "%s ~ %q", tc.pattern, tc.path)
	}
}

func TestIsManagementAPI(t *testing.T) {
	for aud, want := range map[string]bool{
		"https://acme.us.auth0.com/api/v2/": true,
		"https://acme.auth0.com/api/v2":     true,
		"https://ACME.EU.AUTH0.COM/api/v2/": true,
		"https://api.acme.example/api/v2/":  false,
		"https://acme.us.auth0.com/":        false,
		"http://acme.us.auth0.com/api/v2/":  false,
		"https://auth0.com/api/v2/":         false,
		"https://evil.example/.auth0.com/":  false,
	} {
		assert.Equal(t, want, isManagementAPI(aud), aud)
	}
}

// Matching allocates nothing, whether an event has no candidate, has candidates that do not
// match, or matches; Put allocates nothing once the map has room.
func TestMatchAllocatesNothing(t *testing.T) {
	m := newMatcher(t, DefaultConfig())
	for _, name := range []string{
		"none.login", "none.user-update", "brute_force_protection_disabled",
		"management_api_scopes_granted.scope-update", "refresh_token_reused", "breached_password",
	} {
		body := readBody(t, name)
		code := codeOf(body)
		allocs := testing.AllocsPerRun(100, func() { _ = m.Match(code, body) })
		assert.Zero(t, allocs, name)
	}
	match := m.Match("sapi", readBody(t, "brute_force_protection_disabled"))
	attrs := pcommon.NewMap()
	attrs.EnsureCapacity(8)
	assert.Zero(t, testing.AllocsPerRun(100, func() { match.Put(attrs) }))
}
