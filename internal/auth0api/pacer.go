package auth0api

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Auth0 rate-limits with token buckets: x-ratelimit-limit is the bucket size,
// x-ratelimit-remaining what is left after the request, x-ratelimit-reset a whole-second UNIX time
// (the next refill per the docs; limitd, Auth0's open-source limiter, reports when the bucket will
// be full; both round up). Buckets refill per millisecond or per second, so sleeping to the reset
// second wastes most of a fast bucket. The pacer instead measures the refill rate from how
// remaining changes between responses, and when the bucket runs dry waits for a few tokens' worth
// of that rate, with the reset time as an upper bound. A 429 holds every request until the
// time it names, so a caller that retries at once cannot spin.
//
// Waiting for a few tokens rather than exactly one costs nothing (tokens keep accumulating until
// the bucket is full, and the next requests then go back to back) and makes the wait robust to
// refills that come in steps and to the unknown fraction of a token the bucket holds.

const (
	// estimatorWindow is how much history the rate estimate spans: long enough that the +-1 token
	// uncertainty at its ends is small, short enough to follow other clients of a shared bucket.
	estimatorWindow     = 30 * time.Second
	estimatorMaxSamples = 1024
	// trustedTokens is how many refilled tokens a window must have seen before its estimate
	// replaces the one carried over from earlier windows.
	trustedTokens = 8
	// probeStart is the first wait used to measure a bucket that was drained too fast to show
	// any refill (only on fast links); it doubles up to probeMax.
	probeStart = 50 * time.Millisecond
	probeMax   = time.Second
)

type sample struct {
	tokens int           // tokens the bucket gained between two requests
	dt     time.Duration // time between their sends
}

// refillEstimator estimates the refill rate of the bucket as seen by this client (the net rate,
// if other clients share the bucket). Over consecutive responses during which the bucket was
// never full, the sum of (remaining_i - remaining_{i-1} + consumed_i) equals the tokens gained up
// to the fraction of a token held at both ends, so N tokens in T seconds give the lower bound
// (N-1)/T, which tightens as the window fills.
type refillEstimator struct {
	samples []sample
	tokens  int
	span    time.Duration // between the first and the last send of the window
	// latency of the last request: the bucket was debited somewhere between its send and its
	// response, so the window may be up to this much longer than span (a loaded host or network
	// stretches it; counting it keeps the estimate a lower bound).
	latency time.Duration
	prior   float64 // tokens/s carried over window resets; 0 = none
}

func (e *refillEstimator) add(s sample) {
	e.samples = append(e.samples, s)
	e.tokens += s.tokens
	e.span += s.dt
	for len(e.samples) > 1 && (len(e.samples) > estimatorMaxSamples || e.span-e.samples[0].dt >= estimatorWindow) {
		e.tokens -= e.samples[0].tokens
		e.span -= e.samples[0].dt
		e.samples = e.samples[1:]
	}
}

// reset starts a new window: the bucket was full (gains not observable) or the headers changed.
// The current estimate, if trusted, survives as the prior.
func (e *refillEstimator) reset() {
	if r, ok := e.windowRate(); ok && e.tokens >= trustedTokens {
		e.prior = r
	}
	e.samples = e.samples[:0]
	e.tokens, e.span = 0, 0
}

// censored records an interval in which the bucket became full, so part of the refill went
// unseen and gained undercounts it.
//
// After idle time (the caller had nothing to fetch) the interval says nothing about the rate
// beyond the lower bound (gained-1)/dt: a new window starts. After a wait the pacer chose, the
// sample stays in the window: undercounted gains keep (N-1)/T a lower bound, and dropping the
// window instead would leave a small bucket (limit 2: nearly every paced wait ends "full") with
// no estimate at all.
func (e *refillEstimator) censored(gained int, dt time.Duration, paced bool) {
	if paced {
		e.add(sample{tokens: gained, dt: dt})
		return
	}
	e.reset()
	if gained > 1 && dt > 0 {
		e.prior = max(e.prior, float64(gained-1)/dt.Seconds())
	}
}

// limited lowers a carried-over estimate that just earned a 429.
func (e *refillEstimator) limited() { e.prior /= 2 }

func (e *refillEstimator) windowRate() (float64, bool) {
	if e.tokens < 2 || e.span <= 0 {
		return 0, false
	}
	return float64(e.tokens-1) / (e.span + e.latency).Seconds(), true
}

// rate is the refill estimate in tokens per second; 0 when nothing is known yet.
func (e *refillEstimator) rate() float64 {
	r, ok := e.windowRate()
	switch {
	case ok && e.tokens >= trustedTokens:
		return r
	case ok:
		return max(r, e.prior)
	default:
		return e.prior
	}
}

// pacer decides when the next request may go. The caller has one request in flight at a time.
type pacer struct {
	mu      sync.Mutex
	last    RateLimit // as last seen
	lastAt  time.Time // when last was seen (zero: no usable previous observation)
	est     refillEstimator
	probe   time.Duration
	readyAt time.Time         // no request before this
	paced   time.Time         // readyAt as set by a wait for refill (zero: none pending)
	limiter *rate.Limiter     // MaxRequestsPerSecond; nil = no cap
	lat     [16]time.Duration // latencies of the last requests, a ring
	latN    int
}

