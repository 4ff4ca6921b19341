package auth0receiver

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.uber.org/zap"

	"github.com/otelcol-auth0/auth0receiver/internal/eventmetrics"
	"github.com/otelcol-auth0/auth0receiver/internal/metadata"
	"github.com/otelcol-auth0/auth0receiver/internal/signals"
)

// EventMetricsConfig configures the counters the receiver derives from the events it delivers,
// when it is in a metrics pipeline.
type EventMetricsConfig struct {
	// MetricsBuilderConfig enables or disables each metric and resource attribute
	// (metrics.<name>.enabled, resource_attributes.<name>.enabled).
	metadata.MetricsBuilderConfig `mapstructure:",squash"`
	// CollectionInterval is how often the cumulative counters are passed to the pipeline.
	CollectionInterval time.Duration `mapstructure:"collection_interval"`
	// MaxEventAge: an event delivered longer than this after its date (a backfill, a catch-up
	// after an outage) is counted in auth0.events.late only, so that it cannot look like a
	// burst. 0 counts every event as current.
	MaxEventAge time.Duration `mapstructure:"max_event_age"`
	// MaxSeriesPerMetric bounds each metric's attribute combinations; new ones beyond it are
	// counted under "_other". 0 means no bound.
	MaxSeriesPerMetric int `mapstructure:"max_series_per_metric"`

	_ struct{}
}

func defaultEventMetricsConfig() EventMetricsConfig {
	return EventMetricsConfig{
		MetricsBuilderConfig: metadata.DefaultMetricsBuilderConfig(),
		CollectionInterval:   10 * time.Second,
		MaxEventAge:          10 * time.Minute,
		MaxSeriesPerMetric:   1000,
	}
}

func (c *EventMetricsConfig) validate() []error {
	var errs []error
	if c.CollectionInterval <= 0 {
		errs = append(errs, fmt.Errorf("event_metrics.collection_interval: must be positive, got %v", c.CollectionInterval))
	}
	if c.MaxEventAge < 0 {
		errs = append(errs, fmt.Errorf("event_metrics.max_event_age: must not be negative, got %v", c.MaxEventAge))
	}
	if c.MaxSeriesPerMetric < 0 {
		errs = append(errs, fmt.Errorf("event_metrics.max_series_per_metric: must not be negative, got %d", c.MaxSeriesPerMetric))
	}
	return errs
}

// severityTier orders severity texts for the initial series: ERROR and FATAL, then WARN, then
// the rest.
func severityTier(sev string) int {
	switch {
	case strings.HasPrefix(sev, "ERROR"), strings.HasPrefix(sev, "FATAL"):
		return 0
	case strings.HasPrefix(sev, "WARN"):
		return 1
	}
	return 2
}

// metricsEmitter passes the counters to the metrics pipeline every collection_interval.
type metricsEmitter struct {
	r      *auth0Receiver
	mb     *metadata.MetricsBuilder
	res    pcommon.Resource
	cancel context.CancelFunc
	done   chan struct{}
}

// startMetrics creates the counters and their emitter when the receiver is in a metrics
// pipeline; the caller holds r.mu.
func (r *auth0Receiver) startMetrics() {
	if r.nextMetrics == nil {
		return
	}
	cfg := r.cfg.EventMetrics
	r.counters = eventmetrics.New(cfg.MaxEventAge, cfg.MaxSeriesPerMetric)
	// The series alerts wait for exist from the start, so that their first event is an increase
	// for rate() and increase(), not a series born at 1: every code's at each severity its records
	// can carry. Within max_series_per_metric, those of the more severe events come first.
	type eventSeries struct{ code, category, outcome, severity string }
	var events []eventSeries
	r.mapper.EachKnownCode(func(code, category, outcome string, severities []string) {
		for _, sev := range severities {
			events = append(events, eventSeries{code, category, outcome, sev})
		}
		if eventmetrics.IsRateLimitCode(code) {
			r.counters.Init(eventmetrics.RateLimitEvents, code)
		}
	})
	slices.SortStableFunc(events, func(a, b eventSeries) int { return severityTier(a.severity) - severityTier(b.severity) })
	for _, e := range events {
		r.counters.Init(eventmetrics.Events, e.code, e.category, e.outcome, e.severity)
	}
	if sc := r.cfg.SecuritySignals; sc.Enabled {
		for _, s := range signals.All() {
			if !slices.Contains(sc.Exclude, s.Name) {
				r.counters.Init(eventmetrics.SecuritySignals, s.Name, string(s.Category))
			}
		}
	}
	e := &metricsEmitter{
		r:    r,
		mb:   metadata.NewMetricsBuilder(cfg.MetricsBuilderConfig, r.settings, metadata.WithStartTime(pcommon.NewTimestampFromTime(time.Now()))),
		done: make(chan struct{}),
	}
	rb := e.mb.NewResourceBuilder()
	rb.SetAuth0TenantDomain(r.cfg.Domain)
	e.res = rb.Emit()
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel = cancel
	go e.run(ctx, cfg.CollectionInterval)
	r.metrics = e
}

func (e *metricsEmitter) run(ctx context.Context, interval time.Duration) {
	defer close(e.done)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			e.emit(ctx)
		case <-ctx.Done():
			return
		}
	}
}

// emit passes the current counts on. A refusal is logged, not retried: the counts are
// cumulative, so the next emission carries them again.
func (e *metricsEmitter) emit(ctx context.Context) {
	e.r.counters.Record(e.mb, pcommon.NewTimestampFromTime(time.Now()))
	md := e.mb.Emit(metadata.WithResource(e.res))
	n := md.DataPointCount()
	if n == 0 {
		return
	}
	ctx = e.r.obs.StartMetricsOp(ctx)
	err := e.r.nextMetrics.ConsumeMetrics(ctx, md)
	e.r.obs.EndMetricsOp(ctx, metadata.Type.String(), n, err)
	if err != nil && !errors.Is(err, context.Canceled) {
		e.r.settings.Logger.Warn("The metrics pipeline refused the derived Auth0 metrics; they are sent again with the next emission",
			zap.Error(err), zap.Int("data_points", n))
	}
}

// stop ends the emitter, then emits once more so that the last counts reach the pipeline, all
// within ctx: a pipeline that blocks (and ignores its context) does not hold Shutdown. When the
// emitter is still stuck in the pipeline the last emission is skipped, since the builder is
// the emitter's.
func (e *metricsEmitter) stop(ctx context.Context) error {
	e.cancel()
	if err := waitUntil(ctx, e.done); err != nil {
		return fmt.Errorf("auth0 receiver: the metrics pipeline did not return in time: %w", err)
	}
	last := make(chan struct{})
	go func() {
		defer close(last)
		e.emit(ctx)
	}()
	if err := waitUntil(ctx, last); err != nil {
		return fmt.Errorf("auth0 receiver: the last emission of the metrics did not return in time: %w", err)
	}
	return nil
}
