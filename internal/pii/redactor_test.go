package pii

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// everyKey is an Auth0 event with personal data under every key the fields cover, at the places
// Auth0's tenant-log schema puts them: top level, details.prompts[], a signup's details.body
// (with user_metadata), a Management API call's details.request.auth.user and response body,
// an invitation, Guardian's authenticator and enrollment, a query's login_hint; as strings,
// numbers, arrays and an address object.
const everyKey = `{
  "log_id": "90020240308035905601176000000000000001223372052035100532",
  "type": "ss", "date": "2024-03-08T03:59:05.520Z",
  "user_id": "auth0|keep-user-id", "user_name": "alice.pii@example.org",
  "identity_user_id": "samlp|acme-okta|alice.saml@example.org",
  "email": "alice.top@example.org", "client_name": "Keep Client", "connection": "Keep-Connection",
  "details": {
    "prompts": [
      {"name": "login", "user_id": "auth0|keep-user-id", "user_name": "alice.prompt@example.org"},
      {"name": "prompt-authenticate", "stats": {"loginsCount": 4}}
    ],
    "body": {
      "name": "Alicia Smithson", "given_name": "Alicia", "family_name": "Smithson",
      "nickname": "alicenick", "username": "aliceuser", "phone_number": "+15550001111",
      "email": "alice.body@example.org", "newUername": "alicetypo", "login_hint": "alice.hint@example.org",
      "user_metadata": {
        "address": {"street": "12 Secret Lane", "city": "Hiddenville", "zip": 90210},
        "phone": 5550002222,
        "first_name": "Aliciafirst", "last_name": "Smithsonlast",
        "emails": [{"email": "alice.array@example.org"}, {"email": "alice.array2@example.org"}]
      }
    },
    "request": {
      "auth": {"user": {"name": "Roberto Adminski", "user_id": "github|keep-admin", "email": "roberto.admin@example.org"}},
      "path": "/api/v2/users", "method": "post"
    },
    "response": {"body": {"email": "alice.resp@example.org", "name": "Alicia Respname", "user_id": "auth0|keep-user-id"}},
    "invitation": {"inviter": {"name": "Ivana Invitersky"}, "invitee": {"email": "ivan.invitee@example.org"}},
    "authenticator": {"phone_number": "+15550003333"},
    "enrollment": {"phone_number": "+15550004444", "name": "Keep Enrollment Name"},
    "query": {"login_hint": "alice.query@example.org", "newEmail": "alice.new@example.org", "new_phone_number": "+15550005555"},
    "email": "alice.details@example.org", "verify_email": true,
    "invitee_email": "alice.invitee@example.org",
    "address": "99 Plain Street"
  }
}`

// clearValues are the personal values of everyKey, by field.
var clearValues = map[Field][]string{
	Email: {
		"alice.top@example.org", "alice.body@example.org", "alice.array@example.org", "alice.array2@example.org",
		"roberto.admin@example.org", "alice.resp@example.org", "ivan.invitee@example.org", "alice.new@example.org",
		"alice.details@example.org", "alice.saml@example.org", "alice.invitee@example.org",
	},
	Username: {
		"alice.pii@example.org", "alice.prompt@example.org", "alicenick", "aliceuser", "alicetypo",
		"alice.hint@example.org", "alice.query@example.org",
	},
	FirstName: {"Alicia Smithson", "Alicia", "Aliciafirst", "Roberto Adminski", "Alicia Respname", "Ivana Invitersky"},
	LastName:  {"Alicia Smithson", "Smithson", "Smithsonlast", "Roberto Adminski", "Alicia Respname", "Ivana Invitersky"},
	Phone:     {"+15550001111", "5550002222", "+15550003333", "+15550004444", "+15550005555"},
	Address:   {"12 Secret Lane", "Hiddenville", "90210", "99 Plain Street"},
}

// kept are values that carry no configured field and must survive every configuration.
var kept = []string{
	"auth0|keep-user-id", "github|keep-admin", "Keep Client", "Keep-Connection", "login",
	"prompt-authenticate", "/api/v2/users", "Keep Enrollment Name", "90020240308035905601176000000000000001223372052035100532",
}

func newRedactor(tb testing.TB, cfg Config) *Redactor {
	tb.Helper()
	r, err := New(cfg)
	require.NoError(tb, err)
	require.NotNil(tb, r)
	return r
}