func newPacer(maxRPS float64) *pacer {
	p := &pacer{probe: probeStart}
	if maxRPS > 0 {
		p.limiter = rate.NewLimiter(rate.Limit(maxRPS), 1)
	}
	return p
}

// debitedBy is when, at the latest, the bucket debited the request sent at sentAt whose response
// came at now, assuming no leg of a round trip is quicker than half the quickest recent one. On a
// steady link that is sentAt; when the server or this host stalled the request, it moves later,
// and so does the next send.
func (p *pacer) debitedBy(sentAt, now time.Time) time.Time {
	last := now.Sub(sentAt)
	fastest := last
	for _, l := range p.lat[:min(p.latN, len(p.lat))] {
		fastest = min(fastest, l)
	}
	return sentAt.Add((last - fastest) / 2)
}

// wait blocks until the next request may go, or ctx ends.
func (p *pacer) wait(ctx context.Context) error {
	p.mu.Lock()
	until := p.readyAt
	p.mu.Unlock()
	if d := time.Until(until); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	if p.limiter != nil {
		if err := p.limiter.Wait(ctx); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
	}
	return ctx.Err()
}

// block holds every request until now+d (a 429, from the API or the token endpoint).
func (p *pacer) block(now time.Time, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t := now.Add(d); t.After(p.readyAt) {
		p.readyAt = t
	}
}

func (p *pacer) status() RateLimit {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

// pacedSlack is how late a request may leave after a refill wait and still count as sent by
// that wait (timer and scheduling delays).
const pacedSlack = 20 * time.Millisecond

// observe feeds one API response to a request sent at sentAt (its headers arrived at now) and
// sets when the next request may go. limited is a 429; block is then how long to hold requests.
// Intervals are measured between sends: the bucket is debited when a request arrives, so send
// times track the bucket's clock more closely than response times do.
func (p *pacer) observe(sentAt, now time.Time, rl RateLimit, limited bool, block time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	paced := !p.paced.IsZero() && !sentAt.After(p.paced.Add(pacedSlack))
	p.paced = time.Time{}
	p.est.latency = now.Sub(sentAt)
	p.lat[p.latN%len(p.lat)] = p.est.latency
	p.latN++

	if !rl.Known {
		// Nothing to learn from; the next observation cannot be paired with the last one.
		p.lastAt = time.Time{}
		p.est.reset()
	} else {
		if !p.lastAt.IsZero() && p.last.Known && p.last.Limit == rl.Limit && sentAt.After(p.lastAt) {
			consumed := 1
			if limited {
				consumed = 0 // a refused request takes no token
			}
			gained := rl.Remaining - p.last.Remaining + consumed
			dt := sentAt.Sub(p.lastAt)
			if rl.Remaining+consumed >= rl.Limit {
				p.est.censored(gained, dt, paced) // the bucket was full at some point
			} else {
				p.est.add(sample{tokens: gained, dt: dt})
			}
		} else {
			p.est.reset()
		}
		p.last, p.lastAt = rl, sentAt
	}

	next := now
	switch {
	case limited:
		p.est.limited()
		next = now.Add(block)
	case rl.Known && rl.Remaining <= 0:
		next = p.emptyReady(sentAt, now, rl)
		p.paced = next
	case rl.Known && rl.Remaining == 1 && p.est.rate() == 0:
		// Drained faster than any refill could show: hold the last token and measure.
		next = sentAt.Add(p.probe)
		if !rl.Reset.IsZero() && rl.Reset.After(now) && rl.Reset.Before(next) {
			next = rl.Reset
		}
		p.probe = min(2*p.probe, probeMax)
	}
	if p.est.rate() > 0 {
		p.probe = probeStart
	}
	// Each wait above caps its own source (the reset, the refill, Retry-After); this keeps the
	// promise for all of them: whatever the headers say, no wait is longer than maxBlock, and the
	// request is then tried again.
	if limit := now.Add(maxBlock); next.After(limit) {
		next = limit
	}
	if next.After(p.readyAt) {
		p.readyAt = next
	}
}

// emptyReady is when to send after a response that left the bucket empty.
func (p *pacer) emptyReady(sentAt, now time.Time, rl RateLimit) time.Time {
	// The reset header rounds up, so the bucket holds a token by then: an upper bound.
	hasReset := !rl.Reset.IsZero() && rl.Reset.After(now)
	if hasReset && rl.Reset.After(now.Add(maxBlock)) {
		rl.Reset = now.Add(maxBlock)
	}
	r := p.est.rate()
	if r <= 0 {
		if hasReset {
			return rl.Reset
		}
		return now.Add(unknownBlock)
	}
	// Wait for a third of the bucket (at least one token): few enough that it cannot overflow
	// even when the estimate is low by half, enough to absorb step refills and rounding.
	// In seconds, capped before it becomes a Duration: a huge limit would overflow it.
	secs := min(float64(max(1, rl.Limit/3))/r, maxBlock.Seconds())
	at := p.debitedBy(sentAt, now).Add(time.Duration(secs * float64(time.Second)))
	if hasReset && rl.Reset.Before(at) {
		at = rl.Reset
	}
	return at
}
