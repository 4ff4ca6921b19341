package auth0receiver

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/confighttp"
	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/config/configretry"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
)

// Values of start_at besides an RFC 3339 time.
const (
	StartAtEnd       = "end"
	StartAtBeginning = "beginning"
)

// Config is the configuration of the auth0 receiver (DESIGN.md section 2).
type Config struct {
	// ClientConfig holds endpoint, timeout, tls, proxy_url, headers, ...; endpoint defaults to
	// https://<domain>.
	confighttp.ClientConfig `mapstructure:",squash"`

	// Domain is the canonical tenant domain, e.g. acme.us.auth0.com.
	Domain string `mapstructure:"domain"`
	// ClientID and ClientSecret are the client-credentials grant of a machine-to-machine
	// application with the read:logs scope.
	ClientID     string              `mapstructure:"client_id"`
	ClientSecret configopaque.String `mapstructure:"client_secret"`
	// APIToken is a static Management API token, the alternative to the client credentials.
	APIToken configopaque.String `mapstructure:"api_token"`
	// Audience requested for the token; defaults to https://<domain>/api/v2/.
	Audience string `mapstructure:"audience"`

	// PollInterval is the wait between polls once caught up.
	PollInterval time.Duration `mapstructure:"poll_interval"`
	// PageSize is the take of each request, 1 to 100.
	PageSize int `mapstructure:"page_size"`
	// StartAt is where to start without a stored checkpoint: end, beginning or an RFC 3339 time.
	StartAt string `mapstructure:"start_at"`
	// StorageID names the storage extension that keeps the checkpoint.
	StorageID *component.ID `mapstructure:"storage"`
	// MaxRequestsPerSecond caps API calls; 0 paces by Auth0's rate-limit headers alone.
	MaxRequestsPerSecond float64 `mapstructure:"max_requests_per_second"`
	// BackOffConfig governs retries of API errors and of data the pipeline refused.
	BackOffConfig configretry.BackOffConfig `mapstructure:"retry_on_failure"`

	// EventTypes keeps or drops events by code or category before export.
	EventTypes EventTypesConfig `mapstructure:"event_types"`
	// SeverityOverrides maps an Auth0 code to a severity text replacing the default.
	SeverityOverrides map[string]string `mapstructure:"severity_overrides"`

	// Webhook receives Auth0 Log Streams (custom webhook); the section's presence turns it on.
	Webhook configoptional.Optional[WebhookConfig] `mapstructure:"webhook"`

	_ struct{}
}

// WebhookConfig is the Auth0 Log Streams endpoint (DESIGN.md section 4).
type WebhookConfig struct {
	// ServerConfig holds endpoint, tls, max_request_body_size, ...
	confighttp.ServerConfig `mapstructure:",squash"`
	// Path is the URL path the stream posts to.
	Path string `mapstructure:"path"`
	// Authorization is the exact Authorization header value configured in the Auth0 stream.
	Authorization configopaque.String `mapstructure:"authorization"`

	_ struct{}
}

// Defaults of the webhook section.
const (
	// defaultWebhookEndpoint listens on localhost only, per the collector's security guidance:
	// exposing it (0.0.0.0:8383, a reverse proxy with TLS) is the user's choice.
	defaultWebhookEndpoint = "localhost:8383"
	defaultWebhookPath     = "/auth0/logs"
	// defaultWebhookMaxBody bounds the memory of one request (its body is held while mapped):
	// several thousand events of about 1.5 KB, far more than an Auth0 batch is seen to carry.
	defaultWebhookMaxBody = 10 << 20
)

func defaultWebhookConfig() WebhookConfig {
	server := confighttp.NewDefaultServerConfig()
	server.NetAddr.Endpoint = defaultWebhookEndpoint
	server.MaxRequestBodySize = defaultWebhookMaxBody
	return WebhookConfig{ServerConfig: server, Path: defaultWebhookPath}
}

// Format prints the config with webhook.authorization redacted. configoptional keeps the
// webhook section in an unexported field, and fmt prints such fields without calling their
// String methods, so configopaque alone would not hide the value there.
func (cfg Config) Format(f fmt.State, verb rune) {
	if wh := cfg.Webhook.Get(); wh != nil { // cfg is a copy: the caller's config is untouched
		wh.Authorization = "[REDACTED]"
	}
	type config Config // the same fields, without this method
	fmt.Fprintf(f, fmt.FormatString(f, verb), config(cfg))
}

// pulls reports whether credentials for the Management API are configured; without them only
// the webhook runs.
func (cfg *Config) pulls() bool {
	return cfg.ClientID != "" || cfg.ClientSecret != "" || cfg.APIToken != ""
}

// EventTypesConfig selects events by Auth0 code (fp) or category (auth-login-fail).
type EventTypesConfig struct {
	Include []string `mapstructure:"include"`
	Exclude []string `mapstructure:"exclude"`

	_ struct{}
}

