package ocsf

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-auth0/auth0receiver/internal/auth0sim"
	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
	"github.com/otelcol-auth0/auth0receiver/internal/signals"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// simTenant is the simulator's default tenant domain.
const simTenant = "sim.us.auth0.com"

// simBacklog is a simulator with a backlog of n events (seed picks them), and the events.
func simBacklog(tb testing.TB, n int, seed int64) (*auth0sim.Simulator, [][]byte) {
	tb.Helper()
	sim := auth0sim.New(auth0sim.Options{Backlog: n, Seed: seed})
	tb.Cleanup(sim.Close)
	events := make([][]byte, n)
	for i := range events {
		events[i] = sim.Event(i)
	}
	return sim, events
}

// TestEveryCodeValidates maps the simulator's events of every catalog code (a mixed backlog in
// which each code appears, with and without users, IPv4 and IPv6, nulls, ...), builds the OCSF
// event of each and validates it against the OCSF 1.5.0 schema: every attribute exists in its
// class or object with its type, required attributes are there, enums and their captions are
// valid. Each event is validated twice: as it is, and with a security signal's attributes.
func TestEveryCodeValidates(t *testing.T) {
	v := schemaValidator(t)
	sim, events := simBacklog(t, 1000, 11)
	seen := map[string]bool{}
	classes := map[int64]int{}
	for i, r := range mapEvents(t, simTenant, events...) {
		code := sim.Code(i)
		seen[code] = true
		ev := build(r, simTenant).AsRaw()
		require.NoError(t, v.Validate(ev), "event %d (%s): %s", i, code, r.raw)
		classes[ev["class_uid"].(int64)]++

		r.lr.Attributes().PutStr("security_rule.name", "Test rule")
		r.lr.Attributes().PutStr("security_rule.category", "credential-access")
		r.lr.Attributes().PutStr("security_rule.description", "A rule of the test")
		r.lr.Attributes().PutStr("security_rule.reference", "https://example.com/rules/test")
		r.lr.Attributes().PutStr("security_rule.ruleset.name", "auth0receiver")
		signal := build(r, simTenant).AsRaw()
		require.NoError(t, v.Validate(signal), "event %d (%s) with a signal", i, code)
		assert.Equal(t, true, signal["is_alert"], code)
	}
	for _, e := range catalog.All() {
		assert.True(t, seen[e.Code], "the simulator generated no %q", e.Code)
	}
	for _, c := range catalog.OCSFClasses() {
		assert.Positive(t, classes[int64(c.UID)], "no event became %s", c.Name)
	}
	t.Logf("events by class_uid: %v", classes)
}

// TestCatalogClassesAreTheSchemas: the class and activity captions the catalog holds are the
// OCSF schema's (class_name, category_name, activity_name, type_name are checked by the schema).
func TestCatalogClassesAreTheSchemas(t *testing.T) {
	v := schemaValidator(t)
	for _, c := range catalog.OCSFClasses() {
		for _, a := range c.Activities {
			ev := map[string]any{
				"class_uid": int64(c.UID), "class_name": c.Name,
				"category_uid": int64(c.CategoryUID), "category_name": c.CategoryName,
				"activity_id": int64(a.ID), "activity_name": a.Name,
				"type_uid": int64(c.UID)*100 + int64(a.ID), "type_name": a.TypeName,
			}
			err := v.Validate(ev)
			require.Error(t, err) // required attributes are missing, on purpose
			for _, k := range []string{"class_name", "category_name", "activity_name", "type_name", "type_uid", "activity_id"} {
				assert.NotContains(t, err.Error(), "/"+k+"'", "%s %s: %s", c.Name, a.Name, k)
			}
		}
	}
}

// The receiver's way: the mapping, with real security signals on and Build as its body writer,
// writes valid OCSF bodies for the simulator's events of every code, the signal's events included,
// and keeps each record's attributes as in the otel format.
func TestTheMappingWritesValidOCSFBodies(t *testing.T) {
	v := schemaValidator(t)
	matcher, err := signals.New(signals.DefaultConfig())
	require.NoError(t, err)
	otel := mapping.New(mapping.Options{Domain: simTenant, Signals: matcher})
	ocsfMapper := mapping.New(mapping.Options{Domain: simTenant, Signals: matcher, BodyWriter: Build})
	const n = 600
	sim, events := simBacklog(t, n, 12)
	page := testutil.PageOf(events...)
	a, err := otel.MapPage(page, mapping.Params{Observed: testObserved})
	require.NoError(t, err)
	b, err := ocsfMapper.MapPage(page, mapping.Params{Observed: testObserved})
	require.NoError(t, err)
	want, got := testutil.LogRecords(a.Logs), testutil.LogRecords(b.Logs)
	require.Len(t, got, n)
	alerts := 0
	for i := range got {
		body := got[i].Body().Map().AsRaw()
		require.NoError(t, v.Validate(body), "event %d (%s)", i, sim.Code(i))
		assert.Equal(t, string(events[i]), body["raw_data"], "raw_data is the event's own text")
		assert.Equal(t, want[i].Attributes().AsRaw(), got[i].Attributes().AsRaw(), "the attributes do not depend on the format")
		assert.Equal(t, want[i].SeverityNumber(), got[i].SeverityNumber())
		if _, ok := got[i].Attributes().Get("security_rule.name"); ok {
			alerts++
			counted, _ := got[i].Attributes().Get("auth0.security_rule.counted")
			assert.Equal(t, !counted.Bool(), body["is_alert"], "a signal is an alert unless a threshold counts it")
		}
	}
	assert.Positive(t, alerts, "some of the simulator's events carry a signal")
}
