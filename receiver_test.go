package auth0receiver

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/storagetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componentstatus"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/receivertest"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/otelcol-auth0/auth0receiver/internal/metadata"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

const waitFor = 5 * time.Second

func testConfig(f *fakeAuth0) *Config {
	cfg := createDefaultConfig().(*Config)
	cfg.Domain = "tenant.example.auth0.com"
	cfg.Endpoint = f.srv.URL
	cfg.ClientID = fakeClientID
	cfg.ClientSecret = fakeClientSecret
	cfg.PollInterval = 20 * time.Millisecond
	cfg.StartAt = StartAtBeginning
	cfg.BackOffConfig.InitialInterval = 5 * time.Millisecond
	cfg.BackOffConfig.MaxInterval = 50 * time.Millisecond
	return cfg
}

// testSettings names the receiver auth0/test, so that a second instance finds the first one's
// checkpoint.
func testSettings() receiver.Settings {
	set := receivertest.NewNopSettings(metadata.Type)
	set.ID = component.NewIDWithName(metadata.Type, "test")
	return set
}

type testReceiver struct {
	*auth0Receiver
	logs *observer.ObservedLogs
}

func startReceiver(t *testing.T, cfg *Config, next consumer.Logs, host component.Host) *testReceiver {
	t.Helper()
	set := testSettings()
	core, logs := observer.New(zap.DebugLevel)
	set.Logger = zap.New(core)
	r, err := newReceiver(cfg, set, next)
	require.NoError(t, err)
	require.NoError(t, r.Start(context.Background(), host))
	t.Cleanup(func() { require.NoError(t, r.Shutdown(context.Background())) })
	return &testReceiver{auth0Receiver: r, logs: logs}
}

// startIntoSink starts the receiver of cfg, without storage, delivering into a new sink.
func startIntoSink(t *testing.T, cfg *Config) (*testReceiver, *consumertest.LogsSink) {
	t.Helper()
	sink := new(consumertest.LogsSink)
	return startReceiver(t, cfg, sink, componenttest.NewNopHost()), sink
}

// startPaged is startIntoSink with testConfig(f) and pages of pageSize events.
func startPaged(t *testing.T, f *fakeAuth0, pageSize int) (*testReceiver, *consumertest.LogsSink) {
	t.Helper()
	cfg := testConfig(f)
	cfg.PageSize = pageSize
	return startIntoSink(t, cfg)
}

// uids are the log.record.uid of every record the sink received, in order.
func uids(sink *consumertest.LogsSink) []string {
	var out []string
	for _, l := range sink.AllLogs() {
		out = append(out, testutil.UIDs(l)...)
	}
	return out
}

func waitForRecords(t *testing.T, sink *consumertest.LogsSink, n int) {
	t.Helper()
	require.Eventually(t, func() bool { return sink.LogRecordCount() >= n }, waitFor, 5*time.Millisecond,
		"expected %d records", n)
}

// stays asserts that the sink holds n records and gets no more while the receiver polls f three
// more times: by the third poll, the page of the first has been delivered (the fetch loop hands
// over one page at a time), so a repeat would have arrived.
func stays(t *testing.T, f *fakeAuth0, sink *consumertest.LogsSink, n int) {
	t.Helper()
	polled := len(f.calls())
	require.Eventually(t, func() bool { return len(f.calls()) >= polled+3 }, waitFor, time.Millisecond, "the receiver polls on")
	require.Equal(t, n, sink.LogRecordCount())
}

func (r *testReceiver) checkpoint(t *testing.T) string {
	t.Helper()
	id, err := r.store.Load(context.Background())
	require.NoError(t, err)
	return id
}

