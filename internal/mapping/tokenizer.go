package mapping

import (
	"fmt"
	"math"
	"math/bits"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/xpdata"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
)

// maxDepth bounds nesting like encoding/json does, so hostile input cannot exhaust the stack.
const maxDepth = 10000

// scanner is a strict JSON reader (RFC 8259) over a string. It builds pdata values straight from
// the text: a string without escapes becomes a substring of the source, so a page is copied once
// and its records share that copy instead of allocating every string. Invalid UTF-8 and lone
// surrogates become U+FFFD, as encoding/json does, so every string is valid UTF-8 for OTLP.
type scanner struct {
	s   string
	i   int
	err error
	buf []byte // unescaping scratch

	notes []string // problems of the record being built (auth0.mapping.error)
	items []item   // the first pass's result, kept for reuse

	// found holds, per source of the attribute table, its value in the record being built: an
	// entry of an earlier record (another gen) is absent. attrs writes the attributes from it.
	found     []foundValue
	gen       uint32
	leaves    int  // sources without members that have a value: a bound of the record's attributes
	notObject bool // a source with members has a value that is not an object
	attrs     attrWriter

	unknown      codeInfo      // the facts of the last code not in the catalog
	unknownEntry catalog.Entry // and its entry

	lim    Limits // what the input may hold
	values int    // values the first pass has read

	// The second pass's stacks: the keys and values of the objects being filled, outermost
	// first, and a map builder per nesting depth.
	keys     []string
	vals     []pcommon.Value
	spans    []span // the first pass's stack of the keys of the objects it is reading
	builders []*xpdata.MapBuilder
	indexes  []keyIndex // per nesting depth, for objects of more than linearKeys members

	// sizes holds the member count of every object and array in the order they open; the first
	// pass writes it and the second sizes each pdata map and slice once instead of growing it.
	sizes    []int32
	nextSize int // next entry of sizes for the second pass

	// ends holds, for every string in the order they appear, the offset of its closing quote when
	// its text is its value (no escape, valid UTF-8), else -1: the second pass then takes most
	// strings as substrings without reading them again.
	ends    []int32
	nextEnd int
}

func (sc *scanner) reset(s string) {
	if len(sc.found) != len(sources) {
		sc.found = make([]foundValue, len(sources))
	}
	// The pooled scanner must not keep the last input alive.
	clear(sc.found)
	clear(sc.keys[:cap(sc.keys)])
	clear(sc.vals[:cap(sc.vals)])
	sc.keys, sc.vals, sc.spans = sc.keys[:0], sc.vals[:0], sc.spans[:0]
	for i := range sc.indexes {
		clear(sc.indexes[i].m)
	}
	sc.unknown = codeInfo{}
	sc.s, sc.i, sc.err, sc.values = s, 0, nil, 0
	sc.notes = sc.notes[:0]
	sc.sizes = sc.sizes[:0]
	sc.nextSize = 0
	sc.ends = sc.ends[:0]
	sc.nextEnd = 0
}

// fail records the first error and returns false so callers can `return sc.fail(...)`.
func (sc *scanner) fail(off int, msg string) bool {
	if sc.err == nil {
		sc.err = &SyntaxError{Offset: off, Msg: msg}
	}
	return false
}

func (sc *scanner) unexpected() bool {
	if sc.i >= len(sc.s) {
		return sc.fail(sc.i, "unexpected end of input")
	}
	return sc.fail(sc.i, fmt.Sprintf("unexpected character %q", sc.s[sc.i]))
}

func (sc *scanner) skipWS() {
	for sc.i < len(sc.s) {
		// Every JSON whitespace byte is at most ' ', so one compare settles compact input.
		if c := sc.s[sc.i]; c > ' ' || (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
			return
		}
		sc.i++
	}
}

// peek returns the byte at the cursor, 0 at the end.
func (sc *scanner) peek() byte {
	if sc.i < len(sc.s) {
		return sc.s[sc.i]
	}
	return 0
}

