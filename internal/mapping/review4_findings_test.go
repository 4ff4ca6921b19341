package mapping

// Findings of the fourth adversarial review: each test states the promise, how the code of the
// time breaks it, and how to reproduce it.

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Promise (README: bounded memory; Receiving Auth0 Log Streams, 413: the limits "keep what one
// request may cost in memory and CPU to a few hundred MB"). MapPage (mapping.go) maps an API
// page with noLimits (limits.go: "Auth0 sends at most 100 events a page"), and the API client
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
