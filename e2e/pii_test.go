package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-auth0/auth0receiver/internal/auth0sim"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

const piiConfig = `
receivers:
  auth0:
    domain: sim.us.auth0.com
    endpoint: %s
    client_id: sim-client
    client_secret: sim-secret
    start_at: beginning
    poll_interval: 200ms
    webhook:
      endpoint: 127.0.0.1:%d
      authorization: %q
    pii:
      fields: [email, username, first_name, last_name, phone, address]
      method: hash
      hash_key: e2e-pii-key-0123456789abcdef
` + toLogsBackend + `      receivers: [auth0]
      exporters: [otlp_http]
`

// piiEvent is a Log Streams event with personal data in the places Auth0 puts it.
func piiEvent() map[string]any {
	return map[string]any{
		"log_id": "90020260101000000000000000000000000000000000000000000001", "type": "ss",
		"date": time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), "user_id": "auth0|stream-user",
		"user_name": "stream.user@example.org", "connection": "Username-Password-Authentication",
		"details": map[string]any{
			"body": map[string]any{
				"email": "stream.body@example.org", "name": "Streamy McStreamface", "given_name": "Streamy",
				"family_name": "McStreamface", "phone_number": "+15550009999", "nickname": "streamynick",
				"user_metadata": map[string]any{"address": map[string]any{"street": "7 Hidden Road", "city": "Nowhereville"}},
			},
			"prompts": []any{map[string]any{"name": "login", "user_name": "stream.prompt@example.org"}},
		},
	}
}

var piiEventValues = []string{
	"stream.user@example.org", "stream.body@example.org", "Streamy McStreamface", "Streamy",
	"McStreamface", "+15550009999", "streamynick", "7 Hidden Road", "Nowhereville", "stream.prompt@example.org",
}

// TestPIIRedacted runs the distribution with every PII field hashed, pulls a simulator's
// backlog and takes one event by webhook, and looks for every personal value of those events in
// every record the backend got: in the body, in the attributes, anywhere.
func TestPIIRedacted(t *testing.T) {
	bin := distroBinary(t)
	const backlog = 300
	sim, srv := startSimulator(t, auth0sim.Options{Backlog: backlog, Seed: 13})
	logs := newLogsBackend(t, true)
	hook := freePort(t)
	path := testutil.WriteTemp(t, "pii.yaml", fmt.Appendf(nil, piiConfig, srv.URL, hook, streamSecret, logs.URL))
	if _, err := runDistro(bin, nil, "validate", "--config", path); err != nil {
		skipWhilePIIPending(t, err)
		t.Fatal(err)
	}
	c := startCollector(t, bin, path)
	waitListening(t, hook)
	postStream(t, hook, []map[string]any{piiEvent()})
	waitFor(t, 60*time.Second, func() bool { return len(logs.records()) > backlog },
		func() string { return fmt.Sprintf("%d of %d records arrived", len(logs.records()), backlog+1) })
	c.stop(t)

	plain := append([]string(nil), piiEventValues...)
	for i := range backlog {
		plain = append(plain, personalValues(t, sim.Event(i))...)
	}
	hashed := 0
	for _, lr := range logs.records() {
		var b strings.Builder
		b.WriteString(lr.Body().AsString())
		for k, v := range lr.Attributes().All() {
			b.WriteString("\n" + k + "=" + v.AsString())
		}
		text := b.String()
		for _, v := range plain {
			if strings.Contains(text, v) {
				uid, _ := lr.Attributes().Get("log.record.uid")
				t.Fatalf("record %s still holds %q:\n%s", uid.AsString(), v, text)
			}
		}
		if strings.Contains(text, "hmac-sha256:") {
			hashed++
		}
	}
	if hashed == 0 {
		t.Fatal("no record holds a hashed value: nothing was redacted, or the PII never arrived")
	}
	t.Logf("%d records, %d with hashed values; none holds any of %d personal values", len(logs.records()), hashed, len(plain))
}

// personalValues returns, independently of the receiver, the emails, usernames and people's
// names of a simulator event: the values under user_name and email anywhere, and a user
// object's name.
func personalValues(tb testing.TB, event []byte) []string {
	tb.Helper()
	var raw map[string]any
	if err := json.Unmarshal(event, &raw); err != nil {
		tb.Fatal(err)
	}
	m := pcommon.NewMap()
	if err := m.FromRaw(raw); err != nil {
		tb.Fatal(err)
	}
	var out []string
	var walk func(m pcommon.Map, user bool)
	walk = func(m pcommon.Map, user bool) {
		for k, v := range m.All() {
			switch {
			case v.Type() == pcommon.ValueTypeMap:
				walk(v.Map(), k == "user")
			case v.Type() == pcommon.ValueTypeSlice:
				for _, e := range v.Slice().All() {
					if e.Type() == pcommon.ValueTypeMap {
						walk(e.Map(), false)
					}
				}
			case v.Type() == pcommon.ValueTypeStr && len(v.Str()) >= 5 &&
				(k == "user_name" || k == "email" || (user && k == "name")):
				out = append(out, v.Str())
			}
		}
	}
	walk(m, false)
	return out
}
