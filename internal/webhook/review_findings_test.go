package webhook

// Findings of two adversarial reviews: each test states the promise a review broke, and its
// comment says how it broke on the code of the time; each failed there and passes since the fix.

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// Second review.

// Promise (internal/mapping/limits.go: the Limits "bound what one Log Streams body may cost,
// whatever the bytes"; README: bounded memory and an internet-facing endpoint). The
// webhook's keep (webhook.go ingest) answers every log_id that Seen reports in flight with
// slices.Contains(req.claimed, logID), a linear scan of the ids the request claimed so far: a
// body of n fresh ids followed by n ids in flight (repeats of its own, or ids another request
// holds: Auth0 redelivering a batch while the first delivery is still in the pipeline) costs
// n*n string comparisons. At the default limits (25,000 events, 10 MiB) that is ~156 million
// comparisons of 56-byte log_ids for one request of ~2 MB, an order of magnitude more than
// mapping it, and any number of such requests can run at once.
// Reproduce: a body of 10,000 fresh ids then 10,000 ids that Seen holds for "another request",
// against the same body when those 10,000 were delivered already: the same records are built,
// only the second half's answer from Seen differs (in flight instead of delivered).
func TestABodyOfIDsInFlightCostsNoMoreThanABodyOfDeliveredIDs(t *testing.T) {
	const n = 10_000
	ids := make([]string, 2*n)
	var b strings.Builder
	for i := range ids {
		ids[i] = logID(i)
		b.WriteString(`{"log_id":"` + ids[i] + `","data":{"type":"s"}}` + "\n")
	}
	body := b.String()
	cost := func(delivered bool) time.Duration {
		seen := dedup.New(4 * n)
		f := newFixture(t, func(s *Settings) { s.MaxBodySize, s.Seen = 10<<20, seen })
		for _, id := range ids[n:] {
			require.Equal(t, dedup.Claimed, seen.Claim(id))
		}
		if delivered {
			seen.Commit(ids[n:])
		}
		began := time.Now()
		rec := f.post(t, body)
		took := time.Since(began)
		want := http.StatusOK
		if !delivered {
			want = http.StatusServiceUnavailable
		}
		require.Equal(t, want, rec.Code)
		_, got := f.p.consumed()
		require.Len(t, got, n)
		return took
	}
	// The best of rounds that alternate the two, so that a busy machine (CI runs every package at
	// once) slows both alike.
	deliveredCost, heldCost := time.Duration(1<<63-1), time.Duration(1<<63-1)
	for range 4 {
		deliveredCost, heldCost = min(deliveredCost, cost(true)), min(heldCost, cost(false))
	}
	t.Logf("%d fresh then %d delivered: %v; then %d in flight: %v", n, n, deliveredCost, n, heldCost)
	assert.Less(t, heldCost, 2*deliveredCost+50*time.Millisecond,
		"each id in flight costs a linear scan of the request's claims: %v against %v", heldCost, deliveredCost)
}