// expect consumes c after optional whitespace, and the whitespace after it.
func (sc *scanner) expect(c byte) bool {
	// Compact JSON, as Auth0 sends it, without a call: c and then no whitespace.
	if i := sc.i; i+1 < len(sc.s) && sc.s[i] == c && sc.s[i+1] > ' ' {
		sc.i = i + 1
		return true
	}
	return sc.expectSpaced(c)
}

func (sc *scanner) expectSpaced(c byte) bool {
	if sc.peek() != c {
		sc.skipWS()
		if sc.peek() != c {
			return sc.unexpected()
		}
	}
	sc.i++
	sc.skipWS()
	return true
}

// next consumes the separator after a member or element: it reports more=true after a comma and
// more=false after the closing byte.
func (sc *scanner) next(closing byte) (more, ok bool) {
	// Compact JSON, without a call: the separator and then no whitespace.
	if i := sc.i; i+1 < len(sc.s) && sc.s[i+1] > ' ' {
		switch sc.s[i] {
		case ',':
			sc.i = i + 1
			return true, true
		case closing:
			sc.i = i + 1
			return false, true
		}
	}
	return sc.nextSpaced(closing)
}

func (sc *scanner) nextSpaced(closing byte) (more, ok bool) {
	sc.skipWS()
	switch sc.peek() {
	case ',':
		sc.i++
		sc.skipWS()
		return true, true
	case closing:
		sc.i++
		return false, true
	}
	return false, sc.unexpected()
}

// open consumes '{' or '[' and reports whether the container is empty.
func (sc *scanner) open(closing byte) (empty bool) {
	sc.i++
	sc.skipWS()
	if sc.peek() == closing {
		sc.i++
		return true
	}
	return false
}

// plain marks the bytes a string can hold as they are: not '"', '\\', a control character or
// the start of a multi-byte UTF-8 sequence (which needs checking).
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// str reads a string at the cursor (which is at '"') in the second pass, from what the first
// pass recorded.
func (sc *scanner) str() (string, bool) {
	if sc.nextEnd < len(sc.ends) {
		end := sc.ends[sc.nextEnd]
		sc.nextEnd++
		if end >= 0 && int(end) > sc.i && sc.s[end] == '"' {
			start := sc.i + 1
			sc.i = int(end) + 1
			return sc.s[start:end], true
		}
	}
	return sc.decodeStr()
}

// readStr reads a string at the cursor in the first pass: it validates and records it, and
// returns its value.
func (sc *scanner) readStr() (string, bool) {
	start := sc.i
	end, clean, ok := sc.scanStr()
	if !ok {
		return "", false
	}
	if clean {
		return sc.s[start+1 : end], true
	}
	sc.i = start
	return sc.decodeStr()
}

// skipStr validates and records a string at the cursor in the first pass.
func (sc *scanner) skipStr() bool {
	_, _, ok := sc.scanStr()
	return ok
}

func (sc *scanner) record(end int, clean bool) {
	if !clean || end > math.MaxInt32 {
		end = -1
	}
	sc.ends = append(sc.ends, int32(end))
}

// decodeStr reads a string at the cursor (which is at '"'), unescaping and repairing it.
func (sc *scanner) decodeStr() (string, bool) {
	s := sc.s
	start := sc.i + 1
	for j := skipPlain8(s, start); j < len(s); {
		c := s[j]
		if plain[c] {
			j++
			continue
		}
		switch {
		case c == '"':
			sc.i = j + 1
			return s[start:j], true
		case c == '\\' || c < 0x20:
			return sc.strSlow(start, j)
		default:
			r, size := utf8.DecodeRuneInString(s[j:])
			if r == utf8.RuneError && size == 1 {
				return sc.strSlow(start, j)
			}
			j = skipPlain8(s, j+size)
		}
	}
	return "", sc.fail(len(s), "unterminated string")
}

// Eight bytes at a time: strings are most of an event's bytes, and most of their bytes are plain.
const (
	ones = 0x0101010101010101
	high = 0x8080808080808080
)

