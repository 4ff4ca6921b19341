package mapping

import (
	"slices"
	"strings"
)

// Repeated keys. JSON allows an object to repeat a key; the body keeps its last value, at the
// place of its first (as pcommon.Map.PutEmpty does). The first pass finds the objects that may
// repeat one, so the second builds every other object (nearly all of them) by appending its
// members, with no search at all; only the flagged ones compare keys (build.go).

// objectKeys is the first pass's view of the keys of the object it is reading.
type objectKeys struct {
	base      int    // its first key in scanner.spans
	seen      uint64 // a bit per tag hash of its keys: a key whose bit is clear is new
	mayRepeat bool   // a key repeats, or an escaped key might equal another once decoded
}

// span is where a key's text lies in the input, without its quotes, and its tag.
type span struct {
	start, end int
	tag        uint32
}

// keyTag packs a key's length and its first and last bytes: keys whose tags differ differ, so most
// comparisons are one of integers.
func keyTag(k string) uint32 {
	if k == "" {
		return 0
	}
	return uint32(len(k))<<16 | uint32(k[0])<<8 | uint32(k[len(k)-1])
}

// beginKeys starts the keys of an object.
func (sc *scanner) beginKeys() objectKeys { return objectKeys{base: len(sc.spans)} }

// key reads and validates a member name in the first pass (the cursor at its quote), records it
// for the second, checks it against the object's earlier keys, and returns its value.
func (sc *scanner) key(o *objectKeys) (string, bool) {
	start := sc.i
	end, clean, ok := sc.scanStr()
	if !ok {
		return "", false
	}
	k := sc.s[start+1 : end]
	switch {
	case o.mayRepeat:
	case !clean:
		o.mayRepeat = true // the second pass compares the decoded keys
	case len(sc.spans)-o.base < linearKeys:
		tag := keyTag(k)
		if bit := uint64(1) << (tag * 0x9E3779B1 >> 26); o.seen&bit == 0 {
			o.seen |= bit
		} else {
			for _, sp := range sc.spans[o.base:] {
				if sp.tag == tag && sc.s[sp.start:sp.end] == k {
					o.mayRepeat = true
					break
				}
			}
		}
		sc.spans = append(sc.spans, span{start + 1, end, tag})
	default:
		sc.spans = append(sc.spans, span{start + 1, end, 0}) // checked at the end, sorted
	}
	if clean {
		return k, true
	}
	sc.i = start
	return sc.decodeStr()
}

// endKeys finishes an object's keys and reports whether it may repeat one. A large object's keys
// are sorted to find a repeat: n log n, without a map, whatever the size.
func (sc *scanner) endKeys(o *objectKeys) bool {
	keys := sc.spans[o.base:]
	if !o.mayRepeat && len(keys) > linearKeys {
		text := func(sp span) string { return sc.s[sp.start:sp.end] }
		slices.SortFunc(keys, func(a, b span) int { return strings.Compare(text(a), text(b)) })
		for i := 1; i < len(keys); i++ {
			if text(keys[i]) == text(keys[i-1]) {
				o.mayRepeat = true
				break
			}
		}
	}
	sc.spans = sc.spans[:o.base]
	return o.mayRepeat
}
