package e2e

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
)

// logsBackend accepts OTLP/HTTP logs, and keeps them when asked: the alert test reads only
// metrics, but the receiver counts an event only once the logs pipeline accepted it.
type logsBackend struct {
	URL      string
	requests atomic.Int64

	keep bool
	mu   sync.Mutex
	logs []plog.Logs
}

func startLogsBackend(tb testing.TB) *logsBackend { return newLogsBackend(tb, false) }

func newLogsBackend(tb testing.TB, keep bool) *logsBackend {
	tb.Helper()
	b := &logsBackend{keep: keep}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.requests.Add(1)
		if b.keep {
			if err := b.store(r); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
		}
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.WriteHeader(http.StatusOK)
	}))
	tb.Cleanup(srv.Close)
	b.URL = srv.URL
	return b
}

func (b *logsBackend) store(r *http.Request) error {
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		gz, err := gzip.NewReader(r.Body)
		if err != nil {
			return err
		}
		body = gz
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	req := plogotlp.NewExportRequest()
	if err := req.UnmarshalProto(raw); err != nil {
		return err
	}
	b.mu.Lock()
	b.logs = append(b.logs, req.Logs())
	b.mu.Unlock()
	return nil
}

// records returns every record kept so far.
func (b *logsBackend) records() []plog.LogRecord {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []plog.LogRecord
	for _, ld := range b.logs {
		for _, rl := range ld.ResourceLogs().All() {
			for _, sl := range rl.ScopeLogs().All() {
				for _, lr := range sl.LogRecords().All() {
					out = append(out, lr)
				}
			}
		}
	}
	return out
}
