package mapping

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// foundSources is what the attributes are written from: per source, its value in the record
// (nil when absent or null), and the bound of the record's attributes.
type foundSources struct {
	values    []any
	leaves    int
	notObject bool
}

func snapshotSources(sc *scanner) foundSources {
	f := foundSources{values: make([]any, len(sources)), leaves: sc.leaves, notObject: sc.notObject}
	for s := range sources {
		if v := sc.source(int32(s)); v.Type() != pcommon.ValueTypeEmpty {
			f.values[s] = v.AsRaw()
		}
	}
	return f
}

// checkSourcesWhileBuilding builds one event (the JSON text of any value) and checks that the
// sources recorded while its body was built are those a walk of the built body finds, as the
// attributes of a body changed by the PII redactor are found.
func checkSourcesWhileBuilding(tb testing.TB, event []byte) {
	tb.Helper()
	sc := new(scanner)
	sc.reset(string(event))
	sc.lim = Limits{}.withDefaults()
	it, ok := sc.skimEvent()
	require.True(tb, ok, "%s: %v", event, sc.err)
	body := pcommon.NewValueEmpty()
	sc.i, sc.nextSize, sc.nextEnd = it.start, it.size, it.strs
	sc.newRecord(body)
	require.True(tb, sc.fill(body, 1, rootSource), "%s: %v", event, sc.err)
	built := snapshotSources(sc)
	sc.relocate(body)
	walked := snapshotSources(sc)
	assert.Equal(tb, walked.values, built.values, "%s: the sources", event)
	assert.Equal(tb, walked.leaves, built.leaves, "%s: the sources with a value", event)
	// A repeated key may leave the flag set for a value replaced by an object: it only costs a
	// walk of the parents then.
	assert.False(tb, walked.notObject && !built.notObject, "%s: a source that is not an object", event)
}

func TestSourcesWhileBuilding(t *testing.T) {
	for _, name := range goldenEvents {
		checkSourcesWhileBuilding(t, compact(t, readEvent(t, name)))
	}
	for _, ev := range signalEvents(t) {
		checkSourcesWhileBuilding(t, compact(t, ev))
	}
	for _, ev := range []string{
		`"not an object"`, `null`, `{}`, `[{"ip":"1.2.3.4"}]`,
		`{"ip":null,"client_ip":"5.6.7.8","details":null}`,
		`{"ip":"1.2.3.4","ip":"5.6.7.8"}`, // the last value of a repeated key
		`{"ip":"1.2.3.4","ip":null}`,      // a repeat that is null: no value
		`{"details":{"request":{"method":"get","path":"/x"}},"details":{"error":"boom"}}`,
		`{"details":{"error":"boom"},"details":{"error":{"message":"m"}}}`,
		`{"details":{"request":{"method":"get","method":"post","method":{"a":1}}}}`,
		`{"location_info":"here","security_context":7,"references":[1]}`,
		`{"details":{"response":"text","request":{"auth":{"user":{"name":"n","name":"m"}}}}}`,
		`{"user_id":{"nested":"object"},"scope":["a","b"],"isMobile":"true"}`,
		`{"\u0069p":"1.2.3.4","ip":"5.6.7.8"}`, // an escaped key that repeats once decoded
	} {
		checkSourcesWhileBuilding(t, []byte(ev))
	}
	// Objects large enough that their repeated keys are found through a map.
	obj, _ := bigObject(linearKeys+8, 0, 3)
	checkSourcesWhileBuilding(t, []byte(`{"details":`+obj+`,"details":{"request":{"path":"/p"}}}`))
	details := `{"request":{"path":"/a","method":"get"},` + obj[1:len(obj)-1] + `,"request":{"path":"/b"}}`
	checkSourcesWhileBuilding(t, []byte(`{"ip":"1.2.3.4","details":`+details+`}`))
}
