package mapping

import (
	"strconv"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// fill reads the value at the cursor into v: objects become maps (a repeated key keeps its last
// value, as encoding/json does), integers that fit int64 become ints, other numbers doubles,
// null an empty value.
func (sc *scanner) fill(v pcommon.Value, depth int) bool {
	switch c := sc.peek(); c {
	case '{':
		if depth >= maxDepth {
			return sc.fail(sc.i, "nesting too deep")
		}
		m := v.SetEmptyMap()
		m.EnsureCapacity(sc.size())
		return sc.fillMap(m, depth+1)
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
			if !sc.fill(sl.AppendEmpty(), depth+1) {
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

// fillMap reads an object (cursor at '{') into m.
func (sc *scanner) fillMap(m pcommon.Map, depth int) bool {
	if sc.open('}') {
		return true
	}
	for {
		if sc.peek() != '"' {
			return sc.unexpected()
		}
		k, ok := sc.str()
		if !ok || !sc.expect(':') || !sc.fill(m.PutEmpty(k), depth) {
			return false
		}
		more, ok := sc.next('}')
		if !more {
			return ok
		}
	}
}
