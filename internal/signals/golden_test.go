package signals

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current matcher")

// outcome is what a golden file records of one event.
type outcome struct {
	Matched    []string       `json:"matched"`    // every signal matched, the record's first
	Attributes map[string]any `json:"attributes"` // what Apply added to the record
	Severity   string         `json:"severity"`   // the record's severity after Apply
}

func outcomeOf(t *testing.T, m *Matcher, name string) outcome {
	body := readBody(t, name)
	code := codeOf(body)
	lr := record(t, body)
	matched := m.For(code).Apply(lr)
	names := m.Match(code, body).Names()
	assert.Equal(t, matched, len(names) > 0, "Apply and Match disagree")
	if names == nil {
		names = []string{}
	}
	return outcome{Matched: names, Attributes: lr.Attributes().AsRaw(), Severity: lr.SeverityText()}
}

// TestGolden matches every event of testdata/events and compares what the record carries with
// its golden file. Regenerate with: go test ./internal/signals/ -run TestGolden -update
func TestGolden(t *testing.T) {
	m := newMatcher(t, DefaultConfig())
	for _, name := range eventNames(t) {
		t.Run(name, func(t *testing.T) {
			got := outcomeOf(t, m, name)
			path := filepath.Join("testdata", "golden", name+".json")
			if *update {
				b, err := json.MarshalIndent(got, "", "  ")
				require.NoError(t, err)
				require.NoError(t, os.WriteFile(path, append(b, '\n'), 0o600))
			}
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			var want outcome
			require.NoError(t, json.Unmarshal(b, &want))
			assert.Equal(t, want, got)
		})
	}
}

// TestEventsMatchWhatTheirNameSays holds without the golden files: "<signal>[.<variant>]" matches
// the signal, "<signal>.not-<variant>" does not, "none.*" matches nothing.
func TestEventsMatchWhatTheirNameSays(t *testing.T) {
	m := newMatcher(t, DefaultConfig())
	for _, name := range eventNames(t) {
		body := readBody(t, name)
		names := m.Match(codeOf(body), body).Names()
		base, variant, _ := strings.Cut(name, ".")
		switch {
		case base == "none":
			assert.Empty(t, names, name)
		case strings.HasPrefix(variant, "not-"):
			assert.NotContains(t, names, "auth0."+base, name)
		default:
			assert.Contains(t, names, "auth0."+base, name)
		}
	}
}

// TestEverySignalHasItsEvents: a positive event per signal, and a negative twin for each signal
// whose condition is more than its code.
func TestEverySignalHasItsEvents(t *testing.T) {
	names := eventNames(t)
	for i := range table {
		s := &table[i]
		assert.Contains(t, names, short(s), "no positive event for %s", s.Name)
		c := &s.When
		if c.Method == "" && len(c.Paths) == 0 && c.Description == "" && c.Body == nil {
			continue
		}
		hasTwin := slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, short(s)+".not-") })
		assert.True(t, hasTwin, "no negative twin %s.not-*.json for %s", short(s), s.Name)
	}
}
