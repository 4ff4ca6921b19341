package auth0receiver

// Findings of adversarial reviews: each test states the promise a review broke, and its
// comment says how it broke on the code of the time; each failed there and passes since the fix.

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/storagetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/config/confighttp"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"

	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
)

// Promise: "Nothing lost, nothing repeated" and the pull never deadlocks (README, How the pull
// works, 7). A page that carries one log_id twice (a misbehaving proxy, a replayed response, Auth0
// repeating an event) makes the fetch loop claim the id for the first copy and then ClaimWait for
// the second copy on its own claim: it waits for itself until shutdown, and nothing after that
// page is ever delivered.
// Reproduce: a fake tenant whose page holds the same event twice, then one more event.
func TestAPageRepeatingALogIDDoesNotStopThePull(t *testing.T) {
	f := newFakeAuth0(t)
	ids := f.add(2, "s", time.Now().Add(-time.Hour))
	f.addRaw(ids[1], string(fakeEventJSON(ids[1], "s", time.Now().Add(-time.Hour)))) // the same event again
	sink := new(consumertest.LogsSink)
	startReceiver(t, testConfig(f), sink, componenttest.NewNopHost())

	require.Eventually(t, func() bool { return sink.LogRecordCount() >= 2 }, waitFor, 5*time.Millisecond,
		"the page with a repeated log_id is delivered (got %d records)", sink.LogRecordCount())
	later := f.add(1, "fp", time.Now())
	require.Eventually(t, func() bool { return sink.LogRecordCount() >= 3 }, waitFor, 5*time.Millisecond,
		"and the pull goes on")
	stays(t, f, sink, 3)
	assert.Equal(t, append(ids, later...), uids(sink))
}

// blockingMetrics is a metrics pipeline that blocks and ignores its context (an exporter stuck on
// a dead backend without a timeout), as TestShutdownHonoursItsContext's logs consumer does.
type blockingMetrics struct{ entered, block chan struct{} }

func (b *blockingMetrics) ConsumeMetrics(context.Context, pmetric.Metrics) error {
	select {
	case b.entered <- struct{}{}:
	default:
	}
	<-b.block
	return nil
}
func (*blockingMetrics) Capabilities() consumer.Capabilities { return consumer.Capabilities{} }

// Promise: "Shutdown stops within its context" (README, How the pull works, 9). The pull loop is
// waited for within ctx, but the derived-metrics emitter is not: metricsEmitter.stop waits for
// its goroutine with a bare <-e.done and then emits once more on the same blocked pipeline, so a
// metrics pipeline that blocks makes Shutdown hang forever, whatever its deadline.
// Reproduce: the receiver in a metrics pipeline whose consumer blocks; Shutdown with 100 ms.
func TestShutdownHonoursItsContextWithABlockedMetricsPipeline(t *testing.T) {
	f := newFakeAuth0(t)
	cfg := metricsConfig(testConfig(f))
	next := &blockingMetrics{entered: make(chan struct{}, 1), block: make(chan struct{})}
	t.Cleanup(func() { close(next.block) })
	ctx := context.Background()
	mr, err := createMetrics(ctx, testSettings(), cfg, next)
	require.NoError(t, err)
	require.NoError(t, mr.Start(ctx, componenttest.NewNopHost()))
	<-next.entered // the emitter is inside the pipeline

	done := make(chan error, 1)
	go func() {
		sctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		done <- mr.Shutdown(sctx)
	}()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	case <-time.After(3 * time.Second):
		t.Fatal("Shutdown with a 100 ms context has not returned after 3 s")
	}
}

// Promise (README, Configuration: "Invalid configuration fails at start with a message naming the
// key"; the webhook's read_header_timeout and read_timeout: "0 means no limit"). WebhookConfig's
// validate (config.go) checks neither: a negative timeout is accepted and net/http treats it as no
// limit, silently removing the protection against slow clients of an internet-facing endpoint;
// an unknown compression algorithm is accepted and confighttp then calls a nil decoder for a
// request with that Content-Encoding (a panic per request, recovered by net/http), while a typo
// such as "gzp" silently refuses every compressed body.
// Reproduce: confmap.Validate of a webhook section with each value.
func TestInvalidWebhookValuesFailNamingTheKey(t *testing.T) {
	for key, set := range map[string]func(*WebhookConfig){
		"webhook.read_timeout":           func(w *WebhookConfig) { w.ReadTimeout = -time.Second },
		"webhook.read_header_timeout":    func(w *WebhookConfig) { w.ReadHeaderTimeout = -time.Second },
		"webhook.compression_algorithms": func(w *WebhookConfig) { w.CompressionAlgorithms = []string{"", "gzp"} },
	} {
		t.Run(key, func(t *testing.T) {
			cfg := withWebhook(testConfig(newFakeAuth0(t)))
			set(cfg.Webhook.Get())
			assert.ErrorContains(t, confmap.Validate(cfg), key)
		})
	}
}

