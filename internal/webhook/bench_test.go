package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/otelcol-auth0/auth0receiver/internal/dedup"
	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// A log_id is 56 characters: "900", the UTC time YYYYMMDDhhmmss and 39 digits. The benchmark
// writes its counter into the last idDigits of them.
const (
	idLen    = 56
	idDigits = 12
)

// benchPost builds a JSON-lines body of n envelopes and returns it with the offsets of the last
// idDigits digits of every log_id in it (envelope and data), so each post can be made new.
func benchPost(tb testing.TB, n int) ([]byte, []int) {
	tb.Helper()
	id := func(i int) string {
		return fmt.Sprintf("900202611250930%02d%0*d%0*d", i%60, 39-idDigits, i, idDigits, 0)
	}
	read := func(code string) []byte {
		raw, err := os.ReadFile(filepath.Join("..", "mapping", "testdata", "events", code+".json"))
		require.NoError(tb, err)
		return raw
	}
	var body bytes.Buffer
	for i, e := range testutil.MixedEvents(tb, n, read, id) {
		require.Len(tb, id(i), idLen)
		line, err := json.Marshal(map[string]any{"log_id": id(i), "data": json.RawMessage(e)})
		require.NoError(tb, err)
		body.Write(line)
		body.WriteByte('\n')
	}
	var offsets []int
	b := body.Bytes()
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte(`"900202611250930`))
		if j < 0 {
			break
		}
		start := i + j + 1
		offsets = append(offsets, start+idLen-idDigits)
		i = start
	}
	require.Len(tb, offsets, 3*n, "envelope log_id, data.log_id and data._id of every event")
	return b, offsets
}

// stamp writes seq into the counter digits of every log_id.
func stamp(body []byte, offsets []int, seq uint64) {
	var digits [idDigits]byte
	for i := idDigits - 1; i >= 0; i-- {
		digits[i] = byte('0' + seq%10)
		seq /= 10
	}
	for _, off := range offsets {
		copy(body[off:off+idDigits], digits[:])
	}
}

// BenchmarkHandlerJSONLines posts 100-event JSON-lines bodies, each with new log_ids, through the
// handler (auth, read, map, de-duplicate) into a consumer that accepts everything.
func BenchmarkHandlerJSONLines(b *testing.B) {
	const events = 100
	body, offsets := benchPost(b, events)
	m := mapping.New(mapping.Options{Domain: "acme.us.auth0.com", ScopeName: "bench"})
	h, err := New(Settings{
		Path: testPath, Authorization: testAuth, MaxBodySize: 10 << 20,
		Map: m.MapStream, Consume: func(context.Context, *mapping.Batch) error { return nil },
		Seen: dedup.New(200_000),
	})
	require.NoError(b, err)
	reader := bytes.NewReader(body)
	req := httptest.NewRequest(http.MethodPost, testPath, reader)
	req.Header.Set("Authorization", testAuth)
	rec := &discardWriter{header: http.Header{}}

	b.SetBytes(int64(len(body)))
	var seq uint64
	testutil.Measure(b, events, func() {
		seq++
		stamp(body, offsets, seq)
		reader.Reset(body)
		req.Body, req.ContentLength = readCloser{reader}, int64(len(body))
		rec.status = 0
		h.ServeHTTP(rec, req)
		if rec.status != http.StatusOK {
			b.Fatalf("status %d", rec.status)
		}
	})
}

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

// discardWriter is a ResponseWriter that keeps only the status.
type discardWriter struct {
	header http.Header
	status int
}

func (w *discardWriter) Header() http.Header { return w.header }
func (w *discardWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return len(p), nil
}
func (w *discardWriter) WriteHeader(code int) { w.status = code }
