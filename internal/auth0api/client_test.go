package auth0api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testClientID = "m2m-client-id"
	testSecret   = "s3cr3t-Do-Not-Leak-7f2c9a"
	testStatic   = "static-mgmt-token-Do-Not-Leak-51be"
	tokenMarker  = "opaque-access-token" // part of every token the fake tenant issues
	testPage     = `[{"log_id":"90020240101000000000000000000000000000000000000000001","type":"s"}]`
)

// fakeTenant is an Auth0 tenant on httptest: /oauth/token and /api/v2/logs, with handlers a
// test can replace and counters it can read.
type fakeTenant struct {
	t   *testing.T
	srv *httptest.Server

	mu         sync.Mutex
	tokenCalls int
	apiCalls   int
	tokenForms []url.Values
	tokenReqs  []*http.Request
	apiAuth    []string
	apiReqs    []*http.Request

	expiresIn int
	// token answers the nth (1-based) token request; default issues tok-<n>.
	token func(w http.ResponseWriter, r *http.Request, n int)
	// api answers the nth API request; default serves testPage with a Link header.
	api func(w http.ResponseWriter, r *http.Request, n int)
}

func newFakeTenant(t *testing.T) *fakeTenant {
	t.Helper()
	f := &fakeTenant{t: t, expiresIn: 86400}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeTenant) serve(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/oauth/token":
		if err := r.ParseForm(); err != nil {
			f.t.Errorf("token request: %v", err)
		}
		f.mu.Lock()
		f.tokenCalls++
		n := f.tokenCalls
		f.tokenForms = append(f.tokenForms, r.PostForm)
		f.tokenReqs = append(f.tokenReqs, r)
		h := f.token
		f.mu.Unlock()
		if h != nil {
			h(w, r, n)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"tok-%d-%s","expires_in":%d,"scope":"read:logs","token_type":"Bearer"}`, n, tokenMarker, f.expiresIn)
	case "/api/v2/logs":
		f.mu.Lock()
		f.apiCalls++
		n := f.apiCalls
		f.apiAuth = append(f.apiAuth, r.Header.Get("Authorization"))
		f.apiReqs = append(f.apiReqs, r)
		h := f.api
		f.mu.Unlock()
		if h != nil {
			h(w, r, n)
			return
		}
		servePage(w, r)
	default:
		http.NotFound(w, r)
	}
}

func servePage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Link", `<https://`+r.Host+`/api/v2/logs?take=`+r.URL.Query().Get("take")+`&from=90020240101000000000000000000000000000000000000000001>; rel="next"`)
	_, _ = io.WriteString(w, testPage)
}

// answer is a handler that answers status with body, after setting header.
func answer(status int, body string, header map[string]string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, _ int) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func (f *fakeTenant) counts() (token, api int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tokenCalls, f.apiCalls
}

func (f *fakeTenant) config() Config {
	return Config{
		Endpoint:     f.srv.URL + "/",
		Audience:     "https://acme.us.auth0.com/api/v2/",
		ClientID:     testClientID,
		ClientSecret: testSecret,
		PageSize:     100,
	}
}

func (f *fakeTenant) client(cfg Config) *Client {
	c := New(cfg, f.srv.Client())
	f.t.Cleanup(c.CloseIdleConnections)
	return c
}

// fetch calls FetchPage on the first page and checks any error for leaked secrets.
func fetch(t *testing.T, c *Client) (*Page, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p, err := c.FetchPage(ctx, c.FirstPageURL("900"))
	assertNoSecret(t, err)
	return p, err
}

// assertNoSecret checks the error text, its %+v and %#v renderings and every error in its
// chain for the client secret, the static token and any issued access token.
func assertNoSecret(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var texts []string
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		texts = append(texts, e.Error(), fmt.Sprintf("%+v", e))
		switch u := e.(type) { //nolint:errorlint // walks the wrap chain itself, every link's text
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		}
	}
	walk(err)
	if ae, ok := errors.AsType[*Error](err); ok {
		texts = append(texts, ae.Message)
	}
	for _, s := range texts {
		for _, secret := range []string{testSecret, testStatic, tokenMarker} {
			if strings.Contains(s, secret) {
				t.Errorf("error text leaks %q: %s", secret, s)
			}
		}
	}
}

func asError(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *auth0api.Error", err, err)
	}
	return e
}