func TestPullsEveryPageInOrderOneConsumePerPage(t *testing.T) {
	f := newFakeAuth0(t)
	ids := f.add(250, "fp", time.Now().Add(-time.Hour))
	r, sink := startIntoSink(t, testConfig(f))

	waitForRecords(t, sink, 250)
	stays(t, f, sink, 250)
	assert.Equal(t, ids, uids(sink))
	require.Len(t, sink.AllLogs(), 3, "one ConsumeLogs per page")
	assert.Equal(t, []int{100, 100, 50}, []int{
		sink.AllLogs()[0].LogRecordCount(), sink.AllLogs()[1].LogRecordCount(), sink.AllLogs()[2].LogRecordCount(),
	})
	assert.Eventually(t, func() bool { return r.checkpoint(t) == ids[249] }, waitFor, 5*time.Millisecond)

	// The record carries at least what the pipeline needs before the full mapping.
	lr := sink.AllLogs()[0].ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
	assert.Equal(t, "auth0.fp", lr.EventName())
	typ, _ := lr.Attributes().Get("auth0.event.type")
	assert.Equal(t, "fp", typ.Str())
	assert.NotZero(t, lr.Timestamp())
	assert.Equal(t, "fp", lr.Body().Map().AsRaw()["type"])
	domain, _ := sink.AllLogs()[0].ResourceLogs().At(0).Resource().Attributes().Get("auth0.tenant.domain")
	assert.Equal(t, "tenant.example.auth0.com", domain.Str())
}

func TestFollowsTheLinkHeader(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(30, "s", time.Now().Add(-time.Hour))
	_, sink := startPaged(t, f, 10)

	waitForRecords(t, sink, 30)
	require.Eventually(t, func() bool { return len(f.calls()) >= 4 }, waitFor, 5*time.Millisecond)
	calls := f.calls()
	assert.Empty(t, calls[0].query.Get("via"), "the first request is built from the checkpoint")
	for _, c := range calls[1:] {
		assert.Equal(t, "link", c.query.Get("via"), "later requests follow Link rel=next")
		assert.Equal(t, "10", c.query.Get("take"))
	}
}

func TestWithoutLinkHeaderContinuesFromTheLastLogID(t *testing.T) {
	f := newFakeAuth0(t)
	f.noLink = true
	ids := f.add(25, "s", time.Now().Add(-time.Hour))
	_, sink := startPaged(t, f, 10)

	waitForRecords(t, sink, 25)
	stays(t, f, sink, 25)
	assert.Equal(t, ids, uids(sink))
	assert.Equal(t, ids[9], f.calls()[1].query.Get("from"))
}

func TestEmptyPageWaitsPollInterval(t *testing.T) {
	f := newFakeAuth0(t)
	cfg := testConfig(f)
	cfg.PollInterval = 100 * time.Millisecond
	_, sink := startIntoSink(t, cfg)

	require.Eventually(t, func() bool { return len(f.calls()) >= 4 }, waitFor, time.Millisecond)
	calls := f.calls()
	for i := 1; i < 4; i++ {
		assert.GreaterOrEqual(t, calls[i].at.Sub(calls[i-1].at), 90*time.Millisecond,
			"an empty page means caught up: poll every poll_interval, not in a loop")
	}
	assert.Zero(t, sink.LogRecordCount())

	// New events are picked up by the next poll, from the same position.
	ids := f.add(3, "s", time.Now())
	waitForRecords(t, sink, 3)
	assert.Equal(t, ids, uids(sink))
}

func TestStartAtEndSkipsTheBacklog(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(50, "s", time.Now().Add(-2*time.Hour))
	cfg := testConfig(f)
	cfg.StartAt = StartAtEnd
	_, sink := startIntoSink(t, cfg)

	require.Eventually(t, func() bool { return len(f.calls()) >= 2 }, waitFor, 5*time.Millisecond)
	newIDs := f.add(5, "s", time.Now().Add(time.Second))
	waitForRecords(t, sink, 5)
	stays(t, f, sink, 5)
	assert.Equal(t, newIDs, uids(sink))
}

