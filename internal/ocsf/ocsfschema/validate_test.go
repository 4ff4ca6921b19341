package ocsfschema

import (
	"maps"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The schema subset the receiver's tests use.
var testdata = filepath.Join("..", "testdata", "ocsf-schema")

func newValidator(t *testing.T) *Validator {
	t.Helper()
	s, err := Load(testdata)
	require.NoError(t, err)
	require.Equal(t, "1.5.0", s.Version)
	v, err := NewValidator(s)
	require.NoError(t, err)
	return v
}

// logon is a small valid Authentication event, written by hand from the OCSF 1.5 documentation.
func logon() map[string]any {
	return map[string]any{
		"activity_id": int64(1), "activity_name": "Logon",
		"category_uid": int64(3), "category_name": "Identity & Access Management",
		"class_uid": int64(3002), "class_name": "Authentication",
		"type_uid": int64(300201), "type_name": "Authentication: Logon",
		"severity_id": int64(1), "severity": "Informational",
		"status_id": int64(1), "status": "Success",
		"time": int64(1700000000000),
		"metadata": map[string]any{
			"version":  "1.5.0",
			"product":  map[string]any{"name": "Auth0", "vendor_name": "Okta"},
			"profiles": []any{"cloud"},
		},
		"cloud":        map[string]any{"provider": "Auth0"},
		"user":         map[string]any{"uid": "auth0|1", "name": "jane", "type_id": int64(1), "type": "User"},
		"dst_endpoint": map[string]any{"hostname": "acme.us.auth0.com"},
		"src_endpoint": map[string]any{"ip": "192.0.2.1", "location": map[string]any{"country": "DE", "lat": 50.1, "long": 8.6}},
		"is_mfa":       true,
	}
}

// clone copies an event deeply enough for the edits below.
func clone(m map[string]any) map[string]any {
	out := maps.Clone(m)
	for k, v := range out {
		if sub, ok := v.(map[string]any); ok {
			out[k] = clone(sub)
		}
	}
	return out
}

func TestValidEventPasses(t *testing.T) {
	require.NoError(t, newValidator(t).Validate(logon()))
}

// TestEachViolationIsCaught: every rule the validation claims to check makes it fail, with the
// location of the fault in the message.
func TestEachViolationIsCaught(t *testing.T) {
	v := newValidator(t)
	for _, tc := range []struct {
		name string
		edit func(e map[string]any)
		want string // part of the message
	}{
		{"unknown attribute", func(e map[string]any) { e["login_count"] = int64(3) }, "login_count"},
		{"unknown attribute in an object", func(e map[string]any) { e["user"].(map[string]any)["nickname"] = "j" }, "nickname"},
		{"wrong type", func(e map[string]any) { e["is_mfa"] = "yes" }, "/is_mfa"},
		{"a Double for an integer", func(e map[string]any) { e["time"] = 1700000000000.0 }, "ocsf-integer"},
		{"an Int for a float", func(e map[string]any) {
			e["src_endpoint"].(map[string]any)["location"].(map[string]any)["lat"] = int64(50)
		}, "ocsf-float"},
		{"required attribute missing", func(e map[string]any) { delete(e, "user") }, "user"},
		{"required attribute of an object missing", func(e map[string]any) { delete(e["cloud"].(map[string]any), "provider") }, "provider"},
		{"enum value unknown", func(e map[string]any) { e["activity_id"] = int64(42) }, "/activity_id"},
		{"enum caption wrong", func(e map[string]any) { e["activity_name"] = "Logoff" }, "/activity_name"},
		{"type_uid not class_uid*100+activity_id", func(e map[string]any) { e["type_uid"] = int64(300202); e["type_name"] = "Authentication: Logoff" }, "/type_uid"},
		{"class_uid of another class", func(e map[string]any) { e["class_uid"] = int64(3001) }, "class_name"},
		{"constraint at_least_one", func(e map[string]any) { delete(e, "dst_endpoint") }, "missing property 'service'"},
		{"object constraint at_least_one", func(e map[string]any) { e["user"] = map[string]any{"type_id": int64(1), "type": "User"} }, "/user"},
		{"regex of the type", func(e map[string]any) { e["src_endpoint"].(map[string]any)["ip"] = "not an address" }, "/src_endpoint/ip"},
		{"profile attribute without its profile", func(e map[string]any) { e["metadata"].(map[string]any)["profiles"] = []any{} }, "cloud"},
		{"profile requirement", func(e map[string]any) { delete(e, "cloud") }, "cloud"},
		{"deprecated attribute", func(e map[string]any) { e["src_endpoint"].(map[string]any)["location"].(map[string]any)["isp"] = "x" }, "ocsf-deprecated"},
		{"metadata.version", func(e map[string]any) { e["metadata"].(map[string]any)["version"] = "1.4.0" }, "/metadata/version"},
		{"unknown profile", func(e map[string]any) { e["metadata"].(map[string]any)["profiles"] = []any{"cloud", "nope"} }, "nope"},
		{"object not kept in the subset", func(e map[string]any) { e["device"] = map[string]any{"type_id": int64(5)} }, "device"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := clone(logon())
			tc.edit(e)
			err := v.Validate(e)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestProfilesAreHonoured: the host profile brings device and actor; the datetime profile, which
// this compiler does not generate, is refused rather than ignored.
func TestProfilesAreHonoured(t *testing.T) {
	v := newValidator(t)
	e := logon()
	e["actor"] = map[string]any{"app_name": "Default App"}
	require.NoError(t, v.Validate(e), "actor is an Authentication attribute, not the host profile's")
	e["metadata"].(map[string]any)["profiles"] = []any{"cloud", "datetime"}
	assert.ErrorContains(t, v.Validate(e), "datetime")
}

// TestResolution checks the compiler's inheritance against facts of OCSF 1.5.
func TestResolution(t *testing.T) {
	s, err := Load(testdata)
	require.NoError(t, err)
	auth, err := s.class("authentication")
	require.NoError(t, err)
	assert.Equal(t, 3002, auth.UID)
	assert.Equal(t, "Logon", auth.Attributes["activity_id"].Enum["1"], "the class's activities")
	assert.Equal(t, "Other", auth.Attributes["activity_id"].Enum["99"], "base_event's activities merged in")
	assert.Equal(t, "Authentication: Preauth", auth.Attributes["type_uid"].Enum["300206"])
	assert.Equal(t, "required", auth.Attributes["user"].Requirement, "the class overrides the dictionary")
	assert.Equal(t, "cloud", auth.Attributes["cloud"].Profile, "brought by base_event's cloud profile")
	assert.Empty(t, auth.Attributes["actor"].Profile, `iam sets "profile": null`)
	assert.Equal(t, "network_endpoint", auth.Attributes["src_endpoint"].ObjectType)

	user, err := s.object("user")
	require.NoError(t, err)
	assert.Equal(t, "username_t", user.Attributes["name"].Type, "the object overrides the type")
	assert.Equal(t, []string{"account", "name", "uid"}, user.Constraints["at_least_one"])
	ep, err := s.object("network_endpoint")
	require.NoError(t, err)
	assert.Equal(t, "Mobile", ep.Attributes["type_id"].Enum["5"], "inherited from endpoint")
	assert.NotEmpty(t, ep.Constraints["at_least_one"])

	api, err := s.class("api_activity")
	require.NoError(t, err)
	assert.Equal(t, 6003, api.UID)
	assert.Empty(t, api.Attributes["api"].Profile, "API Activity makes api its own")

	_, err = s.class("detection_finding")
	assert.ErrorIs(t, err, errNotKept)
}
