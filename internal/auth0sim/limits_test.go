package auth0sim

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func header(t *testing.T, resp *http.Response, name string) int64 {
	t.Helper()
	v := resp.Header.Get(name)
	require.NotEmpty(t, v, name)
	n, err := strconv.ParseInt(v, 10, 64)
	require.NoError(t, err, name)
	return n
}

// TestRateLimit: a bucket of 3 refilling 60 per minute (one token per second, continuously).
func TestRateLimit(t *testing.T) {
	c := newClock()
	c.Add(300 * time.Millisecond) // not on a whole second: the reset header rounds up
	e := newEnv(t, Options{Backlog: 10, Now: c.Now, RateLimit: RateLimit{Burst: 3, PerMinute: 60}})
	for want := int64(2); want >= 0; want-- {
		resp, _ := e.get(t, "/api/v2/logs?from=")
		require.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, int64(3), header(t, resp, "x-ratelimit-limit"))
		assert.Equal(t, want, header(t, resp, "x-ratelimit-remaining"))
		assert.Equal(t, t0.Unix()+2, header(t, resp, "x-ratelimit-reset"), "next token at 13:00:01.3, in whole seconds")
	}
	resp, body := e.get(t, "/api/v2/logs?from=")
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	assert.JSONEq(t, `{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached","errorCode":"too_many_requests"}`, string(body))
	assert.Empty(t, resp.Header.Get("Retry-After"), "Auth0's Management API sends none")
	assert.Equal(t, int64(0), header(t, resp, "x-ratelimit-remaining"))

	c.Add(500 * time.Millisecond)
	resp, _ = e.get(t, "/api/v2/logs?from=")
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "half a token is not a token")
	c.Add(500 * time.Millisecond)
	resp, _ = e.get(t, "/api/v2/logs?from=")
	assert.Equal(t, http.StatusOK, resp.StatusCode, "refilled after one second")
	assert.Equal(t, int64(0), header(t, resp, "x-ratelimit-remaining"))

	c.Add(time.Hour)
	resp, _ = e.get(t, "/api/v2/logs?from=")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, int64(2), header(t, resp, "x-ratelimit-remaining"), "refill stops at the burst")

	st := e.sim.Stats()
	assert.Equal(t, int64(2), st.RateLimited)
	assert.Equal(t, int64(2), st.ByStatus[http.StatusTooManyRequests])
	assert.Equal(t, int64(5), st.ByStatus[http.StatusOK])
}

func TestRateLimitRetryAfter(t *testing.T) {
	c := newClock()
	e := newEnv(t, Options{Now: c.Now, RateLimit: RateLimit{Burst: 1, PerMinute: 6, RetryAfter: true}})
	resp, _ := e.get(t, "/api/v2/logs?from=")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	c.Add(time.Second)
	resp, _ = e.get(t, "/api/v2/logs?from=")
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	assert.Equal(t, int64(9), header(t, resp, "Retry-After"), "one token per 10 s, 1 s elapsed")
}

func TestUnthrottledHeaders(t *testing.T) {
	e := newEnv(t, Options{Now: newClock().Now})
	for range 20 {
		resp, _ := e.get(t, "/api/v2/logs?from=")
		require.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, int64(1000), header(t, resp, "x-ratelimit-remaining"))
		assert.Equal(t, int64(1000), header(t, resp, "x-ratelimit-limit"))
		assert.Equal(t, t0.Unix(), header(t, resp, "x-ratelimit-reset"))
	}
}

func TestFaultReset(t *testing.T) {
	e := newEnv(t, Options{Backlog: 10, Faults: Faults{Reset: 1}})
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v2/logs?from=", http.NoBody)
	req.Header.Set("Authorization", "Bearer "+e.tok)
	resp, err := e.hc.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	require.Error(t, err, "the connection is dropped without an answer")
	// Go's transport retries a GET once when a reused connection dies before any answer.
	assert.GreaterOrEqual(t, e.sim.Stats().Resets, int64(1))
}

func TestFault5xx(t *testing.T) {
	e := newEnv(t, Options{Backlog: 10, Faults: Faults{Status5xx: 1}})
	seen := map[int]bool{}
	for range 30 {
		resp, body := e.get(t, "/api/v2/logs?from=")
		require.Contains(t, []int{500, 502, 503}, resp.StatusCode)
		seen[resp.StatusCode] = true
		var b struct {
			StatusCode int    `json:"statusCode"`
			Error      string `json:"error"`
			Message    string `json:"message"`
		}
		require.NoError(t, json.Unmarshal(body, &b))
		assert.Equal(t, resp.StatusCode, b.StatusCode)
		assert.Equal(t, http.StatusText(resp.StatusCode), b.Error)
		assert.NotEmpty(t, resp.Header.Get("x-ratelimit-limit"))
	}
	assert.Len(t, seen, 3, "500, 502 and 503 all occur")
}

func TestFaultTruncate(t *testing.T) {
	e := newEnv(t, Options{Backlog: 100, Faults: Faults{Truncate: 1}})
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v2/logs?from=&take=100", http.NoBody)
	req.Header.Set("Authorization", "Bearer "+e.tok)
	resp, err := e.hc.Do(req)
	require.NoError(t, err, "the status line and headers arrive")
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Positive(t, resp.ContentLength)
	assert.NotEmpty(t, resp.Header.Get("Link"))
	body, err := io.ReadAll(resp.Body)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Equal(t, resp.ContentLength/2, int64(len(body)))
	assert.False(t, json.Valid(body))
	st := e.sim.Stats()
	assert.Equal(t, int64(1), st.Truncated)
	assert.Zero(t, st.EventsServed, "a truncated page is not served")
}

func TestFaultExpired(t *testing.T) {
	e := newEnv(t, Options{Faults: Faults{Expired: 1}})
	resp, body := e.get(t, "/api/v2/logs?from=")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.JSONEq(t, bodyExpired, string(body))
}

// TestFaultRates: with probabilities below 1 faults are a share of requests, not all or none.
func TestFaultRates(t *testing.T) {
	e := newEnv(t, Options{Backlog: 10, Faults: Faults{Status5xx: 0.3}})
	fails := 0
	for range 200 {
		resp, _ := e.get(t, "/api/v2/logs?from=")
		if resp.StatusCode >= 500 {
			fails++
		}
	}
	assert.InDelta(t, 60, fails, 30)
}

func TestLatency(t *testing.T) {
	e := newEnv(t, Options{Latency: 80 * time.Millisecond})
	start := time.Now()
	resp, _ := e.get(t, "/api/v2/logs?from=")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.GreaterOrEqual(t, time.Since(start), 80*time.Millisecond)

	// Close aborts a pending wait instead of holding the request.
	s := New(Options{Latency: time.Hour})
	done := make(chan struct{})
	go func() {
		req, _ := http.NewRequest(http.MethodGet, "/api/v2/logs", http.NoBody)
		rec := &discard{h: http.Header{}}
		s.Handler().ServeHTTP(rec, req)
		close(done)
	}()
	time.Sleep(20 * time.Millisecond)
	s.Close()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal(errors.New("Close did not abort the latency wait"))
	}
}

type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}
