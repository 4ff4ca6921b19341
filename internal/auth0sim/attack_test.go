package auth0sim

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
	"github.com/otelcol-auth0/auth0receiver/internal/signals"
)

// attackCodes is the scenario's code sequence, spelled out.
var attackCodes = func() []string {
	var c []string
	for range 10 {
		c = append(c, "fp")
	}
	c = append(c, "limit_wc", "pwd_leak", "pwd_leak", "pwd_leak")
	for range 8 {
		c = append(c, "fcoa", "f")
	}
	c = append(c, "limit_mu", "sapi", "ferrt")
	for range 6 {
		c = append(c, "gd_send_pn")
	}
	return c
}()

// attackSignals is what the receiver's signals make of each code of the scenario.
var attackSignals = map[string]string{
	"limit_wc": "auth0.account_blocked", "pwd_leak": "auth0.breached_password",
	"fcoa": "auth0.cross_origin_login_failed", "limit_mu": "auth0.ip_blocked",
	"sapi": "auth0.brute_force_protection_disabled", "ferrt": "auth0.refresh_token_reused",
	"gd_send_pn": "auth0.mfa_push_sent",
}

func decode(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	var ev map[string]any
	require.NoError(t, json.Unmarshal(raw, &ev), string(raw))
	return ev
}

// TestAttackOnDemand: Attack appends the whole scenario ingested now, dated the seconds before in
// step order, with the accounts and addresses it promises, and each event carries its signal.
func TestAttackOnDemand(t *testing.T) {
	c := newClock()
	s := New(Options{Backlog: 20, Seed: 3, Now: c.Now})
	defer s.Close()
	c.Add(time.Minute)
	ids := s.Attack()
	require.Len(t, ids, len(attackCodes))
	assert.Equal(t, 20+len(attackCodes), s.Len())
	assert.Equal(t, 1, s.Stats().Attacks)

	matcher, err := signals.New(signals.DefaultConfig())
	require.NoError(t, err)
	steps := s.AttackScenario()
	now := t0.Add(time.Minute)
	var prevDate time.Time
	for k, id := range ids {
		i := 20 + k
		require.Equal(t, s.LogID(i), id)
		raw := s.Event(i)
		ev := decode(t, raw)
		code := ev["type"].(string)
		require.Equal(t, attackCodes[k], code, "step %d", k)
		require.Equal(t, code, s.Code(i))
		require.Equal(t, steps[k].Code, code)
		require.Equal(t, steps[k].IP, ev["ip"], "step %d", k)
		if steps[k].UserName != "" {
			require.Equal(t, steps[k].UserName, ev["user_name"], "step %d", k)
		}
		ing, err := time.Parse("20060102150405", id[3:17])
		require.NoError(t, err)
		assert.Equal(t, now, ing, "ingested now")
		date, err := time.Parse(time.RFC3339Nano, ev["date"].(string))
		require.NoError(t, err)
		assert.False(t, date.After(now) || date.Before(now.Add(-maxDateLag)), "date %s", date)
		assert.True(t, date.After(prevDate), "dates in step order")
		prevDate = date

		body := pcommon.NewMap()
		require.NoError(t, body.FromRaw(ev))
		match := matcher.Match(code, body)
		if want, ok := attackSignals[code]; ok {
			require.True(t, match.Found(), "step %d (%s): %s", k, code, raw)
			assert.Equal(t, want, match.Signal().Name, "step %d", k)
		} else {
			assert.False(t, match.Found(), "step %d (%s)", k, code)
		}
	}

	// The bursts: one account and one address for the brute force, one address for the stuffing
	// against many accounts, one user for the pushes.
	user := func(k int) string { return steps[k].UserName }
	for k := 1; k <= 10; k++ {
		assert.Equal(t, user(0), user(k), "fp and limit_wc on one account")
		assert.Equal(t, ipBruteForce, steps[k].IP)
	}
	stuffed := map[string]bool{}
	for k := 14; k < 30; k++ {
		assert.Equal(t, ipStuffing, steps[k].IP)
		stuffed[user(k)] = true
	}
	assert.Len(t, stuffed, 16, "credential stuffing tries many accounts")
	assert.Equal(t, ipStuffing, steps[30].IP, "limit_mu blocks the stuffing address")
	assert.Empty(t, user(30))
	for k := 33; k < 39; k++ {
		assert.Equal(t, user(33), user(k), "the pushes go to one user")
	}
	ips := map[string]bool{steps[11].IP: true, steps[12].IP: true, steps[13].IP: true}
	assert.Len(t, ips, 3, "one pwd_leak per address")

	sapi := decode(t, s.Event(20+31))
	req := sapi["details"].(map[string]any)["request"].(map[string]any)
	assert.Equal(t, "patch", req["method"])
	assert.Equal(t, "/api/v2/attack-protection/brute-force-protection", req["path"])
	assert.Equal(t, map[string]any{"enabled": false}, req["body"])
	assert.Equal(t, "https://manage.auth0.com/", req["channel"])
	pn := decode(t, s.Event(20+33))
	assert.Equal(t, "push", pn["details"].(map[string]any)["authenticator"].(map[string]any)["type"])
}