// eventSeries maps the severity_text of every auth0.events data point of code in md to its value.
func eventSeries(md pmetric.Metrics, code string) map[string]int64 {
	out := map[string]int64{}
	dps, _ := points(md, "auth0.events")
	for _, dp := range dps.All() {
		if typ, _ := dp.Attributes().Get("auth0.event.type"); typ.Str() == code {
			sev, _ := dp.Attributes().Get("severity_text")
			out[sev.Str()] = dp.IntValue()
		}
	}
	return out
}

// Promise (README, Metrics and alerts: "The counters of every event code and security signal
// start at 0 when the collector starts, so the first block after a restart is an increase
// Prometheus sees"). startMetrics (metrics.go) initializes each code's auth0.events series at the
// code's severity before any security signal raises it, but the series is keyed by the record's
// final severity_text: with `severity_overrides: {limit_wc: WARN}` the auth0.account_blocked
// signal raises every block back to ERROR, whose series is born at 1 with the first block, so
// increase() sees nothing and the shipped Auth0AccountsBlocked alert (increase of
// auth0_events_total{auth0_event_type=~"limit_wc|..."}) misses the first block after a restart.
// The same holds for every code a signal raises (sapi at INFO raised to WARN/ERROR).
// Reproduce: webhook and metrics, the override, one limit_wc pushed after the first emission.
func TestTheSeriesAnEventLandsInExistedAtZero(t *testing.T) {
	f := newFakeAuth0(t)
	metrics := new(consumertest.MetricsSink)
	cfg := metricsConfig(webhookOnly(f))
	cfg.SeverityOverrides = map[string]string{"limit_wc": "WARN"}
	mr, err := createMetrics(context.Background(), testSettings(), cfg, metrics)
	require.NoError(t, err)
	require.NoError(t, mr.Start(context.Background(), componenttest.NewNopHost()))
	t.Cleanup(func() { require.NoError(t, mr.Shutdown(context.Background())) })
	r := &testReceiver{auth0Receiver: mr.(*sharedReceiver).auth0Receiver}
	require.Eventually(t, func() bool { return len(metrics.AllMetrics()) > 0 }, waitFor, time.Millisecond)
	before := eventSeries(metrics.AllMetrics()[0], "limit_wc")

	id := newIDs(1, time.Now(), 9100)[0]
	body := strings.Replace(streamLines(id), `"type":"fp"`, `"type":"limit_wc"`, 1)
	require.Equal(t, http.StatusOK, r.push(t, body))
	var after map[string]int64
	require.Eventually(t, func() bool {
		all := metrics.AllMetrics()
		after = eventSeries(all[len(all)-1], "limit_wc")
		total := int64(0)
		for _, n := range after {
			total += n
		}
		return total == 1
	}, waitFor, time.Millisecond)
	for sev, n := range after {
		if n == 1 {
			_, existed := before[sev]
			assert.True(t, existed, "the block was counted in the series severity_text=%s, which did not exist before it (initialized: %v)", sev, before)
		}
	}
}

// Promise (README, How the pull works, 3: "While behind, the next page is fetched while the last
// one is being delivered ... One request in flight"). The fetch loop (puller.go) sends into a
// channel with a buffer of one and then fetches again, so while the pipeline holds page 1, page 2
// waits in the buffer and page 3 is fetched, mapped and held in the blocked send: two pages ahead,
// and their 2 x page_size log_ids held in flight, each answered 503 to the webhook meanwhile.
// Reproduce: 1,000 events, a pipeline that blocks on the first page; count the log requests.
func TestThePullFetchesOnePageAhead(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(1000, "s", time.Now().Add(-time.Hour))
	block := make(chan struct{})
	t.Cleanup(func() { close(block) })
	next := consumerFunc(func(ctx context.Context, _ plog.Logs) error {
		select {
		case <-block:
		case <-ctx.Done():
		}
		return ctx.Err()
	})
	r := startReceiver(t, testConfig(f), next, componenttest.NewNopHost())
	require.Eventually(t, func() bool { return r.seen.InFlight() >= 200 }, waitFor, time.Millisecond,
		"page 1 in the pipeline, page 2 fetched")
	assert.Never(t, func() bool { return len(f.calls()) > 2 }, 300*time.Millisecond, 5*time.Millisecond,
		"one page ahead of the one being delivered, not two")
}

