package auth0sim

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2/clientcredentials"
)

const aud = "https://sim.us.auth0.com/api/v2/"

func form(kv ...string) string {
	v := url.Values{}
	for i := 0; i < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1]) //nolint:gosec // G602: every caller passes key, value pairs
	}
	return v.Encode()
}

func TestTokenEndpoint(t *testing.T) {
	e := newEnv(t, Options{Now: newClock().Now, TokenTTL: time.Hour})
	const ctForm = "application/x-www-form-urlencoded"

	status, body := e.post(t, "/oauth/token", ctForm, form("grant_type", "client_credentials",
		"client_id", "sim-client", "client_secret", "sim-secret", "audience", aud))
	require.Equal(t, http.StatusOK, status)
	var tr map[string]any
	require.NoError(t, json.Unmarshal(body, &tr))
	assert.Equal(t, "Bearer", tr["token_type"])
	assert.Equal(t, float64(3600), tr["expires_in"])
	assert.Equal(t, "read:logs", tr["scope"])
	assert.NotEmpty(t, tr["access_token"])

	status, body = e.post(t, "/oauth/token", "application/json",
		`{"grant_type":"client_credentials","client_id":"sim-client","client_secret":"sim-secret","audience":"`+aud+`"}`)
	assert.Equal(t, http.StatusOK, status, "JSON bodies are accepted too: %s", body)

	for _, tc := range []struct {
		name   string
		body   string
		status int
		want   string
	}{
		{
			"wrong secret", form("grant_type", "client_credentials", "client_id", "sim-client", "client_secret", "nope", "audience", aud),
			401, `{"error":"access_denied","error_description":"Unauthorized"}`,
		},
		{
			"unknown client", form("grant_type", "client_credentials", "client_id", "other", "client_secret", "sim-secret", "audience", aud),
			401, `{"error":"access_denied","error_description":"Unauthorized"}`,
		},
		{
			"no audience", form("grant_type", "client_credentials", "client_id", "sim-client", "client_secret", "sim-secret"),
			403, `{"error":"access_denied","error_description":"No audience parameter was provided, and no default audience has been configured"}`,
		},
		{
			"password grant", form("grant_type", "password", "client_id", "sim-client", "client_secret", "sim-secret", "audience", aud),
			403, `{"error":"unauthorized_client","error_description":"Grant type 'password' not allowed for the client."}`,
		},
		{
			"no grant type", form("client_id", "sim-client"), 400,
			`{"error":"invalid_request","error_description":"Missing required parameter: grant_type"}`,
		},
	} {
		status, body := e.post(t, "/oauth/token", ctForm, tc.body)
		assert.Equal(t, tc.status, status, tc.name)
		assert.JSONEq(t, tc.want, string(body), tc.name)
	}
	assert.Equal(t, int64(2), e.sim.Stats().TokensIssued-1, "the env's own token, then the two above")
}

func TestTokenAudienceAndGrant(t *testing.T) {
	e := newBareEnv(t, Options{Audience: aud})
	status, body := e.post(t, "/oauth/token", "application/x-www-form-urlencoded", form("grant_type", "client_credentials",
		"client_id", "sim-client", "client_secret", "sim-secret", "audience", "https://other.example/api/"))
	assert.Equal(t, http.StatusForbidden, status)
	assert.JSONEq(t, `{"error":"access_denied","error_description":"Client is not authorized to access \"https://other.example/api/\". You need to create a \"client-grant\" associated to this API."}`, string(body))

	e = newBareEnv(t, Options{DenyGrant: true})
	status, body = e.post(t, "/oauth/token", "application/x-www-form-urlencoded", form("grant_type", "client_credentials",
		"client_id", "sim-client", "client_secret", "sim-secret", "audience", aud))
	assert.Equal(t, http.StatusForbidden, status)
	assert.Contains(t, string(body), `Client is not authorized to access`)
}

// TestOAuth2Client: golang.org/x/oauth2's client-credentials flow (Basic auth first, as its
// auto-detection does) gets a token the API accepts.
func TestOAuth2Client(t *testing.T) {
	e := newEnv(t, Options{Backlog: 5, Now: newClock().Now})
	cfg := clientcredentials.Config{
		ClientID: "sim-client", ClientSecret: "sim-secret", TokenURL: e.srv.URL + "/oauth/token",
		EndpointParams: url.Values{"audience": {aud}},
	}
	hc := cfg.Client(context.Background())
	resp, err := hc.Get(e.srv.URL + "/api/v2/logs?take=5&from=")
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, int64(2), e.sim.Stats().TokenRequests, "Basic auth worked at the first try")
	hc.CloseIdleConnections()
}

func TestAPIAuthErrors(t *testing.T) {
	c := newClock()
	e := newEnv(t, Options{Backlog: 5, Now: c.Now, TokenTTL: time.Minute})
	for _, tc := range []struct {
		name, auth string
		status     int
		want       string
	}{
		{"missing", "", 401, `{"statusCode":401,"error":"Unauthorized","message":"Missing authentication"}`},
		{"not bearer", "Basic abc", 400, bodyBadHeader},
		{"garbage", "Bearer abc.def.ghi", 401, bodyInvalid},
		{"forged", "Bearer " + e.tok[:len(e.tok)-4] + "AAAA", 401, bodyInvalid},
	} {
		resp, body := e.getWith(t, "/api/v2/logs?from=", tc.auth)
		assert.Equal(t, tc.status, resp.StatusCode, tc.name)
		assert.JSONEq(t, tc.want, string(body), tc.name)
	}

	resp, _ := e.get(t, "/api/v2/logs?from=")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	c.Add(time.Minute + time.Millisecond)
	resp, body := e.get(t, "/api/v2/logs?from=")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.JSONEq(t, `{"statusCode":401,"error":"Unauthorized","message":"Expired token received for JSON Web Token validation","attributes":{"error":"Expired token received for JSON Web Token validation"}}`, string(body))
	e.tok = e.token(t)
	resp, _ = e.get(t, "/api/v2/logs?from=")
	assert.Equal(t, http.StatusOK, resp.StatusCode, "a new token works again")
}

func TestAPIInsufficientScope(t *testing.T) {
	e := newEnv(t, Options{Now: newClock().Now, Scopes: []string{"read:users", "read:clients"}})
	resp, body := e.get(t, "/api/v2/logs?from=")
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.JSONEq(t, `{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:logs,read:logs_users","errorCode":"insufficient_scope"}`, string(body))

	e = newEnv(t, Options{Now: newClock().Now, Scopes: []string{"read:logs_users"}})
	resp, _ = e.get(t, "/api/v2/logs?from=")
	assert.Equal(t, http.StatusOK, resp.StatusCode, "read:logs_users is enough")
}
