package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/otelcol-auth0/auth0receiver/internal/auth0sim"
	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
	"github.com/otelcol-auth0/auth0receiver/internal/signals"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// simDomain is the simulator's default tenant domain, which the configs name.
const simDomain = "sim.us.auth0.com"

// expected is what the backend must hold for one simulator event.
type expected struct {
	uid     string
	code    string
	ts      pcommon.Timestamp
	sevText string
	sevNum  plog.SeverityNumber
}

// receiverMapper maps events as the distribution's receiver does by default (security signals on).
func receiverMapper(tb testing.TB) *mapping.Mapper {
	tb.Helper()
	matcher, err := signals.New(signals.DefaultConfig())
	if err != nil {
		tb.Fatal(err)
	}
	return mapping.New(mapping.Options{Domain: simDomain, Signals: matcher})
}

// expectedEvents derives what must arrive for the simulator's first n events: each mapped as
// the receiver maps it, so the severity is the catalog's, raised by a security signal where one
// matches.
func expectedEvents(tb testing.TB, sim *auth0sim.Simulator, n int) []expected {
	tb.Helper()
	m := receiverMapper(tb)
	out := make([]expected, 0, n)
	for i := range n {
		b, err := m.MapPage([]byte("["+string(sim.Event(i))+"]"), mapping.Params{Observed: time.Now()})
		if err != nil || b.Logs.LogRecordCount() != 1 {
			tb.Fatalf("simulator event %d: %v", i, err)
		}
		lr := testutil.LogRecords(b.Logs)[0]
		uid, _ := lr.Attributes().Get("log.record.uid")
		code, _ := lr.Attributes().Get("auth0.event.type")
		out = append(out, expected{
			uid: uid.Str(), code: code.Str(), ts: lr.Timestamp(), sevText: lr.SeverityText(), sevNum: lr.SeverityNumber(),
		})
	}
	return out
}

// checkDelivered fails unless every expected event arrived with its timestamp, severity and
// event name, each exactly once except the uids in repeats (exactly that many times), and nothing
// else arrived.
func checkDelivered(t *testing.T, s *sink, want []expected, repeats map[string]int) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	var problems []string
	report := func(format string, args ...any) {
		if len(problems) < 20 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	wantUIDs := make(map[string]struct{}, len(want))
	codes := map[string]struct{}{}
	for _, w := range want {
		wantUIDs[w.uid] = struct{}{}
		codes[w.code] = struct{}{}
		got, ok := s.byUID[w.uid]
		if !ok {
			report("lost: %s (%s)", w.uid, w.code)
			continue
		}
		times := max(repeats[w.uid], 1)
		if s.times[w.uid] != times {
			report("%s (%s) arrived %d times, want %d", w.uid, w.code, s.times[w.uid], times)
		}
		if got.ts != w.ts {
			report("%s (%s): timestamp %v, want %v", w.uid, w.code, got.ts, w.ts)
		}
		if got.sevNum != w.sevNum || got.sevText != w.sevText {
			report("%s (%s): severity %d %q, want %d %q", w.uid, w.code, got.sevNum, got.sevText, w.sevNum, w.sevText)
		}
		if got.eventName != "auth0."+w.code {
			report("%s: event name %q, want %q", w.uid, got.eventName, "auth0."+w.code)
		}
		if got.domain != simDomain {
			report("%s: auth0.tenant.domain %q, want %q", w.uid, got.domain, simDomain)
		}
	}
	for uid := range s.byUID {
		if _, ok := wantUIDs[uid]; !ok {
			report("unexpected record %q", uid)
		}
	}
	if len(problems) > 0 {
		t.Fatalf("%d events expected, %d distinct received; first problems:\n%s",
			len(want), len(s.byUID), strings.Join(problems, "\n"))
	}
	t.Logf("%d events of %d codes arrived with the simulator's timestamps and the receiver's severities; %d repeated (allowed: %d)",
		len(want), len(codes), len(s.repeatsLocked()), len(repeats))
}

