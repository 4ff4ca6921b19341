package pii

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// HashPrefix starts every hashed value.
const HashPrefix = "hmac-sha256:"

// hashHexDigits of the HMAC are kept: 64 bits, enough to keep a tenant's values apart.
const hashHexDigits = 16

// Redactor applies a Config. It is immutable after New and safe for concurrent use. A nil
// *Redactor (the result of New for a disabled Config) redacts nothing.
type Redactor struct {
	methods [numFields]Method // "" leaves the field alone
	name    Method            // of a person's full name: the stronger of first_name's and last_name's
	hashers sync.Pool         // *hasher
}

// hasher is one HMAC-SHA256 under the key with its buffers, reused across values.
type hasher struct {
	mac      hash.Hash
	in, sum  []byte
	hexDigit [len(HashPrefix) + hashHexDigits]byte
}

// New checks cfg and returns its Redactor, or nil when cfg configures no field.
func New(cfg Config) (*Redactor, error) {
	if !cfg.Enabled() {
		return nil, nil
	}
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	r := &Redactor{}
	for _, f := range cfg.Fields {
		r.methods[f.index()] = cfg.Method
	}
	for f, m := range cfg.Methods {
		r.methods[f.index()] = m
	}
	r.name = stronger(r.methods[fFirstName], r.methods[fLastName])
	key := []byte(string(cfg.HashKey))
	r.hashers.New = func() any {
		h := &hasher{mac: hmac.New(sha256.New, key)}
		copy(h.hexDigit[:], HashPrefix)
		return h
	}
	return r, nil
}

// stronger returns the method that reveals less: drop, then hash, then mask.
func stronger(a, b Method) Method {
	for _, m := range []Method{Drop, Hash, Mask} {
		if a == m || b == m {
			return m
		}
	}
	return ""
}

// ApplyRecord redacts a record: its body when it is a map, and its attributes.
func (r *Redactor) ApplyRecord(lr plog.LogRecord) int {
	if r == nil {
		return 0
	}
	n := r.ApplyAttributes(lr.Attributes())
	if lr.Body().Type() == pcommon.ValueTypeMap {
		n += r.Apply(lr.Body().Map())
	}
	return n
}

// Apply redacts an event's body in place, in one walk of the tree, and returns how many values
// it hashed, masked or dropped. A body without configured fields is left untouched, without
// allocating.
func (r *Redactor) Apply(body pcommon.Map) int {
	if r == nil {
		return 0
	}
	return r.walkMap(body, false)
}

// ApplyAttributes redacts the record attributes that the mapping derives from PII keys
// (user.name from user_name, ...), for a mapping that derives them before Apply ran.
func (r *Redactor) ApplyAttributes(attrs pcommon.Map) int {
	if r == nil {
		return 0
	}
	n := 0
	attrs.RemoveIf(func(k string, v pcommon.Value) bool {
		var m Method
		switch f := attributeField(k); f {
		case fNone:
			return false
		case fUserID:
			n += r.redactIDEmail(v)
			return false
		case fPath:
			n += r.redactPathEmails(v)
			return false
		case fPersonName:
			m = r.name
		default:
			m = r.methods[f]
		}
		return r.redact(v, m, &n)
	})
	return n
}

// walkMap redacts the configured keys of m and walks into the others. person says that m
// describes a person, so that its `name` is a full name.
func (r *Redactor) walkMap(m pcommon.Map, person bool) int {
	n := 0
	m.RemoveIf(func(k string, v pcommon.Value) bool {
		if personSibling(k) {
			person = true
		}
		var method Method
		switch f := fieldOf(k); f {
		case fNone:
		case fUserID:
			n += r.redactIDEmail(v)
			return false
		case fPath:
			n += r.redactPathEmails(v)
			return false
		case fEmailLike:
			if v.Type() == pcommon.ValueTypeStr {
				method = r.methods[fEmail]
			}
		case fPersonName:
			// Keys before this one were seen (person is set if one was a sibling, even a
			// dropped one); the ones after it are still in m.
			if r.name != "" && (person || hasPersonSibling(m)) {
				method = r.name
			}
		default:
			method = r.methods[f]
		}
		if method == "" {
			if r.isEmail(v) { // an address under any other key: details.to, an invitation's owners
				return r.redact(v, r.methods[fEmail], &n)
			}
			n += r.walk(v, personParent(k))
			return false
		}
		return r.redact(v, method, &n)
	})
	return n
}

// walk descends into maps and slices.
func (r *Redactor) walk(v pcommon.Value, person bool) int {
	switch v.Type() {
	case pcommon.ValueTypeMap:
		return r.walkMap(v.Map(), person)
	case pcommon.ValueTypeSlice:
		n := 0
		v.Slice().RemoveIf(func(e pcommon.Value) bool {
			if r.isEmail(e) {
				return r.redact(e, r.methods[fEmail], &n)
			}
			n += r.walk(e, person)
			return false
		})
		return n
	}
	return 0
}

// isEmail reports whether v is a string that is an email address as a whole, while the email
// field is configured: whatever key holds it, it is the email field's.
func (r *Redactor) isEmail(v pcommon.Value) bool {
	if _, ok := r.emailMethod(v); !ok {
		return false
	}
	s := v.Str()
	at := strings.IndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return false
	}
	for i := range at {
		if !isLocalPart(s[i]) {
			return false
		}
	}
	dot := false
	for i := at + 1; i < len(s); i++ {
		if !isDomainPart(s[i]) {
			return false
		}
		dot = dot || s[i] == '.'
	}
	return dot
}

