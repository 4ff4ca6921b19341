package auth0receiver

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/storagetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componentstatus"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// startWithTelemetry starts a receiver whose metrics go to an in-memory reader.
func startWithTelemetry(t *testing.T, cfg *Config, next consumer.Logs, host *statusHost) (*auth0Receiver, *componenttest.Telemetry) {
	t.Helper()
	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tel.Shutdown(context.Background())) })
	set := testSettings()
	set.TelemetrySettings = tel.NewTelemetrySettings()
	r, err := newReceiver(cfg, set, next)
	require.NoError(t, err)
	require.NoError(t, r.Start(context.Background(), host))
	t.Cleanup(func() { require.NoError(t, r.Shutdown(context.Background())) })
	return r, tel
}

// value is the sum of a counter's or the last value of a gauge's points that carry attrs.
func value(t *testing.T, tel *componenttest.Telemetry, name string, attrs ...attribute.KeyValue) float64 {
	t.Helper()
	m, err := tel.GetMetric("otelcol_auth0_receiver_" + name)
	if err != nil {
		return 0 // not recorded yet
	}
	want := attribute.NewSet(attrs...)
	var total float64
	switch data := m.Data.(type) {
	case metricdata.Sum[int64]:
		for _, dp := range data.DataPoints {
			if matches(dp.Attributes, want) {
				total += float64(dp.Value)
			}
		}
	case metricdata.Gauge[int64]:
		for _, dp := range data.DataPoints {
			total = float64(dp.Value)
		}
	case metricdata.Gauge[float64]:
		for _, dp := range data.DataPoints {
			total = dp.Value
		}
	default:
		t.Fatalf("%s: unexpected data %T", name, data)
	}
	return total
}

// matches reports whether every attribute of want is in have.
func matches(have, want attribute.Set) bool {
	for _, kv := range want.ToSlice() {
		if v, ok := have.Value(kv.Key); !ok || v != kv.Value {
			return false
		}
	}
	return true
}

func eventually(t *testing.T, cond func() bool, msg string) {
	t.Helper()
	require.Eventually(t, cond, waitFor, 5*time.Millisecond, msg)
}

func TestMetricsFollowAScriptedRun(t *testing.T) {
	f := newFakeAuth0(t)
	f.overlap = 2 // each page repeats 2 events of the previous one: counted as duplicates
	f.add(30, "fp", time.Now().Add(-time.Hour))
	f.add(5, "brand_new_code", time.Now().Add(-30*time.Minute))
	f.add(5, "s", time.Now().Add(-20*time.Minute)) // excluded by event_types
	f.fail(
		status(http.StatusInternalServerError, `{"statusCode":500,"error":"Internal Server Error","message":"x"}`),
		status(http.StatusTooManyRequests, `{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached"}`,
			"Retry-After", "0"),
		reset, // Go's transport retries a GET once on a reused connection that was reset:
		reset, // the second reset, on a new connection, reaches the receiver
	)
	cfg := testConfig(f)
	cfg.PageSize = 10
	cfg.EventTypes.Exclude = []string{"s"}
	sink := new(consumertest.LogsSink)
	_, tel := startWithTelemetry(t, cfg, sink, &statusHost{Host: componenttest.NewNopHost()})

	waitForRecords(t, sink, 35)
	delivered := attribute.String("outcome", "delivered")
	pull := attribute.String("source", "pull")
	eventually(t, func() bool { return value(t, tel, "records", delivered, pull) == 35 }, "35 records delivered")
	assert.Equal(t, 5.0, value(t, tel, "records", attribute.String("outcome", "filtered")))
	assert.Equal(t, 5.0, value(t, tel, "unknown_event_codes"))
	assert.Positive(t, value(t, tel, "records", attribute.String("outcome", "duplicate")))
	assert.Zero(t, value(t, tel, "records", attribute.String("outcome", "refused")))

	assert.Equal(t, 1.0, value(t, tel, "api_requests", attribute.String("status_class", "5xx")))
	assert.GreaterOrEqual(t, value(t, tel, "api_requests", attribute.String("status_class", "4xx")), 1.0)
	assert.GreaterOrEqual(t, value(t, tel, "api_requests", attribute.String("status_class", "transport_error")), 1.0)
	assert.Equal(t, 1.0, value(t, tel, "api_rate_limited"))
	// Every 2xx answer was a page or a token.
	eventually(t, func() bool {
		return value(t, tel, "api_requests", attribute.String("status_class", "2xx")) ==
			value(t, tel, "pages")+float64(f.tokenCount())
	}, "2xx = pages + tokens")
	assert.GreaterOrEqual(t, value(t, tel, "pages"), 5.0)
	assert.Equal(t, 9.0, value(t, tel, "api_rate_limit_remaining"))

	// Caught up: the lag is about a poll interval, not the age of the last event.
	eventually(t, func() bool {
		lag := value(t, tel, "checkpoint_lag")
		return lag > 0 && lag < 1
	}, "lag near zero once caught up")
}

func TestRefusedRecordsAndGrowingLag(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(10, "fp", time.Now().Add(-time.Hour))
	cfg := testConfig(f)
	next := &flakyConsumer{failures: 1, err: consumererror.NewPermanent(errors.New("rejected by the backend"))}
	_, tel := startWithTelemetry(t, cfg, next, &statusHost{Host: componenttest.NewNopHost()})

	eventually(t, func() bool { return value(t, tel, "records", attribute.String("outcome", "refused")) == 10 }, "10 refused")
	assert.Zero(t, value(t, tel, "records", attribute.String("outcome", "delivered")))

	// A pipeline that refuses retryably stalls the pull: the lag grows from the last catch-up.
	next.mu.Lock()
	next.failures, next.err = 1<<30, errors.New("exporter queue is full")
	next.mu.Unlock()
	f.add(5, "fp", time.Now())
	first := value(t, tel, "checkpoint_lag")
	eventually(t, func() bool { return value(t, tel, "checkpoint_lag") > first+0.2 }, "the lag grows while nothing is delivered")
}

