package signals

import (
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// benchEvent is one event of a benchmark set: a testdata event, optionally under another code.
type benchEvent struct{ file, code string }

// mixedSet follows the mapping's benchmark page: mostly logins and token exchanges (codes without
// signals), two Management API writes (a user update and a client grant on the Management API),
// and the alarms a busy tenant shows.
var mixedSet = []benchEvent{
	{"none.login", "s"},
	{"none.login", "s"},
	{"none.login", "s"},
	{"none.login", "s"},
	{"none.login", "seccft"},
	{"none.login", "seccft"},
	{"none.login", "fp"},
	{"none.login", "fu"},
	{"none.login", "f"},
	{"none.user-update", ""},
	{"management_api_scopes_granted", ""},
	{"none.login", "w"},
	{"none.login", "gd_auth_succeed"},
	{"none.login", "fapi"},
	{"account_blocked", ""},
	{"breached_password", ""},
	{"rate_limit_reached", ""},
	{"none.login", "unknown"},
}

// nonCandidateSet holds only codes that no signal has: the cost is the lookup by code.
var nonCandidateSet = []benchEvent{
	{"none.login", "s"},
	{"none.login", "ssa"},
	{"none.login", "seacft"},
	{"none.login", "sertft"},
	{"none.login", "seccft"},
	{"none.login", "fsa"},
	{"none.login", "fp"},
	{"none.login", "slo"},
}

// managementSet is every Management API write of testdata: the costliest path (body predicates).
func managementSet(b *testing.B) []benchEvent {
	var set []benchEvent
	for _, name := range eventNames(b) {
		if codeOf(readBody(b, name)) == "sapi" {
			set = append(set, benchEvent{file: name})
		}
	}
	return set
}

// BenchmarkMatch matches sets of built bodies, as the mapping would per record (the lookup by
// code included). Per-event figures: ns/event and allocs/event.
func BenchmarkMatch(b *testing.B) {
	m, err := New(DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		set  []benchEvent
	}{
		{"mixed", mixedSet},
		{"non-candidate", nonCandidateSet},
		{"management", managementSet(b)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			codes, bodies := loadSet(b, bc.set)
			matched := 0
			b.ReportAllocs()
			for b.Loop() {
				for i, body := range bodies {
					if m.Match(codes[i], body).Found() {
						matched++
					}
				}
			}
			n := float64(b.N) * float64(len(bodies))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/event")
			b.ReportMetric(float64(matched)/n, "matched/event")
		})
	}
}

// BenchmarkApply is Match plus what a match writes into the record (Apply on a mixed set). The
// records are reused, so after the first round Put replaces its attributes instead of appending.
func BenchmarkApply(b *testing.B) {
	m, err := New(DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	codes, bodies := loadSet(b, mixedSet)
	cands := make([]Candidates, len(codes))
	records := make([]plog.LogRecord, len(bodies))
	for i := range bodies {
		cands[i] = m.For(codes[i]) // as the mapping resolves them once per code
		records[i] = record(b, bodies[i])
	}
	b.ReportAllocs()
	for b.Loop() {
		for i := range records {
			cands[i].Apply(records[i])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(records)), "ns/event")
}

func loadSet(b *testing.B, set []benchEvent) ([]string, []pcommon.Map) {
	codes := make([]string, len(set))
	bodies := make([]pcommon.Map, len(set))
	for i, e := range set {
		bodies[i] = readBody(b, e.file)
		if e.code != "" {
			bodies[i].PutStr("type", e.code)
		}
		codes[i] = codeOf(bodies[i])
	}
	return codes, bodies
}
