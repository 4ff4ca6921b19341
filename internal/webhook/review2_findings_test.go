package webhook

// Findings of the second adversarial review: each test states the promise, how the code of the
// time broke it, and how to reproduce it; each failed there and passes since the fix.

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-auth0/auth0receiver/internal/dedup"
)

// Promise (internal/mapping/limits.go: the Limits "bound what one Log Streams body may cost,
// whatever the bytes"; README: bounded memory and an internet-facing endpoint). The
// webhook's keep (webhook.go ingest) answers every log_id that Seen reports in flight with
// slices.Contains(req.claimed, logID), a linear scan of the ids the request claimed so far: a
// body of n fresh ids followed by n ids in flight (repeats of its own, or ids another request
// holds: Auth0 redelivering a batch while the first delivery is still in the pipeline) costs
// n*n string comparisons. At the default limits (25,000 events, 10 MiB) that is ~156 million
// comparisons of 56-byte log_ids for one request of ~2 MB, an order of magnitude more than
// mapping it, and any number of such requests can run at once.
// Reproduce: a body of 5,000 fresh ids then 5,000 ids that Seen holds for "another request",
// against the same body when those 5,000 were delivered already: the same records are built,
// only the second half's answer from Seen differs (in flight instead of delivered).
func TestABodyOfIDsInFlightCostsNoMoreThanABodyOfDeliveredIDs(t *testing.T) {
	const n = 5_000
	ids := make([]string, 2*n)
	var b strings.Builder
	for i := range ids {
		ids[i] = logID(i)
		b.WriteString(`{"log_id":"` + ids[i] + `","data":{"type":"s"}}` + "\n")
	}
	body := b.String()
	cost := func(delivered bool) time.Duration {
		best := time.Duration(1<<63 - 1)
		for range 2 {
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
			best = min(best, time.Since(began))
			want := http.StatusOK
			if !delivered {
				want = http.StatusServiceUnavailable
			}
			require.Equal(t, want, rec.Code)
			_, got := f.p.consumed()
			require.Len(t, got, n)
		}
		return best
	}
	deliveredCost, heldCost := cost(true), cost(false)
	t.Logf("%d fresh then %d delivered: %v; then %d in flight: %v", n, n, deliveredCost, n, heldCost)
	assert.Less(t, heldCost, 3*deliveredCost+20*time.Millisecond,
		"each id in flight costs a linear scan of the request's claims: %v against %v", heldCost, deliveredCost)
}