// Validate checks the receiver's own keys. It overrides the Validate promoted from the embedded
// confighttp.ClientConfig, which confmap.Validate already calls for the embedded field.
func (cfg *Config) Validate() error {
	var errs []error
	if cfg.Domain == "" {
		errs = append(errs, errors.New("domain: required (the tenant domain, e.g. acme.us.auth0.com)"))
	} else if err := checkDomain(cfg.Domain); err != nil {
		errs = append(errs, err)
	}

	hasClientCredentials := cfg.ClientID != "" || cfg.ClientSecret != ""
	switch {
	case hasClientCredentials && cfg.APIToken != "":
		errs = append(errs, errors.New("client_id/client_secret and api_token: set one way to authenticate, not both"))
	case hasClientCredentials && (cfg.ClientID == "" || cfg.ClientSecret == ""):
		if cfg.ClientID == "" {
			errs = append(errs, errors.New("client_id: required with client_secret"))
		} else {
			errs = append(errs, errors.New("client_secret: required with client_id"))
		}
	case !cfg.pulls() && !cfg.Webhook.HasValue():
		errs = append(errs, errors.New("client_id/client_secret or api_token: one way to authenticate is required (or a webhook section to receive Log Streams only)"))
	}
	if wh := cfg.Webhook.Get(); wh != nil {
		errs = append(errs, wh.validate()...)
	}

	if cfg.Endpoint != "" {
		if u, err := url.Parse(cfg.Endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("endpoint: %q is not an http(s) URL", cfg.Endpoint))
		}
	}
	if cfg.PollInterval <= 0 {
		errs = append(errs, fmt.Errorf("poll_interval: must be positive, got %v", cfg.PollInterval))
	}
	if cfg.PageSize < 1 || cfg.PageSize > 100 {
		errs = append(errs, fmt.Errorf("page_size: must be between 1 and 100, got %d", cfg.PageSize))
	}
	if _, err := parseStartAt(cfg.StartAt); err != nil {
		errs = append(errs, err)
	}
	if cfg.MaxRequestsPerSecond < 0 {
		errs = append(errs, fmt.Errorf("max_requests_per_second: must not be negative, got %v", cfg.MaxRequestsPerSecond))
	}
	if cfg.BackOffConfig.Enabled {
		if cfg.BackOffConfig.InitialInterval <= 0 {
			errs = append(errs, errors.New("retry_on_failure.initial_interval: must be positive when retries are enabled"))
		}
		if cfg.BackOffConfig.MaxInterval < cfg.BackOffConfig.InitialInterval {
			errs = append(errs, errors.New("retry_on_failure.max_interval: must not be less than initial_interval"))
		}
	}
	if err := mapping.CheckEventTypes(cfg.EventTypes.Include); err != nil {
		errs = append(errs, fmt.Errorf("event_types.include: %w", err))
	}
	if err := mapping.CheckEventTypes(cfg.EventTypes.Exclude); err != nil {
		errs = append(errs, fmt.Errorf("event_types.exclude: %w", err))
	}
	for code, text := range cfg.SeverityOverrides {
		if _, known := catalog.Lookup(code); !known {
			errs = append(errs, fmt.Errorf("severity_overrides.%s: unknown Auth0 event code", code))
		}
		if err := mapping.CheckSeverity(text); err != nil {
			errs = append(errs, fmt.Errorf("severity_overrides.%s: %w", code, err))
		}
	}
	return errors.Join(errs...)
}

// validate checks the webhook's own keys; confmap.Validate checks the embedded server settings.
func (wh *WebhookConfig) validate() []error {
	var errs []error
	if wh.Authorization == "" {
		errs = append(errs, errors.New("webhook.authorization: required (the Authorization Token configured in the Auth0 log stream, e.g. \"Bearer <random>\")"))
	}
	if !strings.HasPrefix(wh.Path, "/") {
		errs = append(errs, fmt.Errorf("webhook.path: %q must start with \"/\"", wh.Path))
	}
	if wh.NetAddr.Endpoint == "" {
		errs = append(errs, errors.New("webhook.endpoint: required (host:port to listen on, e.g. localhost:8383)"))
	}
	if wh.MaxRequestBodySize < 0 {
		errs = append(errs, fmt.Errorf("webhook.max_request_body_size: must not be negative, got %d", wh.MaxRequestBodySize))
	}
	return errs
}

// checkDomain rejects values that are URLs or carry a path: the domain is a bare host name.
func checkDomain(domain string) error {
	if strings.Contains(domain, "://") || strings.ContainsAny(domain, "/?# ") {
		return fmt.Errorf("domain: %q must be a bare host name such as acme.us.auth0.com (set endpoint for a URL)", domain)
	}
	return nil
}

// endpoint is the base URL of the Management and Authentication APIs.
func (cfg *Config) endpoint() string {
	if cfg.Endpoint != "" {
		return strings.TrimSuffix(cfg.Endpoint, "/")
	}
	return "https://" + cfg.Domain
}

// audience is the audience requested for the token.
func (cfg *Config) audience() string {
	if cfg.Audience != "" {
		return cfg.Audience
	}
	return "https://" + cfg.Domain + "/api/v2/"
}

// parseStartAt parses start_at: end, beginning or an RFC 3339 time.
func parseStartAt(s string) (startAt, error) {
	switch s {
	case StartAtEnd:
		return startAt{end: true}, nil
	case StartAtBeginning:
		return startAt{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return startAt{}, fmt.Errorf("start_at: %q is neither %q, %q nor an RFC 3339 time (2024-05-01T00:00:00Z)", s, StartAtEnd, StartAtBeginning)
	}
	return startAt{at: t}, nil
}
