package auth0sim

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
)

// TestEveryCatalogCodeInBacklog: a backlog of 500 holds every catalog code, legacy ones included.
func TestEveryCatalogCodeInBacklog(t *testing.T) {
	s := New(Options{Backlog: 500, Seed: 11})
	defer s.Close()
	seen := map[string]bool{}
	for i := range 500 {
		var ev struct{ Type string }
		require.NoError(t, json.Unmarshal(s.Event(i), &ev))
		require.Equal(t, s.Code(i), ev.Type)
		seen[ev.Type] = true
	}
	for _, e := range catalog.All() {
		assert.True(t, seen[e.Code], "code %q (legacy %v) never generated", e.Code, e.Legacy)
	}
}

// TestMixIsRealistic: beyond the coverage cycle, logins and token exchanges dominate.
func TestMixIsRealistic(t *testing.T) {
	s := New(Options{Backlog: 20000, Seed: 5})
	defer s.Close()
	counts := map[string]int{}
	for i := 1000; i < 20000; i++ {
		counts[s.Code(i)]++
	}
	top := counts["s"] + counts["ssa"] + counts["seacft"] + counts["sertft"] + counts["seccft"]
	assert.Greater(t, top, 19000/2, "logins and exchanges are most events")
	assert.Greater(t, counts["s"], counts["fp"])
	assert.Greater(t, counts["fp"], counts["limit_wc"])
	assert.Positive(t, counts["sapi"])
}

var (
	reLogID   = regexp.MustCompile(`^900\d{53}$`)
	reTraceID = regexp.MustCompile(`^[a-f0-9]{32}$`)
)

// TestEventsAreValidAndRealistic checks every event of a large mixed backlog for the common
// fields of the API shape, and checks the family-specific details of the main codes.
func TestEventsAreValidAndRealistic(t *testing.T) {
	const n = 6000
	s := New(Options{Backlog: n, BacklogSpan: time.Hour, Seed: 9, Now: newClock().Now})
	defer s.Close()
	var (
		scopeString, scopeArray, isMobile, isMobileSnake, ipv6, nulls, trace bool
		families                                                             = map[string]int{}
	)
	for i := range n {
		raw := s.Event(i)
		var ev map[string]any
		require.NoError(t, json.Unmarshal(raw, &ev), "event %d (%s): %s", i, s.Code(i), raw)
		code := ev["type"].(string)
		id, _ := ev["log_id"].(string)
		require.Regexp(t, reLogID, id)
		require.Equal(t, id, ev["_id"])
		require.Equal(t, s.LogID(i), id)
		date, err := time.Parse(time.RFC3339Nano, ev["date"].(string))
		require.NoError(t, err)
		ing, err := time.Parse("20060102150405", id[3:17])
		require.NoError(t, err)
		lag := ing.Sub(date.Truncate(time.Second))
		require.True(t, lag >= 0 && lag <= 6*time.Second, "date %s is 0-5 s before ingestion %s", date, ing)
		require.IsType(t, "", ev["description"], code)
		require.Equal(t, "sim", ev["tenant_name"])
		require.Equal(t, map[string]any{"version": "1.0.0"}, ev["$event_schema"])

		if ip, ok := ev["ip"].(string); ok {
			require.NotEmpty(t, ev["user_agent"], code)
			require.Contains(t, ev["user_agent"], " / ", "parsed summary form")
			_, m1 := ev["isMobile"]
			_, m2 := ev["is_mobile"]
			require.NotEqual(t, m1, m2, "one of isMobile/is_mobile: %s", raw)
			isMobile, isMobileSnake = isMobile || m1, isMobileSnake || m2
			ipv6 = ipv6 || strings.Contains(ip, ":")
			_, hasLoc := ev["location_info"]
			require.True(t, hasLoc, code)
		}
		switch sc := ev["scope"].(type) {
		case string:
			scopeString = true
		case []any:
			scopeArray = true
		case nil:
		default:
			t.Fatalf("scope %T", sc)
		}
		nulls = nulls || bytes.Contains(raw, []byte(":null"))
		if refs, ok := ev["references"].(map[string]any); ok {
			require.Regexp(t, reTraceID, refs["trace_id"])
			trace = true
		}
		details, _ := ev["details"].(map[string]any)
		switch code {
		case "s":
			families[code]++
			require.NotNil(t, details["prompts"], "s: %s", raw)
			require.NotEmpty(t, details["session_id"])
			require.NotNil(t, details["stats"])
			require.NotEmpty(t, ev["user_id"])
			require.NotEmpty(t, ev["connection"])
		case "fp", "fu", "f":
			families[code]++
			e := details["error"].(map[string]any)
			require.NotEmpty(t, e["message"], "%s: %s", code, raw)
			if code == "fu" {
				require.IsType(t, "", ev["user_id"])
				require.Empty(t, ev["user_id"])
			}
		case "sapi", "mgmt_api_read":
			families[code]++
			req := details["request"].(map[string]any)
			require.NotEmpty(t, req["method"])
			path := req["path"].(string)
			require.True(t, strings.HasPrefix(path, "/api/v2/") || path == "/oidc/register", path) // DCR is logged as sapi
			require.NotZero(t, details["response"].(map[string]any)["statusCode"])
			if code == "mgmt_api_read" {
				require.Equal(t, "get", req["method"])
				require.Equal(t, []any{"client_secret"}, details["accessedSecrets"])
			}
		case "seccft":
			families[code]++
			require.NotEmpty(t, ev["audience"])
			require.NotNil(t, ev["scope"])
			require.IsType(t, "", ev["user_id"])
			require.Empty(t, ev["user_id"], "no end user in a client-credentials exchange")
		case "api_limit":
			families[code]++
			require.NotNil(t, details["limit"])
		}
		for _, k := range []string{"date", "type", "description", "log_id", "tenant_name"} {
			require.Contains(t, ev, k)
		}
	}
	for _, c := range []string{"s", "fp", "fu", "f", "sapi", "mgmt_api_read", "seccft", "api_limit"} {
		assert.Positive(t, families[c], "no %s event checked", c)
	}
	assert.True(t, scopeString && scopeArray, "scope as a string and as an array")
	assert.True(t, isMobile && isMobileSnake, "isMobile and is_mobile")
	assert.True(t, ipv6, "some IPv6 addresses")
	assert.True(t, nulls, "explicit nulls")
	assert.True(t, trace, "references.trace_id")
}

