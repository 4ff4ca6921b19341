package auth0receiver

// Tests that attack the README's promises (nothing lost, nothing repeated, no secret leaked) the
// way a hostile network, a hostile client or a slow, failing pipeline would.

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/storagetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componentstatus"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/otel/attribute"

	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// gatedConsumer holds the first batch that carries gateID until the test answers it, and passes
// every other batch to the sink.
type gatedConsumer struct {
	consumertest.LogsSink
	gateID  string
	once    sync.Once
	entered chan struct{}
	answer  chan error
}

func newGatedConsumer(gateID string) *gatedConsumer {
	return &gatedConsumer{gateID: gateID, entered: make(chan struct{}), answer: make(chan error)}
}

func (g *gatedConsumer) ConsumeLogs(ctx context.Context, ld plog.Logs) error {
	for _, id := range testutil.UIDs(ld) {
		if id != g.gateID {
			continue
		}
		gated := false
		g.once.Do(func() { gated = true })
		if gated {
			close(g.entered)
			if err := <-g.answer; err != nil {
				return err
			}
		}
	}
	return g.LogsSink.ConsumeLogs(ctx, ld)
}

// The pull meets events that the webhook is still delivering. It must wait for the webhook's
// outcome: skipping them as duplicates loses them when the webhook's delivery then fails (the
// pull's checkpoint has moved past them), delivering them repeats them when it succeeds.
func TestPullWaitsForEventsTheWebhookHolds(t *testing.T) {
	for name, webhookFails := range map[string]bool{"webhook fails": true, "webhook delivers": false} {
		t.Run(name, func(t *testing.T) {
			f := newFakeAuth0(t)
			ids := newIDs(3, time.Now().Add(-time.Minute), 100)
			next := newGatedConsumer(ids[0])
			r := startReceiver(t, withWebhook(testConfig(f)), next, componenttest.NewNopHost())

			pushed := r.pushAsync(t, streamLines(ids...))
			<-next.entered // the webhook's delivery is inside the pipeline

			for _, id := range ids { // the same events become visible to the pull
				f.addRaw(id, string(fakeEventJSON(id, "fp", time.Now())))
			}
			require.Eventually(t, func() bool { return r.seen.Waiting() > 0 }, waitFor, time.Millisecond,
				"the pull waits for the ids the webhook holds")
			assert.Zero(t, next.LogRecordCount(), "nothing delivered twice meanwhile")

			if webhookFails {
				next.answer <- errors.New("exporter queue is full")
				assert.Equal(t, http.StatusServiceUnavailable, <-pushed)
			} else {
				next.answer <- nil
				assert.Equal(t, http.StatusOK, <-pushed)
			}
			waitForRecords(t, &next.LogsSink, 3)
			require.Eventually(t, func() bool { return r.checkpoint(t) == ids[2] }, waitFor, time.Millisecond)
			stays(t, f, &next.LogsSink, 3)
			assert.ElementsMatch(t, ids, uids(&next.LogsSink), "each event once, whichever path brought it")
		})
	}
}

// Persistent 429s whose Retry-After is 0 (or whose reset is the current second) must back off
// further each time, not retry at a fixed short interval forever.
func TestRepeated429sWithoutAWaitBackOffFurther(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(1, "s", time.Now().Add(-time.Hour))
	tooMany := status(http.StatusTooManyRequests, `{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached"}`,
		"Retry-After", "0")
	for range 10 {
		f.fail(tooMany)
	}
	cfg := testConfig(f)
	cfg.BackOffConfig.InitialInterval = 300 * time.Millisecond
	cfg.BackOffConfig.MaxInterval = 1200 * time.Millisecond
	cfg.BackOffConfig.Multiplier = 2
	cfg.BackOffConfig.RandomizationFactor = 0
	startReceiver(t, cfg, consumertest.NewNop(), componenttest.NewNopHost())

	require.Eventually(t, func() bool { return len(f.calls()) >= 4 }, 10*time.Second, 10*time.Millisecond)
	calls := f.calls()
	gaps := []time.Duration{calls[1].at.Sub(calls[0].at), calls[2].at.Sub(calls[1].at), calls[3].at.Sub(calls[2].at)}
	assert.GreaterOrEqual(t, gaps[0], 280*time.Millisecond, "the first 429 waits the initial backoff: %v", gaps)
	assert.GreaterOrEqual(t, gaps[2], 1100*time.Millisecond, "the third waits four times as long: %v", gaps)
}

