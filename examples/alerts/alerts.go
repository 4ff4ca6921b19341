// Package alerts holds what tests need to know about the example rules auth0.rules.yml: the
// metric names they and the dashboard may use, and a copy of the rules with shorter `for`
// durations for end-to-end tests that cannot wait minutes.
package alerts

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
)

// Metrics are the Prometheus names of the series the rules and the dashboard read: the
// receiver's security metrics as the prometheus exporter names them (OTel name, dots to
// underscores, _total for a counter, no unit suffix since the units are annotations like
// {event}), and the collector's own telemetry as its Prometheus reader names it (no _total).
var Metrics = []string{
	"auth0_events_total",                    // auth0.events
	"auth0_logins_total",                    // auth0.logins
	"auth0_signups_total",                   // auth0.signups
	"auth0_security_signals_total",          // auth0.security_signals
	"auth0_management_api_operations_total", // auth0.management_api.operations
	"auth0_rate_limit_events_total",         // auth0.rate_limit.events
	"auth0_events_late_total",               // auth0.events.late
	"otelcol_auth0_receiver_api_requests",
	"otelcol_auth0_receiver_api_rate_limited",
	"otelcol_auth0_receiver_api_rate_limit_remaining",
	"otelcol_auth0_receiver_records",
	"otelcol_auth0_receiver_unknown_event_codes",
	"otelcol_auth0_receiver_checkpoint_lag",
	"otelcol_auth0_receiver_checkpoint_write_errors",
	"otelcol_auth0_receiver_retention_gaps",
	"otelcol_receiver_accepted_log_records",
	"otelcol_receiver_refused_log_records",
}

var (
	// Label lists and matchers, whose names look like metric names.
	labelLists = regexp.MustCompile(`\{[^}]*\}|\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)`)
	metricName = regexp.MustCompile(`\b(?:auth0|otelcol)_[a-zA-Z0-9_]+\b`)
)

// UnknownMetrics returns the auth0_* and otelcol_* metric names of a PromQL expression that
// are not in Metrics.
func UnknownMetrics(expr string) []string {
	var out []string
	for _, name := range metricName.FindAllString(labelLists.ReplaceAllString(expr, " "), -1) {
		if !slices.Contains(Metrics, name) && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// forLine is a rule's `for: <n>m` line.
var forLine = regexp.MustCompile(`(?m)^([ \t]+for:[ \t]*)(\d+)m[ \t]*$`)

// ShortenFor returns rules with every `for` of n minutes turned into n seconds, the expressions
// untouched: alerts keep their order of patience, 60 times faster.
func ShortenFor(rules []byte) ([]byte, error) {
	var err error
	out := forLine.ReplaceAllFunc(rules, func(line []byte) []byte {
		m := forLine.FindSubmatch(line)
		n, convErr := strconv.Atoi(string(m[2]))
		if convErr != nil {
			err = convErr
		}
		return fmt.Appendf(nil, "%s%ds", m[1], n)
	})
	if !forLine.Match(rules) {
		return nil, errors.New("no `for: <n>m` line in the rules")
	}
	return out, err
}