// TestNoClearValueSurvives redacts each field alone and all of them together, with each method,
// and looks for every configured clear value anywhere in the body: no key, string, number or
// array element may still contain it. Unconfigured fields and non-PII values stay as they were.
func TestNoClearValueSurvives(t *testing.T) {
	single := make([][]Field, 0, len(allFields)+1)
	for _, f := range allFields {
		single = append(single, []Field{f})
	}
	for _, fields := range append(single, allFields[:]) {
		for _, method := range []Method{Hash, Mask, Drop} {
			t.Run(string(method)+"/"+joinFields(fields), func(t *testing.T) {
				r := newRedactor(t, Config{Fields: fields, Method: method, HashKey: testKey})
				body := eventMap(t, []byte(everyKey))
				n := r.Apply(body)
				assert.Positive(t, n)
				text := scalars(mapValue(body))

				forbidden := map[string]bool{}
				for _, f := range fields {
					for _, v := range clearValues[f] {
						forbidden[v] = true
						assertAbsent(t, text, v)
					}
				}
				for f, values := range clearValues {
					if !contains(fields, f) {
						for _, v := range values {
							// An email address is the email field's under any key (a
							// user_name that is one, too).
							if !forbidden[v] && (!contains(fields, Email) || !strings.Contains(v, "@")) {
								assertPresent(t, text, v)
							}
						}
					}
				}
				for _, v := range kept {
					assertPresent(t, text, v)
				}
			})
		}
	}
}

func TestEveryRealEventKeepsNoClearValue(t *testing.T) {
	// The real events carry user_name, emails and names in their own places; every string they
	// hold under a covered key must be gone after Apply.
	for _, name := range eventNames(t) {
		t.Run(name, func(t *testing.T) {
			r := newRedactor(t, Config{Fields: allFields[:], Method: Mask})
			body := eventMap(t, readEvent(t, name))
			want := coveredStrings(mapValue(body), false)
			r.Apply(body)
			text := scalars(mapValue(body))
			for _, v := range want {
				assertAbsent(t, text, v)
			}
		})
	}
}

// coveredStrings collects, independently of the redactor's walk, the values of the keys the
// fields cover in the real events (see keys.go).
func coveredStrings(v pcommon.Value, person bool) []string {
	var out []string
	switch v.Type() {
	case pcommon.ValueTypeMap:
		m := v.Map()
		_, hasEmail := m.Get("email")
		for k, child := range m.All() {
			switch {
			case k == "user_name" || k == "email" || k == "given_name" || k == "family_name" || k == "phone_number" ||
				(k == "name" && (person || hasEmail)):
				if child.Type() == pcommon.ValueTypeStr && len(child.Str()) >= 3 {
					out = append(out, child.Str())
				}
			default:
				out = append(out, coveredStrings(child, k == "user")...)
			}
		}
	case pcommon.ValueTypeSlice:
		for _, child := range v.Slice().All() {
			out = append(out, coveredStrings(child, person)...)
		}
	}
	return out
}

func TestHashIsKeyedHMACSHA256(t *testing.T) {
	r := newRedactor(t, Config{Fields: []Field{Email}, Method: Hash, HashKey: testKey})
	other := newRedactor(t, Config{Fields: []Field{Email}, Method: Hash, HashKey: testKey + "x"})
	got := r.hash("alice@example.org")

	mac := hmac.New(sha256.New, []byte(testKey))
	mac.Write([]byte("alice@example.org"))
	assert.Equal(t, "hmac-sha256:"+hex.EncodeToString(mac.Sum(nil))[:16], got,
		"the documented algorithm: the first 16 hex digits of HMAC-SHA256(hash_key, value)")
	assert.Regexp(t, `^hmac-sha256:[0-9a-f]{16}$`, got)
	// The README's example, which `printf '%s' alice.smithson@example.org | openssl dgst -sha256
	// -hmac 0123456789abcdef0123456789abcdef` reproduces.
	assert.Equal(t, "hmac-sha256:3f3bd0ddcc4b8428", r.hash("alice.smithson@example.org"))
	assert.Equal(t, got, r.hash("alice@example.org"), "equal values give equal hashes, so events still correlate")
	assert.NotEqual(t, got, r.hash("bob@example.org"))
	assert.NotEqual(t, got, other.hash("alice@example.org"), "another key gives other hashes")
}

