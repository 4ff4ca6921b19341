package mapping

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// seedCorpus adds the golden events as pages and stream bodies, plus small awkward inputs.
func seedCorpus(f *testing.F, wrap func([]byte) []byte) {
	for _, name := range goldenEvents {
		f.Add(wrap(compact(f, readEvent(f, name))))
	}
	for _, ev := range signalEvents(f) { // the signals' paths: method, path, request and response bodies
		f.Add(wrap(compact(f, ev)))
	}
	for _, s := range []string{
		`[]`, `[{}]`, `[1,"a",null,true,[]]`, `[{"type":"s","scope":"a b","isMobile":"true"}]`,
		`[{"s":"\ud83d\ude00\ud800\u00e9"}]`, "[{\"s\":\"\xff\"}]", `[{"n":1e400,"m":-0,"k":12345678901234567890}]`,
		`{"log_id":"1","data":{"type":"fp"}}` + "\n" + `{"log_id":"2","data":{"type":"s"}}`,
	} {
		f.Add([]byte(s))
	}
}

// FuzzMapPage: any bytes give either an error or a batch whose records do not outnumber the
// events, never a panic; well-formed arrays are accepted exactly when encoding/json accepts them,
// every body equals encoding/json's reading of its element, and the sources of its attributes
// found while it was built are those a walk of the body finds.
func FuzzMapPage(f *testing.F) {
	seedCorpus(f, func(b []byte) []byte { return pageOf(b) })
	// Unbounded, so that an error means invalid JSON (FuzzMapStream explores the limits).
	unbounded := Limits{MaxEvents: math.MaxInt, MaxMembers: math.MaxInt, MaxValues: math.MaxInt}
	m := New(Options{Domain: "acme.us.auth0.com", Signals: defaultSignals(f), Limits: unbounded})
	f.Fuzz(func(t *testing.T, data []byte) {
		calls := 0
		b, err := m.MapPage(data, Params{Observed: time.Unix(0, 0), Keep: func(string) bool { calls++; return true }})
		trimmed := bytes.TrimLeft(data, " \t\r\n")
		wantOK := json.Valid(data) && len(trimmed) > 0 && trimmed[0] == '['
		if (err == nil) != wantOK {
			t.Fatalf("MapPage error = %v, encoding/json valid array = %v", err, wantOK)
		}
		var syntax *SyntaxError
		if err != nil && !errors.As(err, &syntax) {
			t.Fatalf("MapPage error %v is not a SyntaxError", err)
		}
		if err != nil {
			if calls != 0 || b.Logs.LogRecordCount() != 0 {
				t.Fatalf("failed page delivered %d records after %d keep calls", b.Logs.LogRecordCount(), calls)
			}
			return
		}
		n := b.Logs.LogRecordCount()
		if n > b.Events || calls != b.Events || b.Filtered+b.Duplicates+n != b.Events {
			t.Fatalf("records %d, events %d, keep calls %d, filtered %d, duplicates %d", n, b.Events, calls, b.Filtered, b.Duplicates)
		}
		var elems []json.RawMessage
		if err := json.Unmarshal(data, &elems); err != nil {
			t.Fatal(err)
		}
		if len(elems) != n {
			t.Fatalf("%d elements, %d records", len(elems), n)
		}
		lrs := records(b)
		for i, e := range elems {
			want := testutil.Body(t, e).AsRaw()
			if got := lrs.At(i).Body().AsRaw(); !reflect.DeepEqual(want, got) {
				t.Fatalf("element %d: body %#v, want %#v", i, got, want)
			}
			checkSourcesWhileBuilding(t, e)
		}
	})
}

// fuzzLimits are small, so that the fuzzer reaches every limit.
var fuzzLimits = Limits{MaxEvents: 8, MaxMembers: 16, MaxValues: 256}

// FuzzMapStream: no panic, records never outnumber events, an error (malformed, or over a limit)
// delivers nothing and calls keep for nothing.
func FuzzMapStream(f *testing.F) {
	seedCorpus(f, func(b []byte) []byte { return []byte(`{"log_id":"x","data":` + string(b) + "}\n") })
	item := `{"log_id":"1","data":{"type":"s"}}`
	for _, s := range []string{
		strings.Repeat(item+"\n", fuzzLimits.MaxEvents),
		strings.Repeat(item+"\n", fuzzLimits.MaxEvents+1),
		"[" + strings.Repeat(item+",", fuzzLimits.MaxEvents) + item + "]",
		`{"data":{"a":[` + strings.Repeat("0,", fuzzLimits.MaxMembers) + `0]}}`,
		`{"data":{` + strings.Repeat(`"k":0,`, fuzzLimits.MaxMembers) + `"k":1}}`,
		`{"data":{"a":[` + strings.Repeat("[0,0,0,0,0,0,0,0,0,0],", 25) + `[]]}}`,
	} {
		f.Add([]byte(s))
	}
	m := New(Options{Domain: "acme.us.auth0.com", Limits: fuzzLimits})
	f.Fuzz(func(t *testing.T, data []byte) {
		calls := 0
		b, err := m.MapStream(data, Params{Observed: time.Unix(0, 0), Keep: func(string) bool { calls++; return calls%2 == 0 }})
		var syntax *SyntaxError
		var limit *LimitError
		if err != nil && !errors.As(err, &syntax) && !errors.As(err, &limit) {
			t.Fatalf("MapStream error %v is neither a SyntaxError nor a LimitError", err)
		}
		if err != nil {
			if calls != 0 || b.Logs.LogRecordCount() != 0 {
				t.Fatalf("failed body delivered %d records after %d keep calls", b.Logs.LogRecordCount(), calls)
			}
			return
		}
		if n := b.Logs.LogRecordCount(); n > b.Events || n+b.Duplicates+b.Filtered != b.Events {
			t.Fatalf("records %d, events %d", n, b.Events)
		}
	})
}