// Promise (README, The metrics: "past event_metrics.max_series_per_metric attribute combinations
// of one metric, new ones are counted under the value _other"; the key bounds memory and the
// series a Prometheus must hold). Counters.Init (eventmetrics.go), called by startMetrics for
// every known code and every signal, ignores the bound: with max_series_per_metric: 20 the first
// emission already holds one auth0.events series per event code that passes event_types (about
// 190), ten times the configured bound.
// Reproduce: webhook and metrics, max_series_per_metric: 20, count the first emission's series.
func TestMaxSeriesPerMetricBoundsTheInitialSeries(t *testing.T) {
	metrics := new(consumertest.MetricsSink)
	cfg := metricsConfig(webhookOnly(newFakeAuth0(t)))
	cfg.EventMetrics.MaxSeriesPerMetric = 20
	mr, err := createMetrics(context.Background(), testSettings(), cfg, metrics)
	require.NoError(t, err)
	require.NoError(t, mr.Start(context.Background(), componenttest.NewNopHost()))
	t.Cleanup(func() { require.NoError(t, mr.Shutdown(context.Background())) })
	require.Eventually(t, func() bool { return len(metrics.AllMetrics()) > 0 }, waitFor, time.Millisecond)
	md := metrics.AllMetrics()[0]
	ms := md.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics()
	for i := range ms.Len() {
		n := ms.At(i).Sum().DataPoints().Len()
		assert.LessOrEqual(t, n, cfg.EventMetrics.MaxSeriesPerMetric+1, "%s: %d series", ms.At(i).Name(), n)
	}
}

// Promise (README: "keeps its position in a collector storage extension (a restart loses and
// repeats nothing)"; How the pull works, 8: "Stored after every accepted page"). With the default
// start_at: end, deliverAll (puller.go) stores a checkpoint only when a page has a log_id beyond
// the cursor, never the start position itself: a receiver that has seen no event yet (a quiet
// tenant, a staging tenant, the first minutes after deployment) keeps nothing, and after a
// restart start_at: end is "now" again, so every event that happened while the collector was
// down is skipped.
// Reproduce: an empty tenant, file storage, start_at: end; stop; one event; start again.
func TestARestartOfAReceiverThatSawNoEventLosesNothing(t *testing.T) {
	f := newFakeAuth0(t)
	cfg, dir := endWithFileStorage(t, f)
	pollAndStop(t, f, cfg, dir, 3)
	firstPoll := f.calls()[0].at

	// While the collector is down, a second later than its start: one event.
	require.Eventually(t, func() bool { return time.Now().Unix() > firstPoll.Unix() }, 2*time.Second, 10*time.Millisecond)
	missed := f.addNow("fp")
	require.Eventually(t, func() bool { return time.Now().Unix() > firstPoll.Unix()+1 }, 2*time.Second, 10*time.Millisecond)

	sink := new(consumertest.LogsSink)
	startReceiver(t, cfg, sink, storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir))
	require.Eventually(t, func() bool { return sink.LogRecordCount() >= 1 }, waitFor, 5*time.Millisecond,
		"the event of the downtime is delivered after the restart")
	assert.Equal(t, []string{missed}, uids(sink))
}

// Guard (internal/webhook) answers every method but POST with 405 and every request without the
// stream's Authorization with 401 before confighttp's layers run, so a configured cors could never
// answer a preflight (OPTIONS, no Authorization): the key would be accepted and not work. Auth0
// posts server to server and needs no CORS, so the key is refused at start, naming it.
func TestWebhookCORSIsRefusedNamingTheKey(t *testing.T) {
	cfg := withWebhook(testConfig(newFakeAuth0(t)))
	cfg.Webhook.Get().CORS = configoptional.Some(confighttp.CORSConfig{AllowedOrigins: []string{"https://app.example.org"}})
	assert.ErrorContains(t, confmap.Validate(cfg), "webhook.cors: not supported")
}

