package e2e

import (
	"strings"
	"testing"
)

// Features of issue 12 that the receiver does not have yet. While one is pending, the tests that
// need it skip when the distribution refuses its configuration; set the constant to false once
// the feature lands, and those tests fail instead.
const (
	// auth0MetricsPending: the auth0 receiver in a metrics pipeline (TestSecurityAlerts, and
	// TestExamplesValidate on examples/security-metrics.yaml).
	auth0MetricsPending = false
	// auth0PIIPending: the receiver's `pii` section (TestPIIRedacted).
	auth0PIIPending = false
)

// skipWhileMetricsPending skips tb when the receiver's missing metrics support explains err.
func skipWhileMetricsPending(tb testing.TB, err error) {
	tb.Helper()
	if auth0MetricsPending && err != nil && (strings.Contains(err.Error(), "invalid keys: event_metrics") ||
		strings.Contains(err.Error(), `create "auth0`) &&
			strings.Contains(err.Error(), `receiver for data type "metrics": telemetry type is not supported`)) {
		tb.Skipf("the auth0 receiver has no metrics support yet (issue 12; e2e/pending_test.go): %v", err)
	}
}

// skipWhilePIIPending skips tb when the receiver's missing `pii` section explains err.
func skipWhilePIIPending(tb testing.TB, err error) {
	tb.Helper()
	if auth0PIIPending && err != nil && strings.Contains(err.Error(), "invalid keys: pii") {
		tb.Skipf("the auth0 receiver has no pii section yet (issue 12; e2e/pending_test.go): %v", err)
	}
}
