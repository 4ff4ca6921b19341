package auth0sim

import (
	"sort"
	"time"
)

// timeline holds the ingestion time of every stored event without storing one value per event:
// events are runs (the backlog spaced evenly before the start, a live-rate stretch, one Generate
// call, one attack scenario) described by their first time and spacing. Times never decrease
// with the index, so log_ids (which begin with the ingestion time) ascend with it.
type timeline struct {
	start int64 // UnixNano of the simulator's start
	runs  []run
	n     int // events stored

	livePeriod int64 // ns between live events; 0 = no live rate
	liveDone   int   // live events materialized so far
	lastLive   bool  // the last run is a live run that later live events may extend

	attackEvery int64 // ns between scheduled attack scenarios; 0 = none
	attacksDone int   // scheduled scenarios materialized so far
	scripted    int   // scenario events stored
}

type run struct {
	first, count int
	t0, step     int64
	scripted     bool // the run is one attack scenario: event first+k is its step k
	before       int  // scenario events before the run: a mixed event's index in the mix is i-before
}

// slot is what rendering needs to know about event i besides its index.
type slot struct {
	t    int64 // ingestion time, UnixNano
	mix  int   // the event's index in the mix (regular events)
	step int   // the step of the attack scenario (scenario events), else -1
}

// newTimeline spaces backlog events evenly over span before start, with one attack scenario of
// attackLen events at start-attackAge among them when attackAge > 0.
func newTimeline(start time.Time, backlog int, span time.Duration, rate float64,
	attackEvery, attackAge time.Duration, attackLen int,
) *timeline {
	tl := &timeline{start: start.UnixNano(), attackEvery: int64(attackEvery)}
	if rate > 0 {
		tl.livePeriod = max(int64(float64(time.Second)/rate), 1)
	}
	var spacing int64
	if backlog > 0 {
		spacing = int64(span) / int64(backlog)
	}
	at := func(j int) int64 { return tl.start - int64(backlog-j)*spacing }
	// Regular events j < k are ingested before the scenario, the others at or after it.
	k := backlog
	if attackAge > 0 && spacing > 0 {
		k = min(max(backlog-int(int64(attackAge)/spacing), 0), backlog)
	}
	tl.appendRun(run{count: k, t0: at(0), step: spacing})
	if attackAge > 0 {
		tl.appendRun(run{count: attackLen, t0: tl.start - int64(attackAge), scripted: true})
	}
	tl.appendRun(run{count: backlog - k, t0: at(k), step: spacing})
	return tl
}

// appendRun appends r at the end (its first index and scenario count are filled in here).
func (tl *timeline) appendRun(r run) {
	if r.count <= 0 {
		return
	}
	r.first, r.before = tl.n, tl.scripted
	tl.runs = append(tl.runs, r)
	tl.n += r.count
	if r.scripted {
		tl.scripted += r.count
	}
	tl.lastLive = false
}

func (tl *timeline) run(i int) *run {
	k := sort.Search(len(tl.runs), func(k int) bool { return tl.runs[k].first > i }) - 1
	return &tl.runs[k]
}

// at returns the ingestion time (UnixNano) of event i.
func (tl *timeline) at(i int) int64 {
	r := tl.run(i)
	return r.t0 + int64(i-r.first)*r.step
}

// slot returns what rendering event i needs.
func (tl *timeline) slot(i int) slot {
	r := tl.run(i)
	sl := slot{t: r.t0 + int64(i-r.first)*r.step, mix: i - r.before, step: -1}
	if r.scripted {
		sl.step = i - r.first
	}
	return sl
}

func (tl *timeline) last() int64 {
	if tl.n == 0 {
		return tl.start
	}
	return tl.at(tl.n - 1)
}

// catchUp materializes the live events and the scheduled attack scenarios due by now, in time
// order: the live events up to an attack's time, then the attack.
func (tl *timeline) catchUp(now int64, attackLen int) {
	for tl.attackEvery > 0 {
		ta := tl.start + int64(tl.attacksDone+1)*tl.attackEvery
		if ta > now {
			break
		}
		tl.catchUpLive(ta)
		tl.addScripted(attackLen, ta)
		tl.attacksDone++
	}
	tl.catchUpLive(now)
}

// catchUpLive materializes the live events due by now.
func (tl *timeline) catchUpLive(now int64) {
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
		tl.n += count
	} else {
		tl.appendRun(run{count: count, t0: t0, step: tl.livePeriod})
		tl.lastLive = true
	}
	tl.liveDone = due
}

// add appends n events ingested at now (or at the last time, if the clock went backwards).
func (tl *timeline) add(n int, now int64) (first int) {
	first = tl.n
	tl.appendRun(run{count: n, t0: max(now, tl.last())})
	return first
}

// addScripted appends one attack scenario of n events ingested at now (or the last time).
func (tl *timeline) addScripted(n int, now int64) (first int) {
	first = tl.n
	tl.appendRun(run{count: n, t0: max(now, tl.last()), scripted: true})
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
