package metadata

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/receiver/receivertest"
)

// recordAll records one data point of every metric, each attribute value naming its position.
func recordAll(mb *MetricsBuilder, ts pcommon.Timestamp) {
	mb.RecordAuth0EventsDataPoint(ts, 1, "v0", "v1", "v2", "v3")
	mb.RecordAuth0EventsLateDataPoint(ts, 1, "v0")
	mb.RecordAuth0LoginsDataPoint(ts, 1, "v0", "v1", "v2", "v3")
	mb.RecordAuth0ManagementAPIOperationsDataPoint(ts, 1, "v0", "v1")
	mb.RecordAuth0RateLimitEventsDataPoint(ts, 1, "v0")
	mb.RecordAuth0SecuritySignalsDataPoint(ts, 1, "v0", "v1")
	mb.RecordAuth0SignupsDataPoint(ts, 1, "v0", "v1", "v2", "v3")
}

// TestMetricsMatchMetadataYAML stands in for mdatagen: every metric of metadata.yaml is built with
// its name, description, unit, type, temporality and attribute keys in order, and no other.
func TestMetricsMatchMetadataYAML(t *testing.T) {
	cm, err := confmaptest.LoadConf("../../metadata.yaml")
	require.NoError(t, err)
	specs, err := cm.Sub("metrics")
	require.NoError(t, err)
	attrs, err := cm.Sub("attributes")
	require.NoError(t, err)

	start, ts := pcommon.Timestamp(1_000), pcommon.Timestamp(2_000)
	mb := NewMetricsBuilder(DefaultMetricsBuilderConfig(), receivertest.NewNopSettings(Type), WithStartTime(start))
	recordAll(mb, ts)
	rb := mb.NewResourceBuilder()
	rb.SetAuth0TenantDomain("acme.us.auth0.com")
	md := mb.Emit(WithResource(rb.Emit()))
	require.Equal(t, 1, md.ResourceMetrics().Len())
	rm := md.ResourceMetrics().At(0)
	domain, _ := rm.Resource().Attributes().Get("auth0.tenant.domain")
	assert.Equal(t, "acme.us.auth0.com", domain.Str())
	assert.Equal(t, ScopeName, rm.ScopeMetrics().At(0).Scope().Name())

	got := map[string]pmetric.Metric{}
	ms := rm.ScopeMetrics().At(0).Metrics()
	for i := range ms.Len() {
		got[ms.At(i).Name()] = ms.At(i)
	}
	require.Len(t, got, len(specs.ToStringMap()), "one metric per entry of metadata.yaml")
	for name := range specs.ToStringMap() {
		t.Run(name, func(t *testing.T) {
			spec, err := specs.Sub(name)
			require.NoError(t, err)
			m, ok := got[name]
			require.True(t, ok, "built")
			assert.Equal(t, spec.Get("description"), m.Description())
			assert.Equal(t, spec.Get("unit"), m.Unit())
			assert.Equal(t, true, spec.Get("enabled"))
			require.Equal(t, pmetric.MetricTypeSum, m.Type())
			assert.Equal(t, "int", spec.Get("sum::value_type"))
			assert.Equal(t, spec.Get("sum::monotonic"), m.Sum().IsMonotonic())
			assert.Equal(t, "cumulative", spec.Get("sum::aggregation_temporality"))
			assert.Equal(t, pmetric.AggregationTemporalityCumulative, m.Sum().AggregationTemporality())

			dp := m.Sum().DataPoints().At(0)
			assert.Equal(t, start, dp.StartTimestamp())
			assert.Equal(t, ts, dp.Timestamp())
			keys := spec.Get("attributes").([]any)
			require.Equal(t, len(keys), dp.Attributes().Len())
			for i, k := range keys {
				key := k.(string)
				if o, ok := attrs.ToStringMap()[key].(map[string]any)["name_override"]; ok {
					key = o.(string)
				}
				v, ok := dp.Attributes().Get(key)
				require.True(t, ok, "attribute %s", key)
				assert.Equal(t, "v"+string(rune('0'+i)), v.Str(), "attribute %s in metadata.yaml's order", key)
			}
		})
	}
}

func TestDisabledMetricsAreNotEmitted(t *testing.T) {
	cfg := DefaultMetricsBuilderConfig()
	cfg.Metrics.Auth0Logins.Enabled = false
	cfg.ResourceAttributes.Auth0TenantDomain.Enabled = false
	mb := NewMetricsBuilder(cfg, receivertest.NewNopSettings(Type))
	recordAll(mb, 1)
	rb := mb.NewResourceBuilder()
	rb.SetAuth0TenantDomain("acme.us.auth0.com")
	md := mb.Emit(WithResource(rb.Emit()))
	rm := md.ResourceMetrics().At(0)
	assert.Zero(t, rm.Resource().Attributes().Len())
	assert.Equal(t, 6, rm.ScopeMetrics().At(0).Metrics().Len())
	for i := range rm.ScopeMetrics().At(0).Metrics().Len() {
		assert.NotEqual(t, "auth0.logins", rm.ScopeMetrics().At(0).Metrics().At(i).Name())
	}
	assert.Zero(t, mb.Emit().ResourceMetrics().Len(), "nothing recorded since: nothing emitted")
}

func TestDefaultMetricsBuilderConfigMatchesMetadataYAML(t *testing.T) {
	cm, err := confmaptest.LoadConf("../../metadata.yaml")
	require.NoError(t, err)
	want := map[string]any{}
	for name, spec := range cm.ToStringMap()["metrics"].(map[string]any) {
		want[name] = map[string]any{"enabled": spec.(map[string]any)["enabled"]}
	}
	conf := confmap.New()
	require.NoError(t, conf.Marshal(DefaultMetricsBuilderConfig()))
	assert.Equal(t, want, conf.ToStringMap()["metrics"])
	assert.Equal(t, map[string]any{"auth0.tenant.domain": map[string]any{"enabled": true}}, conf.ToStringMap()["resource_attributes"])
}
