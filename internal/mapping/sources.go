package mapping

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// The source fields of the attribute table form a tree: the event, its members, their members.
// While a record's body is built, each member that is a source is recorded as it is appended
// (fill), so the attributes are written from those values without searching the body. A body
// that the PII redactor changed afterwards is walked along the tree instead (locate).

// source is a field that an attribute reads, or an object on the way to one.
type source struct {
	name     string     // member name
	path     string     // dotted path from the event, for notes and the README
	parent   int32      // the object it is a member of; -1 for the event itself
	end      int32      // the index after its last descendant: its subtree is sources[i:end]
	scalarOK bool       // an object here that Auth0 also sends as a string: no note when it is one
	members  memberHash // its members, by name
}

// rootSource is the event itself; noSource stands for a value that no attribute reads.
const (
	rootSource int32 = 0
	noSource   int32 = -1
)

// sources is the tree in preorder, rooted at the event; built from the attribute table.
var sources []source

// scalarSources are objects on a source path that some events carry as a string: details.response
// is a text for api_limit, details.error a message for some failures.
var scalarSources = []string{"details.response", "details.error"}

// absent stands for a field that is not there; it is never written.
var absent = pcommon.NewValueEmpty()

// buildSources adds every path of the table to the tree and resolves each row's sources.
func buildSources(table []attribute) {
	type tmp struct {
		name     string
		children []*tmp
	}
	root := &tmp{}
	add := func(path string) {
		n := root
	next:
		for name := range strings.SplitSeq(path, ".") {
			for _, c := range n.children {
				if c.name == name {
					n = c
					continue next
				}
			}
			c := &tmp{name: name}
			n.children = append(n.children, c)
			n = c
		}
	}
	for i := range table {
		for _, p := range table[i].paths() {
			add(p)
		}
	}
	sources = sources[:0]
	var walk func(n *tmp, parent int32, path string)
	walk = func(n *tmp, parent int32, path string) {
		i := int32(len(sources))
		sources = append(sources, source{name: n.name, path: path, parent: parent})
		for _, c := range n.children {
			p := c.name
			if path != "" {
				p = path + "." + c.name
			}
			walk(c, i, p)
		}
		sources[i].end = int32(len(sources))
	}
	walk(root, -1, "")
	children := make([][]int32, len(sources))
	for i := range sources {
		s := &sources[i]
		for _, p := range scalarSources {
			s.scalarOK = s.scalarOK || s.path == p
		}
		if s.parent >= 0 {
			children[s.parent] = append(children[s.parent], int32(i))
		}
	}
	for i := range sources {
		sources[i].members = newMemberHash(children[i])
	}
	sources[rootSource].scalarOK = true // a non-object event is noted as such
	for i := range table {
		a := &table[i]
		a.srcs = a.srcs[:0]
		for _, p := range a.paths() {
			a.srcs = append(a.srcs, lookupSource(p))
		}
	}
}

// lookupSource returns the source at a dotted path, -1 when there is none.
func lookupSource(path string) int32 {
	n := rootSource
	for name := range strings.SplitSeq(path, ".") {
		if n = sources[n].child(name); n < 0 {
			return -1
		}
	}
	return n
}

// child returns the member of s named name, -1 when the table reads no such member.
func (s *source) child(name string) int32 { return s.members.lookup(name) }

// memberHash finds a source's members by name with one probe: a table indexed by a hash of the
// name's length and first and last bytes, collision-free for the members (chosen once, at init).
type memberHash struct {
	slots []memberSlot
	mult  uint32
	shift uint32
}

// memberSlot holds a member's name beside its source, so that a probe reads one slot; an empty
// slot has no name and noSource.
type memberSlot struct {
	name string
	src  int32
}

// noMembers is the member table of a value that no attribute reads.
var noMembers memberHash

// multipliers are tried in turn until one spreads the members over distinct slots.
var multipliers = []uint32{0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1, 0xD3A2646D, 0xFD7046C5, 0xB55A4F09}

func newMemberHash(members []int32) memberHash {
	if len(members) == 0 {
		return memberHash{}
	}
	for bits := uint32(2); ; bits++ {
		if 1<<bits < 2*len(members) {
			continue
		}
	next:
		for _, mult := range multipliers {
			h := memberHash{slots: make([]memberSlot, 1<<bits), mult: mult, shift: 32 - bits}
			for i := range h.slots {
				h.slots[i].src = noSource
			}
			for _, m := range members {
				slot := &h.slots[h.slot(sources[m].name)]
				if slot.src != noSource {
					continue next
				}
				*slot = memberSlot{name: sources[m].name, src: m}
			}
			return h
		}
	}
}

func (h *memberHash) slot(name string) uint32 { return keyTag(name) * h.mult >> h.shift }

func (h *memberHash) lookup(name string) int32 {
	if h.slots == nil {
		return noSource
	}
	// An empty slot is noSource whatever its name.
	if slot := &h.slots[h.slot(name)]; slot.name == name {
		return slot.src
	}
	return noSource
}

// foundValue is the value of a source in the record of generation gen.
type foundValue struct {
	v   pcommon.Value
	gen uint32
}

// newRecord forgets the sources found in the last record; body is the new record's event.
func (sc *scanner) newRecord(body pcommon.Value) {
	sc.gen++
	if sc.gen == 0 { // wrapped: entries from 2^32 records ago would look current
		clear(sc.found)
		sc.gen = 1
	}
	sc.leaves, sc.notObject = 0, false
	sc.found[rootSource] = foundValue{v: body, gen: sc.gen}
}

// setSource records v as the value of source s in the record being built. present is false for a
// null, object true for an object: a source with members that has another value is noted when
// an attribute reads one of its members (attrWriter.value).
func (sc *scanner) setSource(s int32, v pcommon.Value, present, object bool) {
	sc.found[s] = foundValue{v: v, gen: sc.gen}
	switch {
	case !present:
	case sources[s].members.slots == nil:
		sc.leaves++
	case !object:
		sc.notObject = true
	}
}

// forget drops the values recorded for source s and the sources within it: a repeated key
// replaces the value that they were read from.
func (sc *scanner) forget(s int32) {
	if s == noSource {
		return
	}
	for t := s; t < sources[s].end; t++ {
		if f := &sc.found[t]; f.gen == sc.gen {
			if sources[t].members.slots == nil && f.v.Type() != pcommon.ValueTypeEmpty {
				sc.leaves--
			}
			*f = foundValue{}
		}
	}
}

// relocate finds the sources of a body again, by a walk of it along the tree, after the PII
// redactor changed it: removing a member moves the ones after it.
func (sc *scanner) relocate(body pcommon.Value) {
	sc.newRecord(body)
	sc.locate(rootSource, body)
}

// locate records v as the value of source s, and the members of an object among s's.
func (sc *scanner) locate(s int32, v pcommon.Value) {
	typ := v.Type()
	sc.setSource(s, v, typ != pcommon.ValueTypeEmpty, typ == pcommon.ValueTypeMap)
	src := &sources[s]
	if src.members.slots == nil || typ != pcommon.ValueTypeMap {
		return
	}
	for k, mv := range v.Map().All() {
		if c := src.child(k); c != noSource {
			sc.locate(c, mv)
		}
	}
}

// source returns the value of source s in the record being built, absent when it has none.
func (sc *scanner) source(s int32) pcommon.Value {
	if f := &sc.found[s]; f.gen == sc.gen {
		return f.v
	}
	return absent
}
