package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"

	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// redactionConfig holds the README's `redaction` processor example (PII section) as it is: the
// test proves its keys and its effect at the distribution's release.
const redactionConfig = `
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:%d
processors:
  redaction/auth0:
    allow_all_keys: true
    blocked_key_patterns:
      - ^client\.address$
      - ^ip$
      - ^user_agent(\.original)?$
      - ^geo\.(locality\.name|location\.lat|location\.lon)$
    redact_all_types: true
    hash_function: hmac-sha256
    hmac_key: e2e-redaction-key-0123456789abcdef
    summary: silent
` + toLogsBackend + `      receivers: [otlp]
      processors: [redaction/auth0]
      exporters: [otlp_http]
`

// TestRedactionProcessorExample: the processor hashes the IP, user agent and location in the
// attributes and at every depth of the body, and leaves everything else alone.
func TestRedactionProcessorExample(t *testing.T) {
	bin := distroBinary(t)
	logs := newLogsBackend(t, true)
	port := freePort(t)
	path := testutil.WriteTemp(t, "redaction.yaml", fmt.Appendf(nil, redactionConfig, port, logs.URL))
	c := startCollector(t, bin, path)
	waitListening(t, port)

	in := plog.NewLogs()
	lr := in.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
	body := lr.Body().SetEmptyMap()
	body.PutStr("type", "fp")
	body.PutStr("ip", "203.0.113.9")
	body.PutStr("user_agent", "Firefox 125 / Linux")
	body.PutEmptyMap("details").PutEmptyMap("request").PutStr("ip", "203.0.113.10")
	lr.Attributes().PutStr("client.address", "203.0.113.9")
	lr.Attributes().PutStr("user_agent.original", "Firefox 125 / Linux")
	lr.Attributes().PutDouble("geo.location.lat", 52.37)
	lr.Attributes().PutStr("geo.locality.name", "Amsterdam")
	lr.Attributes().PutStr("auth0.event.type", "fp")
	raw, err := plogotlp.NewExportRequestFromLogs(in).MarshalProto()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(fmt.Sprintf("http://127.0.0.1:%d/v1/logs", port), "application/x-protobuf", strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the otlp receiver answered %d", resp.StatusCode)
	}
	waitFor(t, 30*time.Second, func() bool { return len(logs.records()) == 1 }, func() string { return "the record did not arrive" })
	c.stop(t)

	out := logs.records()[0]
	var b strings.Builder
	b.WriteString(out.Body().AsString())
	for k, v := range out.Attributes().All() {
		b.WriteString(" " + k + "=" + v.AsString())
	}
	text := b.String()
	for _, plain := range []string{"203.0.113.9", "203.0.113.10", "Firefox", "52.37", "Amsterdam"} {
		if strings.Contains(text, plain) {
			t.Errorf("%q survived the redaction processor: %s", plain, text)
		}
	}
	for _, kept := range []string{`"type":"fp"`, "auth0.event.type=fp"} {
		if !strings.Contains(text, kept) {
			t.Errorf("%s was lost: %s", kept, text)
		}
	}
	if strings.Contains(text, "redaction.") {
		t.Errorf("summary: silent still added audit attributes: %s", text)
	}
}
