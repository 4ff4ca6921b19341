package auth0sim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"time"
)

// Handler serves the fake tenant:
//
//	POST /oauth/token          client-credentials grant
//	GET  /api/v2/logs          checkpoint mode (from, take) or search mode (q, page, per_page, sort, include_totals)
//	GET  /api/v2/logs/{id}     one event
//	GET  /sim/stats            Stats as JSON (not Auth0: for scripts and benchmarks)
//	GET  /sim/attack           the attack scenario's steps as JSON (not Auth0)
//	POST /sim/attack           append one attack scenario ingested now; answers its log_ids (not Auth0)
func (s *Simulator) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", s.serveToken)
	mux.HandleFunc("GET /api/v2/logs", s.api(s.serveLogs))
	mux.HandleFunc("GET /api/v2/logs/{id}", s.api(s.serveLog))
	mux.HandleFunc("GET /sim/stats", func(w http.ResponseWriter, _ *http.Request) {
		body, _ := json.Marshal(s.Stats())
		writeJSON(w, http.StatusOK, body)
	})
	mux.HandleFunc("GET /sim/attack", func(w http.ResponseWriter, _ *http.Request) {
		body, _ := json.Marshal(map[string]any{"steps": s.AttackScenario()})
		writeJSON(w, http.StatusOK, body)
	})
	mux.HandleFunc("POST /sim/attack", func(w http.ResponseWriter, _ *http.Request) {
		ids := s.Attack()
		body, _ := json.Marshal(map[string]any{"events": len(ids), "log_ids": ids})
		writeJSON(w, http.StatusOK, body)
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "auth0sim: a fake Auth0 tenant (%s) for tests and demos. It is not Auth0.\n", s.opts.Domain)
	})
	return mux
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// boom writes a Management API error in Auth0's shape.
func boom(w http.ResponseWriter, status int, message, errorCode string) {
	m := map[string]any{"statusCode": status, "error": http.StatusText(status), "message": message}
	if errorCode != "" {
		m["errorCode"] = errorCode
	}
	body, _ := json.Marshal(m)
	writeJSON(w, status, body)
}

const body429 = `{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached","errorCode":"too_many_requests"}`

type fault uint8

const (
	faultNone fault = iota
	faultReset
	fault5xx
	faultExpired
	faultTruncate
)

// api wraps the /api/v2 endpoints: latency, rate limit, faults, authentication, then the answer.
func (s *Simulator) api(next func(http.ResponseWriter, *http.Request, fault)) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		w := &recorder{ResponseWriter: rw, sim: s}
		s.count(func(st *Stats) { st.APIRequests++ })
		if !s.wait(r.Context()) {
			return
		}
		lim := unthrottled(s.now())
		f := faultNone
		s.mu.Lock()
		if s.limiter != nil {
			lim = s.limiter.take(s.now().UnixNano())
		}
		if lim.ok {
			f = s.drawFaultLocked()
		}
		s.mu.Unlock()
		lim.setHeaders(w.Header())
		switch {
		case !lim.ok:
			s.count(func(st *Stats) { st.RateLimited++ })
			if s.opts.RateLimit.RetryAfter {
				w.Header().Set("Retry-After", strconv.FormatInt(lim.retryAfter, 10))
			}
			writeJSON(w, http.StatusTooManyRequests, []byte(body429))
			return
		case f == faultReset:
			s.count(func(st *Stats) { st.Resets++ })
			resetConn(w)
			return
		case f == fault5xx:
			s.answer5xx(w)
			return
		}
		if !s.authorize(w, r) {
			return
		}
		if f == faultExpired {
			writeJSON(w, http.StatusUnauthorized, []byte(bodyExpired))
			return
		}
		next(w, r, f)
	}
}

// wait adds the configured latency; false when the client left or the simulator closed.
func (s *Simulator) wait(ctx context.Context) bool {
	if s.opts.Latency <= 0 {
		return true
	}
	t := time.NewTimer(s.opts.Latency)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-s.done:
	}
	return false
}

func (s *Simulator) drawFaultLocked() fault {
	fs, r := s.opts.Faults, &s.faultRNG
	switch {
	case fs.Reset > 0 && r.chance(fs.Reset):
		return faultReset
	case fs.Status5xx > 0 && r.chance(fs.Status5xx):
		return fault5xx
	case fs.Expired > 0 && r.chance(fs.Expired):
		return faultExpired
	case fs.Truncate > 0 && r.chance(fs.Truncate):
		return faultTruncate
	}
	return faultNone
}

func (s *Simulator) answer5xx(w http.ResponseWriter) {
	s.mu.Lock()
	k := s.faultRNG.intn(3)
	s.mu.Unlock()
	switch k {
	case 0:
		boom(w, http.StatusInternalServerError, "An internal server error occurred", "")
	case 1:
		boom(w, http.StatusBadGateway, "Bad Gateway", "")
	default:
		boom(w, http.StatusServiceUnavailable, "Service Unavailable", "")
	}
}

