package auth0receiver

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/receiverhelper"
	"go.uber.org/zap"

	"github.com/otelcol-auth0/auth0receiver/internal/auth0api"
	"github.com/otelcol-auth0/auth0receiver/internal/checkpoint"
	"github.com/otelcol-auth0/auth0receiver/internal/dedup"
	"github.com/otelcol-auth0/auth0receiver/internal/eventmetrics"
	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
	"github.com/otelcol-auth0/auth0receiver/internal/metadata"
	"github.com/otelcol-auth0/auth0receiver/internal/ocsf"
	"github.com/otelcol-auth0/auth0receiver/internal/pii"
	"github.com/otelcol-auth0/auth0receiver/internal/signals"
)

// dedupCapacity bounds the set of recently delivered log_ids (about 40 bytes each): enough to
// cover the webhook running ahead of a pull that is catching up on a day of a busy tenant.
const dedupCapacity = 200_000

// auth0Receiver wires the parts together: Start builds the API client, the checkpoint store, the
// pull loop and the webhook; Shutdown stops them. A Start that fails half-way undoes what it
// built through the same path as Shutdown.
type auth0Receiver struct {
	cfg         *Config
	settings    receiver.Settings
	nextLogs    consumer.Logs    // nil when no logs pipeline names the receiver
	nextMetrics consumer.Metrics // nil when no metrics pipeline names it
	obs         *receiverhelper.ObsReport
	tel         *telemetry
	mapper      *mapping.Mapper
	seen        *dedup.Set

	mu       sync.Mutex // guards the fields below against a concurrent Start and Shutdown
	started  bool
	shutdown bool
	cancel   context.CancelFunc
	looped   chan struct{} // closed when the pull loop has ended
	api      *auth0api.Client
	store    *checkpoint.Store // closed by stop once the loop has ended, or when it ends
	// persistSeen: the webhook and storage are on, so seen is stored at Shutdown and restored
	// at Start (the webhook runs ahead of the pull's checkpoint).
	persistSeen bool
	webhook     *webhookServer         // the Log Streams endpoint, when configured
	counters    *eventmetrics.Counters // in a metrics pipeline: what the delivered events add up to
	metrics     *metricsEmitter
}

func newReceiver(cfg *Config, set receiver.Settings, next consumer.Logs) (*auth0Receiver, error) {
	obs, err := receiverhelper.NewObsReport(receiverhelper.ObsReportSettings{
		ReceiverID:             set.ID,
		Transport:              "http",
		ReceiverCreateSettings: set,
	})
	if err != nil {
		return nil, err
	}
	tel, err := newTelemetry(set.TelemetrySettings)
	if err != nil {
		return nil, err
	}
	matcher, err := signals.New(cfg.SecuritySignals)
	if err != nil {
		return nil, err
	}
	redactor, err := pii.New(cfg.PII)
	if err != nil {
		return nil, err
	}
	var body func(pcommon.Map, *mapping.Event)
	if cfg.BodyFormat == FormatOCSF {
		body = ocsf.Build
	}
	mapper := mapping.New(mapping.Options{
		BodyWriter:        body,
		Domain:            cfg.Domain,
		ScopeName:         metadata.ScopeName,
		ScopeVersion:      set.BuildInfo.Version,
		Include:           cfg.EventTypes.Include,
		Exclude:           cfg.EventTypes.Exclude,
		SeverityOverrides: cfg.SeverityOverrides,
		Signals:           matcher,
		PII:               redactor,
	})
	return &auth0Receiver{
		cfg:      cfg,
		settings: set,
		nextLogs: next,
		obs:      obs,
		tel:      tel,
		mapper:   mapper,
		seen:     dedup.New(dedupCapacity),
	}, nil
}

// Start returns at once: the pull loop and the webhook run in the background until Shutdown.
func (r *auth0Receiver) Start(ctx context.Context, host component.Host) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started {
		return errors.New("auth0 receiver: Start called twice or after Shutdown")
	}
	r.started = true
	if err := r.start(ctx, host); err != nil {
		return errors.Join(err, r.stop(ctx))
	}
	return nil
}

// start builds the parts in order; the caller holds r.mu and undoes them with stop on error.
func (r *auth0Receiver) start(ctx context.Context, host component.Host) error {
	r.startMetrics()
	if !r.cfg.pulls() {
		return r.startWebhook(ctx, host) // webhook only: no API client, no checkpoint, no request
	}

	var client storage.Client
	if r.cfg.StorageID != nil {
		var err error
		if client, err = checkpoint.Open(ctx, host, *r.cfg.StorageID, r.settings.ID); err != nil {
			return err
		}
	} else {
		r.settings.Logger.Warn("No storage extension configured: the checkpoint is kept in memory and a restart starts again from start_at",
			zap.String("start_at", r.cfg.StartAt))
	}
	r.store = checkpoint.New(client, checkpoint.Key(r.settings.ID, r.cfg.Domain))
	if r.cfg.Webhook.Get() != nil && r.store.Persistent() {
		r.seen, r.persistSeen = r.restoreDelivered(ctx), true
	}

	httpClient, err := r.cfg.ToClient(ctx, host.GetExtensions(), r.settings.TelemetrySettings)
	if err != nil {
		return err
	}
	httpClient.Transport = r.tel.instrument(httpClient.Transport)
	r.api = auth0api.New(auth0api.Config{
		Endpoint:             r.cfg.endpoint(),
		Audience:             r.cfg.audience(),
		ClientID:             r.cfg.ClientID,
		ClientSecret:         string(r.cfg.ClientSecret),
		APIToken:             string(r.cfg.APIToken),
		PageSize:             r.cfg.PageSize,
		MaxRequestsPerSecond: r.cfg.MaxRequestsPerSecond,
	}, httpClient)

	if err := r.startWebhook(ctx, host); err != nil {
		return err
	}

	start, _ := parseStartAt(r.cfg.StartAt) // validated with the config
	p := &puller{
		cfg:     r.cfg,
		logger:  r.settings.Logger,
		api:     r.api,
		mapper:  r.mapper,
		seen:    r.seen,
		store:   r.store,
		deliver: r.deliver,
		startAt: start,
		health:  newHealth(host, r.settings.Logger),
		tel:     r.tel,
	}
	runCtx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	looped := make(chan struct{})
	r.looped = looped
	go func() { // the loop outlives Start, whose ctx is not for background work
		defer close(looped)
		p.run(runCtx)
	}()
	return nil
}

