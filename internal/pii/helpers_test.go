package pii

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// eventsDir holds the mapping's real Auth0 events.
const eventsDir = "../mapping/testdata/events"

func readEvent(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(eventsDir, name+".json"))
	require.NoError(tb, err)
	return b
}

// eventNames lists the events of eventsDir.
func eventNames(tb testing.TB) []string {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join(eventsDir, "*.json"))
	require.NoError(tb, err)
	require.NotEmpty(tb, paths)
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = strings.TrimSuffix(filepath.Base(p), ".json")
	}
	return names
}

// eventMap builds a body map from JSON, as the mapping's body holds it.
func eventMap(tb testing.TB, event []byte) pcommon.Map {
	tb.Helper()
	var raw map[string]any
	require.NoError(tb, json.Unmarshal(event, &raw))
	m := pcommon.NewMap()
	require.NoError(tb, m.FromRaw(raw))
	return m
}

// scalars returns every scalar of v as text, keys included, so that a test can look for a
// clear value anywhere in it.
func scalars(v pcommon.Value) []string {
	switch v.Type() {
	case pcommon.ValueTypeMap:
		var out []string
		for k, child := range v.Map().All() {
			out = append(out, k)
			out = append(out, scalars(child)...)
		}
		return out
	case pcommon.ValueTypeSlice:
		var out []string
		for _, child := range v.Slice().All() {
			out = append(out, scalars(child)...)
		}
		return out
	case pcommon.ValueTypeEmpty:
		return nil
	}
	return []string{v.AsString()}
}

func mapValue(m pcommon.Map) pcommon.Value {
	v := pcommon.NewValueMap()
	m.CopyTo(v.Map())
	return v
}

func fmtConfig(cfg Config) string { return fmt.Sprintf("%+v", cfg) }
