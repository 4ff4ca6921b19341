package auth0receiver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

const (
	fakeClientID     = "test-client"
	fakeClientSecret = "test-secret-d0-not-print"
)

// fakeAuth0 is a scripted Auth0 tenant: the token endpoint, GET /api/v2/logs in checkpoint mode,
// and faults queued by the test for the next log requests.
type fakeAuth0 struct {
	t   *testing.T
	srv *httptest.Server

	mu         sync.Mutex
	events     []fakeEvent // ascending log_id
	tokenTTL   time.Duration
	tokens     map[string]time.Time // token -> expiry
	forbidden  bool                 // answer 403 insufficient_scope to every log request
	secret     string               // the client secret the token endpoint accepts
	faults     []http.HandlerFunc   // served instead of the next log requests, in order
	noLink     bool                 // omit the Link header
	overlap    int                  // repeat this many events of the previous page (a misbehaving from)
	logCalls   []logCall
	tokenCalls int
	seq        int // numbers log_ids, so that an id is never issued twice
}

type fakeEvent struct {
	id   string
	body []byte
}

type logCall struct {
	at    time.Time
	query url.Values
}

func newFakeAuth0(t *testing.T) *fakeAuth0 {
	f := &fakeAuth0{t: t, tokenTTL: time.Hour, tokens: map[string]time.Time{}, secret: fakeClientSecret}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", f.token)
	mux.HandleFunc("GET /api/v2/logs", f.logs)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// add appends n events indexed at `at` (one second apart) and dated a second before.
func (f *fakeAuth0) add(n int, code string, at time.Time) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.addLocked(n, code, at)
}

// addNow appends one event indexed now. Like Auth0, it numbers events in the order they are
// indexed: the time is read under the lock, so concurrent callers cannot insert behind a log_id
// the receiver has already passed.
func (f *fakeAuth0) addNow(code string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.addLocked(1, code, time.Now())[0]
}

func (f *fakeAuth0) addLocked(n int, code string, at time.Time) []string {
	ids := make([]string, n)
	for i := range n {
		indexed := at.Add(time.Duration(i) * time.Second)
		ids[i] = fakeLogID(indexed, f.seq)
		f.seq++
		f.events = append(f.events, fakeEvent{id: ids[i], body: fakeEventJSON(ids[i], code, indexed.Add(-time.Second))})
	}
	sort.Slice(f.events, func(i, j int) bool { return f.events[i].id < f.events[j].id })
	return ids
}

// addRaw appends an event with the given id and JSON body.
func (f *fakeAuth0) addRaw(id, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events = append(f.events, fakeEvent{id: id, body: []byte(body)})
	sort.Slice(f.events, func(i, j int) bool { return f.events[i].id < f.events[j].id })
}

func fakeLogID(indexed time.Time, seq int) string {
	return fmt.Sprintf("900%s%039d", indexed.UTC().Format(logIDTimeLayout), seq)
}

func fakeEventJSON(id, code string, date time.Time) []byte {
	b, _ := json.Marshal(map[string]any{
		"_id": id, "log_id": id, "type": code, "date": date.UTC().Format("2006-01-02T15:04:05.000Z"),
		"description": "Wrong email or password.", "ip": "81.2.69.143", "user_id": "auth0|61823277a44a21007221a59a",
		"user_name": "dev@test.com", "client_id": "aI61p8I8aFjmYRliLWgvM9ev97kCCNDB", "client_name": "Default App",
		"connection": "Username-Password-Authentication", "hostname": "tenant.example.auth0.com",
		"user_agent": "Chrome 95.0.4638 / Mac OS X 10.15.7", "isMobile": false, "tenant_name": "tenant",
		"details": map[string]any{"error": map[string]any{"message": "Wrong email or password."}},
	})
	return b
}

// fail queues handlers that answer the next log requests instead of the tenant.
func (f *fakeAuth0) fail(h ...http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, h...)
}

func (f *fakeAuth0) setForbidden(v bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.forbidden = v
}

// rotateSecret changes the secret the token endpoint accepts, as rotating it in Auth0 would.
func (f *fakeAuth0) rotateSecret(secret string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.secret = secret
}

// revokeTokens makes every issued token invalid, as a rotated signing key would.
func (f *fakeAuth0) revokeTokens() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.tokens)
}

