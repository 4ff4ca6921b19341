package e2e

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// lockedBuffer collects a process's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestMakeRun runs examples/run.sh, what `make run` runs after building the distribution,
// without a tenant: the simulator starts, records show on the console, Ctrl-C stops both
// processes, and a second run resumes from the checkpoint instead of replaying the backlog.
func TestMakeRun(t *testing.T) {
	distroBinary(t)
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	simAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	env := []string{
		"AUTH0_SIM_ADDR=" + simAddr,
		"AUTH0_SIM_BACKLOG=200",
		"AUTH0_STORAGE_DIR=" + filepath.Join(t.TempDir(), "storage"),
		fmt.Sprintf("OTELCOL_METRICS_PORT=%d", freePort(t)),
		fmt.Sprintf("OTELCOL_HEALTH_ENDPOINT=127.0.0.1:%d", freePort(t)),
	}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AUTH0_") { // a tenant in the environment would switch modes
			env = append(env, kv)
		}
	}

	// run waits for wantInOutput and minRecords records, then for settle, then presses Ctrl-C.
	run := func(wantInOutput string, minRecords int, settle time.Duration) string {
		cmd := exec.Command("./examples/run.sh")
		cmd.Dir, cmd.Env = root, env
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // a process group, as a terminal makes
		var out lockedBuffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() {
			_ = cmd.Wait() // its exit status after Ctrl-C is not checked: what it leaves running is
			close(exited)
		}()
		defer func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }()

		waitFor(t, 90*time.Second, func() bool {
			o := out.String()
			return strings.Contains(o, wantInOutput) && strings.Count(o, "\nLogRecord #") >= minRecords && strings.Contains(o, "EventName: auth0.")
		}, func() string {
			return fmt.Sprintf("want %q and %d records in the output:\n%s", wantInOutput, minRecords, tail(out.String()))
		})

		time.Sleep(settle)
		// Ctrl-C: SIGINT to the whole process group.
		if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			t.Fatalf("run.sh did not exit within 30s of SIGINT:\n%s", tail(out.String()))
		}
		if conn, err := net.DialTimeout("tcp", simAddr, time.Second); err == nil {
			conn.Close()
			t.Fatalf("the simulator still listens on %s after run.sh exited", simAddr)
		}
		return out.String()
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

func tail(s string) string {
	const keep = 4 << 10
	if len(s) > keep {
		return "..." + s[len(s)-keep:]
	}
	return s
}
