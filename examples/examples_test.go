// Package examples holds the example configurations of the otelcol-auth0 distribution and the
// script behind `make run`. This test loads every example the way the collector does (env and
// file providers) and validates its auth0 receivers with the receiver's own factory, so the
// examples cannot drift from the receiver's configuration. The e2e package also runs
// `otelcol-auth0 validate` on them with every component of the distribution.
package examples

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/provider/envprovider"
	"go.opentelemetry.io/collector/confmap/provider/fileprovider"

	"github.com/otelcol-auth0/auth0receiver"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// testEnv is what a user would export; each example reads some of it.
var testEnv = map[string]string{
	"AUTH0_DOMAIN":                "acme.us.auth0.com",
	"AUTH0_CLIENT_ID":             "acme-client",
	"AUTH0_CLIENT_SECRET":         "acme-secret",
	"AUTH0_PROD_DOMAIN":           "acme-prod.us.auth0.com",
	"AUTH0_PROD_CLIENT_ID":        "prod-client",
	"AUTH0_PROD_CLIENT_SECRET":    "prod-secret",
	"AUTH0_STAGING_DOMAIN":        "acme-staging.eu.auth0.com",
	"AUTH0_STAGING_CLIENT_ID":     "staging-client",
	"AUTH0_STAGING_CLIENT_SECRET": "staging-secret",
	"OTLP_ENDPOINT":               "https://otlp.example.com:4318",
}

// load resolves an example with the env and file providers, as otelcol-auth0 does.
func load(t *testing.T, path string) *confmap.Conf {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	resolver, err := confmap.NewResolver(confmap.ResolverSettings{
		URIs:              []string{"file:" + abs},
		ProviderFactories: []confmap.ProviderFactory{envprovider.NewFactory(), fileprovider.NewFactory()},
		DefaultScheme:     "env",
	})
	if err != nil {
		t.Fatal(err)
	}
	conf, err := resolver.Resolve(context.Background())
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return conf
}

// auth0Receivers unmarshals and validates every auth0 receiver of conf.
func auth0Receivers(t *testing.T, conf *confmap.Conf) map[component.ID]*auth0receiver.Config {
	t.Helper()
	factory := auth0receiver.NewFactory()
	receivers, err := conf.Sub("receivers")
	if err != nil {
		t.Fatal(err)
	}
	out := map[component.ID]*auth0receiver.Config{}
	for key := range receivers.ToStringMap() {
		var id component.ID
		if err := id.UnmarshalText([]byte(key)); err != nil {
			t.Fatalf("receiver %q: %v", key, err)
		}
		if id.Type() != factory.Type() {
			continue
		}
		sub, err := receivers.Sub(key)
		if err != nil {
			t.Fatal(err)
		}
		cfg := factory.CreateDefaultConfig().(*auth0receiver.Config)
		if err := sub.Unmarshal(cfg); err != nil {
			t.Fatalf("receiver %s: %v", id, err)
		}
		if err := confmap.Validate(cfg); err != nil {
			t.Fatalf("receiver %s: %v", id, err)
		}
		out[id] = cfg
	}
	return out
}

func TestExamplesLoadAndValidate(t *testing.T) {
	paths, err := filepath.Glob("*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 4 {
		t.Fatalf("found %d example configurations, want at least 4", len(paths))
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			for k, v := range testEnv {
				t.Setenv(k, v)
			}
			conf := load(t, path)
			rcvs := auth0Receivers(t, conf)
			if len(rcvs) == 0 {
				t.Fatal("no auth0 receiver")
			}
			for id, cfg := range rcvs {
				// Every example keeps its checkpoint, so that a restart resumes.
				if cfg.StorageID == nil || conf.Get("extensions::"+cfg.StorageID.String()) == nil {
					t.Errorf("receiver %s: storage %v is not a configured extension", id, cfg.StorageID)
				}
				if strings.Contains(cfg.Domain, "${") || strings.Contains(string(cfg.ClientSecret), "${") {
					t.Errorf("receiver %s: unexpanded variable", id)
				}
			}
			// Issue 6 scrapes the collector's own metrics from localhost:8888.
			readers, _ := conf.Get("service::telemetry::metrics::readers").([]any)
			if len(readers) != 1 {
				t.Fatalf("service.telemetry.metrics.readers = %v, want one Prometheus pull reader", readers)
			}
			reader, _ := readers[0].(map[string]any)
			prom := confmap.NewFromStringMap(reader)
			if host, port := prom.Get("pull::exporter::prometheus::host"), prom.Get("pull::exporter::prometheus::port"); fmt.Sprint(host, ":", port) != "localhost:8888" {
				t.Errorf("metrics reader on %v:%v, want localhost:8888", host, port)
			}
		})
	}
}

