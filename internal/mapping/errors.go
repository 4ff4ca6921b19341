package mapping

import (
	"fmt"
)

// SyntaxError is an input that is not what MapPage or MapStream accept: not JSON, truncated, or
// (for a page) not a JSON array. Nothing of such an input is delivered and keep is never called;
// for a page it is the API's fault, and the caller retries the request. Match it with errors.As.
type SyntaxError struct {
	Offset int    // byte offset in the input where it went wrong
	Msg    string // what was wrong there
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d: %s", e.Offset, e.Msg)
}

// LimitError is a Log Streams body over one of the mapper's Limits: nothing of it is delivered and
// keep is never called. The webhook answers it with 413. Match it with errors.As.
type LimitError struct {
	Limit string // the Limits field: "MaxEvents", "MaxMembers" or "MaxValues"
	Value int    // its value
}

func (e *LimitError) Error() string {
	what := map[string]string{
		"MaxEvents":  "events in one body",
		"MaxMembers": "members in one object or array",
		"MaxValues":  "values in one body",
	}[e.Limit]
	return fmt.Sprintf("more than %d %s (mapping limit %s)", e.Value, what, e.Limit)
}
