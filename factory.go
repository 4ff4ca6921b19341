// Package auth0receiver is an OpenTelemetry Collector receiver that brings an Auth0 tenant's
// logs into a logs pipeline, and counters derived from them into a metrics pipeline.
package auth0receiver

import (
	"context"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/confighttp"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/receiver"

	"github.com/otelcol-auth0/auth0receiver/internal/metadata"
	"github.com/otelcol-auth0/auth0receiver/internal/signals"
)

// NewFactory returns the factory of the auth0 receiver.
func NewFactory() receiver.Factory {
	return receiver.NewFactory(
		metadata.Type,
		createDefaultConfig,
		receiver.WithLogs(createLogs, metadata.LogsStability),
		receiver.WithMetrics(createMetrics, metadata.MetricsStability),
	)
}

func createDefaultConfig() component.Config {
	client := confighttp.NewDefaultClientConfig()
	client.Timeout = 30 * time.Second
	return &Config{
		ClientConfig: client,
		PollInterval: 10 * time.Second,
		PageSize:     100,
		StartAt:      StartAtEnd,
		BackOffConfig: configretry.BackOffConfig{
			Enabled:             true,
			InitialInterval:     time.Second,
			MaxInterval:         30 * time.Second,
			MaxElapsedTime:      0, // retry until shutdown: retryable data is never dropped
			Multiplier:          1.5,
			RandomizationFactor: 0.5,
		},
		// Off unless the webhook section is present; then these are its defaults.
		Webhook:         configoptional.Default(defaultWebhookConfig()),
		BodyFormat:      FormatOTel,
		SecuritySignals: signals.DefaultConfig(),
		EventMetrics:    defaultEventMetricsConfig(),
	}
}

// createLogs and createMetrics return the one receiver of cfg: the logs pipeline gets its
// records, the metrics pipeline the counters derived from them.
func createLogs(_ context.Context, set receiver.Settings, cfg component.Config, next consumer.Logs) (receiver.Logs, error) {
	r, err := receivers.get(cfg.(*Config), set)
	if err != nil {
		return nil, err
	}
	r.nextLogs = next
	return r, nil
}

func createMetrics(_ context.Context, set receiver.Settings, cfg component.Config, next consumer.Metrics) (receiver.Metrics, error) {
	r, err := receivers.get(cfg.(*Config), set)
	if err != nil {
		return nil, err
	}
	r.nextMetrics = next
	return r, nil
}
