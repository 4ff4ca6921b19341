package auth0receiver

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/config/configtls"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"

	"github.com/otelcol-auth0/auth0receiver/internal/metadata"

	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
	"github.com/otelcol-auth0/auth0receiver/internal/signals"
)

func loadConfig(t *testing.T, name string) *Config {
	t.Helper()
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	require.NoError(t, err)
	sub, err := cm.Sub(component.NewIDWithName(metadata.Type, name).String())
	require.NoError(t, err)
	cfg := NewFactory().CreateDefaultConfig().(*Config)
	require.NoError(t, sub.Unmarshal(cfg))
	return cfg
}

// validConfig is loadConfig's config, which must validate.
func validConfig(t *testing.T, name string) *Config {
	t.Helper()
	cfg := loadConfig(t, name)
	require.NoError(t, confmap.Validate(cfg))
	return cfg
}

func TestDefaultConfig(t *testing.T) {
	cfg := validConfig(t, "defaults")

	assert.Equal(t, "acme.us.auth0.com", cfg.Domain)
	assert.Equal(t, "https://acme.us.auth0.com", cfg.endpoint())
	assert.Equal(t, "https://acme.us.auth0.com/api/v2/", cfg.audience())
	assert.Equal(t, 30*time.Second, cfg.Timeout)
	assert.Equal(t, 10*time.Second, cfg.PollInterval)
	assert.Equal(t, 100, cfg.PageSize)
	assert.Equal(t, StartAtEnd, cfg.StartAt)
	assert.Nil(t, cfg.StorageID)
	assert.Zero(t, cfg.MaxRequestsPerSecond)
	assert.Equal(t, configretry.BackOffConfig{
		Enabled: true, InitialInterval: time.Second, MaxInterval: 30 * time.Second,
		MaxElapsedTime: 0, Multiplier: 1.5, RandomizationFactor: 0.5,
	}, cfg.BackOffConfig)
	assert.Empty(t, cfg.EventTypes.Include)
	assert.Empty(t, cfg.SeverityOverrides)
	assert.True(t, cfg.Keepalive.HasValue(), "keep-alive must stay on: a new TLS handshake per page would halve throughput")
}

func TestEveryKey(t *testing.T) {
	cfg := validConfig(t, "all_keys")

	assert.Equal(t, "abc123", cfg.ClientID)
	assert.Equal(t, configopaque.String("s3cr3t-value"), cfg.ClientSecret)
	assert.Equal(t, "https://acme.us.auth0.com/api/v2/", cfg.audience())
	assert.Equal(t, "https://login.acme.com", cfg.endpoint())
	assert.Equal(t, 10*time.Second, cfg.Timeout)
	v, ok := cfg.Headers.Get("X-Team")
	assert.True(t, ok)
	assert.Equal(t, configopaque.String("security"), v)
	assert.Equal(t, 30*time.Second, cfg.PollInterval)
	assert.Equal(t, 50, cfg.PageSize)
	assert.Equal(t, "2024-05-01T00:00:00Z", cfg.StartAt)
	start, err := parseStartAt(cfg.StartAt)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), start.at)
	require.NotNil(t, cfg.StorageID)
	assert.Equal(t, component.MustNewIDWithName("file_storage", "auth0"), *cfg.StorageID)
	assert.Equal(t, 1.5, cfg.MaxRequestsPerSecond)
	assert.Equal(t, 2*time.Second, cfg.BackOffConfig.InitialInterval)
	assert.Equal(t, time.Minute, cfg.BackOffConfig.MaxInterval)
	assert.Equal(t, 10*time.Minute, cfg.BackOffConfig.MaxElapsedTime)
	assert.Equal(t, []string{"auth-login-fail", "s"}, cfg.EventTypes.Include)
	assert.Equal(t, []string{"fu"}, cfg.EventTypes.Exclude)
	assert.Equal(t, map[string]string{"fp": "error", "s": "DEBUG"}, cfg.SeverityOverrides)
}

