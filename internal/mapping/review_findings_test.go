package mapping

// Findings of adversarial reviews: each test states the promise the review broke, and the
// comment says how it broke on the code of the time; each failed there and passes since the fix.

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-auth0/auth0receiver/internal/pii"
)

// Promise (README, Security signals table): auth0.mfa_phone_enrolled matches
// gd_enrollment_complete "when the enrolled authenticator is a phone: details.authenticator.type
// is sms, phone or voice, or it has a phone_number". build() (mapping.go) applies PII before the
// signals, so with `pii: {fields: [phone], method: drop}` the phone_number is gone when the
// predicate looks for it: the same event matches without pii and is silently unmarked with it.
// Reproduce: an enrollment whose authenticator carries a phone_number and no type, phone dropped.
func TestPIIDropDoesNotHideAPhoneEnrollment(t *testing.T) {
	event := `{"log_id":"90020260308031114520074122337203758330459708374079795554","type":"gd_enrollment_complete",` +
		`"date":"2026-03-08T03:11:14.738Z","description":"Guardian - Enrollment complete",` +
		`"details":{"authenticator":{"id":"sms|dev_Zr8Xc2Vb6Nm4Qw1E","phone_number":"+15555550123"}},` +
		`"user_id":"auth0|65f1c0a9e4b0a1d2c3e4f5a6"}`
	plain := mapOne(t, newTestMapper(t, Options{}), event)
	require.Equal(t, "auth0.mfa_phone_enrolled", attr(t, plain, "security_rule.name"), "the condition holds on the event")

	r, err := pii.New(pii.Config{Fields: []pii.Field{pii.Phone}, Method: pii.Drop})
	require.NoError(t, err)
	redacted := mapOne(t, newTestMapper(t, Options{PII: r}), event)
	assert.Equal(t, "auth0.mfa_phone_enrolled", attr(t, redacted, "security_rule.name"),
		"dropping the phone number from the record must not change the verdict on the event")
}

// Promise (README, PII): "with email configured, that last part of user_id, identity_user_id
// and idp_user_id (and of the user.id attribute) gets the email's method", for "a team whose
// policy forbids raw PII in its log store". A Management API operation on an enterprise user
// names that same id in its path, which the redactor does not look at (pii/keys.go: only
// user_id, identity_user_id, idp_user_id end in an email): the clear email is in the body's
// details.request.path and in the url.path attribute of every such operation, while user_id
// beside it is hashed.
// Reproduce: sapi PATCH /api/v2/users/samlp|acme-okta|alice@example.org with pii email: hash.
func TestPIIEmailOfAUserIDInAManagementAPIPath(t *testing.T) {
	r, err := pii.New(pii.Config{Fields: []pii.Field{pii.Email}, Method: pii.Hash, HashKey: "a-key-of-sixteen-bytes-or-more"})
	require.NoError(t, err)
	m := newTestMapper(t, Options{PII: r})
	for _, path := range []string{
		"/api/v2/users/samlp|acme-okta|alice.smithson@example.org",
		"/api/v2/users/samlp%7Cacme-okta%7Calice.smithson%40example.org",
	} {
		event := `{"log_id":"90020260308031001520001122337203758323109973760383066852","type":"sapi",` +
			`"date":"2026-03-08T03:10:01.037Z","description":"Update a user",` +
			`"details":{"request":{"method":"patch","path":"` + path + `","body":{"blocked":true}},` +
			`"response":{"statusCode":200,"body":{"user_id":"samlp|acme-okta|alice.smithson@example.org","blocked":true}}},` +
			`"user_id":"auth0|65f1c0a9e4b0a1d2c3e4f5a6"}`
		lr := mapOne(t, m, event)
		all := fmt.Sprint(lr.Body().AsRaw(), lr.Attributes().AsRaw())
		assert.NotContains(t, all, "alice.smithson", "%s: the email of the user id survives in the record", path)
	}
}

// Third review.

