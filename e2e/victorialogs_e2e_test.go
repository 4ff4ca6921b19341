package e2e

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/otelcol-auth0/auth0receiver"
	"github.com/otelcol-auth0/auth0receiver/internal/auth0sim"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// victoriaLogsExample is the configuration under test: the one the README and `make demo` use.
const victoriaLogsExample = "../examples/victorialogs.yaml"

// exampleMsgFields returns the fields the example's VL-Msg-Field header names, in order.
func exampleMsgFields(tb testing.TB) []string {
	tb.Helper()
	b := testutil.ReadFile(tb, victoriaLogsExample)
	m := regexp.MustCompile(`(?m)^\s+VL-Msg-Field:\s*(\S+)\s*$`).FindSubmatch(b)
	if m == nil {
		tb.Fatalf("%s sets no VL-Msg-Field header", victoriaLogsExample)
	}
	return strings.Split(string(m[1]), ",")
}

// exampleEnv runs victoriaLogsExample against the simulator at simURL, exporting to storeURL,
// with its checkpoint and queue in storageDir and its own ports free.
func exampleEnv(tb testing.TB, simURL, storeURL, storageDir string) []string {
	tb.Helper()
	return []string{
		"AUTH0_SIM_ADDR=" + strings.TrimPrefix(simURL, "http://"),
		"VICTORIALOGS_URL=" + storeURL,
		"AUTH0_STORAGE_DIR=" + storageDir,
		fmt.Sprintf("OTELCOL_METRICS_PORT=%d", freePort(tb)),
		fmt.Sprintf("OTELCOL_HEALTH_ENDPOINT=127.0.0.1:%d", freePort(tb)),
	}
}

