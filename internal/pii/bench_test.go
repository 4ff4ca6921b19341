package pii

import (
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// BenchmarkApply measures Apply per event (one op is one event) over the mapping's real events
// (logins, failures, Management API calls, MFA, limits), each configuration on fresh copies:
// the copies are made while the timer is stopped.
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
		cfg  Config
	}{
		{"nothing-to-redact", Config{Fields: []Field{Address}, Method: Hash, HashKey: testKey}},
		{"hash-all-fields", Config{Fields: all, Method: Hash, HashKey: testKey}},
		{"mask-all-fields", Config{Fields: all, Method: Mask}},
		{"drop-all-fields", Config{Fields: all, Method: Drop}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			r := newRedactor(b, bc.cfg)
			pool := make([]pcommon.Map, 64*len(pristine))
			refill := func() {
				for i := range pool {
					pool[i] = pcommon.NewMap()
					pristine[i%len(pristine)].CopyTo(pool[i])
				}
			}
			refill()
			redacted := 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				k := i % len(pool)
				if k == 0 && i > 0 {
					b.StopTimer()
					refill()
					b.StartTimer()
				}
				redacted += r.Apply(pool[k])
			}
			// One allocation per hashed or masked value (its new string), none for a drop.
			b.ReportMetric(float64(redacted)/float64(b.N), "values/event")
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

// BenchmarkValue is the cost of one hashed or masked value (an email).
func BenchmarkValue(b *testing.B) {
	r := newRedactor(b, Config{Fields: []Field{Email}, Method: Hash, HashKey: testKey})
	b.Run("hash", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = r.hash("alice.smithson@example.org")
		}
	})
	b.Run("mask", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = mask("alice.smithson@example.org")
		}
	})
}
