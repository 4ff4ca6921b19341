package eventmetrics

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// BenchmarkTallyMappedPage counts a page as the receiver maps it: the mapping's realistic events
// (internal/mapping/testdata/events), 100 records of about 25 attributes each.
func BenchmarkTallyMappedPage(b *testing.B) {
	paths, err := filepath.Glob(filepath.Join("..", "mapping", "testdata", "events", "*.json"))
	require.NoError(b, err)
	var events [][]byte
	for i := 0; len(events) < 100; i++ {
		ev, rerr := os.ReadFile(paths[i%len(paths)])
		require.NoError(b, rerr)
		events = append(events, ev)
	}
	page := testutil.PageOf(events...)
	batch, err := mapping.New(mapping.Options{Domain: "acme.us.auth0.com"}).MapPage(page, mapping.Params{Observed: now})
	require.NoError(b, err)
	c := New(10*time.Minute, 1000)
	at := time.Date(2020, 10, 27, 19, 45, 0, 0, time.UTC) // the fixtures' dates are recent to it
	b.ReportAllocs()
	for b.Loop() {
		c.Add(c.Tally(batch.Logs, at))
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch.Logs.LogRecordCount()), "ns/event")
}
