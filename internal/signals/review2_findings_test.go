package signals

// Findings of the second adversarial review: each test states the promise, how the code of the
// time broke it, and how to reproduce it; each failed there and passes since the fix.

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Promise (README, Security signals: auth0.admin_role_created (WARN) "when the role's name or
// description says admin (any case)"). The fix for "Badminton" (containsFold, event.go) now
// requires "admin" to start a word, a word starting after a non-letter or at a lower-to-upper
// camelCase step, so the commonest names of the most privileged roles, written as one word,
// say admin no longer: "superadmin", "sysadmin", "Superadmin", "SUPERADMIN" are reported as a
// plain auth0.role_created (INFO), in any case but camelCase. Whoever creates a role to grant
// themselves everything only has to spell it as one word to lower the signal.
// Reproduce: the signal's plain-role example with each name.
func TestARoleNamedSuperadminIsAnAdminRole(t *testing.T) {
	m := newMatcher(t, DefaultConfig())
	for _, name := range []string{"superadmin", "Superadmin", "SUPERADMIN", "sysadmin", "Tenant-SUPERADMIN"} {
		body := readBody(t, "role_created")
		details, _ := body.Get("details")
		for _, part := range []string{"request", "response"} {
			p, _ := details.Map().Get(part)
			b, _ := p.Map().Get("body")
			b.Map().PutStr("name", name)
			b.Map().PutStr("description", "Full access")
		}
		assert.Equal(t, []string{"auth0.admin_role_created"}, m.Match("sapi", body).Names(), "role %q", name)
	}
}

// What mentionsAdmin reads as admin: the word, whatever precedes it, but not inside another word.
func TestMentionsAdmin(t *testing.T) {
	for s, want := range map[string]bool{
		"Admin": true, "admins": true, "Tenant Administrators": true, "administration": true,
		"superadmin": true, "SUPERADMIN": true, "SuperAdminRole": true, "org-admin": true, "Tenant_ADMIN": true,
		"Badminton Club": false, "badminton": false, "ADMINTON": false, "Cadmium": false, "": false, "adm": false,
		"Members of the badminton club": false,
	} {
		assert.Equal(t, want, mentionsAdmin(s), "%q", s)
	}
}
