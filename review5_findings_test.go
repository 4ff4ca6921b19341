package auth0receiver

// Findings of the fifth adversarial review: each test states the promise it checks, how the
// code of the time breaks it, and how to reproduce it.

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/storagetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.uber.org/zap"

	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
)

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

	tenant := f.srv.Config.Handler
	f.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", "Thu, 01 Jan 1970 00:00:00 GMT") // a proxy's unset clock
		tenant.ServeHTTP(w, r)
	})
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
	r, sink := startIntoSink(t, testConfig(f))
	require.Eventually(t, func() bool {
		return r.logs.FilterMessageSnippet("cannot be read").FilterField(zap.Error(&mapping.LimitError{Limit: "MaxMembers", Value: 10_000})).Len() > 0
	}, waitFor, 5*time.Millisecond, "the page over the limit is reported, naming the bound")
	polled := len(f.calls())
	require.Eventually(t, func() bool { return len(f.calls()) >= polled+10 }, waitFor, time.Millisecond, "the receiver tries again")
	assert.Contains(t, uids(sink), after[0], "the event after the oversized one is delivered")
}
