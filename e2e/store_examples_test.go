package e2e

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// distroExporters are the exporter types of the distribution (builder-config.yaml).
var distroExporters = map[string]bool{"otlp_grpc": true, "otlp_http": true, "debug": true}

var pipelineExporters = regexp.MustCompile(`(?m)^\s+exporters: \[([^\]]*)\]`)

// distroStoreExamples lists the per-store examples (examples/stores) that the distribution can
// load: those whose logs pipeline exports only through its own exporters. The others need an
// exporter from contrib and say so in their header.
func distroStoreExamples(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "examples", "stores", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range paths {
		b := testutil.ReadFile(t, p)
		matches := pipelineExporters.FindAllSubmatch(b, -1)
		if len(matches) == 0 {
			t.Fatalf("%s: no pipeline exporters", p)
		}
		loadable := true
		for id := range strings.SplitSeq(string(matches[len(matches)-1][1]), ",") {
			typ, _, _ := strings.Cut(strings.TrimSpace(id), "/")
			loadable = loadable && distroExporters[typ]
		}
		if loadable {
			out = append(out, p)
		}
	}
	return out
}
