package mapping

import (
	"strconv"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// The record's trace and span ids come from references.trace_id / span_id when they are valid
// W3C ids (hex, not all zeros); anything else is noted.
var (
	asTraceID = &conversion{typ: "trace id", doc: "when it is a valid W3C trace id", target: "the record's trace id", put: (*attrWriter).traceID}
	asSpanID  = &conversion{typ: "span id", doc: "when it is a valid W3C span id", target: "the record's span id", put: (*attrWriter).spanID}
)

func (w *attrWriter) traceID(_ string, v pcommon.Value, field string) bool {
	s, ok := w.text(v, field)
	if !ok {
		return false
	}
	var id pcommon.TraceID
	if !decodeHexID(id[:], s) {
		w.sc.note(field + ": not a W3C trace id: " + strconv.Quote(s))
		return false
	}
	w.lr.SetTraceID(id)
	return true
}

func (w *attrWriter) spanID(_ string, v pcommon.Value, field string) bool {
	s, ok := w.text(v, field)
	if !ok {
		return false
	}
	var id pcommon.SpanID
	if !decodeHexID(id[:], s) {
		w.sc.note(field + ": not a W3C span id: " + strconv.Quote(s))
		return false
	}
	w.lr.SetSpanID(id)
	return true
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