func TestDeterministicPerSeed(t *testing.T) {
	c := newClock()
	a := New(Options{Backlog: 1000, Seed: 42, Now: c.Now})
	b := New(Options{Backlog: 1000, Seed: 42, Now: c.Now})
	d := New(Options{Backlog: 1000, Seed: 43, Now: c.Now})
	defer a.Close()
	defer b.Close()
	defer d.Close()
	differ := 0
	for i := range 1000 {
		require.Equal(t, a.Event(i), b.Event(i))
		first := a.Event(i)
		require.Equal(t, first, a.Event(i), "rendering twice gives the same bytes")
		if !bytes.Equal(a.Event(i), d.Event(i)) {
			differ++
		}
	}
	assert.Equal(t, 1000, differ, "another seed, other events")
}

func TestCodesOption(t *testing.T) {
	s := New(Options{Backlog: 300, Codes: []string{"fp", "s", "brand_new_code"}})
	defer s.Close()
	seen := map[string]int{}
	for i := range 300 {
		var ev map[string]any
		require.NoError(t, json.Unmarshal(s.Event(i), &ev))
		seen[ev["type"].(string)]++
	}
	assert.Len(t, seen, 3)
	assert.Greater(t, seen["s"], seen["brand_new_code"], "weights still apply")
	assert.Positive(t, seen["brand_new_code"], "codes outside the catalog are generated too")
}

func TestGenerateAndLiveRate(t *testing.T) {
	c := newClock()
	s := New(Options{Backlog: 10, Rate: 10, Now: c.Now})
	assert.Equal(t, 10, s.Len())

	c.Add(2 * time.Second)
	assert.Equal(t, 30, s.Len(), "20 live events in 2 s")
	ids := s.Generate(5)
	require.Len(t, ids, 5)
	assert.Equal(t, 35, s.Len())
	for k, id := range ids {
		assert.Equal(t, s.LogID(30+k), id)
	}
	c.Add(500 * time.Millisecond)
	assert.Equal(t, 40, s.Len())
	for i := 1; i < s.Len(); i++ {
		require.Less(t, s.LogID(i-1), s.LogID(i), "ids ascend across backlog, live and generated events")
	}
	ing, err := time.Parse("20060102150405", s.LogID(39)[3:17])
	require.NoError(t, err)
	assert.Equal(t, t0.Add(2500*time.Millisecond).Truncate(time.Second), ing)

	s.Close()
	c.Add(time.Minute)
	assert.Equal(t, 40, s.Len(), "no live events after Close")
	assert.Len(t, s.Generate(2), 2, "Generate still works")
}

// TestMillionBacklogIsCheap: a million events cost no per-event memory.
func TestMillionBacklogIsCheap(t *testing.T) {
	s := New(Options{Backlog: 1_000_000, Seed: 1})
	defer s.Close()
	assert.Equal(t, 1_000_000, s.Len())
	assert.Less(t, s.LogID(999_998), s.LogID(999_999))
	assert.True(t, json.Valid(s.Event(999_999)))
}
