package e2e

// The README's promises, attacked through the built distribution: a slow, failing pipeline with
// Auth0 redelivering meanwhile, a tenant that redirects elsewhere, anonymous clients that are
// slow or send compressed bodies.

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/otelcol-auth0/auth0receiver/internal/auth0sim"
)

// streamBody is a Log Streams body (JSON lines of envelopes) of the simulator's events [from, to).
func streamBody(sim *auth0sim.Simulator, from, to int) string {
	var b strings.Builder
	for i := from; i < to; i++ {
		fmt.Fprintf(&b, `{"log_id":%q,"data":%s}`+"\n", sim.LogID(i), sim.Event(i))
	}
	return b.String()
}

// deliverStream posts body to the webhook as Auth0 does, giving up after timeout (Auth0's own),
// and returns the status, or 0 when it gave up.
func deliverStream(url, body string, timeout time.Duration) int {
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Authorization", webhookAuth)
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: timeout}).Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode
}

// Auth0 sends a batch again while its first delivery is still inside a slow pipeline, which then
// fails it. The redelivery must not be acknowledged as "already delivered" (Auth0 stops at the
// first 200): nothing may be lost, nothing repeated. With the pull on too, the pull
// meets the same events while the webhook holds them, and must wait rather than skip them.
func TestSlowFailingPipelineWithARedeliveryLosesNothing(t *testing.T) {
	bin := distroBinary(t)
	for _, webhookOnly := range []bool{true, false} {
		t.Run(map[bool]string{true: "webhook only", false: "webhook and pull"}[webhookOnly], func(t *testing.T) {
			sim, srv := startSimulator(t, auth0sim.Options{Seed: 11})
			ids := sim.Generate(30)
			s := startSink(t, false)
			entered, release := make(chan struct{}), make(chan struct{})
			var once sync.Once
			s.setHook(func(_ int, logs plog.Logs) verdict {
				if _, ok := uidSet(logs)[ids[0]]; !ok {
					return verdict{store: true}
				}
				first := false
				once.Do(func() { first = true })
				if !first {
					return verdict{store: true}
				}
				close(entered)
				<-release                                                                  // slow ...
				return verdict{err: status.Error(codes.Unavailable, "backend overloaded")} // ... and failing
			})
			addr := "127.0.0.1:" + strconv.Itoa(freePort(t))
			c := startCollector(t, bin, writeConfig(t, collectorConfig{
				SimURL: srv.URL, OTLPAddr: s.addr, NoExporterRetry: true, PollInterval: time.Second,
				WebhookAddr: addr, WebhookOnly: webhookOnly,
			}))
			url := "http://" + addr + "/auth0/logs"
			body := streamBody(sim, 0, len(ids))
			waitFor(t, 30*time.Second, func() bool { return deliverStream(url, "", time.Second) == http.StatusOK },
				func() string { return "webhook not listening:\n" + c.output() })

			first := make(chan int)
			go func() { first <- deliverStream(url, body, time.Minute) }()
			<-entered
			// Auth0 is done with a batch at its first 200: a 200 now, for events whose first
			// delivery may still fail, would lose them.
			if got := deliverStream(url, body, 5*time.Second); got == http.StatusOK {
				t.Fatal("the redelivery was acknowledged while the first delivery was still in flight")
			}
			close(release) // the first delivery fails now
			if got := <-first; got != http.StatusServiceUnavailable {
				t.Fatalf("the failed first delivery was answered %d, want 503", got)
			}
			waitFor(t, 30*time.Second, func() bool { return deliverStream(url, body, 5*time.Second) == http.StatusOK },
				func() string { return "the redeliveries were never accepted" })
			waitFor(t, 30*time.Second, func() bool { return s.has(ids) }, func() string {
				return fmt.Sprintf("%d of %d events arrived", s.distinct(), len(ids))
			})
			checkDelivered(t, s, expectedEvents(t, sim, len(ids)), nil)
		})
	}
}

