// Package ocsfschema is a test helper: it reads the OCSF schema sources (the ocsf/ocsf-schema
// repository layout: dictionary.json, categories.json, events/, objects/, profiles/), resolves a
// class the way the OCSF compiler does (inheritance, profile includes, dictionary types), and
// turns it into a JSON Schema that a standard validator checks events against. Only tests import
// it; the receiver never does.
package ocsfschema

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Schema is a set of OCSF sources, possibly a subset of the full schema: a class or object that
// is referenced but not kept is reported as such when an event uses it.
type Schema struct {
	Version    string
	dir        string
	dictionary map[string]def // attribute name -> dictionary definition
	types      map[string]def // data type name -> definition
	categories map[string]category
	events     map[string]*source // by name
	objects    map[string]*source // by name
	profiles   map[string]*source // by name
}

type category struct {
	UID     int
	Caption string
}

// def is one attribute (or type) definition: the JSON object as written in the sources.
type def map[string]any

// source is one class, object or profile file.
type source struct {
	Name        string                     `json:"name"`
	Caption     string                     `json:"caption"`
	Extends     string                     `json:"extends"`
	Category    string                     `json:"category"`
	UID         *int                       `json:"uid"`
	Attributes  map[string]json.RawMessage `json:"attributes"`
	Constraints map[string][]string        `json:"constraints"`
	Deprecated  map[string]any             `json:"@deprecated"`
	path        string
}

// attribute is a resolved attribute of a class or object.
type attribute struct {
	Name        string
	Type        string // a dictionary type (string_t, ...) or object_t
	ObjectType  string // for object_t
	IsArray     bool
	Requirement string            // required, recommended or optional
	Enum        map[string]string // enum value (as written) -> caption, deprecated values left out
	Sibling     string
	Profile     string // the profile that brings the attribute, "" when it is always there
	Deprecated  string // why, when the attribute is deprecated
}

// resolved is a class or object with its whole inheritance applied.
type resolved struct {
	Name        string
	Caption     string
	UID         int // class_uid for classes
	CategoryUID int
	Category    string // category caption
	Attributes  map[string]*attribute
	Constraints map[string][]string
	Deprecated  string
}

