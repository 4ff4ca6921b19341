package mapping

import (
	"strconv"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/xpdata"
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
		return sc.fillMap(v.SetEmptyMap(), sc.size(), depth+1, at)
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

// linearKeys is the size up to which an object's repeated keys are found by comparing each key
// with the ones before it; a larger object indexes its keys in a map, so building is linear
// whatever its size.
const linearKeys = 32

// fillMap reads an object of n members (cursor at '{') into m; at is its source, -1 when it is
// none. The members are appended in their order without pcommon.Map's search for an existing key
// (linear per key, so quadratic per object); a repeated key keeps its first position and its last
// value, as pcommon.Map.PutEmpty does.
func (sc *scanner) fillMap(m pcommon.Map, n, depth int, at int32) bool {
	if sc.open('}') {
		return true
	}
	var src *source
	if at >= 0 {
		src = &sources[at]
	}
	mb := sc.builder(depth)
	mb.EnsureCapacity(n) // n is exact: the values appended below never move
	base := len(sc.keys)
	var index map[string]int
	if n > linearKeys {
		index = sc.keyIndex(depth, n)
	}
	for {
		if sc.peek() != '"' {
			*mb = xpdata.MapBuilder{}
			return sc.unexpected()
		}
		k, ok := sc.str()
		if !ok || !sc.expect(':') {
			*mb = xpdata.MapBuilder{}
			return false
		}
		c := int32(-1)
		if src != nil {
			c = src.child(k)
		}
		var v pcommon.Value
		if j := sc.keyAt(base, k, index); j >= 0 {
			v = sc.vals[j]
			_ = v.FromRaw(nil) // empties it; never fails
			if c >= 0 {
				sc.forget(c) // what was found under the earlier value is gone
			}
		} else {
			v = mb.AppendEmpty(k)
			if index != nil {
				index[k] = len(sc.keys)
			}
			sc.keys = append(sc.keys, k)
			sc.vals = append(sc.vals, v)
		}
		if c >= 0 {
			sc.found[c] = foundValue{v: v, gen: sc.gen}
		}
		if !sc.fill(v, depth, c) {
			*mb = xpdata.MapBuilder{}
			return false
		}
		more, ok := sc.next('}')
		if !more {
			sc.keys, sc.vals = sc.keys[:base], sc.vals[:base]
			mb.UnsafeIntoMap(m) // the keys are distinct
			return ok
		}
	}
}

// keyAt returns the index in sc.keys of key k among the members of the object being filled
// (those from base on), -1 when it is new.
func (sc *scanner) keyAt(base int, k string, index map[string]int) int {
	if index != nil {
		if j, ok := index[k]; ok {
			return j
		}
		return -1
	}
	for j := base; j < len(sc.keys); j++ {
		if sc.keys[j] == k {
			return j
		}
	}
	return -1
}

// keyIndex returns an empty map for the keys of an object of n members at nesting depth depth.
// The map of a depth is reused unless it is far larger than needed: clearing costs its size.
func (sc *scanner) keyIndex(depth, n int) map[string]int {
	for len(sc.indexes) <= depth {
		sc.indexes = append(sc.indexes, keyIndex{})
	}
	ix := &sc.indexes[depth]
	if ix.m == nil || ix.size < n || ix.size > 4*n {
		ix.m, ix.size = make(map[string]int, n), n
	} else {
		clear(ix.m)
	}
	return ix.m
}

// keyIndex is a reusable map of an object's keys to their index in scanner.keys, made for
// objects of size members.
type keyIndex struct {
	m    map[string]int
	size int
}

// builder returns the map builder of nesting depth depth: an object's members are appended to
// it while its members' own objects use the next depths.
func (sc *scanner) builder(depth int) *xpdata.MapBuilder {
	for len(sc.builders) <= depth {
		sc.builders = append(sc.builders, new(xpdata.MapBuilder))
	}
	return sc.builders[depth]
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
