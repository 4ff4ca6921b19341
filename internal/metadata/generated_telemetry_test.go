package metadata

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/confmap/confmaptest"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// TestTelemetryMatchesMetadataYAML stands in for mdatagen: every metric of metadata.yaml exists
// with its name, unit, description, type and monotonicity, and no other.
func TestTelemetryMatchesMetadataYAML(t *testing.T) {
	cm, err := confmaptest.LoadConf("../../metadata.yaml")
	require.NoError(t, err)
	metrics, err := cm.Sub("telemetry::metrics")
	require.NoError(t, err)

	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tel.Shutdown(context.Background())) })
	tb, err := NewTelemetryBuilder(tel.NewTelemetrySettings())
	require.NoError(t, err)
	defer tb.Shutdown()

	// Record every instrument once so the reader exports it.
	ctx := context.Background()
	tb.Auth0ReceiverAPIRateLimitRemaining.Record(ctx, 1)
	tb.Auth0ReceiverAPIRateLimited.Add(ctx, 1)
	tb.Auth0ReceiverAPIRequests.Add(ctx, 1)
	require.NoError(t, tb.RegisterAuth0ReceiverCheckpointLagCallback(func(_ context.Context, o metric.Float64Observer) error {
		o.Observe(1)
		return nil
	}))
	tb.Auth0ReceiverCheckpointWriteErrors.Add(ctx, 1)
	tb.Auth0ReceiverPages.Add(ctx, 1)
	tb.Auth0ReceiverRecords.Add(ctx, 1)
	tb.Auth0ReceiverRetentionGaps.Add(ctx, 1)
	tb.Auth0ReceiverUnknownEventCodes.Add(ctx, 1)

	require.Len(t, metrics.ToStringMap(), 9, "one instrument per metric of metadata.yaml")
	for key := range metrics.ToStringMap() {
		t.Run(key, func(t *testing.T) {
			spec, err := metrics.Sub(key)
			require.NoError(t, err)
			got, err := tel.GetMetric("otelcol_" + key)
			require.NoError(t, err)

			stability := spec.Get("stability").(string)
			wantDesc := spec.Get("description").(string) + " [" + strings.ToUpper(stability[:1]) + stability[1:] + "]"
			assert.Equal(t, wantDesc, got.Description)
			assert.Equal(t, spec.Get("unit"), got.Unit)
			assert.Equal(t, true, spec.Get("enabled"))

			switch data := got.Data.(type) {
			case metricdata.Sum[int64]:
				require.True(t, spec.IsSet("sum"), "a sum in metadata.yaml")
				assert.Equal(t, "int", spec.Get("sum::value_type"))
				assert.Equal(t, spec.Get("sum::monotonic"), data.IsMonotonic)
			case metricdata.Gauge[int64]:
				require.True(t, spec.IsSet("gauge"), "a gauge in metadata.yaml")
				assert.Equal(t, "int", spec.Get("gauge::value_type"))
			case metricdata.Gauge[float64]:
				require.True(t, spec.IsSet("gauge"), "a gauge in metadata.yaml")
				assert.Equal(t, "double", spec.Get("gauge::value_type"))
				assert.Equal(t, true, spec.Get("gauge::async"))
			default:
				t.Fatalf("unexpected instrument kind %T", data)
			}
		})
	}
}