// serveLogs is GET /api/v2/logs. With from or take it is checkpoint mode (Auth0 then ignores
// every other parameter), otherwise search mode.
func (s *Simulator) serveLogs(w http.ResponseWriter, r *http.Request, f fault) {
	q := r.URL.Query()
	if q.Has("from") || q.Has("take") {
		s.serveCheckpoint(w, r, f)
		return
	}
	s.serveSearch(w, r, f)
}

func validationError(w http.ResponseWriter, msg string) {
	boom(w, http.StatusBadRequest, "Query validation error: "+msg, "invalid_query_string")
}

// intParam reads an integer query parameter within [lo, hi]; Auth0 answers 400 outside of it
// rather than clamping, and so does the simulator.
func intParam(w http.ResponseWriter, r *http.Request, name string, def, lo, hi int, what string) (int, bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil:
		validationError(w, fmt.Sprintf("'Expected type integer but found type string' on property %s (%s).", name, what))
	case n < lo:
		validationError(w, fmt.Sprintf("'Too small: %d. Expected at least %d' on property %s (%s).", n, lo, name, what))
	case n > hi:
		validationError(w, fmt.Sprintf("'Too big: %d. Expected at most %d' on property %s (%s).", n, hi, name, what))
	default:
		return n, true
	}
	return 0, false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// serveCheckpoint answers the events strictly after `from` (any digit string is a lower bound)
// in ascending log_id order, with a Link to the next page; an empty page links to itself.
func (s *Simulator) serveCheckpoint(w http.ResponseWriter, r *http.Request, f fault) {
	take, ok := intParam(w, r, "take", 50, 1, 100, "The total amount of entries to retrieve when using the from parameter.")
	if !ok {
		return
	}
	from := r.URL.Query().Get("from")
	if !isDigits(from) {
		validationError(w, "'String does not match pattern ^\\d+$' on property from (Log Event Id from which to start selection from.).")
		return
	}
	s.mu.Lock()
	s.catchUpLocked()
	start := s.firstAfterLocked(from, false)
	end := min(start+take, s.tl.n)
	slots := make([]slot, end-start)
	for k := range slots {
		slots[k] = s.tl.slot(start + k)
	}
	s.mu.Unlock()

	buf := s.getBuf()
	defer s.putBuf(buf)
	b := append((*buf)[:0], '[') //nolint:gocritic // appendAssign: reuses the pooled buffer, stored back below
	var last []byte
	for k, sl := range slots {
		if k > 0 {
			b = append(b, ',')
		}
		b = s.gen.render(b, start+k, sl)
	}
	b = append(b, ']')
	next := baseURL(r) + r.URL.RequestURI()
	if len(slots) > 0 {
		last = appendLogID(last, s.opts.Seed, end-1, slots[len(slots)-1].t)
		next = baseURL(r) + "/api/v2/logs?take=" + strconv.Itoa(take) + "&from=" + string(last)
	}
	w.Header().Set("Link", "<"+next+`>; rel="next"`)
	*buf = b
	s.send(w, b, len(slots), f)
}

// send writes a 200 page, or half of it when the truncate fault struck.
func (s *Simulator) send(w http.ResponseWriter, body []byte, events int, f fault) {
	if f == faultTruncate {
		s.count(func(st *Stats) { st.Truncated++ })
		truncate(w, body)
		return
	}
	s.count(func(st *Stats) { // before the answer leaves, so a client that got it sees it counted
		st.Pages++
		st.EventsServed += int64(events)
	})
	writeJSON(w, http.StatusOK, body)
}

// serveLog is GET /api/v2/logs/{id}.
func (s *Simulator) serveLog(w http.ResponseWriter, r *http.Request, f fault) {
	id := r.PathValue("id")
	s.mu.Lock()
	s.catchUpLocked()
	i := s.firstAfterLocked(id, true)
	found := i < s.tl.n && isDigits(id) && string(appendLogID(nil, s.opts.Seed, i, s.tl.at(i))) == id
	var sl slot
	if found {
		sl = s.tl.slot(i)
	}
	s.mu.Unlock()
	if !found {
		boom(w, http.StatusNotFound, "log not found", "inexistent_log")
		return
	}
	s.send(w, s.gen.render(nil, i, sl), 1, f)
}

// firstAfterLocked returns the first index whose log_id is > bound (>= when inclusive), by
// binary search: log_ids ascend with the index.
func (s *Simulator) firstAfterLocked(bound string, inclusive bool) int {
	var tmp [logIDLen]byte
	b := []byte(bound)
	return sort.Search(s.tl.n, func(i int) bool {
		c := bytes.Compare(appendLogID(tmp[:0], s.opts.Seed, i, s.tl.at(i)), b)
		return c > 0 || (inclusive && c == 0)
	})
}

func baseURL(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

func (s *Simulator) getBuf() *[]byte {
	if b, ok := s.pool.Get().(*[]byte); ok {
		return b
	}
	b := make([]byte, 0, 256<<10)
	return &b
}

func (s *Simulator) putBuf(b *[]byte) { s.pool.Put(b) }

// recorder counts the status of each API answer as it is written, before the client can see it.
type recorder struct {
	http.ResponseWriter
	sim     *Simulator
	written bool
}

func (w *recorder) WriteHeader(code int) {
	if !w.written {
		w.written = true
		w.sim.count(func(st *Stats) { st.ByStatus[code]++ })
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }
