package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMakeRun runs examples/run.sh, what `make run` runs after building the distribution,
// without a tenant: the simulator starts, records show on the console, Ctrl-C stops both
// processes, and a second run resumes from the checkpoint instead of replaying the backlog.
func TestMakeRun(t *testing.T) {
	distroBinary(t)
	simAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	env := scriptEnv([]string{
		"AUTH0_SIM_ADDR=" + simAddr,
		"AUTH0_SIM_BACKLOG=200",
		"AUTH0_STORAGE_DIR=" + filepath.Join(t.TempDir(), "storage"),
		fmt.Sprintf("OTELCOL_METRICS_PORT=%d", freePort(t)),
		fmt.Sprintf("OTELCOL_HEALTH_ENDPOINT=127.0.0.1:%d", freePort(t)),
	}, "AUTH0_") // a tenant in the environment would switch modes

	// run waits for wantInOutput and minRecords records, then for settle, then presses Ctrl-C.
	run := func(wantInOutput string, minRecords int, settle time.Duration) string {
		s := startScript(t, "./examples/run.sh", env)
		waitFor(t, 90*time.Second, func() bool {
			o := s.out.String()
			return strings.Contains(o, wantInOutput) && strings.Count(o, "\nLogRecord #") >= minRecords && strings.Contains(o, "EventName: auth0.")
		}, func() string {
			return fmt.Sprintf("want %q and %d records in the output:\n%s", wantInOutput, minRecords, tail(s.out.String()))
		})
		time.Sleep(settle)
		_ = s.interrupt(t, simAddr) // its exit status after Ctrl-C is not checked: what it leaves running is
		return s.out.String()
	}

	first := run("No checkpoint stored", 200, 0)
	// A replay of the backlog (two pages) would print it well within the settle time.
	second := run("Resuming from the stored checkpoint", 1, 2*time.Second)
	n1, n2 := strings.Count(first, "\nLogRecord #"), strings.Count(second, "\nLogRecord #")
	if n1 < 200 || n2 >= 200 {
		t.Fatalf("the first run printed %d records (want the backlog of 200 and more), the second %d (want only new events)", n1, n2)
	}
	t.Logf("first run: %d records; second run resumed and printed %d new records", n1, n2)
}
