package mapping

import (
	"strconv"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/xpdata"
)

// The second pass builds the pdata value of an event from the text the first pass validated.

// fill reads the value at the cursor into v: objects become maps (a repeated key keeps its last
// value, as encoding/json does), integers that fit int64 become ints, other numbers doubles,
// null an empty value. v is the value of source src of the attribute table (noSource when no
// attribute reads it): it is recorded, and so are the sources among its members.
func (sc *scanner) fill(v pcommon.Value, depth int, src int32) bool {
	c := sc.peek()
	if src != noSource {
		sc.setSource(src, v, c != 'n', c == '{')
	}
	switch c {
	case '{':
		if depth >= maxDepth {
			return sc.fail(sc.i, "nesting too deep")
		}
		n, mayRepeat := sc.size()
		return sc.fillMap(v.SetEmptyMap(), n, mayRepeat, depth+1, src)
	case '[':
		if depth >= maxDepth {
			return sc.fail(sc.i, "nesting too deep")
		}
		sl := v.SetEmptySlice()
		n, _ := sc.size()
		sl.EnsureCapacity(n)
		if sc.open(']') {
			return true
		}
		for {
			if !sc.fill(sl.AppendEmpty(), depth+1, noSource) {
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

// linearKeys is the size up to which an object's keys are compared one with another to find a
// repeated one; a larger object's are sorted (first pass) or indexed in a map (second pass), so
// building is linear whatever the size.
const linearKeys = 32

// fillMap reads an object of n members (cursor at '{') into m, the value of source src. The
// members are appended in their order without pcommon.Map's search for an existing key (linear
// per key, so quadratic per object). Only an object the first pass flagged (mayRepeat) looks for a
// repeated key, which keeps its first position and its last value, as pcommon.Map.PutEmpty does.
//
// A member's value is recorded as a source (fill) where it is appended: n is exact, so the
// builder's array never moves, and the map takes that array as it is (UnsafeIntoMap).
func (sc *scanner) fillMap(m pcommon.Map, n int, mayRepeat bool, depth int, src int32) bool {
	if sc.open('}') {
		return true
	}
	members := &noMembers
	if src != noSource {
		members = &sources[src].members
	}
	mb := sc.builder(depth)
	mb.EnsureCapacity(n) // n is exact: the values appended below never move
	base := len(sc.keys)
	var index map[string]int
	if mayRepeat && n > linearKeys {
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
		child := members.lookup(k)
		var v pcommon.Value
		if j := sc.keyAt(base, k, index, mayRepeat); j >= 0 {
			v = sc.vals[j]
			sc.forget(child)   // the sources read from the earlier value
			_ = v.FromRaw(nil) // empties it; never fails
		} else {
			v = mb.AppendEmpty(k)
			if mayRepeat {
				if index != nil {
					index[k] = len(sc.keys)
				}
				sc.keys = append(sc.keys, k)
				sc.vals = append(sc.vals, v)
			}
		}
		if !sc.fill(v, depth, child) {
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

// keyAt returns the index in sc.keys of key k when it is already a member of the object being
// filled (those of sc.keys from base on), else -1. Only an object that may repeat a key records
// its keys; any other has none to find.
func (sc *scanner) keyAt(base int, k string, index map[string]int, mayRepeat bool) int {
	switch {
	case !mayRepeat:
		return -1
	case index != nil:
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
