package auth0receiver

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pmetric"
)

// metricsConfig emits the derived metrics every 20 ms.
func metricsConfig(cfg *Config) *Config {
	cfg.EventMetrics.CollectionInterval = 20 * time.Millisecond
	return cfg
}

// startShared creates the receiver of cfg for a logs and a metrics pipeline, as the collector
// does for one ID named in both, and starts both, each delivering into a new sink.
func startShared(t *testing.T, cfg *Config) (*consumertest.LogsSink, *consumertest.MetricsSink) {
	t.Helper()
	logs, metrics := new(consumertest.LogsSink), new(consumertest.MetricsSink)
	ctx := context.Background()
	lr, err := createLogs(ctx, testSettings(), cfg, logs)
	require.NoError(t, err)
	mr, err := createMetrics(ctx, testSettings(), cfg, metrics)
	require.NoError(t, err)
	require.Same(t, lr, mr, "one receiver for both pipelines")
	host := componenttest.NewNopHost()
	require.NoError(t, lr.Start(ctx, host))
	require.NoError(t, mr.Start(ctx, host), "the second Start is the same receiver's: a no-op")
	t.Cleanup(func() {
		require.NoError(t, lr.Shutdown(ctx))
		require.NoError(t, mr.Shutdown(ctx))
	})
	return logs, metrics
}

// latest is the value of the newest data point of metric name whose attributes include attrs,
// summed over the matching series, in the last emission that has the metric.
func latest(sink *consumertest.MetricsSink, name string, attrs map[string]string) (int64, bool) {
	for _, md := range slices.Backward(sink.AllMetrics()) {
		dps, ok := points(md, name)
		if !ok {
			continue
		}
		var total int64
		for _, dp := range dps.All() {
			if hasAttrs(dp, attrs) {
				total += dp.IntValue()
			}
		}
		return total, true
	}
	return 0, false
}

// points are the data points of the sum metric name in md; false when md lacks it.
func points(md pmetric.Metrics, name string) (pmetric.NumberDataPointSlice, bool) {
	for _, rm := range md.ResourceMetrics().All() {
		for _, sm := range rm.ScopeMetrics().All() {
			for _, m := range sm.Metrics().All() {
				if m.Name() == name {
					return m.Sum().DataPoints(), true
				}
			}
		}
	}
	return pmetric.NumberDataPointSlice{}, false
}

// waitForLatest waits until latest(sink, name, attrs) is want.
func waitForLatest(t *testing.T, sink *consumertest.MetricsSink, name string, attrs map[string]string, want int64) {
	t.Helper()
	eventually(t, func() bool {
		n, _ := latest(sink, name, attrs)
		return n == want
	}, fmt.Sprintf("%s%v reaches %d", name, attrs, want))
}

func hasAttrs(dp pmetric.NumberDataPoint, want map[string]string) bool {
	for k, v := range want {
		if got, ok := dp.Attributes().Get(k); !ok || got.Str() != v {
			return false
		}
	}
	return true
}

// One instance serves both pipelines: the records go to the logs pipeline, the counters derived
// from them to the metrics pipeline, with the tenant as the resource.
func TestTheMetricsPipelineGetsCountersDerivedFromTheEvents(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(7, "fp", time.Now().Add(-time.Minute))
	f.add(3, "s", time.Now().Add(-time.Minute))
	f.add(2, "limit_wc", time.Now().Add(-time.Minute))
	logs, metrics := startShared(t, metricsConfig(testConfig(f)))

	waitForRecords(t, logs, 12)
	waitForLatest(t, metrics, "auth0.logins", map[string]string{"auth0.event.outcome": "failure"}, 7)
	n, _ := latest(metrics, "auth0.logins", map[string]string{"auth0.event.outcome": "success", "auth0.connection.name": "Username-Password-Authentication"})
	assert.Equal(t, int64(3), n)
	n, _ = latest(metrics, "auth0.rate_limit.events", map[string]string{"auth0.event.type": "limit_wc"})
	assert.Equal(t, int64(2), n)
	n, _ = latest(metrics, "auth0.rate_limit.events", map[string]string{"auth0.event.type": "limit_mu"})
	assert.Zero(t, n, "the series of a block exists at zero before the first one")
	n, _ = latest(metrics, "auth0.events", map[string]string{"auth0.event.type": "fp", "severity_text": "WARN"})
	assert.Equal(t, int64(7), n)
	n, ok := latest(metrics, "auth0.events", map[string]string{"auth0.event.type": "pwd_leak", "severity_text": "ERROR"})
	assert.True(t, ok)
	assert.Zero(t, n, "every code's series exists at zero before its first event")

	md := metrics.AllMetrics()[len(metrics.AllMetrics())-1]
	domain, _ := md.ResourceMetrics().At(0).Resource().Attributes().Get("auth0.tenant.domain")
	assert.Equal(t, "tenant.example.auth0.com", domain.Str())
	assert.Equal(t, 1, f.tokenCount(), "one pull for both pipelines")
}

