// Package eventmetrics derives counters from the log records the receiver delivers: events by
// code, logins and signups, security signals, Management API operations, rate-limit events. It
// reads the records' attributes only, so pull and webhook feed it alike, and keeps cumulative
// counts with low-cardinality attributes (never user ids, addresses or emails), bounded per metric.
//
// Metric time is delivery time, so a backfill would look like a burst: an event delivered more
// than MaxEventAge after its date is counted in auth0.events.late only.
package eventmetrics

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-auth0/auth0receiver/internal/metadata"
)

// Metric names one of the derived counters.
type Metric int

const (
	Events Metric = iota
	EventsLate
	Logins
	Signups
	SecuritySignals
	ManagementAPIOperations
	RateLimitEvents
	numMetrics
)

// Overflow is the value of every attribute of the series that counts what exceeds a metric's
// series limit.
const Overflow = "_other"

// key holds a series' attribute values, in metadata.yaml's order; unused ones are "".
type key [4]string

type seriesKey struct {
	m Metric
	k key
}

// Tally is what one batch adds: counted before the batch is handed to the pipeline (which then
// owns the records), added once it was accepted.
type Tally struct{ counts map[seriesKey]int64 }

// Empty reports whether the batch counted nothing.
func (t Tally) Empty() bool { return len(t.counts) == 0 }

// Counters are the cumulative counts, safe for concurrent use.
type Counters struct {
	maxAge    time.Duration
	maxSeries int

	mu     sync.Mutex
	series [numMetrics]map[key]int64
}

// New returns counters that treat events older than maxAge at delivery as late (0: none is) and
// keep at most maxSeries series per metric (0: no limit).
func New(maxAge time.Duration, maxSeries int) *Counters {
	c := &Counters{maxAge: maxAge, maxSeries: maxSeries}
	for i := range c.series {
		c.series[i] = map[key]int64{}
	}
	return c
}

// Init makes a series exist at zero, so that the first event of it is a visible increase for
// rate() and increase(): the series an alert waits for (a block, a signal) should be initialized.
// It creates none beyond the metric's limit of series.
func (c *Counters) Init(m Metric, values ...string) {
	var k key
	for i, v := range values {
		k[i] = strings.Clone(v)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	series := c.series[m]
	if _, ok := series[k]; !ok && !c.full(series) {
		series[k] = 0
	}
}

// full reports whether a metric's series are at the limit: a new one is counted under Overflow.
func (c *Counters) full(series map[key]int64) bool {
	return c.maxSeries > 0 && len(series) >= c.maxSeries
}

// Tally counts the records of logs delivered at now. It only reads them.
func (c *Counters) Tally(logs plog.Logs, now time.Time) Tally {
	t := Tally{counts: map[seriesKey]int64{}}
	lateBefore := pcommon.Timestamp(0)
	if c.maxAge > 0 {
		lateBefore = pcommon.NewTimestampFromTime(now.Add(-c.maxAge))
	}
	rls := logs.ResourceLogs()
	for i := range rls.Len() {
		sls := rls.At(i).ScopeLogs()
		for j := range sls.Len() {
			lrs := sls.At(j).LogRecords()
			for k := range lrs.Len() {
				t.record(lrs.At(k), lateBefore)
			}
		}
	}
	return t
}

// fields are the attributes the counters read, found in one pass over a record's attributes.
type fields struct {
	code, category, outcome, connection, client, country, rule, ruleCategory, method string
	status                                                                           int64
}

func read(attrs pcommon.Map) fields {
	var f fields
	for k, v := range attrs.All() {
		switch k {
		case "auth0.event.type":
			f.code = v.Str()
		case "auth0.event.category":
			f.category = v.Str()
		case "auth0.event.outcome":
			f.outcome = v.Str()
		case "auth0.connection.name":
			f.connection = v.Str()
		case "auth0.client.name":
			f.client = v.Str()
		case "geo.country.iso_code":
			f.country = v.Str()
		case "security_rule.name":
			f.rule = v.Str()
		case "security_rule.category":
			f.ruleCategory = v.Str()
		case "http.request.method":
			f.method = v.Str()
		case "http.response.status_code":
			f.status = v.Int()
		}
	}
	return f
}

func (t Tally) record(lr plog.LogRecord, lateBefore pcommon.Timestamp) {
	f := read(lr.Attributes())
	if ts := lr.Timestamp(); ts != 0 && ts < lateBefore {
		t.counts[seriesKey{EventsLate, key{f.code}}]++
		return
	}
	t.counts[seriesKey{Events, key{f.code, f.category, f.outcome, lr.SeverityText()}}]++
	switch f.category {
	case "auth-login-success", "auth-login-fail":
		t.counts[seriesKey{Logins, key{f.outcome, f.connection, f.client, f.country}}]++
	case "auth-signup-success", "auth-signup-fail":
		t.counts[seriesKey{Signups, key{f.outcome, f.connection, f.client, f.country}}]++
	}
	if f.rule != "" {
		t.counts[seriesKey{SecuritySignals, key{f.rule, f.ruleCategory}}]++
	}
	if f.method != "" && strings.HasPrefix(f.category, "management-") {
		t.counts[seriesKey{ManagementAPIOperations, key{f.method, statusClass(f.status)}}]++
	}
	if IsRateLimitCode(f.code) {
		t.counts[seriesKey{RateLimitEvents, key{f.code}}]++
	}
}

// IsRateLimitCode reports whether an event code says a rate limit or an Attack Protection
// block hit: api_limit, api_limit_warning, limit_*, gd_*_rate_limit_exceed, ...
func IsRateLimitCode(code string) bool {
	return strings.HasPrefix(code, "limit_") || strings.HasPrefix(code, "api_limit") || strings.Contains(code, "rate_limit")
}

func statusClass(code int64) string {
	if code < 100 || code > 599 {
		return ""
	}
	return strconv.FormatInt(code/100, 10) + "xx"
}

// Add adds an accepted batch's tally. A new series beyond the metric's limit is counted under
// Overflow instead.
func (c *Counters) Add(t Tally) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for sk, n := range t.counts {
		series := c.series[sk.m]
		if _, ok := series[sk.k]; !ok {
			if c.full(series) {
				sk.k = key{Overflow, Overflow, Overflow, Overflow}
			} else {
				for i := range sk.k { // the values point into the batch: do not keep it alive
					sk.k[i] = strings.Clone(sk.k[i])
				}
			}
		}
		series[sk.k] += n
	}
}

