package auth0receiver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

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
		Map:           r.mapStream,
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
	srv, err := server.ToServer(ctx, host.GetExtensions(), r.settings.TelemetrySettings, handler)
	if err != nil {
		_ = ln.Close()
		return fmt.Errorf("webhook: %w", err)
	}

	hook := &webhookServer{srv: srv, addr: ln.Addr(), done: make(chan struct{})}
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

// mapStream maps a Log Streams body, counting what the mapping dropped.
func (r *auth0Receiver) mapStream(body []byte, observed time.Time, keep func(string) bool) (mapping.Batch, error) {
	b, err := r.mapper.MapStream(body, mapping.Params{Observed: observed, Keep: keep})
	if err == nil {
		r.tel.mapped(context.Background(), sourceWebhook, &b)
	}
	return b, err
}

// deliverStream passes a Log Streams batch to the pipeline. Records refused retryably are not
// counted as refused: the 503 makes Auth0 send them again.
func (r *auth0Receiver) deliverStream(ctx context.Context, b *mapping.Batch) error {
	err := r.deliver(ctx, b)
	if err == nil || consumererror.IsPermanent(err) {
		r.tel.delivered(ctx, sourceWebhook, b, err == nil)
	}
	return err
}

// stopWebhook stops the endpoint: requests in flight finish within ctx, then the rest are cut.
// It is a no-op when the endpoint is not running; the caller holds r.mu.
func (r *auth0Receiver) stopWebhook(ctx context.Context) error {
	hook := r.webhook
	if hook == nil {
		return nil
	}
	err := hook.srv.Shutdown(ctx)
	if err != nil {
		_ = hook.srv.Close() // out of time: cut the remaining connections
	}
	<-hook.done // Serve returns as soon as the listener is closed, which both calls do first
	r.webhook = nil
	return err
}