// Second review.

// Promise (README: "keeps its position in a collector storage extension (a restart loses and
// repeats nothing)"; the fix of TestARestartOfAReceiverThatSawNoEventLosesNothing: "a restart of
// a receiver that has seen no event yet resumes there instead of at a new now"). run (puller.go)
// stores the start_at: end position only once the first page is delivered. When the first page
// that answers holds events and the pipeline does not accept it before the collector stops (the
// first poll failed with a 5xx and the tenant logged meanwhile; the exporter's backend is down at
// deployment; a crash loop), nothing was ever stored: the restart takes a new "now" and every
// event since the first start, the ones already fetched included, is skipped for good.
// Reproduce: start_at: end, file storage; the first log request answers 503 while an event is
// logged; the pipeline refuses the page holding it; stop; start again with a working pipeline.
func TestARestartBeforeTheFirstPageWasAcceptedLosesNothing(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(1, "s", time.Now().Add(-time.Hour)) // before start_at: end (and no log_id ends in zeros)
	storageID := storagetest.NewStorageID("auth0")
	dir := t.TempDir()
	cfg := testConfig(f)
	cfg.StartAt = StartAtEnd
	cfg.StorageID = &storageID

	logged := make(chan string, 1)
	f.fail(func(w http.ResponseWriter, r *http.Request) {
		logged <- f.addNow("fp") // the tenant logs an event while Auth0 answers 503
		status(http.StatusServiceUnavailable, `{"statusCode":503,"error":"Service Unavailable"}`)(w, r)
	})
	refused := make(chan struct{}, 100)
	down := consumerFunc(func(context.Context, plog.Logs) error {
		refused <- struct{}{}
		return errors.New("exporter: backend unavailable")
	})
	r1, err := newReceiver(cfg, testSettings(), down)
	require.NoError(t, err)
	require.NoError(t, r1.Start(context.Background(), storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir)))
	missed := <-logged
	<-refused
	<-refused // the page holding the event was fetched and refused, retried
	require.NoError(t, r1.Shutdown(context.Background()))

	// The collector restarts a second or two later.
	at, _ := logIDTime(missed)
	require.Eventually(t, func() bool { return time.Now().Unix() > at.Unix()+1 }, 3*time.Second, 10*time.Millisecond)
	sink := new(consumertest.LogsSink)
	startReceiver(t, cfg, sink, storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir))
	require.Eventually(t, func() bool { return sink.LogRecordCount() >= 1 }, waitFor, 5*time.Millisecond,
		"the event fetched but never accepted before the restart is delivered after it")
	assert.Equal(t, []string{missed}, uids(sink))
}

// ctxStorage is a storage extension whose client, like the database and Redis storage
// extensions, gives up a write whose context has ended.
type ctxStorage struct {
	component.StartFunc
	component.ShutdownFunc
	client *storagetest.TestClient
}

func (s *ctxStorage) GetClient(context.Context, component.Kind, component.ID, string) (storage.Client, error) {
	return ctxClient{s.client}, nil
}

type ctxClient struct{ *storagetest.TestClient }

func (c ctxClient) Set(ctx context.Context, k string, v []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return c.TestClient.Set(ctx, k, v)
}

func (ctxClient) Close(context.Context) error { return nil }