func TestAPITokenConfig(t *testing.T) {
	cfg := validConfig(t, "api_token")
	assert.Equal(t, configopaque.String("static-token-value"), cfg.APIToken)
	assert.Empty(t, cfg.ClientID)
	start, err := parseStartAt(cfg.StartAt)
	require.NoError(t, err)
	assert.Equal(t, startAt{}, start, "beginning")
}

// Every invalid configuration fails with a message naming the key.
func TestValidationErrorsNameTheKey(t *testing.T) {
	for name, want := range map[string]string{
		"missing_domain":            "domain: required",
		"domain_is_url":             "domain: \"https://acme.us.auth0.com/\" must be a bare host name",
		"no_credentials":            "client_id/client_secret or api_token: one way to authenticate is required",
		"both_credentials":          "client_id/client_secret and api_token: set one way to authenticate, not both",
		"secret_without_id":         "client_id: required with client_secret",
		"id_without_secret":         "client_secret: required with client_id",
		"bad_endpoint":              "endpoint: not an http(s) URL with a host",
		"endpoint_with_query":       "endpoint: must be a base URL without a query or fragment",
		"endpoint_with_fragment":    "endpoint: must be a base URL without a query or fragment",
		"endpoint_with_userinfo":    "endpoint: must not carry credentials",
		"page_size_zero":            "page_size: must be between 1 and 100, got 0",
		"page_size_too_big":         "page_size: must be between 1 and 100, got 101",
		"bad_start_at":              "start_at: \"yesterday\" is neither",
		"bad_poll_interval":         "poll_interval: must be positive",
		"negative_rate":             "max_requests_per_second: must not be negative",
		"zero_initial_interval":     "retry_on_failure.initial_interval: must be positive",
		"max_below_initial":         "retry_on_failure.max_interval: must not be less than initial_interval",
		"unknown_event_type":        "event_types.include: ",
		"unknown_excluded_category": "event_types.exclude: ",
		"bad_severity":              "severity_overrides.fp: ",
		"misspelled_severity_code":  `severity_overrides: "Failed Login" is not an Auth0 event code`,
		"unknown_signal":            `security_signals.exclude: unknown security signal "auth0.no_such_signal"`,
		"bad_event_metrics":         "event_metrics.collection_interval: must be positive",
	} {
		t.Run(name, func(t *testing.T) {
			assert.Contains(t, validationError(t, loadConfig(t, name)), want)
		})
	}
	// The offending value itself is named too.
	assert.ErrorContains(t, confmap.Validate(loadConfig(t, "unknown_event_type")), "not_a_code")
	assert.ErrorContains(t, confmap.Validate(loadConfig(t, "unknown_excluded_category")), "auth-login-nonsense")
	assert.ErrorContains(t, confmap.Validate(loadConfig(t, "bad_severity")), "LOUD")
}

// An error is reported once, not once for the embedded confighttp.ClientConfig and once more for
// the receiver's promoted Validate.
func TestValidationErrorsAreNotRepeated(t *testing.T) {
	assert.Equal(t, 1, strings.Count(validationError(t, loadConfig(t, "page_size_zero")), "page_size"))
}