// TestVictoriaLogsStore runs examples/victorialogs.yaml against the simulator and a real
// VictoriaLogs, then queries the store as a user would: every event once, with its date as
// _time, the counts per event type and per severity the simulator produced, the README's
// attributes as queryable fields, body fields searchable, a readable message line, and every
// field of every row as the mapping made it.
func TestVictoriaLogsStore(t *testing.T) {
	bin := distroBinary(t)
	vl := startVictoriaLogs(t)
	const events = 3000
	sim, srv := startSimulator(t, auth0sim.Options{Backlog: events, Seed: 13, Latency: 5 * time.Millisecond})
	began := time.Now()
	c := startCollector(t, bin, victoriaLogsExample, exampleEnv(t, srv.URL, vl.url, t.TempDir())...)
	vl.waitSettled(t, events, 90*time.Second, time.Second)
	t.Logf("%d events in VictoriaLogs %v after the collector started", events, time.Since(began).Round(100*time.Millisecond))
	c.stop(t)

	want := expectedEvents(t, sim, events)
	records := storedRecords(t, sim, 0, events, exampleMsgFields(t))

	t.Run("every event once", func(t *testing.T) {
		rows := vl.query(t, `* | stats count() as rows, count_uniq("log.record.uid") as uids`)
		if rows[0]["rows"] != strconv.Itoa(events) || rows[0]["uids"] != strconv.Itoa(events) {
			t.Fatalf("%s rows with %s distinct log.record.uid, want %d of each", rows[0]["rows"], rows[0]["uids"], events)
		}
	})

	t.Run("counts per event type and severity", func(t *testing.T) {
		types := map[string]int{}
		for i := range events {
			types[sim.Code(i)]++
		}
		if got := vl.countsBy(t, "*", "auth0.event.type"); !equalCounts(got, types) {
			t.Errorf("per auth0.event.type: %s", diffCounts(got, types))
		}
		if got := vl.countsBy(t, "*", "severity_text"); !equalCounts(got, severityCounts(want)) {
			t.Errorf("per severity_text: %s", diffCounts(got, severityCounts(want)))
		}
		t.Logf("%d event types, severities %v", len(types), severityCounts(want))
	})

	t.Run("every row as mapped, dated by the event", func(t *testing.T) {
		rows := map[string]map[string]string{}
		for _, row := range vl.query(t, "*") {
			rows[row["log.record.uid"]] = row
		}
		if problems := compareRows(rows, records, eventTimes(want)); len(problems) > 0 {
			t.Fatalf("%d rows checked; first problems:\n%s", len(records), strings.Join(problems, "\n"))
		}
	})

	t.Run("README attributes are queryable fields", func(t *testing.T) {
		var stats []string
		var names []string
		for _, name := range readmeAttributes(t) {
			if name == "auth0.event.name" {
				continue // stored as _msg: checked below
			}
			n := 0
			for _, r := range records {
				if _, ok := r.attrs[name]; ok {
					n++
				}
			}
			if n == 0 {
				t.Logf("the simulator's events carry no %s", name)
				continue
			}
			names = append(names, name)
			stats = append(stats, fmt.Sprintf("count(%s) as %s", quoteField(name), quoteField(name)))
		}
		row := vl.query(t, "* | stats "+strings.Join(stats, ", "))[0]
		for _, name := range names {
			want := 0
			for _, r := range records {
				if _, ok := r.attrs[name]; ok {
					want++
				}
			}
			if row[name] != strconv.Itoa(want) {
				t.Errorf("%s: %s rows have it, want %d", name, row[name], want)
			}
		}
		// One value of each: the filter a user writes finds exactly the events that have it.
		for _, name := range names {
			value := records[firstWith(records, name)].attrs[name]
			if strings.HasPrefix(value, "[") {
				continue // arrays are stored as JSON text
			}
			want := 0
			for _, r := range records {
				if r.attrs[name] == value {
					want++
				}
			}
			if got := vl.count(t, filterEq(name, value)); got != want {
				t.Errorf("%s: %d rows, want %d", filterEq(name, value), got, want)
			}
		}
		t.Logf("%d README attributes queried", len(names))
	})

	t.Run("readable message line", func(t *testing.T) {
		names := vl.countsBy(t, "*", "_msg")
		wantNames := map[string]int{}
		for _, r := range records {
			wantNames[r.fields["_msg"]]++
		}
		if !equalCounts(names, wantNames) {
			t.Errorf("per _msg: %s", diffCounts(names, wantNames))
		}
		if n := vl.count(t, `"missing _msg field"`); n != 0 {
			t.Errorf("%d rows without a message line", n)
		}
		if got, want := vl.count(t, `_msg:="Failed Login (Incorrect Password)"`), wantNames["Failed Login (Incorrect Password)"]; got != want || want == 0 {
			t.Errorf(`_msg:="Failed Login (Incorrect Password)": %d rows, want %d`, got, want)
		}
	})

	t.Run("body fields are searchable", func(t *testing.T) {
		checked := 0
		for _, field := range []string{
			"description", "connection", "client_name", "details.error.message",
			"details.request.path", "location_info.city_name", "details.qs.connection",
		} {
			value, want := mostCommon(records, field)
			if want == 0 {
				continue
			}
			if got := vl.count(t, filterEq(field, value)); got != want {
				t.Errorf("%s: %d rows, want %d", filterEq(field, value), got, want)
			}
			checked++
		}
		// A word anywhere in a field, as a user searches.
		want := 0
		for _, r := range records {
			if hasWord(r.body["description"], "password") {
				want++
			}
		}
		if got := vl.count(t, `description:password`); got != want || want == 0 {
			t.Errorf("description:password: %d rows, want %d", got, want)
		}
		if checked < 5 {
			t.Errorf("only %d body fields present in the simulator's events", checked)
		}
	})

	t.Run("demo queries", func(t *testing.T) {
		// The three queries `make demo` prints.
		failed := map[string]int{}
		user, trail := "", 0
		users := map[string]int{}
		for _, r := range records {
			if r.attrs["auth0.event.category"] == "auth-login-fail" {
				failed[r.attrs["auth0.connection.name"]]++
			}
			if u := r.attrs["user.name"]; u != "" {
				users[u]++
			}
		}
		for u, n := range users {
			if n > trail || (n == trail && u < user) {
				user, trail = u, n
			}
		}
		if got := vl.countsBy(t, `"auth0.event.category":="auth-login-fail"`, "auth0.connection.name"); !equalCounts(got, failed) {
			t.Errorf("failed logins by connection: %s", diffCounts(got, failed))
		}
		if got := vl.count(t, filterEq("user.name", user)); got != trail {
			t.Errorf("trail of %s: %d rows, want %d", user, got, trail)
		}
		top := vl.query(t, `"user.name":* | top 1 ("user.name")`)
		if len(top) != 1 || top[0]["user.name"] != user {
			t.Errorf("top user: %v, want %s", top, user)
		}
	})
}

