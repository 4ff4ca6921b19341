package webhook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/otelcol-auth0/auth0receiver/internal/dedup"
	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

const (
	testPath = "/auth0/logs"
	testAuth = "Bearer wh-s3cr3t-token"
)

// pipeline records what the handler consumed and answers with the errors queued in refuse.
type pipeline struct {
	mu     sync.Mutex
	refuse []error
	calls  int
	uids   []string
}

func (p *pipeline) consume(_ context.Context, b *mapping.Batch) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if len(p.refuse) > 0 {
		err := p.refuse[0]
		p.refuse = p.refuse[1:]
		if err != nil {
			return err
		}
	}
	p.uids = append(p.uids, testutil.UIDs(b.Logs)...)
	return nil
}

func (p *pipeline) consumed() (calls int, ids []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls, append([]string(nil), p.uids...)
}

type fixture struct {
	h    *Handler
	p    *pipeline
	seen *dedup.Set
	logs *observer.ObservedLogs
}

func newFixture(t *testing.T, edit ...func(*Settings)) *fixture {
	t.Helper()
	m := mapping.New(mapping.Options{Domain: "acme.us.auth0.com", ScopeName: "test"})
	core, logs := observer.New(zapcore.DebugLevel)
	f := &fixture{p: &pipeline{}, seen: dedup.New(1000), logs: logs}
	s := Settings{
		Path: testPath, Authorization: testAuth, MaxBodySize: 64 << 10,
		Map: m.MapStream, Consume: f.p.consume, Seen: f.seen, Logger: zap.New(core),
	}
	for _, e := range edit {
		e(&s)
	}
	var err error
	f.h, err = New(s)
	require.NoError(t, err)
	return f
}

// post sends body as Auth0 does and returns the answer.
func (f *fixture) post(t *testing.T, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, testPath, strings.NewReader(body))
	req.Header.Set("Authorization", testAuth)
	req.Header.Set("Content-Type", "application/json")
	return f.serve(req)
}

func (f *fixture) serve(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

func logID(n int) string { return fmt.Sprintf("900202611250930%02d%038d", n%60, n) }

func event(id, code string) string {
	return `{"date":"2026-11-25T09:30:00.123Z","type":"` + code + `","description":"x","ip":"81.2.69.143",` +
		`"user_id":"auth0|1","log_id":"` + id + `","tenant_name":"acme"}`
}

func envelope(id, code string) string {
	return `{"log_id":"` + id + `","data":` + event(id, code) + `}`
}

func jsonLines(ids ...string) string {
	var b strings.Builder
	for _, id := range ids {
		b.WriteString(envelope(id, "s"))
		b.WriteByte('\n')
	}
	return b.String()
}

func jsonArray(ids ...string) string {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = envelope(id, "fp")
	}
	return "[" + strings.Join(items, ",") + "]"
}

func TestAcceptsEachAuth0Format(t *testing.T) {
	for name, tc := range map[string]struct {
		body string
		ids  []string
	}{
		"json lines":                       {jsonLines(logID(1), logID(2), logID(3)), []string{logID(1), logID(2), logID(3)}},
		"json lines without final newline": {strings.TrimSuffix(jsonLines(logID(1), logID(2)), "\n"), []string{logID(1), logID(2)}},
		"json array":                       {jsonArray(logID(4), logID(5)), []string{logID(4), logID(5)}},
		"single object":                    {envelope(logID(6), "fu"), []string{logID(6)}},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			rec := f.post(t, tc.body)
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			calls, got := f.p.consumed()
			assert.Equal(t, 1, calls, "one ConsumeLogs per request")
			assert.Equal(t, tc.ids, got)
		})
	}
}

