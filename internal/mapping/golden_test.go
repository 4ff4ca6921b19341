package mapping

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/pdatatest/plogtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current mapping")

// TestGolden maps each realistic event and compares the whole plog.Logs with its golden file.
// Regenerate with: go test ./internal/mapping/ -run TestGolden -update
func TestGolden(t *testing.T) {
	m := newTestMapper(t, Options{})
	for _, name := range goldenEvents {
		t.Run(name, func(t *testing.T) {
			b, err := m.MapPage(pageOf(readEvent(t, name)), Params{Observed: testObserved})
			require.NoError(t, err)
			require.Equal(t, 1, b.Logs.LogRecordCount())
			path := filepath.Join("testdata", "golden", name+".yaml")
			if *update {
				require.NoError(t, golden.WriteLogsToFile(path, b.Logs))
			}
			want, err := golden.ReadLogs(path)
			require.NoError(t, err)
			require.NoError(t, plogtest.CompareLogs(want, b.Logs))
			// CompareLogs ignores EventName.
			wantLR := want.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
			gotLR := b.Logs.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
			assert.Equal(t, wantLR.EventName(), gotLR.EventName())
		})
	}
}