func TestFirstPageURL(t *testing.T) {
	c := New(Config{Endpoint: "https://acme.us.auth0.com/", PageSize: 50, APIToken: "x"}, nil)
	defer c.CloseIdleConnections()
	if got, want := c.FirstPageURL("900202401011200"), "https://acme.us.auth0.com/api/v2/logs?from=900202401011200&take=50"; got != want {
		t.Errorf("FirstPageURL = %q, want %q", got, want)
	}
	c = New(Config{Endpoint: "https://acme.us.auth0.com", PageSize: 100, APIToken: "x"}, nil)
	defer c.CloseIdleConnections()
	if got, want := c.FirstPageURL(""), "https://acme.us.auth0.com/api/v2/logs?from=&take=100"; got != want {
		t.Errorf("FirstPageURL without a trailing slash = %q, want %q", got, want)
	}
}

func TestTokenRequestAndCaching(t *testing.T) {
	f := newFakeTenant(t)
	c := f.client(f.config())
	for i := range 3 {
		p, err := fetch(t, c)
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		if string(p.Body) != testPage {
			t.Errorf("page %d body = %q", i, p.Body)
		}
	}
	tokens, api := f.counts()
	if tokens != 1 || api != 3 {
		t.Fatalf("token calls %d, api calls %d; want 1 and 3 (token cached across pages)", tokens, api)
	}
	form := f.tokenForms[0]
	want := map[string]string{
		"grant_type":    "client_credentials",
		"client_id":     testClientID,
		"client_secret": testSecret,
		"audience":      "https://acme.us.auth0.com/api/v2/",
	}
	for k, v := range want {
		if got := form.Get(k); got != v {
			t.Errorf("token form %s = %q, want %q", k, got, v)
		}
	}
	tr := f.tokenReqs[0]
	if tr.Method != http.MethodPost || !strings.HasPrefix(tr.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		t.Errorf("token request %s %q, want a form POST", tr.Method, tr.Header.Get("Content-Type"))
	}
	if tr.Header.Get("Authorization") != "" {
		t.Errorf("token request sent credentials in a header too: want them in the form only")
	}
	if ua := tr.Header.Get("User-Agent"); ua != DefaultUserAgent {
		t.Errorf("token request User-Agent %q, want %q", ua, DefaultUserAgent)
	}
	for i, a := range f.apiAuth {
		if a != "Bearer tok-1-"+tokenMarker {
			t.Errorf("API call %d Authorization %q", i, a)
		}
	}
	ar := f.apiReqs[0]
	if ar.Header.Get("Accept") != "application/json" || ar.Header.Get("User-Agent") != DefaultUserAgent {
		t.Errorf("API request Accept %q User-Agent %q", ar.Header.Get("Accept"), ar.Header.Get("User-Agent"))
	}
}

// A token is renewed before it expires, by a margin that fits its lifetime: with 1-second
// tokens, a fixed 30-second margin would fetch a new token for every request.
func TestShortLivedTokensAreReusedUntilNearExpiry(t *testing.T) {
	f := newFakeTenant(t)
	f.expiresIn = 1
	c := f.client(f.config())
	requests := 0
	for began := time.Now(); time.Since(began) < 2*time.Second; requests++ {
		if _, err := fetch(t, c); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond) // a steady stream of requests, not a tight loop
	}
	tokens, _ := f.counts()
	if tokens < 2 || tokens > 4 {
		t.Fatalf("%d tokens for %d requests over 2 s of 1-second tokens, want 2 to 4 (one per 0.8 s)", tokens, requests)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if got, want := f.apiAuth[len(f.apiAuth)-1], fmt.Sprintf("Bearer tok-%d-%s", tokens, tokenMarker); got != want {
		t.Errorf("the last request carried %q, want the newest token %q", got, want)
	}
}

func TestEarlyExpiryFitsTheLifetime(t *testing.T) {
	for lifetime, want := range map[time.Duration]time.Duration{
		24 * time.Hour:    30 * time.Second,
		10 * time.Minute:  30 * time.Second,
		100 * time.Second: 20 * time.Second,
		20 * time.Second:  4 * time.Second,
		time.Second:       200 * time.Millisecond,
		0:                 0,
		-time.Second:      0,
	} {
		if got := earlyExpiry(lifetime); got != want {
			t.Errorf("earlyExpiry(%v) = %v, want %v", lifetime, got, want)
		}
	}
}

