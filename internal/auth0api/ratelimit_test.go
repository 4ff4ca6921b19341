package auth0api

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func header(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

func TestParseRateLimit(t *testing.T) {
	now := time.Unix(1_700_000_000, 500_000_000)
	cases := []struct {
		name string
		h    http.Header
		want RateLimit
	}{
		{
			"all three", header("X-RateLimit-Limit", "10", "X-RateLimit-Remaining", "3", "X-RateLimit-Reset", "1700000002"),
			RateLimit{Limit: 10, Remaining: 3, Reset: time.Unix(1_700_000_002, 0), Known: true},
		},
		{
			"no reset", header("x-ratelimit-limit", "50", "x-ratelimit-remaining", "0"),
			RateLimit{Limit: 50, Remaining: 0, Known: true},
		},
		{
			"remaining above limit is clamped", header("x-ratelimit-limit", "10", "x-ratelimit-remaining", "12"),
			RateLimit{Limit: 10, Remaining: 10, Known: true},
		},
		{"missing remaining", header("x-ratelimit-limit", "10"), RateLimit{}},
		{"garbage", header("x-ratelimit-limit", "ten", "x-ratelimit-remaining", "1"), RateLimit{}},
		{"negative", header("x-ratelimit-limit", "10", "x-ratelimit-remaining", "-1"), RateLimit{}},
		// The server's clock is 60 s ahead of ours: its reset is 60 s early on our clock.
		{
			"skewed server clock", header("x-ratelimit-limit", "10", "x-ratelimit-remaining", "0", "x-ratelimit-reset", "1700000062",
				"Date", now.Add(time.Minute).UTC().Format(http.TimeFormat)),
			RateLimit{Limit: 10, Remaining: 0, Reset: time.Unix(1_700_000_002, 500_000_000), Known: true},
		},
		// A Date within the header's one-second resolution is not skew.
		{
			"small skew ignored", header("x-ratelimit-limit", "10", "x-ratelimit-remaining", "0", "x-ratelimit-reset", "1700000002",
				"Date", now.Add(time.Second).UTC().Format(http.TimeFormat)),
			RateLimit{Limit: 10, Remaining: 0, Reset: time.Unix(1_700_000_002, 0), Known: true},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := parseRateLimit(tc.h, now)
			if got.Limit != tc.want.Limit || got.Remaining != tc.want.Remaining || got.Known != tc.want.Known || !got.Reset.Equal(tc.want.Reset) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	rl := RateLimit{Limit: 10, Known: true, Reset: now.Add(4 * time.Second)}
	cases := []struct {
		name string
		h    http.Header
		rl   RateLimit
		want time.Duration
	}{
		{"seconds", header("Retry-After", "12"), rl, 12 * time.Second},
		{"seconds win over reset", header("Retry-After", "1"), rl, time.Second},
		{"zero seconds floored", header("Retry-After", "0"), RateLimit{}, minResetWait},
		{"huge seconds capped", header("Retry-After", "99999999"), RateLimit{}, maxBlock},
		{"http date", header("Retry-After", now.Add(30*time.Second).UTC().Format(http.TimeFormat)), RateLimit{}, 30 * time.Second},
		{"http date on a skewed server", header("Retry-After", now.Add(90*time.Second).UTC().Format(http.TimeFormat), "Date", now.Add(time.Minute).UTC().Format(http.TimeFormat)), RateLimit{}, 30 * time.Second},
		{"garbage falls back to reset", header("Retry-After", "soon"), rl, 4 * time.Second},
		{"reset", nil, rl, 4 * time.Second},
		{"reset now is floored", nil, RateLimit{Known: true, Limit: 1, Reset: now}, minResetWait},
		{"nothing", nil, RateLimit{}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := retryAfter(tc.h, now, tc.rl); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseErrorBody(t *testing.T) {
	cases := []struct {
		body, msg, code string
	}{
		{`{"statusCode":403,"error":"Forbidden","message":"Insufficient scope","errorCode":"insufficient_scope"}`, "Insufficient scope", "insufficient_scope"},
		{`{"statusCode":401,"error":"Unauthorized","message":"Invalid token"}`, "Invalid token", ""},
		{`{"error":"access_denied","error_description":"Unauthorized"}`, "Unauthorized", "access_denied"},
		{"<html>\n  <h1>502   Bad Gateway</h1>\n</html>", "<html> <h1>502 Bad Gateway</h1> </html>", ""},
		{``, "", ""},
		{strings.Repeat("é", 300), strings.Repeat("é", 100) + "...", ""},
	}
	for _, tc := range cases {
		msg, code := parseErrorBody([]byte(tc.body))
		if msg != tc.msg || code != tc.code {
			t.Errorf("parseErrorBody(%.40q) = %q, %q; want %q, %q", tc.body, msg, code, tc.msg, tc.code)
		}
	}
}
