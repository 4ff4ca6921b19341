package mapping

import (
	"strconv"
	"time"
)

// eventTime parses the event's date: RFC 3339 (any fraction), leniently without a zone or with
// a space for the T, or a number of Unix milliseconds. The note says why there is none.
func eventTime(it *item) (time.Time, string) {
	if it.kind != '{' {
		return time.Time{}, ""
	}
	f := &it.f
	switch f.dateKind {
	case 0:
		return time.Time{}, "date is missing"
	case 'n':
		return time.Time{}, "date is null"
	case '"':
		if t, err := time.Parse(time.RFC3339Nano, f.date); err == nil {
			return t, ""
		}
		for _, layout := range lenientLayouts {
			if t, err := time.Parse(layout, f.date); err == nil {
				return t, ""
			}
		}
		return time.Time{}, "bad date " + strconv.Quote(f.date)
	case '0':
		if ms, err := strconv.ParseInt(f.date, 10, 64); err == nil {
			return time.UnixMilli(ms).UTC(), ""
		}
		return time.Time{}, "bad date " + f.date
	}
	return time.Time{}, "date is not a string"
}

var lenientLayouts = []string{
	"2006-01-02T15:04:05.999999999", // no zone: Auth0 dates are UTC
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999Z0700",
}
