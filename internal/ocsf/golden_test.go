package ocsf

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current builder")

// goldenCases are the events of testdata/events and what each shows; "+signal" adds a security
// signal's attributes to the event.
var goldenCases = []struct{ name, event, shows string }{
	{"s", "s", "Authentication: Logon, success"},
	{"fp", "fp", "Authentication: Logon, failure with its error"},
	{"fu", "fu", "Authentication: Logon, unknown user"},
	{"f", "f", "Authentication: Logon, generic failure"},
	{"w", "w", "Authentication: Logon, warning"},
	{"gd_auth_succeed", "gd_auth_succeed", "Authentication: Logon, MFA"},
	{"seccft", "seccft", "Authentication: Service Ticket Request, a client as the user"},
	{"sertft", "sertft", "Authentication: Service Ticket Renew"},
	{"slo", "slo", "Authentication: Logoff"},
	{"pwd_leak", "pwd_leak", "Authentication: Logon blocked by Auth0 (security_control)"},
	{"limit_mu", "limit_mu", "Authentication: Logon, IP blocked"},
	{"ss", "ss", "Account Change: Create"},
	{"scp", "scp", "Account Change: Password Change"},
	{"sdu", "sdu", "Account Change: Delete"},
	{"gd_enrollment_complete", "gd_enrollment_complete", "Account Change: MFA Factor Enable"},
	{"limit_wc", "limit_wc", "Account Change: Lock, blocked"},
	{"sapi", "sapi", "API Activity: Create, a Dashboard user as the actor"},
	{"fapi", "fapi", "API Activity: Update, failure (PATCH has no http_method in OCSF 1.5)"},
	{"mgmt_api_read", "mgmt_api_read", "API Activity: Read by a machine token"},
	{"sscim", "sscim", "API Activity: Create, SCIM"},
	{"api_limit", "api_limit", "Base Event: Other, blocked (rate limit)"},
	{"depnote", "depnote", "Base Event: Other, with the host profile's actor"},
	{"unknown", "unknown", "Base Event: Other, a code not in the catalog"},
	{"nulls", "nulls", "Base Event: an API Activity without actor nor source"},
	{"fp_signal", "fp", "a security signal: is_alert, Observed/Detected, an enrichment"},
}

// TestGolden builds each event's OCSF event, validates it against the schema and compares it
// with its golden file. Regenerate with: go test ./internal/ocsf/ -run TestGolden -update
func TestGolden(t *testing.T) {
	v := schemaValidator(t)
	classes := map[int64]bool{}
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			r := mapEvents(t, testTenant, readEvent(t, tc.event))[0]
			if tc.name == "fp_signal" {
				a := r.lr.Attributes()
				a.PutStr("security_rule.name", "Repeated wrong password")
				a.PutStr("security_rule.category", "credential-access")
				a.PutStr("security_rule.description", "A wrong password for an existing user")
				a.PutStr("security_rule.reference", "https://auth0.com/docs/deploy-monitor/logs/log-event-type-codes")
				a.PutStr("security_rule.ruleset.name", "auth0receiver")
			}
			got := build(r, testTenant).AsRaw()
			require.NoError(t, v.Validate(got))
			classes[got["class_uid"].(int64)] = true
			b, err := json.MarshalIndent(got, "", "  ")
			require.NoError(t, err)
			b = append(b, '\n')
			path := filepath.Join("testdata", "golden", tc.name+".json")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, b, 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(b), tc.shows)
		})
	}
	for _, c := range catalog.OCSFClasses() {
		assert.True(t, classes[int64(c.UID)], "no golden file of %s", c.Name)
	}
}
