package auth0api

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// A token is renewed a margin before Auth0 says it expires, so that a request never leaves with a
// token that dies on the way: a fifth of its lifetime, at most 30 s (Auth0's default lifetime is
// a day). A fixed 30 s would renew a token that lives 30 s or less before every request.
const (
	maxEarlyExpiry     = 30 * time.Second
	earlyExpiryDivisor = 5
)

// earlyExpiry is the renewal margin of a token that lived lifetime when it was issued.
func earlyExpiry(lifetime time.Duration) time.Duration {
	return min(maxEarlyExpiry, max(0, lifetime/earlyExpiryDivisor))
}

// tokenCache holds the client-credentials token. It builds the token source per call so the
// token request runs under the caller's context (shutdown cancels it), and keeps the token itself
// across calls; oauth2.ReuseTokenSourceWithExpiry decides when it is due for renewal.
type tokenCache struct {
	cc         clientcredentials.Config
	httpClient *http.Client

	mu       sync.Mutex
	tok      *oauth2.Token
	lifetime time.Duration // of tok, from its receipt to its expiry
	issued   string        // the last access token, kept for redaction after invalidate
}

func newTokenCache(cfg Config, httpClient *http.Client) *tokenCache {
	return &tokenCache{
		cc: clientcredentials.Config{
			ClientID:       cfg.ClientID,
			ClientSecret:   cfg.ClientSecret,
			TokenURL:       cfg.Endpoint + "/oauth/token",
			EndpointParams: url.Values{"audience": {cfg.Audience}},
			AuthStyle:      oauth2.AuthStyleInParams,
		},
		httpClient: httpClient,
	}
}

func (t *tokenCache) token(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	ctx = context.WithValue(ctx, oauth2.HTTPClient, t.httpClient)
	tok, err := oauth2.ReuseTokenSourceWithExpiry(t.tok, t.cc.TokenSource(ctx), earlyExpiry(t.lifetime)).Token()
	if err != nil {
		return "", err
	}
	if tok != t.tok {
		t.lifetime = 0 // no expiry: never due
		if !tok.Expiry.IsZero() {
			t.lifetime = time.Until(tok.Expiry)
		}
	}
	t.tok, t.issued = tok, tok.AccessToken
	return tok.AccessToken, nil
}

// invalidate drops the token so the next call fetches a fresh one (after the API answered 401).
func (t *tokenCache) invalidate() {
	t.mu.Lock()
	t.tok = nil
	t.mu.Unlock()
}

// current is the last access token issued, for redaction.
func (t *tokenCache) current() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.issued
}

// tokenError classifies a failure to get a token. The oauth2 error carries the token request
// (whose body holds client_secret) and the raw response body; only a stripped copy is kept.
func (c *Client) tokenError(ctx context.Context, err error, now time.Time) *Error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.Response == nil {
		return c.transportError(ctx, err, true)
	}
	status := re.Response.StatusCode
	msg := re.ErrorDescription
	if msg == "" && re.ErrorCode == "" {
		msg, _ = parseErrorBody(re.Body)
	}
	e := &Error{
		StatusCode:    status,
		ErrorCode:     re.ErrorCode,
		Message:       c.redact(msg),
		TokenEndpoint: true,
	}
	safe := &oauth2.RetrieveError{
		Response:         &http.Response{Status: re.Response.Status, StatusCode: status, Header: re.Response.Header.Clone()},
		ErrorCode:        re.ErrorCode,
		ErrorDescription: e.Message,
		ErrorURI:         re.ErrorURI,
	}
	e.Err = safe
	switch {
	case status == http.StatusTooManyRequests || re.ErrorCode == "too_many_requests":
		e.Kind = KindRateLimited
		e.RetryAfter = retryAfter(re.Response.Header, now, parseRateLimit(re.Response.Header, now))
		e.hint = rateLimitHint(e.RetryAfter)
	case status >= 500:
		e.Kind = KindTransient
	case status == http.StatusUnauthorized || status == http.StatusForbidden ||
		re.ErrorCode == "access_denied" || re.ErrorCode == "invalid_client" || re.ErrorCode == "unauthorized_client":
		e.Kind = KindUnauthorized
		e.hint = tokenHint
	default:
		e.Kind = KindBadRequest
		e.hint = "the token request was refused: check endpoint and audience"
	}
	return e
}

// redactedError stands in for a transport error whose text has been redacted. It keeps the
// underlying net error (timeouts, resets) reachable for errors.Is/As.
type redactedError struct {
	msg   string
	cause error
}

func (r redactedError) Error() string { return r.msg }
func (r redactedError) Unwrap() error { return r.cause }

// unwrapSafe drops the outer *url.Error (its text names the request) and keeps its cause:
// net.OpError, context errors, io errors carry no secrets.
func unwrapSafe(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return ue.Err
	}
	return err
}

// uaTransport names the receiver in every request it did not build itself (the token request).
type uaTransport struct {
	base http.RoundTripper
	ua   string
}

func (t *uaTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("User-Agent") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("User-Agent", t.ua)
	}
	return t.base.RoundTrip(req)
}

func (t *uaTransport) CloseIdleConnections() {
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