// The secret never appears when a config is printed, marshaled or named in an error.
func TestSecretsAreNeverPrinted(t *testing.T) {
	cfg := loadConfig(t, "all_keys")
	cfg.APIToken = "static-token-value"
	for _, s := range []string{
		fmt.Sprintf("%v", cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprint(*cfg),
		fmt.Sprintf("%s", cfg.ClientSecret), fmt.Sprintf("%q", cfg.APIToken), //nolint:gocritic,staticcheck // what fmt prints is the test
	} {
		assert.NotContains(t, s, "s3cr3t-value")
		assert.NotContains(t, s, "static-token-value")
	}
	assert.NotContains(t, marshaled(t, cfg), "s3cr3t-value")

	cfg.APIToken = ""
	cfg.PageSize = 0 // invalid: the error must not carry the secret either
	assert.NotContains(t, validationError(t, cfg), "s3cr3t-value")
}

// marshaled is cfg as the collector marshals it, printed.
func marshaled(t *testing.T, cfg *Config) string {
	t.Helper()
	conf := confmap.New()
	require.NoError(t, conf.Marshal(cfg))
	return fmt.Sprint(conf.ToStringMap())
}

// validationError is the text of the error of cfg, which must be invalid.
func validationError(t *testing.T, cfg *Config) string {
	t.Helper()
	err := confmap.Validate(cfg)
	require.Error(t, err)
	return err.Error()
}

// The webhook is off unless its section is present.
func TestWebhookIsOffByDefault(t *testing.T) {
	cfg := validConfig(t, "defaults")
	assert.False(t, cfg.Webhook.HasValue())
	assert.True(t, cfg.pulls())

	cfg = validConfig(t, "webhook_disabled")
	assert.False(t, cfg.Webhook.HasValue(), "enabled: false turns a present section off")
}

// A section with only the authorization gets every default, and needs no API credentials.
func TestWebhookOnlyDefaults(t *testing.T) {
	cfg := validConfig(t, "webhook_only")
	assert.False(t, cfg.pulls())

	wh := cfg.Webhook.Get()
	require.NotNil(t, wh)
	assert.Equal(t, configopaque.String("Bearer wh-s3cr3t-value"), wh.Authorization)
	assert.Equal(t, "localhost:8383", wh.NetAddr.Endpoint, "localhost by default, per the collector's security guidance")
	assert.Equal(t, "tcp", string(wh.NetAddr.Transport))
	assert.Equal(t, "/auth0/logs", wh.Path)
	assert.Equal(t, int64(10<<20), wh.MaxRequestBodySize)
	assert.False(t, wh.TLS.HasValue())
	assert.Equal(t, 10*time.Second, wh.ReadHeaderTimeout, "an internet-facing server cuts slow clients off")
	assert.Equal(t, 30*time.Second, wh.ReadTimeout)
	assert.Equal(t, 30*time.Second, wh.WriteTimeout, "confighttp's default")
	assert.Equal(t, []string{"", "gzip"}, wh.CompressionAlgorithms, "the encodings a stream (or a proxy) uses, no more")
}

func TestWebhookEveryKey(t *testing.T) {
	cfg := validConfig(t, "webhook_all_keys")
	assert.True(t, cfg.pulls())

	wh := cfg.Webhook.Get()
	require.NotNil(t, wh)
	assert.Equal(t, "0.0.0.0:9443", wh.NetAddr.Endpoint)
	assert.Equal(t, "/hooks/auth0", wh.Path)
	assert.Equal(t, configopaque.String("Bearer wh-s3cr3t-value"), wh.Authorization)
	assert.Equal(t, int64(1048576), wh.MaxRequestBodySize)
	assert.Equal(t, 20*time.Second, wh.ReadTimeout)
	assert.True(t, wh.IncludeMetadata)
	require.True(t, wh.TLS.HasValue())
	assert.Equal(t, "/etc/otelcol/tls/server.crt", wh.TLS.Get().CertFile)
	assert.Equal(t, "/etc/otelcol/tls/server.key", wh.TLS.Get().KeyFile)
	// The pull side is unchanged by the section.
	assert.Equal(t, "abc123", cfg.ClientID)
	assert.Equal(t, "https://acme.us.auth0.com", cfg.endpoint())
}

func TestWebhookValidationErrorsNameTheKey(t *testing.T) {
	for name, want := range map[string]string{
		"webhook_empty_section":         "webhook.authorization: required",
		"webhook_without_authorization": "webhook.authorization: required",
		"webhook_bad_path":              `webhook.path: "auth0/logs" must start with "/"`,
		"webhook_no_endpoint":           "webhook.endpoint: required",
		"webhook_negative_body_size":    "webhook.max_request_body_size: must not be negative, got -1",
		"no_credentials":                "client_id/client_secret or api_token: one way to authenticate is required (or a webhook section",
	} {
		t.Run(name, func(t *testing.T) {
			msg := validationError(t, loadConfig(t, name))
			assert.Contains(t, msg, want)
			assert.Equal(t, 1, strings.Count(msg, want), "reported once: %v", msg)
		})
	}
	// A webhook section without authorization is the only error of webhook_empty_section: the
	// missing credentials are fine there.
	err := confmap.Validate(loadConfig(t, "webhook_empty_section"))
	assert.NotContains(t, err.Error(), "client_id")
}

// Every opaque value of the config, in the client and the webhook sections alike, is redacted in
// every way fmt prints a config: the webhook's TLS key and response headers sit inside
// configoptional's unexported fields, which fmt prints without their String methods.
func TestNoOpaqueValueIsEverPrinted(t *testing.T) {
	cfg := loadConfig(t, "webhook_all_keys")
	cfg.ClientSecret = "secret-client-secret"
	cfg.Headers.Set("X-Api-Key", "secret-client-header")
	cfg.TLS.KeyPem = "secret-client-key-pem"
	wh := cfg.Webhook.Get()
	wh.Authorization = "secret-webhook-authorization"
	wh.ResponseHeaders.Set("X-Token", "secret-webhook-response-header")
	wh.TLS = configoptional.Some(configtls.ServerConfig{Config: configtls.Config{KeyPem: "secret-webhook-key-pem", CertPem: "secret-webhook-cert-pem"}})
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		for _, printed := range []string{fmt.Sprintf(verb, cfg), fmt.Sprintf(verb, *cfg)} {
			assert.NotContains(t, printed, "secret-", verb)
		}
	}
	assert.NotContains(t, fmt.Sprint(*cfg), "secret-")
	assert.Contains(t, fmt.Sprint(*cfg), "/hooks/auth0", "the config is still printed")
}

