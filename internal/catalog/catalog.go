// Package catalog is the table of Auth0 log event codes: for each code its name, its Auth0
// log-stream category, its outcome and the default severity a user alerts on. It is plain data:
// the mapping reads it, config validation checks codes and categories against it, and the README
// table is generated from it.
package catalog

import (
	"slices"
	"strings"
)

// Outcome classifies what an event says happened.
type Outcome string

const (
	Success Outcome = "success"
	Failure Outcome = "failure"
	Warning Outcome = "warning"
	Info    Outcome = "info"
)

// Severity is the default severity text of an event (OpenTelemetry short names).
type Severity string

const (
	SeverityInfo  Severity = "INFO"
	SeverityWarn  Severity = "WARN"
	SeverityError Severity = "ERROR"
)

// Entry describes one Auth0 event code.
type Entry struct {
	Code     string   // Auth0 type code, e.g. "fp"
	Name     string   // Auth0's event name, e.g. "Failed Login (Incorrect Password)"
	Category string   // Auth0 log-stream category, e.g. "auth-login-fail"
	Outcome  Outcome  // success, failure, warning or info
	Severity Severity // default severity
	Legacy   bool     // no longer in Auth0's current table, kept for older tenants and exports
}

// byCode indexes entries by code.
var byCode = func() map[string]*Entry {
	m := make(map[string]*Entry, len(entries))
	for i := range entries {
		m[entries[i].Code] = &entries[i]
	}
	return m
}()

// categories is the sorted set of distinct categories, computed once: config validation asks
// for it per configured filter and the mapping must not scan the table per event.
var categories = func() []string {
	out := make([]string, 0, 32)
	for i := range entries {
		out = append(out, entries[i].Category)
	}
	slices.Sort(out)
	return slices.Compact(out)
}()

// Lookup returns the entry of a code and whether the code is known. The entry is shared: callers
// must not modify it.
func Lookup(code string) (*Entry, bool) {
	e, ok := byCode[code]
	return e, ok
}

// Unknown describes a code that is not in the table: INFO, or WARN when the code looks like a
// failure (Auth0 failure codes start with "f"). Name and Category stay empty: nothing is known
// about the code beyond its spelling.
func Unknown(code string) Entry {
	e := Entry{Code: code, Outcome: Info, Severity: SeverityInfo}
	if strings.HasPrefix(code, "f") {
		e.Outcome, e.Severity = Failure, SeverityWarn
	}
	return e
}

// All returns every entry, sorted by code.
func All() []Entry { return slices.Clone(entries) }

// IsCategory reports whether name is a category of at least one entry.
func IsCategory(name string) bool {
	_, found := slices.BinarySearch(categories, name)
	return found
}

// Categories returns the distinct categories, sorted.
func Categories() []string { return slices.Clone(categories) }
