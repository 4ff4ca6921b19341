package auth0sim

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// brute lists (index, date) of every event, for checking search answers the slow way.
type dated struct {
	i    int
	date time.Time
	code string
}

func brute(t *testing.T, s *Simulator) []dated {
	var out []dated
	for i := range s.Len() {
		var ev struct {
			Date time.Time `json:"date"`
			Type string    `json:"type"`
		}
		require.NoError(t, json.Unmarshal(s.Event(i), &ev))
		out = append(out, dated{i, ev.Date, ev.Type})
	}
	return out
}

func searchIDs(t *testing.T, e *env, params url.Values) []string {
	t.Helper()
	resp, body := e.get(t, "/api/v2/logs?"+params.Encode())
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	var ids []string
	for _, ev := range page(t, body) {
		ids = append(ids, ev["log_id"].(string))
	}
	return ids
}

func TestSearchDateQuery(t *testing.T) {
	// 3000 events in 10 minutes: 200 ms apart, so the 0-5 s date lag reorders them.
	e := newEnv(t, Options{Backlog: 3000, BacklogSpan: 10 * time.Minute, Seed: 3, Now: newClock().Now})
	all := brute(t, e.sim)
	since := t0.Add(-6 * time.Minute)
	want := func(exclusive, asc bool) []string {
		var hits []dated
		for _, d := range all {
			if d.date.After(since) || (!exclusive && d.date.Equal(since)) {
				hits = append(hits, d)
			}
		}
		slices.SortStableFunc(hits, func(a, b dated) int {
			if c := a.date.Compare(b.date); c != 0 {
				if asc {
					return c
				}
				return -c
			}
			if asc {
				return a.i - b.i
			}
			return b.i - a.i
		})
		var ids []string
		for _, h := range hits {
			ids = append(ids, e.sim.LogID(h.i))
		}
		return ids
	}
	q := "date:[" + since.Format(time.RFC3339Nano) + " TO *]"
	asc := want(false, true)
	require.Greater(t, len(asc), 1000, "the query matches more than the search cap")
	for p := range 10 {
		got := searchIDs(t, e, url.Values{"q": {q}, "sort": {"date:1"}, "per_page": {"100"}, "page": {strconv.Itoa(p)}})
		require.Equal(t, asc[p*100:(p+1)*100], got, "page %d, ascending", p)
	}
	desc := want(false, false)
	got := searchIDs(t, e, url.Values{"q": {q}, "sort": {"date:-1"}, "per_page": {"100"}, "page": {"3"}})
	assert.Equal(t, desc[300:400], got, "descending")

	// An exclusive lower bound, as tfadeyi/auth0-simple-exporter sends it.
	at := all[1500].date
	since = at
	got = searchIDs(t, e, url.Values{"q": {"date:{" + at.Format(time.RFC3339Nano) + " TO *]"}, "sort": {"date:1"}, "per_page": {"10"}})
	assert.Equal(t, want(true, true)[:10], got, "exclusive bound")
	for _, id := range got {
		assert.NotEqual(t, e.sim.LogID(1500), id)
	}

	// Dates are not in log_id order: the answer sorted by date is not sorted by log_id.
	assert.False(t, slices.IsSorted(asc[:1000]), "dates should not be monotonic in log_id order")
}

func TestSearchDefaultsAndShapes(t *testing.T) {
	e := newEnv(t, Options{Backlog: 500, Now: newClock().Now})
	got := searchIDs(t, e, url.Values{})
	require.Len(t, got, 50, "per_page defaults to 50")
	assert.Equal(t, e.sim.LogID(499), got[0], "without sort, newest log_id first")
	assert.True(t, slices.IsSortedFunc(got, func(a, b string) int { return -strings.Compare(a, b) }))

	got = searchIDs(t, e, url.Values{"sort": {"log_id:1"}, "per_page": {"5"}, "page": {"2"}})
	assert.Equal(t, []string{e.sim.LogID(10), e.sim.LogID(11), e.sim.LogID(12), e.sim.LogID(13), e.sim.LogID(14)}, got)

	got = searchIDs(t, e, url.Values{"q": {"log_id:[" + e.sim.LogID(100) + " TO *]"}, "sort": {"log_id:1"}, "per_page": {"2"}})
	assert.Equal(t, []string{e.sim.LogID(100), e.sim.LogID(101)}, got, "log_id range is inclusive, like auth0-cli relies on")

	code := e.sim.Code(1)
	resp, body := e.get(t, "/api/v2/logs?"+url.Values{"q": {"type:" + code}, "per_page": {"100"}}.Encode())
	require.Equal(t, http.StatusOK, resp.StatusCode)
	for _, ev := range page(t, body) {
		assert.Equal(t, code, ev["type"])
	}

	resp, body = e.get(t, "/api/v2/logs?include_totals=true&per_page=3&page=1")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var totals struct {
		Start, Limit, Length, Total int
		Logs                        []map[string]any
	}
	require.NoError(t, json.Unmarshal(body, &totals))
	assert.Equal(t, 3, totals.Start)
	assert.Equal(t, 3, totals.Limit)
	assert.Equal(t, 3, totals.Length)
	assert.Equal(t, 3, totals.Total, "search v3: total is the page's length")
	assert.Len(t, totals.Logs, 3)
}

func TestSearchLimits(t *testing.T) {
	e := newEnv(t, Options{Backlog: 1500, Now: newClock().Now})
	assert.Len(t, searchIDs(t, e, url.Values{"per_page": {"100"}, "page": {"9"}}), 100, "results 900-999 are reachable")
	assert.Len(t, searchIDs(t, e, url.Values{"per_page": {"30"}, "page": {"33"}}), 10, "the page is cut at result 1000")
	for _, q := range []url.Values{
		{"per_page": {"100"}, "page": {"10"}},
		{"per_page": {"101"}},
		{"per_page": {"0"}},
		{"page": {"-1"}},
		{"sort": {"user_id:1"}},
		{"sort": {"date"}},
		{"q": {"user_email:x"}},
		{"q": {"date:[yesterday TO *]"}},
		{"q": {"ip:1.2.3.4"}},
	} {
		resp, body := e.get(t, "/api/v2/logs?"+q.Encode())
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "%v: %s", q, body)
		assert.Contains(t, string(body), `"statusCode":400`)
	}
	resp, body := e.get(t, "/api/v2/logs?q=user_email:x")
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, string(body), `The search query string has an error: unknown field \"user_email\"`)
}

func TestSearchRelativeDates(t *testing.T) {
	c := newClock()
	e := newEnv(t, Options{Backlog: 600, BacklogSpan: 10 * time.Hour, Now: c.Now})
	got := searchIDs(t, e, url.Values{"q": {"date:[now-1h TO now]"}, "sort": {"date:1"}, "per_page": {"100"}})
	require.NotEmpty(t, got)
	assert.Less(t, len(got), 100)
	for _, id := range got {
		ing, err := time.Parse("20060102150405", id[3:17])
		require.NoError(t, err)
		assert.False(t, ing.Before(t0.Add(-time.Hour)), id)
	}
}
