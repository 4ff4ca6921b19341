package auth0api

// Findings of adversarial reviews: each test states the promise, how the code of the
// time broke it, and how to reproduce it; each failed there and passes since the fix.

import (
	"net/http"
	"testing"
	"time"
)

// Promise (README, How the pull works, 5: "A wait named by the headers is capped at 10 minutes,
// against a garbage header; after that the request is tried again"). emptyReady (pacer.go) caps
// only a wait taken from x-ratelimit-reset: when the bucket reads empty and the refill rate is
// known, it waits for a third of x-ratelimit-limit's tokens at that rate, uncapped. A garbage
// x-ratelimit-limit (a proxy's, or a tenant's header of 1,000,000,000 with no reset) then holds
// every request for days: the pull stops without an error, a status or a log line.
// Reproduce: three responses 100 ms apart with limit 1e9, remaining 0, 10, then 0 again, no reset.
func TestAGarbageRateLimitHeaderCannotHoldRequestsBeyondTheCap(t *testing.T) {
	p := newPacer(0)
	t0 := time.Unix(1_700_000_000, 0)
	h := func(remaining string) http.Header {
		return http.Header{"X-Ratelimit-Limit": {"1000000000"}, "X-Ratelimit-Remaining": {remaining}}
	}
	for i, remaining := range []string{"0", "10", "0"} {
		sent := t0.Add(time.Duration(i) * 100 * time.Millisecond)
		now := sent.Add(10 * time.Millisecond)
		p.observe(sent, now, parseRateLimit(h(remaining), now), false, 0)
	}
	last := t0.Add(210 * time.Millisecond)
	if wait := p.readyAt.Sub(last); wait > maxBlock {
		t.Errorf("the next request is held for %v after a response with garbage headers, more than the %v cap", wait.Round(time.Second), maxBlock)
	}
}

// Fifth review.

// Promise (README, How the pull works, 5: "when the bucket is empty [the client] waits for
// tokens instead of earning a 429", and any header-derived wait "is capped at 10 minutes").
// emptyReady (pacer.go) converts tokens/rate seconds to a time.Duration with
// time.Duration(float64(tokens) / r * float64(time.Second)) before the cap is applied: with an
// x-ratelimit-limit large enough (1e18, which strconv.Atoi accepts) the float is beyond int64,
// the conversion is implementation-defined and on amd64 yields math.MinInt64, so the "wait" ends
// ~292 years in the past, the maxBlock cap (which only lowers a wait) never applies, and the
// next request goes at once into a bucket the headers call empty: no wait at all where the
// fourth review's fix promised at most 10 minutes.
// Reproduce: three responses 2 s apart with limit 1e18, remaining 0, 10, then 0 again.
func TestAHugeRateLimitHeaderStillWaitsForAnEmptyBucket(t *testing.T) {
	p := newPacer(0)
	t0 := time.Unix(1_700_000_000, 0)
	h := func(remaining string) http.Header {
		return http.Header{"X-Ratelimit-Limit": {"1000000000000000000"}, "X-Ratelimit-Remaining": {remaining}}
	}
	var now time.Time
	for i, remaining := range []string{"0", "10", "0"} {
		sent := t0.Add(time.Duration(i) * 2 * time.Second)
		now = sent.Add(10 * time.Millisecond)
		p.observe(sent, now, parseRateLimit(h(remaining), now), false, 0)
	}
	wait := p.readyAt.Sub(now)
	if wait <= 0 || wait > maxBlock {
		t.Errorf("after a response that left the bucket empty the next request is held %v: want a wait in (0, %v]", wait, maxBlock)
	}
}
