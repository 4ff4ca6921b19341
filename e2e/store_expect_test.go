package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-auth0/auth0receiver/internal/auth0sim"
	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// storedRecord is what a log store should hold for one simulator event: every field of the row
// VictoriaLogs makes of its LogRecord (attributes, resource attributes, the body flattened,
// severity, event name, trace id), as VictoriaLogs writes values: as strings.
type storedRecord struct {
	uid    string
	fields map[string]string
	// attributes and body fields, by name, for the attribute and body-search checks
	attrs, body map[string]string
}

// storedRecords maps events [from, to) of sim with the receiver's own mapping, then derives the
// row VictoriaLogs must store for each, with the message field set as examples/victorialogs.yaml
// sets it (the first non-empty of msgFields becomes _msg).
func storedRecords(tb testing.TB, sim *auth0sim.Simulator, from, to int, msgFields []string) []storedRecord {
	tb.Helper()
	m := receiverMapper(tb)
	var page bytes.Buffer
	page.WriteByte('[')
	for i := from; i < to; i++ {
		if i > from {
			page.WriteByte(',')
		}
		page.Write(sim.Event(i))
	}
	page.WriteByte(']')
	batch, err := m.MapPage(page.Bytes(), mapping.Params{Observed: time.Now()})
	if err != nil {
		tb.Fatal(err)
	}
	resource := map[string]string{}
	for k, v := range batch.Logs.ResourceLogs().At(0).Resource().Attributes().All() {
		resource[k] = v.AsString()
	}

	var out []storedRecord
	for _, lr := range testutil.LogRecords(batch.Logs) {
		r := storedRecord{fields: map[string]string{}, attrs: map[string]string{}, body: map[string]string{}}
		flatten(lr.Body(), "", r.body)
		for k, v := range lr.Attributes().All() {
			flatten(v, k, r.attrs)
		}
		r.uid = r.attrs["log.record.uid"]
		// Body first, then attributes: VictoriaLogs decodes the LogRecord in field order.
		maps.Copy(r.fields, r.body)
		maps.Copy(r.fields, r.attrs)
		maps.Copy(r.fields, resource)
		r.fields["severity_text"] = lr.SeverityText()
		r.fields["severity_number"] = strconv.Itoa(int(lr.SeverityNumber()))
		r.fields["event_name"] = lr.EventName()
		if !lr.TraceID().IsEmpty() {
			r.fields["trace_id"] = lr.TraceID().String()
		}
		for _, f := range msgFields {
			if v := r.fields[f]; v != "" {
				r.fields["_msg"] = v
				delete(r.fields, f)
				break
			}
		}
		out = append(out, r)
	}
	if len(out) != to-from {
		tb.Fatalf("the mapping made %d records of %d events", len(out), to-from)
	}
	return out
}

// flatten writes v into out the way VictoriaLogs' OTLP intake does: maps as dotted names,
// arrays as JSON, scalars as text, nulls and empty strings left out.
func flatten(v pcommon.Value, name string, out map[string]string) {
	switch v.Type() {
	case pcommon.ValueTypeMap:
		for k, sub := range v.Map().All() {
			if name != "" {
				k = name + "." + k
			}
			flatten(sub, k, out)
		}
	case pcommon.ValueTypeSlice:
		b, _ := json.Marshal(v.Slice().AsRaw())
		out[name] = string(b)
	case pcommon.ValueTypeDouble:
		out[name] = strconv.FormatFloat(v.Double(), 'f', -1, 64)
	case pcommon.ValueTypeBytes:
		out[name] = base64.StdEncoding.EncodeToString(v.Bytes().AsRaw())
	case pcommon.ValueTypeEmpty:
	default:
		if s := v.AsString(); s != "" {
			out[name] = s
		}
	}
}

// sameValue compares a stored value with the expected one; JSON arrays are compared as data,
// since number formatting inside them may differ.
func sameValue(got, want string) bool {
	if got == want {
		return true
	}
	if !strings.HasPrefix(want, "[") {
		return false
	}
	var g, w any
	return json.Unmarshal([]byte(got), &g) == nil && json.Unmarshal([]byte(want), &w) == nil && reflect.DeepEqual(g, w)
}

// compareRows checks every stored row against its expected record: each field with its value,
// no field missing, none extra, and _time equal to the event's date.
func compareRows(rows map[string]map[string]string, want []storedRecord, times map[string]time.Time) []string {
	var problems []string
	report := func(format string, args ...any) {
		if len(problems) < 20 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	for _, w := range want {
		got, ok := rows[w.uid]
		if !ok {
			report("%s: not in the store", w.uid)
			continue
		}
		for k, v := range w.fields {
			if !sameValue(got[k], v) {
				report("%s: field %q = %q, want %q", w.uid, k, got[k], v)
			}
		}
		for k := range got {
			if _, ok := w.fields[k]; !ok && !strings.HasPrefix(k, "_") && k != "scope.name" && k != "scope.version" {
				report("%s: unexpected field %q = %q", w.uid, k, got[k])
			}
		}
		ts, err := time.Parse(time.RFC3339Nano, got["_time"])
		if err != nil || !ts.Equal(times[w.uid]) {
			report("%s: _time %q, want the event's date %s", w.uid, got["_time"], times[w.uid].Format(time.RFC3339Nano))
		}
	}
	return problems
}

// readmeAttributes returns the attribute names of the README's attribute table ("What arrives in
// your pipeline"), so the store test covers what the README promises.
func readmeAttributes(tb testing.TB) []string {
	tb.Helper()
	b := testutil.ReadFile(tb, "../README.md")
	_, table, ok := strings.Cut(string(b), "<!-- BEGIN ATTRIBUTES")
	if !ok {
		tb.Fatal("README.md has no attribute table")
	}
	table, _, _ = strings.Cut(table, "<!-- END ATTRIBUTES")
	var names []string
	name := regexp.MustCompile("`([a-z0-9_.]+)`")
	for line := range strings.SplitSeq(table, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 {
			continue
		}
		for _, m := range name.FindAllStringSubmatch(cells[1], -1) {
			names = append(names, m[1])
		}
	}
	if len(names) < 30 {
		tb.Fatalf("found %d attributes in README.md's table, want at least 30", len(names))
	}
	return names
}

// eventTimes returns the date of each expected event by log.record.uid.
func eventTimes(want []expected) map[string]time.Time {
	out := make(map[string]time.Time, len(want))
	for _, w := range want {
		out[w.uid] = w.ts.AsTime()
	}
	return out
}

// severityCounts counts the expected events per severity text.
func severityCounts(want []expected) map[string]int {
	out := map[string]int{}
	for _, w := range want {
		out[w.sevText]++
	}
	return out
}
