// Package auth0sim is a fake Auth0 tenant for tests, demos and benchmarks. It is not Auth0: it
// imitates the parts of Auth0 that the receiver uses — the client-credentials token endpoint and
// GET /api/v2/logs in checkpoint and search modes, with realistic log_ids and events of every
// catalog code, a token-bucket rate limit with Auth0's headers and 429 body, and optional faults.
//
// Events are never stored: event i is derived from (Seed, i) and rendered on demand, and ingestion
// times are arithmetic, so a backlog of millions costs almost no memory.
package auth0sim

import (
	"crypto/rand"
	"maps"
	"sync"
	"time"
)

// Options configure a Simulator. The zero value is a quiet tenant with no events.
type Options struct {
	Domain       string // tenant domain written in events and tokens (default "sim.us.auth0.com")
	ClientID     string // accepted client id (default "sim-client")
	ClientSecret string // accepted client secret (default "sim-secret")
	Audience     string // required audience; "" accepts any
	// Scopes granted in tokens (default read:logs); without read:logs or read:logs_users the
	// API answers 403 insufficient_scope.
	Scopes      []string
	DenyGrant   bool             // the token endpoint refuses with 403 as if the client had no client grant
	TokenTTL    time.Duration    // expires_in of tokens (default 24h); the API answers 401 "Expired token" after it
	Backlog     int              // events already stored at start, spread evenly over BacklogSpan before it
	BacklogSpan time.Duration    // default 24h
	Rate        float64          // live events per second after start (0 = none)
	Seed        int64            // deterministic content
	Codes       []string         // restrict generated codes (default: every catalog code, in a realistic mix)
	Latency     time.Duration    // added to each /api/v2/logs answer (50ms is realistic)
	RateLimit   RateLimit        // token bucket on /api/v2/logs; zero = unthrottled (generous headers still sent)
	Faults      Faults           // probabilities per /api/v2/logs request
	Now         func() time.Time // the clock of event times, token expiry and the bucket (default time.Now)
	// AttackEvery appends the attack scenario (see Simulator.AttackScenario) to the live events
	// every so often after the start, ingested at that time; 0 = never. At least a second.
	AttackEvery time.Duration
	// AttackBacklogAge puts one attack scenario into the backlog, ingested this long before the
	// start (a backfill that is old when it arrives); 0 = none.
	AttackBacklogAge time.Duration
}

// RateLimit is a token bucket refilled continuously, like Auth0's (PerMinute/60000 per ms).
// It is on when PerMinute > 0; Burst defaults to 1.
type RateLimit struct {
	Burst      int
	PerMinute  float64
	RetryAfter bool // send Retry-After on 429 (Auth0's Management API documents none)
}

// Faults are the probabilities (0..1) that an /api/v2/logs request meets each fault.
type Faults struct {
	Status5xx float64 // a 500, 502 or 503 with a Boom body
	Reset     float64 // the connection is reset before any answer
	Truncate  float64 // a 200 whose body stops halfway (full Content-Length declared)
	Expired   float64 // a valid token is answered 401 "Expired token", as after a key rotation
}

// Stats count what the simulator answered; /sim/stats serves them as JSON.
type Stats struct {
	Events        int           `json:"events"`                 // events stored
	APIRequests   int64         `json:"api_requests"`           // requests to /api/v2/logs
	ByStatus      map[int]int64 `json:"api_requests_by_status"` // answered statuses (resets have none)
	RateLimited   int64         `json:"rate_limited"`           // 429s
	Pages         int64         `json:"pages"`                  // complete 200 answers
	EventsServed  int64         `json:"events_served"`          // events in complete 200 answers
	Resets        int64         `json:"faults_reset"`
	Truncated     int64         `json:"faults_truncated"`
	Attacks       int           `json:"attacks"` // attack scenarios stored (backlog, scheduled and on demand)
	TokenRequests int64         `json:"token_requests"`
	TokensIssued  int64         `json:"tokens_issued"`
}

// Simulator is a fake Auth0 tenant. It is safe for concurrent use.
type Simulator struct {
	opts    Options
	now     func() time.Time
	gen     *generator
	key     []byte // signs tokens
	limiter *bucket
	done    chan struct{}
	pool    sync.Pool // *[]byte render buffers

	mu        sync.Mutex
	tl        *timeline
	closed    bool
	faultRNG  rng
	stats     Stats
	closeOnce sync.Once
}