func TestWebhookAuthorizationIsNeverPrinted(t *testing.T) {
	cfg := loadConfig(t, "webhook_all_keys")
	for _, s := range []string{fmt.Sprintf("%v", cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprint(*cfg)} {
		assert.NotContains(t, s, "wh-s3cr3t-value")
	}
	m := marshaled(t, cfg)
	assert.NotContains(t, m, "wh-s3cr3t-value")
	assert.Contains(t, m, "/hooks/auth0", "the section itself is marshaled")

	cfg.Webhook.Get().Path = "no-slash" // invalid: the error must not carry the secret either
	assert.NotContains(t, validationError(t, cfg), "wh-s3cr3t-value")
}

func TestSignalsAndEventMetricsKeys(t *testing.T) {
	cfg := validConfig(t, "signals_configured")
	assert.False(t, cfg.SecuritySignals.Enabled)
	assert.Equal(t, []string{"auth0.role_created"}, cfg.SecuritySignals.Exclude)
	em := cfg.EventMetrics
	assert.Equal(t, 30*time.Second, em.CollectionInterval)
	assert.Equal(t, time.Hour, em.MaxEventAge)
	assert.Equal(t, 50, em.MaxSeriesPerMetric)
	assert.False(t, em.Metrics.Auth0Logins.Enabled)
	assert.True(t, em.Metrics.Auth0Events.Enabled, "the others keep their default")
	assert.False(t, em.ResourceAttributes.Auth0TenantDomain.Enabled)

	def := loadConfig(t, "defaults")
	assert.True(t, def.SecuritySignals.Enabled, "signals are on by default")
	assert.Equal(t, 10*time.Minute, def.EventMetrics.MaxEventAge)

	err := confmap.Validate(loadConfig(t, "bad_event_metrics"))
	for _, key := range []string{"event_metrics.collection_interval", "event_metrics.max_event_age", "event_metrics.max_series_per_metric"} {
		assert.ErrorContains(t, err, key)
	}
	assert.ErrorIs(t, confmap.Validate(loadConfig(t, "unknown_signal")), signals.ErrUnknownSignal)
}

// A code the table does not know yet may be graded: Auth0 adds codes every few months.
func TestSeverityOverrideOfACodeNotInTheTable(t *testing.T) {
	cfg := validConfig(t, "unknown_severity_code")
	assert.Equal(t, map[string]string{"a_code_from_next_year": "ERROR"}, cfg.SeverityOverrides)
}

func TestValidationErrorsCanBeMatched(t *testing.T) {
	assert.ErrorIs(t, confmap.Validate(loadConfig(t, "bad_severity")), mapping.ErrUnknownSeverity)
	assert.ErrorIs(t, confmap.Validate(loadConfig(t, "unknown_event_type")), mapping.ErrUnknownEventType)
}
