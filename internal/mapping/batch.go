package mapping

import (
	"time"

	"go.opentelemetry.io/collector/pdata/plog"
)

// Batch is the result of mapping one API page or one webhook body.
type Batch struct {
	Logs plog.Logs // one ResourceLogs (resource attrs) + one ScopeLogs; kept records in input order

	// MaxLogID is the largest log_id of the input's events, kept, filtered or duplicate alike:
	// the pull's next checkpoint. Events without a log_id do not count, and an input out of order
	// still gives its largest, so the checkpoint neither stalls on nor moves back past them. ""
	// when no event has one.
	MaxLogID string
	// MinLogID is the smallest log_id of the input: after a stored checkpoint, the oldest event
	// Auth0 still retains ("" when no event has one).
	MinLogID string

	Events     int       // events read
	Filtered   int       // dropped by event_types, or dated before Params.NotBefore
	Duplicates int       // dropped because Params.Keep returned false
	Unknown    int       // delivered records whose code is not in the catalog
	Newest     time.Time // newest event `date` seen (zero if none parsed)
}

// addLogID widens the batch's log_id range to id.
func (b *Batch) addLogID(id string) {
	if id == "" {
		return
	}
	if b.MaxLogID == "" || LogIDLess(b.MaxLogID, id) {
		b.MaxLogID = id
	}
	if b.MinLogID == "" || LogIDLess(id, b.MinLogID) {
		b.MinLogID = id
	}
}

// LogIDLess orders Auth0 log_ids, which are digit strings of one length: by length, then bytes.
// A checkpoint should only move to a larger one.
func LogIDLess(a, b string) bool {
	return len(a) < len(b) || len(a) == len(b) && a < b
}
