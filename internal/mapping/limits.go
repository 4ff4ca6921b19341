package mapping

// Limits bound what one Log Streams body (MapStream) may cost, whatever the bytes, and MaxValues
// what one API page (MapPage) may (a real page of 100 events holds some 6,000 values). They are
// checked in the first pass, before any record is built, and an input over one of them is a
// *LimitError. A real Auth0 batch stays far below the defaults: its events are about 1.3 KB with
// some 60 values each, so a body of the webhook's largest default size (10 MiB) holds about
// 8,000 events and 500,000 values. A zero field takes its default.
type Limits struct {
	MaxEvents  int // events in one body
	MaxMembers int // members of one object, or elements of one array
	MaxValues  int // values in one body: every object, array, string, number, true, false and null
}

// The default Limits. Measured at these (TestHeapAtTheDefaultLimits), no body allocates more than
// the bound that test states.
const (
	DefaultMaxEvents  = 25_000    // 10 MiB of 420-byte events: smaller than any real Auth0 event with its envelope
	DefaultMaxMembers = 10_000    // no object or array of an Auth0 event comes near
	DefaultMaxValues  = 1_000_000 // twice the values of 10 MiB of real events
)

// withDefaults returns l with each zero field set to its default.
func (l Limits) withDefaults() Limits {
	if l.MaxEvents == 0 {
		l.MaxEvents = DefaultMaxEvents
	}
	if l.MaxMembers == 0 {
		l.MaxMembers = DefaultMaxMembers
	}
	if l.MaxValues == 0 {
		l.MaxValues = DefaultMaxValues
	}
	return l
}

// countValue counts a value the first pass is about to read, false when that is one too many.
func (sc *scanner) countValue() bool {
	sc.values++
	if sc.values > sc.lim.MaxValues {
		return sc.overLimit("MaxValues", sc.lim.MaxValues)
	}
	return true
}

// countMember checks that an object or array may have an n-th member.
func (sc *scanner) countMember(n int32) bool {
	if int(n) > sc.lim.MaxMembers {
		return sc.overLimit("MaxMembers", sc.lim.MaxMembers)
	}
	return true
}

// countEvent checks that the input may have an n-th event.
func (sc *scanner) countEvent(n int) bool {
	if n > sc.lim.MaxEvents {
		return sc.overLimit("MaxEvents", sc.lim.MaxEvents)
	}
	return true
}

func (sc *scanner) overLimit(name string, value int) bool {
	if sc.err == nil {
		sc.err = &LimitError{Limit: name, Value: value}
	}
	return false
}
