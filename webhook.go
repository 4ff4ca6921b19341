package auth0receiver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componentstatus"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.uber.org/zap"

	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
	"github.com/otelcol-auth0/auth0receiver/internal/webhook"
)

// webhookServer is the running Log Streams endpoint.
type webhookServer struct {
	srv  *http.Server
	addr net.Addr      // where it listens (the port chosen for an endpoint ending in :0)
	done chan struct{} // closed when Serve returned
	// cancel ends the requests' contexts: at Shutdown, a pipeline blocked on one (an exporter
	// retrying a backend that is down) is told to stop, as the pull's is, and the request is
	// answered 503 with its ids released.
	cancel context.CancelFunc
}

// startWebhook starts the Log Streams endpoint when the webhook section is present. Records go
// through the same mapping, de-duplication set and deliver (with its ObsReport) as pulled ones.
// A listen error fails Start; the caller holds r.mu.
func (r *auth0Receiver) startWebhook(ctx context.Context, host component.Host) error {
	wc := r.cfg.Webhook.Get()
	if wc == nil {
		return nil
	}
	server := wc.ServerConfig // a copy: ToServer writes its defaults into the config it is given
	handler, err := webhook.New(webhook.Settings{
		Path:          wc.Path,
		Authorization: string(wc.Authorization),
		MaxBodySize:   server.MaxRequestBodySize, // 0: confighttp's own default bound applies
		Map:           r.mapper.MapStream,
		Mapped:        func(b *mapping.Batch) { r.tel.mapped(context.Background(), sourceWebhook, b) },
		Consume:       r.deliverStream,
		Seen:          r.seen,
		Logger:        r.settings.Logger,
	})
	if err != nil {
		return err
	}
	ln, err := server.ToListener(ctx)
	if err != nil {
		return fmt.Errorf("webhook: cannot listen on %q: %w", server.NetAddr.Endpoint, err)
	}
	srv, err := server.ToServer(ctx, host.GetExtensions(), r.settings.TelemetrySettings, handler.Ingest())
	if err != nil {
		_ = ln.Close()
		return fmt.Errorf("webhook: %w", err)
	}
	// Path, method and Authorization first, in front of confighttp's layers: nothing of an
	// anonymous request's body is read or decompressed.
	srv.Handler = handler.Guard(srv.Handler)

	requests, cancel := context.WithCancel(context.Background())
	srv.BaseContext = func(net.Listener) context.Context { return requests }
	hook := &webhookServer{srv: srv, addr: ln.Addr(), done: make(chan struct{}), cancel: cancel}
	r.webhook = hook
	go func() {
		defer close(hook.done)
		if err := hook.srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			componentstatus.ReportStatus(host, componentstatus.NewFatalErrorEvent(err))
		}
	}()
	r.settings.Logger.Info("Receiving Auth0 Log Streams",
		zap.String("endpoint", hook.addr.String()), zap.String("path", wc.Path), zap.Bool("tls", wc.TLS.HasValue()))
	return nil
}

// deliverStream passes a Log Streams batch to the pipeline. Records refused retryably are not
// counted as refused: the 503 makes Auth0 send them again.
func (r *auth0Receiver) deliverStream(ctx context.Context, b *mapping.Batch) error {
	n := b.Logs.LogRecordCount() // now: once accepted, the records belong to the pipeline
	err := r.deliver(ctx, b)
	if err == nil || consumererror.IsPermanent(err) {
		r.tel.delivered(ctx, sourceWebhook, n, b.Newest, err == nil)
	}
	return err
}

// stopWebhook stops the endpoint: the requests in flight are told to stop and finish within
// ctx, then the rest are cut. It is a no-op when the endpoint is not running; the caller holds
// r.mu.
func (r *auth0Receiver) stopWebhook(ctx context.Context) error {
	hook := r.webhook
	if hook == nil {
		return nil
	}
	hook.cancel()
	err := hook.srv.Shutdown(ctx)
	if err != nil {
		_ = hook.srv.Close() // out of time: cut the remaining connections
	}
	<-hook.done // Serve returns as soon as the listener is closed, which both calls do first
	r.webhook = nil
	return err
}