const expiredBody = `{"statusCode":401,"error":"Unauthorized","message":"Expired token received for JSON Web Token validation","attributes":{"error":"Expired token received for JSON Web Token validation"}}`

func TestUnauthorizedRefreshesTokenOnce(t *testing.T) {
	f := newFakeTenant(t)
	f.api = func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.Header.Get("Authorization") == "Bearer tok-1-"+tokenMarker {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, expiredBody)
			return
		}
		servePage(w, r)
	}
	c := f.client(f.config())
	p, err := fetch(t, c)
	if err != nil {
		t.Fatalf("want success after one refresh: %v", err)
	}
	if string(p.Body) != testPage {
		t.Errorf("body %q", p.Body)
	}
	if tokens, api := f.counts(); tokens != 2 || api != 2 {
		t.Errorf("token calls %d, api calls %d; want 2 and 2", tokens, api)
	}
	// The fresh token is kept.
	if _, err := fetch(t, c); err != nil {
		t.Fatal(err)
	}
	if tokens, _ := f.counts(); tokens != 2 {
		t.Errorf("%d token calls, want the refreshed token reused", tokens)
	}
}

func TestUnauthorizedTwice(t *testing.T) {
	f := newFakeTenant(t)
	f.api = answer(http.StatusUnauthorized, `{"statusCode":401,"error":"Unauthorized","message":"Invalid token"}`,
		map[string]string{"WWW-Authenticate": `Token error="Invalid token"`})
	c := f.client(f.config())
	_, err := fetch(t, c)
	e := asError(t, err)
	if e.Kind != KindUnauthorized || e.StatusCode != http.StatusUnauthorized || e.Message != "Invalid token" || e.TokenEndpoint {
		t.Errorf("got %+v, want KindUnauthorized 401 'Invalid token' from the API", e)
	}
	if !strings.Contains(e.Error(), "audience") {
		t.Errorf("error %q should say what to check", e.Error())
	}
	if tokens, api := f.counts(); tokens != 2 || api != 2 {
		t.Errorf("token calls %d, api calls %d; want exactly one retry", tokens, api)
	}
}

func TestTokenEndpointErrors(t *testing.T) {
	cases := []struct {
		name       string
		status     int
		header     map[string]string
		body       string
		kind       Kind
		code       string
		msg        string
		retryAfter time.Duration
	}{
		{"wrong secret", 401, nil, `{"error":"access_denied","error_description":"Unauthorized"}`, KindUnauthorized, "access_denied", "Unauthorized", 0},
		{"no client grant", 403, nil, `{"error":"access_denied","error_description":"Client is not authorized to access \"https://acme.us.auth0.com/api/v2/\". You need to create a \"client-grant\" associated to this API."}`, KindUnauthorized, "access_denied", "Client is not authorized", 0},
		{"invalid_client on 400", 400, nil, `{"error":"invalid_client","error_description":"Client authentication failed"}`, KindUnauthorized, "invalid_client", "Client authentication failed", 0},
		{"bad request", 400, nil, `{"error":"invalid_request","error_description":"Missing required parameter: audience"}`, KindBadRequest, "invalid_request", "Missing required parameter", 0},
		{"quota", 429, map[string]string{"Retry-After": "7"}, `{"error":"too_many_requests","error_description":"Client quota exceeded"}`, KindRateLimited, "too_many_requests", "Client quota exceeded", 7 * time.Second},
		{"outage", 503, nil, `<html>upstream unavailable</html>`, KindTransient, "", "upstream unavailable", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeTenant(t)
			header := map[string]string{"Content-Type": "application/json"}
			maps.Copy(header, tc.header)
			f.token = answer(tc.status, tc.body, header)
			c := f.client(f.config())
			_, err := fetch(t, c)
			e := asError(t, err)
			if e.Kind != tc.kind || e.StatusCode != tc.status || e.ErrorCode != tc.code || !e.TokenEndpoint {
				t.Errorf("got kind %v status %d code %q token endpoint %v; want %v %d %q true", e.Kind, e.StatusCode, e.ErrorCode, e.TokenEndpoint, tc.kind, tc.status, tc.code)
			}
			if !strings.Contains(e.Message, tc.msg) {
				t.Errorf("message %q, want it to contain %q", e.Message, tc.msg)
			}
			if e.RetryAfter != tc.retryAfter {
				t.Errorf("RetryAfter %v, want %v", e.RetryAfter, tc.retryAfter)
			}
			if tc.kind == KindUnauthorized && !strings.Contains(e.Error(), "client_secret") {
				t.Errorf("error %q should name the credentials to check", e.Error())
			}
			if _, api := f.counts(); api != 0 {
				t.Errorf("API called %d times without a token", api)
			}
		})
	}
}