func TestMalformedBodyIs400AndNothingIsDelivered(t *testing.T) {
	for name, body := range map[string]string{
		"broken second line":      jsonLines(logID(1)) + `{"log_id":"` + logID(2) + `","data":{"type":"s"` + "\n",
		"truncated array":         strings.TrimSuffix(jsonArray(logID(1), logID(2)), "]"),
		"not json":                "log_id=1",
		"two objects on one line": envelope(logID(1), "s") + envelope(logID(2), "s"),
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			rec := f.post(t, body)
			assert.Equal(t, http.StatusBadRequest, rec.Code)
			assert.Contains(t, rec.Body.String(), "malformed body")
			calls, _ := f.p.consumed()
			assert.Zero(t, calls)

			// The valid events of the refused body were not marked as seen: a fixed delivery takes them.
			require.Equal(t, http.StatusOK, f.post(t, jsonLines(logID(1), logID(2))).Code)
			_, got := f.p.consumed()
			assert.Equal(t, []string{logID(1), logID(2)}, got)
		})
	}
}

func TestRetryableRefusalIs503AndTheRedeliveryIsAccepted(t *testing.T) {
	f := newFixture(t)
	f.p.refuse = []error{errors.New("exporter queue is full")}
	body := jsonLines(logID(1), logID(2))

	rec := f.post(t, body)
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	_, got := f.p.consumed()
	assert.Empty(t, got)

	rec = f.post(t, body) // Auth0 delivers the same body again
	assert.Equal(t, http.StatusOK, rec.Code)
	calls, got := f.p.consumed()
	assert.Equal(t, 2, calls)
	assert.Equal(t, []string{logID(1), logID(2)}, got)

	assert.Equal(t, 1, f.logs.FilterMessageSnippet("answering 503").Len())
	assert.Equal(t, 1, f.logs.FilterMessageSnippet("accepts Auth0 Log Streams records again").Len())
}

// Only the ids this request added are forgotten on a 503: an id another request delivered stays.
func TestRetryableRefusalForgetsOnlyItsOwnIDs(t *testing.T) {
	f := newFixture(t)
	require.Equal(t, http.StatusOK, f.post(t, jsonLines(logID(1))).Code)
	f.p.refuse = []error{errors.New("down")}
	require.Equal(t, http.StatusServiceUnavailable, f.post(t, jsonLines(logID(1), logID(2))).Code)

	require.Equal(t, http.StatusOK, f.post(t, jsonLines(logID(1), logID(2))).Code)
	_, got := f.p.consumed()
	assert.Equal(t, []string{logID(1), logID(2)}, got, "1 once, 2 after its redelivery")
}

func TestPermanentRefusalIs400AndIsNotDeliveredAgain(t *testing.T) {
	f := newFixture(t)
	f.p.refuse = []error{consumererror.NewPermanent(errors.New("rejected by the backend"))}
	body := jsonArray(logID(1), logID(2))

	rec := f.post(t, body)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Contains(t, rec.Body.String(), "permanently")
	assert.NotContains(t, rec.Body.String(), "rejected by the backend", "the pipeline's error is not the sender's business")
	errorLogs := f.logs.FilterLevelExact(zapcore.ErrorLevel)
	require.Equal(t, 1, errorLogs.Len())
	assert.Contains(t, errorLogs.All()[0].ContextMap()["error"], "rejected by the backend", "the detail is logged")

	// Auth0 retries a 4xx: the refused records are dropped, as the pull path drops them, rather
	// than refused forever.
	rec = f.post(t, body)
	assert.Equal(t, http.StatusOK, rec.Code)
	calls, got := f.p.consumed()
	assert.Equal(t, 1, calls)
	assert.Empty(t, got)
}

func TestAllDuplicatesAnswer200WithoutConsuming(t *testing.T) {
	f := newFixture(t)
	body := jsonLines(logID(1), logID(2), logID(3))
	require.Equal(t, http.StatusOK, f.post(t, body).Code)
	require.Equal(t, http.StatusOK, f.post(t, body).Code)
	calls, got := f.p.consumed()
	assert.Equal(t, 1, calls, "a request of duplicates does not reach the pipeline")
	assert.Equal(t, []string{logID(1), logID(2), logID(3)}, got)

	// Partly new: only the new events are passed on.
	require.Equal(t, http.StatusOK, f.post(t, jsonLines(logID(3), logID(4), logID(1))).Code)
	calls, got = f.p.consumed()
	assert.Equal(t, 2, calls)
	assert.Equal(t, []string{logID(1), logID(2), logID(3), logID(4)}, got)
}

