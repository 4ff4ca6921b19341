package e2e

import (
	"bufio"
	"bytes"
	"debug/buildinfo"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The VictoriaLogs release the tests, the benchmark and `make demo` run.
const (
	victoriaLogsPath    = "github.com/VictoriaMetrics/VictoriaLogs/app/victoria-logs"
	victoriaLogsVersion = "v1.52.2"
)

var victoriaLogsBin onceBinary

// victoriaLogsBinary returns a victoria-logs binary of victoriaLogsVersion: the one on PATH or in
// GOBIN (GOPATH/bin) when its build info says so, else it installs it there with `go install`.
// A failed install fails the test: a machine without VictoriaLogs must not pass silently.
func victoriaLogsBinary(tb testing.TB) string {
	tb.Helper()
	return victoriaLogsBin.get(tb, func() (string, error) {
		gobin, err := goBin()
		if err != nil {
			return "", err
		}
		candidates := []string{filepath.Join(gobin, "victoria-logs")}
		if p, err := exec.LookPath("victoria-logs"); err == nil {
			candidates = append([]string{p}, candidates...)
		}
		for _, p := range candidates {
			if isVictoriaLogs(p) {
				return p, nil
			}
		}
		began := time.Now()
		cmd := exec.Command("go", "install", victoriaLogsPath+"@"+victoriaLogsVersion)
		cmd.Env = append(os.Environ(), "GOBIN="+gobin)
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("go install %s@%s: %w\n%s", victoriaLogsPath, victoriaLogsVersion, err, out)
		}
		tb.Logf("installed VictoriaLogs %s into %s in %v", victoriaLogsVersion, gobin, time.Since(began).Round(100*time.Millisecond))
		return candidates[len(candidates)-1], nil
	})
}

// goBin is where `go install` puts binaries: GOBIN, else GOPATH/bin.
func goBin() (string, error) {
	out, err := exec.Command("go", "env", "GOBIN", "GOPATH").Output()
	if err != nil {
		return "", fmt.Errorf("go env: %w", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) == 2 && lines[0] != "" {
		return lines[0], nil
	}
	return filepath.Join(strings.TrimSpace(lines[len(lines)-1]), "bin"), nil
}

// isVictoriaLogs reports whether path is a victoria-logs binary of victoriaLogsVersion.
func isVictoriaLogs(path string) bool {
	info, err := buildinfo.ReadFile(path)
	return err == nil && info.Path == victoriaLogsPath && info.Main.Version == victoriaLogsVersion
}

// victoriaLogs is one VictoriaLogs server on 127.0.0.1 with its own data directory.
type victoriaLogs struct {
	*process
	bin, dataDir, addr string
	url                string // base URL, e.g. http://127.0.0.1:41234
}

// startVictoriaLogs starts VictoriaLogs on a free port with a fresh data directory and waits
// until it answers.
func startVictoriaLogs(tb testing.TB) *victoriaLogs {
	tb.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(tb))
	v := &victoriaLogs{bin: victoriaLogsBinary(tb), dataDir: filepath.Join(tb.TempDir(), "victorialogs"), addr: addr, url: "http://" + addr}
	v.start(tb)
	return v
}

// start runs the server on v's address and data directory: the first time, or again after
// stop, as after maintenance.
func (v *victoriaLogs) start(tb testing.TB) {
	tb.Helper()
	v.process = startProcess(tb, "victoria-logs", exec.Command(v.bin,
		"-httpListenAddr="+v.addr, "-storageDataPath="+v.dataDir, "-loggerLevel=WARN"))
	v.waitAnswers(tb, v.url+"/health")
}

// query runs a LogsQL query over all time and returns its rows (VictoriaLogs answers one JSON
// object of strings per line). It first makes the records ingested so far searchable, as
// VictoriaLogs' docs advise for tests (they would otherwise show up within a second).
func (v *victoriaLogs) query(tb testing.TB, logsql string) []map[string]string {
	tb.Helper()
	flush, err := http.Get(v.url + "/internal/force_flush")
	if err != nil {
		tb.Fatalf("force_flush: %v", err)
	}
	flush.Body.Close()
	if flush.StatusCode != http.StatusOK {
		tb.Fatalf("force_flush: %s", flush.Status)
	}
	resp, err := http.PostForm(v.url+"/select/logsql/query", url.Values{"query": {logsql}})
	if err != nil {
		tb.Fatalf("query %q: %v", logsql, err)
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	if _, err := body.ReadFrom(resp.Body); err != nil {
		tb.Fatalf("query %q: %v", logsql, err)
	}
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("query %q: %s: %s", logsql, resp.Status, body.String())
	}
	var rows []map[string]string
	sc := bufio.NewScanner(&body)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		row := map[string]string{}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			tb.Fatalf("query %q: row %q: %v", logsql, sc.Bytes(), err)
		}
		rows = append(rows, row)
	}
	return rows
}

// count runs `<filter> | count()` and returns the number.
func (v *victoriaLogs) count(tb testing.TB, filter string) int {
	tb.Helper()
	rows := v.query(tb, filter+" | count() as n")
	if len(rows) != 1 {
		tb.Fatalf("count of %q: %d rows", filter, len(rows))
	}
	n, err := strconv.Atoi(rows[0]["n"])
	if err != nil {
		tb.Fatalf("count of %q: %v", filter, err)
	}
	return n
}

// countsBy runs `<filter> | stats by (field) count()` and returns the count per value.
func (v *victoriaLogs) countsBy(tb testing.TB, filter, field string) map[string]int {
	tb.Helper()
	out := map[string]int{}
	for _, row := range v.query(tb, fmt.Sprintf("%s | stats by (%s) count() as n", filter, quoteField(field))) {
		n, err := strconv.Atoi(row["n"])
		if err != nil {
			tb.Fatalf("stats by %s: %v", field, err)
		}
		out[row[field]] = n
	}
	return out
}

// waitSettled polls the count of all records until it reaches want and then holds still for
// settle, so that records still on their way (a wrongly replayed page) would show.
func (v *victoriaLogs) waitSettled(tb testing.TB, want int, timeout, settle time.Duration) {
	tb.Helper()
	var n int
	stableSince := time.Time{}
	last := -1
	waitFor(tb, timeout, func() bool {
		n = v.count(tb, "*")
		if n != last || n < want {
			last, stableSince = n, time.Now()
			return false
		}
		return time.Since(stableSince) >= settle
	}, func() string {
		return fmt.Sprintf("VictoriaLogs holds %d records, want %d, still for %v", n, want, settle)
	})
}

// quoteField quotes a field name for LogsQL (names hold dots).
func quoteField(name string) string { return strconv.Quote(name) }

// filterEq is the LogsQL exact-match filter field:="value".
func filterEq(field, value string) string { return quoteField(field) + ":=" + strconv.Quote(value) }
