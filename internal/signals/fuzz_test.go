package signals

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// FuzzMatch: any JSON object, matched under every code that has signals, never panics, and a
// match always names a signal of that code.
func FuzzMatch(f *testing.F) {
	for _, name := range eventNames(f) {
		b, err := os.ReadFile(filepath.Join("testdata", "events", name+".json"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	m, err := New(DefaultConfig())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var raw map[string]any
		if json.Unmarshal(data, &raw) != nil {
			return
		}
		body := pcommon.NewMap()
		if body.FromRaw(raw) != nil {
			return
		}
		for code, c := range m.byCode {
			match := c.Match(body)
			if s := match.Signal(); s != nil && !slices.Contains(s.When.Codes, code) {
				t.Fatalf("%s matched under code %s", s.Name, code)
			}
			match.Put(pcommon.NewMap())
		}
	})
}