// skipPlain8 advances j, 8 bytes at a time, to the first byte that is not plain; near the end of s,
// where fewer than 8 bytes are left, it stops short of it.
func skipPlain8(s string, j int) int {
	for ; j+8 <= len(s); j += 8 {
		w := s[j : j+8] // of constant length: one bounds check, one load
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		// Below the first byte that is '"', '\\', below 0x20 or above 0x7f no subtraction
		// borrows, so the lowest high bit set is that byte's (those above it may be borrows).
		q, b := x^(ones*'"'), x^(ones*'\\')
		if m := ((q - ones) | (b - ones) | (x - ones*0x20) | x) & high; m != 0 {
			return j + bits.TrailingZeros64(m)/8
		}
	}
	return j
}

// strSlow finishes a string that needs unescaping or repair, from offset j on.
func (sc *scanner) strSlow(start, j int) (string, bool) {
	s := sc.s
	b := append(sc.buf[:0], s[start:j]...) //nolint:gocritic // appendAssign: reuses sc.buf, stored back below
	defer func() { sc.buf = b }()
	for j < len(s) {
		c := s[j]
		switch {
		case c == '"':
			sc.i = j + 1
			return string(b), true
		case c == '\\':
			if j+1 >= len(s) {
				return "", sc.fail(j, "unterminated string")
			}
			switch e := s[j+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := hex4(s, j+2)
				if !ok {
					return "", sc.fail(j, `invalid \u escape`)
				}
				j += 6
				if utf16.IsSurrogate(r) {
					// A high surrogate followed by a low one is one rune; anything else is U+FFFD
					// and the next escape is read on its own, as encoding/json does.
					d := utf8.RuneError
					if j+1 < len(s) && s[j] == '\\' && s[j+1] == 'u' {
						if r1, ok := hex4(s, j+2); ok {
							if p := utf16.DecodeRune(r, r1); p != utf8.RuneError {
								d = p
								j += 6
							}
						}
					}
					r = d
				}
				b = utf8.AppendRune(b, r)
				continue
			default:
				return "", sc.fail(j, fmt.Sprintf("invalid escape %q", `\`+string(e)))
			}
			j += 2
		case c < 0x20:
			return "", sc.fail(j, "control character in string")
		case c < utf8.RuneSelf:
			b = append(b, c)
			j++
		default:
			r, size := utf8.DecodeRuneInString(s[j:])
			if r == utf8.RuneError && size == 1 {
				b = utf8.AppendRune(b, utf8.RuneError)
			} else {
				b = append(b, s[j:j+size]...)
			}
			j += size
		}
	}
	return "", sc.fail(len(s), "unterminated string")
}

// hex4 decodes the 4 hex digits at s[i:i+4].
func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for k := i; k < i+4; k++ {
		d, ok := hexDigit(s[k])
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}

// scanStr validates the string at the cursor, records it for the second pass and moves past it.
// clean reports that its text is its value: no escape and valid UTF-8 (invalid UTF-8 is repaired
// when decoded, not rejected).
func (sc *scanner) scanStr() (end int, clean, ok bool) {
	s := sc.s
	clean = true
	for j := skipPlain8(s, sc.i+1); j < len(s); {
		c := s[j]
		if plain[c] {
			j++
			continue
		}
		switch {
		case c == '"':
			sc.i = j + 1
			sc.record(j, clean)
			return j, clean, true
		case c == '\\':
			clean = false
			if j+1 >= len(s) {
				return 0, false, sc.fail(j, "unterminated string")
			}
			switch s[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j += 2
			case 'u':
				if _, ok := hex4(s, j+2); !ok {
					return 0, false, sc.fail(j, `invalid \u escape`)
				}
				j += 6
			default:
				return 0, false, sc.fail(j, "invalid escape")
			}
			j = skipPlain8(s, j)
		case c < 0x20:
			return 0, false, sc.fail(j, "control character in string")
		default:
			r, size := utf8.DecodeRuneInString(s[j:])
			if r == utf8.RuneError && size == 1 {
				clean = false
			}
			j = skipPlain8(s, j+size)
		}
	}
	return 0, false, sc.fail(len(s), "unterminated string")
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// number reads a number at the cursor and reports its text and whether it is an integer literal.
func (sc *scanner) number() (text string, isInt, ok bool) {
	s, j := sc.s, sc.i
	if j < len(s) && s[j] == '-' {
		j++
	}
	switch {
	case j < len(s) && s[j] == '0':
		j++
	case j < len(s) && '1' <= s[j] && s[j] <= '9':
		j++
		for j < len(s) && isDigit(s[j]) {
			j++
		}
	default:
		return "", false, sc.fail(j, "invalid number")
	}
	isInt = true
	if j < len(s) && s[j] == '.' {
		isInt = false
		j++
		if j >= len(s) || !isDigit(s[j]) {
			return "", false, sc.fail(j, "invalid number")
		}
		for j < len(s) && isDigit(s[j]) {
			j++
		}
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		isInt = false
		j++
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j >= len(s) || !isDigit(s[j]) {
			return "", false, sc.fail(j, "invalid number")
		}
		for j < len(s) && isDigit(s[j]) {
			j++
		}
	}
	text = s[sc.i:j]
	sc.i = j
	return text, isInt, true
}

// literal consumes true, false or null.
func (sc *scanner) literal(word string) bool {
	if !strings.HasPrefix(sc.s[sc.i:], word) {
		return sc.unexpected()
	}
	sc.i += len(word)
	return true
}

// skipValue validates the value at the cursor without building it.
func (sc *scanner) skipValue(depth int) bool {
	if !sc.countValue() {
		return false
	}
	switch c := sc.peek(); c {
	case '{':
		if depth >= maxDepth {
			return sc.fail(sc.i, "nesting too deep")
		}
		slot := sc.reserve()
		if sc.open('}') {
			return true
		}
		keys := sc.beginKeys()
		for n := int32(1); ; n++ {
			if sc.peek() != '"' {
				return sc.unexpected()
			}
			if !sc.countMember(n) {
				return false
			}
			if _, ok := sc.key(&keys); !ok || !sc.expect(':') || !sc.skipValue(depth+1) {
				return false
			}
			more, ok := sc.next('}')
			if !more {
				sc.setSize(slot, n, sc.endKeys(&keys))
				return ok
			}
		}
	case '[':
		if depth >= maxDepth {
			return sc.fail(sc.i, "nesting too deep")
		}
		slot := sc.reserve()
		if sc.open(']') {
			return true
		}
		for n := int32(1); ; n++ {
			if !sc.countMember(n) || !sc.skipValue(depth+1) {
				return false
			}
			more, ok := sc.next(']')
			if !more {
				sc.setSize(slot, n, false)
				return ok
			}
		}
	case '"':
		return sc.skipStr()
	case 't':
		return sc.literal("true")
	case 'f':
		return sc.literal("false")
	case 'n':
		return sc.literal("null")
	default:
		_, _, ok := sc.number()
		return ok
	}
}

// reserve adds the size slot of a container that the first pass is opening.
func (sc *scanner) reserve() int {
	sc.sizes = append(sc.sizes, 0)
	return len(sc.sizes) - 1
}

// setSize records the member count of a container the first pass has read; an object that may
// repeat a key is recorded as its negated count.
func (sc *scanner) setSize(slot int, n int32, mayRepeat bool) {
	if mayRepeat {
		n = -n
	}
	sc.sizes[slot] = n
}

// size returns the member count of the container the second pass is opening, and whether it is an
// object that may repeat a key.
func (sc *scanner) size() (int, bool) {
	if sc.nextSize >= len(sc.sizes) {
		return 0, false
	}
	n := sc.sizes[sc.nextSize]
	sc.nextSize++
	if n < 0 {
		return int(-n), true
	}
	return int(n), false
}

// note records a problem of the record being built.
func (sc *scanner) note(msg string) { sc.notes = append(sc.notes, msg) }