// redact applies method to the value of a configured key, counting into n, and reports whether
// the key is to be removed.
func (r *Redactor) redact(v pcommon.Value, method Method, n *int) bool {
	if method == "" {
		return false
	}
	if method == Drop {
		*n++
		return true
	}
	*n += r.rewrite(v, method)
	return false
}

// rewrite hashes or masks every scalar of v: a string, a number or a bool (which become
// strings), or the leaves of a map or slice (an address object). Empty values stay empty.
func (r *Redactor) rewrite(v pcommon.Value, method Method) int {
	switch v.Type() {
	case pcommon.ValueTypeEmpty:
		return 0
	case pcommon.ValueTypeMap:
		n := 0
		for _, child := range v.Map().All() {
			n += r.rewrite(child, method)
		}
		return n
	case pcommon.ValueTypeSlice:
		n, s := 0, v.Slice()
		for i := 0; i < s.Len(); i++ {
			n += r.rewrite(s.At(i), method)
		}
		return n
	}
	s := v.AsString()
	if s == "" {
		return 0
	}
	if method == Hash {
		v.SetStr(r.hash(s))
	} else {
		v.SetStr(mask(s))
	}
	return 1
}

// redactIDEmail applies the email field's method to an email that ends an identifier
// (samlp|acme-okta|alice@example.org, or alice@example.org alone), keeping the provider and
// connection: drop leaves samlp|acme-okta|.
func (r *Redactor) redactIDEmail(v pcommon.Value) int {
	method, ok := r.emailMethod(v)
	if !ok {
		return 0
	}
	id := v.Str()
	cut := strings.LastIndexByte(id, '|') + 1
	email := id[cut:]
	if strings.IndexByte(email, '@') < 0 {
		return 0
	}
	v.SetStr(id[:cut] + r.replaceEmail(email, method))
	return 1
}

// emailMethod is the email field's method for a string v that may hold an email in its text.
func (r *Redactor) emailMethod(v pcommon.Value) (Method, bool) {
	method := r.methods[fEmail]
	return method, method != "" && v.Type() == pcommon.ValueTypeStr
}

// replaceEmail is what an email within a text becomes: its hash, its mask, or nothing.
func (r *Redactor) replaceEmail(email string, method Method) string {
	switch method {
	case Drop:
		return ""
	case Hash:
		return r.hash(email)
	}
	return mask(email)
}

// redactPathEmails applies the email field's method to every email in a path, percent-encoded
// or not (/api/v2/users/samlp%7Cacme-okta%7Calice%40example.org): the rest of the path stays,
// decoded when an email was found in it.
func (r *Redactor) redactPathEmails(v pcommon.Value) int {
	method, ok := r.emailMethod(v)
	if !ok {
		return 0
	}
	path := v.Str()
	if strings.IndexByte(path, '@') < 0 && !strings.Contains(path, "%40") {
		return 0 // the common case, without allocating
	}
	path = unescapeLenient(path)
	var b strings.Builder
	n := 0
	for {
		at := strings.IndexByte(path, '@')
		if at < 0 {
			break
		}
		start, end := at, at+1
		for start > 0 && isLocalPart(path[start-1]) {
			start--
		}
		for end < len(path) && isDomainPart(path[end]) {
			end++
		}
		if start == at || end == at+1 { // not an email: keep the '@'
			b.WriteString(path[:at+1])
			path = path[at+1:]
			continue
		}
		b.WriteString(path[:start])
		b.WriteString(r.replaceEmail(path[start:end], method))
		path = path[end:]
		n++
	}
	if n > 0 {
		b.WriteString(path)
		v.SetStr(b.String())
	}
	return n
}

// unescapeLenient decodes the valid %XX escapes of s and keeps any other '%' as it is, so that
// a stray one (?fields=50%) cannot keep an encoded email (alice%40example.org) from being seen.
func unescapeLenient(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// isLocalPart reports whether c may be in the part of an email before the '@' as user ids and
// paths carry them: '|' and '/' end it, and so do '=' and '&', which separate a query string.
func isLocalPart(c byte) bool {
	return isDomainPart(c) || strings.IndexByte("_+'!#$*^`{}~", c) >= 0
}

// isDomainPart reports whether c may be in the part of an email after the '@'.
func isDomainPart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c >= utf8.RuneSelf
}

func hasPersonSibling(m pcommon.Map) bool {
	for k := range m.All() {
		if personSibling(k) {
			return true
		}
	}
	return false
}

// hash returns HashPrefix and the first hex digits of HMAC-SHA256(key, s).
func (r *Redactor) hash(s string) string {
	h := r.hashers.Get().(*hasher)
	h.mac.Reset()
	h.in = append(h.in[:0], s...)
	h.mac.Write(h.in)
	h.sum = h.mac.Sum(h.sum[:0])
	hex.Encode(h.hexDigit[len(HashPrefix):], h.sum[:hashHexDigits/2])
	out := string(h.hexDigit[:])
	r.hashers.Put(h)
	return out
}

// mask keeps the first letter or digit of a value of three characters or more, and every
// character that is neither (@ . + - space); the other letters and digits become '*'.
func mask(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	keep := utf8.RuneCountInString(s) >= 3
	for _, c := range s {
		switch {
		case !isAlnum(c):
			b.WriteRune(c)
		case keep:
			b.WriteRune(c)
			keep = false
		default:
			b.WriteByte('*')
		}
	}
	return b.String()
}

// isAlnum reports whether c is a letter or a digit, ASCII first.
func isAlnum(c rune) bool {
	if c < utf8.RuneSelf {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return unicode.IsLetter(c) || unicode.IsDigit(c)
}
