package pii

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/confmap"
)

const testKey = "0123456789abcdef0123456789abcdef"

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want []string // substrings of the error; none = valid
	}{
		{name: "zero value", cfg: Config{}},
		{name: "hash", cfg: Config{Fields: []Field{Email, Username}, Method: Hash, HashKey: testKey}},
		{name: "mask without key", cfg: Config{Fields: []Field{FirstName, LastName, Phone, Address}, Method: Mask}},
		{name: "methods alone", cfg: Config{Methods: map[Field]Method{Address: Drop, Email: Mask}}},
		{
			name: "unknown field",
			cfg:  Config{Fields: []Field{Email, Phone, "emial"}, Method: Mask},
			want: []string{`pii.fields[2]: unknown field "emial"; one of first_name, last_name, username, email, phone, address`},
		},
		{
			name: "field twice",
			cfg:  Config{Fields: []Field{Email, Email}, Method: Mask},
			want: []string{`pii.fields[1]: "email" is listed twice`},
		},
		{
			name: "no method",
			cfg:  Config{Fields: []Field{Email}},
			want: []string{"pii.method: required with pii.fields: hash, mask or drop"},
		},
		{
			name: "unknown method",
			cfg:  Config{Fields: []Field{Email}, Method: "sha1"},
			want: []string{`pii.method: unknown method "sha1"; one of hash, mask, drop`},
		},
		{
			name: "bad methods entry",
			cfg:  Config{Methods: map[Field]Method{"mail": Drop, Phone: "blur"}},
			want: []string{"pii.methods[mail]: unknown field", `pii.methods[phone]: unknown method "blur"`},
		},
		{
			name: "hash without key",
			cfg:  Config{Fields: []Field{Email}, Method: Hash},
			want: []string{"pii.hash_key: required by method hash"},
		},
		{
			name: "hash in methods without key",
			cfg:  Config{Fields: []Field{Email}, Method: Mask, Methods: map[Field]Method{Username: Hash}},
			want: []string{"pii.hash_key: required by method hash"},
		},
		{
			name: "short key",
			cfg:  Config{Fields: []Field{Email}, Method: Hash, HashKey: "s3cr3t"},
			want: []string{"pii.hash_key: must be at least 16 bytes long, got 6"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Check()
			if len(tc.want) == 0 {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.NotContains(t, err.Error(), "s3cr3t", "the key must not appear in errors")
			_, err = New(tc.cfg)
			assert.Error(t, err, "New must refuse what Check refuses")
		})
	}
}

// TestConfigUnmarshal reads the section as a user writes it, with the receiver's confmap.
func TestConfigUnmarshal(t *testing.T) {
	conf := confmap.NewFromStringMap(map[string]any{
		"fields":   []any{"email", "username", "first_name", "last_name", "phone", "address"},
		"method":   "hash",
		"methods":  map[string]any{"address": "drop"},
		"hash_key": testKey,
	})
	var cfg Config
	require.NoError(t, conf.Unmarshal(&cfg))
	require.NoError(t, cfg.Check())
	assert.Equal(t, []Field{Email, Username, FirstName, LastName, Phone, Address}, cfg.Fields)
	assert.Equal(t, Hash, cfg.Method)
	assert.Equal(t, map[Field]Method{Address: Drop}, cfg.Methods)
	assert.NotContains(t, strings.ToLower(fmtConfig(cfg)), testKey, "hash_key is a configopaque secret")
}

func TestNewDisabled(t *testing.T) {
	r, err := New(Config{})
	require.NoError(t, err)
	assert.Nil(t, r)
	body := eventMap(t, readEvent(t, "s"))
	before := eventMap(t, readEvent(t, "s"))
	assert.Zero(t, r.Apply(body), "a nil Redactor redacts nothing")
	assert.True(t, before.Equal(body))
}
