package auth0sim

import (
	"fmt"
	"net"
	"net/http"
	"sort"
	"strings"
)

// resetConn drops the connection without an answer, with a TCP RST where possible, so the client
// sees "connection reset by peer" (or an EOF) instead of a status.
func resetConn(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil { // HTTP/2 or a test recorder: the best that remains is a 500-free abort
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// truncate declares the full Content-Length, sends half of the body and closes the connection,
// so the client's read fails with an unexpected EOF.
func truncate(w http.ResponseWriter, body []byte) {
	h := w.Header()
	conn, bw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	fmt.Fprintf(bw, "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: %d\r\n", len(body))
	keys := make([]string, 0, len(h))
	for k := range h {
		if k != "Content-Type" && k != "Content-Length" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(bw, "%s: %s\r\n", k, strings.Join(h[k], ", "))
	}
	// bufio's errors stick until Flush, and a write that fails only cuts the answer shorter.
	_, _ = bw.WriteString("Connection: close\r\n\r\n")
	_, _ = bw.Write(body[:len(body)/2])
	_ = bw.Flush()
}