// Load reads the schema sources under dir.
func Load(dir string) (*Schema, error) {
	s := &Schema{
		dir:        dir,
		categories: map[string]category{},
		events:     map[string]*source{},
		objects:    map[string]*source{},
		profiles:   map[string]*source{},
	}
	var version struct{ Version string }
	if err := readJSON(filepath.Join(dir, "version.json"), &version); err != nil {
		return nil, err
	}
	s.Version = version.Version

	var dict struct {
		Attributes map[string]def
		Types      struct{ Attributes map[string]def }
	}
	if err := readJSON(filepath.Join(dir, "dictionary.json"), &dict); err != nil {
		return nil, err
	}
	s.dictionary, s.types = dict.Attributes, dict.Types.Attributes

	var cats struct {
		Attributes map[string]category
	}
	if err := readJSON(filepath.Join(dir, "categories.json"), &cats); err != nil {
		return nil, err
	}
	s.categories = cats.Attributes

	for sub, into := range map[string]map[string]*source{"events": s.events, "objects": s.objects, "profiles": s.profiles} {
		err := filepath.WalkDir(filepath.Join(dir, sub), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
				return err
			}
			src := &source{path: path}
			if err := readJSON(path, src); err != nil {
				return err
			}
			into[src.Name] = src
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return s, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// errNotKept marks a class or object that the schema subset does not hold.
var errNotKept = errors.New("not kept in this schema subset")

// ClassNames returns the names of the concrete classes the subset holds (those with a uid, and
// the base event).
func (s *Schema) ClassNames() []string {
	var out []string
	for name, src := range s.events {
		if src.UID != nil || name == "base_event" {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// class resolves a class by name: its attributes from base_event down to it.
func (s *Schema) class(name string) (*resolved, error) {
	r, src, err := s.resolve("class", name, s.events)
	if err != nil {
		return nil, err
	}
	if name == "base_event" {
		// class_uid 0 and category_uid 0 come from its own enums.
		return r, typeUIDs(r)
	}
	catName := ""
	for c := src; c != nil; c = s.events[c.Extends] {
		if c.Category != "" {
			catName = c.Category
			break
		}
	}
	cat, ok := s.categories[catName]
	if !ok {
		return nil, fmt.Errorf("class %q: category %q is not in categories.json", name, catName)
	}
	if src.UID == nil {
		return nil, fmt.Errorf("class %q has no uid (an abstract class)", name)
	}
	r.CategoryUID, r.Category = cat.UID, cat.Caption
	r.UID = cat.UID*1000 + *src.UID
	// The compiler replaces the generic enums of the classification attributes with this class's.
	r.Attributes["class_uid"].Enum = map[string]string{strconv.Itoa(r.UID): r.Caption}
	r.Attributes["category_uid"].Enum = map[string]string{strconv.Itoa(r.CategoryUID): r.Category}
	return r, typeUIDs(r)
}

// typeUIDs gives type_uid its enum: class_uid * 100 + each activity_id, captioned
// "<class>: <activity>" (its sibling type_name).
func typeUIDs(r *resolved) error {
	act, typ := r.Attributes["activity_id"], r.Attributes["type_uid"]
	if act == nil || typ == nil {
		return fmt.Errorf("class %q has no activity_id or type_uid", r.Name)
	}
	typ.Enum = map[string]string{}
	for v, caption := range act.Enum {
		id, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("class %q: activity_id %q is not an integer", r.Name, v)
		}
		typ.Enum[strconv.Itoa(r.UID*100+id)] = r.Caption + ": " + caption
	}
	return nil
}

// object resolves an object by name.
func (s *Schema) object(name string) (*resolved, error) {
	r, _, err := s.resolve("object", name, s.objects)
	return r, err
}

// resolve resolves what family (the classes or the objects; kind names it in errors) holds under
// name: its attributes from the root of its inheritance down to it. It returns the source too.
func (s *Schema) resolve(kind, name string, family map[string]*source) (*resolved, *source, error) {
	src, ok := family[name]
	if !ok {
		return nil, nil, fmt.Errorf("%s %q: %w", kind, name, errNotKept)
	}
	attrs, err := s.inherit(src, family)
	if err != nil {
		return nil, nil, err
	}
	return &resolved{
		Name: name, Caption: src.Caption, Attributes: attrs, Constraints: constraints(src, family),
		Deprecated: deprecation(src.Deprecated),
	}, src, nil
}

// constraints returns the nearest constraints along the inheritance: a child that states none
// keeps its parent's.
func constraints(src *source, family map[string]*source) map[string][]string {
	for c := src; c != nil; c = family[c.Extends] {
		if c.Constraints != nil {
			return c.Constraints
		}
	}
	return nil
}

// inherit merges the attribute definitions of src's ancestors, src's profile includes and src's
// own attributes, key by key (a child's keys override its parent's), then completes each from
// the dictionary.
func (s *Schema) inherit(src *source, family map[string]*source) (map[string]*attribute, error) {
	var chain []*source
	for c := src; c != nil; {
		chain = append(chain, c)
		if c.Extends == "" {
			break
		}
		parent, ok := family[c.Extends]
		if !ok {
			return nil, fmt.Errorf("%s extends %q: %w", c.path, c.Extends, errNotKept)
		}
		c = parent
	}
	merged := map[string]def{}
	for _, c := range slices.Backward(chain) {
		own, err := s.ownAttributes(c)
		if err != nil {
			return nil, err
		}
		for name, d := range own {
			merged[name] = mergeDef(merged[name], d)
		}
	}
	out := make(map[string]*attribute, len(merged))
	for name, d := range merged {
		a, err := s.complete(name, d)
		if err != nil {
			return nil, fmt.Errorf("%s: attribute %q: %w", src.path, name, err)
		}
		out[name] = a
	}
	return out, nil
}

// ownAttributes returns a file's attributes with its $include profiles applied: an included
// attribute is marked with its profile unless the file itself defines it (which may set
// "profile": null to make it unconditional).
func (s *Schema) ownAttributes(src *source) (map[string]def, error) {
	out := map[string]def{}
	if raw, ok := src.Attributes["$include"]; ok {
		var includes []string
		if err := json.Unmarshal(raw, &includes); err != nil {
			return nil, fmt.Errorf("%s: $include: %w", src.path, err)
		}
		for _, inc := range includes {
			p, ok := s.profileByPath(inc)
			if !ok {
				return nil, fmt.Errorf("%s: $include %q: %w", src.path, inc, errNotKept)
			}
			for name, raw := range p.Attributes {
				var d def
				if err := json.Unmarshal(raw, &d); err != nil {
					return nil, fmt.Errorf("%s: %s: %w", p.path, name, err)
				}
				d["profile"] = p.Name
				out[name] = d
			}
		}
	}
	for name, raw := range src.Attributes {
		if name == "$include" {
			continue
		}
		var d def
		if err := json.Unmarshal(raw, &d); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", src.path, name, err)
		}
		out[name] = mergeDef(out[name], d)
	}
	return out, nil
}

func (s *Schema) profileByPath(inc string) (*source, bool) {
	want := filepath.Join(s.dir, filepath.FromSlash(inc))
	for _, p := range s.profiles {
		if p.path == want {
			return p, true
		}
	}
	return nil, false
}

// mergeDef overlays child on parent; enums are merged value by value.
func mergeDef(parent, child def) def {
	out := maps.Clone(parent)
	if out == nil {
		out = def{}
	}
	for k, v := range child {
		if k == "enum" {
			pe, _ := out["enum"].(map[string]any)
			ce, _ := v.(map[string]any)
			e := maps.Clone(pe)
			if e == nil {
				e = map[string]any{}
			}
			maps.Copy(e, ce)
			out["enum"] = e
			continue
		}
		out[k] = v
	}
	return out
}

// complete fills an attribute from the dictionary under what the class or object says.
func (s *Schema) complete(name string, d def) (*attribute, error) {
	dict, ok := s.dictionary[name]
	if !ok {
		return nil, errors.New("not in the dictionary")
	}
	d = mergeDef(dict, d)
	a := &attribute{Name: name, Requirement: "optional"}
	typ, _ := d["type"].(string)
	if _, isType := s.types[typ]; isType {
		a.Type = typ
	} else {
		a.Type, a.ObjectType = "object_t", typ
	}
	a.IsArray, _ = d["is_array"].(bool)
	if r, ok := d["requirement"].(string); ok {
		a.Requirement = r
	}
	a.Sibling, _ = d["sibling"].(string)
	a.Profile, _ = d["profile"].(string) // nil (explicit null) and absent both mean "always"
	if dep, ok := d["@deprecated"].(map[string]any); ok {
		a.Deprecated = deprecation(dep)
	}
	if e, ok := d["enum"].(map[string]any); ok {
		a.Enum = map[string]string{}
		for v, raw := range e {
			item, _ := raw.(map[string]any)
			if _, dep := item["@deprecated"]; dep {
				continue
			}
			a.Enum[v], _ = item["caption"].(string)
		}
	}
	return a, nil
}

func deprecation(d map[string]any) string {
	if d == nil {
		return ""
	}
	return fmt.Sprintf("deprecated since %v: %v", d["since"], d["message"])
}

// primitive returns the base data type of a type (string_t for ip_t) and the nearest regex,
// max_len and range along the way.
func (s *Schema) primitive(typ string) (base string, t def) {
	t = def{}
	for name := typ; name != ""; {
		d := s.types[name]
		for _, k := range []string{"regex", "max_len", "range", "values"} {
			if _, have := t[k]; !have && d[k] != nil {
				t[k] = d[k]
			}
		}
		base = name
		name, _ = d["type"].(string)
	}
	return base, t
}
