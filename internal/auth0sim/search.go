package auth0sim

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// searchCap is how far search mode can page: Auth0 serves at most the first 1,000 results.
const searchCap = 1000

// bound is one end of a range query; open when !set.
type bound struct {
	set       bool
	inclusive bool
	ms        int64  // date bounds, Unix ms
	id        string // log_id bounds
}

// query is the subset of Auth0's Lucene syntax the simulator understands: clauses joined by
// AND on date (range), log_id (range or exact) and type (exact or a parenthesised OR list).
type query struct {
	dateLo, dateHi bound
	idLo, idHi     bound
	types          []string // nil = any
}

// searchableFields are the fields Auth0 accepts in q.
var searchableFields = strings.Fields("client_id client_name connection connection_id description date hostname ip " +
	"log_id organization_id user_id user_name user_agent strategy strategy_type type")

func parseQuery(q string, now time.Time) (query, error) {
	var out query
	q = strings.TrimSpace(q)
	if q == "" {
		return out, nil
	}
	for clause := range strings.SplitSeq(q, " AND ") {
		field, value, ok := strings.Cut(strings.TrimSpace(clause), ":")
		if !ok {
			return out, fmt.Errorf("expected field:value, got %q", clause)
		}
		if !slices.Contains(searchableFields, field) {
			return out, fmt.Errorf("unknown field %q", field)
		}
		value = strings.TrimSpace(value)
		switch field {
		case "date":
			lo, hi, err := parseRange(value)
			if err != nil {
				return out, err
			}
			if out.dateLo, err = dateBound(lo, now); err != nil {
				return out, err
			}
			if out.dateHi, err = dateBound(hi, now); err != nil {
				return out, err
			}
		case "log_id":
			if lo, hi, err := parseRange(value); err == nil {
				out.idLo, out.idHi = idBound(lo), idBound(hi)
			} else {
				v := strings.Trim(value, `"`)
				out.idLo = bound{set: true, inclusive: true, id: v}
				out.idHi = bound{set: true, inclusive: true, id: v}
			}
		case "type":
			v := strings.TrimSuffix(strings.TrimPrefix(value, "("), ")")
			for t := range strings.SplitSeq(v, " OR ") {
				out.types = append(out.types, strings.Trim(strings.TrimSpace(t), `"`))
			}
		default:
			return out, fmt.Errorf("the Auth0 simulator cannot search on %q (only date, log_id and type)", field)
		}
	}
	return out, nil
}

// rangeEnd is one side of "[a TO b}" before typing: its text and whether it is inclusive.
type rangeEnd struct {
	text      string
	inclusive bool
}

func parseRange(v string) (lo, hi rangeEnd, err error) {
	if len(v) < 2 || (v[0] != '[' && v[0] != '{') || (v[len(v)-1] != ']' && v[len(v)-1] != '}') {
		return lo, hi, errors.New("expected a range such as [a TO b]")
	}
	a, b, ok := strings.Cut(v[1:len(v)-1], " TO ")
	if !ok {
		return lo, hi, errors.New("expected a range such as [a TO b]")
	}
	lo = rangeEnd{strings.Trim(strings.TrimSpace(a), `"`), v[0] == '['}
	hi = rangeEnd{strings.Trim(strings.TrimSpace(b), `"`), v[len(v)-1] == ']'}
	return lo, hi, nil
}

func idBound(e rangeEnd) bound {
	if e.text == "*" {
		return bound{}
	}
	return bound{set: true, inclusive: e.inclusive, id: e.text}
}

// dateBound reads "*", "now", "now-1h" (s, m, h, d) or an ISO 8601 date or time.
func dateBound(e rangeEnd, now time.Time) (bound, error) {
	if e.text == "*" {
		return bound{}, nil
	}
	b := bound{set: true, inclusive: e.inclusive}
	if rest, ok := strings.CutPrefix(e.text, "now"); ok {
		t := now
		if rest != "" {
			if len(rest) < 3 || (rest[0] != '-' && rest[0] != '+') {
				return b, fmt.Errorf("bad date %q", e.text)
			}
			n, err := strconv.Atoi(rest[1 : len(rest)-1])
			unit := map[byte]time.Duration{'s': time.Second, 'm': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour}[rest[len(rest)-1]]
			if err != nil || unit == 0 {
				return b, fmt.Errorf("bad date %q", e.text)
			}
			d := time.Duration(n) * unit
			if rest[0] == '-' {
				d = -d
			}
			t = t.Add(d)
		}
		b.ms = t.UnixMilli()
		return b, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, e.text); err == nil {
			b.ms = t.UnixMilli()
			return b, nil
		}
	}
	return b, fmt.Errorf("bad date %q", e.text)
}

func (b bound) admitsLow(v int64) bool {
	return !b.set || v > b.ms || (b.inclusive && v == b.ms)
}

func (b bound) admitsHigh(v int64) bool {
	return !b.set || v < b.ms || (b.inclusive && v == b.ms)
}

