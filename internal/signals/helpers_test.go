package signals

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// eventNames lists the files of testdata/events without their extension: "<signal>" and
// "<signal>.<variant>" must match the signal auth0.<signal>, "<signal>.not-<variant>" must not,
// and "none.<variant>" matches nothing.
func eventNames(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "events", "*.json"))
	require.NoError(tb, err)
	require.NotEmpty(tb, files)
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(filepath.Base(f), ".json"))
	}
	slices.Sort(names)
	return names
}

// readBody builds the event's body as the mapping does: a map, integers as Int, other numbers as
// Double.
func readBody(tb testing.TB, name string) pcommon.Map {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "events", name+".json"))
	require.NoError(tb, err)
	return bodyOf(tb, b)
}

// bodyOf builds an event's body as the mapping does.
func bodyOf(tb testing.TB, event []byte) pcommon.Map {
	tb.Helper()
	body := testutil.Body(tb, event)
	require.Equal(tb, pcommon.ValueTypeMap, body.Type(), "an event is a JSON object")
	return body.Map()
}

func codeOf(body pcommon.Map) string {
	v, _ := body.Get("type")
	return v.Str()
}

// record builds the log record the mapping would: the body and the severity of the event's code.
func record(tb testing.TB, body pcommon.Map) plog.LogRecord {
	tb.Helper()
	lr := plog.NewLogRecord()
	body.CopyTo(lr.Body().SetEmptyMap())
	sev := catalog.SeverityInfo
	if e, ok := catalog.Lookup(codeOf(body)); ok {
		sev = e.Severity
	}
	lr.SetSeverityNumber(severityNumbers[sev])
	lr.SetSeverityText(string(sev))
	return lr
}

func newMatcher(tb testing.TB, cfg Config) *Matcher {
	tb.Helper()
	m, err := New(cfg)
	require.NoError(tb, err)
	return m
}

// short is the name of a signal's event files.
func short(s *Signal) string { return strings.TrimPrefix(s.Name, "auth0.") }
