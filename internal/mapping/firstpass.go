package mapping

// The first pass over an input validates all of it and locates its events, reading only the
// few top-level members needed to filter and de-duplicate. Nothing is handed to keep() before the
// whole input is known to be well-formed, so a malformed page never marks events as seen.

// fields are an event's top-level members that the mapper needs before building its record.
type fields struct {
	typ, logID, id, date, tenant string
	typKind, dateKind            byte // first byte of the value; 0 when absent
}

// item is one event of the input.
type item struct {
	start int    // offset of the event value in the source
	size  int    // index of its first container in scanner.sizes
	strs  int    // index of its first string in scanner.ends
	kind  byte   // first byte of the event value: '{' for an object
	f     fields // the event's members, when it is an object
	logID string // id for keep() and log.record.uid
	note  string // a problem found around the event (envelope, non-object)
}

// envelope collects a Log Streams item's "data" member.
type envelope struct {
	has   bool
	start int
	size  int
	strs  int
	kind  byte
	f     fields
}

// skimObject validates the object at the cursor, filling f from its members. With env set, the
// object is a Log Streams item and a "data" object is skimmed into env.
func (sc *scanner) skimObject(f *fields, env *envelope, depth int) bool {
	if !sc.countValue() {
		return false
	}
	slot := sc.reserve()
	if sc.open('}') {
		return true
	}
	keys := sc.beginKeys()
	for n := int32(1); ; n++ {
		if sc.peek() != '"' {
			return sc.unexpected()
		}
		if !sc.countMember(n) {
			return false
		}
		k, ok := sc.key(&keys)
		if !ok || !sc.expect(':') {
			return false
		}
		c := sc.peek()
		switch {
		case k == "type":
			f.typ, f.typKind, ok = sc.capture(c, depth)
		case k == "log_id":
			f.logID, _, ok = sc.capture(c, depth)
		case k == "_id":
			f.id, _, ok = sc.capture(c, depth)
		case k == "tenant_name":
			f.tenant, _, ok = sc.capture(c, depth)
		case k == "date":
			if c == '-' || isDigit(c) {
				if !sc.countValue() {
					return false
				}
				f.date, _, ok = sc.number()
				f.dateKind = '0'
			} else {
				f.date, f.dateKind, ok = sc.capture(c, depth)
			}
		case k == "data" && env != nil:
			*env = envelope{has: true, start: sc.i, size: len(sc.sizes), strs: len(sc.ends), kind: c}
			if c == '{' {
				ok = sc.skimObject(&env.f, nil, depth+1)
			} else {
				ok = sc.skipValue(depth + 1)
			}
		default:
			ok = sc.skipValue(depth + 1)
		}
		if !ok {
			return false
		}
		more, ok := sc.next('}')
		if !more {
			sc.setSize(slot, n, sc.endKeys(&keys))
			return ok
		}
	}
}

// capture reads a member value: a string is returned, anything else is skipped ("" returned).
// A repeated member overwrites the earlier one, as in the body.
func (sc *scanner) capture(c byte, depth int) (string, byte, bool) {
	if c == '"' {
		if !sc.countValue() {
			return "", c, false
		}
		s, ok := sc.readStr()
		return s, c, ok
	}
	return "", c, sc.skipValue(depth + 1)
}

// skimEvent reads one element of an API page.
func (sc *scanner) skimEvent() (item, bool) {
	it := item{start: sc.i, size: len(sc.sizes), strs: len(sc.ends), kind: sc.peek()}
	var ok bool
	if it.kind == '{' {
		ok = sc.skimObject(&it.f, nil, 1)
	} else {
		ok = sc.skipValue(1)
	}
	it.logID = firstNonEmpty(it.f.logID, it.f.id)
	return it, ok
}

// skimStreamItem reads one Log Streams item: {"log_id": ..., "data": {event}}. An item without
// "data" is taken as the event itself, so a bare event is not lost.
func (sc *scanner) skimStreamItem() (item, bool) {
	start, size, strs, kind := sc.i, len(sc.sizes), len(sc.ends), sc.peek()
	if kind != '{' {
		ok := sc.skipValue(1)
		return item{start: start, size: size, strs: strs, kind: kind, note: "stream item is not an object"}, ok
	}
	var f fields
	var env envelope
	if !sc.skimObject(&f, &env, 1) {
		return item{}, false
	}
	if !env.has {
		return item{start: start, size: size, strs: strs, kind: kind, f: f, logID: firstNonEmpty(f.logID, f.id)}, true
	}
	it := item{start: env.start, size: env.size, strs: env.strs, kind: env.kind, f: env.f, logID: firstNonEmpty(f.logID, env.f.logID, env.f.id)}
	if env.kind != '{' {
		it.note = "stream item data is not an object"
	}
	return it, true
}

// skimPage validates a JSON array of events and appends its elements to items.
func (sc *scanner) skimPage(items []item) ([]item, bool) {
	sc.skipWS()
	if sc.peek() != '[' {
		return items, sc.fail(sc.i, "want a JSON array of events")
	}
	items, ok := sc.skimArray(items, (*scanner).skimEvent)
	return items, ok && sc.end()
}

// skimStream validates a Log Streams body (JSON array, JSON lines or one object) and appends its
// items.
func (sc *scanner) skimStream(items []item) ([]item, bool) {
	sc.skipWS()
	if sc.peek() == '[' {
		out, ok := sc.skimArray(items, (*scanner).skimStreamItem)
		return out, ok && sc.end()
	}
	for sc.i < len(sc.s) {
		if !sc.countEvent(len(items) + 1) {
			return items, false
		}
		it, ok := sc.skimStreamItem()
		if !ok {
			return items, false
		}
		items = append(items, it)
		if sc.i < len(sc.s) && !isSpace(sc.s[sc.i]) {
			return items, sc.fail(sc.i, "items must be separated by a newline")
		}
		sc.skipWS()
	}
	return items, true
}

func (sc *scanner) skimArray(items []item, read func(*scanner) (item, bool)) ([]item, bool) {
	if sc.open(']') {
		return items, true
	}
	for {
		if !sc.countEvent(len(items) + 1) {
			return items, false
		}
		it, ok := read(sc)
		if !ok {
			return items, false
		}
		items = append(items, it)
		more, ok := sc.next(']')
		if !more {
			return items, ok
		}
	}
}

// end checks that only whitespace follows.
func (sc *scanner) end() bool {
	sc.skipWS()
	if sc.i != len(sc.s) {
		return sc.fail(sc.i, "unexpected data after the end")
	}
	return true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
