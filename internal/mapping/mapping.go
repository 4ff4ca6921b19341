// Package mapping turns Auth0 log events (JSON) into OpenTelemetry log records, as the README's
// "What arrives in your pipeline" describes them. It reads the JSON bytes directly into pdata,
// without an intermediate map[string]any, because it is the receiver's hot path (BENCHMARKS.md,
// Mapping).
//
// An input is read twice: a first pass validates all of it and locates its events and the few
// members needed to filter and de-duplicate; the second builds the records of the events kept.
// The records' strings share one copy of the input, so a batch's records keep that text alive
// (about the size of the page) until the last of them is released.
package mapping

import (
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
	"github.com/otelcol-auth0/auth0receiver/internal/pii"
	"github.com/otelcol-auth0/auth0receiver/internal/signals"
)

// Options configure a Mapper.
type Options struct {
	Domain            string            // resource attribute auth0.tenant.domain
	ScopeName         string            // instrumentation scope name (receiver module path)
	ScopeVersion      string            // build version
	Include, Exclude  []string          // event_types: codes or categories (checked by CheckEventTypes)
	SeverityOverrides map[string]string // code, in the table or not -> severity text (checked by CheckSeverity)
	Limits            Limits            // bounds of a Log Streams body; zero fields take the defaults
	Signals           *signals.Matcher  // the security signals to look for; nil looks for none
	// BodyWriter, when set, writes each record's body from its event as built (format: ocsf); nil
	// keeps the Auth0 event itself as the body.
	BodyWriter func(dst pcommon.Map, ev *Event)
	// PII hashes, masks or drops personal data in each event as built, before its attributes are
	// derived from it; nil leaves the events as Auth0 sent them.
	PII *pii.Redactor
}

// Event is what a BodyWriter gets for one record, after its attributes and security signal: the
// values the mapping read, so that a body in another shape needs no second parse.
type Event struct {
	Body       pcommon.Map         // the Auth0 event as built (empty if it is not an object)
	Attributes pcommon.Map         // the record's attributes
	Entry      *catalog.Entry      // the code's catalog entry (catalog.Unknown(code) for other codes)
	Severity   plog.SeverityNumber // the record's severity (after overrides and signals)
	Time       pcommon.Timestamp   // the event's date; 0 when it had none
	Observed   pcommon.Timestamp   // when the receiver read it
	Raw        string              // the event's JSON text, as received; "" when PII is redacted
	Tenant     string              // the tenant domain (auth0.tenant.domain)
}

// Mapper maps Auth0 events to log records. It is immutable after New and safe for concurrent
// use (pull and webhook share one).
type Mapper struct {
	opts      Options
	filter    eventFilter
	known     map[string]*codeInfo // every catalog code, resolved once
	overrides map[string]severity  // severity_overrides, parsed
	limits    Limits               // Options.Limits with the defaults filled in
	// pageLimits bound an API page by its values only: it holds at most 100 events, and one
	// event may hold a long list (a Management API call's body) without costing more.
	pageLimits Limits
	scanners   sync.Pool
}

const outcomeFailure = string(catalog.Failure)

// serviceName is the resource's service.name: the records are Auth0's.
const serviceName = "auth0"

// codeInfo is what the mapper needs to know about an event code.
type codeInfo struct {
	code, eventName, name, category, outcome string
	sev                                      severity
	known, pass                              bool
	signals                                  signals.Candidates // the signals of the code; most have none
	entry                                    *catalog.Entry     // for the OCSF event
}

type severity struct {
	num  plog.SeverityNumber
	text string
}

// New resolves the catalog, the filter and the overrides into one table. It trusts opts: the
// configuration checked them (CheckEventTypes, CheckSeverity). An entry of event_types that is not
// in the table matches only events of that code, and an override whose text does not parse is
// ignored.
func New(opts Options) *Mapper {
	m := &Mapper{
		opts:      opts,
		filter:    newEventFilter(opts.Include, opts.Exclude),
		overrides: make(map[string]severity, len(opts.SeverityOverrides)),
	}
	for code, text := range opts.SeverityOverrides {
		if num, canon, err := parseSeverity(text); err == nil {
			m.overrides[code] = severity{num, canon}
		}
	}
	all := catalog.All()
	m.known = make(map[string]*codeInfo, len(all))
	for _, e := range all {
		ci := m.resolve(e, true)
		ci.entry, _ = catalog.Lookup(e.Code)
		m.known[e.Code] = &ci
	}
	m.limits = opts.Limits.withDefaults()
	m.pageLimits = Limits{MaxEvents: math.MaxInt, MaxMembers: math.MaxInt, MaxValues: m.limits.MaxValues}
	m.scanners.New = func() any { return new(scanner) }
	return m
}

