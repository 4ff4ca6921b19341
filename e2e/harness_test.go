package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"text/template"
	"time"

	"github.com/otelcol-auth0/auth0receiver/internal/auth0sim"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// ocbModule is the ocb release that builder-config.yaml is written for.
const ocbModule = "go.opentelemetry.io/collector/cmd/builder@v0.165.0"

// distroEnv names a prebuilt otelcol-auth0 to use instead of building one (e.g. for benchmarks
// while the working tree does not compile).
const distroEnv = "AUTH0_E2E_DISTRO"

// onceBinary is a program the tests build or install once per test binary.
type onceBinary struct {
	once sync.Once
	path string
	err  error
}

// get returns the program's path, making it with build the first time; had that failed, every
// test that asks for it fails.
func (b *onceBinary) get(tb testing.TB, build func() (string, error)) string {
	tb.Helper()
	b.once.Do(func() { b.path, b.err = build() })
	if b.err != nil {
		tb.Fatal(b.err)
	}
	return b.path
}

var distro onceBinary

// distroBinary returns the path of the otelcol-auth0 binary, building it with ocb once per test
// binary. End-to-end tests are skipped with -short.
func distroBinary(tb testing.TB) string {
	tb.Helper()
	if testing.Short() {
		tb.Skip("end-to-end: builds and runs the distribution; skipped with -short")
	}
	return distro.get(tb, func() (string, error) {
		if p := os.Getenv(distroEnv); p != "" {
			return p, nil
		}
		return buildDistro(tb)
	})
}

// buildDistro runs ocb from the repository root, where builder-config.yaml's `path: .` points.
// `go run` caches the ocb binary, and the Go build cache makes a rebuild take seconds.
func buildDistro(tb testing.TB) (string, error) {
	root, err := filepath.Abs("..")
	if err != nil {
		return "", err
	}
	began := time.Now()
	cmd := exec.Command("go", "run", ocbModule, "--config", "builder-config.yaml")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("ocb failed: %w\n%s", err, out)
	}
	tb.Logf("built the distribution with ocb in %v", time.Since(began).Round(100*time.Millisecond))
	return filepath.Join(root, "dist", "otelcol-auth0"), nil
}

// process is one running program of a test: the distribution, or a store it exports to.
type process struct {
	name   string
	cmd    *exec.Cmd
	log    string
	exited chan struct{}
}

// startCollector runs the distribution with config, and env on top of the test's environment.
func startCollector(tb testing.TB, bin, config string, env ...string) *process {
	tb.Helper()
	cmd := exec.Command(bin, "--config", config)
	if len(env) > 0 {
		cmd.Env = append(os.Environ(), env...)
	}
	return startProcess(tb, "collector", cmd)
}

// startProcess starts cmd; its output goes to a file that is printed when the test fails, and
// the test's cleanup kills it.
func startProcess(tb testing.TB, name string, cmd *exec.Cmd) *process {
	tb.Helper()
	logFile, err := os.CreateTemp(tb.TempDir(), name+"-*.log")
	if err != nil {
		tb.Fatal(err)
	}
	c := &process{name: name, cmd: cmd, log: logFile.Name(), exited: make(chan struct{})}
	c.cmd.Stdout, c.cmd.Stderr = logFile, logFile
	if err := c.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	go func() {
		_ = c.cmd.Wait()
		_ = logFile.Close()
		close(c.exited)
	}()
	tb.Cleanup(func() {
		c.kill()
		if tb.Failed() {
			tb.Logf("%s output (%s):\n%s", name, c.log, c.output())
		}
	})
	return c
}

// kill ends the process with SIGKILL, as a crash would, and waits for it.
func (c *process) kill() {
	select {
	case <-c.exited:
		return
	default:
	}
	_ = c.cmd.Process.Signal(syscall.SIGKILL)
	<-c.exited
}

// stop asks the process to shut down (SIGTERM) and fails the test unless it exits cleanly in time.
func (c *process) stop(tb testing.TB) {
	tb.Helper()
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-time.After(20 * time.Second):
		c.kill()
		tb.Fatalf("the %s did not stop within 20s of SIGTERM", c.name)
	}
	if !c.cmd.ProcessState.Success() {
		tb.Fatalf("the %s exited with %v after SIGTERM", c.name, c.cmd.ProcessState)
	}
}

// running reports whether the process is still alive.
func (c *process) running() bool {
	select {
	case <-c.exited:
		return false
	default:
		return true
	}
}