// A collector with the pull and the webhook is restarted (SIGTERM) while the stream runs ahead
// of the pull's checkpoint: the restarted pull reads the events the stream delivered and does
// not deliver them again, and nothing is lost (README: Pull, webhook or both).
func TestARestartWithBothPathsRepeatsNothing(t *testing.T) {
	bin := distroBinary(t)
	const backlog, streamed = 250, 300 // the backlog ends on a short page: the pull then waits
	sim, srv := startSimulator(t, auth0sim.Options{Backlog: backlog, Seed: 23})
	s := startSink(t, false)
	addr := "127.0.0.1:" + strconv.Itoa(freePort(t))
	cfg := collectorConfig{
		SimURL: srv.URL, OTLPAddr: s.addr, WebhookAddr: addr, StorageDir: filepath.Join(t.TempDir(), "storage"),
		PollInterval: time.Hour, // caught up, the pull waits: the stream runs ahead of it
	}
	c := startCollector(t, bin, writeConfig(t, cfg))
	waitFor(t, 60*time.Second, func() bool { return s.distinct() >= backlog },
		func() string { return fmt.Sprintf("%d of %d backlog events arrived", s.distinct(), backlog) })
	polled := sim.Stats().APIRequests
	sim.Generate(streamed)
	url := "http://" + addr + "/auth0/logs"
	if got := deliverStream(url, streamBody(sim, backlog, backlog+streamed), 30*time.Second); got != http.StatusOK {
		t.Fatalf("the stream's delivery was answered %d", got)
	}
	if sim.Stats().APIRequests != polled {
		t.Fatal("the pull polled while the stream delivered: the test needs it waiting")
	}
	c.stop(t)

	cfg.PollInterval = 200 * time.Millisecond
	c = startCollector(t, bin, writeConfig(t, cfg))
	pollsMore(t, sim, streamed/100+2) // through the streamed events, and on
	c.stop(t)
	checkDelivered(t, s, expectedEvents(t, sim, backlog+streamed), nil)
}

// recordingHost is a host the user never configured: it records every request that reaches it.
type recordingHost struct {
	srv  *httptest.Server
	mu   sync.Mutex
	seen []string
}

