package mapping

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lines joins n copies of item with newlines: a JSON-lines Log Streams body.
func lines(item string, n int) string {
	return strings.TrimSuffix(strings.Repeat(item+"\n", n), "\n")
}

// members returns n members "k0".."k(n-1)" with the given value, comma-separated.
func members(n int, value string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`"k%d":%s`, i, value)
	}
	return strings.Join(parts, ",")
}

// elements returns n copies of value, comma-separated.
func elements(n int, value string) string {
	return strings.TrimSuffix(strings.Repeat(value+",", n), ",")
}

func TestStreamLimits(t *testing.T) {
	m := newTestMapper(t, Options{Limits: Limits{MaxEvents: 3, MaxMembers: 4, MaxValues: 20}})
	item := `{"log_id":"1","data":{"type":"s"}}` // 4 values: the envelope, its id, data, type
	for _, tt := range []struct {
		name, body string
		over       string // the limit exceeded, "" when the body is within them
	}{
		{"3 events", lines(item, 3), ""},
		{"4 events", lines(item, 4), "MaxEvents"},
		{"4 events in an array", "[" + strings.Join([]string{item, item, item, item}, ",") + "]", "MaxEvents"},
		{"4 members", `{"data":{` + members(4, "1") + `}}`, ""},
		{"5 members", `{"data":{` + members(5, "1") + `}}`, "MaxMembers"},
		{"5 members in a nested object", `{"data":{"a":{"b":{` + members(5, "1") + `}}}}`, "MaxMembers"},
		{"5 elements", `{"data":{"a":[` + elements(5, "1") + `]}}`, "MaxMembers"},
		{"5 members in the envelope", `{"log_id":"1","data":{},"x":1,"y":2,"z":3}`, "MaxMembers"},
		{"20 values", `{"data":{"a":[1,2,3],"b":[` + elements(4, `"s"`) + `],"c":[[],{},null,true]},"log_id":"9"}` + "\n" + `{"data":{"d":[]}}`, ""},
		{"21 values", `{"data":{"a":[1,2,3],"b":[` + elements(4, `"s"`) + `],"c":[[],{},null,true]},"log_id":"9"}` + "\n" + `{"data":{"d":[1]}}`, "MaxValues"},
		{"21 values, the last a date", `{"data":{"a":[1,1,1,1],"b":[1,1,1,1],"c":[[1,1,1,1],[1]],"date":1}}`, "MaxValues"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			called := false
			b, err := m.MapStream([]byte(tt.body), Params{Observed: testObserved, Keep: func(string) bool { called = true; return true }})
			if tt.over == "" {
				require.NoError(t, err)
				assert.Positive(t, b.Logs.LogRecordCount())
				return
			}
			var limit *LimitError
			require.ErrorAs(t, err, &limit)
			assert.Equal(t, tt.over, limit.Limit)
			assert.Equal(t, map[string]int{"MaxEvents": 3, "MaxMembers": 4, "MaxValues": 20}[tt.over], limit.Value)
			assert.False(t, called, "keep must not see a body over a limit")
			assert.Zero(t, b.Logs.LogRecordCount())
		})
	}
}

func TestLimitErrorText(t *testing.T) {
	assert.EqualError(t, &LimitError{Limit: "MaxEvents", Value: 25000}, "more than 25000 events in one body (mapping limit MaxEvents)")
}

// API pages are bounded by their values only (a page holds at most 100 events, and one event may
// carry a long list); a page over MaxValues is a *LimitError that delivers nothing.
func TestPagesAreBoundedByTheirValues(t *testing.T) {
	m := newTestMapper(t, Options{Limits: Limits{MaxEvents: 1, MaxMembers: 1, MaxValues: 20}})
	b, err := m.MapPage([]byte(`[{"type":"s","a":[1,2,3]},{"type":"s"}]`), Params{Observed: testObserved})
	require.NoError(t, err)
	assert.Equal(t, 2, b.Logs.LogRecordCount())
	b, err = m.MapPage([]byte(`[{"type":"s","a":[1,2,3,4,5,6,7,8,9,10]},{"type":"s","a":[1,2,3,4,5,6,7,8,9,10]}]`),
		Params{Observed: testObserved, Keep: func(string) bool { t.Fatal("Keep called"); return true }})
	var le *LimitError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "MaxValues", le.Limit)
	assert.Zero(t, b.Logs.LogRecordCount())
}