// TestExampleValues checks what the examples take from the environment, and the defaults
// examples/run.sh relies on.
func TestExampleValues(t *testing.T) {
	for k, v := range testEnv {
		t.Setenv(k, v)
	}
	tenant := auth0Receivers(t, load(t, "tenant.yaml"))[component.MustNewID("auth0")]
	if tenant.Domain != "acme.us.auth0.com" || tenant.ClientID != "acme-client" || tenant.ClientSecret != "acme-secret" || tenant.StartAt != "end" {
		t.Errorf("tenant.yaml: domain %q, client_id %q, start_at %q: not taken from AUTH0_* (start_at defaults to end)",
			tenant.Domain, tenant.ClientID, tenant.StartAt)
	}
	t.Setenv("AUTH0_START_AT", "2026-01-02T03:04:05Z")
	if got := auth0Receivers(t, load(t, "tenant.yaml"))[component.MustNewID("auth0")].StartAt; got != "2026-01-02T03:04:05Z" {
		t.Errorf("tenant.yaml: start_at %q with AUTH0_START_AT set", got)
	}

	// run.sh starts cmd/auth0sim on 127.0.0.1:8089 with its default tenant and credentials.
	sim := auth0Receivers(t, load(t, "simulator.yaml"))[component.MustNewID("auth0")]
	if sim.Endpoint != "http://127.0.0.1:8089" || sim.Domain != "sim.us.auth0.com" || sim.ClientID != "sim-client" || sim.StartAt != "beginning" {
		t.Errorf("simulator.yaml: endpoint %q, domain %q, client_id %q, start_at %q", sim.Endpoint, sim.Domain, sim.ClientID, sim.StartAt)
	}
	t.Setenv("AUTH0_SIM_ADDR", "127.0.0.1:9999")
	if got := auth0Receivers(t, load(t, "simulator.yaml"))[component.MustNewID("auth0")].Endpoint; got != "http://127.0.0.1:9999" {
		t.Errorf("simulator.yaml: endpoint %q with AUTH0_SIM_ADDR=127.0.0.1:9999", got)
	}

	// make demo and the VictoriaLogs e2e tests point victorialogs.yaml at their simulator and store.
	t.Setenv("VICTORIALOGS_URL", "http://127.0.0.1:19428")
	vlogs := load(t, "victorialogs.yaml")
	if got := auth0Receivers(t, vlogs)[component.MustNewID("auth0")].Endpoint; got != "http://127.0.0.1:9999" {
		t.Errorf("victorialogs.yaml: endpoint %q with AUTH0_SIM_ADDR=127.0.0.1:9999", got)
	}
	if got := vlogs.Get("exporters::otlp_http/victorialogs::logs_endpoint"); got != "http://127.0.0.1:19428/insert/opentelemetry/v1/logs" {
		t.Errorf("victorialogs.yaml: logs_endpoint %v with VICTORIALOGS_URL=http://127.0.0.1:19428", got)
	}

	multi := auth0Receivers(t, load(t, "multi-tenant.yaml"))
	prod, staging := multi[component.MustNewIDWithName("auth0", "prod")], multi[component.MustNewIDWithName("auth0", "staging")]
	if prod == nil || staging == nil || prod.Domain != "acme-prod.us.auth0.com" || staging.Domain != "acme-staging.eu.auth0.com" {
		t.Errorf("multi-tenant.yaml: want auth0/prod and auth0/staging on their own domains, got %v", multi)
	}
}

// TestStoreExamples loads the per-store recipes of examples/stores (untested against their
// stores, see each file's header) and checks what matters for these records in every one: a
// valid auth0 receiver keeping its checkpoint, a crash-safe export (persistent sending queue,
// retries until the store is back, no batch processor), and secrets only from the environment.
func TestStoreExamples(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("stores", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 7 {
		t.Fatalf("found %d store examples, want at least 7 (Loki, Grafana Cloud, Elasticsearch, OpenSearch, ClickHouse, Datadog, Splunk HEC)", len(paths))
	}
	secret := regexp.MustCompile(`(?im)^\s*(key|token|password|authorization|[a-z_]*api_key):\s*(.*)$`)
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			raw := testutil.ReadFile(t, path)
			if !strings.Contains(header(string(raw)), "Untested here") {
				t.Error(`the header comment does not say "Untested here"`)
			}
			for _, m := range secret.FindAllStringSubmatch(string(raw), -1) {
				if !strings.HasPrefix(strings.TrimSpace(m[0]), "#") && !strings.Contains(m[2], "${env:") {
					t.Errorf("%s is not taken from the environment: %q", m[1], m[0])
				}
			}
			for k, v := range testEnv {
				t.Setenv(k, v)
			}
			conf := load(t, path)
			for id, cfg := range auth0Receivers(t, conf) {
				if cfg.StorageID == nil || conf.Get("extensions::"+cfg.StorageID.String()) == nil {
					t.Errorf("receiver %s: storage %v is not a configured extension", id, cfg.StorageID)
				}
			}
			pipeline, _ := conf.Get("service::pipelines::logs").(map[string]any)
			if pipeline == nil {
				t.Fatal("no logs pipeline")
			}
			for _, p := range asStrings(pipeline["processors"]) {
				if p == "batch" || strings.HasPrefix(p, "batch/") {
					t.Errorf("processor %s: the batch processor loses data on a crash; batch in the sending queue", p)
				}
			}
			exporters := asStrings(pipeline["exporters"])
			if len(exporters) != 1 {
				t.Fatalf("exporters %v, want the store's one", exporters)
			}
			exp := "exporters::" + exporters[0]
			if conf.Get(exp) == nil {
				t.Fatalf("exporter %s is not configured", exporters[0])
			}
			if got := conf.Get(exp + "::sending_queue::storage"); got != "file_storage" {
				t.Errorf("%s: sending_queue.storage = %v, want file_storage (a persistent queue)", exporters[0], got)
			}
			if got := fmt.Sprint(conf.Get(exp + "::retry_on_failure::max_elapsed_time")); got != "0" {
				t.Errorf("%s: retry_on_failure.max_elapsed_time = %s, want 0 (retry until the store is back)", exporters[0], got)
			}
		})
	}
}

// header returns the leading comment block of a file, as one line of text.
func header(text string) string {
	var words []string
	for line := range strings.SplitSeq(text, "\n") {
		if !strings.HasPrefix(line, "#") {
			break
		}
		words = append(words, strings.Fields(strings.TrimPrefix(line, "#"))...)
	}
	return strings.Join(words, " ")
}

func asStrings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		out = append(out, fmt.Sprint(x))
	}
	return out
}
