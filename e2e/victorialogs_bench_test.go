package e2e

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/otelcol-auth0/auth0receiver/internal/auth0sim"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// BenchmarkDistroVictoriaLogs backfills a backlog from an unthrottled simulator into VictoriaLogs
// with examples/victorialogs.yaml and reports the sustained rate (first API request to the last
// record searchable in the store) and where the CPU goes: the collector (receiver and exporter)
// and VictoriaLogs. Variants change only the exporter's compression; "zstd-memory-queue" keeps the
// sending queue in memory (not crash-safe: it shows what the persistent queue costs);
// "receiver-only" replaces the exporter with the debug exporter (basic verbosity), which leaves
// the receiver's share.
func BenchmarkDistroVictoriaLogs(b *testing.B) {
	const events = 200_000
	for _, variant := range []string{"zstd", "gzip", "none", "zstd-memory-queue", "receiver-only"} {
		b.Run("compression="+variant, func(b *testing.B) {
			bin := benchDistro(b)
			config := benchVictoriaLogsConfig(b, variant)
			for range b.N {
				vl := startVictoriaLogs(b)
				sim := auth0sim.New(auth0sim.Options{Backlog: events, Seed: 23})
				var window apiWindow
				srv := httptest.NewServer(window.wrap(sim.Handler()))
				b.Cleanup(func() { sim.Close(); srv.Close() })

				c := startCollector(b, bin, config, exampleEnv(b, srv.URL, vl.url, b.TempDir())...)
				done := func() bool {
					if variant == "receiver-only" {
						return sim.Stats().EventsServed >= events
					}
					return vl.count(b, "*") >= events
				}
				waitFor(b, 10*time.Minute, func() bool {
					time.Sleep(500 * time.Millisecond) // polling the store makes it flush: not too often
					return done()
				}, func() string { return fmt.Sprintf("%d of %d events stored", vl.count(b, "*"), events) })
				elapsed := time.Since(window.start())
				collectorCPU, err := procCPU(c.pid())
				if err != nil {
					b.Fatal(err)
				}
				storeCPU, err := procCPU(vl.pid())
				if err != nil {
					b.Fatal(err)
				}
				c.stop(b)
				rate := float64(events) / elapsed.Seconds()
				b.ReportMetric(rate, "events/s")
				b.ReportMetric(float64(collectorCPU.Microseconds())/events, "collector_cpu_us/event")
				if variant != "receiver-only" {
					b.ReportMetric(float64(storeCPU.Microseconds())/events, "victorialogs_cpu_us/event")
				}
				b.Logf("%s: %d events in %v (%.0f events/s); CPU: collector %v, VictoriaLogs %v; VictoriaLogs data dir %d MB",
					variant, events, elapsed.Round(time.Millisecond), rate, collectorCPU.Round(time.Millisecond),
					storeCPU.Round(time.Millisecond), dirSize(vl.dataDir)>>20)
			}
		})
	}
}

// benchVictoriaLogsConfig writes examples/victorialogs.yaml with the exporter's compression set
// to variant, or with the debug exporter in its place for "receiver-only".
func benchVictoriaLogsConfig(b *testing.B, variant string) string {
	b.Helper()
	raw := testutil.ReadFile(b, victoriaLogsExample)
	s := string(raw)
	const compression, pipeline = "compression: zstd", "exporters: [otlp_http/victorialogs]"
	if !strings.Contains(s, compression) || !strings.Contains(s, pipeline) {
		b.Fatalf("%s no longer has %q and %q", victoriaLogsExample, compression, pipeline)
	}
	const persistent = "    sending_queue:\n      storage: file_storage\n"
	switch variant {
	case "receiver-only":
		s = strings.Replace(s, "\nexporters:\n", "\nexporters:\n  debug:\n    verbosity: basic\n", 1)
		s = strings.Replace(s, pipeline, "exporters: [debug]", 1)
	case "zstd-memory-queue":
		if !strings.Contains(s, persistent) {
			b.Fatalf("%s no longer has %q", victoriaLogsExample, persistent)
		}
		s = strings.Replace(s, persistent, "    sending_queue:\n", 1)
	default:
		s = strings.Replace(s, compression, "compression: "+variant, 1)
	}
	return testutil.WriteTemp(b, "victorialogs.yaml", []byte(s))
}

// dirSize returns the bytes of the files under dir.
func dirSize(dir string) int64 {
	var n int64
	_ = filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}