func TestStaticAPIToken(t *testing.T) {
	f := newFakeTenant(t)
	cfg := f.config()
	cfg.ClientID, cfg.ClientSecret, cfg.APIToken = "", "", testStatic
	c := f.client(cfg)
	if _, err := fetch(t, c); err != nil {
		t.Fatal(err)
	}
	if got := f.apiAuth[0]; got != "Bearer "+testStatic {
		t.Errorf("Authorization %q", got)
	}
	f.mu.Lock()
	f.api = answer(http.StatusUnauthorized, expiredBody, nil)
	f.mu.Unlock()
	_, err := fetch(t, c)
	e := asError(t, err)
	if e.Kind != KindUnauthorized || !strings.Contains(e.Error(), "api_token") {
		t.Errorf("got %v (%v), want KindUnauthorized naming api_token", e.Kind, e)
	}
	if tokens, api := f.counts(); tokens != 0 || api != 2 {
		t.Errorf("token calls %d, api calls %d; want 0 and 2 (no retry with a static token)", tokens, api)
	}
}

func TestForbiddenInsufficientScope(t *testing.T) {
	f := newFakeTenant(t)
	f.api = answer(http.StatusForbidden,
		`{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:logs,read:logs_users","errorCode":"insufficient_scope"}`,
		map[string]string{"Content-Type": "application/json"})
	c := f.client(f.config())
	_, err := fetch(t, c)
	e := asError(t, err)
	if e.Kind != KindForbidden || e.ErrorCode != "insufficient_scope" || !strings.Contains(e.Message, "read:logs") {
		t.Errorf("got %+v", e)
	}
	want := "auth0 API 403 Forbidden (insufficient_scope): Insufficient scope, expected any of: read:logs,read:logs_users; grant the read:logs scope to the application"
	if e.Error() != want {
		t.Errorf("Error() =\n%s\nwant\n%s", e.Error(), want)
	}
	if tokens, api := f.counts(); tokens != 1 || api != 1 {
		t.Errorf("token calls %d, api calls %d; a 403 is not retried", tokens, api)
	}
}

func TestBadRequestAndServerErrors(t *testing.T) {
	cases := []struct {
		status int
		body   string
		kind   Kind
		msg    string
	}{
		{400, `{"statusCode":400,"error":"Bad Request","message":"Invalid request query string. The message is: invalid from","errorCode":"invalid_query_string"}`, KindBadRequest, "invalid from"},
		{404, `{"statusCode":404,"error":"Not Found","message":"Not Found"}`, KindBadRequest, "Not Found"},
		{414, ``, KindBadRequest, ""},
		{500, `{"statusCode":500,"error":"Internal Server Error","message":"An internal server error occurred"}`, KindTransient, "internal server error"},
		{502, `<html><body>Bad gateway</body></html>`, KindTransient, "Bad gateway"},
		{503, `{"statusCode":503,"error":"Service Unavailable","message":"Service Unavailable"}`, KindTransient, "Service Unavailable"},
	}
	for _, tc := range cases {
		t.Run(strconv.Itoa(tc.status), func(t *testing.T) {
			f := newFakeTenant(t)
			f.api = answer(tc.status, tc.body, nil)
			c := f.client(f.config())
			_, err := fetch(t, c)
			e := asError(t, err)
			if e.Kind != tc.kind || e.StatusCode != tc.status || !strings.Contains(e.Message, tc.msg) {
				t.Errorf("got kind %v status %d message %q; want %v %d containing %q", e.Kind, e.StatusCode, e.Message, tc.kind, tc.status, tc.msg)
			}
			if _, api := f.counts(); api != 1 {
				t.Errorf("%d API calls: the client does not retry, the caller does", api)
			}
		})
	}
}

