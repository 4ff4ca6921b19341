package mapping

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/otelcol-auth0/auth0receiver/internal/signals"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// goldenEvents are the realistic events under testdata/events (one JSON object per file).
var goldenEvents = []string{
	"s", "fp", "fu", "f", "sapi", "seccft", "fapi", "limit_wc", "pwd_leak", "api_limit", "w",
	"gd_auth_succeed", "unknown", "nulls",
}

var testObserved = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func readEvent(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "events", name+".json"))
	require.NoError(tb, err)
	return b
}

// compact removes insignificant whitespace, as Auth0 sends it.
func compact(tb testing.TB, b []byte) []byte {
	tb.Helper()
	var out bytes.Buffer
	require.NoError(tb, json.Compact(&out, b))
	return out.Bytes()
}

// pageOf joins events into a JSON array.
func pageOf(events ...[]byte) []byte {
	return testutil.PageOf(events...)
}

func newTestMapper(tb testing.TB, opts Options) *Mapper {
	tb.Helper()
	if opts.Domain == "" {
		opts.Domain = "acme.us.auth0.com"
	}
	if opts.ScopeName == "" {
		opts.ScopeName = "github.com/otelcol-auth0/auth0receiver"
		opts.ScopeVersion = "v0.0.0-test"
	}
	if opts.Signals == nil { // as the receiver runs by default
		opts.Signals = defaultSignals(tb)
	}
	return New(opts)
}

func defaultSignals(tb testing.TB) *signals.Matcher {
	tb.Helper()
	m, err := signals.New(signals.DefaultConfig())
	require.NoError(tb, err)
	return m
}

// signalEvents are the security signals' example events (internal/signals/testdata/events):
// file name -> the event's JSON.
func signalEvents(tb testing.TB) map[string][]byte {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "signals", "testdata", "events", "*.json"))
	require.NoError(tb, err)
	require.NotEmpty(tb, paths)
	out := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		require.NoError(tb, err)
		out[strings.TrimSuffix(filepath.Base(p), ".json")] = b
	}
	return out
}