func TestMaskKeepsShape(t *testing.T) {
	for in, want := range map[string]string{
		"dev@test.com":               "d**@****.***",
		"John Smith":                 "J*** *****",
		"+1 555-0100":                "+1 ***-****",
		"José":                       "J***",
		"ab":                         "**",
		"12 Secret Lane":             "1* ****** ****",
		"alice.smithson@example.org": "a****.********@*******.***", // the README's example
	} {
		assert.Equal(t, want, mask(in), in)
	}
}

func TestNonStringValues(t *testing.T) {
	body := eventMap(t, []byte(`{"details": {"phone": 5550002222, "phone_number": null, "email": "",
		"address": {"zip": 90210, "verified": true, "lines": ["1 Main St", 7]}, "user_name": ["a1b2c3", "d4e5f6"]}}`))
	r := newRedactor(t, Config{Fields: []Field{Phone, Address, Email, Username}, Method: Hash, HashKey: testKey})
	assert.Equal(t, 7, r.Apply(body), "the number, the zip, the bool, both lines and both names; null and empty stay")
	details, _ := body.Get("details")
	phone, _ := details.Map().Get("phone")
	assert.Equal(t, pcommon.ValueTypeStr, phone.Type(), "a number becomes its hash, a string")
	assert.True(t, strings.HasPrefix(phone.Str(), HashPrefix))
	null, _ := details.Map().Get("phone_number")
	assert.Equal(t, pcommon.ValueTypeEmpty, null.Type())
	empty, _ := details.Map().Get("email")
	assert.Empty(t, empty.Str())
	for _, v := range []string{"5550002222", "90210", "true", "1 Main St", "a1b2c3", "d4e5f6"} {
		assertAbsent(t, scalars(mapValue(body)), v)
	}
}

func TestDropRemovesKeysEverywhere(t *testing.T) {
	r := newRedactor(t, Config{Fields: allFields[:], Method: Drop})
	body := eventMap(t, []byte(everyKey))
	r.Apply(body)
	for _, k := range scalarsKeys(mapValue(body)) {
		assert.Equal(t, fNone, fieldOfDropped(k), "key %q survived drop", k)
	}
	details, _ := body.Get("details")
	auth, _ := details.Map().Get("request")
	user, _ := auth.Map().Get("auth")
	u, _ := user.Map().Get("user")
	assert.Equal(t, map[string]any{"user_id": "github|keep-admin"}, u.Map().AsRaw(), "a person's name goes with its email")
	verify, _ := details.Map().Get("verify_email")
	assert.True(t, verify.Bool(), "a flag named like an email is no email")
	_, invitee := details.Map().Get("invitee_email")
	assert.False(t, invitee, "an email under a key ending in _email is dropped")
	enrollment, _ := details.Map().Get("enrollment")
	assert.Equal(t, map[string]any{"name": "Keep Enrollment Name"}, enrollment.Map().AsRaw(), "a name that is not a person's stays")
}

// fieldOfDropped is fieldOf, without the keys that legitimately survive a drop: `name` when it
// is not a person's, identifiers (whose email part drop empties), and *_email keys that hold no
// string (verify_email: true).
func fieldOfDropped(k string) int {
	if f := fieldOf(k); f != fPersonName && f != fUserID && f != fEmailLike && f != fPath {
		return f
	}
	return fNone
}

