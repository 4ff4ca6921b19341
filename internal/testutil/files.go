package testutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// WriteTemp writes b into a file called name in a new temporary directory of the test, readable
// by the user only, and returns its path.
func WriteTemp(tb testing.TB, name string, b []byte) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// Program returns the path of a program the tests run, from PATH or Debian's /usr/bin. Without
// it the test fails, saying how to install it, rather than skips: what it checks is part of
// make test.
func Program(tb testing.TB, name, install string) string {
	tb.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if p := filepath.Join("/usr/bin", name); fileExists(p) {
		return p
	}
	tb.Fatalf("%s not found on PATH nor in /usr/bin: %s", name, install)
	return ""
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// ReadFile returns the content of the file at path, failing tb when it cannot be read.
func ReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path) //nolint:gosec // G304: a test reads the files it names
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
