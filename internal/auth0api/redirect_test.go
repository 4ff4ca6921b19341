package auth0api

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// foreignHost records everything that reaches it: a host the user never configured.
type foreignHost struct {
	srv  *httptest.Server
	mu   sync.Mutex
	seen []string // method, path, Authorization and body of every request
}

func newForeignHost(t *testing.T) *foreignHost {
	h := &foreignHost{}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.seen = append(h.seen, r.Method+" "+r.URL.String()+" auth="+r.Header.Get("Authorization")+" body="+string(body))
		h.mu.Unlock()
		if r.URL.Path == "/oauth/token" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"access_token":"stolen","expires_in":3600,"token_type":"Bearer"}`)
			return
		}
		_, _ = io.WriteString(w, testPage)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *foreignHost) requests() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.seen...)
}

func redirectTo(target string, status int) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, r *http.Request, _ int) {
		http.Redirect(w, r, target, status)
	}
}

// A 307 from the token endpoint would re-POST the form, client_secret included, to the target.
func TestTokenRedirectToAnotherHostIsNotFollowed(t *testing.T) {
	for _, status := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect, http.StatusFound} {
		f := fetchRedirected(t, func(f *fakeTenant, evil string) {
			f.token = redirectTo(evil+"/oauth/token", status)
		})
		if _, api := f.counts(); api != 0 {
			t.Errorf("%d: the API was called without a token", status)
		}
	}
}

// After a redirect of the logs request, neither the redirect nor a Link resolved against the
// foreign URL may send the bearer token there.
func TestAPIRedirectToAnotherHostIsNotFollowed(t *testing.T) {
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusMovedPermanently} {
		fetchRedirected(t, func(f *fakeTenant, evil string) {
			f.api = redirectTo(evil+"/api/v2/logs?from=900&take=100", status)
		})
	}
}

// fetchRedirected fetches from a tenant that redirect points at a foreign host (its URL
// given) and asserts that the redirect was refused with nothing sent there.
func fetchRedirected(t *testing.T, redirect func(f *fakeTenant, evil string)) *fakeTenant {
	t.Helper()
	f := newFakeTenant(t)
	evil := newForeignHost(t)
	redirect(f, evil.srv.URL)
	_, err := fetch(t, f.client(f.config()))
	assertRefusedRedirect(t, err, evil)
	return f
}

func assertRefusedRedirect(t *testing.T, err error, evil *foreignHost) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want an *Error", err)
	}
	if e.Kind != KindBadRequest {
		t.Errorf("kind %v, want bad_request (a person must look at it, no fast retries)", e.Kind)
	}
	for _, want := range []string{"to another host", evil.srv.URL, "not followed"} {
		if !strings.Contains(e.Error(), want) {
			t.Errorf("error %q does not say %q", e.Error(), want)
		}
	}
	if got := evil.requests(); len(got) != 0 {
		t.Errorf("the foreign host received %q", got)
	}
}

// A redirect within the endpoint's origin is followed, but the next page is resolved against the
// URL the client asked for.
func TestLinkIsResolvedAgainstTheRequestedURL(t *testing.T) {
	f := newFakeTenant(t)
	f.api = func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			http.Redirect(w, r, "/moved/api/v2/logs?"+r.URL.RawQuery, http.StatusTemporaryRedirect)
			return
		}
		w.Header().Set("Link", `<?from=90020240101000000000000000000000000000000000000000001&take=100>; rel="next"`)
		_, _ = io.WriteString(w, testPage)
	}
	f.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.URL.Path = strings.TrimPrefix(r.URL.Path, "/moved")
		f.serve(w, r)
	})
	page, err := fetch(t, f.client(f.config()))
	if err != nil {
		t.Fatal(err)
	}
	want := f.srv.URL + "/api/v2/logs?from=90020240101000000000000000000000000000000000000000001&take=100"
	if page.Next != want {
		t.Errorf("next %q, want %q", page.Next, want)
	}
}

func TestTooManyRedirectsAreNotFollowed(t *testing.T) {
	f := newFakeTenant(t)
	f.api = func(w http.ResponseWriter, r *http.Request, _ int) {
		http.Redirect(w, r, "/api/v2/logs?"+r.URL.RawQuery, http.StatusFound)
	}
	_, err := fetch(t, f.client(f.config()))
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindBadRequest || !strings.Contains(e.Error(), "redirects") {
		t.Fatalf("got %v", err)
	}
	if _, api := f.counts(); api != maxRedirects+1 {
		t.Errorf("%d requests, want %d", api, maxRedirects+1)
	}
}
