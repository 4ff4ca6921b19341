package signals

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
)

var signalName = regexp.MustCompile(`^auth0\.[a-z0-9]+(_[a-z0-9]+)*$`)

// The table's rows are what the README and the records promise.
func TestTableRows(t *testing.T) {
	seen := map[string]bool{}
	for i := range table {
		s := &table[i]
		assert.Regexp(t, signalName, s.Name)
		assert.False(t, seen[s.Name], "duplicate %s", s.Name)
		seen[s.Name] = true
		assert.Contains(t, Categories, s.Category, s.Name)
		assert.Contains(t, severityNumbers, s.Severity, s.Name)
		assert.NotEmpty(t, s.Description, s.Name)
		assert.NotContains(t, s.Description, "\n", s.Name)
		u, err := url.Parse(s.Reference)
		require.NoError(t, err, s.Name)
		assert.True(t, u.Scheme == "https" && u.Host == "auth0.com" && strings.HasPrefix(u.Path, "/docs/"),
			"%s: the reference must be an Auth0 docs page, got %s", s.Name, s.Reference)

		c := &s.When
		require.NotEmpty(t, c.Codes, s.Name)
		for _, code := range c.Codes {
			_, known := catalog.Lookup(code)
			assert.True(t, known, "%s: %s is not a catalog code", s.Name, code)
		}
		assert.Contains(t, []string{"", "post", "put", "patch", "delete"}, c.Method, s.Name)
		for _, p := range c.Paths {
			assert.True(t, strings.HasPrefix(p, "/"), "%s: path %q", s.Name, p)
		}
		if c.Body != nil {
			assert.NotEmpty(t, c.Body.Doc, s.Name)
			assert.NotNil(t, c.Body.Match, s.Name)
		}
		if s.Category == ProtectionWeakened {
			assert.GreaterOrEqual(t, s.SeverityNumber(), plog.SeverityNumberWarn, "%s: a weakening is at least WARN", s.Name)
		}
		if s.Counted {
			assert.LessOrEqual(t, s.SeverityNumber(), plog.SeverityNumberWarn, "%s: one counted event is no verdict", s.Name)
		}
	}
	for _, cat := range Categories {
		assert.True(t, slices.ContainsFunc(table, func(s Signal) bool { return s.Category == cat }), "category %s is empty", cat)
	}
}

// The list of what the table must cover, by name.
func TestTableCoversTheRequiredSignals(t *testing.T) {
	for _, name := range []string{
		"auth0.brute_force_protection_disabled", "auth0.suspicious_ip_throttling_disabled",
		"auth0.breached_password_detection_disabled", "auth0.bot_detection_disabled", "auth0.mfa_policy_disabled",
		"auth0.mfa_factor_disabled", "auth0.mfa_factor_enabled", "auth0.mfa_risk_assessment_disabled",
		"auth0.client_insecure_grant_enabled", "auth0.client_cross_origin_auth_enabled",
		"auth0.management_api_scopes_granted", "auth0.admin_role_created", "auth0.role_created",
		"auth0.post_login_actions_changed", "auth0.tenant_admin_invited", "auth0.tenant_member_invited",
		"auth0.tenant_member_removed", "auth0.tenant_member_joined", "auth0.integration_installed",
		"auth0.breached_password", "auth0.refresh_token_reused", "auth0.account_blocked", "auth0.ip_blocked",
		"auth0.cross_origin_login_failed", "auth0.mfa_push_sent", "auth0.mfa_phone_enrolled",
		"auth0.dynamic_client_registered", "auth0.signup",
	} {
		_, ok := Lookup(name)
		assert.True(t, ok, name)
	}
	for _, code := range []string{
		"pwd_leak", "signup_pwd_leak", "reset_pwd_leak", "limit_wc", "limit_mu", "limit_sul",
		"ferrt", "fcoa", "scoa", "gd_send_pn", "ss",
	} {
		assert.False(t, newMatcher(t, DefaultConfig()).For(code).Empty(), code)
	}
}

func TestLookupAndAll(t *testing.T) {
	s, ok := Lookup("auth0.mfa_policy_disabled")
	require.True(t, ok)
	assert.Equal(t, ProtectionWeakened, s.Category)
	_, ok = Lookup("mfa_policy_disabled")
	assert.False(t, ok)

	all := All()
	require.Len(t, all, len(table))
	all[0].Name = "changed"
	assert.NotEqual(t, "changed", table[0].Name, "All returns a copy")
	assert.Len(t, Names(), len(table))
}
