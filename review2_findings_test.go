package auth0receiver

// Findings of the second adversarial review: each test states the promise, how the code of the
// time broke it, and how to reproduce it; each failed there and passes since the fix.

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/storagetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.opentelemetry.io/collector/pdata/plog"
)

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