// The scenario's dates stay within the lag the search relies on.
func TestAttackFitsTheDateLag(t *testing.T) {
	assert.LessOrEqual(t, time.Duration(len(attackScript)-1)*attackStepMs*time.Millisecond, maxDateLag)
	assert.Len(t, attackScript, len(attackCodes))
}

// TestAttackEvery: scheduled scenarios arrive among the live events at their times, the live
// stream around them is the one a simulator without attacks has, and all is deterministic.
func TestAttackEvery(t *testing.T) {
	c := newClock()
	opts := Options{Backlog: 5, Rate: 2, Seed: 8, Now: c.Now, AttackEvery: 30 * time.Second}
	s := New(opts)
	defer s.Close()
	twin := New(opts)
	defer twin.Close()
	opts.AttackEvery = 0
	plain := New(opts)
	defer plain.Close()

	c.Add(65 * time.Second)
	assert.Equal(t, 2, s.Stats().Attacks)
	require.Equal(t, 5+130+2*len(attackCodes), s.Len())
	require.Equal(t, 5+130, plain.Len())
	require.Equal(t, s.Len(), twin.Len())

	var mixed []string
	scripted := 0
	for i := 0; i < s.Len(); i++ {
		if i > 0 {
			require.Less(t, s.LogID(i-1), s.LogID(i))
		}
		require.Equal(t, string(s.Event(i)), string(twin.Event(i)), "deterministic")
		if sl := s.tl.slot(i); sl.step >= 0 {
			scripted++
			ing, err := time.Parse("20060102150405", s.LogID(i)[3:17])
			require.NoError(t, err)
			assert.Contains(t, []time.Time{t0.Add(30 * time.Second), t0.Add(60 * time.Second)}, ing)
			continue
		}
		mixed = append(mixed, s.Code(i))
	}
	assert.Equal(t, 2*len(attackCodes), scripted)
	var want []string
	for i := 0; i < plain.Len(); i++ {
		want = append(want, plain.Code(i))
	}
	assert.Equal(t, want, mixed, "the attacks do not disturb the mix")
}

