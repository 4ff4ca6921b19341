// Package pii hashes, masks or drops the personal data of Auth0 events (names, username, email,
// phone, address) in the record built from them, body and attributes alike, so that a team
// whose policy forbids raw PII can pull the tenant's logs as Auth0's Log Streams obfuscate them.
//
// The fields are those of the Log Streams' PII setting. Each covers a set of Auth0 keys matched
// at any depth of the event (keys.go lists them); a record is walked once, in place.
package pii

import (
	"errors"
	"fmt"
	"strings"

	"go.opentelemetry.io/collector/config/configopaque"
)

// Field is a kind of personal data, named as in Auth0's Log Streams PII setting.
type Field string

// The fields, in the order of Auth0's Log Streams setting.
const (
	FirstName Field = "first_name"
	LastName  Field = "last_name"
	Username  Field = "username"
	Email     Field = "email"
	Phone     Field = "phone"
	Address   Field = "address"
)

// allFields is every Field, indexed by its field number (keys.go).
var allFields = [numFields]Field{FirstName, LastName, Username, Email, Phone, Address}

// Method is what happens to a value of a configured field.
type Method string

const (
	// Hash replaces the value by "hmac-sha256:" and the first 16 hex digits of its HMAC-SHA256
	// under hash_key: equal values stay equal, so events of one user can still be correlated.
	Hash Method = "hash"
	// Mask keeps the value's shape: its first character, then '*' for every letter and digit,
	// other characters (@ . + - space) kept.
	Mask Method = "mask"
	// Drop removes the key.
	Drop Method = "drop"
)

// minKeyLen is the shortest hash_key accepted: a short key can be guessed, and with it every
// hashed email recomputed.
const minKeyLen = 16

// Config is the `pii` section of the receiver. The zero value redacts nothing.
type Config struct {
	// Fields are redacted with Method.
	Fields []Field `mapstructure:"fields"`
	// Method is hash, mask or drop; required when Fields is set.
	Method Method `mapstructure:"method"`
	// Methods gives a field its own method; a field named here is redacted even when Fields
	// does not list it.
	Methods map[Field]Method `mapstructure:"methods"`
	// HashKey is the HMAC key of the hash method, at least 16 bytes. There is no unkeyed hash:
	// anyone can hash a list of candidate emails and match them.
	HashKey configopaque.String `mapstructure:"hash_key"`

	_ struct{}
}

// Enabled reports whether any field is configured.
func (c *Config) Enabled() bool { return len(c.Fields) > 0 || len(c.Methods) > 0 }

// Check validates the section. Its errors name the keys as `pii.method`, `pii.fields[2]` or
// `pii.methods[email]`. It is not called Validate so that confmap.Validate does not call it a
// second time under its own prefix: the receiver's Validate joins its result.
func (c *Config) Check() error {
	var errs []error
	seen := map[Field]bool{}
	for i, f := range c.Fields {
		switch {
		case !f.valid():
			errs = append(errs, fmt.Errorf("pii.fields[%d]: unknown field %q; one of %s", i, f, fieldNames()))
		case seen[f]:
			errs = append(errs, fmt.Errorf("pii.fields[%d]: %q is listed twice", i, f))
		}
		seen[f] = true
	}
	switch {
	case len(c.Fields) > 0 && c.Method == "":
		errs = append(errs, errors.New("pii.method: required with pii.fields: hash, mask or drop"))
	case c.Method != "" && !c.Method.valid():
		errs = append(errs, fmt.Errorf("pii.method: unknown method %q; one of hash, mask, drop", c.Method))
	}
	for f, m := range c.Methods {
		if !f.valid() {
			errs = append(errs, fmt.Errorf("pii.methods[%s]: unknown field; one of %s", f, fieldNames()))
		}
		if !m.valid() {
			errs = append(errs, fmt.Errorf("pii.methods[%s]: unknown method %q; one of hash, mask, drop", f, m))
		}
	}
	if c.uses(Hash) {
		switch n := len(c.HashKey); {
		case n == 0:
			errs = append(errs, errors.New("pii.hash_key: required by method hash (an unkeyed hash of an email is reversed by hashing candidate emails); "+
				"set a random secret, e.g. ${env:AUTH0_PII_KEY} from `openssl rand -hex 32`, or use mask or drop"))
		case n < minKeyLen:
			errs = append(errs, fmt.Errorf("pii.hash_key: must be at least %d bytes long, got %d", minKeyLen, n))
		}
	}
	return errors.Join(errs...)
}

// uses reports whether any configured field is redacted with m.
func (c *Config) uses(m Method) bool {
	if len(c.Fields) > 0 && c.Method == m {
		return true
	}
	for _, v := range c.Methods {
		if v == m {
			return true
		}
	}
	return false
}

func (f Field) valid() bool { return f.index() >= 0 }

// index is the field's number, -1 for an unknown field.
func (f Field) index() int {
	for i, g := range allFields {
		if f == g {
			return i
		}
	}
	return -1
}

func (m Method) valid() bool { return m == Hash || m == Mask || m == Drop }

func fieldNames() string {
	names := make([]string, len(allFields))
	for i, f := range allFields {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}