// recorders write one series of each metric into a MetricsBuilder, the key's values in the
// order of the metric's attributes in metadata.yaml.
var recorders = [numMetrics]func(mb *metadata.MetricsBuilder, ts pcommon.Timestamp, n int64, k key){
	Events: func(mb *metadata.MetricsBuilder, ts pcommon.Timestamp, n int64, k key) {
		mb.RecordAuth0EventsDataPoint(ts, n, k[0], k[1], k[2], k[3])
	},
	EventsLate: func(mb *metadata.MetricsBuilder, ts pcommon.Timestamp, n int64, k key) {
		mb.RecordAuth0EventsLateDataPoint(ts, n, k[0])
	},
	Logins: func(mb *metadata.MetricsBuilder, ts pcommon.Timestamp, n int64, k key) {
		mb.RecordAuth0LoginsDataPoint(ts, n, k[0], k[1], k[2], k[3])
	},
	Signups: func(mb *metadata.MetricsBuilder, ts pcommon.Timestamp, n int64, k key) {
		mb.RecordAuth0SignupsDataPoint(ts, n, k[0], k[1], k[2], k[3])
	},
	SecuritySignals: func(mb *metadata.MetricsBuilder, ts pcommon.Timestamp, n int64, k key) {
		mb.RecordAuth0SecuritySignalsDataPoint(ts, n, k[0], k[1])
	},
	ManagementAPIOperations: func(mb *metadata.MetricsBuilder, ts pcommon.Timestamp, n int64, k key) {
		mb.RecordAuth0ManagementAPIOperationsDataPoint(ts, n, k[0], k[1])
	},
	RateLimitEvents: func(mb *metadata.MetricsBuilder, ts pcommon.Timestamp, n int64, k key) {
		mb.RecordAuth0RateLimitEventsDataPoint(ts, n, k[0])
	},
}

// Record writes every series' current count into mb, as of ts.
func (c *Counters) Record(mb *metadata.MetricsBuilder, ts pcommon.Timestamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for m, series := range c.series {
		for k, n := range series {
			recorders[m](mb, ts, n, k)
		}
	}
}
