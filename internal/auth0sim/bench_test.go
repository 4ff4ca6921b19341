package auth0sim

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// BenchmarkRenderPage renders one 100-event checkpoint page of a large backlog, the work the
// simulator does per request. Target: well under 1 ms per page.
func BenchmarkRenderPage(b *testing.B) {
	s := New(Options{Backlog: 1_000_000, Seed: 1})
	defer s.Close()
	buf := make([]byte, 0, 256<<10)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		buf = buf[:0]
		buf = append(buf, '[')
		for k := range 100 {
			if k > 0 {
				buf = append(buf, ',')
			}
			buf = s.gen.render(buf, i, s.tl.slot(i))
			i = (i + 1) % 1_000_000
		}
		buf = append(buf, ']')
	}
	b.SetBytes(int64(len(buf)))
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "us/page")
}

// BenchmarkCheckpointPage serves a whole page through the handler: lookup of `from` by binary
// search over a million events, rendering and the Link header.
func BenchmarkCheckpointPage(b *testing.B) {
	start := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	s := New(Options{Backlog: 1_000_000, Seed: 1, Now: func() time.Time { return start }})
	defer s.Close()
	h := s.Handler()
	tok := issue(b, h)
	from := s.LogID(500_000)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/api/v2/logs?take=100&from="+from, http.NoBody)
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code)
		}
	}
}

// BenchmarkHTTPDrain is a bare client draining a million-event backlog over real HTTP, following
// Link: the simulator's ceiling, which a pull benchmark's client must stay well below.
func BenchmarkHTTPDrain(b *testing.B) {
	s := New(Options{Backlog: 1_000_000, Seed: 1})
	defer s.Close()
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	tok := issue(b, s.Handler())
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	next := srv.URL + "/api/v2/logs?take=100&from="
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodGet, next, http.NoBody)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		l := resp.Header.Get("Link")
		next = l[1:strings.Index(l, ">")]
	}
	b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "events/s")
}
