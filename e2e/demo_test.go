package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMakeDemo runs scripts/demo.sh, what `make demo` runs after building the distribution and
// installing VictoriaLogs: the simulator, VictoriaLogs and the collector start, the script prints
// the web UI's URL and three queries that VictoriaLogs answers, Ctrl-C stops all three, and a
// second run resumes on the same data without storing anything twice.
func TestMakeDemo(t *testing.T) {
	distroBinary(t)
	vl := &victoriaLogs{addr: fmt.Sprintf("127.0.0.1:%d", freePort(t))}
	vl.url = "http://" + vl.addr
	simAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	state := t.TempDir()
	env := scriptEnv([]string{
		"VICTORIALOGS_BIN=" + victoriaLogsBinary(t),
		"VICTORIALOGS_ADDR=" + vl.addr,
		"AUTH0_SIM_ADDR=" + simAddr,
		"AUTH0_SIM_BACKLOG=500",
		"DEMO_STATE_DIR=" + state,
		fmt.Sprintf("OTELCOL_METRICS_PORT=%d", freePort(t)),
		fmt.Sprintf("OTELCOL_HEALTH_ENDPOINT=127.0.0.1:%d", freePort(t)),
	}, "AUTH0_", "VICTORIALOGS_")

	// run starts the demo, checks what it prints while it runs, then presses Ctrl-C.
	run := func(check func(out string)) {
		s := startScript(t, "./scripts/demo.sh", env)
		waitFor(t, 120*time.Second, func() bool { return strings.Contains(s.out.String(), "stop with Ctrl-C") },
			func() string { return "the demo did not get ready:\n" + tail(s.out.String()) })
		check(s.out.String())
		if err := s.interrupt(t, vl.addr, simAddr); err != nil {
			t.Fatalf("demo.sh exited with %v after Ctrl-C:\n%s", err, tail(s.out.String()))
		}
	}

	var firstCount int
	run(func(out string) {
		if !strings.Contains(out, vl.url+"/select/vmui/") {
			t.Errorf("the demo does not print the web UI's URL %s/select/vmui/:\n%s", vl.url, out)
		}
		queries := printedQueries(t, out)
		for title, q := range queries {
			if rows := vl.query(t, q); len(rows) == 0 && title != "Errors of the last 15 minutes" {
				t.Errorf("%s: %q finds nothing", title, q)
			}
		}
		firstCount = vl.count(t, "*")
	})
	logs, _ := os.ReadFile(filepath.Join(state, "otelcol.log"))
	if !strings.Contains(string(logs), "No checkpoint stored") {
		t.Fatalf("the first run did not start from scratch:\n%s", tail(string(logs)))
	}

	run(func(string) {
		waitFor(t, 30*time.Second, func() bool { return vl.count(t, "*") > firstCount },
			func() string { return "no new records in the second run" })
		rows := vl.query(t, `* | stats count() as rows, count_uniq("log.record.uid") as uids`)
		if rows[0]["rows"] != rows[0]["uids"] {
			t.Errorf("after the second run started: %s rows of %s events: something was stored twice", rows[0]["rows"], rows[0]["uids"])
		}
	})
	logs, _ = os.ReadFile(filepath.Join(state, "otelcol.log"))
	if !strings.Contains(string(logs), "Resuming from the stored checkpoint") {
		t.Fatalf("the second run did not resume:\n%s", tail(string(logs)))
	}
	t.Logf("first run: %d records in VictoriaLogs; the second resumed on the same data", firstCount)
}

// printedQueries returns the three queries the demo prints, by title: each is the line after its
// title.
func printedQueries(t *testing.T, out string) map[string]string {
	t.Helper()
	lines := strings.Split(out, "\n")
	queries := map[string]string{}
	for _, title := range []string{"Failed logins by connection", "Errors of the last 15 minutes", "One user's trail"} {
		for i, line := range lines {
			if strings.HasPrefix(strings.TrimSpace(line), title) && i+1 < len(lines) {
				queries[title] = strings.TrimSpace(lines[i+1])
			}
		}
		if queries[title] == "" {
			t.Fatalf("the demo does not print %q:\n%s", title, out)
		}
	}
	return queries
}