func (s *sink) repeatsLocked() []string {
	var out []string
	for id, n := range s.times {
		if n > 1 {
			out = append(out, id)
		}
	}
	return out
}

func uidsOf(want []expected) []string {
	out := make([]string, len(want))
	for i, w := range want {
		out[i] = w.uid
	}
	return out
}

// TestDistributionComponents checks that the built binary holds exactly what builder-config.yaml and the README list.
func TestDistributionComponents(t *testing.T) {
	bin := distroBinary(t)
	out, err := runDistro(bin, nil, "components")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{
		"name: auth0", "name: otlp_grpc", "name: otlp_http", "name: debug", "name: batch",
		"name: memory_limiter", "name: file_storage", "name: health_check",
		"scheme: env", "scheme: file", "scheme: yaml",
		"github.com/otelcol-auth0/auth0receiver v0.0.0",
	} {
		if !strings.Contains(out, name) {
			t.Errorf("`otelcol-auth0 components` does not list %q:\n%s", name, out)
		}
	}
}

// TestExactlyOnceAcrossKill delivers a backlog, then SIGKILLs the collector half-way through a
// second one and restarts it. The kill lands while an export is in flight, on either side of the
// backend's commit:
//   - before-commit: the backend has not stored the request. Nothing may be lost, and nothing
//     may be repeated but what a persistent queue allows (below).
//   - after-commit: the backend stored it but the collector never saw the answer. That one
//     request comes again (README: Exporting to an OTLP backend); its log.record.uid lets a
//     backend drop it.
//
// With a persistent queue the receiver goes on reading while the export hangs, so the kill can
// also land between the queue taking a page and the receiver storing its checkpoint: that page
// comes again too, and nothing else (crashRepeats). Without a queue the receiver is inside that
// export, so nothing but the request can repeat.
func TestExactlyOnceAcrossKill(t *testing.T) {
	bin := distroBinary(t)
	for _, queue := range []string{"no-queue", "persistent-queue"} {
		for _, commit := range []string{"before-commit", "after-commit"} {
			t.Run(queue+"/"+commit, func(t *testing.T) {
				testKill(t, bin, queue == "persistent-queue", commit == "after-commit")
			})
		}
	}
}

func testKill(t *testing.T, bin string, persistentQueue, afterCommit bool) {
	const first, second, pageSize = 1500, 3000, 100
	sim, srv := startSimulator(t, auth0sim.Options{Backlog: first, Seed: 7, Latency: 10 * time.Millisecond})
	s := startSink(t, false)
	cfg := writeConfig(t, collectorConfig{SimURL: srv.URL, OTLPAddr: s.addr, PersistentQueue: persistentQueue, PageSize: pageSize})

	c := startCollector(t, bin, cfg)
	backlog := expectedEvents(t, sim, first)
	waitFor(t, 60*time.Second, func() bool { return s.has(uidsOf(backlog)) },
		func() string { return fmt.Sprintf("%d of %d backlog events arrived", s.distinct(), first) })
	checkDelivered(t, s, backlog, nil)

	// Kill -9 inside the export that crosses half of the second backlog.
	var (
		once     sync.Once
		killed   = make(chan struct{})
		inFlight map[string]struct{}
	)
	s.setHook(func(stored int, logs plog.Logs) verdict {
		if stored+logs.LogRecordCount() < first+second/2 {
			return verdict{store: true}
		}
		v := verdict{store: true}
		once.Do(func() {
			// The collector dies before it can read the answer, whether or not the backend
			// keeps the records.
			inFlight = uidSet(logs)
			c.kill()
			close(killed)
			v = verdict{store: afterCommit, err: status.Error(codes.Unavailable, "connection lost")}
		})
		return v
	})
	sim.Generate(second)
	select {
	case <-killed:
	case <-time.After(60 * time.Second):
		t.Fatalf("the collector was not killed: %d records arrived", s.total())
	}
	s.setHook(nil)
	t.Logf("killed the collector (SIGKILL) with %d records stored, during an export of %d records", s.total(), len(inFlight))
	if !afterCommit {
		inFlight = nil // the backend did not store it: it may not repeat
	}

	c = startCollector(t, bin, cfg)
	all := expectedEvents(t, sim, first+second)
	// The queue sends the request it had in flight again behind what it had not sent yet: wait
	// for its second copy too, or the stop could leave it in the queue.
	waitFor(t, 60*time.Second, func() bool { return s.has(uidsOf(all)) && s.hasTwice(inFlight) },
		func() string {
			return fmt.Sprintf("%d of %d events arrived after the restart", s.distinct(), first+second)
		})
	// A wrongly rewound checkpoint would show up as repeats within a few polls.
	pollsMore(t, sim, 3)
	c.stop(t)

	checkDelivered(t, s, all, crashRepeats(t, sim, c, s.repeats(), inFlight, pageSize, persistentQueue))
}

