// Package signals is the table of security signals: events that one look can judge (a protection
// switched off, MFA set to never, Management API scopes granted, a breached password, a block)
// and the single events that threshold detections count (push notifications, signups). Each
// signal is data: a stable name, a category, a severity, a reference and the condition that
// matches it (the event code and, for Management API operations, the method, the path and a
// predicate on the request or response body).
//
// The matcher works on what the mapping has already built: the event code and the event body as
// a pcommon.Map. It indexes the table by code once, so an event costs one map lookup, and only
// the few candidates of its code read the body; the JSON is never parsed again.
package signals

import (
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
)

// RulesetName is the value of security_rule.ruleset.name on every matched record.
const RulesetName = "auth0receiver"

// Category groups signals by what they tell a security team (security_rule.category).
type Category string

const (
	// ProtectionWeakened: a protection was switched off or set to stop blocking.
	ProtectionWeakened Category = "protection-weakened"
	// ConfigChange: a security setting changed without weakening it.
	ConfigChange Category = "config-change"
	// PrivilegeChange: who can administer the tenant or call the Management API changed.
	PrivilegeChange Category = "privilege-change"
	// CodeChange: code that runs in the tenant's login flows changed.
	CodeChange Category = "code-change"
	// CredentialAttack: stolen or guessed credentials, or the second factor, under attack.
	CredentialAttack Category = "credential-attack"
	// AbuseLimit: Auth0 blocked or rate-limited someone.
	AbuseLimit Category = "abuse-limit"
	// TokenAbuse: a token was used in a way that means it leaked.
	TokenAbuse Category = "token-abuse"
	// Fraud: volume that fake accounts or clients produce (counted signals).
	Fraud Category = "fraud"
)

// Categories lists every category in the order the README describes them.
var Categories = []Category{
	ProtectionWeakened, ConfigChange, PrivilegeChange, CodeChange,
	CredentialAttack, AbuseLimit, TokenAbuse, Fraud,
}

// Signal is one row of the table.
type Signal struct {
	Name        string           // stable, "auth0." + snake case: security_rule.name
	Category    Category         // security_rule.category
	Description string           // one line, what it catches: security_rule.description
	Reference   string           // the Auth0 docs page of the feature: security_rule.reference
	Severity    catalog.Severity // the record's severity is raised to it when the code's is lower
	// Counted marks a single event that a threshold detection counts (a push notification, a
	// signup): the record says so, and a backend alerts on its rate, not on one record.
	Counted bool
	When    Condition
}

// Condition says which events a signal matches. Every field that is set must hold.
type Condition struct {
	Codes []string // event codes (type); at least one
	// Method is details.request.method in any case ("patch"); "" matches any write (Auth0 logs
	// only POST, PUT, PATCH and DELETE as sapi).
	Method string
	// Paths are patterns of details.request.path; one must match. A {name} segment matches any one
	// segment; the query string and a trailing slash are ignored, and "/v2/..." (as the
	// Dashboard's own calls are sometimes logged) matches a pattern "/api/v2/...".
	Paths []string
	// Description is the event's description, exactly; only for operations whose path is not
	// part of the public Management API.
	Description string
	// Body is the predicate on the request or response body; nil matches any body.
	Body *Predicate
}

// Predicate is a named check of an event's body. Doc says in words what it checks, for the README.
type Predicate struct {
	Doc   string
	Match func(Event) bool
}

// severityNumbers are the numbers of the severity texts signals use.
var severityNumbers = map[catalog.Severity]plog.SeverityNumber{
	catalog.SeverityInfo:  plog.SeverityNumberInfo,
	catalog.SeverityWarn:  plog.SeverityNumberWarn,
	catalog.SeverityError: plog.SeverityNumberError,
}

// SeverityNumber is the OpenTelemetry number of the signal's severity.
func (s *Signal) SeverityNumber() plog.SeverityNumber { return severityNumbers[s.Severity] }

// All returns a copy of the table, in table order.
func All() []Signal {
	out := make([]Signal, len(table))
	copy(out, table)
	return out
}

// Lookup returns the signal of a name. The signal is shared: callers must not modify it.
func Lookup(name string) (*Signal, bool) {
	i, ok := byName[name]
	if !ok {
		return nil, false
	}
	return &table[i], true
}

var byName = func() map[string]int {
	m := make(map[string]int, len(table))
	for i := range table {
		m[table[i].Name] = i
	}
	return m
}()
