package ocsf

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
	"github.com/otelcol-auth0/auth0receiver/internal/signals"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

const benchEvents = 100

// benchPage is a page of benchEvents events in the benchmarks' mix (testutil.BenchMix), each with
// its own log_id, and each event's own JSON text.
func benchPage(tb testing.TB) ([]byte, []string) {
	tb.Helper()
	events := testutil.MixedEvents(tb, benchEvents, func(code string) []byte { return readEvent(tb, code) },
		func(i int) string { return fmt.Sprintf("900202403080359%02d%040d", i%60, i) })
	raws := make([]string, len(events))
	for i, e := range events {
		raws[i] = string(e)
	}
	return testutil.PageOf(events...), raws
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
			testutil.Measure(b, benchEvents, func() {
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
	testutil.Measure(b, benchEvents, func() {
		for _, in := range inputs {
			Build(pcommon.NewMap(), in)
		}
	})
}