// faultyStorage is an in-memory storage extension that outlives receivers, whose client can fail
// writes (failSets) or reads of the delivered ids, and be slow to store those or to close,
// ignoring its context as file_storage's Close and bbolt's Update do. It counts its closes.
type faultyStorage struct {
	component.StartFunc
	component.ShutdownFunc
	failSets          atomic.Bool
	failDeliveredGets atomic.Bool
	closeDelay        atomic.Int64 // ns
	deliveredSetDelay atomic.Int64 // ns
	closes            atomic.Int32
	client            *storagetest.TestClient
}

func newFaultyStorage() *faultyStorage {
	return &faultyStorage{client: storagetest.NewInMemoryClient(component.KindReceiver, testSettings().ID, "")}
}

func (s *faultyStorage) GetClient(context.Context, component.Kind, component.ID, string) (storage.Client, error) {
	return faultyClient{s}, nil
}

// closed reports whether a client was closed.
func (s *faultyStorage) closed() bool { return s.closes.Load() > 0 }

type faultyClient struct{ s *faultyStorage }

func (c faultyClient) Get(ctx context.Context, k string) ([]byte, error) {
	if strings.HasSuffix(k, "/delivered") && c.s.failDeliveredGets.Load() {
		return nil, errors.New("transient: database is locked")
	}
	return c.s.client.Get(ctx, k)
}

func (c faultyClient) Set(ctx context.Context, k string, v []byte) error {
	if c.s.failSets.Load() {
		return errors.New("no space left on device")
	}
	if strings.HasSuffix(k, "/delivered") {
		time.Sleep(time.Duration(c.s.deliveredSetDelay.Load()))
	}
	return c.s.client.Set(ctx, k, v)
}

func (c faultyClient) Delete(ctx context.Context, k string) error { return c.s.client.Delete(ctx, k) }

func (c faultyClient) Batch(ctx context.Context, ops ...*storage.Operation) error {
	return c.s.client.Batch(ctx, ops...)
}

func (c faultyClient) Close(context.Context) error {
	time.Sleep(time.Duration(c.s.closeDelay.Load()))
	c.s.closes.Add(1)
	return nil
}

func withStorage(cfg *Config, s *faultyStorage) (*Config, component.Host) {
	id := storagetest.NewStorageID("faulty")
	cfg.StorageID = &id
	return cfg, storagetest.NewStorageHost().WithExtension(id, s)
}

// A checkpoint that cannot be stored makes the status an error and counts, and is written
// again, even while the receiver is caught up and pages are empty.
func TestFailingCheckpointWriteIsReportedAndRetried(t *testing.T) {
	f := newFakeAuth0(t)
	ids := f.add(5, "s", time.Now().Add(-time.Hour))
	store := newFaultyStorage()
	store.failSets.Store(true)
	cfg, storageHost := withStorage(testConfig(f), store)
	host := &statusHost{Host: storageHost}
	sink := new(consumertest.LogsSink)
	r, tel := startWithTelemetry(t, cfg, sink, host)

	waitForRecords(t, sink, 5)
	eventually(t, func() bool {
		ev := host.last()
		return ev != nil && ev.Status() == componentstatus.StatusRecoverableError && strings.Contains(ev.Err().Error(), "no space left")
	}, "a recoverable error status names the storage failure")
	eventually(t, func() bool { return value(t, tel, "checkpoint_write_errors") >= 2 }, "retried after the next (empty) page, and counted")

	store.failSets.Store(false) // the disk has room again
	eventually(t, func() bool {
		id, err := r.store.Load(context.Background())
		return err == nil && id == ids[4]
	}, "stored once the storage heals, without new events")
	eventually(t, func() bool { return host.last().Status() == componentstatus.StatusOK }, "status OK again")
	assert.Equal(t, 5, sink.LogRecordCount(), "nothing delivered twice meanwhile")
}

