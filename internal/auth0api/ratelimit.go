package auth0api

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RateLimit is what Auth0's x-ratelimit-* headers said.
type RateLimit struct {
	Limit, Remaining int       // bucket size; tokens left after the request
	Reset            time.Time // next refill per Auth0, converted to this host's clock
	Known            bool      // the headers were present and readable
}

// skewTolerance: the Date header has whole-second resolution, so only a larger difference
// between the server's clock and ours is treated as skew and corrected.
const skewTolerance = 2 * time.Second

// serverTime is the response's Date header, zero when it is absent or unreadable.
func serverTime(h http.Header) time.Time {
	d, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return time.Time{}
	}
	return d
}

// serverOffset is what to add to a server timestamp to express it on our clock: zero unless the
// response's Date header shows a clear skew (waiting on a skewed reset would spin or stall).
func serverOffset(h http.Header, now time.Time) time.Duration {
	d := serverTime(h)
	if d.IsZero() {
		return 0
	}
	off := now.Sub(d)
	if off > -skewTolerance && off < skewTolerance {
		return 0
	}
	return off
}

// parseRateLimit reads x-ratelimit-limit/-remaining/-reset. Known needs limit and remaining;
// reset is optional (zero when absent).
func parseRateLimit(h http.Header, now time.Time) RateLimit {
	limit, err1 := strconv.Atoi(strings.TrimSpace(h.Get("X-Ratelimit-Limit")))
	remaining, err2 := strconv.Atoi(strings.TrimSpace(h.Get("X-Ratelimit-Remaining")))
	if err1 != nil || err2 != nil || limit <= 0 || remaining < 0 {
		return RateLimit{}
	}
	rl := RateLimit{Limit: limit, Remaining: min(remaining, limit), Known: true}
	if secs, err := strconv.ParseFloat(strings.TrimSpace(h.Get("X-Ratelimit-Reset")), 64); err == nil && secs > 0 && secs < 1e11 {
		whole, frac := math.Modf(secs)
		rl.Reset = time.Unix(int64(whole), int64(frac*1e9)).Add(serverOffset(h, now))
	}
	return rl
}

const (
	// minResetWait floors a wait derived from x-ratelimit-reset: the header has whole-second
	// resolution and a reset "now" must not let a caller retry at once.
	minResetWait = 250 * time.Millisecond
	// unknownBlock is how long the pacer holds requests after a 429 that said nothing about when
	// to come back (the error's RetryAfter stays 0 and the caller backs off on its own).
	unknownBlock = time.Second
	// maxBlock bounds any header-derived wait, against garbage headers.
	maxBlock = 10 * time.Minute
)

// retryAfter is how long a 429 asks to wait: Retry-After (seconds or HTTP date), else
// x-ratelimit-reset minus now (at least minResetWait), else 0 (unknown).
func retryAfter(h http.Header, now time.Time, rl RateLimit) time.Duration {
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 && !math.IsInf(secs, 0) {
			return clampWait(time.Duration(min(secs, maxBlock.Seconds()) * float64(time.Second)))
		}
		if t, err := http.ParseTime(v); err == nil {
			return clampWait(t.Add(serverOffset(h, now)).Sub(now))
		}
	}
	if rl.Known && !rl.Reset.IsZero() {
		return clampWait(rl.Reset.Sub(now))
	}
	return 0
}

func clampWait(d time.Duration) time.Duration {
	return min(max(d, minResetWait), maxBlock)
}