// TestEmailInUserID: enterprise and passwordless user ids end in the user's email; the email
// field redacts that part and keeps the provider and connection.
func TestEmailInUserID(t *testing.T) {
	const id = "samlp|acme-okta|alice.saml@example.org"
	for method, want := range map[Method]string{
		Drop: "samlp|acme-okta|",
		Mask: "samlp|acme-okta|a****.****@*******.***",
		Hash: "samlp|acme-okta|" + newRedactor(t, Config{Fields: []Field{Email}, Method: Hash, HashKey: testKey}).hash("alice.saml@example.org"),
	} {
		r := newRedactor(t, Config{Fields: []Field{Email}, Method: method, HashKey: testKey})
		body := eventMap(t, []byte(`{"user_id": "`+id+`", "details": {"prompts": [{"user_id": "`+id+`"}]},
			"identity_user_id": "alice.saml@example.org", "idp_user_id": "auth0|keep", "user_name": "keep"}`))
		lr := plog.NewLogRecord()
		body.CopyTo(lr.Body().SetEmptyMap())
		lr.Attributes().PutStr("user.id", id)
		assert.Equal(t, 4, r.ApplyRecord(lr), method)
		raw := lr.Body().Map().AsRaw()
		assert.Equal(t, want, raw["user_id"], method)
		assert.Equal(t, want, raw["details"].(map[string]any)["prompts"].([]any)[0].(map[string]any)["user_id"], method)
		assert.Equal(t, strings.TrimPrefix(want, "samlp|acme-okta|"), raw["identity_user_id"], method)
		assert.Equal(t, "auth0|keep", raw["idp_user_id"])
		assert.Equal(t, "keep", raw["user_name"], "username is not configured")
		uid, _ := lr.Attributes().Get("user.id")
		assert.Equal(t, want, uid.Str(), method)
	}
	// Without the email field, ids stay whole.
	r := newRedactor(t, Config{Fields: []Field{Username}, Method: Mask})
	body := eventMap(t, []byte(`{"user_id": "`+id+`"}`))
	r.Apply(body)
	assert.Equal(t, id, body.AsRaw()["user_id"])
}

// TestEmailInPath: a Management API operation on an enterprise user names its id, email
// included, in details.request.path (and the url.path attribute), plain or percent-encoded.
func TestEmailInPath(t *testing.T) {
	hashed := newRedactor(t, Config{Fields: []Field{Email}, Method: Hash, HashKey: testKey}).hash("alice.smithson@example.org")
	for _, tc := range []struct {
		method     Method
		path, want string
	}{
		{Hash, "/api/v2/users/samlp|acme-okta|alice.smithson@example.org", "/api/v2/users/samlp|acme-okta|" + hashed},
		{Hash, "/api/v2/users/samlp%7Cacme-okta%7Calice.smithson%40example.org/roles", "/api/v2/users/samlp|acme-okta|" + hashed + "/roles"},
		{Mask, "/api/v2/users-by-email?email=alice.smithson@example.org", "/api/v2/users-by-email?email=a****.********@*******.***"},
		{Drop, "/api/v2/users/email|alice.smithson@example.org", "/api/v2/users/email|"},
		{Hash, "/api/v2/users/auth0|65f1c0a9", "/api/v2/users/auth0|65f1c0a9"},
		{Hash, "/api/v2/clients/@/x%zz", "/api/v2/clients/@/x%zz"},
	} {
		r := newRedactor(t, Config{Fields: []Field{Email}, Method: tc.method, HashKey: testKey})
		lr := plog.NewLogRecord()
		lr.Body().SetEmptyMap().PutEmptyMap("details").PutEmptyMap("request").PutStr("path", tc.path)
		lr.Attributes().PutStr("url.path", tc.path)
		r.ApplyRecord(lr)
		got, _ := lr.Attributes().Get("url.path")
		assert.Equal(t, tc.want, got.Str(), "%s %s", tc.method, tc.path)
		raw := lr.Body().Map().AsRaw()
		assert.Equal(t, tc.want, raw["details"].(map[string]any)["request"].(map[string]any)["path"], "%s %s", tc.method, tc.path)
	}
}

func scalarsKeys(v pcommon.Value) []string {
	var out []string
	switch v.Type() {
	case pcommon.ValueTypeMap:
		for k, child := range v.Map().All() {
			out = append(out, k)
			out = append(out, scalarsKeys(child)...)
		}
	case pcommon.ValueTypeSlice:
		for _, child := range v.Slice().All() {
			out = append(out, scalarsKeys(child)...)
		}
	}
	return out
}