func TestStartAtBeginningDeliversEverythingRetained(t *testing.T) {
	f := newFakeAuth0(t)
	old := f.add(20, "s", time.Now().Add(-30*24*time.Hour))
	recent := f.add(20, "fp", time.Now().Add(-time.Minute))
	_, sink := startIntoSink(t, testConfig(f))

	waitForRecords(t, sink, 40)
	stays(t, f, sink, 40)
	assert.Equal(t, append(old, recent...), uids(sink))
	assert.True(t, strings.HasPrefix(f.calls()[0].query.Get("from"), "900"))
}

func TestStartAtTimeDeliversEventsDatedAtOrAfterIt(t *testing.T) {
	f := newFakeAuth0(t)
	start := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	f.add(10, "s", start.Add(-time.Hour))
	// Indexed a second after start_at but dated before it: the log_id alone would let it in.
	f.addRaw(fakeLogID(start.Add(time.Second), 1000),
		`{"log_id":"`+fakeLogID(start.Add(time.Second), 1000)+`","type":"s","date":"2026-11-20T11:59:59.500Z"}`)
	// Dated exactly at start_at.
	atStart := fakeLogID(start.Add(2*time.Second), 1001)
	f.addRaw(atStart, `{"log_id":"`+atStart+`","type":"s","date":"2026-11-20T12:00:00.000Z"}`)
	later := f.add(10, "fp", start.Add(time.Hour))

	cfg := testConfig(f)
	cfg.StartAt = start.Format(time.RFC3339)
	_, sink := startIntoSink(t, cfg)

	waitForRecords(t, sink, 11)
	stays(t, f, sink, 11)
	assert.Equal(t, append([]string{atStart}, later...), uids(sink))
	assert.Equal(t, logIDLowerBound(start), f.calls()[0].query.Get("from"))
}

func TestTokenIsCachedAndRenewed(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(50, "s", time.Now().Add(-time.Hour))
	_, sink := startPaged(t, f, 5)

	waitForRecords(t, sink, 50)
	assert.Equal(t, 1, f.tokenCount(), "one token for many pages")

	// A token that stops working (revoked, rotated key): one 401, a new token, no data lost.
	f.revokeTokens()
	more := f.add(10, "s", time.Now())
	waitForRecords(t, sink, 60)
	stays(t, f, sink, 60)
	assert.Equal(t, more, uids(sink)[50:])
	assert.Equal(t, 2, f.tokenCount())
}

// Tokens are renewed before they expire, and reused until then: with 1-second tokens and a poll
// every 20 ms, about one token a second (a fixed 30-second margin fetched one per request).
func TestExpiringTokensAreRenewed(t *testing.T) {
	f := newFakeAuth0(t)
	f.tokenTTL = time.Second
	f.add(30, "s", time.Now().Add(-time.Hour))
	_, sink := startPaged(t, f, 10)

	waitForRecords(t, sink, 30)
	require.Eventually(t, func() bool { return f.tokenCount() >= 3 }, waitFor, 10*time.Millisecond, "renewed as they expire")
	requests, tokens := len(f.calls()), f.tokenCount()
	assert.Greater(t, requests, 5*tokens, "%d tokens for %d requests: reused until near expiry", tokens, requests)
	assert.Equal(t, 30, sink.LogRecordCount())
}

// statusHost records the component status events the receiver reports.
type statusHost struct {
	component.Host
	mu     sync.Mutex
	events []*componentstatus.Event
}

func (h *statusHost) Report(ev *componentstatus.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.events = append(h.events, ev)
}

func (h *statusHost) last() *componentstatus.Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.events) == 0 {
		return nil
	}
	return h.events[len(h.events)-1]
}

