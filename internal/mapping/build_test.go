package mapping

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// bigObject returns an object of n distinct keys k0..k(n-1), then the keys of repeat again with
// the value -1, and the order of the keys in a map built from it.
func bigObject(n int, repeat ...int) (string, []string) {
	var b strings.Builder
	var order []string
	b.WriteByte('{')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		k := "k" + strconv.Itoa(i)
		order = append(order, k)
		b.WriteString(`"` + k + `":` + strconv.Itoa(i))
	}
	for _, r := range repeat {
		b.WriteString(`,"k` + strconv.Itoa(r) + `":-1`)
	}
	b.WriteByte('}')
	return b.String(), order
}

// Objects of every size keep their members in order, and a repeated key keeps its first position
// and its last value, on both sides of the size where repeated keys are found through a map.
func TestObjectsOfAnySize(t *testing.T) {
	m := newTestMapper(t, Options{})
	for _, n := range []int{1, 2, linearKeys - 1, linearKeys, linearKeys + 1, 1000, 40000} {
		obj, order := bigObject(n, 0, n-1, n/2, 0)
		event := `{"type":"s","big":` + obj + `,"nested":{"in":` + obj + `}}`
		lr := mapOne(t, m, event)
		require.Equal(t, testutil.Body(t, []byte(event)).AsRaw(), lr.Body().AsRaw(), "n=%d", n)
		escaped := `{"type":"s","big":` + strings.Replace(obj, `"k1":`, `"\u006b1":`, 1) + `}`
		require.Equal(t, testutil.Body(t, []byte(escaped)).AsRaw(), mapOne(t, m, escaped).Body().AsRaw(), "n=%d, an escaped key", n)
		big, ok := lr.Body().Map().Get("big")
		require.True(t, ok)
		var keys []string
		for k := range big.Map().All() {
			keys = append(keys, k)
		}
		assert.Equal(t, order, keys, "n=%d: source order, a repeated key at its first place", n)
		v, _ := big.Map().Get("k0")
		assert.Equal(t, int64(-1), v.Int(), "n=%d: the last value", n)
	}
}

// BenchmarkBigObject maps one event holding an object of 40,000 keys: linear in the size of the
// object (pcommon.Map.PutEmpty would search the keys before each one).
func BenchmarkBigObject(b *testing.B) {
	obj, _ := bigObject(40000)
	page := []byte(`[{"type":"s","date":"2024-01-01T00:00:00Z","big":` + obj + `}]`)
	m := newTestMapper(b, Options{})
	b.ReportAllocs()
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := m.MapPage(page, Params{Observed: testObserved}); err != nil {
			b.Fatal(err)
		}
	}
}