// Events delivered long after their date (a backfill) are counted apart, so that they do not
// look like a burst of failures happening now.
func TestABackfillCountsAsLate(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(50, "fp", time.Now().Add(-6*time.Hour))
	f.add(2, "fp", time.Now().Add(-time.Minute))
	logs, metrics := startShared(t, metricsConfig(testConfig(f)))

	waitForRecords(t, logs, 52)
	waitForLatest(t, metrics, "auth0.events.late", map[string]string{"auth0.event.type": "fp"}, 50) // the backfill
	n, _ := latest(metrics, "auth0.logins", nil)
	assert.Equal(t, int64(2), n, "only the recent failures count as logins")
}

// The webhook feeds the counters as the pull does, and a metrics-only configuration still pulls.
func TestWebhookOnlyAndMetricsOnlyFeedTheCounters(t *testing.T) {
	f := newFakeAuth0(t)
	metrics := new(consumertest.MetricsSink)
	cfg := metricsConfig(webhookOnly(f))
	mr, err := createMetrics(context.Background(), testSettings(), cfg, metrics)
	require.NoError(t, err)
	require.NoError(t, mr.Start(context.Background(), componenttest.NewNopHost()))
	t.Cleanup(func() { require.NoError(t, mr.Shutdown(context.Background())) })
	r := &testReceiver{auth0Receiver: mr.(*sharedReceiver).auth0Receiver}
	require.Equal(t, http.StatusOK, r.push(t, streamLines(newIDs(4, time.Now(), 9000)...)))
	// The pushed failures are counted, with no logs pipeline at all.
	waitForLatest(t, metrics, "auth0.logins", map[string]string{"auth0.event.outcome": "failure"}, 4)
}

// Shutdown emits the counts once more, so that the last events reach the metrics pipeline.
func TestTheLastCountsAreEmittedAtShutdown(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(5, "fp", time.Now().Add(-time.Minute))
	logs, metrics := new(consumertest.LogsSink), new(consumertest.MetricsSink)
	cfg := testConfig(f)
	cfg.EventMetrics.CollectionInterval = time.Hour // only Shutdown emits
	ctx := context.Background()
	lr, err := createLogs(ctx, testSettings(), cfg, logs)
	require.NoError(t, err)
	mr, err := createMetrics(ctx, testSettings(), cfg, metrics)
	require.NoError(t, err)
	require.NoError(t, lr.Start(ctx, componenttest.NewNopHost()))
	waitForRecords(t, logs, 5)
	require.NoError(t, mr.Shutdown(ctx))
	require.NoError(t, lr.Shutdown(ctx))
	n, ok := latest(metrics, "auth0.logins", nil)
	require.True(t, ok, "emitted at shutdown")
	assert.Equal(t, int64(5), n)

	again, err := createLogs(ctx, testSettings(), cfg, logs)
	require.NoError(t, err)
	assert.NotSame(t, lr, again, "a shut down receiver is forgotten: a new configuration gets a new one")
	require.NoError(t, again.Shutdown(ctx))
}
