package e2e

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
	"google.golang.org/grpc"
	_ "google.golang.org/grpc/encoding/gzip" // the otlp_grpc exporter compresses with gzip by default
)

// received is what the backend kept of one log record.
type received struct {
	ts        pcommon.Timestamp
	sevNum    plog.SeverityNumber
	sevText   string
	eventName string
	domain    string
}

// verdict is what a hook decides for one export request.
type verdict struct {
	store bool  // keep the records, as a backend that committed them
	err   error // answer with this error (a gRPC status) instead of OK
}

// sink is an OTLP gRPC logs backend in the test process. It records every log record by its
// log.record.uid and how often it arrived, or in countOnly mode just counts records and times.
type sink struct {
	plogotlp.UnimplementedGRPCServer
	addr      string
	countOnly bool

	mu       sync.Mutex
	hook     func(stored int, logs plog.Logs) verdict
	byUID    map[string]received
	times    map[string]int
	requests []map[string]struct{} // uids of each stored request, in arrival order
	stored   int                   // records stored, repeats included
	refused  int                   // requests answered with an error
	first    time.Time             // arrival of the first stored request
	last     time.Time             // arrival of the last stored request
	firstN   int                   // records in the first stored request
}

func startSink(tb testing.TB, countOnly bool) *sink {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &sink{addr: ln.Addr().String(), countOnly: countOnly, byUID: map[string]received{}, times: map[string]int{}}
	srv := grpc.NewServer()
	plogotlp.RegisterGRPCServer(srv, s)
	go func() { _ = srv.Serve(ln) }()
	tb.Cleanup(srv.Stop)
	return s
}

// setHook installs h, called (outside the lock) before each request is stored; nil removes it.
func (s *sink) setHook(h func(stored int, logs plog.Logs) verdict) {
	s.mu.Lock()
	s.hook = h
	s.mu.Unlock()
}

func (s *sink) Export(_ context.Context, req plogotlp.ExportRequest) (plogotlp.ExportResponse, error) {
	logs := req.Logs()
	s.mu.Lock()
	hook, stored := s.hook, s.stored
	s.mu.Unlock()
	v := verdict{store: true}
	if hook != nil {
		v = hook(stored, logs)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if v.store {
		s.record(logs)
	}
	if v.err != nil {
		s.refused++
		return plogotlp.NewExportResponse(), v.err
	}
	return plogotlp.NewExportResponse(), nil
}

// record stores one request's records; the caller holds the lock.
func (s *sink) record(logs plog.Logs) {
	now := time.Now()
	n := logs.LogRecordCount()
	if s.first.IsZero() {
		s.first, s.firstN = now, n
	}
	s.last = now
	s.stored += n
	if s.countOnly {
		return
	}
	uids := make(map[string]struct{}, n)
	rls := logs.ResourceLogs()
	for i := 0; i < rls.Len(); i++ {
		domain, _ := rls.At(i).Resource().Attributes().Get("auth0.tenant.domain")
		sls := rls.At(i).ScopeLogs()
		for j := 0; j < sls.Len(); j++ {
			lrs := sls.At(j).LogRecords()
			for k := 0; k < lrs.Len(); k++ {
				lr := lrs.At(k)
				uid, _ := lr.Attributes().Get("log.record.uid")
				id := uid.Str()
				s.times[id]++
				uids[id] = struct{}{}
				s.byUID[id] = received{
					ts: lr.Timestamp(), sevNum: lr.SeverityNumber(), sevText: lr.SeverityText(),
					eventName: lr.EventName(), domain: domain.Str(),
				}
			}
		}
	}
	s.requests = append(s.requests, uids)
}

// distinct returns how many different log.record.uids arrived.
func (s *sink) distinct() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.byUID)
}

// total returns how many records were stored, repeats included.
func (s *sink) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stored
}

// has reports whether every id in ids arrived.
func (s *sink) has(ids []string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if s.times[id] == 0 {
			return false
		}
	}
	return true
}

// hasTwice reports whether every id in ids arrived at least twice.
func (s *sink) hasTwice(ids map[string]struct{}) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id := range ids {
		if s.times[id] < 2 {
			return false
		}
	}
	return true
}

// repeats returns the uids that arrived more than once, and how often each did.
func (s *sink) repeats() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for id, n := range s.times {
		if n > 1 {
			out[id] = n
		}
	}
	return out
}

// span returns the arrival times of the first and last stored requests and the records in the first.
func (s *sink) span() (first, last time.Time, firstN int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.first, s.last, s.firstN
}
