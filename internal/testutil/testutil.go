// Package testutil holds what several packages' tests need: walking the records of a plog.Logs,
// and the benchmarks' event mix, pages and per-event measurement.
package testutil

import "go.opentelemetry.io/collector/pdata/plog"

// LogRecords returns every record of ld, in order.
func LogRecords(ld plog.Logs) []plog.LogRecord {
	var out []plog.LogRecord
	rls := ld.ResourceLogs()
	for i := 0; i < rls.Len(); i++ {
		sls := rls.At(i).ScopeLogs()
		for j := 0; j < sls.Len(); j++ {
			lrs := sls.At(j).LogRecords()
			for k := 0; k < lrs.Len(); k++ {
				out = append(out, lrs.At(k))
			}
		}
	}
	return out
}

// UIDs returns the log.record.uid of every record of ld, in order ("<none>" where it is missing).
func UIDs(ld plog.Logs) []string {
	var out []string
	for _, lr := range LogRecords(ld) {
		if v, ok := lr.Attributes().Get("log.record.uid"); ok {
			out = append(out, v.Str())
		} else {
			out = append(out, "<none>")
		}
	}
	return out
}