func (m *Mapper) resolve(e catalog.Entry, known bool) codeInfo {
	ci := codeInfo{
		code:     e.Code,
		name:     e.Name,
		category: e.Category,
		outcome:  string(e.Outcome),
		known:    known,
		pass:     m.filter.passes(e.Code, e.Category),
		signals:  m.opts.Signals.For(e.Code),
	}
	if e.Code != "" {
		ci.eventName = "auth0." + e.Code
	}
	if s, ok := m.overrides[e.Code]; ok {
		ci.sev = s
	} else {
		// The catalog's texts are canonical short names; a bad one falls back to unspecified.
		ci.sev.num, ci.sev.text, _ = parseSeverity(string(e.Severity))
	}
	return ci
}

// EachKnownCode calls fn for every code of the table that passes event_types, in code order, with
// its resolved category, outcome and the severities its records can carry: the code's (after
// severity_overrides) first, then each higher one a security signal of the code raises it to.
func (m *Mapper) EachKnownCode(fn func(code, category, outcome string, severities []string)) {
	var sevs []string
	for _, e := range catalog.All() {
		ci := m.known[e.Code]
		if !ci.pass {
			continue
		}
		sevs = append(sevs[:0], ci.sev.text)
		for _, s := range ci.signals.Rows() {
			if s.SeverityNumber() > ci.sev.num && !slices.Contains(sevs, string(s.Severity)) {
				sevs = append(sevs, string(s.Severity))
			}
		}
		fn(ci.code, ci.category, ci.outcome, sevs)
	}
}

// info returns the resolved facts of a code, known or not; those of an unknown code live in sc
// until the next call.
func (m *Mapper) info(sc *scanner, code string) *codeInfo {
	if ci, ok := m.known[code]; ok {
		return ci
	}
	sc.unknownEntry = catalog.Unknown(code)
	sc.unknown = m.resolve(sc.unknownEntry, false)
	sc.unknown.entry = &sc.unknownEntry
	return &sc.unknown
}

// Params are what one MapPage or MapStream call needs besides the input.
type Params struct {
	Observed time.Time // every record's ObservedTimestamp
	// Keep is called once per event that passed the filters, in input order, with its log_id ("" when
	// it has none); returning false drops the event as a duplicate (de-duplication lives in the
	// caller). It is never called for an input that fails. nil keeps every event.
	Keep func(logID string) bool
	// NotBefore, when not zero, drops the events dated before it, counted in Batch.Filtered (the
	// pull's start_at). An event with no date or a bad one is kept: it is delivered with a note.
	NotBefore time.Time
}

// MapPage maps a Management API page: a JSON array of Auth0 events in log_id order. An error means
// the body is not a JSON array (a *SyntaxError: malformed or truncated) or holds more values than
// the mapper's Limits allow (a *LimitError: the caller fetches fewer events at a time): nothing
// of it is usable and the caller retries.
func (m *Mapper) MapPage(page []byte, p Params) (Batch, error) {
	return m.mapInput(page, p, m.pageLimits, (*scanner).skimPage)
}

// MapStream maps an Auth0 Log Streams (custom webhook) body in any of its three formats: JSON lines,
// a JSON array, or a single JSON object, each item an envelope {"log_id": "...", "data": {event}}.
// The envelope's log_id is used, else data.log_id. Malformed JSON anywhere is a *SyntaxError, a
// body over the mapper's Limits a *LimitError; either way nothing is delivered.
func (m *Mapper) MapStream(body []byte, p Params) (Batch, error) {
	return m.mapInput(body, p, m.limits, (*scanner).skimStream)
}

func (m *Mapper) mapInput(input []byte, p Params, lim Limits, skim func(*scanner, []item) ([]item, bool)) (Batch, error) {
	sc := m.scanners.Get().(*scanner)
	// One copy of the input: every unescaped string of every record is a substring of it, and the
	// caller may reuse its buffer.
	sc.reset(string(input))
	sc.lim = lim
	items, ok := skim(sc, sc.items[:0])
	defer func() {
		clear(items) // the pooled scanner must not keep the input alive
		sc.items = items[:0]
		sc.reset("")
		m.scanners.Put(sc)
	}()
	if !ok {
		return Batch{Logs: plog.NewLogs()}, sc.err
	}
	return m.mapItems(sc, items, p)
}

