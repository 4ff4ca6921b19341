package e2e

import (
	"strings"
	"testing"
)

// auth0MetricsPending is true while the auth0 receiver does not support the metrics signal yet
// (issue 12). Meanwhile a configuration with auth0 in a metrics pipeline cannot be validated,
// and the alert end-to-end test skips. Set it to false once the receiver emits metrics: both
// then fail instead.
const auth0MetricsPending = true

// skipWhileMetricsPending skips tb when the receiver's missing metrics support explains err.
func skipWhileMetricsPending(tb testing.TB, err error) {
	tb.Helper()
	if auth0MetricsPending && err != nil && strings.Contains(err.Error(), `create "auth0`) &&
		strings.Contains(err.Error(), `receiver for data type "metrics": telemetry type is not supported`) {
		tb.Skipf("the auth0 receiver has no metrics support yet (issue 12; e2e/metrics_pending_test.go): %v", err)
	}
}
