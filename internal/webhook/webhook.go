// Package webhook serves Auth0 Log Streams (custom webhook). It checks each request (path, method,
// Authorization) before anything of its body is read, maps the body with the function it is given,
// passes the records on, and answers with the status that tells Auth0 whether to send the body
// again: 200 only once every event of it was accepted, 503 when some may be accepted later (the
// pipeline refused them for now, or another delivery of them is still in flight), 4xx when they
// never will be.
package webhook

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.uber.org/zap"

	"github.com/otelcol-auth0/auth0receiver/internal/dedup"
	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
)

// warnEvery is how often, at most, a refused Authorization is logged: enough to make a
// misconfigured stream visible without letting a scanner flood the log.
const warnEvery = time.Minute

// maxPooledBuffer is the largest body buffer kept for reuse; rarer, larger bodies are left to the GC.
const maxPooledBuffer = 1 << 20

// MapFunc turns a Log Streams body into records. It calls p.Keep once per event with the event's
// log_id ("" when it has none) and leaves out the events for which Keep returns false. An error
// means the body is malformed (*mapping.SyntaxError) or over a limit (*mapping.LimitError) and
// nothing of it is usable; Keep has not been called. (*mapping.Mapper).MapStream is one.
type MapFunc func(body []byte, p mapping.Params) (mapping.Batch, error)

// Settings configure a Handler.
type Settings struct {
	// Path is the URL path served; any other path is answered 404.
	Path string
	// Authorization is the exact Authorization header value the Auth0 stream sends.
	Authorization string
	// MaxBodySize bounds a request body in bytes; a larger one is answered 413. 0 means no bound
	// of the handler's own (the server may still have one).
	MaxBodySize int64
	// Map maps a body; see MapFunc.
	Map MapFunc
	// Mapped, when set, is called with every mapped body before its records are passed on, to
	// count what the mapping dropped. Its Duplicates count only events delivered already, not
	// those another request still holds.
	Mapped func(*mapping.Batch)
	// Consume passes records to the pipeline. A consumererror.IsPermanent error means they will
	// never be accepted; any other error that they may be later.
	Consume func(context.Context, *mapping.Batch) error
	// Seen is the de-duplication set shared with the other ways events arrive.
	Seen *dedup.Set
	// Logger receives the handler's own log lines; nil discards them.
	Logger *zap.Logger
}

// Handler is the http.Handler of the Log Streams endpoint. It is safe for concurrent use.
type Handler struct {
	path        string
	authHash    [sha256.Size]byte
	maxBodySize int64
	mapBody     MapFunc
	mapped      func(*mapping.Batch)
	consume     func(context.Context, *mapping.Batch) error
	seen        *dedup.Set
	logger      *zap.Logger
	now         func() time.Time // a test clock for the rate-limited warning

	requests sync.Pool   // *request
	refusing atomic.Bool // the pipeline refused the last records retryably: log the recovery
	authMu   sync.Mutex  // guards the two fields below
	authLast time.Time   // when a refused Authorization was last logged
	authSkip int         // refused requests not logged since then
}

// request is the reusable state of one request: the body, the log_ids it claimed in Seen, and
// how many of its events another delivery holds.
type request struct {
	body     bytes.Buffer
	claimed  []string
	deferred int
}

// New returns a Handler, or an error naming the setting that is missing.
func New(s Settings) (*Handler, error) {
	switch {
	case s.Path == "" || s.Path[0] != '/':
		return nil, fmt.Errorf("webhook: path %q must start with \"/\"", s.Path)
	case s.Authorization == "":
		return nil, errors.New("webhook: an Authorization value is required")
	case s.Map == nil || s.Consume == nil || s.Seen == nil:
		return nil, errors.New("webhook: Map, Consume and Seen are required")
	}
	logger := s.Logger
	if logger == nil {
		logger = zap.NewNop()
	}
	return &Handler{
		path:        s.Path,
		authHash:    sha256.Sum256([]byte(s.Authorization)),
		maxBodySize: s.MaxBodySize,
		mapBody:     s.Map,
		mapped:      s.Mapped,
		consume:     s.Consume,
		seen:        s.Seen,
		logger:      logger,
		now:         time.Now,
		requests:    sync.Pool{New: func() any { return new(request) }},
	}, nil
}

