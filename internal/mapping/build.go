package mapping

import (
	"strconv"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// The second pass builds the pdata value of an event from the text the first pass validated, and
// records the values of the attribute table's source fields on the way (scanner.found).

// fill reads the value at the cursor into v: objects become maps (a repeated key keeps its last
// value, as encoding/json does), integers that fit int64 become ints, other numbers doubles,
// null an empty value. at is v's source in the attribute table, -1 when it is none.
func (sc *scanner) fill(v pcommon.Value, depth int, at int32) bool {
	switch c := sc.peek(); c {
	case '{':
		if depth >= maxDepth {
			return sc.fail(sc.i, "nesting too deep")
		}
		m := v.SetEmptyMap()
		m.EnsureCapacity(sc.size())
		return sc.fillMap(m, depth+1, at)
	case '[':
		if depth >= maxDepth {
			return sc.fail(sc.i, "nesting too deep")
		}
		sl := v.SetEmptySlice()
		sl.EnsureCapacity(sc.size())
		if sc.open(']') {
			return true
		}
		for {
			if !sc.fill(sl.AppendEmpty(), depth+1, -1) {
				return false
			}
			more, ok := sc.next(']')
			if !more {
				return ok
			}
		}
	case '"':
		s, ok := sc.str()
		v.SetStr(s)
		return ok
	case 't':
		v.SetBool(true)
		return sc.literal("true")
	case 'f':
		v.SetBool(false)
		return sc.literal("false")
	case 'n':
		return sc.literal("null")
	default:
		text, isInt, ok := sc.number()
		if !ok {
			return false
		}
		if isInt {
			if n, err := strconv.ParseInt(text, 10, 64); err == nil {
				v.SetInt(n)
				return true
			}
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			// Beyond float64 (1e999): keep the digits rather than an infinity no exporter can encode.
			v.SetStr(text)
			sc.note("number out of range: " + text)
			return true
		}
		v.SetDouble(f)
		return true
	}
}

// fillMap reads an object (cursor at '{') into m; at is its source, -1 when it is none.
func (sc *scanner) fillMap(m pcommon.Map, depth int, at int32) bool {
	if sc.open('}') {
		return true
	}
	var src *source
	if at >= 0 {
		src = &sources[at]
	}
	for {
		if sc.peek() != '"' {
			return sc.unexpected()
		}
		k, ok := sc.str()
		if !ok || !sc.expect(':') {
			return false
		}
		c := int32(-1)
		if src != nil {
			c = src.child(k)
		}
		var v pcommon.Value
		if c < 0 {
			v = m.PutEmpty(k)
		} else {
			n := m.Len()
			v = m.PutEmpty(k)
			if m.Len() == n {
				sc.forget(c) // a repeated member: what was found under the earlier one is gone
			}
			sc.found[c] = foundValue{v: v, gen: sc.gen}
		}
		if !sc.fill(v, depth, c) {
			return false
		}
		more, ok := sc.next('}')
		if !more {
			return ok
		}
	}
}

// foundValue is the value of a source in the record of generation gen.
type foundValue struct {
	v   pcommon.Value
	gen uint32
}

// newRecord forgets the sources found in the last record and sets the event's own.
func (sc *scanner) newRecord(body pcommon.Value) {
	sc.gen++
	if sc.gen == 0 { // wrapped: entries from 2^32 records ago would look current
		clear(sc.found)
		sc.gen = 1
	}
	sc.found[rootSource] = foundValue{v: body, gen: sc.gen}
}

// source returns the value of source s in the record being built, absent when it has none.
func (sc *scanner) source(s int32) pcommon.Value {
	if f := &sc.found[s]; f.gen == sc.gen {
		return f.v
	}
	return absent
}

// forget drops source s and what was found under it.
func (sc *scanner) forget(s int32) {
	for i := s; i < sources[s].end; i++ {
		sc.found[i].gen = 0
	}
}
