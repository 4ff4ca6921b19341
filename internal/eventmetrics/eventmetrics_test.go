package eventmetrics

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/receiver/receivertest"

	"github.com/otelcol-auth0/auth0receiver/internal/metadata"
)

var now = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// record appends a record dated at with the given severity and attributes (key, value pairs;
// an int64 value is put as an int).
func record(logs plog.Logs, at time.Time, severity string, kv ...any) {
	if logs.ResourceLogs().Len() == 0 {
		logs.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty()
	}
	lr := logs.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().AppendEmpty()
	lr.SetTimestamp(pcommon.NewTimestampFromTime(at))
	lr.SetSeverityText(severity)
	for i := 0; i+1 < len(kv); i += 2 {
		switch v := kv[i+1].(type) {
		case string:
			lr.Attributes().PutStr(kv[i].(string), v)
		case int64:
			lr.Attributes().PutInt(kv[i].(string), v)
		}
	}
	// What a counter must never read, and what no series may carry.
	lr.Attributes().PutStr("user.id", "auth0|secret-user")
	lr.Attributes().PutStr("client.address", "203.0.113.9")
}

func login(logs plog.Logs, at time.Time, outcome, connection string) {
	code, category, severity := "s", "auth-login-success", "INFO"
	if outcome == "failure" {
		code, category, severity = "fp", "auth-login-fail", "WARN"
	}
	record(logs, at, severity, "auth0.event.type", code, "auth0.event.category", category, "auth0.event.outcome", outcome,
		"auth0.connection.name", connection, "auth0.client.name", "Web App", "geo.country.iso_code", "NL")
}

// emitted turns the counters into metrics: name -> attributes rendered -> value.
func emitted(t *testing.T, c *Counters) map[string]map[string]int64 {
	t.Helper()
	mb := metadata.NewMetricsBuilder(metadata.DefaultMetricsBuilderConfig(), receivertest.NewNopSettings(metadata.Type))
	c.Record(mb, pcommon.NewTimestampFromTime(now))
	md := mb.Emit()
	out := map[string]map[string]int64{}
	if md.ResourceMetrics().Len() == 0 {
		return out
	}
	ms := md.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics()
	for i := range ms.Len() {
		m := ms.At(i)
		series := map[string]int64{}
		dps := m.Sum().DataPoints()
		for j := range dps.Len() {
			series[fmt.Sprint(dps.At(j).Attributes().AsRaw())] += dps.At(j).IntValue()
		}
		out[m.Name()] = series
		require.Equal(t, pmetric.AggregationTemporalityCumulative, m.Sum().AggregationTemporality())
	}
	return out
}

func TestEventsAreCountedByWhatTheyAre(t *testing.T) {
	c := New(10*time.Minute, 0)
	logs := plog.NewLogs()
	for range 3 {
		login(logs, now.Add(-time.Second), "failure", "Username-Password-Authentication")
	}
	login(logs, now.Add(-time.Second), "success", "google-oauth2")
	record(logs, now.Add(-time.Second), "WARN", "auth0.event.type", "sapi", "auth0.event.category", "management-success",
		"auth0.event.outcome", "success", "http.request.method", "PATCH", "http.response.status_code", int64(200),
		"security_rule.name", "auth0.brute_force_protection_disabled", "security_rule.category", "protection-weakened")
	record(logs, now.Add(-time.Second), "ERROR", "auth0.event.type", "limit_wc", "auth0.event.category", "system-notification",
		"auth0.event.outcome", "failure")
	record(logs, now.Add(-time.Second), "INFO", "auth0.event.type", "ss", "auth0.event.category", "auth-signup-success",
		"auth0.event.outcome", "success", "auth0.connection.name", "db", "auth0.client.name", "Web App")

	tally := c.Tally(logs, now)
	assert.Empty(t, emitted(t, c), "nothing counts before the batch is accepted")
	c.Add(tally)
	got := emitted(t, c)

	assert.Equal(t, map[string]int64{
		"map[auth0.event.category:auth-login-fail auth0.event.outcome:failure auth0.event.type:fp severity_text:WARN]":            3,
		"map[auth0.event.category:auth-login-success auth0.event.outcome:success auth0.event.type:s severity_text:INFO]":          1,
		"map[auth0.event.category:management-success auth0.event.outcome:success auth0.event.type:sapi severity_text:WARN]":       1,
		"map[auth0.event.category:system-notification auth0.event.outcome:failure auth0.event.type:limit_wc severity_text:ERROR]": 1,
		"map[auth0.event.category:auth-signup-success auth0.event.outcome:success auth0.event.type:ss severity_text:INFO]":        1,
	}, got["auth0.events"])
	assert.Equal(t, map[string]int64{
		"map[auth0.client.name:Web App auth0.connection.name:Username-Password-Authentication auth0.event.outcome:failure geo.country.iso_code:NL]": 3,
		"map[auth0.client.name:Web App auth0.connection.name:google-oauth2 auth0.event.outcome:success geo.country.iso_code:NL]":                    1,
	}, got["auth0.logins"])
	assert.Equal(t, map[string]int64{
		"map[auth0.client.name:Web App auth0.connection.name:db auth0.event.outcome:success geo.country.iso_code:]": 1,
	}, got["auth0.signups"])
	assert.Equal(t, map[string]int64{
		"map[security_rule.category:protection-weakened security_rule.name:auth0.brute_force_protection_disabled]": 1,
	}, got["auth0.security_signals"])
	assert.Equal(t, map[string]int64{"map[http.request.method:PATCH http.response.status_class:2xx]": 1},
		got["auth0.management_api.operations"])
	assert.Equal(t, map[string]int64{"map[auth0.event.type:limit_wc]": 1}, got["auth0.rate_limit.events"])
	assert.NotContains(t, fmt.Sprint(got), "secret-user", "no user id in any series")
	assert.NotContains(t, fmt.Sprint(got), "203.0.113.9", "no address in any series")

	c.Add(tally) // cumulative
	assert.Equal(t, int64(6), emitted(t, c)["auth0.logins"]["map[auth0.client.name:Web App auth0.connection.name:Username-Password-Authentication auth0.event.outcome:failure geo.country.iso_code:NL]"])
}

