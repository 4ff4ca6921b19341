package auth0api

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// resetMode is what the test bucket's x-ratelimit-reset reports. Both round up to whole seconds.
type resetMode int

const (
	resetNextToken resetMode = iota // when the next whole token will be there (Auth0's docs)
	resetFull                       // when the bucket will be full again (limitd, Auth0's limiter)
)

func (m resetMode) String() string {
	if m == resetFull {
		return "reset=full"
	}
	return "reset=next"
}

// testBucket is a token bucket like Auth0's: size tokens, refilled at rate per second, either
// continuously or in whole steps (Auth0: "RPM limits refill per second").
type testBucket struct {
	size, rate float64
	step       time.Duration // 0 = continuous
	mode       resetMode

	mu       sync.Mutex
	content  float64
	last     time.Time
	ok       int
	limited  int
	overflow float64 // refill lost because the bucket was full
}

func newTestBucket(size int, rate float64, step time.Duration, mode resetMode) *testBucket {
	return &testBucket{size: float64(size), rate: rate, step: step, mode: mode, content: float64(size)}
}

func (b *testBucket) refill(now time.Time) {
	if b.last.IsZero() {
		b.last = now
		return
	}
	if !now.After(b.last) {
		return
	}
	var add float64
	if b.step == 0 {
		add = b.rate * now.Sub(b.last).Seconds()
	} else {
		steps := now.Truncate(b.step).Sub(b.last.Truncate(b.step)) / b.step
		add = float64(steps) * b.rate * b.step.Seconds()
	}
	b.overflow += math.Max(0, b.content+add-b.size)
	b.content = math.Min(b.size, b.content+add)
	b.last = now
}

func (b *testBucket) lost() float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.overflow
}

// take consumes a token if there is one and returns the headers Auth0 would send.
func (b *testBucket) take(now time.Time) (bool, RateLimit) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(now)
	ok := b.content >= 1
	if ok {
		b.content--
		b.ok++
	} else {
		b.limited++
	}
	rl := RateLimit{Limit: int(b.size), Remaining: int(math.Floor(b.content)), Known: true}
	var at time.Time
	switch {
	case b.mode == resetFull:
		at = now.Add(time.Duration((b.size - b.content) / b.rate * float64(time.Second)))
	case b.step > 0:
		at = now.Truncate(b.step).Add(b.step)
	default:
		at = now.Add(time.Duration((math.Floor(b.content) + 1 - b.content) / b.rate * float64(time.Second)))
	}
	rl.Reset = time.Unix(int64(math.Ceil(float64(at.UnixNano())/1e9)), 0)
	return ok, rl
}

func (b *testBucket) counts() (ok, limited int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.ok, b.limited
}

// wrap serves next through the bucket, with Auth0's headers and 429 body.
func (b *testBucket) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, rl := b.take(time.Now())
		h := w.Header()
		h.Set("X-Ratelimit-Limit", strconv.Itoa(rl.Limit))
		h.Set("X-Ratelimit-Remaining", strconv.Itoa(rl.Remaining))
		h.Set("X-Ratelimit-Reset", strconv.FormatInt(rl.Reset.Unix(), 10))
		if !ok {
			h.Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached","errorCode":"too_many_requests"}`))
			return
		}
		next.ServeHTTP(w, r)
	})
}
