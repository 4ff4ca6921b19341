package mapping

import (
	"errors"
	"fmt"
	"strings"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
)

// The checks of the configuration that the mapper reads: config validation calls them, and New
// trusts what it is given. Their errors wrap these, for errors.Is.
var (
	ErrUnknownEventType = errors.New("unknown Auth0 event code or category")
	ErrUnknownSeverity  = errors.New("unknown severity")
)

// CheckEventTypes checks an event_types list (include or exclude): every entry must be a code or a
// category of the event-code table. The error names every entry that is neither.
func CheckEventTypes(list []string) error {
	var bad []string
	for _, name := range list {
		if _, ok := catalog.Lookup(name); ok || catalog.IsCategory(name) {
			continue
		}
		bad = append(bad, fmt.Sprintf("%q", name))
	}
	if len(bad) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrUnknownEventType, strings.Join(bad, ", "))
}

// CheckSeverity checks a severity_overrides value: an OpenTelemetry severity short name, TRACE to
// FATAL4, in any case. The code it is given for may be any, in the table or not: Auth0 adds codes
// every few months, and an operator may grade one before the table knows it.
func CheckSeverity(text string) error {
	_, _, err := parseSeverity(text)
	return err
}