// ServeHTTP answers one delivery of the stream: Guard(Ingest()).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.Guard(h.Ingest()).ServeHTTP(w, r)
}

// Guard returns next behind the checks that cost nothing: path, method and Authorization. A
// server's own layers that read the body (decompression, size limits, auth extensions) belong in
// next, so that nothing of an anonymous request's body is read or decoded.
func (h *Handler) Guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path != h.path:
			refuse(w, "404 page not found", http.StatusNotFound)
		case r.Method != http.MethodPost:
			w.Header().Set("Allow", http.MethodPost)
			refuse(w, "Auth0 Log Streams send POST requests", http.StatusMethodNotAllowed)
		case !h.authorized(r):
			refuse(w, "the Authorization header does not match the one configured", http.StatusUnauthorized)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// refuse answers a request whose body is not wanted, and closes the connection so that the
// server does not read that body to reuse it.
func refuse(w http.ResponseWriter, msg string, status int) {
	w.Header().Set("Connection", "close")
	http.Error(w, msg, status)
}

// Ingest is the handler of an authorized request: it reads, maps and delivers the body. It must
// be reached only through Guard.
func (h *Handler) Ingest() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := h.requests.Get().(*request)
		defer h.release(req)
		if status, msg := h.readBody(w, r, &req.body); status != 0 {
			http.Error(w, msg, status)
			return
		}
		status, msg := h.ingest(r.Context(), req)
		if status != http.StatusOK {
			http.Error(w, msg, status)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// authorized compares the Authorization header with the configured value in constant time. Both
// are hashed first so that the time taken does not reveal the secret's length either.
func (h *Handler) authorized(r *http.Request) bool {
	got := r.Header.Get("Authorization")
	sum := sha256.Sum256([]byte(got))
	if subtle.ConstantTimeCompare(sum[:], h.authHash[:]) == 1 {
		return true
	}
	reason := "wrong value"
	if got == "" {
		reason = "missing"
	}
	h.warnUnauthorized(r, reason)
	return false
}

// warnUnauthorized logs a refused Authorization on the first occurrence and then at most once
// per warnEvery, counting the ones in between. The header's value is never logged.
func (h *Handler) warnUnauthorized(r *http.Request, reason string) {
	h.authMu.Lock()
	now := h.now()
	if !h.authLast.IsZero() && now.Sub(h.authLast) < warnEvery {
		h.authSkip++
		h.authMu.Unlock()
		return
	}
	skipped := h.authSkip
	h.authLast, h.authSkip = now, 0
	h.authMu.Unlock()
	h.logger.Warn("Refused an Auth0 Log Streams request: the Authorization header does not match webhook.authorization; "+
		"check the Authorization Token of the log stream in Auth0",
		zap.String("authorization", reason), zap.String("remote_addr", r.RemoteAddr),
		zap.Int("refused_since_last_warning", skipped), zap.Duration("next_warning_after", warnEvery))
}

// readBody reads the request body into buf. It returns a status other than 0 when the body
// cannot be used.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request, buf *bytes.Buffer) (int, string) {
	body := r.Body
	if h.maxBodySize > 0 {
		if r.ContentLength > h.maxBodySize {
			return http.StatusRequestEntityTooLarge, tooLarge(h.maxBodySize)
		}
		body = http.MaxBytesReader(w, body, h.maxBodySize)
	}
	if r.ContentLength > 0 && r.ContentLength <= maxPooledBuffer {
		buf.Grow(int(r.ContentLength) + bytes.MinRead) // one read, no regrowth
	}
	if _, err := buf.ReadFrom(body); err != nil {
		if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
			return http.StatusRequestEntityTooLarge, tooLarge(mbe.Limit)
		}
		h.logger.Debug("Cannot read an Auth0 Log Streams request body", zap.Error(err))
		return http.StatusBadRequest, "cannot read the body: " + err.Error()
	}
	return 0, ""
}

