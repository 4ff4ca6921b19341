package signals

// Findings of two adversarial reviews: each test states the promise a review broke, and its
// comment says how it broke on the code of the time; each failed there and passes since the fix.

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Promise (README, Security signals: "An operation answered with an error
// (details.response.statusCode 400 or more) changed nothing and matches nothing"; the attribute
// table reads statusCode as "an integer or a numeric string"). number() (event.go) is documented
// to read "an int, a double or a numeric string" but reads no string, so a failed operation whose
// statusCode is logged as "400" has Status 0 and still matches: a refused attempt to switch
// brute-force protection off is reported as ERROR auth0.brute_force_protection_disabled, while the
// same record's http.response.status_code attribute says 400. The counters of
// auth0.refresh_token_reused (details.tokenCounter/latestCounter) are read the same way.
// Reproduce: the signal's own example event with statusCode "400" instead of 200.
func TestAFailedOperationWithAStringStatusMatchesNothing(t *testing.T) {
	m := newMatcher(t, DefaultConfig())
	body := readBody(t, "brute_force_protection_disabled")
	details, _ := body.Get("details")
	resp, _ := details.Map().Get("response")
	resp.Map().PutStr("statusCode", "400")
	assert.False(t, m.Match("sapi", body).Found(),
		"a failed operation (statusCode \"400\") changed nothing, yet it matched %v", m.Match("sapi", body).Names())

	reuse := readBody(t, "refresh_token_reused.counters-only")
	d, _ := reuse.Get("details")
	d.Map().PutStr("tokenCounter", "1")
	d.Map().PutStr("latestCounter", "3")
	assert.True(t, m.Match("ferrt", reuse).Found(), "number() reads a numeric string, as its comment says")
}

// Promise (README, Security signals: auth0.admin_role_created "when the role's name or
// description says admin"; auth0.role_created otherwise). saysAdmin uses containsFold
// (predicates.go), documented as finding "the ASCII word sub" but matching any substring, so a
// role whose name merely contains the letters (Badminton, Cadmium) is reported as an admin role
// (WARN, privilege-change) instead of a plain one.
// Reproduce: the signal's plain-role example renamed "Badminton Club".
func TestARoleNamedBadmintonIsNotAnAdminRole(t *testing.T) {
	m := newMatcher(t, DefaultConfig())
	body := readBody(t, "role_created")
	details, _ := body.Get("details")
	for _, part := range []string{"request", "response"} {
		p, _ := details.Map().Get(part)
		b, _ := p.Map().Get("body")
		b.Map().PutStr("name", "Badminton Club")
		b.Map().PutStr("description", "Members of the badminton club")
	}
	assert.Equal(t, []string{"auth0.role_created"}, m.Match("sapi", body).Names())
}

// Second review.

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