func TestItemsWithoutEnvelopeLogID(t *testing.T) {
	f := newFixture(t)
	// No envelope log_id: keyed by data.log_id, so a repeat is still dropped.
	noEnvelopeID := `{"data":` + event(logID(7), "s") + `}`
	// Neither: delivered every time, as there is nothing to tell a repeat by.
	noID := `{"data":{"date":"2026-11-25T09:30:00.123Z","type":"s"}}`
	body := noEnvelopeID + "\n" + noID + "\n"

	require.Equal(t, http.StatusOK, f.post(t, body).Code)
	require.Equal(t, http.StatusOK, f.post(t, body).Code)
	calls, got := f.p.consumed()
	assert.Equal(t, 2, calls)
	assert.Equal(t, []string{logID(7), "<none>", "<none>"}, got)
}

func TestAuthorization(t *testing.T) {
	for name, value := range map[string]string{
		"missing":          "",
		"wrong":            "Bearer wrong",
		"prefix of it":     "Bearer wh-s3cr3t",
		"without scheme":   "wh-s3cr3t-token",
		"different case":   "bearer wh-s3cr3t-token",
		"with extra space": testAuth + " ",
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			req := httptest.NewRequest(http.MethodPost, testPath, strings.NewReader(jsonLines(logID(1))))
			if value != "" {
				req.Header.Set("Authorization", value)
			}
			rec := f.serve(req)
			assert.Equal(t, http.StatusUnauthorized, rec.Code)
			calls, _ := f.p.consumed()
			assert.Zero(t, calls)
			assert.Zero(t, f.seen.Len(), "an unauthorized body is not even read")
		})
	}
}

// Guard decides on path, method and Authorization alone: the layers behind it (decompression,
// body limits) and the body itself are never touched for a request it refuses, and the
// connection is closed so that the server does not read the body either.
func TestGuardRefusesWithoutReadingTheBody(t *testing.T) {
	f := newFixture(t)
	reached := 0
	guarded := f.h.Guard(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached++ }))
	for name, tc := range map[string]struct {
		method, path, auth string
		want               int
	}{
		"anonymous":    {http.MethodPost, testPath, "", http.StatusUnauthorized},
		"wrong secret": {http.MethodPost, testPath, "Bearer guess", http.StatusUnauthorized},
		"other path":   {http.MethodPost, "/other", testAuth, http.StatusNotFound},
		"GET":          {http.MethodGet, testPath, testAuth, http.StatusMethodNotAllowed},
	} {
		body := &countingReader{r: strings.NewReader(jsonLines(logID(1)))}
		req := httptest.NewRequest(tc.method, tc.path, body)
		req.Header.Set("Content-Encoding", "snappy")
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		rec := httptest.NewRecorder()
		guarded.ServeHTTP(rec, req)
		assert.Equal(t, tc.want, rec.Code, name)
		assert.Equal(t, "close", rec.Header().Get("Connection"), name)
		assert.Zero(t, body.n, name+": body bytes read")
	}
	assert.Zero(t, reached)

	req := httptest.NewRequest(http.MethodPost, testPath, strings.NewReader(""))
	req.Header.Set("Authorization", testAuth)
	guarded.ServeHTTP(httptest.NewRecorder(), req)
	assert.Equal(t, 1, reached, "an authorized request goes through")
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestUnauthorizedWarningIsRateLimitedAndNeverShowsTheValue(t *testing.T) {
	f := newFixture(t)
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	f.h.now = func() time.Time { return now }
	send := func(auth string) {
		req := httptest.NewRequest(http.MethodPost, testPath, strings.NewReader(jsonLines(logID(1))))
		req.Header.Set("Authorization", auth)
		require.Equal(t, http.StatusUnauthorized, f.serve(req).Code)
	}

	send("Bearer leaked-guess-1")
	warnings := f.logs.FilterMessageSnippet("Authorization header does not match")
	require.Equal(t, 1, warnings.Len(), "the first refusal is logged at once")
	assert.Equal(t, zapcore.WarnLevel, warnings.All()[0].Level)
	assert.Equal(t, "wrong value", warnings.All()[0].ContextMap()["authorization"])

	for range 5 {
		now = now.Add(10 * time.Second)
		send("Bearer leaked-guess-2")
	}
	assert.Equal(t, 1, f.logs.FilterMessageSnippet("Authorization header does not match").Len(), "at most one a minute")

	now = now.Add(15 * time.Second)
	send("")
	warnings = f.logs.FilterMessageSnippet("Authorization header does not match")
	require.Equal(t, 2, warnings.Len())
	assert.Equal(t, "missing", warnings.All()[1].ContextMap()["authorization"])
	assert.EqualValues(t, 5, warnings.All()[1].ContextMap()["refused_since_last_warning"])

	for _, e := range f.logs.All() {
		line := fmt.Sprint(e.Message, e.ContextMap())
		for _, secret := range []string{"leaked-guess", "wh-s3cr3t"} {
			assert.NotContains(t, line, secret)
		}
	}
}