// restoreDelivered returns the de-duplication set of a run with the webhook and a storage
// extension: the ids delivered when the last run stopped, so that the pull does not deliver
// again what the webhook delivered past its checkpoint. Without them it starts empty, and
// nothing is lost: some events may come a second time.
func (r *auth0Receiver) restoreDelivered(ctx context.Context) *dedup.Set {
	data, err := r.store.LoadDelivered(ctx)
	if err == nil && data != nil {
		var seen *dedup.Set
		if seen, err = dedup.Restore(dedupCapacity, data); err == nil {
			r.settings.Logger.Info("Restored the log_ids delivered before the restart", zap.Int("log_ids", seen.Len()))
			return seen
		}
	}
	if err != nil {
		r.settings.Logger.Warn("Cannot read the log_ids delivered before the restart: the pull may deliver again events the webhook delivered past the checkpoint",
			zap.Error(err))
	}
	return dedup.NewPersistent(dedupCapacity)
}

// saveDelivered stores the delivered ids for restoreDelivered, once neither path delivers any
// more: bounded as a checkpoint write is, whatever is left of Shutdown's context.
func (r *auth0Receiver) saveDelivered(ctx context.Context, store *checkpoint.Store) {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), checkpointWriteTimeout)
	defer cancel()
	if err := store.SaveDelivered(wctx, r.seen.Snapshot()); err != nil {
		r.settings.Logger.Warn("Cannot store the delivered log_ids: after the restart the pull may deliver again events the webhook delivered past the checkpoint",
			zap.Error(err))
	}
}

// Shutdown stops the pull loop and the webhook, waiting for them within ctx. It is safe without
// Start and twice.
func (r *auth0Receiver) Shutdown(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.shutdown {
		r.shutdown = true
		r.tel.shutdown()
	}
	r.started = true // no Start after Shutdown
	return r.stop(ctx)
}

// stop undoes what start built, whatever it got to: the webhook stops taking requests, the pull
// loop ends, idle connections close, the store closes. The caller holds r.mu.
func (r *auth0Receiver) stop(ctx context.Context) error {
	var errs []error
	if r.cancel != nil {
		r.cancel()
	}
	errs = append(errs, r.stopWebhook(ctx))
	ran := r.looped != nil      // Start succeeded: something may have been delivered
	var running <-chan struct{} // the loop, when it did not end in time
	if r.looped != nil {
		if err := waitUntil(ctx, r.looped); err != nil {
			running = r.looped // a pipeline that ignores its context holds the loop
			errs = append(errs, fmt.Errorf("auth0 receiver: the pull loop did not stop in time: %w", err))
		}
		r.cancel, r.looped = nil, nil
	}
	if r.api != nil {
		r.api.CloseIdleConnections()
		r.api = nil
	}
	if r.store != nil {
		// Once the loop has ended: the delivered ids (only committed ones: a webhook request cut
		// off is not among them) are stored, bounded by their own timeout as a checkpoint write,
		// then the store closes; Shutdown waits for that within ctx.
		store, save := r.store, r.persistSeen && ran
		r.store = nil
		closed := make(chan error, 1)
		go func() {
			if running != nil {
				<-running
			}
			if save {
				r.saveDelivered(ctx, store)
			}
			closed <- store.Close(context.WithoutCancel(ctx))
		}()
		if running == nil {
			select {
			case err := <-closed:
				errs = append(errs, err)
			case <-ctx.Done(): // it goes on in the background
				errs = append(errs, fmt.Errorf("auth0 receiver: storing the delivered ids and closing the store: %w", ctx.Err()))
			}
		}
	}
	if r.metrics != nil { // last: the counts of everything delivered until now
		errs = append(errs, r.metrics.stop(ctx))
		r.metrics = nil
	}
	return errors.Join(errs...)
}

// waitUntil waits until done is closed or ctx ends, preferring done when both are ready.
func waitUntil(ctx context.Context, done <-chan struct{}) error {
	select {
	case <-done:
		return nil
	default:
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// deliver passes one batch to the logs pipeline, counting it in the receiver's own telemetry and,
// once accepted, in the derived metrics. Without a logs pipeline (metrics only) the batch counts
// as accepted.
func (r *auth0Receiver) deliver(ctx context.Context, b *mapping.Batch) error {
	var tally eventmetrics.Tally
	if r.counters != nil { // now: once accepted, the records belong to the pipeline
		tally = r.counters.Tally(b.Logs, time.Now())
	}
	var err error
	if r.nextLogs != nil {
		n := b.Logs.LogRecordCount()
		ctx = r.obs.StartLogsOp(ctx)
		err = r.nextLogs.ConsumeLogs(ctx, b.Logs)
		r.obs.EndLogsOp(ctx, metadata.Type.String(), n, err)
	}
	if err == nil && r.counters != nil {
		r.counters.Add(tally)
	}
	return err
}

// sleep waits for d or until ctx is done, reporting whether the full wait elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
