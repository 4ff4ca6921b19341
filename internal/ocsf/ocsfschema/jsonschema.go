package ocsfschema

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// JSONSchema returns the JSON Schema (draft 2020-12) of a class, for events whose
// metadata.profiles lists exactly the given profiles: the attributes those profiles bring are
// allowed (and required where the profile says so), those of other profiles are not.
//
// It is stricter than the OCSF server's validator in two ways, both on purpose: a string that
// does not match its type's regex, and an enum sibling (activity_name, status, ...) that does not
// match its enum's caption, are errors rather than warnings; and deprecated attributes and enum
// values are refused. Integers must be pdata Ints and floats pdata Doubles (formats ocsf-integer
// and ocsf-float), so that a lake gets the column types OCSF defines.
func (s *Schema) JSONSchema(class string, profiles []string) (map[string]any, error) {
	g := &generator{s: s, profiles: map[string]bool{}, defs: map[string]any{}}
	for _, p := range profiles {
		if _, ok := s.profiles[p]; !ok {
			return nil, fmt.Errorf("metadata.profiles: profile %q: %w", p, errNotKept)
		}
		if p == "datetime" {
			return nil, errors.New("metadata.profiles: the datetime profile (the _dt attributes) is not supported by this compiler")
		}
		g.profiles[p] = true
	}
	r, err := s.class(class)
	if err != nil {
		return nil, err
	}
	root, err := g.node(r, true)
	if err != nil {
		return nil, err
	}
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["title"] = fmt.Sprintf("OCSF %s %s (%d), profiles %v", s.Version, r.Caption, r.UID, profiles)
	root["$defs"] = g.defs
	return root, nil
}

type generator struct {
	s        *Schema
	profiles map[string]bool
	defs     map[string]any // object name -> schema, filled as objects are referenced
}

// node is the schema of a class (root) or object.
func (g *generator) node(r *resolved, root bool) (map[string]any, error) {
	props := map[string]any{}
	var required []string
	var allOf []any
	for _, name := range sortedKeys(r.Attributes) {
		a := r.Attributes[name]
		if a.Profile != "" && !g.profiles[a.Profile] {
			continue
		}
		p, err := g.attribute(a)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", r.Name, name, err)
		}
		props[name] = p
		if a.Requirement == "required" && a.Deprecated == "" {
			required = append(required, name)
		}
		if sib, ok := r.Attributes[a.Sibling]; ok && a.Enum != nil && !a.IsArray && (sib.Profile == "" || g.profiles[sib.Profile]) {
			for _, v := range sortedKeys(a.Enum) {
				if v == "99" { // Other: the sibling carries the source's own value
					continue
				}
				val, err := g.enumValue(a, v)
				if err != nil {
					return nil, err
				}
				allOf = append(allOf, map[string]any{
					"if":   map[string]any{"properties": map[string]any{name: map[string]any{"const": val}}, "required": []any{name}},
					"then": map[string]any{"properties": map[string]any{a.Sibling: map[string]any{"const": a.Enum[v]}}},
				})
			}
		}
	}
	if act, ok := r.Attributes["activity_id"]; ok && r.Attributes["type_uid"] != nil && root {
		// type_uid = class_uid * 100 + activity_id.
		for _, v := range sortedKeys(act.Enum) {
			id, _ := strconv.Atoi(v)
			allOf = append(allOf, map[string]any{
				"if":   map[string]any{"properties": map[string]any{"activity_id": map[string]any{"const": id}}, "required": []any{"activity_id"}},
				"then": map[string]any{"properties": map[string]any{"type_uid": map[string]any{"const": r.UID*100 + id}}},
			})
		}
	}
	for _, kind := range sortedKeys(r.Constraints) {
		var alts []any
		for _, name := range r.Constraints[kind] {
			alts = append(alts, map[string]any{"required": []any{name}})
		}
		switch kind {
		case "at_least_one":
			allOf = append(allOf, map[string]any{"anyOf": alts, "$comment": "at_least_one of " + strings.Join(r.Constraints[kind], ", ")})
		case "just_one":
			allOf = append(allOf, map[string]any{"oneOf": alts, "$comment": "just_one of " + strings.Join(r.Constraints[kind], ", ")})
		default:
			return nil, fmt.Errorf("%s: unknown constraint %q", r.Name, kind)
		}
	}
	n := map[string]any{"type": "object", "title": r.Caption, "properties": props}
	if len(r.Attributes) > 0 { // an object without attributes (object) is open-ended
		n["additionalProperties"] = false
	}
	if len(required) > 0 {
		n["required"] = required
	}
	if len(allOf) > 0 {
		n["allOf"] = allOf
	}
	if r.Deprecated != "" {
		n["format"], n["$comment"] = "ocsf-deprecated", r.Deprecated
	}
	if root {
		if md, ok := props["metadata"]; ok {
			// The root pins the schema version: metadata.version must be this schema's.
			props["metadata"] = map[string]any{"allOf": []any{
				md,
				map[string]any{"properties": map[string]any{"version": map[string]any{"const": g.s.Version}}},
			}}
		}
	}
	return n, nil
}