func TestLimitDefaults(t *testing.T) {
	assert.Equal(t, Limits{MaxEvents: DefaultMaxEvents, MaxMembers: DefaultMaxMembers, MaxValues: DefaultMaxValues}, Limits{}.withDefaults())
	assert.Equal(t, Limits{MaxEvents: 7, MaxMembers: DefaultMaxMembers, MaxValues: 9}, Limits{MaxEvents: 7, MaxValues: 9}.withDefaults())
}

// heapBound is what one Log Streams body may allocate at the default limits: 25,000 records and a
// million values cost at most 160 MiB measured (the worst shape: many events of many empty
// objects; pdata's objects are 60 to 170 bytes a value), about three times what 10 MiB of real
// Auth0 events cost (some 6 KB a record).
const heapBound = 200 << 20

// refusedBound is what a body over a limit may allocate before it is refused: the first pass's
// bookkeeping (about 150 bytes an event) and one copy of the body, never a record.
const refusedBound = 40 << 20

// allocated returns the bytes the heap allocated while f ran.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// The bodies that cost most at the default limits stay under heapBound, and the hostile bodies
// that once became millions of records (2 MiB of "{}" lines: 699,000 records, 932 MiB; 10 MiB:
// 3.5 million records, 6.9 GB) are refused for about the cost of reading them.
func TestHeapAtTheDefaultLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("maps bodies of up to 10 MiB")
	}
	m := newTestMapper(t, Options{})
	const big = DefaultMaxValues/DefaultMaxMembers - 1 // objects or arrays of the most members
	objects := `{"data":{"o":[` + elements(big, "{"+members(DefaultMaxMembers-1, "0")+"}") + `]}}`
	arrays := `{"data":{"a":[` + elements(big, "["+elements(DefaultMaxMembers-1, "0")+"]") + `]}}`
	for _, tt := range []struct {
		name, body string
		records    int
		bound      uint64
	}{
		{"the most events, empty", lines("{}", DefaultMaxEvents), DefaultMaxEvents, heapBound},
		{"the most events and values, empty objects", lines(`{"data":{`+members(DefaultMaxValues/DefaultMaxEvents-3, "{}")+`}}`, DefaultMaxEvents), DefaultMaxEvents, heapBound},
		{"the most values, in the largest arrays", arrays, 1, heapBound},
		{"the most values, in the largest objects", objects, 1, heapBound},
		{"2 MiB of {} lines", strings.Repeat("{}\n", 2<<20/3), 0, refusedBound},
		{"10 MiB of {} lines", strings.Repeat("{}\n", 10<<20/3), 0, refusedBound},
		{"an array of too many members", `{"data":{"a":[` + elements(DefaultMaxValues-4, "0") + `]}}`, 0, refusedBound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b Batch
			var err error
			n := allocated(func() { b, err = m.MapStream([]byte(tt.body), Params{Observed: testObserved}) })
			t.Logf("%d KiB body: %.1f MiB allocated, %d records, err %v", len(tt.body)>>10, float64(n)/(1<<20), b.Logs.LogRecordCount(), err)
			if tt.records == 0 {
				var limit *LimitError
				require.ErrorAs(t, err, &limit)
			} else {
				require.NoError(t, err)
				assert.Equal(t, tt.records, b.Logs.LogRecordCount())
			}
			assert.LessOrEqual(t, n, tt.bound)
		})
	}
}