// Promise (README: "a restart loses and repeats nothing"; How the pull works, 8: the checkpoint
// is "stored after every accepted page"). deliverAll (puller.go) stores the checkpoint of an
// accepted page with the run's context, which Shutdown cancels: when Shutdown arrives while the
// pipeline is taking a page and the pipeline accepts it all the same (it was exported; a
// consumer need not fail because its context ended), storeCheckpoint's Save gets a cancelled
// context. Every storage extension that honors it (the database and Redis ones) refuses the
// write, storeCheckpoint says nothing since ctx is done, and the next start delivers the whole
// page again.
// Reproduce: a storage client that refuses writes with an ended context; a pipeline that
// accepts the first page once Shutdown has begun; start again: nothing may arrive twice.
func TestAPageAcceptedDuringShutdownIsNotDeliveredAgain(t *testing.T) {
	f := newFakeAuth0(t)
	ids := f.add(3, "s", time.Now().Add(-time.Hour))
	store := &ctxStorage{client: storagetest.NewInMemoryClient(component.KindReceiver, testSettings().ID, "")}
	storageID := storagetest.NewStorageID("ctx")
	host := storagetest.NewStorageHost().WithExtension(storageID, store)
	cfg := testConfig(f)
	cfg.StorageID = &storageID

	entered := make(chan struct{}, 1)
	first := new(consumertest.LogsSink)
	exporting := consumerFunc(func(ctx context.Context, ld plog.Logs) error {
		entered <- struct{}{}
		<-ctx.Done() // Shutdown began while the page was being exported; the export completes
		return first.ConsumeLogs(context.Background(), ld)
	})
	r1, err := newReceiver(cfg, testSettings(), exporting)
	require.NoError(t, err)
	require.NoError(t, r1.Start(context.Background(), host))
	<-entered
	require.NoError(t, r1.Shutdown(context.Background()))
	require.Equal(t, ids, uids(first), "the first run delivered the page")

	again := new(consumertest.LogsSink)
	startReceiver(t, cfg, again, host)
	stays(t, f, again, 0)
}

// Fourth review.

// Promise (README, How the pull works, 9: "Shutdown stops within its context"; the pull cancels
// its pipeline call at Shutdown, TestShutdownHonoursItsContext). stopWebhook (webhook.go) calls
// http.Server.Shutdown, which waits for the handlers but never cancels their requests'
// contexts: a pipeline that honors its context and is blocked (an exporter without a queue
// retrying a backend that is down, a full queue with block_on_overflow) is never told to stop,
// so Shutdown waits out its whole context and fails with DeadlineExceeded even though the
// pipeline would have returned at once. The collector shuts down with context.Background()
// (otelcol Collector.shutdown): there a single webhook request in flight makes SIGTERM hang
// the collector forever, where the pull alone stops at once.
// Reproduce: webhook only, a pipeline that blocks until its context ends; one request in
// flight; Shutdown with 10 s.
func TestWebhookShutdownCancelsAPipelineThatHonoursItsContext(t *testing.T) {
	f := newFakeAuth0(t)
	entered := make(chan struct{}, 1)
	next := consumerFunc(func(ctx context.Context, _ plog.Logs) error {
		entered <- struct{}{}
		<-ctx.Done() // a well-behaved pipeline: blocked, but returns once told to stop
		return ctx.Err()
	})
	r, err := newReceiver(webhookOnly(f), testSettings(), next)
	require.NoError(t, err)
	require.NoError(t, r.Start(context.Background(), componenttest.NewNopHost()))
	tr := &testReceiver{auth0Receiver: r}

	answered := tr.pushAsync(t, streamLines(newIDs(1, time.Now(), 7000)...))
	<-entered

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	began := time.Now()
	err = r.Shutdown(ctx)
	took := time.Since(began)
	inFlight := r.seen.InFlight()
	<-answered
	assert.NoError(t, err, "the pipeline returned as soon as its context ended")
	assert.Less(t, took, 5*time.Second, "Shutdown waited for a pipeline it never told to stop")
	assert.Zero(t, inFlight, "once Shutdown returned, every id of the request is released")
}

// Promise (README: "Every Auth0 event of your tenant reaches your OTLP backend once"; start_at
// end: "events from now on"; How the pull works, 2: the start position is stored before the
// first poll). startAt.cursor (cursor.go) synthesizes the start log_id from the host's clock,
// and `from` compares it with log_ids that carry Auth0's clock. When the host's clock is ahead
// (a VM booting before NTP has synced, a drifting container host), every event Auth0 indexes
// until its clock reaches the host's start time sorts before the cursor and is never returned:
// lost without a warning, and for good, since that cursor is stored at once and a restart
// resumes from it. A stored checkpoint in the future (corrupt storage, or written by such a
// host) is trusted the same way: the pull reads empty pages, reports itself caught up, and
// delivers nothing until Auth0's clock passes it. The client already sees Auth0's clock (the
// Date header, used for x-ratelimit-reset) but the cursor does not use it.
// Reproduce: start_at end, an Auth0 whose clock (Date header, log_ids) is 10 minutes behind the
// host's; after the first poll the tenant logs an event.
func TestAHostClockAheadOfAuth0LosesNoEventLoggedAfterStart(t *testing.T) {
	const skew = tenantSkew
	f := newFakeAuth0(t)
	f.answerDated(clockBehind)                     // Auth0's clock
	f.add(3, "s", time.Now().Add(-skew-time.Hour)) // history, before the start
	cfg := testConfig(f)
	cfg.StartAt = StartAtEnd
	_, sink := startIntoSink(t, cfg)
	require.Eventually(t, func() bool { return len(f.calls()) >= 2 }, waitFor, time.Millisecond, "the receiver polls")

	logged := f.add(1, "fp", time.Now().Add(-skew)) // an event after the start, on Auth0's clock
	require.Eventually(t, func() bool { return sink.LogRecordCount() >= 1 }, 2*time.Second, 5*time.Millisecond,
		"the event Auth0 logged after the receiver started is delivered (from=%s)", f.calls()[len(f.calls())-1].query.Get("from"))
	assert.Equal(t, logged, uids(sink))
}

