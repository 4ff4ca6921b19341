package pii

import (
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// BenchmarkApply measures Apply per event over the mapping's real events (logins, failures,
// Management API calls, MFA, limits). Each iteration first restores the event from a pristine
// copy; copy-only measures that copy alone, to subtract from the others:
//
//	go test -run '^$' -bench Apply -benchmem ./internal/pii/
func BenchmarkApply(b *testing.B) {
	names := eventNames(b)
	pristine := make([]pcommon.Map, len(names))
	for i, name := range names {
		pristine[i] = eventMap(b, readEvent(b, name))
	}
	all := allFields[:]
	for _, bc := range []struct {
		name string
		cfg  *Config // nil: only the copy
	}{
		{"copy-only", nil},
		{"nothing-to-redact", &Config{Fields: []Field{Address}, Method: Hash, HashKey: testKey}},
		{"hash-all-fields", &Config{Fields: all, Method: Hash, HashKey: testKey}},
		{"mask-all-fields", &Config{Fields: all, Method: Mask}},
		{"drop-all-fields", &Config{Fields: all, Method: Drop}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var r *Redactor
			if bc.cfg != nil {
				r = newRedactor(b, *bc.cfg)
			}
			work := make([]pcommon.Map, len(pristine))
			for i := range work {
				work[i] = pcommon.NewMap()
			}
			b.ReportAllocs()
			for b.Loop() {
				for i, m := range pristine {
					m.CopyTo(work[i])
					r.Apply(work[i])
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pristine)), "ns/event")
		})
	}
}

// BenchmarkApplyInPlace is Apply alone on events it leaves unchanged: the cost of the walk that
// every event pays once the section is configured.
func BenchmarkApplyInPlace(b *testing.B) {
	r := newRedactor(b, Config{Fields: []Field{Address}, Method: Hash, HashKey: testKey})
	names := eventNames(b)
	events := make([]pcommon.Map, len(names))
	for i, name := range names {
		events[i] = eventMap(b, readEvent(b, name))
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range events {
			r.Apply(m)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(events)), "ns/event")
}