// The component status follows the API: recoverable error while it fails, OK once it heals.
func TestStatusTransitions(t *testing.T) {
	for name, tc := range map[string]struct {
		breakIt, fixIt func(f *fakeAuth0)
		want           string
	}{
		"5xx": {
			breakIt: func(f *fakeAuth0) {
				for range 5 {
					f.fail(status(http.StatusServiceUnavailable, `{"statusCode":503,"error":"Service Unavailable","message":"down"}`))
				}
			},
			fixIt: func(*fakeAuth0) {},
			want:  "503",
		},
		"401 from the token endpoint": {
			breakIt: func(f *fakeAuth0) { f.rotateSecret("rotated-in-auth0") },
			fixIt:   func(f *fakeAuth0) { f.rotateSecret(fakeClientSecret) },
			want:    "401",
		},
		"403 missing scope": {
			breakIt: func(f *fakeAuth0) { f.setForbidden(true) },
			fixIt:   func(f *fakeAuth0) { f.setForbidden(false) },
			want:    "read:logs",
		},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFakeAuth0(t)
			tc.breakIt(f)
			f.add(3, "s", time.Now().Add(-time.Hour))
			cfg := testConfig(f)
			cfg.BackOffConfig.MaxInterval = 100 * time.Millisecond
			host := &statusHost{Host: componenttest.NewNopHost()}
			sink := new(consumertest.LogsSink)
			startWithTelemetry(t, cfg, sink, host)

			eventually(t, func() bool {
				ev := host.last()
				return ev != nil && ev.Status() == componentstatus.StatusRecoverableError
			}, "recoverable error while the API fails")
			assert.Contains(t, host.last().Err().Error(), tc.want)
			assert.NotContains(t, host.last().Err().Error(), fakeClientSecret)
			assert.NotContains(t, host.last().Err().Error(), "rotated-in-auth0")

			tc.fixIt(f)
			waitForRecords(t, sink, 3)
			eventually(t, func() bool { return host.last().Status() == componentstatus.StatusOK }, "OK after recovery")
			for _, ev := range host.events {
				assert.NotEqual(t, componentstatus.StatusPermanentError, ev.Status())
				assert.NotEqual(t, componentstatus.StatusFatalError, ev.Status())
			}
		})
	}
}

// A checkpoint that fell out of Auth0's retention is reported once, as a possible gap.
func TestRetentionGapIsReported(t *testing.T) {
	f := newFakeAuth0(t)
	old := f.add(5, "s", time.Now().Add(-72*time.Hour))
	storageID := storagetest.NewStorageID("auth0")
	dir := t.TempDir()
	cfg := testConfig(f)
	cfg.StorageID = &storageID

	r1, _ := startWithTelemetry(t, cfg, consumertest.NewNop(), &statusHost{Host: storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir)})
	eventually(t, func() bool { id, _ := r1.store.Load(context.Background()); return id == old[4] }, "checkpoint stored")
	require.NoError(t, r1.Shutdown(context.Background()))

	// Days later Auth0 no longer has the old events, nor those that followed them.
	f.mu.Lock()
	f.events = nil
	f.mu.Unlock()
	f.add(5, "s", time.Now().Add(-10*time.Hour))
	sink := new(consumertest.LogsSink)
	_, tel := startWithTelemetry(t, cfg, sink, &statusHost{Host: storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir)})
	waitForRecords(t, sink, 5)
	eventually(t, func() bool { return value(t, tel, "retention_gaps") == 1 }, "one gap")
}

// Resuming where the log continues is no gap, however old the checkpoint.
func TestNoRetentionGapWhenTheLogContinues(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(5, "s", time.Now().Add(-72*time.Hour))
	storageID := storagetest.NewStorageID("auth0")
	dir := t.TempDir()
	cfg := testConfig(f)
	cfg.StorageID = &storageID
	sink1 := new(consumertest.LogsSink)
	r1, _ := startWithTelemetry(t, cfg, sink1, &statusHost{Host: storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir)})
	waitForRecords(t, sink1, 5)
	eventually(t, func() bool { id, _ := r1.store.Load(context.Background()); return id != "" }, "checkpoint stored")
	require.NoError(t, r1.Shutdown(context.Background()))

	f.add(5, "s", time.Now().Add(-72*time.Hour+10*time.Second))
	sink := new(consumertest.LogsSink)
	_, tel := startWithTelemetry(t, cfg, sink, &statusHost{Host: storagetest.NewStorageHost().WithFileBackedStorageExtension("auth0", dir)})
	waitForRecords(t, sink, 5) // the check ran before the page was handed over
	assert.Zero(t, value(t, tel, "retention_gaps"))
}

// The counters an operator alerts on exist at zero before anything happened.
func TestAlertableCountersStartAtZero(t *testing.T) {
	f := newFakeAuth0(t)
	_, tel := startWithTelemetry(t, testConfig(f), consumertest.NewNop(), &statusHost{Host: componenttest.NewNopHost()})
	for _, name := range []string{"api_rate_limited", "retention_gaps", "unknown_event_codes", "records"} {
		_, err := tel.GetMetric("otelcol_auth0_receiver_" + name)
		assert.NoError(t, err, name)
	}
	assert.Zero(t, value(t, tel, "records", attribute.String("outcome", "refused"), attribute.String("source", "pull")))
}
