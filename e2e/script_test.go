package e2e

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// script is one of the repository's shell scripts, run as a terminal runs it: in a process group
// of its own, its output collected.
type script struct {
	name   string
	cmd    *exec.Cmd
	out    testutil.Buffer
	exited chan error
}

// startScript runs path (from the repository's root) with exactly env; the test's cleanup kills
// what is left of its process group.
func startScript(tb testing.TB, path string, env []string) *script {
	tb.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		tb.Fatal(err)
	}
	s := &script{name: filepath.Base(path), cmd: exec.Command(path), exited: make(chan error, 1)}
	s.cmd.Dir, s.cmd.Env = root, env
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	s.cmd.Stdout, s.cmd.Stderr = &s.out, &s.out
	if err := s.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	go func() { s.exited <- s.cmd.Wait() }()
	tb.Cleanup(s.kill)
	return s
}

// interrupt presses Ctrl-C (SIGINT to the whole process group) and returns the script's exit
// error, failing the test unless it exits within 30s and nothing listens on addrs any more.
func (s *script) interrupt(tb testing.TB, addrs ...string) error {
	tb.Helper()
	if err := syscall.Kill(-s.cmd.Process.Pid, syscall.SIGINT); err != nil {
		tb.Fatal(err)
	}
	var err error
	select {
	case err = <-s.exited:
	case <-time.After(30 * time.Second):
		tb.Fatalf("%s did not exit within 30s of Ctrl-C:\n%s", s.name, tail(s.out.String()))
	}
	for _, addr := range addrs {
		if conn, derr := net.DialTimeout("tcp", addr, time.Second); derr == nil {
			conn.Close()
			tb.Fatalf("something still listens on %s after %s exited:\n%s", addr, s.name, tail(s.out.String()))
		}
	}
	s.kill()
	return err
}

// kill ends what is left of the process group.
func (s *script) kill() { _ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL) }

// scriptEnv is env and the test's environment without the variables of the given prefixes,
// which would switch the script's modes.
func scriptEnv(env []string, without ...string) []string {
	for _, kv := range os.Environ() {
		if !slices.ContainsFunc(without, func(p string) bool { return strings.HasPrefix(kv, p) }) {
			env = append(env, kv)
		}
	}
	return env
}

func tail(s string) string {
	const keep = 4 << 10
	if len(s) > keep {
		return "..." + s[len(s)-keep:]
	}
	return s
}
