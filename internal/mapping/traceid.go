package mapping

import (
	"strconv"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// trace sets the record's trace and span ids from references.trace_id / span_id when they are
// valid W3C ids (hex, not all zeros).
func (w *attrWriter) trace(lr plog.LogRecord, refs pcommon.Value) {
	if s, ok := w.text(member(refs, "trace_id"), "references.trace_id"); ok {
		var id pcommon.TraceID
		if decodeHexID(id[:], s) {
			lr.SetTraceID(id)
		} else {
			w.sc.note("references.trace_id: not a W3C trace id: " + strconv.Quote(s))
		}
	}
	if s, ok := w.text(member(refs, "span_id"), "references.span_id"); ok {
		var id pcommon.SpanID
		if decodeHexID(id[:], s) {
			lr.SetSpanID(id)
		} else {
			w.sc.note("references.span_id: not a W3C span id: " + strconv.Quote(s))
		}
	}
}

// decodeHexID decodes exactly 2*len(dst) hex digits and rejects the all-zero (invalid) id.
func decodeHexID(dst []byte, s string) bool {
	if len(s) != 2*len(dst) {
		return false
	}
	nonZero := false
	for i := range dst {
		hi, ok1 := hexDigit(s[2*i])
		lo, ok2 := hexDigit(s[2*i+1])
		if !ok1 || !ok2 {
			return false
		}
		dst[i] = hi<<4 | lo
		nonZero = nonZero || dst[i] != 0
	}
	return nonZero
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
