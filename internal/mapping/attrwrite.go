package mapping

import (
	"slices"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/xpdata"
)

// attrWriter writes the attributes of one record from the source values found while its body
// was built, and notes the fields it cannot read.
type attrWriter struct {
	sc    *scanner
	m     pcommon.Map
	lr    plog.LogRecord
	it    *item
	ci    *codeInfo
	noted []int32 // sources already noted as not an object
	b     xpdata.MapBuilder
}

// writeAttributes writes the record's attributes, row by row of the attribute table; signal
// reports that a security signal's attributes are added after them.
func writeAttributes(sc *scanner, lr plog.LogRecord, it *item, ci *codeInfo, signal bool) {
	w := &sc.attrs
	w.sc, w.m, w.lr, w.it, w.ci, w.noted = sc, lr.Attributes(), lr, it, ci, w.noted[:0]
	failed := ci.outcome == outcomeFailure
	// Each plain row writes at most one attribute from the sources found; the others are the
	// rows written in code. A hint: a record that needs more grows the slice.
	room := codeRows + sc.leaves
	if !failed {
		room -= failureCodeRows
	}
	if signal {
		room += signalAttributes
	}
	w.b.EnsureCapacity(room)
	for i := range attributes {
		a := &attributes[i]
		if a.when == failures && !failed {
			continue
		}
		if a.write != nil {
			a.write(w, a)
			continue
		}
		for _, s := range a.srcs {
			if v := w.value(s); v.Type() != pcommon.ValueTypeEmpty && a.as.put(w, a.key, v, sources[s].path) {
				break
			}
		}
	}
	w.b.UnsafeIntoMap(w.m) // the table's keys are distinct
	// The pooled scanner must not keep the record alive.
	w.m, w.lr, w.it, w.ci = pcommon.Map{}, plog.LogRecord{}, nil, nil
}

// signalAttributes is the most attributes a security signal adds (security_rule.* and
// auth0.security_rule.*).
const signalAttributes = 7

// codeRows is the number of rows of the attribute table written in code, whether or not the event
// has their sources; failureCodeRows the number of those that only failures carry.
var codeRows, failureCodeRows = func() (all, failed int) {
	for i := range attributes {
		if attributes[i].write != nil {
			all++
			if attributes[i].when == failures {
				failed++
			}
		}
	}
	return all, failed
}()

// value returns source s of the record: absent when it is missing or null, or when an object on
// its path is not an object (noted once, unless Auth0 sends that member as a string too).
func (w *attrWriter) value(s int32) pcommon.Value {
	v := w.sc.source(s)
	if v.Type() != pcommon.ValueTypeEmpty || !w.sc.notObject {
		return v // found, or no object on any path is something else
	}
	for p := sources[s].parent; p >= 0; p = sources[p].parent {
		switch pv := w.sc.source(p); pv.Type() {
		case pcommon.ValueTypeMap:
			return v
		case pcommon.ValueTypeEmpty:
			continue
		default:
			if !sources[p].scalarOK && !slices.Contains(w.noted, p) {
				w.noted = append(w.noted, p)
				w.wrongType(sources[p].path, pv, "an object")
			}
			return v
		}
	}
	return v
}

// attr appends attribute key, without pcommon.Map's search for an existing one: the table's keys
// are distinct and each row writes at most one.
func (w *attrWriter) attr(key string) pcommon.Value { return w.b.AppendEmpty(key) }

func (w *attrWriter) put(key, s string) {
	if s != "" {
		w.attr(key).SetStr(s)
	}
}

func (w *attrWriter) wrongType(field string, v pcommon.Value, want string) {
	w.sc.note(field + ": want " + want + ", got " + v.Type().String())
}