// A start position stored by a host whose clock was ahead (start_at: end, stored before the
// first poll) is not trusted to skip what Auth0 logs meanwhile: after a restart, the pull goes on
// from Auth0's time per the Date header, and the event Auth0 logged arrives.
func TestAStoredStartPositionAheadOfAuth0LosesNothing(t *testing.T) {
	const skew = tenantSkew
	f, cfg, dir, skewed := firstRunWithoutDate(t)

	skewed.Store(true)
	logged := f.add(1, "fp", time.Now().Add(-skew+time.Second)) // on Auth0's clock, after the first start
	sink := new(consumertest.LogsSink)
	r2 := startReceiver(t, cfg, sink, storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir))
	require.Eventually(t, func() bool { return slices.Contains(uids(sink), logged[0]) }, waitFor, 5*time.Millisecond,
		"the event Auth0 logged is delivered")
	assert.Equal(t, 1, r2.logs.FilterMessageSnippet("The start position is ahead of Auth0's clock").Len())
}

// Fifth review.

// Promise (README: "nothing repeated"; How the pull works, 2: only a position "ahead of Auth0's
// time" is moved, and only events "between the two may come a second time"). behindAuth0 (puller.go) trusts the first answer's Date header without
// any bound: a Date far behind the position (a proxy or appliance whose clock is unset and
// answers with its own Date, 1970; a stale cached answer; any garbage that still parses) moves
// the pull back to that time. A real checkpoint, the log_id of an event Auth0 returned and the
// pipeline accepted, cannot lie in Auth0's future, yet it is rewound like a synthesized
// position: the whole retained log (up to 30 days, a backfill against the shared rate limit)
// is delivered a second time, although the position was not ahead of Auth0 at all.
// Reproduce: a first run delivers three events and stores the checkpoint; the second run's
// first answer carries "Date: Thu, 01 Jan 1970 00:00:00 GMT".
func TestADateHeaderInThePastDoesNotRewindARealCheckpoint(t *testing.T) {
	f := newFakeAuth0(t)
	delivered := f.add(3, "s", time.Now().Add(-time.Hour))
	storageID := storagetest.NewStorageID("auth0")
	dir := t.TempDir()
	cfg := testConfig(f)
	cfg.StorageID = &storageID

	sink1 := new(consumertest.LogsSink)
	r1, err := newReceiver(cfg, testSettings(), sink1)
	require.NoError(t, err)
	require.NoError(t, r1.Start(context.Background(), storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir)))
	require.Eventually(t, func() bool {
		id, _ := r1.store.Load(context.Background())
		return id == delivered[2]
	}, waitFor, 5*time.Millisecond, "the first run stores the last event's log_id")
	require.NoError(t, r1.Shutdown(context.Background()))
	require.Equal(t, delivered, uids(sink1))

	f.answerDated(func() string { return "Thu, 01 Jan 1970 00:00:00 GMT" }) // a proxy's unset clock
	sink2 := new(consumertest.LogsSink)
	r2 := startReceiver(t, cfg, sink2, storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir))
	stays(t, f, sink2, 0) // fails: the three events come again
	assert.Equal(t, delivered[2], r2.checkpoint(t))
}

