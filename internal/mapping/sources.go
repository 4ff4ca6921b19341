package mapping

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// The source fields of the attribute table form a tree: the event, its members, their members.
// The second pass looks each member up in it while it builds the body, so the attributes are
// read from the values just built, without searching the body's maps again.

// source is a field that an attribute reads, or an object on the way to one.
type source struct {
	name     string     // member name
	path     string     // dotted path from the event, for notes and the README
	parent   int32      // the object it is a member of; -1 for the event itself
	end      int32      // sources[i+1:end] are its descendants
	scalarOK bool       // an object here that Auth0 also sends as a string: no note when it is one
	byLen    [][]member // its members by name length
}

// member is a source as its parent looks it up.
type member struct {
	name string
	i    int32
}

// rootSource is the event itself.
const rootSource = 0

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
		for _, name := range strings.Split(path, ".") {
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
	for i := range sources {
		s := &sources[i]
		for _, p := range scalarSources {
			s.scalarOK = s.scalarOK || s.path == p
		}
		if s.parent >= 0 {
			par := &sources[s.parent]
			for len(par.byLen) <= len(s.name) {
				par.byLen = append(par.byLen, nil)
			}
			par.byLen[len(s.name)] = append(par.byLen[len(s.name)], member{s.name, int32(i)})
		}
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
	n := int32(rootSource)
	for _, name := range strings.Split(path, ".") {
		if n = sources[n].child(name); n < 0 {
			return -1
		}
	}
	return n
}

// child returns the member of s named name, -1 when the table reads no such member. Members are
// grouped by length, so most names of an event are ruled out by one index.
func (s *source) child(name string) int32 {
	if len(name) >= len(s.byLen) {
		return -1
	}
	for _, c := range s.byLen[len(name)] {
		if c.name == name {
			return c.i
		}
	}
	return -1
}
