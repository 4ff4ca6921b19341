package auth0sim

import (
	"sort"
	"time"
)

// timeline holds the ingestion time of every stored event without storing one value per event:
// the backlog is spaced evenly before the start, and later events are runs (a live-rate stretch
// or one Generate call) described by their first time and spacing. Times never decrease with the
// index, so log_ids (which begin with the ingestion time) ascend with it.
type timeline struct {
	start   int64 // UnixNano of the simulator's start
	backlog int
	spacing int64 // ns between backlog events
	runs    []run
	n       int // events stored

	livePeriod int64 // ns between live events; 0 = no live rate
	liveDone   int   // live events materialised so far
	lastLive   bool  // the last run is a live run that later live events may extend
}

type run struct {
	first, count int
	t0, step     int64
}

func newTimeline(start time.Time, backlog int, span time.Duration, rate float64) *timeline {
	tl := &timeline{start: start.UnixNano(), backlog: backlog, n: backlog}
	if backlog > 0 {
		tl.spacing = int64(span) / int64(backlog)
	}
	if rate > 0 {
		tl.livePeriod = max(int64(float64(time.Second)/rate), 1)
	}
	return tl
}

// at returns the ingestion time (UnixNano) of event i.
func (tl *timeline) at(i int) int64 {
	if i < tl.backlog {
		return tl.start - int64(tl.backlog-i)*tl.spacing
	}
	k := sort.Search(len(tl.runs), func(k int) bool { return tl.runs[k].first > i }) - 1
	r := tl.runs[k]
	return r.t0 + int64(i-r.first)*r.step
}

func (tl *timeline) last() int64 {
	if tl.n == 0 {
		return tl.start
	}
	return tl.at(tl.n - 1)
}

// catchUp materialises the live events due by now.
func (tl *timeline) catchUp(now int64) {
	if tl.livePeriod == 0 || now <= tl.start {
		return
	}
	due := int((now - tl.start) / tl.livePeriod)
	if due <= tl.liveDone {
		return
	}
	t0 := tl.start + int64(tl.liveDone+1)*tl.livePeriod
	if t0 < tl.last() { // a Generate call ran ahead of the live clock: keep times ordered
		t0 = tl.last()
	}
	count := due - tl.liveDone
	if tl.lastLive {
		tl.runs[len(tl.runs)-1].count += count
	} else {
		tl.runs = append(tl.runs, run{first: tl.n, count: count, t0: t0, step: tl.livePeriod})
		tl.lastLive = true
	}
	tl.liveDone = due
	tl.n += count
}

// add appends n events ingested at now (or at the last time, if the clock went backwards).
func (tl *timeline) add(n int, now int64) (first int) {
	first = tl.n
	if n <= 0 {
		return first
	}
	t := max(now, tl.last())
	tl.runs = append(tl.runs, run{first: tl.n, count: n, t0: t})
	tl.lastLive = false
	tl.n += n
	return first
}

// firstAtOrAfter returns the first index whose ingestion time is >= t.
func (tl *timeline) firstAtOrAfter(t int64) int {
	return sort.Search(tl.n, func(i int) bool { return tl.at(i) >= t })
}

// logIDLen is the length of every log_id: "900", the UTC ingestion second (14 digits), its
// microseconds (6), the event's index (17) and 16 digits of noise, as long as Auth0's.
const logIDLen = 56

// appendLogID appends the log_id of event i ingested at t.
func appendLogID(b []byte, seed int64, i int, t int64) []byte {
	ts := time.Unix(0, t).UTC()
	b = append(b, '9', '0', '0')
	y, mo, d := ts.Date()
	h, mi, s := ts.Clock()
	b = appendPadded(b, int64(y), 4)
	b = appendPadded(b, int64(mo), 2)
	b = appendPadded(b, int64(d), 2)
	b = appendPadded(b, int64(h), 2)
	b = appendPadded(b, int64(mi), 2)
	b = appendPadded(b, int64(s), 2)
	b = appendPadded(b, int64(ts.Nanosecond()/1000), 6)
	b = appendPadded(b, int64(i), 17)
	return appendPadded(b, int64(hash(seed, i, saltID)%1e16), 16)
}

// appendPadded appends v in decimal, zero-padded to width digits.
func appendPadded(b []byte, v int64, width int) []byte {
	var tmp [20]byte
	p := len(tmp)
	for ; width > 0 || v > 0; width-- {
		p--
		tmp[p] = byte('0' + v%10)
		v /= 10
	}
	return append(b, tmp[p:]...)
}

// maxDateLag bounds how long before its ingestion an event's date lies (dates are 0 to 5 s before,
// so they are not monotonic in log_id order, like Auth0's).
const maxDateLag = 5 * time.Second

// dateOf returns the event's date (Unix milliseconds) from its ingestion time.
func dateOf(seed int64, i int, t int64) int64 {
	lag := int64(hash(seed, i, saltLag) % uint64(maxDateLag/time.Millisecond+1))
	return t/int64(time.Millisecond) - lag
}

// appendDate appends an ISO 8601 date with milliseconds, like Auth0's "2021-11-04T00:15:10.706Z".
func appendDate(b []byte, ms int64) []byte {
	ts := time.UnixMilli(ms).UTC()
	y, mo, d := ts.Date()
	h, mi, s := ts.Clock()
	b = appendPadded(b, int64(y), 4)
	b = append(b, '-')
	b = appendPadded(b, int64(mo), 2)
	b = append(b, '-')
	b = appendPadded(b, int64(d), 2)
	b = append(b, 'T')
	b = appendPadded(b, int64(h), 2)
	b = append(b, ':')
	b = appendPadded(b, int64(mi), 2)
	b = append(b, ':')
	b = appendPadded(b, int64(s), 2)
	b = append(b, '.')
	b = appendPadded(b, int64(ts.Nanosecond()/1e6), 3)
	return append(b, 'Z')
}
