package auth0api

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// benchPage is a page of 100 realistic events (about 1.3 KB each, as Auth0 sends them).
func benchPage() []byte {
	var b strings.Builder
	b.WriteByte('[')
	for i := range 100 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"date":"2024-01-01T12:00:%02d.123Z","type":"s","description":"Successful login","connection":"Username-Password-Authentication","connection_id":"con_0123456789abcdef","client_id":"AbCdEfGhIjKlMnOpQrStUvWxYz012345","client_name":"Acme Web","ip":"203.0.113.%d","user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36","details":{"prompts":[{"name":"prompt-authenticate","completedAt":1704110400123,"connection":"Username-Password-Authentication","connection_id":"con_0123456789abcdef","strategy":"auth0","identity":"64f0c0ffee0123456789abcd","stats":{"loginsCount":42},"elapsedTime":1234}],"initiatedAt":1704110399000,"completedAt":1704110400200,"elapsedTime":1200,"session_id":"sess_0123456789abcdefghijkl","stats":{"loginsCount":42}},"hostname":"acme.us.auth0.com","user_id":"auth0|64f0c0ffee0123456789abcd","user_name":"jane.doe@example.com","strategy":"auth0","strategy_type":"database","log_id":"900202401011200%02d0000000000000000000000000000000000%04d","_id":"900202401011200%02d0000000000000000000000000000000000%04d","isMobile":false,"location_info":{"country_code":"US","country_code3":"USA","country_name":"United States","city_name":"Springfield","latitude":39.78,"longitude":-89.65,"time_zone":"America/Chicago","continent_code":"NA"},"tenant_name":"acme"}`,
			i%60, i%250, i%60, i, i%60, i)
	}
	b.WriteByte(']')
	return []byte(b.String())
}

// BenchmarkFetchPage measures the client's cost per page against a local server: bytes/s and
// allocations per page (server and loopback included).
func BenchmarkFetchPage(b *testing.B) {
	page := benchPage()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(page)))
		w.Header().Set("Link", `<https://`+r.Host+`/api/v2/logs?take=100&from=90020240101120059>; rel="next"`)
		w.Header().Set("X-Ratelimit-Limit", "1000000")
		w.Header().Set("X-Ratelimit-Remaining", "999999")
		_, _ = w.Write(page)
	}))
	defer srv.Close()
	c := New(Config{Endpoint: srv.URL, APIToken: testStatic}, srv.Client())
	defer c.CloseIdleConnections()
	ctx := context.Background()
	u := c.FirstPageURL("900")
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := c.FetchPage(ctx, u)
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Body) != len(page) || p.Next == "" {
			b.Fatalf("short page %d or no next", len(p.Body))
		}
	}
}