func TestRateLimited(t *testing.T) {
	// The headers are made when the case runs: a date or reset made earlier ages while the
	// cases before it run.
	cases := []struct {
		name   string
		header func(now time.Time) map[string]string
		min    time.Duration
		max    time.Duration
	}{
		{"Retry-After seconds", func(time.Time) map[string]string { return map[string]string{"Retry-After": "3"} }, 3 * time.Second, 3 * time.Second},
		{"Retry-After date", func(now time.Time) map[string]string {
			return map[string]string{"Retry-After": now.Add(5 * time.Second).UTC().Format(http.TimeFormat)}
		}, 3 * time.Second, 5 * time.Second},
		{"x-ratelimit-reset only", func(now time.Time) map[string]string {
			return map[string]string{"X-Ratelimit-Limit": "10", "X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": strconv.FormatInt(now.Add(2*time.Second).Unix()+1, 10)}
		}, time.Second, 3 * time.Second},
		{"reset in the past", func(now time.Time) map[string]string {
			return map[string]string{"X-Ratelimit-Limit": "10", "X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": strconv.FormatInt(now.Unix()-5, 10)}
		}, minResetWait, minResetWait},
		{"neither", func(time.Time) map[string]string { return nil }, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeTenant(t)
			f.api = answer(http.StatusTooManyRequests,
				`{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached","errorCode":"too_many_requests"}`, tc.header(time.Now()))
			c := f.client(f.config())
			_, err := fetch(t, c)
			e := asError(t, err)
			if e.Kind != KindRateLimited || e.ErrorCode != "too_many_requests" || e.Message != "Global limit has been reached" {
				t.Errorf("got %+v", e)
			}
			if e.RetryAfter < tc.min || e.RetryAfter > tc.max {
				t.Errorf("RetryAfter %v, want %v..%v", e.RetryAfter, tc.min, tc.max)
			}
		})
	}
}

// TestRateLimitedBlocksNextRequest: a caller that retries at once after a 429 does not reach
// the server before the wait is over, and a cancelled ctx ends the wait.
func TestRateLimitedBlocksNextRequest(t *testing.T) {
	for _, header := range []string{"1", ""} { // Retry-After: 1, and no hint at all
		t.Run("Retry-After="+header, func(t *testing.T) {
			f := newFakeTenant(t)
			f.api = func(w http.ResponseWriter, r *http.Request, n int) {
				if n == 1 {
					if header != "" {
						w.Header().Set("Retry-After", header)
					}
					w.WriteHeader(http.StatusTooManyRequests)
					return
				}
				servePage(w, r)
			}
			c := f.client(f.config())
			if _, err := fetch(t, c); asError(t, err).Kind != KindRateLimited {
				t.Fatalf("first call: %v", err)
			}

			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err := c.FetchPage(ctx, c.FirstPageURL("900"))
			assertNoSecret(t, err)
			if e := asError(t, err); e.Kind != KindTransient || !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("cancelled wait: got %v, want KindTransient wrapping the ctx error", err)
			}
			if d := time.Since(start); d > 500*time.Millisecond {
				t.Errorf("cancelled wait took %v", d)
			}

			if _, err := fetch(t, c); err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d < 900*time.Millisecond {
				t.Errorf("retry reached the server %v after the 429, want >= 1s", d)
			}
			if _, api := f.counts(); api != 2 {
				t.Errorf("%d API calls, want 2", api)
			}
		})
	}
}

func TestTruncatedBody(t *testing.T) {
	cases := map[string]func(w http.ResponseWriter, r *http.Request){
		"Content-Length larger than sent": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Length", "1000")
			_, _ = io.WriteString(w, testPage[:20])
		},
		"connection closed mid chunked body": func(w http.ResponseWriter, _ *http.Request) {
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n", 20, testPage[:20])
			_ = buf.Flush()
		},
		"connection closed mid body with Content-Length": func(w http.ResponseWriter, _ *http.Request) {
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(testPage), testPage[:20])
			_ = buf.Flush()
		},
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			f := newFakeTenant(t)
			f.api = func(w http.ResponseWriter, r *http.Request, _ int) { h(w, r) }
			c := f.client(f.config())
			p, err := fetch(t, c)
			if err == nil {
				t.Fatalf("got page %q, want an error", p.Body)
			}
			if e := asError(t, err); e.Kind != KindTransient || e.StatusCode != 0 {
				t.Errorf("got %v status %d, want KindTransient", e.Kind, e.StatusCode)
			}
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("error %v does not wrap io.ErrUnexpectedEOF", err)
			}
		})
	}
}