// waitAnswers waits until url answers 200 OK, failing at once should the process exit.
func (c *process) waitAnswers(tb testing.TB, url string) {
	tb.Helper()
	waitFor(tb, 30*time.Second, func() bool {
		if !c.running() {
			tb.Fatalf("%s exited:\n%s", c.name, c.output())
		}
		resp, err := http.Get(url) //nolint:gosec // G107: the URL of a server the test started on 127.0.0.1
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, func() string { return c.name + " does not answer on " + url + ":\n" + c.output() })
}

func (c *process) pid() int { return c.cmd.Process.Pid }

func (c *process) output() string {
	b, _ := os.ReadFile(c.log)
	const keep = 16 << 10
	if len(b) > keep {
		b = append([]byte("...\n"), b[len(b)-keep:]...)
	}
	return string(b)
}

// collectorConfig is what a test varies in the distribution's configuration.
type collectorConfig struct {
	SimURL       string
	OTLPAddr     string
	StorageDir   string
	MetricsPort  int
	PollInterval time.Duration
	PageSize     int
	// PersistentQueue puts the exporter's sending queue in file_storage, batching as
	// examples/otlp-backend.yaml does; otherwise the queue is off and the exporter returns only
	// once the backend answered, so the receiver stores its checkpoint only for data the backend
	// accepted.
	PersistentQueue bool
	// Compression of the OTLP exporter; "" keeps its default, gzip.
	Compression string
	// NoExporterRetry makes the exporter hand a failed export back to the receiver at once.
	NoExporterRetry bool
	// WebhookAddr turns the Log Streams endpoint on (host:port); WebhookOnly leaves the API
	// credentials out, so that nothing is pulled.
	WebhookAddr        string
	WebhookOnly        bool
	WebhookReadTimeout time.Duration
}

// webhookAuth is the Authorization value of the webhook in collectorConfig.
const webhookAuth = "Bearer e2e-webhook-s3cr3t"

var configTemplate = template.Must(template.New("config").Parse(`
extensions:
  file_storage:
    directory: {{.StorageDir}}
    create_directory: true
receivers:
  auth0:
    domain: sim.us.auth0.com
    endpoint: {{.SimURL}}
{{- if not .WebhookOnly}}
    client_id: sim-client
    client_secret: sim-secret
{{- end}}
{{- if .WebhookAddr}}
    webhook:
      endpoint: {{.WebhookAddr}}
      authorization: "Bearer e2e-webhook-s3cr3t"
{{- if .WebhookReadTimeout}}
      read_timeout: {{.WebhookReadTimeout}}
{{- end}}
{{- end}}
    start_at: beginning
    page_size: {{.PageSize}}
    poll_interval: {{.PollInterval}}
    storage: file_storage
    retry_on_failure:
      initial_interval: 50ms
      max_interval: 500ms
exporters:
  otlp_grpc:
    endpoint: {{.OTLPAddr}}
    tls:
      insecure: true
    timeout: 10s
{{- if .Compression}}
    compression: {{.Compression}}
{{- end}}
    sending_queue:
{{- if .PersistentQueue}}
      storage: file_storage
      num_consumers: 1
      batch:
        flush_timeout: 1s
        sizer: bytes
        min_size: 1000000
        max_size: 3000000
{{- else}}
      enabled: false
{{- end}}
    retry_on_failure:
{{- if .NoExporterRetry}}
      enabled: false
{{- else}}
      initial_interval: 50ms
      max_interval: 500ms
      max_elapsed_time: 0
{{- end}}
service:
  extensions: [file_storage]
` + ownMetrics + `  pipelines:
    logs:
      receivers: [auth0]
      exporters: [otlp_grpc]
`))

// ownMetrics is the service section's telemetry of a configuration template: the collector's
// own metrics served for Prometheus on 127.0.0.1 at the data's MetricsPort.
const ownMetrics = `  telemetry:
    metrics:
      readers:
        - pull:
            exporter:
              prometheus:
                host: 127.0.0.1
                port: {{.MetricsPort}}
`

// toLogsBackend is the end of a configuration whose logs go to a logsBackend (its URL for the
// %s), the exporter returning only once the backend answered and the collector's own metrics
// off; the configuration's own lists of the logs pipeline follow.
const toLogsBackend = `exporters:
  otlp_http:
    logs_endpoint: %s/v1/logs
    sending_queue:
      enabled: false
service:
  telemetry:
    metrics:
      level: none
  pipelines:
    logs:
`

// writeConfig renders cfg into a file, filling defaults.
func writeConfig(tb testing.TB, cfg collectorConfig) string {
	tb.Helper()
	if cfg.StorageDir == "" {
		cfg.StorageDir = filepath.Join(tb.TempDir(), "storage")
	}
	if cfg.MetricsPort == 0 {
		cfg.MetricsPort = freePort(tb)
	}
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 200 * time.Millisecond
	}
	if cfg.PageSize == 0 {
		cfg.PageSize = 100
	}
	return testutil.WriteTemp(tb, "config.yaml", render(tb, configTemplate, cfg))
}

// render executes a configuration's template.
func render(tb testing.TB, tmpl *template.Template, data any) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := tmpl.Execute(&b, data); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// startSimulator serves a fake tenant in-process.
func startSimulator(tb testing.TB, opts auth0sim.Options) (*auth0sim.Simulator, *httptest.Server) {
	tb.Helper()
	sim := auth0sim.New(opts)
	srv := httptest.NewServer(sim.Handler())
	tb.Cleanup(func() {
		sim.Close()
		srv.Close()
	})
	return sim, srv
}

// freePort returns a TCP port that was free a moment ago.
func freePort(tb testing.TB) int {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// waitFor polls cond until it holds, failing after timeout with what describe says.
func waitFor(tb testing.TB, timeout time.Duration, cond func() bool, describe func() string) {
	tb.Helper()
	if !eventually(timeout, cond) {
		tb.Fatalf("timed out after %v: %s", timeout, describe())
	}
}

// eventually polls cond until it holds and reports whether it did within timeout, for
// conditions whose failure the caller explains itself.
func eventually(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

// pollsMore waits until the collector has polled sim n more times: by then, whatever a wrong
// position or a retried export would repeat has arrived.
func pollsMore(tb testing.TB, sim *auth0sim.Simulator, n int64) {
	tb.Helper()
	before := sim.Stats().APIRequests
	waitFor(tb, 30*time.Second, func() bool { return sim.Stats().APIRequests >= before+n },
		func() string {
			return fmt.Sprintf("the collector polled %d more times, want %d", sim.Stats().APIRequests-before, n)
		})
}

// runDistro runs the binary with args and returns its combined output.
func runDistro(bin string, env []string, args ...string) (string, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if _, ok := errors.AsType[*exec.ExitError](err); ok {
		err = fmt.Errorf("%w: %s", err, strings.TrimSpace(string(out)))
	}
	return string(out), err
}
