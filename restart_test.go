package auth0receiver

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/storagetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-auth0/auth0receiver/internal/checkpoint"
)

// bothPathsOnStorage is f's test config with the webhook and a file storage extension whose
// directory it returns, polling every interval.
func bothPathsOnStorage(t *testing.T, f *fakeAuth0, interval time.Duration) (*Config, string) {
	storageID := storagetest.NewStorageID("auth0")
	cfg := withWebhook(testConfig(f))
	cfg.StorageID = &storageID
	cfg.PollInterval = interval
	return cfg, t.TempDir()
}

// webhookAheadThenStop runs a receiver with both paths until the pull has delivered f's backlog
// of n events (one short page) and waits out its poll interval; then Auth0 logs 20 more, the
// webhook delivers them before the pull could, and the receiver stops. It returns those 20.
func webhookAheadThenStop(t *testing.T, f *fakeAuth0, cfg *Config, dir string, n int) []string {
	t.Helper()
	sink := new(consumertest.LogsSink)
	r := startReceiver(t, cfg, sink, storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir))
	waitForRecords(t, sink, n)
	require.Len(t, f.calls(), 1, "one short page: the pull waits for its poll interval")
	ahead := f.add(20, "fp", time.Now())
	require.Equal(t, 200, r.push(t, streamLines(ahead...)))
	require.Equal(t, n+len(ahead), sink.LogRecordCount())
	require.NoError(t, r.Shutdown(context.Background()))
	require.Len(t, f.calls(), 1, "the pull never read them")
	return ahead
}

// Promise (README: a restart repeats nothing; Pull, webhook or both: each event delivered once,
// whichever path brings it first). The webhook runs ahead of the pull's checkpoint; the ids it
// delivered are kept at shutdown beside the checkpoint, so that after a restart the pull skips
// them instead of delivering them a second time.
func TestARestartWithBothPathsRepeatsNothing(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(30, "s", time.Now().Add(-time.Hour))
	cfg, dir := bothPathsOnStorage(t, f, time.Hour)
	ahead := webhookAheadThenStop(t, f, cfg, dir, 30)

	cfg.PollInterval = 20 * time.Millisecond
	sink := new(consumertest.LogsSink)
	r := startReceiver(t, cfg, sink, storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir))
	stays(t, f, sink, 0) // the pull reads the events the webhook delivered, and skips them
	assert.Equal(t, ahead[len(ahead)-1], r.checkpoint(t), "the pull moved past them")
	assert.Equal(t, 1, r.logs.FilterMessage("Restored the log_ids delivered before the restart").Len())

	later := f.add(5, "s", time.Now().Add(time.Minute))
	waitForRecords(t, sink, 5)
	stays(t, f, sink, 5)
	assert.Equal(t, later, uids(sink))
}

// A stored set that cannot be read loses nothing: the pull delivers again what the webhook had
// delivered, with a warning that says so.
func TestAnUnreadableSetOfDeliveredIDsLosesNothing(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(30, "s", time.Now().Add(-time.Hour))
	cfg, dir := bothPathsOnStorage(t, f, time.Hour)
	ahead := webhookAheadThenStop(t, f, cfg, dir, 30)

	// What a torn write or another program could leave under the key.
	client := storagetest.NewFileBackedClient(component.KindReceiver, testSettings().ID, "", dir)
	key := checkpoint.Key(testSettings().ID, cfg.Domain) + "/delivered"
	require.NoError(t, client.Set(context.Background(), key, []byte("auth0dedup\x01 torn")))
	require.NoError(t, client.Close(context.Background()))

	cfg.PollInterval = 20 * time.Millisecond
	sink := new(consumertest.LogsSink)
	r := startReceiver(t, cfg, sink, storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir))
	waitForRecords(t, sink, len(ahead))
	stays(t, f, sink, len(ahead))
	assert.Equal(t, ahead, uids(sink), "delivered again, not lost")
	warned := r.logs.FilterMessage("Cannot read the log_ids delivered before the restart: the pull may deliver again events the webhook delivered past the checkpoint")
	require.Equal(t, 1, warned.Len())
	assert.Contains(t, warned.All()[0].ContextMap()["error"], "not a snapshot")
}

// A webhook delivery still inside the pipeline when Shutdown begins (and honoring its context
// late) is accepted before the delivered ids are stored, so the restart does not repeat it.
func TestAWebhookDeliveryEndingDuringShutdownIsNotRepeated(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(3, "s", time.Now().Add(-time.Hour))
	cfg, dir := bothPathsOnStorage(t, f, time.Hour)
	first := new(consumertest.LogsSink)
	entered := make(chan struct{}, 1)
	var hold sync.Once
	next := consumerFunc(func(ctx context.Context, ld plog.Logs) error {
		if ld.LogRecordCount() == 1 { // the webhook's body
			hold.Do(func() { entered <- struct{}{}; <-ctx.Done(); time.Sleep(300 * time.Millisecond) })
		}
		return first.ConsumeLogs(context.Background(), ld)
	})
	r, err := newReceiver(cfg, testSettings(), next)
	require.NoError(t, err)
	require.NoError(t, r.Start(context.Background(), storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir)))
	waitForRecords(t, first, 3)
	ahead := f.add(1, "fp", time.Now())
	answered := (&testReceiver{auth0Receiver: r}).pushAsync(t, streamLines(ahead...))
	<-entered
	require.NoError(t, r.Shutdown(context.Background()))
	require.Equal(t, http.StatusOK, <-answered)
	require.Equal(t, 4, first.LogRecordCount())

	cfg.PollInterval = 20 * time.Millisecond
	again := new(consumertest.LogsSink)
	startReceiver(t, cfg, again, storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir))
	stays(t, f, again, 0)
}

// Shutdown with a context that has ended already, at once after Start, while the pull loop may
// not have begun: no panic, no race, the store closed (a loop goroutine once closed a channel
// that stop had already let go of).
func TestShutdownAtOnceWithAnEndedContext(t *testing.T) {
	f := newFakeAuth0(t)
	for range 100 {
		store := newFaultyStorage()
		cfg, host := withStorage(withWebhook(testConfig(f)), store)
		r, err := newReceiver(cfg, testSettings(), new(consumertest.LogsSink))
		require.NoError(t, err)
		require.NoError(t, r.Start(context.Background(), host))
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_ = r.Shutdown(ctx)
		require.NoError(t, r.Shutdown(context.Background()), "a second Shutdown is harmless")
		require.Eventually(t, store.closed, waitFor, time.Millisecond, "the store is closed")
	}
}