// resumeLine is the receiver's start-up line after a restart, naming the stored checkpoint.
var resumeLine = regexp.MustCompile(`Resuming from the stored checkpoint\s.*"log_id":\s*"([^"]+)"`)

// crashRepeats fails the test unless the events that arrived more than once after a SIGKILL and
// a restart (times: how often each did) are what may come again, and returns how often each of
// those must arrive: the export request the backend committed but the collector never saw
// answered (inFlight), all of it; and where pageMayRepeat (a persistent queue, which takes pages
// while an export hangs), the page after the checkpoint the restarted collector resumed from,
// from its first event on: a kill between the queue taking a page and the receiver storing its
// checkpoint delivers that page again (README: Exporting to an OTLP backend). An event in both
// comes three times.
func crashRepeats(t *testing.T, sim *auth0sim.Simulator, restarted *process, times map[string]int,
	inFlight map[string]struct{}, pageSize int, pageMayRepeat bool,
) map[string]int {
	t.Helper()
	log, err := os.ReadFile(restarted.log)
	if err != nil {
		t.Fatal(err)
	}
	m := resumeLine.FindSubmatch(log)
	if m == nil {
		t.Fatal("the restarted collector did not log the checkpoint it resumed from")
	}
	checkpoint := string(m[1])
	at := -1
	for i, n := 0, sim.Len(); i < n; i++ {
		if sim.LogID(i) == checkpoint {
			at = i
			break
		}
	}
	if at < 0 {
		t.Fatalf("the restarted collector resumed from %s, which is no event of the simulator", checkpoint)
	}

	var nextPage []string // the page that may come again
	for i := at + 1; pageMayRepeat && i < min(at+1+pageSize, sim.Len()); i++ {
		nextPage = append(nextPage, sim.LogID(i))
	}
	want, pageRepeats, wrong := expectRepeats(times, inFlight, nextPage)
	if len(wrong) > 0 {
		t.Fatalf("%d events repeated wrongly after the kill (%d in the committed request in flight; the restart resumed after %s, and %d events of the page after it repeated):\n%s",
			len(wrong), len(inFlight), checkpoint, pageRepeats, strings.Join(wrong[:min(len(wrong), 20)], "\n"))
	}
	t.Logf("repeated after the kill: the %d events of the committed request in flight, and %d of the page after the checkpoint the restart resumed from",
		len(inFlight), pageRepeats)
	return want
}

// expectRepeats is crashRepeats' rule: every event of inFlight twice, and the page that may
// repeat (its events in log_id order) once more from its first event on, for as long as its
// events arrived once more than inFlight explains. It returns how often each repeated event
// must arrive, how many of the page's did, and what arrived otherwise.
func expectRepeats(times map[string]int, inFlight map[string]struct{}, page []string) (want map[string]int, pageRepeats int, wrong []string) {
	want = map[string]int{}
	for uid := range inFlight {
		want[uid] = 2
	}
	for _, uid := range page {
		if times[uid] <= max(want[uid], 1) {
			break
		}
		want[uid] = max(want[uid], 1) + 1
		pageRepeats++
	}
	for uid, n := range times {
		if want[uid] != n {
			wrong = append(wrong, fmt.Sprintf("%s arrived %d times, want %d", uid, n, max(want[uid], 1)))
		}
	}
	for uid, n := range want {
		if _, ok := times[uid]; !ok {
			wrong = append(wrong, fmt.Sprintf("%s arrived once, want %d times", uid, n))
		}
	}
	sort.Strings(wrong)
	return want, pageRepeats, wrong
}

