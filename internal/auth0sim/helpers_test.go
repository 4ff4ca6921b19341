package auth0sim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// t0 is the fixed start of the tests' clocks.
var t0 = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

// clock is a settable Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: t0} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is a simulator behind a real local HTTP server (faults need real connections).
type env struct {
	sim *Simulator
	srv *httptest.Server
	hc  *http.Client
	tok string
}

func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	e := newBareEnv(t, opts)
	e.tok = e.token(t)
	return e
}

// newBareEnv is newEnv without a token.
func newBareEnv(t *testing.T, opts Options) *env {
	t.Helper()
	s := New(opts)
	srv := httptest.NewServer(s.Handler())
	tr := &http.Transport{}
	e := &env{sim: s, srv: srv, hc: &http.Client{Transport: tr}}
	t.Cleanup(func() {
		tr.CloseIdleConnections()
		srv.Close()
		s.Close()
	})
	return e
}

// token gets an access token with the default credentials.
func (e *env) token(t *testing.T) string {
	t.Helper()
	status, body := e.post(t, "/oauth/token", "application/x-www-form-urlencoded", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {"sim-client"}, "client_secret": {"sim-secret"},
		"audience": {"https://sim.us.auth0.com/api/v2/"},
	}.Encode())
	require.Equal(t, http.StatusOK, status, string(body))
	var tr struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.Unmarshal(body, &tr))
	return tr.AccessToken
}

func (e *env) post(t *testing.T, path, ctype, body string) (int, []byte) {
	t.Helper()
	resp, err := e.hc.Post(e.srv.URL+path, ctype, strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

// get calls the API with the env's token; path may be absolute (a Link URL).
func (e *env) get(t *testing.T, path string) (*http.Response, []byte) {
	t.Helper()
	return e.getWith(t, path, "Bearer "+e.tok)
}

func (e *env) getWith(t *testing.T, path, authorization string) (*http.Response, []byte) {
	t.Helper()
	if strings.HasPrefix(path, "/") {
		path = e.srv.URL + path
	}
	req, err := http.NewRequest(http.MethodGet, path, http.NoBody)
	require.NoError(t, err)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	resp, err := e.hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, b
}

// page decodes a checkpoint page into its events.
func page(t *testing.T, body []byte) []map[string]any {
	t.Helper()
	var evs []map[string]any
	require.NoError(t, json.Unmarshal(body, &evs), string(body))
	return evs
}

// nextLink extracts the rel="next" URL of a Link header.
func nextLink(t *testing.T, h http.Header) string {
	t.Helper()
	l := h.Get("Link")
	require.True(t, strings.HasPrefix(l, "<") && strings.HasSuffix(l, `>; rel="next"`), "Link %q", l)
	return l[1 : len(l)-len(`>; rel="next"`)]
}

// issue gets a token from an in-process handler (benchmarks).
func issue(tb testing.TB, h http.Handler) string {
	req := httptest.NewRequest(http.MethodPost, "/oauth/token", strings.NewReader(url.Values{
		"grant_type": {"client_credentials"}, "client_id": {"sim-client"}, "client_secret": {"sim-secret"},
		"audience": {"https://sim.us.auth0.com/api/v2/"},
	}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var tr struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &tr); err != nil || tr.AccessToken == "" {
		tb.Fatalf("token: %d %s", rec.Code, rec.Body)
	}
	return tr.AccessToken
}