func TestConnectionReset(t *testing.T) {
	f := newFakeTenant(t)
	f.api = func(w http.ResponseWriter, _ *http.Request, _ int) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		_ = conn.(*net.TCPConn).SetLinger(0) // close with RST
		conn.Close()
	}
	c := f.client(f.config())
	_, err := fetch(t, c)
	if e := asError(t, err); e.Kind != KindTransient || e.StatusCode != 0 || e.Message == "" {
		t.Errorf("got %+v, want KindTransient with the transport error", e)
	}
}

func TestTimeout(t *testing.T) {
	f := newFakeTenant(t)
	f.api = func(_ http.ResponseWriter, r *http.Request, _ int) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}
	hc := f.srv.Client()
	hc.Timeout = 100 * time.Millisecond
	c := New(f.config(), hc)
	defer c.CloseIdleConnections()
	start := time.Now()
	_, err := fetch(t, c)
	e := asError(t, err)
	if e.Kind != KindTransient {
		t.Errorf("got %v, want KindTransient", e.Kind)
	}
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("error %v: want a net.Error with Timeout()", err)
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("took %v, want about the 100ms timeout (the server holds the request 5 s)", d)
	}
}

func TestBodyTooLarge(t *testing.T) {
	big := "[" + strings.Repeat(`{"log_id":"1"},`, 100) + `{"log_id":"2"}]`
	for _, chunked := range []bool{false, true} {
		t.Run(fmt.Sprintf("chunked=%v", chunked), func(t *testing.T) {
			f := newFakeTenant(t)
			f.api = func(w http.ResponseWriter, _ *http.Request, _ int) {
				if !chunked {
					w.Header().Set("Content-Length", strconv.Itoa(len(big)))
				}
				_, _ = io.WriteString(w, big)
			}
			c := f.client(f.config())
			c.maxBody = 1000
			_, err := fetch(t, c)
			if e := asError(t, err); e.Kind != KindTransient || !strings.Contains(e.Message, "limit") {
				t.Errorf("got %+v, want KindTransient naming the limit", e)
			}
			c.maxBody = int64(len(big))
			p, err := fetch(t, c)
			if err != nil || len(p.Body) != len(big) {
				t.Errorf("at the limit: %v", err)
			}
		})
	}
}

func TestPageRateLimitAndNext(t *testing.T) {
	f := newFakeTenant(t)
	reset := time.Now().Add(time.Second).Unix()
	f.api = func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("X-Ratelimit-Limit", "10")
		w.Header().Set("X-Ratelimit-Remaining", "7")
		w.Header().Set("X-Ratelimit-Reset", strconv.FormatInt(reset, 10))
		w.Header().Set("Link", `</api/v2/logs?take=50&from=900123>; rel="next"`)
		_, _ = io.WriteString(w, testPage)
	}
	cfg := f.config()
	cfg.PageSize = 25
	c := f.client(cfg)
	if rl := c.RateLimitStatus(); rl.Known {
		t.Errorf("before any request RateLimitStatus = %+v, want unknown", rl)
	}
	p, err := fetch(t, c)
	if err != nil {
		t.Fatal(err)
	}
	want := RateLimit{Limit: 10, Remaining: 7, Reset: time.Unix(reset, 0), Known: true}
	if !p.RateLimit.Reset.Equal(want.Reset) || p.RateLimit.Limit != 10 || p.RateLimit.Remaining != 7 || !p.RateLimit.Known {
		t.Errorf("page RateLimit %+v, want %+v", p.RateLimit, want)
	}
	if got := c.RateLimitStatus(); got != p.RateLimit {
		t.Errorf("RateLimitStatus %+v, want %+v", got, p.RateLimit)
	}
	if wantNext := f.srv.URL + "/api/v2/logs?from=900123&take=25"; p.Next != wantNext {
		t.Errorf("Next %q, want %q", p.Next, wantNext)
	}
	// Following Next works.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := c.FetchPage(ctx, p.Next); err != nil {
		t.Fatal(err)
	}
	if got := f.apiReqs[1].URL.RawQuery; got != "from=900123&take=25" {
		t.Errorf("second request query %q", got)
	}
}

