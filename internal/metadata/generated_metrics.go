// This file has the shape mdatagen generates from the metrics section of metadata.yaml (config
// types, a MetricsBuilder with one Record...DataPoint method per metric, Emit); it is written by
// hand, the metrics sharing one implementation of a cumulative sum, and
// TestMetricsMatchMetadataYAML keeps it in agreement with metadata.yaml.

package metadata

import (
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/receiver"
)

var timeNow = time.Now

// MetricConfig provides common config for a particular metric.
type MetricConfig struct {
	Enabled bool `mapstructure:"enabled"`

	_ struct{}
}

// MetricsConfig provides config for the auth0 receiver's metrics.
type MetricsConfig struct {
	Auth0Events                  MetricConfig `mapstructure:"auth0.events"`
	Auth0EventsLate              MetricConfig `mapstructure:"auth0.events.late"`
	Auth0Logins                  MetricConfig `mapstructure:"auth0.logins"`
	Auth0ManagementAPIOperations MetricConfig `mapstructure:"auth0.management_api.operations"`
	Auth0RateLimitEvents         MetricConfig `mapstructure:"auth0.rate_limit.events"`
	Auth0SecuritySignals         MetricConfig `mapstructure:"auth0.security_signals"`
	Auth0Signups                 MetricConfig `mapstructure:"auth0.signups"`
}

// DefaultMetricsConfig enables every metric.
func DefaultMetricsConfig() MetricsConfig {
	on := MetricConfig{Enabled: true}
	return MetricsConfig{
		Auth0Events:                  on,
		Auth0EventsLate:              on,
		Auth0Logins:                  on,
		Auth0ManagementAPIOperations: on,
		Auth0RateLimitEvents:         on,
		Auth0SecuritySignals:         on,
		Auth0Signups:                 on,
	}
}

// ResourceAttributeConfig provides common config for a particular resource attribute.
type ResourceAttributeConfig struct {
	Enabled bool `mapstructure:"enabled"`

	_ struct{}
}

// ResourceAttributesConfig provides config for the auth0 receiver's resource attributes.
type ResourceAttributesConfig struct {
	Auth0TenantDomain ResourceAttributeConfig `mapstructure:"auth0.tenant.domain"`
}

// DefaultResourceAttributesConfig enables every resource attribute.
func DefaultResourceAttributesConfig() ResourceAttributesConfig {
	return ResourceAttributesConfig{Auth0TenantDomain: ResourceAttributeConfig{Enabled: true}}
}

// MetricsBuilderConfig is a configuration for the auth0 receiver's metrics builder.
type MetricsBuilderConfig struct {
	Metrics            MetricsConfig            `mapstructure:"metrics"`
	ResourceAttributes ResourceAttributesConfig `mapstructure:"resource_attributes"`
}

// DefaultMetricsBuilderConfig enables every metric and resource attribute.
func DefaultMetricsBuilderConfig() MetricsBuilderConfig {
	return MetricsBuilderConfig{Metrics: DefaultMetricsConfig(), ResourceAttributes: DefaultResourceAttributesConfig()}
}

// sumMetric is a monotonic cumulative sum with a fixed list of attribute keys.
type sumMetric struct {
	name, description, unit string
	keys                    []string
	enabled                 bool
	data                    pmetric.Metric // data buffer for the metric.
	capacity                int            // max observed number of data points added to the metric.
}

func newSumMetric(cfg MetricConfig, name, description, unit string, keys ...string) *sumMetric {
	m := &sumMetric{name: name, description: description, unit: unit, keys: keys, enabled: cfg.Enabled}
	if m.enabled {
		m.data = pmetric.NewMetric()
		m.init()
	}
	return m
}

func (m *sumMetric) init() {
	m.data.SetName(m.name)
	m.data.SetDescription(m.description)
	m.data.SetUnit(m.unit)
	sum := m.data.SetEmptySum()
	sum.SetIsMonotonic(true)
	sum.SetAggregationTemporality(pmetric.AggregationTemporalityCumulative)
	sum.DataPoints().EnsureCapacity(m.capacity)
}

func (m *sumMetric) recordDataPoint(start, ts pcommon.Timestamp, val int64, values ...string) {
	if !m.enabled {
		return
	}
	dp := m.data.Sum().DataPoints().AppendEmpty()
	dp.SetStartTimestamp(start)
	dp.SetTimestamp(ts)
	dp.SetIntValue(val)
	attrs := dp.Attributes()
	attrs.EnsureCapacity(len(m.keys))
	for i, k := range m.keys {
		attrs.PutStr(k, values[i]) //nolint:gosec // G602: each Record method passes one value per key
	}
}

// emit appends the recorded data points to metrics and prepares for the next recording.
func (m *sumMetric) emit(metrics pmetric.MetricSlice) {
	if !m.enabled || m.data.Sum().DataPoints().Len() == 0 {
		return
	}
	m.capacity = max(m.capacity, m.data.Sum().DataPoints().Len())
	m.data.MoveTo(metrics.AppendEmpty())
	m.init()
}

