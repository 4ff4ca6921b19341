package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/otelcol-auth0/auth0receiver/internal/auth0sim"
)

// benchEnv turns the distribution benchmarks on: they take minutes (make bench-distro).
const benchEnv = "AUTH0_BENCH_DISTRO"

func benchDistro(b *testing.B) string {
	b.Helper()
	if os.Getenv(benchEnv) == "" {
		b.Skipf("distribution benchmark: set %s=1 (make bench-distro)", benchEnv)
	}
	return distroBinary(b)
}

// BenchmarkDistroThroughput pulls a backlog from an unthrottled simulator with the distribution
// (exporting over OTLP gRPC to an in-process backend) and with a bare HTTP client that only
// downloads the same pages, and reports both rates. Both are measured from the first page to
// the last, so the collector's start-up is not counted.
func BenchmarkDistroThroughput(b *testing.B) {
	for _, tc := range []struct {
		latency     time.Duration
		events      int
		compression string
	}{
		{50 * time.Millisecond, 30_000, ""},
		{0, 300_000, ""},
		// gzip, the exporter's default, is more than half of the collector's CPU per event.
		{0, 300_000, "none"},
	} {
		name := fmt.Sprintf("latency=%v", tc.latency)
		if tc.compression != "" {
			name += ",compression=" + tc.compression
		}
		b.Run(name, func(b *testing.B) {
			bin := benchDistro(b)
			for range b.N {
				sim, srv := startSimulator(b, auth0sim.Options{Backlog: tc.events, Seed: 3, Latency: tc.latency})
				bare := bareDownload(b, srv.URL)

				s := startSink(b, true)
				c := startCollector(b, bin, writeConfig(b, collectorConfig{SimURL: srv.URL, OTLPAddr: s.addr, Compression: tc.compression}))
				waitFor(b, 10*time.Minute, func() bool { return s.total() >= tc.events },
					func() string { return fmt.Sprintf("%d of %d events arrived", s.total(), tc.events) })
				first, last, firstN := s.span()
				cpu, err := procCPU(c.pid())
				if err != nil {
					b.Fatal(err)
				}
				c.stop(b)
				distro := float64(tc.events-firstN) / last.Sub(first).Seconds()
				if got := s.total(); got != tc.events {
					b.Fatalf("%d records arrived, want %d", got, tc.events)
				}
				b.ReportMetric(distro, "distro_events/s")
				b.ReportMetric(bare, "bare_events/s")
				b.ReportMetric(100*distro/bare, "%_of_bare")
				cpuPerEvent := float64(cpu.Microseconds()) / float64(tc.events)
				b.ReportMetric(cpuPerEvent, "collector_cpu_us/event")
				b.Logf("latency %v, %d events: distribution %.0f events/s, bare client %.0f events/s (%.1f%%); collector CPU %v (%.1f us/event); simulator served %d pages",
					tc.latency, tc.events, distro, bare, 100*distro/bare, cpu.Round(time.Millisecond), cpuPerEvent, sim.Stats().Pages)
			}
		})
	}
}

// bareDownload walks the whole log like the receiver (token, from, take=100, Link rel=next)
// but only reads and discards each page; it returns events per second from first to last page.
func bareDownload(b *testing.B, base string) float64 {
	b.Helper()
	client := &http.Client{Timeout: time.Minute}
	form := url.Values{
		"grant_type": {"client_credentials"}, "client_id": {"sim-client"},
		"client_secret": {"sim-secret"}, "audience": {"https://sim.us.auth0.com/api/v2/"},
	}
	resp, err := client.PostForm(base+"/oauth/token", form)
	if err != nil {
		b.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	err = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if err != nil || tok.AccessToken == "" {
		b.Fatalf("token: %v (status %d)", err, resp.StatusCode)
	}

	next := base + "/api/v2/logs?take=100&from=900" + time.Now().Add(-48*time.Hour).UTC().Format("20060102150405")
	var first, last time.Time
	var events, firstN int
	for {
		req, _ := http.NewRequest(http.MethodGet, next, http.NoBody)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("page: %v (status %d)", err, resp.StatusCode)
		}
		if n <= 2 { // "[]": caught up
			break
		}
		// Pages are full except the last; count without parsing, as the point is not to.
		page := 100
		now := time.Now()
		if first.IsZero() {
			first, firstN = now, page
		}
		last = now
		events += page
		link := resp.Header.Get("Link")
		start, end := strings.IndexByte(link, '<'), strings.IndexByte(link, '>')
		if start < 0 || end < start {
			b.Fatalf("no Link in %q", link)
		}
		next = link[start+1 : end]
	}
	return float64(events-firstN) / last.Sub(first).Seconds()
}

// apiWindow records when the first /api/v2/logs request reached the simulator.
type apiWindow struct {
	mu    sync.Mutex
	first time.Time
}

func (w *apiWindow) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/v2/logs") {
			w.mu.Lock()
			if w.first.IsZero() {
				w.first = time.Now()
			}
			w.mu.Unlock()
		}
		h.ServeHTTP(rw, r)
	})
}

func (w *apiWindow) start() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.first
}

