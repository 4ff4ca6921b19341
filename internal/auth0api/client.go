// Package auth0api is the client of Auth0's Management API logs endpoint: it turns a page URL
// into the raw page bytes, gets and renews the token, paces requests by Auth0's rate-limit
// headers and classifies failures. It knows nothing of pdata or of the collector; retries,
// backoff and checkpoints belong to the caller.
package auth0api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is what the client needs from the receiver's configuration.
type Config struct {
	Endpoint             string  // base URL, e.g. "https://acme.us.auth0.com" (no trailing slash needed)
	Audience             string  // e.g. "https://acme.us.auth0.com/api/v2/"
	ClientID             string  // client-credentials grant ...
	ClientSecret         string  //
	APIToken             string  // ... or a static Management API token (exactly one way is set)
	PageSize             int     // take, 1..100 as the receiver's configuration checked it
	MaxRequestsPerSecond float64 // optional cap, 0 = paced by Auth0's headers alone

	// UserAgent is sent with every request; default DefaultUserAgent.
	UserAgent string
}

// DefaultUserAgent names the receiver to Auth0 (it shows in the tenant's logs).
const DefaultUserAgent = "otelcol-auth0receiver (+github.com/otelcol-auth0/auth0receiver)"

// defaultMaxBody guards against an absurd response; a 100-event page is a few hundred KB. It is
// the webhook's default body limit, so that the mapping's limits bound a page's cost as they
// bound a Log Streams body's.
const defaultMaxBody = 10 << 20

// Client fetches pages of GET /api/v2/logs. It expects one request in flight at a time.
type Client struct {
	cfg     Config
	http    *http.Client
	tokens  *tokenCache // nil with a static APIToken
	pacer   *pacer
	maxBody int64
}

// Page is one response of the logs endpoint.
type Page struct {
	Body      []byte    // raw JSON (the caller parses it)
	Next      string    // Link rel="next", resolved against the request URL; "" when absent
	RateLimit RateLimit // as last seen
	// ServerTime is Auth0's clock per the response's Date header (whole seconds); zero when the
	// header is absent or unreadable. log_ids carry that clock, not this host's.
	ServerTime time.Time
}

// New builds a client. httpClient comes from confighttp.ClientConfig.ToClient (timeouts, TLS,
// proxy); it is used for both the token endpoint (<endpoint>/oauth/token) and the API.
func New(cfg Config, httpClient *http.Client) *Client {
	cfg.Endpoint = strings.TrimRight(cfg.Endpoint, "/")
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 30 * time.Second, Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	base := httpClient.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	hc := *httpClient // a copy, so the caller's client is left as it was
	hc.Transport = &uaTransport{base: base, ua: cfg.UserAgent}
	hc.CheckRedirect = sameOriginRedirects

	c := &Client{
		cfg:     cfg,
		http:    &hc,
		pacer:   newPacer(cfg.MaxRequestsPerSecond),
		maxBody: defaultMaxBody,
	}
	if cfg.APIToken == "" {
		c.tokens = newTokenCache(cfg, c.http)
	}
	return c
}

// FirstPageURL is <endpoint>/api/v2/logs?from=<from>&take=<PageSize>.
func (c *Client) FirstPageURL(from string) string { return c.PageURL(from, c.cfg.PageSize) }

// PageURL is the URL of the take events after the log_id from.
func (c *Client) PageURL(from string, take int) string {
	return c.cfg.Endpoint + "/api/v2/logs?from=" + url.QueryEscape(from) + "&take=" + strconv.Itoa(take)
}

// RateLimitStatus reports the rate-limit headers as last seen (for the receiver's metrics).
func (c *Client) RateLimitStatus() RateLimit { return c.pacer.status() }

// CloseIdleConnections closes the HTTP client's idle connections (at shutdown).
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// FetchPage GETs one page. It waits for the pacer first (ctx-aware), gets or reuses the token,
// on a 401 drops the token and retries once with a fresh one, reads the whole body, and returns
// it with the Link rel="next" URL and the rate-limit headers. Every error is an *Error.
func (c *Client) FetchPage(ctx context.Context, pageURL string) (*Page, error) {
	u, err := url.Parse(pageURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &Error{Kind: KindBadRequest, Message: "invalid page URL", Err: err, hint: "check endpoint"}
	}
	for attempt := 0; ; attempt++ {
		if err := c.pacer.wait(ctx); err != nil {
			return nil, &Error{Kind: KindTransient, Message: err.Error(), Err: err}
		}
		token, err := c.token(ctx)
		if err != nil {
			return nil, err
		}
		page, err := c.get(ctx, u, token)
		var e *Error
		if attempt == 0 && c.tokens != nil && errors.As(err, &e) && e.Kind == KindUnauthorized {
			c.tokens.invalidate() // expired or revoked early: one more try with a fresh token
			continue
		}
		return page, err
	}
}

func (c *Client) token(ctx context.Context) (string, error) {
	if c.tokens == nil {
		return c.cfg.APIToken, nil
	}
	tok, err := c.tokens.token(ctx)
	if err != nil {
		now := time.Now()
		e := c.tokenError(ctx, err, now)
		if e.Kind == KindRateLimited {
			c.pacer.block(now, blockFor(e.RetryAfter))
		}
		return "", e
	}
	return tok, nil
}

