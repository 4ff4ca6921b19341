package auth0sim

import (
	"strconv"
	"unicode/utf8"
)

// jw writes JSON straight into a byte slice: events are rendered on every request, so no maps,
// reflection or intermediate values. Keys are constants of this package and are not escaped.
type jw struct {
	b     []byte
	comma bool // a value precedes: the next key or element needs a comma
}

func (w *jw) key(k string) {
	if w.comma {
		w.b = append(w.b, ',')
	}
	if k != "" {
		w.b = append(w.b, '"')
		w.b = append(w.b, k...)
		w.b = append(w.b, '"', ':')
	}
	w.comma = false
}

func (w *jw) str(k, v string) {
	w.key(k)
	w.b = appendJSONString(w.b, v)
	w.comma = true
}

// strBytes writes a value assembled in a scratch buffer.
func (w *jw) strBytes(k string, v []byte) {
	w.key(k)
	for _, c := range v {
		if needsEscape[c] {
			w.b = appendJSONString(w.b, string(v))
			w.comma = true
			return
		}
	}
	w.b = append(w.b, '"')
	w.b = append(w.b, v...)
	w.b = append(w.b, '"')
	w.comma = true
}

// frag writes pre-rendered members (`"k":v,"k2":v2`), for the fields that never change between
// the events of one client, connection, user or tenant.
func (w *jw) frag(f string) {
	if w.comma {
		w.b = append(w.b, ',')
	}
	w.b = append(w.b, f...)
	w.comma = true
}

// makeFrag renders members from key, value string pairs.
func makeFrag(kv ...string) string {
	w := jw{}
	for i := 0; i < len(kv); i += 2 {
		w.str(kv[i], kv[i+1]) //nolint:gosec // G602: every caller passes key, value pairs
	}
	return string(w.b)
}

func (w *jw) null(k string) {
	w.key(k)
	w.b = append(w.b, "null"...)
	w.comma = true
}

func (w *jw) boolean(k string, v bool) {
	w.key(k)
	w.b = strconv.AppendBool(w.b, v)
	w.comma = true
}

func (w *jw) int(k string, v int64) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, v, 10)
	w.comma = true
}

func (w *jw) float(k string, v float64) {
	w.key(k)
	w.b = strconv.AppendFloat(w.b, v, 'f', -1, 64)
	w.comma = true
}

// raw writes pre-encoded JSON.
func (w *jw) raw(k, v string) {
	w.key(k)
	w.b = append(w.b, v...)
	w.comma = true
}

func (w *jw) obj(k string) { w.begin(k, '{') }
func (w *jw) end()         { w.finish('}') }
func (w *jw) arr(k string) { w.begin(k, '[') }
func (w *jw) endArr()      { w.finish(']') }

// begin writes k and the opening delimiter c of its value (an object, array or string written
// piece by piece); finish writes the closing one.
func (w *jw) begin(k string, c byte) {
	w.key(k)
	w.b = append(w.b, c)
}

func (w *jw) finish(c byte) {
	w.b = append(w.b, c)
	w.comma = true
}

// strs writes an array of strings.
func (w *jw) strs(k string, vs ...string) {
	w.arr(k)
	for _, v := range vs {
		w.str("", v)
	}
	w.endArr()
}

// needsEscape marks the bytes that JSON strings cannot hold as they are (or, above 0x7f, that
// must be checked as UTF-8).
var needsEscape = func() (t [256]bool) {
	for c := range t {
		t[c] = c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf
	}
	return t
}()

// appendJSONString appends s as a JSON string, escaping what JSON requires.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if needsEscape[s[i]] {
			return appendEscaped(b, s)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendEscaped(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if !needsEscape[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
