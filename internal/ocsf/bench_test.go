package ocsf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
	"github.com/otelcol-auth0/auth0receiver/internal/signals"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// benchMix is the mapping benchmark's mix (internal/mapping/bench_test.go): mostly logins and
// token exchanges, some failures, Management API operations and alarms.
var benchMix = []string{
	"s", "s", "s", "s", "seccft", "seccft", "fp", "fu", "f", "sapi", "sapi", "w", "gd_auth_succeed",
	"fapi", "limit_wc", "pwd_leak", "api_limit", "unknown",
}

const benchEvents = 100

// benchPage is a page of benchEvents events cycling through benchMix, each with its own log_id,
// and each event's own JSON text.
func benchPage(tb testing.TB) ([]byte, []string) {
	tb.Helper()
	raws := make([]string, 0, benchEvents)
	for i := range benchEvents {
		var e map[string]any
		require.NoError(tb, json.Unmarshal(readEvent(tb, benchMix[i%len(benchMix)]), &e))
		id := fmt.Sprintf("900202403080359%02d%040d", i%60, i)
		e["log_id"], e["_id"] = id, id
		b, err := json.Marshal(e)
		require.NoError(tb, err)
		raws = append(raws, string(b))
	}
	var page bytes.Buffer
	page.WriteByte('[')
	for i, r := range raws {
		if i > 0 {
			page.WriteByte(',')
		}
		page.WriteString(r)
	}
	page.WriteByte(']')
	return page.Bytes(), raws
}

// measure reports per-event figures next to the per-op ones, as the mapping's benchmarks do.
func measure(b *testing.B, f func()) {
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cpu0 := testutil.ProcessCPU()
	b.ResetTimer()
	for b.Loop() {
		f()
	}
	b.StopTimer()
	cpu := testutil.ProcessCPU() - cpu0
	runtime.ReadMemStats(&after)
	n := float64(b.N) * benchEvents
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/event")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/event")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/event")
	}
}

// BenchmarkMapPage compares the receiver's two formats on the same page, as the receiver maps
// it (security signals on): otel, and ocsf (Build as the mapping's body writer).
func BenchmarkMapPage(b *testing.B) {
	page, _ := benchPage(b)
	matcher, err := signals.New(signals.DefaultConfig())
	require.NoError(b, err)
	for _, c := range []struct {
		name string
		body func(pcommon.Map, *mapping.Event)
	}{{"otel", nil}, {"ocsf", Build}} {
		m := mapping.New(mapping.Options{Domain: testTenant, ScopeName: "bench", Signals: matcher, BodyWriter: c.body})
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			measure(b, func() {
				if _, err := m.MapPage(page, mapping.Params{Observed: testObserved}); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkBuild is the builder alone: one OCSF event per mapped record of the page.
func BenchmarkBuild(b *testing.B) {
	page, raws := benchPage(b)
	m := mapping.New(mapping.Options{Domain: testTenant, ScopeName: "bench"})
	batch, err := m.MapPage(page, mapping.Params{Observed: testObserved})
	require.NoError(b, err)
	lrs := batch.Logs.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
	inputs := make([]*Input, lrs.Len())
	for i := range inputs {
		inputs[i] = input(record{lr: lrs.At(i), raw: raws[i]}, testTenant)
	}
	measure(b, func() {
		for _, in := range inputs {
			Build(pcommon.NewMap(), in)
		}
	})
}
