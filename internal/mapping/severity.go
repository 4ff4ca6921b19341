package mapping

import (
	"fmt"
	"strings"

	"go.opentelemetry.io/collector/pdata/plog"
)

// severityBases are the OpenTelemetry short names of the first number of each range; a suffix
// 2..4 selects the next numbers of the range (INFO2 = 10).
var severityBases = [...]struct {
	name string
	num  plog.SeverityNumber
}{
	{"TRACE", plog.SeverityNumberTrace},
	{"DEBUG", plog.SeverityNumberDebug},
	{"INFO", plog.SeverityNumberInfo},
	{"WARN", plog.SeverityNumberWarn},
	{"ERROR", plog.SeverityNumberError},
	{"FATAL", plog.SeverityNumberFatal},
}

// parseSeverity parses a severity text (TRACE..FATAL4, case-insensitive, OTel short names) into
// its number and canonical text; unknown text is an ErrUnknownSeverity naming it.
func parseSeverity(text string) (plog.SeverityNumber, string, error) {
	upper := strings.ToUpper(text)
	for _, b := range severityBases {
		rest, ok := strings.CutPrefix(upper, b.name)
		if !ok {
			continue
		}
		switch rest {
		case "":
			return b.num, b.name, nil
		case "2", "3", "4":
			return b.num + plog.SeverityNumber(rest[0]-'1'), upper, nil
		}
	}
	return plog.SeverityNumberUnspecified, "", fmt.Errorf(
		"%w %q: want TRACE, DEBUG, INFO, WARN, ERROR or FATAL, optionally followed by 2, 3 or 4", ErrUnknownSeverity, text)
}
