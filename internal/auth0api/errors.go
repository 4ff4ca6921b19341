package auth0api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind says what the caller should do about a failure.
type Kind int

const (
	KindTransient    Kind = iota // 5xx, timeouts, connection resets, truncated body, token endpoint 5xx
	KindRateLimited              // 429 from the API or the token endpoint
	KindUnauthorized             // 401 that persists after one token refresh; token endpoint refusing the client
	KindForbidden                // 403 from the API (missing read:logs)
	KindBadRequest               // other 4xx (400 bad `from`, 404, 414): the request itself is wrong
)

// String is a stable, low-cardinality name (metric attribute, log field).
func (k Kind) String() string {
	switch k {
	case KindTransient:
		return "transient"
	case KindRateLimited:
		return "rate_limited"
	case KindUnauthorized:
		return "unauthorized"
	case KindForbidden:
		return "forbidden"
	case KindBadRequest:
		return "bad_request"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Error is every failure FetchPage returns (errors.As). Messages never contain a secret or token.
type Error struct {
	Kind       Kind
	StatusCode int           // 0 for transport errors
	Message    string        // Auth0's message / error_description, or the transport error
	ErrorCode  string        // Auth0's errorCode / error ("insufficient_scope", "access_denied", ...)
	RetryAfter time.Duration // for KindRateLimited: how long to wait; 0 = unknown, the caller backs off
	Err        error         // wrapped cause

	// TokenEndpoint is true when <endpoint>/oauth/token failed, not the logs API.
	TokenEndpoint bool

	hint string // what to fix, appended to Error()
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.TokenEndpoint {
		b.WriteString("auth0 token endpoint")
	} else {
		b.WriteString("auth0 API")
	}
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, " %d", e.StatusCode)
		if t := http.StatusText(e.StatusCode); t != "" {
			b.WriteString(" " + t)
		}
	} else {
		b.WriteString(" request failed")
	}
	if e.ErrorCode != "" {
		fmt.Fprintf(&b, " (%s)", e.ErrorCode)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.hint != "" {
		b.WriteString("; " + e.hint)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// apiErrorBody covers both error shapes Auth0 uses: the Management API's
// {statusCode, error, message, errorCode} and OAuth's {error, error_description}.
type apiErrorBody struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
	Message          string `json:"message"`
	ErrorCode        string `json:"errorCode"`
}

// maxErrorBody bounds what is read of an error response: Auth0's are a few hundred bytes.
const maxErrorBody = 64 << 10

// parseErrorBody extracts Auth0's message and code; a body that is not Auth0 JSON (a proxy's HTML
// page) becomes a short single-line excerpt so the operator still sees who answered.
func parseErrorBody(body []byte) (message, code string) {
	var eb apiErrorBody
	if json.Unmarshal(body, &eb) == nil {
		message = eb.Message
		if message == "" {
			message = eb.ErrorDescription
		}
		code = eb.ErrorCode
		if code == "" && eb.ErrorDescription != "" {
			// OAuth shape: "error" is the code. In the Management API shape it is
			// only the status text ("Forbidden"), which Error() already prints.
			code = eb.Error
		}
		if message != "" || code != "" {
			return message, code
		}
	}
	return excerpt(body), ""
}

// excerpt makes a short, single-line, valid UTF-8 rendition of an unexpected body.
func excerpt(body []byte) string {
	const maxLen = 200
	s := strings.TrimSpace(strings.ToValidUTF8(string(body[:min(len(body), 4*maxLen)]), ""))
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > maxLen {
		cut := maxLen
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}

// classifyStatus maps an API HTTP status to a Kind. 401 is returned as KindUnauthorized and the
// caller decides whether a token refresh is worth one more try.
func classifyStatus(status int) Kind {
	switch {
	case status == http.StatusUnauthorized:
		return KindUnauthorized
	case status == http.StatusForbidden:
		return KindForbidden
	case status == http.StatusTooManyRequests:
		return KindRateLimited
	case status == http.StatusRequestTimeout, status >= 500:
		return KindTransient
	default: // other 4xx, and 3xx the client did not follow
		return KindBadRequest
	}
}

// apiHint says what to fix for an API error (not the token endpoint).
func apiHint(kind Kind, status int, staticToken bool) string {
	switch kind {
	case KindForbidden:
		return "grant the read:logs scope to the application"
	case KindUnauthorized:
		if staticToken {
			return "the api_token was rejected (expired, revoked or for another tenant): issue a new Management API token with read:logs"
		}
		return "a freshly issued token was rejected too: check that endpoint and audience name the same tenant (tokens from a custom domain only work on that domain)"
	case KindBadRequest:
		if status == http.StatusNotFound {
			return "check endpoint: it must be the tenant's base URL"
		}
		return "the request was refused: check endpoint and the stored checkpoint (from)"
	}
	return ""
}

const tokenHint = "check client_id and client_secret, and that the application is authorized for the Management API (audience) with the read:logs scope"
