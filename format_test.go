package auth0receiver

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/consumer/consumertest"

	"github.com/otelcol-auth0/auth0receiver/internal/pii"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// pullAndPush starts the receiver of cfg (valid, with a webhook), waits for the pulled records of
// the fake tenant, then pushes new events by webhook and returns the sink once they are in too.
func pullAndPush(t *testing.T, cfg *Config, pulled, pushed int) *consumertest.LogsSink {
	t.Helper()
	require.NoError(t, confmap.Validate(cfg))
	r, sink := startIntoSink(t, cfg)
	waitForRecords(t, sink, pulled)
	require.Equal(t, 200, r.push(t, streamLines(newIDs(pushed, time.Now(), 9100)...)))
	waitForRecords(t, sink, pulled+pushed)
	return sink
}

// format: ocsf puts an OCSF event in the body of every record, pulled or pushed, and keeps the
// record's attributes and severity.
func TestFormatOCSF(t *testing.T) {
	f := newFakeAuth0(t)
	ids := f.add(3, "fp", time.Now().Add(-time.Minute))
	cfg := withWebhook(testConfig(f))
	cfg.BodyFormat = FormatOCSF
	sink := pullAndPush(t, cfg, 3, 1)

	var records int
	for _, l := range sink.AllLogs() {
		for _, lr := range testutil.LogRecords(l) {
			records++
			body := lr.Body().Map()
			class, _ := body.Get("class_uid")
			assert.Equal(t, int64(3002), class.Int(), "a failed login is an OCSF Authentication")
			raw, _ := body.Get("raw_data")
			assert.Contains(t, raw.Str(), `"type":"fp"`, "the Auth0 event is kept as received")
			code, _ := lr.Attributes().Get("auth0.event.type")
			assert.Equal(t, "fp", code.Str(), "the attributes are as in the otel format")
			assert.Equal(t, "WARN", lr.SeverityText())
		}
	}
	assert.Equal(t, 4, records)
	assert.Equal(t, ids, uids(sink)[:3])
}

func TestUnknownFormatIsAConfigError(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	cfg.Domain, cfg.APIToken, cfg.BodyFormat = "acme.us.auth0.com", "t", "json"
	assert.ErrorContains(t, confmap.Validate(cfg), `format: "json" is neither "otel" nor "ocsf"`)
}

// With pii configured, the clear values of the configured fields leave the receiver nowhere:
// neither in pulled records nor in pushed ones, neither in bodies nor in attributes.
func TestPIIIsRedactedOnBothPaths(t *testing.T) {
	f := newFakeAuth0(t)
	f.add(5, "fp", time.Now().Add(-time.Minute)) // user_name dev@test.com
	cfg := withWebhook(testConfig(f))
	cfg.PII = pii.Config{Fields: []pii.Field{pii.Email, pii.Username}, Method: pii.Hash, HashKey: "a-key-of-sixteen-bytes-or-more"}
	sink := pullAndPush(t, cfg, 5, 2)
	for _, l := range sink.AllLogs() {
		for _, lr := range testutil.LogRecords(l) {
			all := fmt.Sprint(lr.Body().AsRaw(), lr.Attributes().AsRaw())
			assert.NotContains(t, all, "dev@test.com")
			name, _ := lr.Attributes().Get("user.name")
			assert.True(t, strings.HasPrefix(name.Str(), pii.HashPrefix), "user.name is the hash: %q", name.Str())
		}
	}
}

func TestPIIErrorsNameTheKey(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	cfg.Domain, cfg.APIToken = "acme.us.auth0.com", "t"
	cfg.PII = pii.Config{Fields: []pii.Field{"emial"}, Method: pii.Hash}
	err := confmap.Validate(cfg)
	assert.ErrorContains(t, err, "pii.fields[0]")
	assert.ErrorContains(t, err, "pii.hash_key")
}