func TestOtherMethodsAre405WithAllow(t *testing.T) {
	f := newFixture(t)
	for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodDelete, http.MethodHead, http.MethodOptions} {
		req := httptest.NewRequest(method, testPath, strings.NewReader(jsonLines(logID(1))))
		req.Header.Set("Authorization", testAuth)
		rec := f.serve(req)
		assert.Equal(t, http.StatusMethodNotAllowed, rec.Code, method)
		assert.Equal(t, http.MethodPost, rec.Header().Get("Allow"), method)
	}
	calls, _ := f.p.consumed()
	assert.Zero(t, calls)
}

func TestUnknownPathIs404(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/", "/auth0/logs/", "/auth0", "/auth0/logsx", "/other"} {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(jsonLines(logID(1))))
		req.Header.Set("Authorization", testAuth)
		assert.Equal(t, http.StatusNotFound, f.serve(req).Code, path)
	}
	calls, _ := f.p.consumed()
	assert.Zero(t, calls)
}

func TestBodyOverTheLimitIs413(t *testing.T) {
	f := newFixture(t, func(s *Settings) { s.MaxBodySize = 1000 })
	var ids []string
	for i := range 20 {
		ids = append(ids, logID(i))
	}
	big := jsonLines(ids...)
	require.Greater(t, len(big), 1000)

	// Declared length over the limit: refused before reading.
	assert.Equal(t, http.StatusRequestEntityTooLarge, f.post(t, big).Code)

	// Unknown length (chunked): refused when the limit is crossed.
	req := httptest.NewRequest(http.MethodPost, testPath, io.MultiReader(strings.NewReader(big)))
	req.ContentLength = -1
	req.Header.Set("Authorization", testAuth)
	rec := f.serve(req)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	assert.Contains(t, rec.Body.String(), "max_request_body_size")

	calls, _ := f.p.consumed()
	assert.Zero(t, calls)
	assert.Zero(t, f.seen.Len())

	// Exactly at the limit is fine.
	small := jsonLines(logID(1), logID(2))
	small += strings.Repeat(" ", 1000-len(small))
	assert.Equal(t, http.StatusOK, f.post(t, small).Code)
}

func TestUnreadableBodyIs400(t *testing.T) {
	f := newFixture(t)
	req := httptest.NewRequest(http.MethodPost, testPath, io.MultiReader(strings.NewReader(jsonLines(logID(1))), errReader{}))
	req.Header.Set("Authorization", testAuth)
	assert.Equal(t, http.StatusBadRequest, f.serve(req).Code)
	calls, _ := f.p.consumed()
	assert.Zero(t, calls)
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestEmptyBodyIs200WithoutConsuming(t *testing.T) {
	f := newFixture(t)
	assert.Equal(t, http.StatusOK, f.post(t, "").Code)
	assert.Equal(t, http.StatusOK, f.post(t, "[]").Code)
	calls, _ := f.p.consumed()
	assert.Zero(t, calls)
}

// Concurrent deliveries of the same events (Auth0 retrying while the first is still being
// consumed) pass each event on once; a request that met events held by another is answered 503,
// and its redelivery, once the others are done, 200.
func TestConcurrentRepeatsAreConsumedOnce(t *testing.T) {
	f := newFixture(t)
	var ids []string
	for i := range 50 {
		ids = append(ids, logID(i))
	}
	body := jsonLines(ids...)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for {
				code := f.post(t, body).Code
				if code == http.StatusOK {
					return
				}
				assert.Equal(t, http.StatusServiceUnavailable, code)
			}
		})
	}
	wg.Wait()
	_, got := f.p.consumed()
	assert.ElementsMatch(t, ids, got)
	assert.Zero(t, f.seen.InFlight())
}