// get sends one request and reads the response.
func (c *Client) get(ctx context.Context, u *url.URL, token string) (*Page, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), http.NoBody)
	if err != nil {
		return nil, &Error{Kind: KindBadRequest, Message: "invalid page URL", Err: err, hint: "check endpoint"}
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.cfg.UserAgent)

	sentAt := time.Now()
	resp, err := c.http.Do(req)
	now := time.Now()
	if err != nil {
		return nil, c.transportError(ctx, err, false)
	}
	defer resp.Body.Close()

	rl := parseRateLimit(resp.Header, now)
	status := resp.StatusCode
	if status >= 200 && status <= 299 {
		c.pacer.observe(sentAt, now, rl, false, 0)
		body, err := c.readBody(resp)
		if err != nil {
			return nil, c.transportError(ctx, err, false)
		}
		return &Page{
			Body: body,
			// Against the URL asked for, not the one answering: a redirect must not steer paging.
			Next:       nextPageURL(resp.Header.Values("Link"), u, c.cfg.PageSize),
			RateLimit:  c.pacer.status(),
			ServerTime: serverTime(resp.Header),
		}, nil
	}

	kind := classifyStatus(status)
	e := &Error{Kind: kind, StatusCode: status, hint: apiHint(kind, status, c.tokens == nil)}
	if kind == KindRateLimited {
		e.RetryAfter = retryAfter(resp.Header, now, rl)
		e.hint = rateLimitHint(e.RetryAfter)
		c.pacer.observe(sentAt, now, rl, true, blockFor(e.RetryAfter))
	} else {
		c.pacer.observe(sentAt, now, rl, false, 0)
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	msg, code := parseErrorBody(body)
	e.Message, e.ErrorCode = c.redact(msg), code
	e.Err = errors.New(e.Message)
	return nil, e
}

// ErrBodyTooLarge is in the chain of a page whose body is over the client's bound: fetching fewer
// events at a time may pass it.
var ErrBodyTooLarge = errors.New("response body too large")

// readBody reads the whole body: a short read is an error, not a short page.
func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	if resp.ContentLength > c.maxBody {
		return nil, fmt.Errorf("%w: %d bytes, over the %d byte limit", ErrBodyTooLarge, resp.ContentLength, c.maxBody)
	}
	var buf bytes.Buffer
	if resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength) + bytes.MinRead) // +MinRead: ReadFrom needs room to see EOF
	}
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, c.maxBody+1))
	if err != nil {
		return nil, err
	}
	if n > c.maxBody {
		return nil, fmt.Errorf("%w: over the %d byte limit", ErrBodyTooLarge, c.maxBody)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return nil, fmt.Errorf("response body is %d bytes, Content-Length said %d: %w", n, resp.ContentLength, io.ErrUnexpectedEOF)
	}
	return buf.Bytes(), nil
}

// transportError wraps a failure below HTTP (dial, reset, timeout, truncated body): transient,
// except a redirect that was not followed, which a person must look at. A cancelled ctx is named
// first so the caller can tell shutdown from a fault.
func (c *Client) transportError(ctx context.Context, err error, tokenEndpoint bool) *Error {
	msg, cause := err.Error(), unwrapSafe(err)
	if rerr := (*redirectError)(nil); errors.As(err, &rerr) {
		msg = c.redact(rerr.Error())
		return &Error{
			Kind: KindBadRequest, StatusCode: rerr.status, Message: msg, TokenEndpoint: tokenEndpoint,
			Err: redactedError{msg: msg, cause: rerr}, hint: redirectHint,
		}
	}
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(cause, ctxErr) {
		msg = ctxErr.Error() + ": " + msg
		cause = fmt.Errorf("%w: %w", ctxErr, cause)
	}
	msg = c.redact(msg)
	return &Error{Kind: KindTransient, Message: msg, TokenEndpoint: tokenEndpoint, Err: redactedError{msg: msg, cause: cause}}
}

// redact removes the client secret, the static token and the current access token from text
// that came from a server or a library, so no error can leak them.
func (c *Client) redact(s string) string {
	secrets := [3]string{c.cfg.ClientSecret, c.cfg.APIToken}
	if c.tokens != nil {
		secrets[2] = c.tokens.current()
	}
	for _, v := range secrets {
		if len(v) >= 4 && strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, "[REDACTED]")
		}
	}
	return s
}

// maxRedirects bounds redirects within the endpoint's origin (a proxy moving a path).
const maxRedirects = 3

// redirectError is a redirect the client refused to follow.
type redirectError struct {
	status   int    // the redirect's status, e.g. 307
	from, to string // origins (scheme://host), never paths or queries
	tooMany  bool
}

func (e *redirectError) Error() string {
	if e.tooMany {
		return fmt.Sprintf("more than %d redirects from %s: not followed", maxRedirects, e.from)
	}
	return fmt.Sprintf("redirect (%d) from %s to another host, %s: not followed, so that the client secret and the token "+
		"go to the configured endpoint only", e.status, e.from, e.to)
}

const redirectHint = "set endpoint to the URL that answers without redirecting, if you trust it"

// sameOriginRedirects is the HTTP client's redirect policy: a redirect to another scheme or host
// would carry the token request's form (client_secret included) or the Authorization header
// there, so it is never followed.
func sameOriginRedirects(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	from := first.Scheme + "://" + first.Host
	status := 0
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	if req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
		return &redirectError{status: status, from: from, to: req.URL.Scheme + "://" + req.URL.Host}
	}
	if len(via) > maxRedirects {
		return &redirectError{status: status, from: from, tooMany: true}
	}
	return nil
}

// blockFor is how long the pacer holds requests after a 429.
func blockFor(retryAfter time.Duration) time.Duration {
	if retryAfter <= 0 {
		return unknownBlock
	}
	return retryAfter
}

func rateLimitHint(d time.Duration) string {
	if d <= 0 {
		return "rate limited"
	}
	return "rate limited, retry in " + d.Round(time.Millisecond).String()
}
