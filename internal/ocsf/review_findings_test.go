package ocsf

// Findings of an adversarial review: each test states the promise the review broke, and the
// comment says how it broke on the code of the time; each failed there and passes since the fix.

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
	"github.com/otelcol-auth0/auth0receiver/internal/signals"
)

// Promise (README, Security signals: counted signals are "single events that a threshold
// detection counts: one MFA push notification, one signup ... is normal ... alert on their rate,
// not on one record"; OCSF records: "A lake can derive findings from is_alert = true"). Build
// (ocsf.go) turns on the security_control profile and is_alert for any security_rule.name, so
// with format: ocsf every signup (ss), failed signup, MFA push, phone enrolment and cross-origin
// login is an OCSF alert: a lake that follows the README raises a finding per signup.
// Reproduce: a signup (auth0.signup, counted) mapped with the default signals and format: ocsf.
func TestACountedSignalIsNotAnOCSFAlert(t *testing.T) {
	matcher, err := signals.New(signals.DefaultConfig())
	require.NoError(t, err)
	var body pcommon.Map
	m := mapping.New(mapping.Options{
		Domain: testTenant, ScopeName: "test", Signals: matcher,
		BodyWriter: func(dst pcommon.Map, ev *mapping.Event) { Build(dst, ev); body = dst },
	})
	b, err := m.MapPage([]byte("["+string(readEvent(t, "ss"))+"]"), mapping.Params{Observed: testObserved})
	require.NoError(t, err)
	require.Equal(t, 1, b.Logs.LogRecordCount())
	counted, _ := b.Logs.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0).Attributes().Get(signals.AttrCounted)
	require.True(t, counted.Bool(), "the signup carries the counted signal auth0.signup")
	alert, isAlert := body.Get("is_alert")
	assert.False(t, isAlert && alert.Bool(), "one signup is not an alert: is_alert=true on every signup")
}
