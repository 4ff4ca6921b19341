package mapping

import (
	"fmt"
)

// syntaxError is malformed input: where and what.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return fmt.Sprintf("invalid JSON at byte %d: %s", e.off, e.msg) }