func tooLarge(limit int64) string {
	return "the body is larger than webhook.max_request_body_size (" + strconv.FormatInt(limit, 10) + " bytes)"
}

// ingest maps and consumes one body. It claims each event's log_id in Seen; an id that another
// delivery holds is left out and the request answered 503, so that Auth0 sends it again once the
// other delivery's outcome is known. The claims are committed when the pipeline accepted the
// records or refused them for good, and released otherwise, so that a redelivery takes them.
func (h *Handler) ingest(ctx context.Context, req *request) (int, string) {
	keep := func(logID string) bool {
		switch h.seen.Claim(logID) {
		case dedup.Claimed:
			if logID != "" {
				req.claimed = append(req.claimed, logID)
			}
			return true
		case dedup.InFlight:
			// A repeat within this body is a duplicate; another delivery's id is sent again.
			if !slices.Contains(req.claimed, logID) {
				req.deferred++
			}
		}
		return false
	}
	// Until the outcome is known the claims are released on every way out: an error, or a panic
	// in the mapping's plug-ins or in the pipeline (net/http recovers it and serves on).
	resolved := false
	defer func() {
		if !resolved {
			h.seen.Release(req.claimed)
		}
	}()
	batch, err := h.mapBody(req.body.Bytes(), mapping.Params{Observed: h.now(), Keep: keep})
	if err != nil {
		return h.malformed(err, req.body.Len())
	}
	batch.Duplicates -= req.deferred
	if h.mapped != nil {
		h.mapped(&batch)
	}

	n := batch.Logs.LogRecordCount()
	if n > 0 {
		err = h.consume(ctx, &batch)
	}
	switch {
	case err == nil:
		h.seen.Commit(req.claimed)
		if n > 0 && h.refusing.CompareAndSwap(true, false) {
			h.logger.Info("The pipeline accepts Auth0 Log Streams records again")
		}
	case consumererror.IsPermanent(err):
		// Committed: a redelivery is answered 200 instead of being refused forever.
		h.seen.Commit(req.claimed)
		h.logger.Error("The pipeline refused Auth0 Log Streams records permanently: dropping them",
			zap.Int("records", n), zap.Error(err))
		if req.deferred == 0 {
			// The pipeline's error text stays in the log: it is not the sender's business.
			resolved = true
			return http.StatusBadRequest, "the pipeline refused the records permanently"
		}
	default:
		h.seen.Release(req.claimed)
		if !h.refusing.Swap(true) {
			h.logger.Warn("The pipeline refused Auth0 Log Streams records; answering 503 so that Auth0 sends them again",
				zap.Int("records", n), zap.Error(err))
		}
		resolved = true
		return http.StatusServiceUnavailable, "the pipeline cannot take the records now: send them again"
	}
	resolved = true
	if req.deferred > 0 {
		return http.StatusServiceUnavailable, "some events of this request are being delivered by another request: send them again"
	}
	return http.StatusOK, ""
}

// malformed answers a body that cannot be mapped: 413 when it is over a limit, 400 otherwise.
func (h *Handler) malformed(err error, size int) (int, string) {
	if le := (*mapping.LimitError)(nil); errors.As(err, &le) {
		h.logger.Warn("Refused an Auth0 Log Streams body over a limit", zap.Error(err), zap.Int("bytes", size))
		return http.StatusRequestEntityTooLarge, err.Error()
	}
	h.logger.Warn("Refused a malformed Auth0 Log Streams body", zap.Error(err), zap.Int("bytes", size))
	return http.StatusBadRequest, "malformed body: " + err.Error()
}

func (h *Handler) release(req *request) {
	clear(req.claimed) // the ids point into the mapped body: do not keep it alive
	req.claimed = req.claimed[:0]
	req.deferred = 0
	if req.body.Cap() > maxPooledBuffer {
		return
	}
	req.body.Reset()
	h.requests.Put(req)
}
