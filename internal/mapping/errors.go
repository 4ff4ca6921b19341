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