// New starts a simulator. Close it to stop its live event stream.
func New(opts Options) *Simulator {
	if opts.Domain == "" {
		opts.Domain = "sim.us.auth0.com"
	}
	if opts.ClientID == "" {
		opts.ClientID = "sim-client"
	}
	if opts.ClientSecret == "" {
		opts.ClientSecret = "sim-secret"
	}
	if opts.Scopes == nil {
		opts.Scopes = []string{"read:logs"}
	}
	if opts.TokenTTL <= 0 {
		opts.TokenTTL = 24 * time.Hour
	}
	if opts.BacklogSpan <= 0 {
		opts.BacklogSpan = 24 * time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	codes := opts.Codes
	if len(codes) == 0 {
		codes = catalogCodes()
	}
	if opts.AttackEvery > 0 && opts.AttackEvery < time.Second {
		opts.AttackEvery = time.Second
	}
	t := newTenant(opts.Seed, opts.Domain)
	s := &Simulator{
		opts: opts,
		now:  opts.Now,
		gen:  &generator{seed: opts.Seed, t: t, mix: newMix(codes), attack: newAttackUsers(t)},
		key:  make([]byte, 32),
		done: make(chan struct{}),
		tl: newTimeline(opts.Now(), max(opts.Backlog, 0), opts.BacklogSpan, opts.Rate,
			opts.AttackEvery, max(opts.AttackBacklogAge, 0), len(attackScript)),
		faultRNG: newRNG(opts.Seed, -1, saltBody),
		stats:    Stats{ByStatus: map[int]int64{}},
	}
	_, _ = rand.Read(s.key)
	if opts.RateLimit.PerMinute > 0 {
		s.limiter = newBucket(opts.RateLimit, opts.Now())
	}
	return s
}

// Close stops the live event stream (events due later are not generated) and aborts pending
// latency waits. The simulator starts no goroutine, so nothing is left running.
func (s *Simulator) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.catchUpLocked()
		s.closed = true
		s.mu.Unlock()
		close(s.done)
	})
}

// catchUpLocked materializes the live events due by now.
func (s *Simulator) catchUpLocked() {
	if !s.closed {
		s.tl.catchUp(s.now().UnixNano(), len(attackScript))
	}
}

// Generate appends n events ingested now and returns their log_ids in order.
func (s *Simulator) Generate(n int) []string {
	s.mu.Lock()
	s.catchUpLocked()
	first := s.tl.add(n, s.now().UnixNano())
	ids := make([]string, 0, max(n, 0))
	for i := first; i < first+n; i++ {
		ids = append(ids, string(appendLogID(nil, s.opts.Seed, i, s.tl.at(i))))
	}
	s.mu.Unlock()
	return ids
}

// Len returns the number of events stored (the live ones due by now included).
func (s *Simulator) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.catchUpLocked()
	return s.tl.n
}

// LogID returns the log_id of event i (0 <= i < Len()).
func (s *Simulator) LogID(i int) string {
	s.mu.Lock()
	t := s.tl.at(i)
	s.mu.Unlock()
	return string(appendLogID(nil, s.opts.Seed, i, t))
}

// Event returns event i as the Management API returns it.
func (s *Simulator) Event(i int) []byte {
	s.mu.Lock()
	sl := s.tl.slot(i)
	s.mu.Unlock()
	return s.gen.render(nil, i, sl)
}

// Code returns the event type code of event i.
func (s *Simulator) Code(i int) string {
	s.mu.Lock()
	sl := s.tl.slot(i)
	s.mu.Unlock()
	return s.gen.codeOf(sl)
}

// Stats returns a snapshot of the counters.
func (s *Simulator) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.catchUpLocked()
	st := s.stats
	st.ByStatus = maps.Clone(s.stats.ByStatus)
	st.Events = s.tl.n
	st.Attacks = s.tl.scripted / len(attackScript)
	return st
}

// count applies f to the counters under the lock.
func (s *Simulator) count(f func(st *Stats)) {
	s.mu.Lock()
	f(&s.stats)
	s.mu.Unlock()
}