func TestForbiddenNamesTheScopeRetriesSlowlyAndHeals(t *testing.T) {
	f := newFakeAuth0(t)
	f.setForbidden(true)
	f.add(5, "s", time.Now().Add(-time.Hour))
	cfg := testConfig(f)
	cfg.BackOffConfig.MaxInterval = 150 * time.Millisecond // "slowly", scaled down for the test
	host := &statusHost{Host: componenttest.NewNopHost()}
	sink := new(consumertest.LogsSink)
	r := startReceiver(t, cfg, sink, host)

	require.Eventually(t, func() bool {
		ev := host.last()
		return ev != nil && ev.Status() == componentstatus.StatusRecoverableError
	}, waitFor, 5*time.Millisecond)
	assert.Contains(t, host.last().Err().Error(), "read:logs")
	require.Eventually(t, func() bool { return len(f.calls()) >= 3 }, waitFor, time.Millisecond)
	calls := f.calls()
	for i := 1; i < 3; i++ {
		assert.GreaterOrEqual(t, calls[i].at.Sub(calls[i-1].at), 140*time.Millisecond, "a missing scope is retried slowly, not in a loop")
	}
	errorLogs := r.logs.FilterLevelExact(zap.ErrorLevel).FilterMessage("Auth0 API request failed; retrying")
	assert.Equal(t, 1, errorLogs.Len(), "one log line per state change, not one per attempt")
	assert.Zero(t, sink.LogRecordCount())

	f.setForbidden(false) // the scope is granted in Auth0: no restart needed
	waitForRecords(t, sink, 5)
	require.Eventually(t, func() bool { return host.last().Status() == componentstatus.StatusOK }, waitFor, 5*time.Millisecond)
}

func TestRateLimitWaitsForRetryAfter(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(5, "s", time.Now().Add(-time.Hour))
	f.fail(status(http.StatusTooManyRequests,
		`{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached","errorCode":"too_many_requests"}`,
		"Retry-After", "1"))
	_, sink := startIntoSink(t, testConfig(f))

	waitForRecords(t, sink, 5)
	calls := f.calls()
	require.GreaterOrEqual(t, len(calls), 2)
	assert.GreaterOrEqual(t, calls[1].at.Sub(calls[0].at), 900*time.Millisecond, "Retry-After: 1 is honored")
}

func TestRateLimitWaitsForTheResetHeader(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(5, "s", time.Now().Add(-time.Hour))
	reset := time.Now().Add(2 * time.Second).Truncate(time.Second)
	f.fail(status(http.StatusTooManyRequests, `{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached"}`,
		"X-Ratelimit-Limit", "10", "X-Ratelimit-Remaining", "0", "X-Ratelimit-Reset", strconv.FormatInt(reset.Unix(), 10)))
	_, sink := startIntoSink(t, testConfig(f))

	waitForRecords(t, sink, 5)
	calls := f.calls()
	require.GreaterOrEqual(t, len(calls), 2)
	assert.False(t, calls[1].at.Before(reset.Add(-50*time.Millisecond)), "no request before x-ratelimit-reset")
}

func TestRateLimitWithoutHeadersBacksOffWithoutALoop(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(5, "s", time.Now().Add(-time.Hour))
	tooMany := status(http.StatusTooManyRequests, `{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached"}`)
	f.fail(tooMany, tooMany, tooMany)
	cfg := testConfig(f)
	cfg.BackOffConfig.InitialInterval = 40 * time.Millisecond
	cfg.BackOffConfig.MaxInterval = 200 * time.Millisecond
	cfg.BackOffConfig.RandomizationFactor = 0
	r, sink := startIntoSink(t, cfg)

	waitForRecords(t, sink, 5)
	calls := f.calls()
	require.GreaterOrEqual(t, len(calls), 4)
	for i := 1; i < 4; i++ {
		assert.GreaterOrEqual(t, calls[i].at.Sub(calls[i-1].at), 35*time.Millisecond, "429 number %d is followed by a backoff", i)
	}
	assert.Equal(t, 1, r.logs.FilterMessageSnippet("Rate limited by Auth0").Len())
}

