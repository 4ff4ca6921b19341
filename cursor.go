package auth0receiver

import (
	"strings"
	"time"
)

// Auth0 log_ids are "900", the UTC time the event was indexed as YYYYMMDDhhmmss, then more
// digits, and the API's `from` accepts any such value as an exclusive lower bound. The receiver
// positions itself by synthesizing one, because event dates are not in log_id order and a search
// on `date` would leak or lose events at the edge.
const (
	logIDPrefix     = "900"
	logIDTimeLayout = "20060102150405"
	logIDLength     = 56
	// retentionBound is further back than any Auth0 plan retains logs (Enterprise: 30 days).
	retentionBound = 31 * 24 * time.Hour
	// startAtSlack is how long after start_at's time an event's log_id may still carry a date
	// before it: log_ids hold the time Auth0 indexed the event, a few seconds after its date.
	startAtSlack = time.Minute
)

// startAt is the parsed start_at: the current time (end), the oldest retained event (the zero
// value: beginning) or a point in time.
type startAt struct {
	end bool
	at  time.Time
}

// cursor returns the log_id lower bound to start from at time now.
func (s startAt) cursor(now time.Time) string {
	switch {
	case s.end:
		return logIDLowerBound(now)
	case s.at.IsZero():
		return logIDLowerBound(now.Add(-retentionBound))
	default:
		return logIDLowerBound(s.at)
	}
}

// notBefore is the date before which pulled events are dropped: start_at's time, until the pull
// has passed it (see after); zero otherwise.
func (s startAt) notBefore() time.Time {
	if s.end {
		return time.Time{}
	}
	return s.at
}

// after returns what remains of s once a page reached maxLogID: a start at a time stops
// filtering when the log_ids are well past it, since a log_id holds the time Auth0 indexed the
// event, a few seconds after its date.
func (s startAt) after(maxLogID string) startAt {
	if s.end || s.at.IsZero() {
		return s
	}
	if t, ok := logIDTime(maxLogID); ok && t.After(s.at.Add(startAtSlack)) {
		return startAt{end: true}
	}
	return s
}

// logIDLowerBound is a log_id that sorts before every event indexed at or after t.
func logIDLowerBound(t time.Time) string {
	id := logIDPrefix + t.UTC().Format(logIDTimeLayout)
	return id + strings.Repeat("0", logIDLength-len(id))
}

// logIDTime is the indexing time encoded in a log_id, to the second.
func logIDTime(id string) (time.Time, bool) {
	if len(id) < len(logIDPrefix)+len(logIDTimeLayout) || !strings.HasPrefix(id, logIDPrefix) {
		return time.Time{}, false
	}
	t, err := time.Parse(logIDTimeLayout, id[len(logIDPrefix):len(logIDPrefix)+len(logIDTimeLayout)])
	return t, err == nil
}