// MetricsBuilder provides an interface for scrapers to report metrics while taking care of all
// the transformations required to produce metric representation defined in metadata and user config.
type MetricsBuilder struct {
	config          MetricsBuilderConfig
	startTime       pcommon.Timestamp
	metricsCapacity int
	metricsBuffer   pmetric.Metrics
	buildInfo       component.BuildInfo

	metricAuth0Events                  *sumMetric
	metricAuth0EventsLate              *sumMetric
	metricAuth0Logins                  *sumMetric
	metricAuth0ManagementAPIOperations *sumMetric
	metricAuth0RateLimitEvents         *sumMetric
	metricAuth0SecuritySignals         *sumMetric
	metricAuth0Signups                 *sumMetric
}

// MetricBuilderOption applies changes to default metrics builder.
type MetricBuilderOption interface {
	apply(*MetricsBuilder)
}

type metricBuilderOptionFunc func(mb *MetricsBuilder)

func (mbof metricBuilderOptionFunc) apply(mb *MetricsBuilder) { mbof(mb) }

// WithStartTime sets startTime on the metrics builder: the start of every cumulative sum.
func WithStartTime(startTime pcommon.Timestamp) MetricBuilderOption {
	return metricBuilderOptionFunc(func(mb *MetricsBuilder) { mb.startTime = startTime })
}

// NewMetricsBuilder returns a builder of the metrics mbc enables.
func NewMetricsBuilder(mbc MetricsBuilderConfig, settings receiver.Settings, options ...MetricBuilderOption) *MetricsBuilder {
	m := mbc.Metrics
	mb := &MetricsBuilder{
		config:        mbc,
		startTime:     pcommon.NewTimestampFromTime(timeNow()),
		metricsBuffer: pmetric.NewMetrics(),
		buildInfo:     settings.BuildInfo,
		metricAuth0Events: newSumMetric(m.Auth0Events, "auth0.events",
			"Number of Auth0 events delivered, by code, category, outcome and severity.", "{event}",
			"auth0.event.type", "auth0.event.category", "auth0.event.outcome", "severity_text"),
		metricAuth0EventsLate: newSumMetric(m.Auth0EventsLate, "auth0.events.late",
			"Number of Auth0 events delivered longer than max_event_age after their date (a backfill, a catch-up); they are counted here only.", "{event}",
			"auth0.event.type"),
		metricAuth0Logins: newSumMetric(m.Auth0Logins, "auth0.logins",
			"Number of logins, by outcome, connection, application and country.", "{login}",
			"auth0.event.outcome", "auth0.connection.name", "auth0.client.name", "geo.country.iso_code"),
		metricAuth0ManagementAPIOperations: newSumMetric(m.Auth0ManagementAPIOperations, "auth0.management_api.operations",
			"Number of Management API operations, by HTTP method and status class.", "{operation}",
			"http.request.method", "http.response.status_class"),
		metricAuth0RateLimitEvents: newSumMetric(m.Auth0RateLimitEvents, "auth0.rate_limit.events",
			"Number of rate-limit and block events (api_limit, limit_*, *_rate_limit_exceed), by code.", "{event}",
			"auth0.event.type"),
		metricAuth0SecuritySignals: newSumMetric(m.Auth0SecuritySignals, "auth0.security_signals",
			"Number of events that carry a security signal, by signal and category.", "{event}",
			"security_rule.name", "security_rule.category"),
		metricAuth0Signups: newSumMetric(m.Auth0Signups, "auth0.signups",
			"Number of signups, by outcome, connection, application and country.", "{signup}",
			"auth0.event.outcome", "auth0.connection.name", "auth0.client.name", "geo.country.iso_code"),
	}
	for _, op := range options {
		op.apply(mb)
	}
	return mb
}

// ResourceBuilder sets the resource attributes the config enables.
type ResourceBuilder struct {
	config ResourceAttributesConfig
	res    pcommon.Resource
}

// NewResourceBuilder returns a builder of the resource of the metrics.
func (mb *MetricsBuilder) NewResourceBuilder() *ResourceBuilder {
	return &ResourceBuilder{config: mb.config.ResourceAttributes, res: pcommon.NewResource()}
}

// SetAuth0TenantDomain sets the auth0.tenant.domain resource attribute.
func (rb *ResourceBuilder) SetAuth0TenantDomain(val string) {
	if rb.config.Auth0TenantDomain.Enabled {
		rb.res.Attributes().PutStr("auth0.tenant.domain", val)
	}
}

// Emit returns the resource and resets the builder.
func (rb *ResourceBuilder) Emit() pcommon.Resource {
	r := rb.res
	rb.res = pcommon.NewResource()
	return r
}