func TestServerErrorsAndBrokenBodiesAreRetriedWithoutLossOrRepeat(t *testing.T) {
	f := newFakeAuth0(t)
	ids := f.add(30, "s", time.Now().Add(-time.Hour))
	cfg := testConfig(f)
	cfg.PageSize = 10
	f.fail(
		status(http.StatusInternalServerError, `{"statusCode":500,"error":"Internal Server Error","message":"Internal error"}`),
		status(http.StatusServiceUnavailable, `upstream unavailable`),
		truncated,
		reset,
		status(http.StatusOK, `[{"log_id":"90020261125000000`), // invalid JSON with a 200
		status(http.StatusOK, `{"not":"an array"}`),
	)
	host := &statusHost{Host: componenttest.NewNopHost()}
	sink := new(consumertest.LogsSink)
	r := startReceiver(t, cfg, sink, host)

	waitForRecords(t, sink, 30)
	stays(t, f, sink, 30)
	assert.Equal(t, ids, uids(sink))
	assert.Equal(t, ids[29], r.checkpoint(t))
	for _, c := range f.calls()[:7] {
		assert.Empty(t, c.query.Get("via"), "each failed request is retried as it was: the position does not move")
	}
	require.Eventually(t, func() bool { return host.last().Status() == componentstatus.StatusOK }, waitFor, 5*time.Millisecond)
}

func TestCheckpointSurvivesANewReceiverInstance(t *testing.T) {
	f := newFakeAuth0(t)
	first := f.add(150, "s", time.Now().Add(-time.Hour))
	storageID := storagetest.NewStorageID("auth0")
	dir := t.TempDir()
	host := storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir)
	cfg := testConfig(f)
	cfg.StorageID = &storageID

	sink1 := new(consumertest.LogsSink)
	r1, err := newReceiver(cfg, testSettings(), sink1)
	require.NoError(t, err)
	require.NoError(t, r1.Start(context.Background(), host))
	waitForRecords(t, sink1, 150)
	require.Eventually(t, func() bool {
		id, _ := r1.store.Load(context.Background())
		return id == first[149]
	}, waitFor, 5*time.Millisecond)
	require.NoError(t, r1.Shutdown(context.Background()))

	second := f.add(50, "fp", time.Now())
	callsBefore := len(f.calls())
	sink2 := new(consumertest.LogsSink)
	startReceiver(t, cfg, sink2, storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir))
	waitForRecords(t, sink2, 50)
	stays(t, f, sink2, 50)
	assert.Equal(t, second, uids(sink2), "the restart resumes after the checkpoint: nothing lost, nothing repeated")
	assert.Equal(t, first[149], f.calls()[callsBefore].query.Get("from"))
}

func TestMissingStorageExtensionFailsStart(t *testing.T) {
	f := newFakeAuth0(t)
	cfg := testConfig(f)
	missing := component.MustNewID("file_storage")
	cfg.StorageID = &missing
	r, err := newReceiver(cfg, receivertest.NewNopSettings(metadata.Type), consumertest.NewNop())
	require.NoError(t, err)
	err = r.Start(context.Background(), componenttest.NewNopHost())
	require.ErrorContains(t, err, `storage: extension "file_storage" not found`)
	require.NoError(t, r.Shutdown(context.Background()))
}

func TestRepeatedEventsAreDeliveredOnce(t *testing.T) {
	f := newFakeAuth0(t)
	f.overlap = 3 // every page repeats the last 3 events of the one before
	ids := f.add(40, "s", time.Now().Add(-time.Hour))
	_, sink := startPaged(t, f, 10)

	waitForRecords(t, sink, 40)
	stays(t, f, sink, 40)
	assert.Equal(t, ids, uids(sink))
}

// flakyConsumer refuses the first `failures` calls with err.
type flakyConsumer struct {
	consumertest.LogsSink
	mu       sync.Mutex
	failures int
	err      error
	calls    int
}