// BenchmarkDistroThrottled runs the distribution against a rate-limited simulator (a token
// bucket with Auth0's headers) for a fixed time, and reports the pages it got as a share of the
// bucket's ceiling over that time (burst + refill x elapsed) and the 429s it earned.
func BenchmarkDistroThrottled(b *testing.B) {
	for _, tc := range []struct {
		burst     int
		perMinute float64
		run       time.Duration
	}{
		{10, 600, time.Minute},     // Auth0's shape, 6x faster: a long backfill in a minute
		{10, 100, 3 * time.Minute}, // Auth0's Essentials/Professional limit for GET /api/v2/logs
	} {
		b.Run(fmt.Sprintf("burst=%d,per_minute=%g", tc.burst, tc.perMinute), func(b *testing.B) {
			bin := benchDistro(b)
			for range b.N {
				ceilingPages := float64(tc.burst) + tc.perMinute*tc.run.Minutes()
				backlog := int(2*ceilingPages) * 100 // never caught up within the run
				sim := auth0sim.New(auth0sim.Options{
					Backlog: backlog, Seed: 5, Latency: 50 * time.Millisecond,
					RateLimit: auth0sim.RateLimit{Burst: tc.burst, PerMinute: tc.perMinute},
				})
				var window apiWindow
				srv := httptest.NewServer(window.wrap(sim.Handler()))
				b.Cleanup(func() { sim.Close(); srv.Close() })

				s := startSink(b, true)
				c := startCollector(b, bin, writeConfig(b, collectorConfig{SimURL: srv.URL, OTLPAddr: s.addr}))
				waitFor(b, time.Minute, func() bool { return !window.start().IsZero() }, func() string { return "no API request" })
				time.Sleep(time.Until(window.start().Add(tc.run)))
				stats := sim.Stats()
				elapsed := time.Since(window.start())
				c.stop(b)

				ceiling := float64(tc.burst) + tc.perMinute/60*elapsed.Seconds()
				share := 100 * float64(stats.Pages) / ceiling
				b.ReportMetric(share, "%_of_ceiling")
				b.ReportMetric(float64(stats.RateLimited), "429s")
				b.ReportMetric(float64(stats.EventsServed)/elapsed.Seconds(), "events/s")
				b.Logf("burst %d, %g/min, %v: %d pages of a ceiling of %.1f (%.1f%%), %d 429s, %d requests, %d events delivered",
					tc.burst, tc.perMinute, elapsed.Round(time.Millisecond), stats.Pages, ceiling, share,
					stats.RateLimited, stats.APIRequests, s.total())
			}
		})
	}
}

// BenchmarkDistroMemory backfills a large backlog from an unthrottled simulator and samples the
// collector's resident memory (/proc/<pid>/status) as it goes: it must stay flat, bounded by a
// page in flight rather than by the backlog.
func BenchmarkDistroMemory(b *testing.B) {
	for _, events := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("backlog=%d", events), func(b *testing.B) {
			bin := benchDistro(b)
			for range b.N {
				_, srv := startSimulator(b, auth0sim.Options{Backlog: events, Seed: 9})
				s := startSink(b, true)
				c := startCollector(b, bin, writeConfig(b, collectorConfig{SimURL: srv.URL, OTLPAddr: s.addr}))

				var samples []string // RSS at each tenth of the backfill
				var peakRSS int
				nextTenth := 1
				began := time.Now()
				for s.total() < events {
					if !c.running() {
						b.Fatal("the collector exited")
					}
					rss, _, err := procMemory(c.pid())
					if err != nil {
						b.Fatal(err)
					}
					peakRSS = max(peakRSS, rss)
					for s.total() >= nextTenth*events/10 && nextTenth < 10 {
						samples = append(samples, fmt.Sprintf("%d%%:%dMB", nextTenth*10, rss>>10))
						nextTenth++
					}
					time.Sleep(100 * time.Millisecond)
				}
				elapsed := time.Since(began)
				rss, hwm, err := procMemory(c.pid())
				if err != nil {
					b.Fatal(err)
				}
				c.stop(b)
				b.ReportMetric(float64(hwm)/1024, "VmHWM_MB")
				b.ReportMetric(float64(rss)/1024, "VmRSS_end_MB")
				b.ReportMetric(float64(events)/elapsed.Seconds(), "events/s")
				b.Logf("%d events in %v: VmHWM %d MB, sampled RSS peak %d MB, at end %d MB; RSS by progress %s",
					events, elapsed.Round(time.Millisecond), hwm>>10, peakRSS>>10, rss>>10, strings.Join(samples, " "))
			}
		})
	}
}

// procMemory reads VmRSS and VmHWM (kB) of a process.
func procMemory(pid int) (rss, hwm int, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || (key != "VmRSS" && key != "VmHWM") {
			continue
		}
		kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(value), " kB"))
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %q: %w", key, value, err)
		}
		if key == "VmRSS" {
			rss = kb
		} else {
			hwm = kb
		}
	}
	return rss, hwm, sc.Err()
}

// procCPU reads the user and system CPU time a process has used so far (in clock ticks of
// 1/100 s, USER_HZ on Linux).
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	_, rest, ok := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 13 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat: %q", pid, b)
	}
	utime, err1 := strconv.Atoi(f[11])
	stime, err2 := strconv.Atoi(f[12])
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("unexpected /proc/%d/stat: %q", pid, b)
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}