// mapItems is the second pass: filter, keep, build.
func (m *Mapper) mapItems(sc *scanner, items []item, p Params) (Batch, error) {
	b := Batch{Logs: plog.NewLogs(), Events: len(items)}
	rl := b.Logs.ResourceLogs().AppendEmpty()
	sl := rl.ScopeLogs().AppendEmpty()
	sl.Scope().SetName(m.opts.ScopeName)
	sl.Scope().SetVersion(m.opts.ScopeVersion)
	lrs := sl.LogRecords()
	lrs.EnsureCapacity(len(items))
	obs := pcommon.NewTimestampFromTime(p.Observed)

	tenant := ""
	for i := range items {
		it := &items[i]
		b.addLogID(it.logID)
		if tenant == "" {
			tenant = it.f.tenant
		}
		ts, dateNote := eventTime(it)
		if ts.After(b.Newest) {
			b.Newest = ts
		}
		code := ""
		if it.f.typKind == '"' {
			code = it.f.typ
		}
		ci := m.info(sc, code)
		if !ci.pass || !p.NotBefore.IsZero() && !ts.IsZero() && ts.Before(p.NotBefore) {
			b.Filtered++
			continue
		}
		if p.Keep != nil && !p.Keep(it.logID) {
			b.Duplicates++
			continue
		}
		if !ci.known {
			b.Unknown++
		}
		lr := lrs.AppendEmpty()
		lr.SetObservedTimestamp(obs)
		if !ts.IsZero() {
			lr.SetTimestamp(pcommon.NewTimestampFromTime(ts))
		}
		if !m.build(sc, it, ci, dateNote, lr, obs) {
			// The first pass validated this text, so this is a bug, not bad input.
			return Batch{Logs: plog.NewLogs()}, fmt.Errorf("mapping event %d: %w", i, sc.err)
		}
	}

	res := rl.Resource().Attributes()
	// Backends that file logs by service (Loki, Grafana, Elastic, Datadog) would show them as
	// unknown_service otherwise.
	res.PutStr(string(semconv.ServiceNameKey), serviceName)
	if m.opts.Domain != "" {
		res.PutStr("auth0.tenant.domain", m.opts.Domain)
	}
	if tenant != "" {
		res.PutStr("auth0.tenant.name", tenant)
	}
	return b, nil
}

// build fills lr from the event at it: body, event name, severity, attributes, security signal;
// with a BodyWriter the event is built aside and the writer makes the body from it.
func (m *Mapper) build(sc *scanner, it *item, ci *codeInfo, dateNote string, lr plog.LogRecord, observed pcommon.Timestamp) bool {
	sc.notes = sc.notes[:0]
	sc.i, sc.nextSize, sc.nextEnd = it.start, it.size, it.strs
	event := lr.Body()
	if m.opts.BodyWriter != nil {
		event = pcommon.NewValueEmpty()
	}
	sc.newRecord(event)
	// An object the PII redactor will change has its sources found after it (relocate), so
	// they are not recorded while it is built.
	src := rootSource
	if m.opts.PII != nil && it.kind == '{' {
		src = noSource
	}
	if !sc.fill(event, 1, src) {
		return false
	}
	raw := sc.s[it.start:sc.i] // the event's own text
	isMap := event.Type() == pcommon.ValueTypeMap
	var match signals.Match
	if isMap && !ci.signals.Empty() {
		// On the built body, before PII changes it: a verdict on the event, not on what the
		// record may keep (a dropped phone number still makes a phone enrolment). Only the few
		// candidates of the code, no second parse.
		match = ci.signals.Match(event.Map())
	}
	if m.opts.PII != nil {
		if isMap {
			m.opts.PII.Apply(event.Map()) // before the attributes are read from it
			sc.relocate(event)
		}
		raw = "" // the text holds the clear values
	}
	if it.kind != '{' && it.note == "" {
		sc.note("event is not a JSON object")
	}
	if it.note != "" {
		sc.note(it.note)
	}
	if it.kind == '{' {
		if it.f.typKind != '"' && it.f.typKind != 0 {
			sc.note("type is not a string")
		}
		if dateNote != "" {
			sc.note(dateNote)
		}
	}
	if ci.eventName != "" {
		lr.SetEventName(ci.eventName)
	}
	lr.SetSeverityNumber(ci.sev.num)
	lr.SetSeverityText(ci.sev.text)
	writeAttributes(sc, lr, it, ci, match.Found())
	applySignal(match, lr)
	if m.opts.BodyWriter != nil {
		body := pcommon.NewMap()
		if isMap {
			body = event.Map()
		}
		m.opts.BodyWriter(lr.Body().SetEmptyMap(), &Event{
			Body: body, Attributes: lr.Attributes(), Entry: ci.entry, Severity: lr.SeverityNumber(),
			Time: lr.Timestamp(), Observed: observed, Raw: raw, Tenant: m.opts.Domain,
		})
	}
	return true
}

// applySignal writes a match's security_rule attributes and raises the record's severity to the
// signal's when that is higher.
func applySignal(match signals.Match, lr plog.LogRecord) {
	if !match.Found() {
		return
	}
	match.Put(lr.Attributes())
	if num, text, ok := match.Raise(lr.SeverityNumber()); ok {
		lr.SetSeverityNumber(num)
		lr.SetSeverityText(text)
	}
}