func startRecordingHost(t *testing.T) *recordingHost {
	h := &recordingHost{}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.seen = append(h.seen, fmt.Sprintf("%s %s auth=%q body=%q", r.Method, r.URL, r.Header.Get("Authorization"), body))
		h.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"stolen","expires_in":3600,"token_type":"Bearer"}`)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *recordingHost) requests() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.seen...)
}

// A tenant (or a proxy in front of it) that redirects the token request or the logs request to
// another host: the client secret and the bearer token must never reach that host, and the
// collector says why it stopped.
func TestRedirectingTenantNeverSeesTheSecretElsewhere(t *testing.T) {
	bin := distroBinary(t)
	const token = "e2e-bearer-t0ken-never-elsewhere"
	for _, redirected := range []string{"/oauth/token", "/api/v2/logs"} {
		t.Run(redirected, func(t *testing.T) {
			evil := startRecordingHost(t)
			tenant := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case redirected:
					http.Redirect(w, r, evil.srv.URL+r.URL.RequestURI(), http.StatusTemporaryRedirect)
				case "/oauth/token":
					w.Header().Set("Content-Type", "application/json")
					_, _ = io.WriteString(w, `{"access_token":"`+token+`","expires_in":86400,"token_type":"Bearer"}`)
				default:
					http.NotFound(w, r)
				}
			}))
			t.Cleanup(tenant.Close)
			s := startSink(t, false)
			c := startCollector(t, bin, writeConfig(t, collectorConfig{SimURL: tenant.URL, OTLPAddr: s.addr}))
			waitFor(t, 60*time.Second, func() bool { return strings.Contains(c.output(), "to another host") },
				func() string { return "no error about the redirect:\n" + c.output() })
			if got := evil.requests(); len(got) != 0 {
				t.Fatalf("the foreign host received %q", got)
			}
			out := c.output()
			for _, secret := range []string{"sim-secret", token} {
				if strings.Contains(out, secret) {
					t.Errorf("the collector's output shows %q", secret)
				}
			}
		})
	}
}

// rawExchange writes a request to addr and returns the status line, how long it took, and
// whether the server closed the connection afterwards (within a second).
func rawExchange(t *testing.T, addr string, request []byte) (string, time.Duration, bool) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	began := time.Now()
	if _, err = conn.Write(request); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	rd := bufio.NewReader(conn)
	line, _ := rd.ReadString('\n') // "" when the server closed the connection without answering
	took := time.Since(began)
	_ = conn.SetReadDeadline(time.Now().Add(time.Second))
	_, err = io.Copy(io.Discard, rd)
	var ne net.Error
	closed := err == nil || !errors.As(err, &ne) || !ne.Timeout()
	return strings.TrimSpace(line), took, closed
}

// The webhook faces the internet: an anonymous client costs it nothing (a compressed body is not
// decoded, a trickled body is not awaited), and an authorized one that trickles is cut off by
// the read timeout.
func TestAnonymousSlowOrCompressedRequestsAreRefusedQuickly(t *testing.T) {
	bin := distroBinary(t)
	_, srv := startSimulator(t, auth0sim.Options{Seed: 13})
	s := startSink(t, false)
	addr := "127.0.0.1:" + strconv.Itoa(freePort(t))
	c := startCollector(t, bin, writeConfig(t, collectorConfig{
		SimURL: srv.URL, OTLPAddr: s.addr, WebhookAddr: addr, WebhookOnly: true, WebhookReadTimeout: 2 * time.Second,
	}))
	waitFor(t, 30*time.Second, func() bool { return deliverStream("http://"+addr+"/auth0/logs", "", time.Second) == http.StatusOK },
		func() string { return "webhook not listening:\n" + c.output() })

	var bomb bytes.Buffer // 1 MiB of zeros in 1 KB: decoding it costs memory and time
	zw := gzip.NewWriter(&bomb)
	_, _ = zw.Write(make([]byte, 1<<20))
	_ = zw.Close()
	gz := func(auth string) []byte {
		return []byte("POST /auth0/logs HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\n" + auth +
			"Content-Length: " + strconv.Itoa(bomb.Len()) + "\r\n\r\n" + bomb.String())
	}
	if line, took, _ := rawExchange(t, addr, gz("")); line != "HTTP/1.1 401 Unauthorized" || took > time.Second {
		t.Errorf("anonymous gzip body: %q after %v, want 401 at once", line, took)
	}
	if line, _, _ := rawExchange(t, addr, gz("Authorization: "+webhookAuth+"\r\n")); line != "HTTP/1.1 400 Bad Request" {
		t.Errorf("authorized gzip body of zeros: %q, want 400 (decoded, not JSON)", line)
	}

	trickle := []byte("POST /auth0/logs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer guess\r\nContent-Length: 50000000\r\n\r\n[")
	line, took, closed := rawExchange(t, addr, trickle)
	if line != "HTTP/1.1 401 Unauthorized" || took > time.Second || !closed {
		t.Errorf("anonymous trickled body: %q after %v, closed %v; want 401 at once and the connection closed", line, took, closed)
	}

	began := time.Now()
	authorized := []byte("POST /auth0/logs HTTP/1.1\r\nHost: x\r\nAuthorization: " + webhookAuth + "\r\nContent-Length: 50000000\r\n\r\n[")
	line, _, closed = rawExchange(t, addr, authorized)
	if took := time.Since(began); took > 5*time.Second || !closed {
		t.Errorf("authorized trickled body: %q, cut off after %v (closed %v); want within read_timeout (2s)", line, took, closed)
	}
	if s.total() != 0 {
		t.Errorf("%d records arrived", s.total())
	}
}
