// Package auth0receiver is an OpenTelemetry Collector receiver that brings an Auth0 tenant's
// logs into a logs pipeline.
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
)

// NewFactory returns the factory of the auth0 receiver.
func NewFactory() receiver.Factory {
	return receiver.NewFactory(
		metadata.Type,
		createDefaultConfig,
		receiver.WithLogs(createLogs, metadata.LogsStability),
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
		Webhook: configoptional.Default(defaultWebhookConfig()),
	}
}

func createLogs(_ context.Context, set receiver.Settings, cfg component.Config, next consumer.Logs) (receiver.Logs, error) {
	return newReceiver(cfg.(*Config), set, next)
}
