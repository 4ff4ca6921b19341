package auth0receiver

import (
	"context"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
)

// Start fails (the webhook cannot listen) after the stored set could not be read: the stop of
// that failed Start must not store its empty set over the good one, or the next run repeats
// what the webhook delivered before.
func TestAFailedStartKeepsTheStoredSet(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(30, "s", time.Now().Add(-time.Hour))
	st := newFaultyStorage()

	// Run 1: the pull delivers 30, the webhook 20 ahead of it; Shutdown stores them.
	cfg, host := withStorage(withWebhook(testConfig(f)), st)
	cfg.PollInterval = time.Hour
	sink := new(consumertest.LogsSink)
	r, err := newReceiver(cfg, testSettings(), sink)
	require.NoError(t, err)
	require.NoError(t, r.Start(context.Background(), host))
	waitForRecords(t, sink, 30)
	ahead := f.add(20, "fp", time.Now())
	require.Equal(t, 200, (&testReceiver{auth0Receiver: r}).push(t, streamLines(ahead...)))
	require.NoError(t, r.Shutdown(context.Background()))

	// Run 2: a transient read error, then the webhook's port is taken: Start fails.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	cfg2, host2 := withStorage(withWebhook(testConfig(f)), st)
	cfg2.Webhook.Get().NetAddr.Endpoint = ln.Addr().String()
	st.failDeliveredGets.Store(true)
	r2, err := newReceiver(cfg2, testSettings(), new(consumertest.LogsSink))
	require.NoError(t, err)
	require.Error(t, r2.Start(context.Background(), host2))
	require.NoError(t, r2.Shutdown(context.Background()))
	st.failDeliveredGets.Store(false)

	// Run 3: storage healthy again.
	cfg3, host3 := withStorage(withWebhook(testConfig(f)), st)
	again := new(consumertest.LogsSink)
	startReceiver(t, cfg3, again, host3)
	stays(t, f, again, 0)
}

// Shutdown honors its 100 ms even when the storage client takes seconds to store the delivered
// ids or to close, ignoring its context: that goes on in the background.
func TestShutdownHonoursItsContextWithASlowStorage(t *testing.T) {
	for name, slow := range map[string]func(*faultyStorage) *atomic.Int64{
		"close":             func(s *faultyStorage) *atomic.Int64 { return &s.closeDelay },
		"the delivered ids": func(s *faultyStorage) *atomic.Int64 { return &s.deliveredSetDelay },
	} {
		t.Run(name, func(t *testing.T) {
			f := newFakeAuth0(t)
			f.add(3, "s", time.Now().Add(-time.Hour))
			st := newFaultyStorage()
			cfg, host := withStorage(withWebhook(testConfig(f)), st)
			sink := new(consumertest.LogsSink)
			r, err := newReceiver(cfg, testSettings(), sink)
			require.NoError(t, err)
			require.NoError(t, r.Start(context.Background(), host))
			waitForRecords(t, sink, 3)
			slow(st).Store(int64(2 * time.Second))
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			began := time.Now()
			_ = r.Shutdown(ctx)
			assert.Less(t, time.Since(began), time.Second, "Shutdown honors its 100 ms context")
		})
	}
}

// Concurrent Start and Shutdown, many rounds: no panic, no race, the store closed exactly once.
func TestConcurrentStartAndShutdown(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(3, "s", time.Now().Add(-time.Hour))
	for range 200 {
		st := newFaultyStorage()
		cfg, host := withStorage(withWebhook(testConfig(f)), st)
		r, err := newReceiver(cfg, testSettings(), new(consumertest.LogsSink))
		require.NoError(t, err)
		var wg sync.WaitGroup
		started := make(chan error, 1)
		wg.Add(2)
		go func() { defer wg.Done(); started <- r.Start(context.Background(), host) }()
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			_ = r.Shutdown(ctx)
		}()
		wg.Wait()
		_ = r.Shutdown(context.Background())
		if <-started == nil {
			require.Eventually(t, func() bool { return st.closes.Load() == 1 }, waitFor, time.Millisecond)
		}
		time.Sleep(time.Millisecond)
		require.LessOrEqual(t, st.closes.Load(), int32(1))
	}
}

// README (How the pull works, Shutdown): when Shutdown's context runs out (here on a webhook
// request stuck in a pipeline that ignores its context), the delivered ids are stored all the
// same once the loop has ended: only the stuck request's event may come again.
func TestAShutdownOutOfTimeStillStoresTheDeliveredIDs(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(30, "s", time.Now().Add(-time.Hour))
	st := newFaultyStorage()
	cfg, host := withStorage(withWebhook(testConfig(f)), st)
	cfg.PollInterval = time.Hour
	sink := new(consumertest.LogsSink)
	release := make(chan struct{})
	defer close(release)
	next := consumerFunc(func(ctx context.Context, ld plog.Logs) error {
		if ld.LogRecordCount() == 1 { // the stuck webhook request, ignoring its context
			<-release
		}
		return sink.ConsumeLogs(ctx, ld)
	})
	r, err := newReceiver(cfg, testSettings(), next)
	require.NoError(t, err)
	require.NoError(t, r.Start(context.Background(), host))
	tr := &testReceiver{auth0Receiver: r}
	waitForRecords(t, sink, 30)
	ahead := f.add(20, "fp", time.Now())
	require.Equal(t, 200, tr.push(t, streamLines(ahead...)))
	stuck := f.add(1, "fp", time.Now())
	req := tr.pushRequest(t, streamLines(stuck...))
	go func() {
		if resp, err := http.DefaultClient.Do(req); err == nil {
			_ = resp.Body.Close()
		}
	}()
	require.Eventually(t, func() bool { return r.seen.InFlight() == 1 }, waitFor, time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	require.ErrorIs(t, r.Shutdown(ctx), context.DeadlineExceeded)
	cancel()
	require.Eventually(t, func() bool { return st.closes.Load() == 1 }, waitFor, time.Millisecond)

	cfg2, host2 := withStorage(withWebhook(testConfig(f)), st)
	again := new(consumertest.LogsSink)
	startReceiver(t, cfg2, again, host2)
	require.Eventually(t, func() bool { return len(f.calls()) >= 2 }, waitFor, time.Millisecond)
	stays(t, f, again, len(stuck)) // at most the stuck request's event comes again
}
