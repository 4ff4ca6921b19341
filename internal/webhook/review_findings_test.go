package webhook

// Findings of an adversarial review: each test states the promise the review broke, and the
// comment says how it broke on the code of the time; each failed there and passes since the fix.

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-auth0/auth0receiver/internal/dedup"
	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
)

// Promise (webhook.go, ingest: "the pipeline panicked: never leave the ids held"; README, How the
// pull works, 7: the pull waits for an id the webhook holds). The guard that releases the claims
// is registered only after mapBody returns, but the mapping claims each event (Keep) before it
// builds it, and building runs the plug-ins: the OCSF body writer, the PII redactor, the signal
// predicates. A panic in any of them on one event (recovered by net/http, the server goes on)
// leaves the ids claimed before it in flight forever: the pull's ClaimWait on them never returns
// (the pull stalls without a log line) and every redelivery of them is answered 503.
// Reproduce: the real mapper with a body writer that panics on the second event of a body.
func TestAPanicWhileMappingReleasesTheIDs(t *testing.T) {
	calls := 0
	m := mapping.New(mapping.Options{Domain: "acme.us.auth0.com", ScopeName: "test", BodyWriter: func(pcommon.Map, *mapping.Event) {
		calls++
		if calls == 2 {
			panic("a bug in a body writer")
		}
	}})
	f := newFixture(t, func(s *Settings) { s.Map = m.MapStream })
	func() {
		defer func() { assert.NotNil(t, recover(), "the handler panicked") }()
		f.post(t, jsonLines(logID(1), logID(2)))
	}()
	assert.Zero(t, f.seen.InFlight(), "ids left in flight after the request ended")
	assert.Equal(t, dedup.Claimed, f.seen.Claim(logID(1)), "a redelivery (or the pull) can take the first event")
}

// A body that carries one log_id twice (a Log Streams batch replaying an event) delivers it once
// and is answered 200: the second copy is a duplicate of this request's own claim, not an event
// another delivery holds (which would be answered 503 on every redelivery of the same batch).
func TestARepeatWithinABodyIsDeliveredOnceAndAnswered200(t *testing.T) {
	f := newFixture(t)
	rec := f.post(t, jsonLines(logID(1), logID(2), logID(1)))
	assert.Equal(t, 200, rec.Code, rec.Body.String())
	_, got := f.p.consumed()
	assert.Equal(t, []string{logID(1), logID(2)}, got)
	assert.Zero(t, f.seen.InFlight())
}
