package mapping

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	jsoniter "github.com/json-iterator/go"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
	"github.com/otelcol-auth0/auth0receiver/internal/pii"
	"github.com/otelcol-auth0/auth0receiver/internal/signals"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// benchPage builds a page of n events cycling through testutil.BenchMix, each with its own log_id.
func benchPage(tb testing.TB, n int) []byte {
	tb.Helper()
	events := testutil.MixedEvents(tb, n, func(code string) []byte { return readEvent(tb, code) },
		func(i int) string { return fmt.Sprintf("900202403080359%02d%040d", i%60, i) })
	return pageOf(events...)
}

func keepAll(string) bool { return true }

// pageEvents is the size of the benchmarks' page, Auth0's largest (take=100).
const pageEvents = 100

// measure runs f per page of pageEvents events and reports per-event figures next to the
// per-page ones: wall time, and process CPU time (GC included), which is the cost per core and
// holds up on a shared machine.
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
	n := float64(b.N) * pageEvents
	b.ReportMetric(n/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/event")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/event")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/event")
	}
}

// BenchmarkMapPage is the product path over a realistic mixed 100-event page.
func BenchmarkMapPage(b *testing.B) {
	page := benchPage(b, pageEvents)
	m := newTestMapper(b, Options{})
	b.SetBytes(int64(len(page)))
	measure(b, func() {
		if _, err := m.MapPage(page, Params{Observed: testObserved, Keep: keepAll}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkMapPageOptions is what the receiver's options cost on the same page: security signals
// off (the baseline) and on (the default), and pii hashing every field besides.
func BenchmarkMapPageOptions(b *testing.B) {
	page := benchPage(b, pageEvents)
	off, err := signals.New(signals.Config{})
	require.NoError(b, err)
	redactor, err := pii.New(pii.Config{
		Fields: []pii.Field{pii.FirstName, pii.LastName, pii.Username, pii.Email, pii.Phone, pii.Address},
		Method: pii.Hash, HashKey: "0123456789abcdef0123456789abcdef",
	})
	require.NoError(b, err)
	for _, c := range []struct {
		name string
		opts Options
	}{
		{"signals=off", Options{Signals: off}},
		{"signals=on", Options{}},
		{"signals=on,pii=hash", Options{PII: redactor}},
	} {
		m := newTestMapper(b, c.opts)
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			measure(b, func() {
				if _, err := m.MapPage(page, Params{Observed: testObserved, Keep: keepAll}); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkNaivePage is the baseline of BENCHMARKS.md's Mapping section: json.Unmarshal into
// map[string]any, pcommon.Map.FromRaw for the body, attributes copied from the map.
func BenchmarkNaivePage(b *testing.B) {
	page := benchPage(b, pageEvents)
	b.SetBytes(int64(len(page)))
	measure(b, func() {
		if _, err := naiveMapPage(page, testObserved); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkTokenize compares only the reading of the page (no pdata) by the candidate readers,
// to show where the time goes and why the scanner was chosen.
func BenchmarkTokenize(b *testing.B) {
	page := benchPage(b, pageEvents)
	b.Run("scanner-validate", func(b *testing.B) {
		sc := new(scanner)
		b.SetBytes(int64(len(page)))
		measure(b, func() {
			sc.reset(string(page))
			sc.lim = Limits{}.withDefaults()
			if _, ok := sc.skimPage(nil); !ok {
				b.Fatal(sc.err)
			}
		})
	})
	b.Run("jsoniter-iterator", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		measure(b, func() {
			iter := jsoniter.ConfigFastest.BorrowIterator(page)
			defer jsoniter.ConfigFastest.ReturnIterator(iter)
			n := 0
			for iter.ReadArray() {
				n += walkJsoniter(iter)
			}
			if iter.Error != nil {
				b.Fatal(iter.Error)
			}
		})
	})
	b.Run("encoding-json-raw", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		measure(b, func() {
			var raw []json.RawMessage
			if err := json.Unmarshal(page, &raw); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("encoding-json-map", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		measure(b, func() {
			var events []map[string]any
			if err := json.Unmarshal(page, &events); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// walkJsoniter reads every value with jsoniter's streaming API, as a mapper built on it would.
func walkJsoniter(iter *jsoniter.Iterator) int {
	switch iter.WhatIsNext() {
	case jsoniter.ObjectValue:
		n := 0
		for k := iter.ReadObject(); k != ""; k = iter.ReadObject() {
			n += walkJsoniter(iter)
		}
		return n
	case jsoniter.ArrayValue:
		n := 0
		for iter.ReadArray() {
			n += walkJsoniter(iter)
		}
		return n
	case jsoniter.StringValue:
		return len(iter.ReadString())
	case jsoniter.NumberValue:
		return len(iter.ReadNumber())
	case jsoniter.BoolValue:
		iter.ReadBool()
	default:
		iter.Skip()
	}
	return 1
}

// naiveMapPage is the straightforward mapping the product must beat by 3x.
func naiveMapPage(page []byte, observed time.Time) (plog.Logs, error) {
	var events []map[string]any
	if err := json.Unmarshal(page, &events); err != nil {
		return plog.Logs{}, err
	}
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	rl.Resource().Attributes().PutStr("auth0.tenant.domain", "acme.us.auth0.com")
	lrs := rl.ScopeLogs().AppendEmpty().LogRecords()
	obs := pcommon.NewTimestampFromTime(observed)
	for _, e := range events {
		lr := lrs.AppendEmpty()
		lr.SetObservedTimestamp(obs)
		if err := lr.Body().SetEmptyMap().FromRaw(e); err != nil {
			return plog.Logs{}, err
		}
		if s, ok := e["date"].(string); ok {
			if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
				lr.SetTimestamp(pcommon.NewTimestampFromTime(t))
			}
		}
		code, _ := e["type"].(string)
		lr.SetEventName("auth0." + code)
		entry, ok := catalog.Lookup(code)
		if !ok {
			u := catalog.Unknown(code)
			entry = &u
		}
		num, text, _ := parseSeverity(string(entry.Severity))
		lr.SetSeverityNumber(num)
		lr.SetSeverityText(text)
		a := lr.Attributes()
		put := func(k string, v any) {
			if s, ok := v.(string); ok && s != "" {
				a.PutStr(k, s)
			}
		}
		put("log.record.uid", e["log_id"])
		put("auth0.event.type", code)
		put("auth0.event.name", entry.Name)
		put("auth0.event.category", entry.Category)
		put("auth0.event.outcome", string(entry.Outcome))
		for src, dst := range map[string]string{
			"user_id": "user.id", "user_name": "user.name", "ip": "client.address", "user_agent": "user_agent.original",
			"hostname": "server.address", "client_id": "auth0.client.id", "client_name": "auth0.client.name",
			"connection": "auth0.connection.name", "connection_id": "auth0.connection.id", "strategy": "auth0.strategy",
			"strategy_type": "auth0.strategy_type", "audience": "auth0.audience", "organization_id": "auth0.organization.id",
			"organization_name": "auth0.organization.name",
		} {
			put(dst, e[src])
		}
		if loc, ok := e["location_info"].(map[string]any); ok {
			put("geo.country.iso_code", loc["country_code"])
			put("geo.locality.name", loc["city_name"])
			put("geo.continent.code", loc["continent_code"])
			if f, ok := loc["latitude"].(float64); ok {
				a.PutDouble("geo.location.lat", f)
			}
			if f, ok := loc["longitude"].(float64); ok {
				a.PutDouble("geo.location.lon", f)
			}
		}
		if sec, ok := e["security_context"].(map[string]any); ok {
			put("tls.client.ja3", sec["ja3"])
			put("tls.client.ja4", sec["ja4"])
		}
		switch s := e["scope"].(type) {
		case string:
			sl := a.PutEmptySlice("auth0.scope")
			for f := range strings.FieldsSeq(s) {
				sl.AppendEmpty().SetStr(f)
			}
		case []any:
			sl := a.PutEmptySlice("auth0.scope")
			for _, f := range s {
				if str, ok := f.(string); ok {
					sl.AppendEmpty().SetStr(str)
				}
			}
		}
		if v, ok := e["isMobile"].(bool); ok {
			a.PutBool("auth0.is_mobile", v)
		}
		if d, ok := e["details"].(map[string]any); ok {
			if req, ok := d["request"].(map[string]any); ok {
				if m, ok := req["method"].(string); ok {
					a.PutStr("http.request.method", strings.ToUpper(m))
				}
				put("url.path", req["path"])
			}
			if resp, ok := d["response"].(map[string]any); ok {
				if c, ok := resp["statusCode"].(float64); ok {
					a.PutInt("http.response.status_code", int64(c))
				}
			}
			if entry.Outcome == catalog.Failure {
				a.PutStr("error.type", code)
				if er, ok := d["error"].(map[string]any); ok {
					put("error.message", er["message"])
				}
			}
		}
	}
	return ld, nil
}
