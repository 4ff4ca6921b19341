package mapping

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
)

func TestAttributeTableIsWellFormed(t *testing.T) {
	keys := map[string]bool{}
	for i := range attributes {
		a := &attributes[i]
		require.NotNil(t, a.as, "row %d (%q): no conversion", i, a.key)
		switch {
		case a.key == "":
			assert.NotEmpty(t, a.as.target, "row %d: neither a key nor a target", i)
		case keys[a.key]:
			t.Errorf("row %d: key %q twice", i, a.key)
		}
		keys[a.key] = true
		if a.write == nil {
			assert.NotEmpty(t, a.from, "plain row %q has no source", a.key)
		} else {
			assert.NotEmpty(t, a.doc, "row %q is written in code: its doc must say where it comes from", a.key)
		}
		require.Len(t, a.srcs, len(a.paths()), a.key)
		for j, p := range a.paths() {
			require.GreaterOrEqual(t, a.srcs[j], int32(0), "%s: source %q not in the tree", a.key, p)
			assert.Equal(t, p, sources[a.srcs[j]].path, a.key)
		}
	}
	assert.Equal(t, attrMappingError, attributes[len(attributes)-1].key, "the notes of every other row are written last")
}

// sample is, per conversion, a source value and the attribute it gives.
var sample = map[*conversion]struct {
	json string
	want any
}{
	asString:  {`"v1"`, "v1"},
	asStrings: {`"a b"`, []any{"a", "b"}},
	asDouble:  {`"1.5"`, 1.5},
	asInt:     {`"201"`, int64(201)},
	asBool:    {`"true"`, true},
	asMethod:  {`"patch"`, "PATCH"},
	asChannel: {`"https://manage.auth0.com/"`, "dashboard"},
	asTraceID: {`"4bf92f3577b34da6a3ce929d0e0e4736"`, "4bf92f3577b34da6a3ce929d0e0e4736"},
	asSpanID:  {`"00f067aa0ba902b7"`, "00f067aa0ba902b7"},
}

// eventWith returns an event (a failure, so that every row applies) with the given fields set,
// each a dotted path and its JSON value.
func eventWith(t *testing.T, fields map[string]string) string {
	t.Helper()
	ev := map[string]any{"type": "f", "date": "2024-01-01T00:00:00Z"}
	for path, val := range fields {
		obj := ev
		names := strings.Split(path, ".")
		for _, n := range names[:len(names)-1] {
			next, ok := obj[n].(map[string]any)
			if !ok {
				next = map[string]any{}
				obj[n] = next
			}
			obj = next
		}
		obj[names[len(names)-1]] = json.RawMessage(val)
	}
	b, err := json.Marshal(ev)
	require.NoError(t, err)
	return string(b)
}

// got returns what row a wrote on lr.
func got(t *testing.T, lr plog.LogRecord, a *attribute) any {
	switch a.as {
	case asTraceID:
		if lr.TraceID().IsEmpty() {
			return nil
		}
		return lr.TraceID().String()
	case asSpanID:
		if lr.SpanID().IsEmpty() {
			return nil
		}
		return lr.SpanID().String()
	}
	return attr(t, lr, a.key)
}

// Every plain row of the table reads each of its sources, and an earlier source wins over a
// later one.
func TestEveryRowReadsItsSources(t *testing.T) {
	m := newTestMapper(t, Options{})
	for i := range attributes {
		a := &attributes[i]
		if a.write != nil {
			continue
		}
		s, ok := sample[a.as]
		require.True(t, ok, "no sample for the conversion of %q", a.key)
		paths := a.paths()
		for j, p := range paths {
			lr := mapOne(t, m, eventWith(t, map[string]string{p: s.json}))
			assert.Equal(t, s.want, got(t, lr, a), "%s from %s alone", a.key, p)
			assert.Nil(t, attr(t, lr, attrMappingError), "%s from %s", a.key, p)
			if j > 0 {
				lr = mapOne(t, m, eventWith(t, map[string]string{paths[0]: s.json, p: `"other"`}))
				assert.Equal(t, s.want, got(t, lr, a), "%s: %s wins over %s", a.key, paths[0], p)
			}
		}
	}
}

// A source written twice in an event is read from its last value, as the body keeps it.
func TestRepeatedMemberIsReadFromItsLastValue(t *testing.T) {
	m := newTestMapper(t, Options{})
	lr := mapOne(t, m, `{"type":"s","date":"2024-01-01T00:00:00Z","user_id":"first","location_info":{"city_name":"Paris"},`+
		`"user_id":"last","location_info":{"country_code":"NL"}}`)
	assert.Equal(t, "last", attr(t, lr, "user.id"))
	assert.Equal(t, "NL", attr(t, lr, "geo.country.iso_code"))
	assert.Nil(t, attr(t, lr, "geo.locality.name"), "the first location_info is gone from the body, and so is its city")
	assert.Equal(t, map[string]any{"country_code": "NL"}, lr.Body().Map().AsRaw()["location_info"])
}