// Promise (README: "Every Auth0 event of your tenant reaches your OTLP backend once", "nothing
// lost"). Since the fourth review MapPage applies the webhook's Limits to a pulled page, and an
// over-limit page is "tried again" (puller.go fetch: a *mapping.LimitError goes to onFetchError
// like a truncated body). But a limit is a property of the page's content, not a transient
// fault: the same page comes back over it on every try, so the pull never passes it. One event
// whose body holds an array of more than 10,000 members (a Management API call: sapi events
// log the request and the response body in full, e.g. a user update whose app_metadata holds
// a long list of entitlements, well within Auth0's metadata size limit) stops the pull for
// good: every later event waits until Auth0's retention expires it, and no setting raises the
// limit nor skips the page (a smaller page_size does not help: the event alone is over it).
// Reproduce: a tenant with one such event followed by an ordinary one, pull only.
func TestAPageOverTheMappingLimitsDoesNotStopThePull(t *testing.T) {
	f := newFakeAuth0(t)
	at := time.Now().Add(-time.Hour)
	big := fakeLogID(at, 900)
	entitlements := strings.Repeat(`"e",`, 10_000) + `"e"` // 10,001 members
	f.addRaw(big, `{"log_id":"`+big+`","_id":"`+big+`","type":"sapi","date":"`+at.UTC().Format(time.RFC3339)+
		`","description":"Update a user","details":{"request":{"method":"patch","path":"/api/v2/users/auth0|1",`+
		`"body":{"app_metadata":{"entitlements":[`+entitlements+`]}}},"response":{"statusCode":200}}}`)
	after := f.add(1, "s", at.Add(time.Second))
	_, sink := startIntoSink(t, testConfig(f))
	require.Eventually(t, func() bool { return len(uids(sink)) >= 2 }, waitFor, 5*time.Millisecond,
		"the event with a long list and the one after it are delivered")
	assert.Equal(t, []string{big, after[0]}, uids(sink))
}

// A page over what one page may cost (here: more values than the mapping allows) is fetched
// again with half as many events, down to one, and full pages follow once the smaller one passed:
// every event arrives once, in order, and nothing is waited for.
func TestAPageOverItsBoundsIsFetchedInSmallerPages(t *testing.T) {
	f := newFakeAuth0(t)
	ids := f.add(40, "s", time.Now().Add(-time.Hour))
	sink := new(consumertest.LogsSink)
	r, err := newReceiver(testConfig(f), testSettings(), sink)
	require.NoError(t, err)
	// About 30 values an event: 10 events pass, 20 do not.
	r.mapper = mapping.New(mapping.Options{Domain: "acme.us.auth0.com", ScopeName: "test", Limits: mapping.Limits{MaxValues: 400}})
	require.NoError(t, r.Start(context.Background(), componenttest.NewNopHost()))
	t.Cleanup(func() { require.NoError(t, r.Shutdown(context.Background())) })
	waitForRecords(t, sink, 40)
	stays(t, f, sink, 40)
	assert.Equal(t, ids, uids(sink))
	var takes []string
	for _, c := range f.calls() {
		takes = append(takes, c.query.Get("take"))
	}
	assert.Contains(t, takes, "12", "halved from page_size until a page passes: %v", takes)
}

// endWithFileStorage is f's test config with start_at: end and a file storage extension whose
// directory it returns.
func endWithFileStorage(t *testing.T, f *fakeAuth0) (*Config, string) {
	storageID := storagetest.NewStorageID("auth0")
	cfg := testConfig(f)
	cfg.StartAt = StartAtEnd
	cfg.StorageID = &storageID
	return cfg, t.TempDir()
}

// firstRunWithoutDate runs a receiver with start_at: end on file storage until it polled twice
// and stops it; the tenant's answers carry no Date header, so the run stores a start position
// it cannot check. Once skewed is set, they carry a Date behind this host's clock (tenantSkew).
func firstRunWithoutDate(t *testing.T) (f *fakeAuth0, cfg *Config, dir string, skewed *atomic.Bool) {
	t.Helper()
	f, skewed = newFakeAuth0(t), new(atomic.Bool)
	f.answerDated(func() string {
		if skewed.Load() {
			return clockBehind()
		}
		return ""
	})
	cfg, dir = endWithFileStorage(t, f)
	pollAndStop(t, f, cfg, dir, 2)
	return f, cfg, dir, skewed
}