func (c *flakyConsumer) ConsumeLogs(ctx context.Context, ld plog.Logs) error {
	c.mu.Lock()
	c.calls++
	fail := c.calls <= c.failures
	c.mu.Unlock()
	if fail {
		return c.err
	}
	return c.LogsSink.ConsumeLogs(ctx, ld)
}

func TestRetryableRefusalResendsTheSamePageAndHoldsTheCheckpoint(t *testing.T) {
	f := newFakeAuth0(t)
	ids := f.add(10, "s", time.Now().Add(-time.Hour))
	cfg := testConfig(f)
	cfg.BackOffConfig.InitialInterval = 50 * time.Millisecond
	cfg.BackOffConfig.RandomizationFactor = 0
	next := &flakyConsumer{failures: 3, err: errors.New("exporter queue is full")}
	r := startReceiver(t, cfg, next, componenttest.NewNopHost())

	require.Eventually(t, func() bool { next.mu.Lock(); defer next.mu.Unlock(); return next.calls >= 2 }, waitFor, time.Millisecond)
	assert.NotContains(t, ids, r.checkpoint(t), "the checkpoint stays at the start position until the pipeline accepted the page")
	waitForRecords(t, &next.LogsSink, 10)
	stays(t, f, &next.LogsSink, 10)
	assert.Equal(t, ids, uids(&next.LogsSink))
	assert.Eventually(t, func() bool { return r.checkpoint(t) == ids[9] }, waitFor, 5*time.Millisecond)
	assert.Equal(t, 1, r.logs.FilterMessageSnippet("The pipeline refused records").Len())
}

func TestPermanentRefusalDropsThePageAndAdvances(t *testing.T) {
	f := newFakeAuth0(t)
	dropped := f.add(10, "s", time.Now().Add(-time.Hour))
	cfg := testConfig(f)
	next := &flakyConsumer{failures: 1, err: consumererror.NewPermanent(errors.New("malformed for the backend"))}
	r := startReceiver(t, cfg, next, componenttest.NewNopHost())

	require.Eventually(t, func() bool { return r.checkpoint(t) == dropped[9] }, waitFor, 5*time.Millisecond)
	more := f.add(5, "fp", time.Now())
	waitForRecords(t, &next.LogsSink, 5)
	stays(t, f, &next.LogsSink, 5)
	assert.Equal(t, more, uids(&next.LogsSink), "the refused page is not sent again")
	assert.Equal(t, 1, r.logs.FilterMessageSnippet("refused the records permanently").Len())
}

func TestShutdownDuringBackoffIsPrompt(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(5, "s", time.Now().Add(-time.Hour))
	cfg := testConfig(f)
	cfg.BackOffConfig.InitialInterval = time.Hour
	cfg.BackOffConfig.MaxInterval = time.Hour
	next := &flakyConsumer{failures: 1000, err: errors.New("down")}
	r, err := newReceiver(cfg, receivertest.NewNopSettings(metadata.Type), next)
	require.NoError(t, err)
	require.NoError(t, r.Start(context.Background(), componenttest.NewNopHost()))
	require.Eventually(t, func() bool { next.mu.Lock(); defer next.mu.Unlock(); return next.calls > 0 }, waitFor, 5*time.Millisecond)

	began := time.Now()
	require.NoError(t, r.Shutdown(context.Background()))
	assert.Less(t, time.Since(began), 5*time.Second, "Shutdown waited for the hour-long backoff")
	require.NoError(t, r.Shutdown(context.Background()), "a second Shutdown is harmless")
}