func TestInvalidPageURL(t *testing.T) {
	c := New(Config{Endpoint: "https://acme.us.auth0.com", APIToken: testStatic}, nil)
	defer c.CloseIdleConnections()
	for _, u := range []string{"", "::", "/api/v2/logs", "ftp://x/y"} {
		_, err := c.FetchPage(context.Background(), u)
		assertNoSecret(t, err)
		if e := asError(t, err); e.Kind != KindBadRequest {
			t.Errorf("%q: got %v, want KindBadRequest", u, e.Kind)
		}
	}
}

// TestSecretsRedacted: servers that echo what they were sent (a debugging proxy, a broken
// gateway) must not get the secret or the token into an error.
func TestSecretsRedacted(t *testing.T) {
	t.Run("token endpoint echoes its form", func(t *testing.T) {
		f := newFakeTenant(t)
		f.token = func(w http.ResponseWriter, r *http.Request, _ int) {
			w.WriteHeader(http.StatusBadGateway)
			_, _ = io.WriteString(w, "bad gateway for "+r.PostForm.Encode()+" "+r.Form.Get("client_secret"))
		}
		c := f.client(f.config())
		_, err := fetch(t, c) // fetch runs assertNoSecret
		if e := asError(t, err); e.Kind != KindTransient || !strings.Contains(e.Message, "[REDACTED]") {
			t.Errorf("got %+v", e)
		}
	})
	t.Run("token endpoint echoes its form as OAuth JSON", func(t *testing.T) {
		f := newFakeTenant(t)
		f.token = func(w http.ResponseWriter, r *http.Request, _ int) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, `{"error":"access_denied","error_description":"bad secret %s"}`, r.Form.Get("client_secret"))
		}
		c := f.client(f.config())
		_, err := fetch(t, c)
		if e := asError(t, err); e.Kind != KindUnauthorized {
			t.Errorf("got %+v", e)
		}
	})
	t.Run("API echoes the Authorization header", func(t *testing.T) {
		f := newFakeTenant(t)
		f.api = func(w http.ResponseWriter, r *http.Request, _ int) {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, `{"statusCode":401,"error":"Unauthorized","message":"Invalid token: %s"}`, r.Header.Get("Authorization"))
		}
		c := f.client(f.config())
		_, err := fetch(t, c)
		if e := asError(t, err); e.Kind != KindUnauthorized || !strings.Contains(e.Message, "[REDACTED]") {
			t.Errorf("got %+v", e)
		}
	})
	t.Run("static token echoed", func(t *testing.T) {
		f := newFakeTenant(t)
		f.api = func(w http.ResponseWriter, r *http.Request, _ int) {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, "Bad HTTP authentication header format: "+r.Header.Get("Authorization"))
		}
		cfg := f.config()
		cfg.ClientID, cfg.ClientSecret, cfg.APIToken = "", "", testStatic
		c := f.client(cfg)
		_, err := fetch(t, c)
		if e := asError(t, err); e.Kind != KindBadRequest {
			t.Errorf("got %+v", e)
		}
	})
	t.Run("token endpoint unreachable", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		c := New(Config{Endpoint: "http://" + addr, ClientID: testClientID, ClientSecret: testSecret, Audience: "a"}, nil)
		defer c.CloseIdleConnections()
		_, err = fetch(t, c)
		if e := asError(t, err); e.Kind != KindTransient || !e.TokenEndpoint {
			t.Errorf("got %+v", e)
		}
	})
}

func TestMaxRequestsPerSecond(t *testing.T) {
	f := newFakeTenant(t)
	cfg := f.config()
	cfg.MaxRequestsPerSecond = 20
	c := f.client(cfg)
	start := time.Now()
	for range 11 {
		if _, err := fetch(t, c); err != nil {
			t.Fatal(err)
		}
	}
	// 11 requests at 20/s with a burst of 1: 10 intervals of 50 ms.
	if d := time.Since(start); d < 480*time.Millisecond {
		t.Errorf("11 requests took %v, want >= 500ms at 20/s", d)
	}
}

func TestKindString(t *testing.T) {
	want := map[Kind]string{KindTransient: "transient", KindRateLimited: "rate_limited", KindUnauthorized: "unauthorized", KindForbidden: "forbidden", KindBadRequest: "bad_request", Kind(42): "kind(42)"}
	for k, s := range want {
		if k.String() != s {
			t.Errorf("%d.String() = %q, want %q", int(k), k.String(), s)
		}
	}
}