// Promise (README, PII: the pii section is for "a team whose policy forbids raw PII in its log
// store"; email covers "details.invitation.invitee" and "response bodies"). Two events that the
// repository itself models carry an email under a key outside pii/keys.go's list, and with
// `pii: {fields: [email], method: hash}` it reaches the record in clear:
//   - sapi "Create tenant invitations" (POST /api/v2/tenants/invitations, the event of the
//     auth0.tenant_admin_invited signal; internal/signals/testdata/events/tenant_admin_invited.json
//     and auth0sim): the invitees are details.request.body.owners[], an array of emails; the same
//     address is hashed in the response body beside it, so the hash is trivially reversed too.
//   - wn "Warning Sending Notification" (auth0sim): the recipient is details.to.
//
// fieldOf classifies by key only (email, *_email, *Email): neither "owners" nor "to" is one.
// Reproduce: map either event with pii email: hash and look for the address in body/attributes.
func TestPIIEmailOfAnInviteeOrANotificationRecipientIsRedacted(t *testing.T) {
	r, err := pii.New(pii.Config{Fields: []pii.Field{pii.Email}, Method: pii.Hash, HashKey: "a-key-of-sixteen-bytes-or-more"})
	require.NoError(t, err)
	m := newTestMapper(t, Options{PII: r})
	for name, event := range map[string]string{
		"tenant invitation": `{"log_id":"90020260308031035520035122337203758326565162478659285619","type":"sapi",` +
			`"date":"2026-03-08T03:10:35.295Z","description":"Create tenant invitations for a given client",` +
			`"details":{"request":{"method":"post","path":"/api/v2/tenants/invitations",` +
			`"body":{"owners":["marge.simpson@acme.example"],"roles":["owner"]}},` +
			`"response":{"statusCode":201,"body":[{"email":"marge.simpson@acme.example","invitation_id":"inv_TEyzbreI336AHrfU"}]}},` +
			`"user_id":"google-oauth2|105261262156475850461"}`,
		"notification warning": `{"log_id":"90020261201033111834229000000000000003856335706507433348","type":"wn",` +
			`"date":"2026-12-01T03:31:10.754Z","description":"Warning Sending Notification",` +
			`"details":{"email_type":"welcome_email","to":"ken.dijkstra7@acme.test","warning":"Email provider rate limit is near"},` +
			`"user_id":"google-oauth2|014229781338040401772"}`,
	} {
		lr := mapOne(t, m, event)
		all := fmt.Sprint(lr.Body().AsRaw(), lr.Attributes().AsRaw())
		assert.NotRegexp(t, `[a-z.0-9]+@[a-z.]+`, all, "%s: an email survives in clear with pii email: hash", name)
	}
}

// Fourth review.

// Promise (README: bounded memory; Receiving Auth0 Log Streams, 413: the limits "keep what one
// request may cost in memory and CPU to a few hundred MB"). MapPage (mapping.go) maps an API
// page with noLimits (limits.go, then: "Auth0 sends at most 100 events a page"), and the API client
// admits a page body of up to 64 MiB (auth0api.defaultMaxBody). A page that stays within both,
// from a proxy, a misbehaving endpoint or one event with a huge details array, costs about 25
// times its size: 9 MiB of {} in one event's details allocate some 225 MiB, a 64 MiB page
// about 1.6 GB, and the pull holds two pages (one delivering, one fetched ahead),
// while the same bytes over the webhook are refused for under 40 MiB. The allocation happens in
// the receiver, before any memory_limiter can refuse it: the collector is OOM-killed.
// Reproduce: MapPage of a 9 MiB page of one event whose details hold an array of {}.
func TestAPulledPageCostsNoMoreThanALogStreamsBody(t *testing.T) {
	m := newTestMapper(t, Options{})
	page := `[{"log_id":"90020260101000000","type":"s","date":"2026-01-01T00:00:00.000Z","details":{"a":[` +
		elements((9<<20)/3, "{}") + `]}}]`
	n := allocated(func() { _, _ = m.MapPage([]byte(page), Params{Observed: testObserved}) })
	t.Logf("%d MiB page: %.0f MiB allocated", len(page)>>20, float64(n)/(1<<20))
	assert.LessOrEqual(t, n, uint64(heapBound), "one pulled page may cost no more than one Log Streams body at the default limits")
}