// serveSearch answers search mode: page/per_page over at most the first 1,000 results, sorted
// by date or log_id (default: newest log_id first, as Auth0 does without sort).
func (s *Simulator) serveSearch(w http.ResponseWriter, r *http.Request, f fault) {
	qs := r.URL.Query()
	perPage, ok := intParam(w, r, "per_page", 50, 1, 100, "Number of results per page. Paging is disabled if parameter not sent.")
	if !ok {
		return
	}
	page, ok := intParam(w, r, "page", 0, 0, 1<<30, "Page index of the results to return. First page is 0.")
	if !ok {
		return
	}
	start := page * perPage
	if start >= searchCap {
		boom(w, http.StatusBadRequest, fmt.Sprintf("You can only page through the first %d records. "+
			"Use the checkpoint pagination (from and take) to read further.", searchCap), "invalid_paging")
		return
	}
	field, asc := "log_id", false
	if v := qs.Get("sort"); v != "" {
		f, dir, ok := strings.Cut(v, ":")
		if !ok || (f != "date" && f != "log_id") || (dir != "1" && dir != "-1") {
			validationError(w, fmt.Sprintf("'String does not match pattern ^(([a-zA-Z\\-_])+:(-1|1))$' on property sort (Field to use for sorting; the simulator sorts by date or log_id): %q.", v))
			return
		}
		field, asc = f, dir == "1"
	}
	q, err := parseQuery(qs.Get("q"), s.now())
	if err != nil {
		boom(w, http.StatusBadRequest, "The search query string has an error: "+err.Error(), "invalid_query_string")
		return
	}

	s.mu.Lock()
	s.catchUpLocked()
	idx := s.searchLocked(q, field, asc, min(start+perPage, searchCap))
	if start < len(idx) {
		idx = idx[start:]
	} else {
		idx = nil
	}
	slots := make([]slot, len(idx))
	for k, i := range idx {
		slots[k] = s.tl.slot(i)
	}
	s.mu.Unlock()

	buf := s.getBuf()
	defer s.putBuf(buf)
	b := (*buf)[:0]
	totals := qs.Get("include_totals") == "true"
	if totals {
		b = fmt.Appendf(b, `{"start":%d,"limit":%d,"length":%d,"total":%d,"logs":`, start, perPage, len(idx), len(idx))
	}
	b = append(b, '[')
	for k, i := range idx {
		if k > 0 {
			b = append(b, ',')
		}
		b = s.gen.render(b, i, slots[k])
	}
	b = append(b, ']')
	if totals {
		b = append(b, '}')
	}
	*buf = b
	s.send(w, b, len(idx), f)
}

// searchLocked returns the indexes of the first k matches in the requested order. Dates lie up
// to maxDateLag before ingestion, so a date-sorted scan reads on until no later event can sort
// before the k-th match found.
func (s *Simulator) searchLocked(q query, field string, asc bool, k int) []int {
	lo, hi := 0, s.tl.n
	if q.idLo.set {
		lo = max(lo, s.firstAfterLocked(q.idLo.id, q.idLo.inclusive))
	}
	if q.idHi.set {
		hi = min(hi, s.firstAfterLocked(q.idHi.id, !q.idHi.inclusive))
	}
	lagMs := maxDateLag.Milliseconds()
	if q.dateLo.set { // date >= lo implies ingestion >= lo
		lo = max(lo, s.tl.firstAtOrAfter(q.dateLo.ms*int64(time.Millisecond)))
	}
	if q.dateHi.set { // date <= hi implies ingestion <= hi + lag
		hi = min(hi, s.tl.firstAtOrAfter((q.dateHi.ms+lagMs+1)*int64(time.Millisecond)))
	}
	type hit struct {
		i    int
		date int64
	}
	var hits []hit
	match := func(i int) {
		sl := s.tl.slot(i)
		if q.types != nil && !slices.Contains(q.types, s.gen.codeOf(sl)) {
			return
		}
		d := s.gen.date(i, sl)
		if q.dateLo.admitsLow(d) && q.dateHi.admitsHigh(d) {
			hits = append(hits, hit{i, d})
		}
	}
	ingMs := func(i int) int64 { return s.tl.at(i) / int64(time.Millisecond) }
	switch {
	case field == "log_id" && asc:
		for i := lo; i < hi && len(hits) < k; i++ {
			match(i)
		}
	case field == "log_id":
		for i := hi - 1; i >= lo && len(hits) < k; i-- {
			match(i)
		}
	case asc:
		i := lo
		for ; i < hi && len(hits) < k; i++ {
			match(i)
		}
		if len(hits) > 0 {
			kth := slices.MaxFunc(hits, func(a, b hit) int { return int(a.date - b.date) }).date
			for ; i < hi && ingMs(i)-lagMs <= kth; i++ {
				match(i)
			}
		}
		slices.SortFunc(hits, func(a, b hit) int {
			if a.date != b.date {
				return int(a.date - b.date)
			}
			return a.i - b.i
		})
	default:
		i := hi - 1
		for ; i >= lo && len(hits) < k; i-- {
			match(i)
		}
		if len(hits) > 0 {
			kth := slices.MinFunc(hits, func(a, b hit) int { return int(a.date - b.date) }).date
			for ; i >= lo && ingMs(i) >= kth; i-- {
				match(i)
			}
		}
		slices.SortFunc(hits, func(a, b hit) int {
			if a.date != b.date {
				return int(b.date - a.date)
			}
			return b.i - a.i
		})
	}
	out := make([]int, 0, min(len(hits), k))
	for _, h := range hits[:min(len(hits), k)] {
		out = append(out, h.i)
	}
	return out
}