func TestPersonName(t *testing.T) {
	r := newRedactor(t, Config{Fields: []Field{LastName}, Method: Mask})
	for _, tc := range []struct {
		name, json string
		masked     bool
	}{
		{"email after name", `{"body": {"name": "Alicia Smithson", "email": "a@b.c"}}`, true},
		{"email before name", `{"body": {"email": "a@b.c", "name": "Alicia Smithson"}}`, true},
		{"given_name beside", `{"x": {"given_name": "Alicia", "name": "Alicia Smithson"}}`, true},
		{"under user", `{"auth": {"user": {"name": "Alicia Smithson", "user_id": "u1"}}}`, true},
		{"under inviter", `{"invitation": {"inviter": {"name": "Alicia Smithson"}}}`, true},
		{"a prompt", `{"prompts": [{"name": "Alicia Smithson", "user_name": "x"}]}`, false},
		{"a client", `{"body": {"name": "Alicia Smithson", "app_type": "spa"}}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := eventMap(t, []byte(tc.json))
			r.Apply(body)
			text := scalars(mapValue(body))
			if tc.masked {
				assertAbsent(t, text, "Alicia Smithson")
				assertPresent(t, text, "A***** ********")
			} else {
				assertPresent(t, text, "Alicia Smithson")
			}
		})
	}
	// Dropping the email must not hide that the object is a person.
	drop := newRedactor(t, Config{Fields: []Field{Email}, Method: Drop, Methods: map[Field]Method{LastName: Mask}})
	body := eventMap(t, []byte(`{"body": {"email": "a@b.c", "name": "Alicia Smithson"}}`))
	drop.Apply(body)
	assert.Equal(t, map[string]any{"body": map[string]any{"name": "A***** ********"}}, body.AsRaw())
}

func TestMethodsPerField(t *testing.T) {
	r := newRedactor(t, Config{
		Fields: []Field{Email, Username}, Method: Hash, HashKey: testKey,
		Methods: map[Field]Method{Phone: Mask, Address: Drop, Username: Mask},
	})
	body := eventMap(t, []byte(`{"email": "alice@example.org", "user_name": "alice", "phone_number": "+15550001111",
		"address": "12 Secret Lane", "connection": "db"}`))
	assert.Equal(t, 4, r.Apply(body))
	raw := body.AsRaw()
	assert.Equal(t, r.hash("alice@example.org"), raw["email"])
	assert.Equal(t, "a****", raw["user_name"], "methods overrides method")
	assert.Equal(t, "+1**********", raw["phone_number"], "a field only in methods is redacted too")
	assert.NotContains(t, raw, "address")
	assert.Equal(t, "db", raw["connection"])
}

func TestApplyRecord(t *testing.T) {
	r := newRedactor(t, Config{Fields: allFields[:], Method: Hash, HashKey: testKey, Methods: map[Field]Method{Email: Drop}})
	lr := plog.NewLogRecord()
	eventMap(t, []byte(everyKey)).CopyTo(lr.Body().SetEmptyMap())
	lr.Attributes().PutStr("user.name", "alice.pii@example.org")
	lr.Attributes().PutStr("user.email", "alice.top@example.org")
	lr.Attributes().PutStr("user.full_name", "Alicia Smithson")
	lr.Attributes().PutStr("user.id", "auth0|keep-user-id")
	lr.Attributes().PutStr("auth0.connection.name", "Keep-Connection")
	r.ApplyRecord(lr)

	text := append(scalars(lr.Body()), scalars(mapValue(lr.Attributes()))...)
	for _, values := range clearValues {
		for _, v := range values {
			assertAbsent(t, text, v)
		}
	}
	for _, v := range kept {
		assertPresent(t, text, v)
	}
	attrs := lr.Attributes().AsRaw()
	assert.Equal(t, r.hash("alice.pii@example.org"), attrs["user.name"], "the attribute hashes like the body, so they still match")
	assert.NotContains(t, attrs, "user.email")
	assert.Equal(t, "auth0|keep-user-id", attrs["user.id"])
}

// TestNothingToRedactAllocatesNothing: an event without configured keys costs a walk, no
// allocation, and comes out unchanged.
func TestNothingToRedactAllocatesNothing(t *testing.T) {
	r := newRedactor(t, Config{Fields: []Field{Address}, Method: Hash, HashKey: testKey})
	for _, name := range eventNames(t) {
		body := eventMap(t, readEvent(t, name))
		before := eventMap(t, readEvent(t, name))
		allocs := testing.AllocsPerRun(100, func() { r.Apply(body) })
		assert.Zero(t, allocs, "%s: allocations without anything to redact", name)
		assert.True(t, before.Equal(body), "%s changed", name)
	}
}

func TestConcurrentUse(t *testing.T) {
	r := newRedactor(t, Config{Fields: allFields[:], Method: Hash, HashKey: testKey})
	want := eventMap(t, []byte(everyKey))
	r.Apply(want)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				body := eventMap(t, []byte(everyKey))
				r.Apply(body)
				assert.True(t, want.Equal(body))
			}
		})
	}
	wg.Wait()
}

// FuzzApply: no body makes Apply panic, and no covered key keeps a string value that Apply
// with mask would leave in clear.
func FuzzApply(f *testing.F) {
	f.Add([]byte(everyKey))
	f.Add([]byte(`{"name": {"email": [1, {"name": null}]}, "user": [{"name": "x y z"}]}`))
	f.Add([]byte(`{"address": [[["12 Lane"]]], "email": {"email": {"email": "e@e.e"}}}`))
	f.Add([]byte(`{"to": "k@a.t", "owners": ["m@a.e", ["x@y.z"]], "path": "/api/v2/users/a%40b.c?x=5%", "user_id": "email|u@v.w"}`))
	hash := newRedactor(f, Config{Fields: allFields[:], Method: Hash, HashKey: testKey})
	drop := newRedactor(f, Config{Fields: allFields[:], Method: Drop})
	f.Fuzz(func(t *testing.T, data []byte) {
		body, ok := fuzzMap(data)
		if !ok {
			return
		}
		hash.Apply(body)
		var check func(v pcommon.Value) // values only: keys are not redacted
		check = func(v pcommon.Value) {
			switch v.Type() {
			case pcommon.ValueTypeMap:
				for _, child := range v.Map().All() {
					check(child)
				}
			case pcommon.ValueTypeSlice:
				for _, child := range v.Slice().All() {
					check(child)
				}
			default:
				if hash.isEmail(v) {
					t.Fatalf("an email address survived hash: %q", v.Str())
				}
			}
		}
		check(mapValue(body))
		drop.Apply(body)
		for _, k := range scalarsKeys(mapValue(body)) {
			if f := fieldOf(k); f >= 0 {
				t.Fatalf("key %q survived drop", k)
			}
		}
	})
}

func fuzzMap(data []byte) (pcommon.Map, bool) {
	m := pcommon.NewMap()
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil || m.FromRaw(raw) != nil {
		return m, false
	}
	return m, true
}

func assertAbsent(t *testing.T, text []string, v string) {
	t.Helper()
	for _, s := range text {
		if strings.Contains(s, v) {
			t.Errorf("clear value %q survived in %q", v, s)
			return
		}
	}
}

func assertPresent(t *testing.T, text []string, v string) {
	t.Helper()
	for _, s := range text {
		if s == v || strings.HasSuffix(s, "|"+v) { // whole, or ending an identifier
			return
		}
	}
	t.Errorf("value %q was lost", v)
}

func contains(fields []Field, f Field) bool {
	return slices.Contains(fields, f)
}

func joinFields(fields []Field) string {
	if len(fields) == len(allFields) {
		return "all"
	}
	s := make([]string, len(fields))
	for i, f := range fields {
		s[i] = string(f)
	}
	return strings.Join(s, "+")
}

// TestAnEmailUnderAnyKey: an address that is a whole string value is the email field's under
// any key, in objects and in arrays (an invitation's owners, a notification's details.to); a
// text that merely contains one (a description) is not.
func TestAnEmailUnderAnyKey(t *testing.T) {
	const event = `{"description": "Invitation sent to marge@acme.example", "details": {"to": "ken@acme.test",
		"request": {"body": {"owners": ["marge@acme.example", "not an address", "x@y"], "roles": ["admin"]}}}}`
	for method, want := range map[Method]map[string]any{
		Drop: {"to": nil, "owners": []any{"not an address", "x@y"}},
		Mask: {"to": "k**@****.****", "owners": []any{"m****@****.*******", "not an address", "x@y"}},
	} {
		r := newRedactor(t, Config{Fields: []Field{Email}, Method: method, HashKey: testKey})
		body := eventMap(t, []byte(event))
		assert.Equal(t, 2, r.Apply(body), method)
		raw := body.AsRaw()
		details := raw["details"].(map[string]any)
		to, ok := details["to"]
		if want["to"] == nil {
			assert.False(t, ok, "drop removes details.to")
		} else {
			assert.Equal(t, want["to"], to, method)
		}
		assert.Equal(t, want["owners"], details["request"].(map[string]any)["body"].(map[string]any)["owners"], method)
		assert.Equal(t, "Invitation sent to marge@acme.example", raw["description"], "free text is not covered")
	}
	// Without the email field nothing changes.
	r := newRedactor(t, Config{Fields: []Field{Phone}, Method: Drop})
	body := eventMap(t, []byte(event))
	assert.Zero(t, r.Apply(body))
}