// When the webhook's stop uses up Shutdown's deadline, Shutdown must still close the checkpoint
// store of a pull loop that has stopped.
func TestShutdownClosesTheStoreWhenTheWebhookUsedTheDeadline(t *testing.T) {
	for range 10 {
		f := newFakeAuth0(t)
		release := make(chan struct{})
		next := consumerFunc(func(context.Context, plog.Logs) error { <-release; return nil }) // ignores its context
		store := newFaultyStorage()
		cfg, host := withStorage(withWebhook(testConfig(f)), store)
		r, err := newReceiver(cfg, testSettings(), next)
		require.NoError(t, err)
		require.NoError(t, r.Start(context.Background(), host))
		tr := &testReceiver{auth0Receiver: r}
		req, err := http.NewRequest(http.MethodPost, tr.webhookURL(), strings.NewReader(streamLines(newIDs(1, time.Now(), 7000)...)))
		require.NoError(t, err)
		req.Header.Set("Authorization", testWebhookAuth)
		go func() {
			if resp, doErr := http.DefaultClient.Do(req); doErr == nil { // cut off by the Shutdown
				_ = resp.Body.Close()
			}
		}()
		require.Eventually(t, func() bool { return r.seen.InFlight() == 1 }, waitFor, time.Millisecond)

		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		err = r.Shutdown(ctx)
		cancel()
		assert.ErrorIs(t, err, context.DeadlineExceeded, "the webhook request outlived the deadline")
		require.Eventually(t, store.closed, waitFor, time.Millisecond, "the store is closed: the pull loop had stopped")
		close(release)
	}
}

// logsMover takes the records out of every batch it accepts, as a batch processor does: after
// ConsumeLogs returned, the batch belongs to the pipeline and is empty here.
type logsMover struct {
	mu   sync.Mutex
	kept plog.Logs
}

func (m *logsMover) ConsumeLogs(_ context.Context, ld plog.Logs) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	ld.ResourceLogs().MoveAndAppendTo(m.kept.ResourceLogs())
	return nil
}

func (*logsMover) Capabilities() consumer.Capabilities {
	return consumer.Capabilities{MutatesData: true}
}

func (m *logsMover) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.kept.LogRecordCount()
}

// The receiver counts what it delivered before handing it over, not by reading the batch after
// the pipeline took it.
func TestDeliveredRecordsAreCountedBeforeHandingOver(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(300, "s", time.Now().Add(-time.Hour))
	next := &logsMover{kept: plog.NewLogs()}
	r, tel := startWithTelemetry(t, withWebhook(testConfig(f)), next, &statusHost{Host: componenttest.NewNopHost()})
	eventually(t, func() bool { return next.count() == 300 }, "pulled")
	tr := &testReceiver{auth0Receiver: r}
	require.Equal(t, http.StatusOK, tr.push(t, streamLines(newIDs(50, time.Now(), 8000)...)))

	delivered := attribute.String("outcome", outcomeDelivered)
	eventually(t, func() bool {
		return value(t, tel, "records", delivered, attribute.String("source", sourcePull)) == 300
	}, "300 pulled records counted as delivered")
	assert.Equal(t, 50.0, value(t, tel, "records", delivered, attribute.String("source", sourceWebhook)))
}

// rawRequest writes head and body to a new connection to addr and returns the status line, how
// long it took to come, and whether the server then closed the connection.
func rawRequest(t *testing.T, addr, head, body string) (status string, took time.Duration, closed bool) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	began := time.Now()
	_, err = conn.Write([]byte(head + "\r\n" + body))
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(5*time.Second)))
	rd := bufio.NewReader(conn)
	status, err = rd.ReadString('\n')
	require.NoError(t, err)
	took = time.Since(began)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(time.Second)))
	for {
		if _, err := rd.ReadByte(); err != nil {
			var ne net.Error
			closed = !errors.As(err, &ne) || !ne.Timeout()
			return strings.TrimSpace(status), took, closed
		}
	}
}

