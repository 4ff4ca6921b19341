package mapping

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// The rows of the attribute table that a source and a conversion cannot express: what the first
// pass or the event code decide, the error attributes' fallbacks, and the notes.

func writeUID(w *attrWriter, a *attribute)           { w.put(a.key, w.it.logID) }
func writeEventType(w *attrWriter, a *attribute)     { w.put(a.key, w.ci.code) }
func writeEventName(w *attrWriter, a *attribute)     { w.put(a.key, w.ci.name) }
func writeEventCategory(w *attrWriter, a *attribute) { w.put(a.key, w.ci.category) }
func writeEventOutcome(w *attrWriter, a *attribute)  { w.put(a.key, w.ci.outcome) }

func writeEventKnown(w *attrWriter, a *attribute) {
	if !w.ci.known {
		w.attr(a.key).SetBool(false)
	}
}

// writeErrorType writes a low-cardinality class of the failure: details.error.type, else the code.
func writeErrorType(w *attrWriter, a *attribute) {
	typ, ok := w.text(w.value(a.srcs[0]), sources[a.srcs[0]].path)
	if !ok {
		typ = w.ci.code
	}
	w.put(a.key, typ)
}

// writeErrorMessage writes details.error.message, or details.error when it is a string, else the
// description.
func writeErrorMessage(w *attrWriter, a *attribute) {
	msg, _ := w.text(w.value(a.srcs[0]), sources[a.srcs[0]].path)
	if e := w.sc.source(a.srcs[1]); e.Type() == pcommon.ValueTypeStr {
		msg = e.Str()
	}
	if msg == "" {
		msg, _ = w.text(w.value(a.srcs[2]), sources[a.srcs[2]].path)
	}
	w.put(a.key, msg)
}

// writeMappingError is the last row: every problem noted while the record was built.
func writeMappingError(w *attrWriter, a *attribute) {
	if len(w.sc.notes) > 0 {
		w.attr(a.key).SetStr(strings.Join(w.sc.notes, "; "))
	}
}