func (f *fakeAuth0) calls() []logCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]logCall(nil), f.logCalls...)
}

func (f *fakeAuth0) tokenCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tokenCalls
}

func (f *fakeAuth0) token(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tokenCalls++
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if r.Form.Get("grant_type") != "client_credentials" || r.Form.Get("client_id") != fakeClientID ||
		r.Form.Get("client_secret") != f.secret {
		writeJSON(w, http.StatusUnauthorized, `{"error":"access_denied","error_description":"Unauthorized"}`)
		return
	}
	if r.Form.Get("audience") != "https://tenant.example.auth0.com/api/v2/" {
		writeJSON(w, http.StatusForbidden, `{"error":"access_denied","error_description":"Client is not authorized to access \"`+r.Form.Get("audience")+`\"."}`)
		return
	}
	tok := "tok-" + strconv.Itoa(f.tokenCalls)
	f.tokens[tok] = time.Now().Add(f.tokenTTL)
	writeJSON(w, http.StatusOK, fmt.Sprintf(`{"access_token":%q,"expires_in":%d,"scope":"read:logs","token_type":"Bearer"}`,
		tok, int(f.tokenTTL.Seconds())))
}

func (f *fakeAuth0) logs(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.logCalls = append(f.logCalls, logCall{at: time.Now(), query: r.URL.Query()})
	if len(f.faults) > 0 {
		h := f.faults[0]
		f.faults = f.faults[1:]
		f.mu.Unlock()
		h(w, r)
		return
	}
	defer f.mu.Unlock()

	tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if exp, ok := f.tokens[tok]; !ok || time.Now().After(exp) {
		writeJSON(w, http.StatusUnauthorized, `{"statusCode":401,"error":"Unauthorized","message":"Expired token received for JSON Web Token validation"}`)
		return
	}
	if f.forbidden {
		writeJSON(w, http.StatusForbidden, `{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:logs,read:logs_users","errorCode":"insufficient_scope"}`)
		return
	}
	from, take := r.URL.Query().Get("from"), 50
	if n, err := strconv.Atoi(r.URL.Query().Get("take")); err == nil {
		take = min(n, 100)
	}
	start := sort.Search(len(f.events), func(i int) bool { return f.events[i].id > from })
	start = max(0, start-f.overlap)
	page := f.events[start:min(start+take, len(f.events))]

	bodies := make([][]byte, len(page))
	for i, e := range page {
		bodies[i] = e.body
	}

	next := from
	if len(page) > 0 {
		next = page[len(page)-1].id
	}
	if !f.noLink {
		link := fmt.Sprintf("%s/api/v2/logs?take=%d&from=%s&via=link", f.srv.URL, take, next)
		w.Header().Set("Link", "<"+link+`>; rel="next"`)
	}
	w.Header().Set("X-Ratelimit-Limit", "10")
	w.Header().Set("X-Ratelimit-Remaining", "9")
	w.Header().Set("X-Ratelimit-Reset", strconv.FormatInt(time.Now().Add(time.Second).Unix(), 10))
	writeJSON(w, http.StatusOK, string(testutil.PageOf(bodies...)))
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// Faults a test can queue.

func status(code int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		writeJSON(w, code, body)
	}
}

// pageOf answers with a page of these events (JSON objects), in this order.
func pageOf(events ...[]byte) http.HandlerFunc {
	return status(http.StatusOK, string(testutil.PageOf(events...)))
}

// truncated declares a longer body than it sends and closes the connection.
func truncated(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Length", "1000")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(`[{"log_id":"9002`))
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
		}
	}
}

// reset closes the connection without an answer.
func reset(w http.ResponseWriter, _ *http.Request) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
		}
	}
}

// answerDated makes f answer with the Date header date returns, as a tenant on another clock or
// behind a proxy does; "" sends none.
func (f *fakeAuth0) answerDated(date func() string) {
	tenant := f.srv.Config.Handler
	f.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d := date(); d != "" {
			w.Header().Set("Date", d)
		} else {
			w.Header()["Date"] = nil
		}
		tenant.ServeHTTP(w, r)
	})
}

// tenantSkew is how far the clock of a tenant in the clock tests is behind this host's.
const tenantSkew = 10 * time.Minute

// clockBehind is the Date of such a tenant.
func clockBehind() string {
	return time.Now().Add(-tenantSkew).UTC().Format(http.TimeFormat)
}