// Nothing of an anonymous request's body is read or decoded: a corrupt compressed body is refused
// for its missing Authorization (401), not for its encoding, and a client that announces a large
// body and trickles it is answered at once and disconnected, even without a read timeout.
func TestAnonymousRequestsCostTheWebhookNothing(t *testing.T) {
	f := newFakeAuth0(t)
	cfg := webhookOnly(f)
	wh := cfg.Webhook.Get()
	wh.ReadTimeout, wh.ReadHeaderTimeout = 0, 0
	wh.CompressionAlgorithms = []string{"", "gzip", "snappy", "zstd"}
	r, sink := startIntoSink(t, cfg)
	addr := r.webhook.addr.String()
	corrupt := "\xff\x06\x00\x00sNaPpY\x01garbage-not-snappy"

	head := "POST /auth0/logs HTTP/1.1\r\nHost: x\r\nContent-Encoding: snappy\r\nContent-Length: " +
		strconv.Itoa(len(corrupt)) + "\r\n"
	status, _, _ := rawRequest(t, addr, head, corrupt)
	assert.Equal(t, "HTTP/1.1 401 Unauthorized", status, "refused for the Authorization, before any decoding")
	status, _, _ = rawRequest(t, addr, head+"Authorization: "+testWebhookAuth+"\r\n", corrupt)
	assert.Equal(t, "HTTP/1.1 400 Bad Request", status, "an authorized corrupt body is decoded, and refused")

	slow := "POST /auth0/logs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer guess\r\nContent-Length: 10000000\r\n"
	status, took, closed := rawRequest(t, addr, slow, "[") // and nothing more: the body never comes
	assert.Equal(t, "HTTP/1.1 401 Unauthorized", status)
	assert.Less(t, took, 3*time.Second, "answered without waiting for the body (which never comes)")
	assert.True(t, closed, "and disconnected, so the body is not awaited to reuse the connection")
	assert.Zero(t, sink.LogRecordCount())
}

// A page whose last event has no log_id must still move the checkpoint (to the largest log_id of
// the page): otherwise, without a Link header, the same page is fetched and delivered forever.
func TestAPageEndingWithoutALogIDIsDeliveredOnce(t *testing.T) {
	f := newFakeAuth0(t)
	f.noLink = true
	ids := f.add(3, "s", time.Now().Add(-time.Hour))
	f.fail(pageOf(f.events[0].body, f.events[1].body, f.events[2].body,
		[]byte(`{"type":"s","date":"2026-11-30T10:00:00.000Z","description":"no log_id"}`)))
	r, sink := startIntoSink(t, testConfig(f))

	deliveredOnce(t, f, r, sink, 4, ids[2])
}

// A page out of order must not move the checkpoint backwards: the next page starts after the
// largest log_id delivered, and nothing comes twice.
func TestAPageOutOfOrderDoesNotMoveTheCheckpointBack(t *testing.T) {
	f := newFakeAuth0(t)
	f.noLink = true
	ids := f.add(4, "s", time.Now().Add(-time.Hour))
	f.fail(pageOf(f.events[3].body, f.events[0].body, f.events[1].body, f.events[2].body)) // the largest log_id first
	r, sink := startPaged(t, f, 4)

	deliveredOnce(t, f, r, sink, 4, ids[3])
}

// deliveredOnce asserts that the n records of the first page arrive and nothing more, that the
// checkpoint moves to the page's largest log_id, and that every later request starts after it.
func deliveredOnce(t *testing.T, f *fakeAuth0, r *testReceiver, sink *consumertest.LogsSink, n int, largest string) {
	t.Helper()
	waitForRecords(t, sink, n)
	require.Eventually(t, func() bool { return r.checkpoint(t) == largest }, waitFor, time.Millisecond)
	stays(t, f, sink, n)
	for _, c := range f.calls()[1:] {
		assert.Equal(t, largest, c.query.Get("from"), "every later request starts after the largest log_id")
	}
}

// What one webhook request may cost is bounded: 2 MiB of empty objects, each an event, is refused
// with 413 before a record is built.
func TestAWebhookBodyOverALimitIs413(t *testing.T) {
	f := newFakeAuth0(t)
	cfg := webhookOnly(f)
	r, sink := startIntoSink(t, cfg)
	body := strings.Repeat("{}\n", 700_000)
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.push(t, body))
	assert.Zero(t, sink.LogRecordCount())
	assert.Zero(t, r.seen.InFlight())
}
