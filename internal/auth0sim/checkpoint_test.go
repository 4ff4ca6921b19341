package auth0sim

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// synthetic builds the lower bound Elastic's input uses: "900", a UTC time, then zeros.
func synthetic(t time.Time) string {
	return "900" + t.UTC().Format("20060102150405") + strings.Repeat("0", 39)
}

// TestCheckpointWalkWholeBacklog follows Link from a synthetic lower bound older than the backlog
// until an empty page: every event exactly once, in ascending log_id order.
func TestCheckpointWalkWholeBacklog(t *testing.T) {
	const n = 2345
	c := newClock()
	e := newEnv(t, Options{Backlog: n, BacklogSpan: time.Hour, Seed: 7, Now: c.Now})

	next := "/api/v2/logs?from=" + synthetic(t0.Add(-2*time.Hour)) + "&take=100"
	var ids []string
	for pages := 0; ; pages++ {
		require.Less(t, pages, n, "Link never led to an empty page")
		resp, body := e.get(t, next)
		require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
		evs := page(t, body)
		link := nextLink(t, resp.Header)
		if len(evs) == 0 {
			assert.Equal(t, strings.TrimPrefix(next, e.srv.URL), strings.TrimPrefix(link, e.srv.URL),
				"an empty page links to the request itself")
			break
		}
		assert.LessOrEqual(t, len(evs), 100)
		for _, ev := range evs {
			require.Equal(t, ev["log_id"], ev["_id"])
			ids = append(ids, ev["log_id"].(string))
		}
		assert.Equal(t, e.srv.URL+"/api/v2/logs?take=100&from="+ids[len(ids)-1], link)
		next = link
	}
	require.Len(t, ids, n)
	for i, id := range ids {
		require.Equal(t, e.sim.LogID(i), id)
		require.Len(t, id, logIDLen)
		if i > 0 {
			require.Less(t, ids[i-1], id, "log_ids ascend")
		}
	}
}

func TestCheckpointFromIsExclusive(t *testing.T) {
	e := newEnv(t, Options{Backlog: 300, Now: newClock().Now})
	resp, body := e.get(t, "/api/v2/logs?take=3&from="+e.sim.LogID(10))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	evs := page(t, body)
	require.Len(t, evs, 3)
	for k, ev := range evs {
		assert.Equal(t, e.sim.LogID(11+k), ev["log_id"])
	}
}

// TestCheckpointSyntheticLowerBound: any digit string is a lower bound, not only existing ids.
func TestCheckpointSyntheticLowerBound(t *testing.T) {
	e := newEnv(t, Options{Backlog: 1000, BacklogSpan: 10 * time.Hour, Now: newClock().Now})
	at := t0.Add(-5*time.Hour - 30*time.Minute)
	from := synthetic(at)
	resp, body := e.get(t, "/api/v2/logs?take=5&from="+from)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	evs := page(t, body)
	require.Len(t, evs, 5)
	first := evs[0]["log_id"].(string)
	i := 0
	for e.sim.LogID(i) != first {
		i++
	}
	require.Positive(t, i)
	assert.Less(t, e.sim.LogID(i-1), from, "the event before the page is below the bound")
	assert.Greater(t, first, from)
	assert.Equal(t, at.Format("20060102150405"), first[3:17], "the page starts in the bound's second")

	for _, from := range []string{"", "0", "900", "9"} {
		resp, body = e.get(t, "/api/v2/logs?take=1&from="+from)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		evs := page(t, body)
		require.Len(t, evs, 1, "from=%q", from)
		assert.Equal(t, e.sim.LogID(0), evs[0]["log_id"], "from=%q", from)
	}
	resp, body = e.get(t, "/api/v2/logs?take=1&from=99")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Empty(t, page(t, body), "a bound above every id")
}

func TestCheckpointTake(t *testing.T) {
	e := newEnv(t, Options{Backlog: 300, Now: newClock().Now})
	for _, tc := range []struct {
		query string
		n     int
	}{{"from=", 50}, {"take=7", 7}, {"take=100&from=", 100}, {"take=1&from=", 1}} {
		resp, body := e.get(t, "/api/v2/logs?"+tc.query)
		require.Equal(t, http.StatusOK, resp.StatusCode, tc.query)
		assert.Len(t, page(t, body), tc.n, tc.query)
	}
	// Beyond the limits Auth0 answers 400 (a query validation error), it does not clamp.
	for _, q := range []string{"take=101&from=", "take=1000", "take=0", "take=-1", "take=x", "from=abc", "from=900x"} {
		resp, body := e.get(t, "/api/v2/logs?"+q)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, q)
		assert.Contains(t, string(body), `"errorCode":"invalid_query_string"`, q)
		assert.Contains(t, string(body), `"statusCode":400`, q)
	}
	resp, body := e.get(t, "/api/v2/logs?take=101")
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, string(body), "Too big: 101. Expected at most 100")
}

// TestCheckpointCaughtUp: past the last event the page is empty and Link repeats the request.
func TestCheckpointCaughtUp(t *testing.T) {
	e := newEnv(t, Options{Backlog: 10, Now: newClock().Now})
	last := e.sim.LogID(9)
	req := "/api/v2/logs?from=" + last + "&take=100"
	resp, body := e.get(t, req)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "[]", string(body))
	assert.Equal(t, e.srv.URL+req, nextLink(t, resp.Header))

	ids := e.sim.Generate(3)
	resp, body = e.get(t, nextLink(t, resp.Header))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	evs := page(t, body)
	require.Len(t, evs, 3)
	for k, ev := range evs {
		assert.Equal(t, ids[k], ev["log_id"])
	}
	assert.Equal(t, e.srv.URL+"/api/v2/logs?take=100&from="+ids[2], nextLink(t, resp.Header))
}

func TestSingleLog(t *testing.T) {
	e := newEnv(t, Options{Backlog: 50, Now: newClock().Now})
	id := e.sim.LogID(17)
	resp, body := e.get(t, "/api/v2/logs/"+id)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, string(e.sim.Event(17)), string(body))
	for _, bad := range []string{id[:len(id)-1] + "x", "900", strings.Repeat("9", logIDLen)} {
		resp, body = e.get(t, "/api/v2/logs/"+url.PathEscape(bad))
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, bad)
		assert.Contains(t, string(body), `"statusCode":404`)
	}
}

func TestLogIDFormat(t *testing.T) {
	c := newClock()
	s := New(Options{Backlog: 100, BacklogSpan: time.Minute, Now: c.Now})
	defer s.Close()
	for i := range 100 {
		id := s.LogID(i)
		require.Len(t, id, 56)
		require.True(t, isDigits(id))
		require.True(t, strings.HasPrefix(id, "900"))
		ing, err := time.Parse("20060102150405", id[3:17])
		require.NoError(t, err)
		assert.False(t, ing.Before(t0.Add(-time.Minute).Truncate(time.Second)) || ing.After(t0), id)
		n, err := strconv.Atoi(strings.TrimLeft(id[23:40], "0") + "0")
		require.NoError(t, err)
		assert.Equal(t, i*10, n, "the index is embedded, which makes ids unique")
	}
}