// ResourceMetricsOption applies changes to provided resource metrics.
type ResourceMetricsOption interface {
	apply(pmetric.ResourceMetrics)
}

type resourceMetricsOptionFunc func(pmetric.ResourceMetrics)

func (rmof resourceMetricsOptionFunc) apply(rm pmetric.ResourceMetrics) { rmof(rm) }

// WithResource sets the provided resource on the emitted ResourceMetrics.
func WithResource(res pcommon.Resource) ResourceMetricsOption {
	return resourceMetricsOptionFunc(func(rm pmetric.ResourceMetrics) { res.CopyTo(rm.Resource()) })
}

// EmitForResource saves all the generated metrics under a new resource and updates the internal
// state to be ready for recording another set of data points as part of another resource.
func (mb *MetricsBuilder) EmitForResource(options ...ResourceMetricsOption) {
	rm := pmetric.NewResourceMetrics()
	ils := rm.ScopeMetrics().AppendEmpty()
	ils.Scope().SetName(ScopeName)
	ils.Scope().SetVersion(mb.buildInfo.Version)
	ils.Metrics().EnsureCapacity(mb.metricsCapacity)
	for _, m := range []*sumMetric{
		mb.metricAuth0Events, mb.metricAuth0EventsLate, mb.metricAuth0Logins, mb.metricAuth0ManagementAPIOperations,
		mb.metricAuth0RateLimitEvents, mb.metricAuth0SecuritySignals, mb.metricAuth0Signups,
	} {
		m.emit(ils.Metrics())
	}
	for _, op := range options {
		op.apply(rm)
	}
	if ils.Metrics().Len() > 0 {
		mb.metricsCapacity = max(mb.metricsCapacity, ils.Metrics().Len())
		rm.MoveTo(mb.metricsBuffer.ResourceMetrics().AppendEmpty())
	}
}

// Emit returns all the metrics accumulated by the metrics builder and updates the internal state
// to be ready for recording another set of metrics.
func (mb *MetricsBuilder) Emit(options ...ResourceMetricsOption) pmetric.Metrics {
	mb.EmitForResource(options...)
	metrics := mb.metricsBuffer
	mb.metricsBuffer = pmetric.NewMetrics()
	return metrics
}

// RecordAuth0EventsDataPoint adds a data point to auth0.events metric.
func (mb *MetricsBuilder) RecordAuth0EventsDataPoint(ts pcommon.Timestamp, val int64, eventType, eventCategory, eventOutcome, severityText string) {
	mb.metricAuth0Events.recordDataPoint(mb.startTime, ts, val, eventType, eventCategory, eventOutcome, severityText)
}

// RecordAuth0EventsLateDataPoint adds a data point to auth0.events.late metric.
func (mb *MetricsBuilder) RecordAuth0EventsLateDataPoint(ts pcommon.Timestamp, val int64, eventType string) {
	mb.metricAuth0EventsLate.recordDataPoint(mb.startTime, ts, val, eventType)
}

// RecordAuth0LoginsDataPoint adds a data point to auth0.logins metric.
func (mb *MetricsBuilder) RecordAuth0LoginsDataPoint(ts pcommon.Timestamp, val int64, eventOutcome, connection, client, country string) {
	mb.metricAuth0Logins.recordDataPoint(mb.startTime, ts, val, eventOutcome, connection, client, country)
}

// RecordAuth0ManagementAPIOperationsDataPoint adds a data point to auth0.management_api.operations metric.
func (mb *MetricsBuilder) RecordAuth0ManagementAPIOperationsDataPoint(ts pcommon.Timestamp, val int64, httpMethod, httpStatusClass string) {
	mb.metricAuth0ManagementAPIOperations.recordDataPoint(mb.startTime, ts, val, httpMethod, httpStatusClass)
}

// RecordAuth0RateLimitEventsDataPoint adds a data point to auth0.rate_limit.events metric.
func (mb *MetricsBuilder) RecordAuth0RateLimitEventsDataPoint(ts pcommon.Timestamp, val int64, eventType string) {
	mb.metricAuth0RateLimitEvents.recordDataPoint(mb.startTime, ts, val, eventType)
}

// RecordAuth0SecuritySignalsDataPoint adds a data point to auth0.security_signals metric.
func (mb *MetricsBuilder) RecordAuth0SecuritySignalsDataPoint(ts pcommon.Timestamp, val int64, ruleName, ruleCategory string) {
	mb.metricAuth0SecuritySignals.recordDataPoint(mb.startTime, ts, val, ruleName, ruleCategory)
}

// RecordAuth0SignupsDataPoint adds a data point to auth0.signups metric.
func (mb *MetricsBuilder) RecordAuth0SignupsDataPoint(ts pcommon.Timestamp, val int64, eventOutcome, connection, client, country string) {
	mb.metricAuth0Signups.recordDataPoint(mb.startTime, ts, val, eventOutcome, connection, client, country)
}