// blockingPipeline holds every consume until the test answers it through the channel that the
// call hands over on entered.
type blockingPipeline struct{ entered chan chan error }

func (p *blockingPipeline) consume(context.Context, *mapping.Batch) error {
	answer := make(chan error)
	p.entered <- answer
	return <-answer
}

// Auth0 redelivers a batch after its own timeout while the first delivery is still inside the
// pipeline. The redelivery must not be acknowledged as "already delivered": the first one may
// still fail, and then a 200 for the second would lose the events.
func TestRedeliveryWhileInFlightIsNotAcknowledged(t *testing.T) {
	bp := &blockingPipeline{entered: make(chan chan error)}
	f := newFixture(t, func(s *Settings) { s.Consume = bp.consume })
	body := jsonLines(logID(1), logID(2))

	first := make(chan int)
	go func() { first <- f.post(t, body).Code }()
	answerFirst := <-bp.entered

	assert.Equal(t, http.StatusServiceUnavailable, f.post(t, body).Code, "the redelivery meets events in flight")
	partly := jsonLines(logID(2), logID(3))
	second := make(chan int)
	go func() { second <- f.post(t, partly).Code }()
	answerSecond := <-bp.entered // logID(3) is new: it is delivered, logID(2) is held by the first request
	answerSecond <- nil
	assert.Equal(t, http.StatusServiceUnavailable, <-second, "logID(2) was in flight: send it again")

	answerFirst <- errors.New("exporter queue is full")
	assert.Equal(t, http.StatusServiceUnavailable, <-first)

	// Auth0 sends both again: everything not accepted yet is delivered now.
	f.h.consume = f.p.consume
	assert.Equal(t, http.StatusOK, f.post(t, body).Code)
	assert.Equal(t, http.StatusOK, f.post(t, partly).Code)
	_, got := f.p.consumed()
	assert.Equal(t, []string{logID(1), logID(2)}, got, "logID(3) was accepted by the blocked pipeline")
	assert.Zero(t, f.seen.InFlight())
}

// A pipeline that panics must not leave the ids held: the pull would wait for them forever.
func TestPanickingPipelineReleasesTheIDs(t *testing.T) {
	f := newFixture(t, func(s *Settings) {
		s.Consume = func(context.Context, *mapping.Batch) error { panic("boom") }
	})
	func() {
		defer func() { assert.NotNil(t, recover()) }()
		f.post(t, jsonLines(logID(1)))
	}()
	assert.Zero(t, f.seen.InFlight())
	assert.Equal(t, dedup.Claimed, f.seen.Claim(logID(1)))
}

func TestNewRejectsIncompleteSettings(t *testing.T) {
	m := mapping.New(mapping.Options{})
	ok := Settings{Path: "/p", Authorization: "a", Map: m.MapStream, Consume: func(context.Context, *mapping.Batch) error { return nil }, Seen: dedup.New(1)}
	_, err := New(ok)
	require.NoError(t, err)

	for name, edit := range map[string]func(*Settings){
		"path":          func(s *Settings) { s.Path = "auth0/logs" },
		"empty path":    func(s *Settings) { s.Path = "" },
		"authorization": func(s *Settings) { s.Authorization = "" },
		"map":           func(s *Settings) { s.Map = nil },
		"consume":       func(s *Settings) { s.Consume = nil },
		"seen":          func(s *Settings) { s.Seen = nil },
	} {
		s := ok
		edit(&s)
		_, err := New(s)
		assert.Error(t, err, name)
	}
}
