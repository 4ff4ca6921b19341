package auth0receiver

// Findings of the fourth adversarial review: each test states the promise, how the code of the
// time breaks it, and how to reproduce it.

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/storagetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
)

// Promise (README, How the pull works, 9: "Shutdown stops within its context"; the pull cancels
// its pipeline call at Shutdown, TestShutdownHonoursItsContext). stopWebhook (webhook.go) calls
// http.Server.Shutdown, which waits for the handlers but never cancels their requests'
// contexts: a pipeline that honours its context and is blocked (an exporter without a queue
// retrying a backend that is down, a full queue with block_on_overflow) is never told to stop,
// so Shutdown waits out its whole context and fails with DeadlineExceeded even though the
// pipeline would have returned at once. The collector shuts down with context.Background()
// (otelcol Collector.shutdown): there a single webhook request in flight makes SIGTERM hang
// the collector forever, where the pull alone stops at once.
// Reproduce: webhook only, a pipeline that blocks until its context ends; one request in
// flight; Shutdown with 2 s.
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

	answered := make(chan struct{})
	go func() {
		defer close(answered)
		req, _ := http.NewRequest(http.MethodPost, tr.webhookURL(), strings.NewReader(streamLines(newIDs(1, time.Now(), 7000)...)))
		req.Header.Set("Authorization", testWebhookAuth)
		if resp, doErr := http.DefaultClient.Do(req); doErr == nil {
			_ = resp.Body.Close()
		}
	}()
	<-entered

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	began := time.Now()
	err = r.Shutdown(ctx)
	took := time.Since(began)
	inFlight := r.seen.InFlight()
	<-answered
	assert.NoError(t, err, "the pipeline returned as soon as its context ended")
	assert.Less(t, took, time.Second, "Shutdown waited for a pipeline it never told to stop")
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
	const skew = 10 * time.Minute
	f := newFakeAuth0(t)
	tenant := f.srv.Config.Handler
	f.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", time.Now().Add(-skew).UTC().Format(http.TimeFormat)) // Auth0's clock
		tenant.ServeHTTP(w, r)
	})
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

// A stored checkpoint dated after Auth0's clock (written by a host whose clock was ahead, or
// corrupted) is not trusted to skip what Auth0 logs meanwhile: the pull goes on from Auth0's
// time (Date header), so the event logged after the restart arrives. What lies between Auth0's
// time and the checkpoint may come again (log.record.uid lets a backend drop it): a repeat,
// never a loss.
func TestAStoredCheckpointAheadOfAuth0LosesNothing(t *testing.T) {
	f := newFakeAuth0(t)
	ahead := f.add(1, "s", time.Now().Add(10*time.Minute)) // a log_id from the future
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
		return id == ahead[0]
	}, waitFor, 5*time.Millisecond)
	require.NoError(t, r1.Shutdown(context.Background()))

	logged := f.add(1, "fp", time.Now())
	sink2 := new(consumertest.LogsSink)
	r2 := startReceiver(t, cfg, sink2, storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir))
	require.Eventually(t, func() bool { return slices.Contains(uids(sink2), logged[0]) }, waitFor, 5*time.Millisecond,
		"the event logged after the restart is delivered")
	assert.Equal(t, 1, r2.logs.FilterMessageSnippet("ahead of Auth0's clock").Len())
}