// TestAttackInBacklog: one scenario dated hours before the start, inside the backlog, which still
// holds every catalog code.
func TestAttackInBacklog(t *testing.T) {
	c := newClock()
	s := New(Options{Backlog: 500, Seed: 11, Now: c.Now, AttackBacklogAge: 2 * time.Hour})
	defer s.Close()
	require.Equal(t, 500+len(attackCodes), s.Len())
	assert.Equal(t, 1, s.Stats().Attacks)
	seen := map[string]bool{}
	var at []int
	for i := 0; i < s.Len(); i++ {
		if i > 0 {
			require.Less(t, s.LogID(i-1), s.LogID(i))
		}
		if s.tl.slot(i).step >= 0 {
			at = append(at, i)
			continue
		}
		seen[s.Code(i)] = true
	}
	require.Len(t, at, len(attackCodes))
	for k, i := range at {
		assert.Equal(t, at[0]+k, i, "one contiguous run")
		assert.Equal(t, attackCodes[k], s.Code(i))
		ev := decode(t, s.Event(i))
		date, err := time.Parse(time.RFC3339Nano, ev["date"].(string))
		require.NoError(t, err)
		assert.False(t, date.After(t0.Add(-2*time.Hour)), "dated two hours before the start")
		assert.True(t, date.After(t0.Add(-2*time.Hour-maxDateLag)))
	}
	for _, e := range catalog.All() {
		assert.True(t, seen[e.Code], "code %q missing from the backlog", e.Code)
	}

	// Older than the whole backlog, or without one: the scenario alone, still in the past.
	old := New(Options{Backlog: 10, BacklogSpan: time.Hour, Now: c.Now, AttackBacklogAge: 3 * time.Hour})
	defer old.Close()
	assert.Equal(t, "fp", old.Code(0))
	only := New(Options{Now: c.Now, AttackBacklogAge: time.Hour})
	defer only.Close()
	require.Equal(t, len(attackCodes), only.Len())
	assert.Less(t, only.LogID(len(attackCodes)-1), "900"+t0.Add(-time.Hour+time.Second).Format("20060102150405"))
}

func TestAttackOverHTTP(t *testing.T) {
	c := newClock()
	e := newEnv(t, Options{Backlog: 3, Now: c.Now})
	status, body := e.post(t, "/sim/attack", "application/json", "")
	require.Equal(t, http.StatusOK, status, string(body))
	var got struct {
		Events int      `json:"events"`
		LogIDs []string `json:"log_ids"`
	}
	require.NoError(t, json.Unmarshal(body, &got))
	assert.Equal(t, len(attackCodes), got.Events)
	require.Len(t, got.LogIDs, len(attackCodes))

	resp, b := e.get(t, "/api/v2/logs?take=100&from="+url.QueryEscape(e.sim.LogID(2)))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var pageIDs, pageCodes []string
	for _, ev := range page(t, b) {
		pageIDs = append(pageIDs, ev["log_id"].(string))
		pageCodes = append(pageCodes, ev["type"].(string))
	}
	assert.Equal(t, got.LogIDs, pageIDs, "the pull delivers the scenario")
	assert.Equal(t, attackCodes, pageCodes)

	resp, b = e.get(t, "/api/v2/logs?q="+url.QueryEscape("type:limit_wc"))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.True(t, slices.ContainsFunc(page(t, b), func(ev map[string]any) bool { return ev["log_id"] == got.LogIDs[10] }),
		"search finds the scenario's limit_wc")

	resp, b = e.get(t, "/sim/attack")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var scenario struct{ Steps []AttackStep }
	require.NoError(t, json.Unmarshal(b, &scenario))
	require.Len(t, scenario.Steps, len(attackCodes))
	assert.Equal(t, "limit_mu", scenario.Steps[30].Code)
}

// The mix carries the Management API changes the signals judge, at a low rate.
func TestMixCarriesSignalOperations(t *testing.T) {
	s := New(Options{Backlog: 20000, Seed: 5})
	defer s.Close()
	matcher, err := signals.New(signals.DefaultConfig())
	require.NoError(t, err)
	sapis, judged := 0, map[string]int{}
	for i := 1000; i < 20000; i++ {
		if s.Code(i) != "sapi" {
			continue
		}
		sapis++
		body := pcommon.NewMap()
		require.NoError(t, body.FromRaw(decode(t, s.Event(i))))
		if m := matcher.Match("sapi", body); m.Found() {
			judged[m.Signal().Name]++
		}
	}
	n := 0
	for _, v := range judged {
		n += v
	}
	assert.Greater(t, len(judged), 15, "most Management API signals appear: %v", judged)
	assert.Less(t, n, sapis/2, "most writes are everyday operations")
	assert.Less(t, sapis, 19000/20, "writes are a few percent of the events")
}