func uidSet(logs plog.Logs) map[string]struct{} {
	out := map[string]struct{}{}
	for _, uid := range testutil.UIDs(logs) {
		out[uid] = struct{}{}
	}
	return out
}

// TestBackendOutage makes the OTLP backend answer Unavailable for a few seconds in the middle of
// a backlog, then recover: every event must still arrive exactly once.
func TestBackendOutage(t *testing.T) {
	bin := distroBinary(t)
	const events = 3000
	sim, srv := startSimulator(t, auth0sim.Options{Backlog: events, Seed: 11, Latency: 5 * time.Millisecond})
	s := startSink(t, false)

	var outageEnd time.Time
	var mu sync.Mutex
	s.setHook(func(stored int, _ plog.Logs) verdict {
		mu.Lock()
		defer mu.Unlock()
		if stored < events/3 {
			return verdict{store: true}
		}
		if outageEnd.IsZero() {
			outageEnd = time.Now().Add(3 * time.Second)
		}
		if time.Now().Before(outageEnd) {
			return verdict{err: status.Error(codes.Unavailable, "backend down for maintenance")}
		}
		return verdict{store: true}
	})

	c := startCollector(t, bin, writeConfig(t, collectorConfig{SimURL: srv.URL, OTLPAddr: s.addr}))
	want := expectedEvents(t, sim, events)
	waitFor(t, 60*time.Second, func() bool { return s.has(uidsOf(want)) },
		func() string { return fmt.Sprintf("%d of %d events arrived", s.distinct(), events) })
	pollsMore(t, sim, 3) // a repeat of a retried export would have come by then
	c.stop(t)

	s.mu.Lock()
	refused := s.refused
	s.mu.Unlock()
	if refused < 2 {
		t.Fatalf("the backend refused %d requests: the outage did not happen", refused)
	}
	t.Logf("the backend refused %d export requests during a 3s outage", refused)
	checkDelivered(t, s, want, nil)
}

// TestExamplesValidate runs `otelcol-auth0 validate` on every example configuration, so that the
// README's configurations stay loadable by the distribution's real components.
func TestExamplesValidate(t *testing.T) {
	bin := distroBinary(t)
	paths := exampleConfigs(t)
	storage := t.TempDir()
	env := []string{
		"AUTH0_DOMAIN=acme.us.auth0.com", "AUTH0_CLIENT_ID=abc", "AUTH0_CLIENT_SECRET=def",
		"AUTH0_PROD_DOMAIN=acme.us.auth0.com", "AUTH0_PROD_CLIENT_ID=abc", "AUTH0_PROD_CLIENT_SECRET=def",
		"AUTH0_STAGING_DOMAIN=acme-staging.eu.auth0.com", "AUTH0_STAGING_CLIENT_ID=ghi", "AUTH0_STAGING_CLIENT_SECRET=jkl",
		"AUTH0_START_AT=2026-01-02T03:04:05Z", "OTLP_ENDPOINT=https://otlp.example.com:4318",
		"AUTH0_STORAGE_DIR=" + storage, "OTELCOL_STORAGE_DIR=" + storage,
	}
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			if _, err := runDistro(bin, env, "validate", "--config", p); err != nil {
				skipWhileMetricsPending(t, err)
				t.Fatal(err)
			}
		})
	}
	if len(paths) < 4 {
		t.Fatalf("found %d example configurations, want at least 4", len(paths))
	}
}

// exampleConfigs lists the example configurations, and the store examples the distribution can load.
func exampleConfigs(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "examples", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return append(paths, distroStoreExamples(t)...)
}
