package auth0receiver

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
	"github.com/otelcol-auth0/auth0receiver/internal/metadata"
)

// Values of the metrics' attributes (metadata.yaml).
const (
	sourcePull    = "pull"
	sourceWebhook = "webhook"

	outcomeDelivered = "delivered"
	outcomeRefused   = "refused"
	outcomeFiltered  = "filtered"
	outcomeDuplicate = "duplicate"
)

// Attribute sets built once: they are recorded on every page.
var (
	statusClassSets = func() map[string]metric.MeasurementOption {
		m := map[string]metric.MeasurementOption{}
		for _, c := range []string{"2xx", "3xx", "4xx", "5xx", "transport_error"} {
			m[c] = metric.WithAttributeSet(attribute.NewSet(attribute.String("status_class", c)))
		}
		return m
	}()
	recordSets = func() map[[2]string]metric.MeasurementOption {
		m := map[[2]string]metric.MeasurementOption{}
		for _, s := range []string{sourcePull, sourceWebhook} {
			for _, o := range []string{outcomeDelivered, outcomeRefused, outcomeFiltered, outcomeDuplicate} {
				m[[2]string{s, o}] = metric.WithAttributeSet(attribute.NewSet(
					attribute.String("outcome", o), attribute.String("source", s)))
			}
		}
		return m
	}()
)

// telemetry records the receiver's own metrics (metadata.yaml, telemetry section).
type telemetry struct {
	tb *metadata.TelemetryBuilder

	newestDelivered atomic.Int64 // unix nanoseconds of the newest delivered event's date
	caughtUpAt      atomic.Int64 // unix nanoseconds of the last time the pull was caught up
}

func newTelemetry(set component.TelemetrySettings) (*telemetry, error) {
	tb, err := metadata.NewTelemetryBuilder(set)
	if err != nil {
		return nil, err
	}
	t := &telemetry{tb: tb}
	// Counters an operator alerts on exist from the start, at zero: a rate() over a series that
	// appears only with its first failure misses that failure.
	ctx := context.Background()
	tb.Auth0ReceiverAPIRateLimited.Add(ctx, 0)
	tb.Auth0ReceiverRetentionGaps.Add(ctx, 0)
	tb.Auth0ReceiverCheckpointWriteErrors.Add(ctx, 0)
	tb.Auth0ReceiverUnknownEventCodes.Add(ctx, 0)
	for _, o := range []string{outcomeDelivered, outcomeRefused} {
		tb.Auth0ReceiverRecords.Add(ctx, 0, recordSets[[2]string{sourcePull, o}])
	}
	err = tb.RegisterAuth0ReceiverCheckpointLagCallback(func(_ context.Context, o metric.Float64Observer) error {
		if lag, ok := t.lag(time.Now()); ok {
			o.Observe(lag.Seconds())
		}
		return nil
	})
	return t, err
}

// lag is how far the delivered data trails Auth0: time since the newest delivered event or
// since the pull last found itself caught up, whichever is later. Without either it is unknown.
func (t *telemetry) lag(now time.Time) (time.Duration, bool) {
	ref := max(t.newestDelivered.Load(), t.caughtUpAt.Load())
	if ref == 0 {
		return 0, false
	}
	return max(0, now.Sub(time.Unix(0, ref))), true
}

// page counts a page read from the API and what the mapping dropped from it.
func (t *telemetry) page(ctx context.Context, b *mapping.Batch) {
	t.tb.Auth0ReceiverPages.Add(ctx, 1)
	t.mapped(ctx, sourcePull, b)
}

// mapped counts what the mapping of a page or a webhook body dropped and found unknown.
func (t *telemetry) mapped(ctx context.Context, source string, b *mapping.Batch) {
	if b.Filtered > 0 {
		t.tb.Auth0ReceiverRecords.Add(ctx, int64(b.Filtered), recordSets[[2]string{source, outcomeFiltered}])
	}
	if b.Duplicates > 0 {
		t.tb.Auth0ReceiverRecords.Add(ctx, int64(b.Duplicates), recordSets[[2]string{source, outcomeDuplicate}])
	}
	if b.Unknown > 0 {
		t.tb.Auth0ReceiverUnknownEventCodes.Add(ctx, int64(b.Unknown))
	}
}

// delivered counts n records the pipeline accepted or refused for good, the newest dated newest.
// The caller counts them before handing them over: afterwards they belong to the pipeline. Only
// pulled records move the checkpoint lag: the webhook's recent events say nothing of how far the
// pull trails.
func (t *telemetry) delivered(ctx context.Context, source string, n int, newest time.Time, accepted bool) {
	outcome := outcomeRefused
	if accepted {
		outcome = outcomeDelivered
	}
	// One goroutine delivers pulled pages: a load and a store cannot race with another writer.
	if accepted && source == sourcePull && !newest.IsZero() && newest.UnixNano() > t.newestDelivered.Load() {
		t.newestDelivered.Store(newest.UnixNano())
	}
	if n > 0 {
		t.tb.Auth0ReceiverRecords.Add(ctx, int64(n), recordSets[[2]string{source, outcome}])
	}
}

func (t *telemetry) checkpointWriteFailed(ctx context.Context) {
	t.tb.Auth0ReceiverCheckpointWriteErrors.Add(ctx, 1)
}

// caughtUp records that everything Auth0 had at `at` has been delivered.
func (t *telemetry) caughtUp(at time.Time) { t.caughtUpAt.Store(at.UnixNano()) }

func (t *telemetry) retentionGap(ctx context.Context) { t.tb.Auth0ReceiverRetentionGaps.Add(ctx, 1) }

func (t *telemetry) shutdown() { t.tb.Shutdown() }

// instrument wraps an HTTP transport so that every exchange with Auth0 (token and logs, retries
// included) is counted by status class, and 429s and the rate-limit headers are recorded.
func (t *telemetry) instrument(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &instrumentedTransport{base: base, t: t}
}

type instrumentedTransport struct {
	base http.RoundTripper
	t    *telemetry
}

func (it *instrumentedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := it.base.RoundTrip(req)
	ctx, tb := req.Context(), it.t.tb
	if err != nil {
		tb.Auth0ReceiverAPIRequests.Add(ctx, 1, statusClassSets["transport_error"])
		return resp, err
	}
	if class, ok := statusClassSets[strconv.Itoa(resp.StatusCode/100)+"xx"]; ok {
		tb.Auth0ReceiverAPIRequests.Add(ctx, 1, class)
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		tb.Auth0ReceiverAPIRateLimited.Add(ctx, 1)
	}
	if remaining, perr := strconv.ParseInt(resp.Header.Get("X-Ratelimit-Remaining"), 10, 64); perr == nil {
		tb.Auth0ReceiverAPIRateLimitRemaining.Record(ctx, remaining)
	}
	return resp, nil
}

// CloseIdleConnections lets http.Client.CloseIdleConnections reach the wrapped transport.
func (it *instrumentedTransport) CloseIdleConnections() {
	if c, ok := it.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