// A backfill of old events, or a catch-up after an outage, must not look like a burst: events
// delivered more than max_event_age after their date count only as late.
func TestOldEventsCountOnlyAsLate(t *testing.T) {
	c := New(10*time.Minute, 0)
	logs := plog.NewLogs()
	for range 500 {
		login(logs, now.Add(-3*time.Hour), "failure", "db")
	}
	login(logs, now.Add(-9*time.Minute), "failure", "db")
	record(logs, time.Time{}, "INFO", "auth0.event.type", "s") // undated: counted as current
	c.Add(c.Tally(logs, now))
	got := emitted(t, c)
	assert.Equal(t, map[string]int64{"map[auth0.event.type:fp]": 500}, got["auth0.events.late"])
	var logins int64
	for _, n := range got["auth0.logins"] {
		logins += n
	}
	assert.Equal(t, int64(1), logins, "only the recent failure is a login that counts")

	c = New(0, 0) // max_event_age 0: nothing is late
	c.Add(c.Tally(logs, now))
	assert.NotContains(t, emitted(t, c), "auth0.events.late")
}

// Each metric keeps a bounded number of series; new combinations beyond it count as one.
func TestSeriesAreBounded(t *testing.T) {
	c := New(0, 3)
	logs := plog.NewLogs()
	for i := range 10 {
		login(logs, now, "failure", fmt.Sprintf("connection-%d", i))
	}
	c.Add(c.Tally(logs, now))
	got := emitted(t, c)["auth0.logins"]
	assert.Len(t, got, 4, "3 series and the overflow")
	assert.Equal(t, int64(7), got["map[auth0.client.name:_other auth0.connection.name:_other auth0.event.outcome:_other geo.country.iso_code:_other]"])
}

// Init makes the series an alert waits for exist before their first event.
func TestInitialisedSeriesStartAtZero(t *testing.T) {
	c := New(0, 0)
	c.Init(RateLimitEvents, "limit_wc")
	c.Init(SecuritySignals, "auth0.breached_password", "credential-attack")
	got := emitted(t, c)
	assert.Equal(t, map[string]int64{"map[auth0.event.type:limit_wc]": 0}, got["auth0.rate_limit.events"])
	assert.Equal(t, map[string]int64{"map[security_rule.category:credential-attack security_rule.name:auth0.breached_password]": 0}, got["auth0.security_signals"])
}

// Every metric's series reaches the metrics builder.
func TestEveryMetricIsRecorded(t *testing.T) {
	c := New(0, 0)
	for m := range numMetrics {
		c.Init(m, "a", "b", "c", "d")
	}
	assert.Len(t, emitted(t, c), int(numMetrics))
}

// The counters keep copies of the attribute values, not the batch's memory.
func TestSeriesDoNotKeepTheBatch(t *testing.T) {
	c := New(0, 0)
	logs := plog.NewLogs()
	login(logs, now, "failure", "db")
	c.Add(c.Tally(logs, now))
	logs.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0).Attributes().PutStr("auth0.connection.name", "changed")
	assert.Contains(t, fmt.Sprint(emitted(t, c)["auth0.logins"]), "connection.name:db")
}

func TestIsRateLimitCode(t *testing.T) {
	for code, want := range map[string]bool{
		"api_limit": true, "api_limit_warning": true, "limit_wc": true, "limit_mu": true, "limit_sul": true,
		"gd_otp_rate_limit_exceed": true, "elevated_rate_limit": true, "fp": false, "s": false, "sapi": false,
	} {
		assert.Equal(t, want, IsRateLimitCode(code), code)
	}
}

func BenchmarkTally(b *testing.B) {
	c := New(10*time.Minute, 1000)
	logs := plog.NewLogs()
	for i := range 100 {
		login(logs, now, []string{"success", "failure"}[i%2], "db")
	}
	b.ReportAllocs()
	for b.Loop() {
		c.Add(c.Tally(logs, now))
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*100), "ns/event")
}

func TestMarkdownListsEveryMetric(t *testing.T) {
	md := Markdown()
	for name := range counts {
		assert.Contains(t, md, "| `"+name+"` |", name)
	}
	assert.Contains(t, md, "`auth0_logins_total`")
	assert.Contains(t, md, "`auth0.event.outcome`, `auth0.connection.name`, `auth0.client.name`, `geo.country.iso_code`")
	assert.Equal(t, len(counts)+2, strings.Count(md, "\n"), "a header, a rule and a row per metric")
}