// pollAndStop runs a receiver on the storage in dir until it polled f polls times, then stops it.
func pollAndStop(t *testing.T, f *fakeAuth0, cfg *Config, dir string, polls int) {
	t.Helper()
	r, err := newReceiver(cfg, testSettings(), new(consumertest.LogsSink))
	require.NoError(t, err)
	require.NoError(t, r.Start(context.Background(), storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir)))
	require.Eventually(t, func() bool { return len(f.calls()) >= polls }, waitFor, time.Millisecond, "polling")
	require.NoError(t, r.Shutdown(context.Background()))
}

// Sixth review.

// Sixth review.

// Promise (README, How the pull works, 2: the start position is stored before the first poll so
// that a restarted receiver "resumes there and gets the events of its downtime"; a position
// ahead of Auth0's clock is moved back "so that no event Auth0 logs meanwhile is skipped").
// behindAuth0 (puller.go) moves a made-up position back to Auth0's time *of the first answer*
// (logIDLowerBound(serverTime)), not to where the position lies on Auth0's clock. For a start
// position stored by an earlier run on a host whose clock is ahead, that is the time of the
// restart: every event Auth0 logged during the downtime, after the first start, is skipped for
// good (the rewound position is stored after the first page). The skew is known at the first
// answer (time.Now() - serverTime); the position on Auth0's clock is at minus that skew.
// Reproduce: host 10 min ahead; a first run without Date header stores its start position;
// Auth0 logs an event; a second later the receiver restarts, and its first answer has a Date.
func TestARestartOnAHostAheadOfAuth0DeliversTheEventsOfItsDowntime(t *testing.T) {
	const skew = tenantSkew
	f, cfg, dir, skewed := firstRunWithoutDate(t)
	polls := len(f.calls())

	logged := f.add(1, "fp", time.Now().Add(-skew)) // on Auth0's clock: during the downtime
	time.Sleep(1100 * time.Millisecond)             // the downtime lasts a second
	skewed.Store(true)
	sink := new(consumertest.LogsSink)
	startReceiver(t, cfg, sink, storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir))
	require.Eventually(t, func() bool { return len(f.calls()) >= polls+3 }, waitFor, time.Millisecond, "the receiver polls")
	require.Eventually(t, func() bool { return slices.Contains(uids(sink), logged[0]) }, time.Second, 5*time.Millisecond,
		"the event Auth0 logged during the downtime (%s) is delivered; asked from: %v", logged[0], froms(f))
}

// Promise (README, How the pull works, 2 and start_at: end, "events from now on"; a start
// position ahead of Auth0's clock is moved back "so that no event Auth0 logs meanwhile is
// skipped"). The clock check waits for the first successful answer, and behindAuth0 then moves
// the position to Auth0's time of that answer, not to the receiver's start on Auth0's clock.
// When the first requests fail (a 503, a network not up yet at deployment: retried with
// backoff), every event Auth0 logs between the start and the first successful answer is
// skipped, although a receiver on a correct clock delivers it.
// Reproduce: host 10 min ahead of Auth0 (Date header); start_at: end; the first log request
// answers 503 after a second; an event is logged right after the start.
func TestAHostAheadOfAuth0LosesNoEventLoggedBeforeItsFirstAnswer(t *testing.T) {
	const skew = tenantSkew
	f := newFakeAuth0(t)
	f.answerDated(clockBehind)
	f.add(3, "s", time.Now().Add(-skew-time.Hour)) // history, before the start
	var logged atomic.Pointer[[]string]
	f.fail(func(w http.ResponseWriter, r *http.Request) {
		ids := f.add(1, "fp", time.Now().Add(-skew)) // after the start, on Auth0's clock
		logged.Store(&ids)
		time.Sleep(1100 * time.Millisecond)
		status(http.StatusServiceUnavailable, `{"statusCode":503}`)(w, r)
	})
	cfg := testConfig(f)
	cfg.StartAt = StartAtEnd
	_, sink := startIntoSink(t, cfg)
	require.Eventually(t, func() bool { return len(f.calls()) >= 3 }, waitFor, time.Millisecond, "the receiver polls")
	require.Eventually(t, func() bool { return sink.LogRecordCount() >= 1 }, time.Second, 5*time.Millisecond,
		"the event Auth0 logged after the start is delivered; asked from: %v", froms(f))
	require.Equal(t, *logged.Load(), uids(sink))
}

// froms are the from parameters of f's log requests so far.
func froms(f *fakeAuth0) []string {
	var out []string
	for _, c := range f.calls() {
		out = append(out, c.query.Get("from")[3:17])
	}
	return out
}
