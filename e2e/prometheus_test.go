package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// promServer is a real Prometheus server (Debian's prometheus package) run by a test on
// 127.0.0.1, with its own data directory, scraping the given targets every second and
// evaluating the given rules every second.
type promServer struct {
	*process
	url string
}

// startPrometheus runs Prometheus until the test ends. jobs maps a scrape job name to its
// targets (host:port); rules is the content of one rule file. It returns once Prometheus is ready.
func startPrometheus(tb testing.TB, jobs map[string][]string, rules []byte) *promServer {
	tb.Helper()
	// The alert tests are part of make test: a missing server fails them.
	bin := testutil.Program(tb, "prometheus", "install it, e.g. `apt-get install -y prometheus` (Debian's package starts no service)")
	rulesPath := testutil.WriteTemp(tb, "rules.yml", rules)
	port := freePort(tb)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	// Prometheus scrapes itself too, so that a test can see rule evaluations happen.
	jobs["prometheus"] = []string{addr}
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\nrule_files: [%q]\nscrape_configs:\n", rulesPath)
	names := make([]string, 0, len(jobs))
	for name := range jobs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		quoted := make([]string, len(jobs[name]))
		for i, t := range jobs[name] {
			quoted[i] = strconv.Quote(t)
		}
		fmt.Fprintf(&cfg, "  - job_name: %q\n    static_configs:\n      - targets: [%s]\n", name, strings.Join(quoted, ", "))
	}
	cfgPath := testutil.WriteTemp(tb, "prometheus.yml", []byte(cfg.String()))
	p := &promServer{url: "http://" + addr}
	p.process = startProcess(tb, "prometheus", exec.Command(bin,
		"--config.file="+cfgPath,
		"--storage.tsdb.path="+tb.TempDir(),
		"--web.listen-address="+addr,
		"--log.level=warn",
	))
	p.waitAnswers(tb, p.url+"/-/ready")
	return p
}

// sample is one element of an instant vector.
type sample struct {
	Metric map[string]string
	Value  float64
}

// query runs an instant query; a PromQL error is returned as an error.
func (p *promServer) query(expr string) ([]sample, error) {
	var data struct {
		ResultType string `json:"resultType"`
		Result     []struct {
			Metric map[string]string `json:"metric"`
			Value  [2]any            `json:"value"`
		} `json:"result"`
	}
	if err := p.get("/api/v1/query?query="+url.QueryEscape(expr), &data); err != nil {
		return nil, fmt.Errorf("query %q: %w", expr, err)
	}
	if data.ResultType != "vector" {
		// Scalars and strings have no series; the dashboard and the rules use vectors only.
		return nil, fmt.Errorf("query %q: result type %s, want vector", expr, data.ResultType)
	}
	out := make([]sample, len(data.Result))
	for i, r := range data.Result {
		s, _ := r.Value[1].(string)
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("query %q: value %v: %w", expr, r.Value[1], err)
		}
		out[i] = sample{Metric: r.Metric, Value: v}
	}
	return out, nil
}

// sum returns the sum of the values of expr's samples (0 for no sample).
func (p *promServer) sum(tb testing.TB, expr string) float64 {
	tb.Helper()
	samples, err := p.query(expr)
	if err != nil {
		tb.Fatal(err)
	}
	total := 0.0
	for _, s := range samples {
		total += s.Value
	}
	return total
}

// promAlert is an alert as /api/v1/alerts reports it.
type promAlert struct {
	Labels map[string]string `json:"labels"`
	State  string            `json:"state"` // pending or firing
	Value  string            `json:"value"`
}

func (a promAlert) String() string {
	keys := make([]string, 0, len(a.Labels))
	for k := range a.Labels {
		if k != "alertname" && k != "severity" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "%s{", a.Labels["alertname"])
	for i, k := range keys {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%s=%q", k, a.Labels[k])
	}
	fmt.Fprintf(&b, "} %s", a.State)
	return b.String()
}

// alerts returns the pending and firing alerts.
func (p *promServer) alerts(tb testing.TB) []promAlert {
	tb.Helper()
	var data struct {
		Alerts []promAlert `json:"alerts"`
	}
	if err := p.get("/api/v1/alerts", &data); err != nil {
		tb.Fatal(err)
	}
	return data.Alerts
}

// lastEvaluation returns the oldest last-evaluation time of the rule groups.
func (p *promServer) lastEvaluation(tb testing.TB) time.Time {
	tb.Helper()
	var data struct {
		Groups []struct {
			LastEvaluation time.Time `json:"lastEvaluation"`
		} `json:"groups"`
	}
	if err := p.get("/api/v1/rules", &data); err != nil {
		tb.Fatal(err)
	}
	var oldest time.Time
	for i, g := range data.Groups {
		if i == 0 || g.LastEvaluation.Before(oldest) {
			oldest = g.LastEvaluation
		}
	}
	return oldest
}

// waitEvaluatedAfter waits until every rule group has been evaluated after t.
func (p *promServer) waitEvaluatedAfter(tb testing.TB, t time.Time) {
	tb.Helper()
	waitFor(tb, 30*time.Second, func() bool { return p.lastEvaluation(tb).After(t) },
		func() string {
			return fmt.Sprintf("rules last evaluated at %v, want after %v", p.lastEvaluation(tb), t)
		})
}

// get reads a Prometheus API answer into data.
func (p *promServer) get(path string, data any) error {
	resp, err := http.Get(p.url + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var envelope struct {
		Status string          `json:"status"`
		Error  string          `json:"error"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &envelope); err != nil {
		return fmt.Errorf("HTTP %d: %s", resp.StatusCode, body)
	}
	if envelope.Status != "success" {
		return fmt.Errorf("%s", envelope.Error)
	}
	return json.Unmarshal(envelope.Data, data)
}
