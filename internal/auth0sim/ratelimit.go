package auth0sim

import (
	"math"
	"net/http"
	"strconv"
	"time"
)

// bucket is the token bucket of /api/v2/logs. Tokens refill continuously, so the whole-second
// x-ratelimit-reset header is coarser than the bucket, as with Auth0.
type bucket struct {
	burst  float64
	perNs  float64 // tokens per nanosecond
	tokens float64
	last   int64
}

func newBucket(rl RateLimit, now time.Time) *bucket {
	burst := float64(max(rl.Burst, 1))
	return &bucket{burst: burst, perNs: rl.PerMinute / float64(time.Minute), tokens: burst, last: now.UnixNano()}
}

// limitState is what one request learnt from the bucket.
type limitState struct {
	ok         bool
	limit      int
	remaining  int
	reset      int64 // UNIX seconds of the next refill
	retryAfter int64 // seconds until a token is available (429 only)
}

// unthrottled answers with generous, constant headers: a client pacing from them never waits.
func unthrottled(now time.Time) limitState {
	return limitState{ok: true, limit: 1000, remaining: 1000, reset: now.Unix()}
}

func (b *bucket) take(now int64) limitState {
	if now > b.last {
		b.tokens = math.Min(b.burst, b.tokens+float64(now-b.last)*b.perNs)
		b.last = now
	}
	st := limitState{limit: int(b.burst)}
	if b.tokens >= 1 {
		b.tokens--
		st.ok = true
	}
	st.remaining = int(math.Floor(b.tokens))
	// The next refill is when the bucket gains its next whole token.
	wait := (math.Floor(b.tokens) + 1 - b.tokens) / b.perNs
	if b.tokens >= b.burst {
		wait = 0
	}
	next := now + int64(math.Ceil(wait))
	st.reset = (next + int64(time.Second) - 1) / int64(time.Second)
	if !st.ok {
		st.retryAfter = max(int64(math.Ceil(wait/float64(time.Second))), 1)
	}
	return st
}

func (st limitState) setHeaders(h http.Header) {
	h.Set("x-ratelimit-limit", strconv.Itoa(st.limit))
	h.Set("x-ratelimit-remaining", strconv.Itoa(st.remaining))
	h.Set("x-ratelimit-reset", strconv.FormatInt(st.reset, 10))
}
