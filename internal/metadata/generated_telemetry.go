// This file has the shape mdatagen generates from the telemetry section of metadata.yaml; it is
// written by hand (see generated_status.go) and TestTelemetryMatchesMetadataYAML keeps the two
// in agreement.

package metadata

import (
	"context"
	"errors"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

func Meter(settings component.TelemetrySettings) metric.Meter {
	return settings.MeterProvider.Meter(ScopeName)
}

func Tracer(settings component.TelemetrySettings) trace.Tracer {
	return settings.TracerProvider.Tracer(ScopeName)
}

// TelemetryBuilder provides an interface for components to report telemetry
// as defined in metadata and user config.
type TelemetryBuilder struct {
	meter                              metric.Meter
	mu                                 sync.Mutex
	registrations                      []metric.Registration
	Auth0ReceiverAPIRateLimitRemaining metric.Int64Gauge
	Auth0ReceiverAPIRateLimited        metric.Int64Counter
	Auth0ReceiverAPIRequests           metric.Int64Counter
	Auth0ReceiverCheckpointLag         metric.Float64ObservableGauge
	Auth0ReceiverCheckpointWriteErrors metric.Int64Counter
	Auth0ReceiverPages                 metric.Int64Counter
	Auth0ReceiverRecords               metric.Int64Counter
	Auth0ReceiverRetentionGaps         metric.Int64Counter
	Auth0ReceiverUnknownEventCodes     metric.Int64Counter
}

// TelemetryBuilderOption applies changes to default builder.
type TelemetryBuilderOption interface {
	apply(*TelemetryBuilder)
}

type telemetryBuilderOptionFunc func(mb *TelemetryBuilder)

func (tbof telemetryBuilderOptionFunc) apply(mb *TelemetryBuilder) {
	tbof(mb)
}

// RegisterAuth0ReceiverCheckpointLagCallback sets callback for observable Auth0ReceiverCheckpointLag metric.
func (builder *TelemetryBuilder) RegisterAuth0ReceiverCheckpointLagCallback(cb metric.Float64Callback) error {
	reg, err := builder.meter.RegisterCallback(func(ctx context.Context, o metric.Observer) error {
		return cb(ctx, &observerForFloat64{inst: builder.Auth0ReceiverCheckpointLag, obs: o})
	}, builder.Auth0ReceiverCheckpointLag)
	if err != nil {
		return err
	}
	builder.mu.Lock()
	defer builder.mu.Unlock()
	builder.registrations = append(builder.registrations, reg)
	return nil
}

type observerForFloat64 struct {
	metric.Float64Observer
	inst metric.Float64Observable
	obs  metric.Observer
}

func (o *observerForFloat64) Observe(v float64, opts ...metric.ObserveOption) {
	o.obs.ObserveFloat64(o.inst, v, opts...)
}

// Shutdown unregister all registered callbacks for async instruments.
func (builder *TelemetryBuilder) Shutdown() {
	builder.mu.Lock()
	defer builder.mu.Unlock()
	for _, reg := range builder.registrations {
		reg.Unregister()
	}
}

// NewTelemetryBuilder provides a struct with methods to update all internal telemetry
// for a component
func NewTelemetryBuilder(settings component.TelemetrySettings, options ...TelemetryBuilderOption) (*TelemetryBuilder, error) {
	builder := TelemetryBuilder{}
	for _, op := range options {
		op.apply(&builder)
	}
	builder.meter = Meter(settings)
	var err, errs error
	builder.Auth0ReceiverAPIRateLimitRemaining, err = builder.meter.Int64Gauge(
		"otelcol_auth0_receiver_api_rate_limit_remaining",
		metric.WithDescription("Requests left in the tenant's Auth0 rate-limit bucket, per the last x-ratelimit-remaining header. [Development]"),
		metric.WithUnit("{request}"),
	)
	errs = errors.Join(errs, err)
	builder.Auth0ReceiverAPIRateLimited, err = builder.meter.Int64Counter(
		"otelcol_auth0_receiver_api_rate_limited",
		metric.WithDescription("Number of Auth0 API answers with status 429 (rate limit reached). [Development]"),
		metric.WithUnit("{response}"),
	)
	errs = errors.Join(errs, err)
	builder.Auth0ReceiverAPIRequests, err = builder.meter.Int64Counter(
		"otelcol_auth0_receiver_api_requests",
		metric.WithDescription("Number of requests to the Auth0 Management and Authentication APIs, by status class. [Development]"),
		metric.WithUnit("{request}"),
	)
	errs = errors.Join(errs, err)
	builder.Auth0ReceiverCheckpointLag, err = builder.meter.Float64ObservableGauge(
		"otelcol_auth0_receiver_checkpoint_lag",
		metric.WithDescription("How far the delivered data trails Auth0, in seconds - now minus the date of the newest delivered event, or minus the last time the receiver found itself caught up, whichever is later. [Development]"),
		metric.WithUnit("s"),
	)
	errs = errors.Join(errs, err)
	builder.Auth0ReceiverCheckpointWriteErrors, err = builder.meter.Int64Counter(
		"otelcol_auth0_receiver_checkpoint_write_errors",
		metric.WithDescription("Number of failed attempts to store the checkpoint in the storage extension; each is retried after the next page. [Development]"),
		metric.WithUnit("{error}"),
	)
	errs = errors.Join(errs, err)
	builder.Auth0ReceiverPages, err = builder.meter.Int64Counter(
		"otelcol_auth0_receiver_pages",
		metric.WithDescription("Number of pages of the Auth0 log fetched and mapped. [Development]"),
		metric.WithUnit("{page}"),
	)
	errs = errors.Join(errs, err)
	builder.Auth0ReceiverRecords, err = builder.meter.Int64Counter(
		"otelcol_auth0_receiver_records",
		metric.WithDescription("Number of Auth0 events read, by what became of them. [Development]"),
		metric.WithUnit("{record}"),
	)
	errs = errors.Join(errs, err)
	builder.Auth0ReceiverRetentionGaps, err = builder.meter.Int64Counter(
		"otelcol_auth0_receiver_retention_gaps",
		metric.WithDescription("Number of times the first events after a stored checkpoint were far newer than it - events in between may have left Auth0's retention before they were read. [Development]"),
		metric.WithUnit("{gap}"),
	)
	errs = errors.Join(errs, err)
	builder.Auth0ReceiverUnknownEventCodes, err = builder.meter.Int64Counter(
		"otelcol_auth0_receiver_unknown_event_codes",
		metric.WithDescription("Number of delivered events whose code is not in the receiver's event-code table (delivered with auth0.event.known=false). [Development]"),
		metric.WithUnit("{record}"),
	)
	errs = errors.Join(errs, err)
	return &builder, errs
}