// attribute is the schema of one attribute's value.
func (g *generator) attribute(a *attribute) (map[string]any, error) {
	if a.Deprecated != "" {
		return map[string]any{"format": "ocsf-deprecated", "$comment": a.Deprecated}, nil
	}
	var item map[string]any
	if a.Type == "object_t" {
		if err := g.define(a.ObjectType); err != nil {
			return nil, err
		}
		item = map[string]any{"$ref": "#/$defs/" + a.ObjectType}
	} else {
		var err error
		if item, err = g.scalar(a); err != nil {
			return nil, err
		}
	}
	if a.IsArray {
		return map[string]any{"type": "array", "items": item}, nil
	}
	return item, nil
}

// define adds an object's schema to $defs once (objects refer to each other, and to themselves).
func (g *generator) define(name string) error {
	if _, done := g.defs[name]; done {
		return nil
	}
	g.defs[name] = nil // placeholder against recursion
	r, err := g.s.object(name)
	if errors.Is(err, errNotKept) {
		g.defs[name] = map[string]any{"format": "ocsf-not-kept", "$comment": err.Error()}
		return nil
	}
	if err != nil {
		return err
	}
	n, err := g.node(r, false)
	if err != nil {
		return err
	}
	g.defs[name] = n
	return nil
}

// scalar is the schema of a dictionary-typed value.
func (g *generator) scalar(a *attribute) (map[string]any, error) {
	base, t := g.s.primitive(a.Type)
	var m map[string]any
	switch base {
	case "string_t":
		m = map[string]any{"type": "string"}
		if re, ok := t["regex"].(string); ok {
			m["pattern"] = re
		}
		if n, ok := t["max_len"].(float64); ok {
			m["maxLength"] = int(n)
		}
	case "integer_t", "long_t":
		m = map[string]any{"type": "integer", "format": "ocsf-integer"}
		if r, ok := t["range"].([]any); ok && len(r) == 2 {
			m["minimum"], m["maximum"] = r[0], r[1]
		}
	case "float_t":
		m = map[string]any{"type": "number", "format": "ocsf-float"}
	case "boolean_t":
		m = map[string]any{"type": "boolean"}
	case "json_t":
		m = map[string]any{}
	default:
		return nil, fmt.Errorf("type %q has unknown base type %q", a.Type, base)
	}
	if a.Enum != nil {
		var values []any
		for _, v := range sortedKeys(a.Enum) {
			val, err := g.enumValue(a, v)
			if err != nil {
				return nil, err
			}
			values = append(values, val)
		}
		m["enum"] = values
	}
	return m, nil
}

// enumValue is an enum key as a value of the attribute's type.
func (g *generator) enumValue(a *attribute, v string) (any, error) {
	base, _ := g.s.primitive(a.Type)
	if base == "integer_t" || base == "long_t" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: enum value %q is not an integer", a.Name, v)
		}
		return n, nil
	}
	return v, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
