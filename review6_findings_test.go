package auth0receiver

import (
	"net/http"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/storagetest"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumertest"
)

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
	const skew = 10 * time.Minute
	f := newFakeAuth0(t)
	tenant := f.srv.Config.Handler
	var skewed atomic.Bool
	f.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if skewed.Load() {
			w.Header().Set("Date", time.Now().Add(-skew).UTC().Format(http.TimeFormat))
		} else {
			w.Header()["Date"] = nil // the first run cannot tell the skew
		}
		tenant.ServeHTTP(w, r)
	})
	cfg, dir := endWithFileStorage(t, f)
	pollAndStop(t, f, cfg, dir, 2)
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
	const skew = 10 * time.Minute
	f := newFakeAuth0(t)
	tenant := f.srv.Config.Handler
	f.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", time.Now().Add(-skew).UTC().Format(http.TimeFormat))
		tenant.ServeHTTP(w, r)
	})
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
