package auth0receiver

import (
	"context"
	"errors"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/receiverhelper"
	"go.uber.org/zap"

	"github.com/otelcol-auth0/auth0receiver/internal/auth0api"
	"github.com/otelcol-auth0/auth0receiver/internal/checkpoint"
	"github.com/otelcol-auth0/auth0receiver/internal/dedup"
	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
	"github.com/otelcol-auth0/auth0receiver/internal/metadata"
)

// dedupCapacity bounds the set of recently delivered log_ids (about 40 bytes each): enough to
// cover the webhook running ahead of a pull that is catching up on a day of a busy tenant.
const dedupCapacity = 200_000

// auth0Receiver wires the parts together: Start builds the API client, the checkpoint store and
// the pull loop; Shutdown stops them.
type auth0Receiver struct {
	cfg      *Config
	settings receiver.Settings
	next     consumer.Logs
	obs      *receiverhelper.ObsReport
	tel      *telemetry
	mapper   *mapping.Mapper
	seen     *dedup.Set

	mu       sync.Mutex // guards the fields below against a concurrent Start and Shutdown
	cancel   context.CancelFunc
	stopped  chan struct{}
	api      *auth0api.Client
	store    *checkpoint.Store
	webhook  *webhookServer // the Log Streams endpoint, when configured
	shutdown bool
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
	mapper := mapping.New(mapping.Options{
		Domain:            cfg.Domain,
		ScopeName:         metadata.ScopeName,
		ScopeVersion:      set.BuildInfo.Version,
		Include:           cfg.EventTypes.Include,
		Exclude:           cfg.EventTypes.Exclude,
		SeverityOverrides: cfg.SeverityOverrides,
	})
	return &auth0Receiver{
		cfg:      cfg,
		settings: set,
		next:     next,
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
	if r.shutdown || r.cancel != nil || r.webhook != nil {
		return errors.New("auth0 receiver: Start called twice or after Shutdown")
	}
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
	store := checkpoint.New(client, checkpoint.Key(r.settings.ID, r.cfg.Domain))

	httpClient, err := r.cfg.ToClient(ctx, host.GetExtensions(), r.settings.TelemetrySettings)
	if err != nil {
		_ = store.Close(ctx)
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
	r.store = store

	start, _ := parseStartAt(r.cfg.StartAt) // validated with the config
	p := &puller{
		cfg:     r.cfg,
		logger:  r.settings.Logger,
		api:     r.api,
		mapper:  r.mapper,
		seen:    r.seen,
		store:   store,
		deliver: r.deliver,
		startAt: start,
		health:  newHealth(host, r.settings.Logger),
		tel:     r.tel,
	}
	if err := r.startWebhook(ctx, host); err != nil {
		r.api.CloseIdleConnections()
		_ = store.Close(ctx)
		return err
	}
	runCtx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	r.stopped = make(chan struct{})
	go func() {
		defer close(r.stopped)
		p.run(runCtx)
	}()
	return nil
}

// Shutdown stops the pull loop and the webhook, waiting for them within ctx. It is safe without
// Start and twice.
func (r *auth0Receiver) Shutdown(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.shutdown {
		r.tel.shutdown()
	}
	r.shutdown = true
	if r.cancel == nil {
		return r.stopWebhook(ctx)
	}
	r.cancel()
	webhookErr := r.stopWebhook(ctx)
	select {
	case <-r.stopped:
	case <-ctx.Done():
		return ctx.Err()
	}
	r.cancel = nil // a second Shutdown finds nothing left to stop
	r.api.CloseIdleConnections()
	return errors.Join(webhookErr, r.store.Close(ctx))
}

// deliver passes one batch to the pipeline, counting it in the receiver's own telemetry.
func (r *auth0Receiver) deliver(ctx context.Context, b *mapping.Batch) error {
	n := b.Logs.LogRecordCount() // before ConsumeLogs: consumers may change the data
	ctx = r.obs.StartLogsOp(ctx)
	err := r.next.ConsumeLogs(ctx, b.Logs)
	r.obs.EndLogsOp(ctx, metadata.Type.String(), n, err)
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
