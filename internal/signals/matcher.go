package signals

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

// Attributes a matched record carries besides semconv's security_rule.* ones.
const (
	// AttrCounted is true when the record's signal is an input of a threshold detection.
	AttrCounted = "auth0.security_rule.counted"
	// AttrNames lists every signal the event matched, the record's own first; only written when
	// it matched more than one.
	AttrNames = "auth0.security_rule.names"
)

// maxCandidates bounds the signals of one code: a Match keeps its matches in a 64-bit set.
const maxCandidates = 64

// Matcher finds the signals of events. It is immutable after New and safe for concurrent use.
type Matcher struct {
	byCode map[string]Candidates
}

// Candidates are the signals of one event code. The zero value matches nothing.
type Candidates struct{ *candidates }

type candidates struct {
	rows []*Signal // table order: bit i of a Match is rows[i]
	// anyPath are the rows without paths, checked for every event of the code; byResource the
	// rows with paths, by the resource they name (the segment after /api/v2/), so an operation
	// is checked only against the few signals of its resource.
	anyPath    []uint8
	byResource map[string][]uint8
	reads      bool // a row reads details.request or details.response
	readsDesc  bool // a row compares the description
}

// New indexes the table by code, without the signals cfg excludes; a disabled cfg matches
// nothing. An unknown name in cfg.Exclude is an error naming the key.
func New(cfg Config) (*Matcher, error) {
	if err := CheckNames(cfg.Exclude); err != nil {
		return nil, fmt.Errorf("%s.exclude: %w", ConfigKey, err)
	}
	if !cfg.Enabled {
		return &Matcher{}, nil
	}
	return index(table, cfg.Exclude)
}

// index builds the candidates of every code from rows, in row order.
func index(rows []Signal, exclude []string) (*Matcher, error) {
	m := &Matcher{byCode: map[string]Candidates{}}
	for i := range rows {
		s := &rows[i]
		if slices.Contains(exclude, s.Name) {
			continue
		}
		for _, code := range s.When.Codes {
			c := m.byCode[code]
			if c.candidates == nil {
				c.candidates = &candidates{byResource: map[string][]uint8{}}
				m.byCode[code] = c
			}
			if len(c.rows) == maxCandidates {
				return nil, fmt.Errorf("signals: code %q has more than %d signals", code, maxCandidates)
			}
			c.add(s)
		}
	}
	return m, nil
}

func (c *candidates) add(s *Signal) {
	i := uint8(len(c.rows))
	c.rows = append(c.rows, s)
	c.reads = c.reads || s.When.readsOperation()
	c.readsDesc = c.readsDesc || s.When.Description != ""
	if len(s.When.Paths) == 0 {
		c.anyPath = append(c.anyPath, i)
		return
	}
	for _, p := range s.When.Paths {
		r := resource(trimAPI(p))
		if !slices.Contains(c.byResource[r], i) {
			c.byResource[r] = append(c.byResource[r], i)
		}
	}
}

// resource is the first segment of a route after "/v2/" (or its first segment).
func resource(r string) string {
	r = strings.TrimPrefix(r, "/v2")
	seg, _ := cutSegment(strings.TrimPrefix(r, "/"))
	return seg
}

// For returns the candidates of a code: the mapping can resolve them once per known code.
func (m *Matcher) For(code string) Candidates {
	if m == nil {
		return Candidates{}
	}
	return m.byCode[code] // a nil map (disabled) gives the zero Candidates
}

// Match matches one event given its code and its built body.
func (m *Matcher) Match(code string, body pcommon.Map) Match { return m.For(code).Match(body) }

// Empty reports whether no signal has this code: the event needs no look at all.
func (c Candidates) Empty() bool { return c.candidates == nil }

// Rows are the candidate signals, in table order; the caller must not change them.
func (c Candidates) Rows() []*Signal {
	if c.candidates == nil {
		return nil
	}
	return c.rows
}

// Match checks the candidates against the event's body.
func (c Candidates) Match(body pcommon.Map) Match {
	if c.candidates == nil {
		return Match{}
	}
	ev := newEvent(body, c.reads, c.readsDesc)
	m := Match{rows: c.rows}
	m.check(c.anyPath, ev)
	if len(c.byResource) > 0 {
		m.check(c.byResource[resource(ev.route)], ev)
	}
	return m
}

// Match is the outcome for one event: the signals it matched among its code's candidates.
type Match struct {
	rows []*Signal
	set  uint64 // bit i: rows[i] matched
	best int    // the record's signal
}