func TestShutdownHonoursItsContext(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(5, "s", time.Now().Add(-time.Hour))
	block, entered := make(chan struct{}), make(chan struct{}, 1)
	t.Cleanup(func() { close(block) })
	next := consumerFunc(func(context.Context, plog.Logs) error { entered <- struct{}{}; <-block; return nil }) // ignores cancellation
	r, err := newReceiver(testConfig(f), receivertest.NewNopSettings(metadata.Type), next)
	require.NoError(t, err)
	require.NoError(t, r.Start(context.Background(), componenttest.NewNopHost()))
	<-entered

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, r.Shutdown(ctx), context.DeadlineExceeded)
	block <- struct{}{} // let the consumer return: the loop ends and a second Shutdown completes
	require.NoError(t, r.Shutdown(context.Background()))
}

func TestShutdownWithoutStart(t *testing.T) {
	r, err := newReceiver(testConfig(newFakeAuth0(t)), receivertest.NewNopSettings(metadata.Type), consumertest.NewNop())
	require.NoError(t, err)
	require.NoError(t, r.Shutdown(context.Background()))
	require.NoError(t, r.Shutdown(context.Background()))
}

type consumerFunc func(context.Context, plog.Logs) error

func (f consumerFunc) ConsumeLogs(ctx context.Context, ld plog.Logs) error { return f(ctx, ld) }
func (consumerFunc) Capabilities() consumer.Capabilities                   { return consumer.Capabilities{} }

// Logs say what changed, once: not one line per page or per poll.
func TestOneLogLinePerStateChange(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(50, "s", time.Now().Add(-time.Hour))
	cfg := testConfig(f)
	cfg.PageSize = 10
	cfg.PollInterval = 10 * time.Millisecond
	r, sink := startIntoSink(t, cfg)

	waitForRecords(t, sink, 50)
	require.Eventually(t, func() bool { return len(f.calls()) >= 15 }, waitFor, 5*time.Millisecond, "several polls once caught up")
	assert.Equal(t, 1, r.logs.FilterMessageSnippet("Behind the Auth0 log").Len())
	assert.Equal(t, 1, r.logs.FilterMessageSnippet("Caught up with the Auth0 log").Len())

	f.add(30, "s", time.Now()) // behind again, then caught up again
	waitForRecords(t, sink, 80)
	require.Eventually(t, func() bool {
		return r.logs.FilterMessageSnippet("Caught up with the Auth0 log").Len() == 2
	}, waitFor, 5*time.Millisecond)
	assert.Equal(t, 2, r.logs.FilterMessageSnippet("Behind the Auth0 log").Len())
	for _, e := range r.logs.All() {
		assert.NotContains(t, e.Message+fmt.Sprint(e.Context), fakeClientSecret)
	}
}

// retry_on_failure bounds how long a page the pipeline keeps refusing is retried: with
// max_elapsed_time it is dropped after that long, with enabled: false at once. Either way the
// checkpoint moves past it and the next events flow.
func TestRetryLimitsDropAPageThePipelineKeepsRefusing(t *testing.T) {
	for name, tune := range map[string]func(*Config){
		"max_elapsed_time": func(cfg *Config) { cfg.BackOffConfig.MaxElapsedTime = 100 * time.Millisecond },
		"disabled":         func(cfg *Config) { cfg.BackOffConfig.Enabled = false },
	} {
		t.Run(name, func(t *testing.T) {
			f := newFakeAuth0(t)
			refused := f.add(5, "s", time.Now().Add(-time.Hour))
			cfg := testConfig(f)
			tune(cfg)
			next := &flakyConsumer{failures: 1 << 30, err: errors.New("exporter queue is full")}
			r := startReceiver(t, cfg, next, componenttest.NewNopHost())

			require.Eventually(t, func() bool { return r.checkpoint(t) == refused[4] }, waitFor, 5*time.Millisecond)
			assert.Equal(t, 1, r.logs.FilterMessageSnippet("dropping them").Len())
			next.mu.Lock()
			next.failures = 0
			next.mu.Unlock()
			more := f.add(3, "fp", time.Now())
			waitForRecords(t, &next.LogsSink, 3)
			assert.Equal(t, more, uids(&next.LogsSink))
		})
	}
}
