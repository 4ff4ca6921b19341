package testutil

import (
	"bytes"
	"encoding/json"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchMix is the share of each realistic event (the mapping's testdata/events) in the
// benchmarks' pages and posts: mostly logins and token exchanges, some failures, Management API
// operations and alarms, as a busy tenant shows them.
var BenchMix = []string{
	"s", "s", "s", "s", "seccft", "seccft", "fp", "fu", "f", "sapi", "sapi", "w", "gd_auth_succeed",
	"fapi", "limit_wc", "pwd_leak", "api_limit", "unknown",
}

// MixedEvents returns n events cycling through BenchMix, each read(code) (the code's event as
// JSON) with its log_id and _id set to id(i), compact as Auth0 sends it.
func MixedEvents(tb testing.TB, n int, read func(code string) []byte, id func(i int) string) [][]byte {
	tb.Helper()
	events := make([][]byte, 0, n)
	for i := range n {
		var e map[string]any
		require.NoError(tb, json.Unmarshal(read(BenchMix[i%len(BenchMix)]), &e))
		e["log_id"], e["_id"] = id(i), id(i)
		b, err := json.Marshal(e)
		require.NoError(tb, err)
		events = append(events, b)
	}
	return events
}

// PageOf joins events into a JSON array, a page as GET /api/v2/logs answers it.
func PageOf(events ...[]byte) []byte {
	return append(append([]byte("["), bytes.Join(events, []byte(","))...), ']')
}

// Measure runs f once per benchmark iteration, each handling events events, and reports
// per-event figures next to the per-op ones: throughput, wall time, allocations, and process CPU
// time (GC included), which is the cost per core and holds up on a shared machine.
func Measure(b *testing.B, events int, f func()) {
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cpu0 := ProcessCPU()
	b.ResetTimer()
	for b.Loop() {
		f()
	}
	b.StopTimer()
	cpu := ProcessCPU() - cpu0
	runtime.ReadMemStats(&after)
	n := float64(b.N) * float64(events)
	b.ReportMetric(n/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/event")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/event")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/event")
	}
}