func firstWith(records []storedRecord, attr string) int {
	for i, r := range records {
		if _, ok := r.attrs[attr]; ok {
			return i
		}
	}
	return -1
}

// mostCommon returns the most frequent value of a body field and how many records have it.
func mostCommon(records []storedRecord, field string) (string, int) {
	counts := map[string]int{}
	for _, r := range records {
		if v, ok := r.body[field]; ok {
			counts[v]++
		}
	}
	best, n := "", 0
	for v, c := range counts {
		if c > n || (c == n && v < best) {
			best, n = v, c
		}
	}
	return best, n
}

// hasWord reports whether text holds word as a whole word (LogsQL's word filter, case-sensitive).
func hasWord(text, word string) bool {
	return slices.Contains(strings.FieldsFunc(text, func(r rune) bool {
		return r != '_' && (r < '0' || r > '9') && (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && r <= 127
	}), word)
}

func equalCounts(got, want map[string]int) bool { return diffCounts(got, want) == "" }

// diffCounts lists the keys whose counts differ, sorted.
func diffCounts(got, want map[string]int) string {
	var diffs []string
	for k, w := range want {
		if got[k] != w {
			diffs = append(diffs, fmt.Sprintf("%q: %d, want %d", k, got[k], w))
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("%q: %d, want none", k, g))
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 20 {
		diffs = append(diffs[:20], "...")
	}
	return strings.Join(diffs, "; ")
}

// TestVictoriaLogsExactlyOnceAcrossKill is TestExactlyOnceAcrossKill with examples/victorialogs.yaml
// (persistent sending queue) and VictoriaLogs as the backend, checked by VictoriaLogs' own
// counts. A proxy between the two SIGKILLs the collector while an export is in flight, either
// before VictoriaLogs stored it or after (the collector never sees the answer): nothing may be
// lost, and only that one request, after the commit, may be stored twice, with at most the one
// page the receiver had handed to the queue but not yet checkpointed (crashRepeats).
func TestVictoriaLogsExactlyOnceAcrossKill(t *testing.T) {
	bin := distroBinary(t)
	for _, commit := range []string{"before-commit", "after-commit"} {
		t.Run(commit, func(t *testing.T) { testVictoriaLogsKill(t, bin, commit == "after-commit") })
	}
}

func testVictoriaLogsKill(t *testing.T, bin string, afterCommit bool) {
	const first, second = 1500, 4000
	vl := startVictoriaLogs(t)
	sim, srv := startSimulator(t, auth0sim.Options{Backlog: first, Seed: 17, Latency: 5 * time.Millisecond})
	proxy := newExportProxy(t, vl.url)
	env := exampleEnv(t, srv.URL, proxy.url, t.TempDir())

	c := startCollector(t, bin, victoriaLogsExample, env...)
	vl.waitSettled(t, first, 60*time.Second, 500*time.Millisecond)

	// Kill -9 during the second export request of the second backlog: the proxy holds it while
	// this goroutine looks at the store, forwards it or not, and kills the collector.
	arrived, released := make(chan func() bool), make(chan struct{})
	var release sync.Once
	t.Cleanup(func() { release.Do(func() { close(released) }) }) // before the proxy closes
	proxy.onRequest(2, func(forward func() bool) {
		arrived <- forward
		<-released
	})
	sim.Generate(second)
	var forward func() bool
	select {
	case forward = <-arrived:
	case <-time.After(60 * time.Second):
		t.Fatalf("the second export request did not come: %d export requests", proxy.requests())
	}
	var inFlight map[string]struct{}
	if afterCommit {
		before := vl.uids(t)
		if !forward() {
			t.Fatal("VictoriaLogs refused the request in flight")
		}
		inFlight = map[string]struct{}{}
		for uid := range vl.uids(t) {
			if _, ok := before[uid]; !ok {
				inFlight[uid] = struct{}{}
			}
		}
	}
	c.kill()
	release.Do(func() { close(released) })
	stored := vl.count(t, "*")
	t.Logf("killed the collector (SIGKILL) during export request %d, VictoriaLogs holding %d records (%d of them from the request in flight)",
		proxy.requests(), stored, len(inFlight))

	c = startCollector(t, bin, victoriaLogsExample, env...)
	total := first + second + len(inFlight)
	vl.waitSettled(t, total, 60*time.Second, 2*time.Second)
	c.stop(t)

	want := expectedEvents(t, sim, first+second)
	uids := vl.uids(t)
	var lost []string
	for _, w := range want {
		if _, ok := uids[w.uid]; !ok {
			lost = append(lost, w.uid)
		}
	}
	if len(lost) > 0 || len(uids) != len(want) {
		t.Fatalf("VictoriaLogs holds %d distinct events, want %d; lost %d, e.g. %v", len(uids), len(want), len(lost), lost[:min(len(lost), 5)])
	}
	times := map[string]int{}
	for _, row := range vl.query(t, `* | stats by ("log.record.uid") count() as n | filter n:>1`) {
		n, err := strconv.Atoi(row["n"])
		if err != nil {
			t.Fatalf("count %q of %s: %v", row["n"], row["log.record.uid"], err)
		}
		times[row["log.record.uid"]] = n
	}
	if afterCommit && len(inFlight) == 0 {
		t.Fatal("the request in flight stored nothing")
	}
	// The example sets no page_size: the receiver's default.
	pageSize := auth0receiver.NewFactory().CreateDefaultConfig().(*auth0receiver.Config).PageSize
	crashRepeats(t, sim, c, times, inFlight, pageSize, true)
	t.Logf("%d events in VictoriaLogs, each once except %d stored more often", len(want), len(times))
}

// uids returns every log.record.uid VictoriaLogs holds.
func (v *victoriaLogs) uids(tb testing.TB) map[string]struct{} {
	tb.Helper()
	out := map[string]struct{}{}
	for _, row := range v.query(tb, `* | uniq by ("log.record.uid")`) {
		out[row["log.record.uid"]] = struct{}{}
	}
	return out
}

// exportProxy sits between the collector and VictoriaLogs and lets a test act on the n-th export
// request after onRequest: the action gets a forward function that passes the request on and
// reports whether VictoriaLogs accepted it; the collector gets no answer to that request (a 503
// once the action returns, when it is dead).
type exportProxy struct {
	url    string
	target string

	mu     sync.Mutex
	count  int // export requests since the last onRequest
	n      int
	action func(forward func() bool)
	fired  bool
}

func newExportProxy(tb testing.TB, target string) *exportProxy {
	tb.Helper()
	p := &exportProxy{target: target}
	srv := httptest.NewServer(http.HandlerFunc(p.serve))
	tb.Cleanup(srv.Close)
	p.url = srv.URL
	return p
}

// onRequest arms action for the n-th export request from now on.
func (p *exportProxy) onRequest(n int, action func(forward func() bool)) {
	p.mu.Lock()
	p.count, p.n, p.action, p.fired = 0, n, action, false
	p.mu.Unlock()
}

func (p *exportProxy) requests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.count
}

func (p *exportProxy) serve(w http.ResponseWriter, r *http.Request) {
	body, readErr := io.ReadAll(r.Body)
	if readErr != nil {
		http.Error(w, readErr.Error(), http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	p.count++
	var action func(func() bool)
	if p.action != nil && !p.fired && p.count == p.n {
		action, p.fired = p.action, true
	}
	p.mu.Unlock()

	forward := func() (*http.Response, []byte, error) {
		req, err := http.NewRequest(r.Method, p.target+r.URL.RequestURI(), bytes.NewReader(body))
		if err != nil {
			return nil, nil, err
		}
		req.Header = r.Header.Clone()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp, b, err
	}
	if action != nil {
		action(func() bool {
			resp, _, err := forward()
			return err == nil && resp.StatusCode/100 == 2
		})
		http.Error(w, "the collector was killed", http.StatusServiceUnavailable)
		return
	}
	resp, b, err := forward()
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(b)
}

// TestVictoriaLogsOutage stops VictoriaLogs (SIGTERM, as for maintenance) once a first backlog
// is stored, has the collector read a second backlog into its persistent queue while the store
// is down, then starts VictoriaLogs again on the same data: its own counts must show every event
// exactly once.
func TestVictoriaLogsOutage(t *testing.T) {
	bin := distroBinary(t)
	const first, second = 1000, 3000
	vl := startVictoriaLogs(t)
	sim, srv := startSimulator(t, auth0sim.Options{Backlog: first, Seed: 19, Latency: 5 * time.Millisecond})
	metricsPort := freePort(t)
	env := append(exampleEnv(t, srv.URL, vl.url, t.TempDir()), fmt.Sprintf("OTELCOL_METRICS_PORT=%d", metricsPort))
	c := startCollector(t, bin, victoriaLogsExample, env...)
	vl.waitSettled(t, first, 60*time.Second, 500*time.Millisecond)

	vl.stop(t)
	down := time.Now()
	sim.Generate(second)
	queued := 0
	waitFor(t, 60*time.Second, func() bool {
		queued = metricValue(t, metricsPort, `otelcol_exporter_queue_size{`)
		return sim.Stats().EventsServed >= first+second && queued > 0
	}, func() string {
		return fmt.Sprintf("while VictoriaLogs was down the collector read %d of %d events, %d requests queued",
			sim.Stats().EventsServed, first+second, queued)
	})
	outage := time.Since(down)
	vl.start(t)
	vl.waitSettled(t, first+second, 60*time.Second, 2*time.Second)
	c.stop(t)

	rows := vl.query(t, `* | stats count() as rows, count_uniq("log.record.uid") as uids`)
	if rows[0]["rows"] != strconv.Itoa(first+second) || rows[0]["uids"] != strconv.Itoa(first+second) {
		t.Fatalf("%s rows with %s distinct log.record.uid, want %d of each", rows[0]["rows"], rows[0]["uids"], first+second)
	}
	uids := vl.uids(t)
	for _, w := range expectedEvents(t, sim, first+second) {
		if _, ok := uids[w.uid]; !ok {
			t.Fatalf("lost: %s (%s)", w.uid, w.code)
		}
	}
	t.Logf("VictoriaLogs was down %v while the collector read %d events into its persistent queue (%d requests queued); all %d events stored once",
		outage.Round(100*time.Millisecond), second, queued, first+second)
}

// metricValue returns the value of the first sample of the collector's own metrics whose line
// starts with prefix, or 0.
func metricValue(tb testing.TB, port int, prefix string) int {
	tb.Helper()
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", port))
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for line := range strings.SplitSeq(string(b), "\n") {
		if strings.HasPrefix(line, prefix) {
			f := strings.Fields(line)
			v, _ := strconv.ParseFloat(f[len(f)-1], 64)
			return int(v)
		}
	}
	return 0
}
