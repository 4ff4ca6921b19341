package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"
)

// postStream sends events to a receiver's webhook as Auth0 Log Streams does (JSON lines of
// {"log_id", "data"} envelopes).
func postStream(tb testing.TB, port int, events []map[string]any) {
	tb.Helper()
	var body bytes.Buffer
	for _, e := range events {
		line, err := json.Marshal(map[string]any{"log_id": e["log_id"], "data": e})
		if err != nil {
			tb.Fatal(err)
		}
		body.Write(line)
		body.WriteByte('\n')
	}
	req, err := http.NewRequest(http.MethodPost, fmt.Sprintf("http://127.0.0.1:%d/auth0/logs", port), &body)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", streamSecret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("the webhook answered %d to %d events", resp.StatusCode, len(events))
	}
}

// waitListening waits until something accepts connections on 127.0.0.1:port (a webhook that
// the collector starts in the background).
func waitListening(tb testing.TB, port int) {
	tb.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	waitFor(tb, 30*time.Second, func() bool {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			return false
		}
		conn.Close()
		return true
	}, func() string { return "nothing listens on " + addr })
}