// check adds the rows of idx whose condition holds. The most severe signal is the record's; the
// first in table order among equals.
func (m *Match) check(idx []uint8, ev Event) {
	for _, i := range idx {
		s := m.rows[i]
		if !s.When.holds(ev) {
			continue
		}
		if b := m.rows[m.best]; m.set == 0 || s.SeverityNumber() > b.SeverityNumber() ||
			(s.SeverityNumber() == b.SeverityNumber() && int(i) < m.best) {
			m.best = int(i)
		}
		m.set |= 1 << i
	}
}

// Apply matches the record's event and, on a match, writes the security_rule attributes and
// raises the severity to the signal's when that is higher. It reports whether a signal matched.
// Only a map body is read; the rest of the record is untouched.
func (c Candidates) Apply(lr plog.LogRecord) bool {
	if c.candidates == nil || lr.Body().Type() != pcommon.ValueTypeMap {
		return false
	}
	m := c.Match(lr.Body().Map())
	if !m.Found() {
		return false
	}
	m.Put(lr.Attributes())
	if num, text, ok := m.Raise(lr.SeverityNumber()); ok {
		lr.SetSeverityNumber(num)
		lr.SetSeverityText(text)
	}
	return true
}

// readsOperation reports whether the condition reads details.request or details.response.
func (c *Condition) readsOperation() bool {
	return c.Method != "" || len(c.Paths) > 0 || c.Body != nil
}

// holds reports whether the event meets every part of the condition; the code already matched.
func (c *Condition) holds(ev Event) bool {
	if c.Method != "" && !strings.EqualFold(c.Method, ev.Method) {
		return false
	}
	if len(c.Paths) > 0 {
		if ev.Status >= 400 { // the operation failed: nothing changed
			return false
		}
		found := false
		for _, p := range c.Paths {
			if matchRoute(p, ev.route) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if c.Description != "" && ev.Description() != c.Description {
		return false
	}
	return c.Body == nil || c.Body.Match(ev)
}

// Found reports whether a signal matched.
func (m Match) Found() bool { return m.set != 0 }

// Signal is the record's signal (nil when none matched): the most severe, ties by table order.
func (m Match) Signal() *Signal {
	if m.set == 0 {
		return nil
	}
	return m.rows[m.best]
}

// Len is the number of signals matched.
func (m Match) Len() int { return bits.OnesCount64(m.set) }

// Names lists the names of the signals matched, the record's signal first, then table order.
func (m Match) Names() []string {
	if m.set == 0 {
		return nil
	}
	out := make([]string, 0, m.Len())
	out = append(out, m.rows[m.best].Name)
	for i, s := range m.rows {
		if i != m.best && m.set&(1<<i) != 0 {
			out = append(out, s.Name)
		}
	}
	return out
}

// Put writes the record's attributes for the match: security_rule.name, .category,
// .description, .reference and .ruleset.name of the record's signal, auth0.security_rule.counted
// when it is counted, and auth0.security_rule.names when several signals matched.
func (m Match) Put(attrs pcommon.Map) {
	s := m.Signal()
	if s == nil {
		return
	}
	attrs.PutStr(string(semconv.SecurityRuleNameKey), s.Name)
	attrs.PutStr(string(semconv.SecurityRuleCategoryKey), string(s.Category))
	attrs.PutStr(string(semconv.SecurityRuleDescriptionKey), s.Description)
	attrs.PutStr(string(semconv.SecurityRuleReferenceKey), s.Reference)
	attrs.PutStr(string(semconv.SecurityRuleRulesetNameKey), RulesetName)
	if s.Counted {
		attrs.PutBool(AttrCounted, true)
	}
	if n := m.Len(); n > 1 {
		names := attrs.PutEmptySlice(AttrNames)
		names.EnsureCapacity(n)
		names.AppendEmpty().SetStr(s.Name)
		for i, r := range m.rows {
			if i != m.best && m.set&(1<<i) != 0 {
				names.AppendEmpty().SetStr(r.Name)
			}
		}
	}
}

// Raise returns the severity the record must carry when the signal's is higher than current.
func (m Match) Raise(current plog.SeverityNumber) (plog.SeverityNumber, string, bool) {
	s := m.Signal()
	if s == nil || s.SeverityNumber() <= current {
		return current, "", false
	}
	return s.SeverityNumber(), string(s.Severity), true
}
