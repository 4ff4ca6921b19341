package ocsfschema

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Validator checks OCSF events (as JSON values: map[string]any with int64 and float64 numbers,
// the shape pcommon.Map.AsRaw returns) against the schema of their class and profiles. It
// compiles each (class, profiles) pair once. It is safe for concurrent use.
type Validator struct {
	s       *Schema
	mu      sync.Mutex
	byUID   map[int]string // class_uid -> class name
	schemas map[string]*jsonschema.Schema
}

// NewValidator prepares a validator for the classes the schema holds.
func NewValidator(s *Schema) (*Validator, error) {
	v := &Validator{s: s, byUID: map[int]string{}, schemas: map[string]*jsonschema.Schema{}}
	for _, name := range s.ClassNames() {
		r, err := s.class(name)
		if err != nil {
			return nil, err
		}
		v.byUID[r.UID] = name
	}
	return v, nil
}

// Validate checks one event. The error lists every violation with its location.
func (v *Validator) Validate(event map[string]any) error {
	uid, ok := event["class_uid"].(int64)
	if !ok {
		return fmt.Errorf("class_uid: want an integer, got %T", event["class_uid"])
	}
	class, ok := v.byUID[int(uid)]
	if !ok {
		return fmt.Errorf("class_uid %d: no such class in this schema subset", uid)
	}
	var profiles []string
	if md, ok := event["metadata"].(map[string]any); ok {
		if list, ok := md["profiles"].([]any); ok {
			for _, p := range list {
				s, ok := p.(string)
				if !ok {
					return fmt.Errorf("metadata.profiles: want strings, got %T", p)
				}
				profiles = append(profiles, s)
			}
		}
	}
	sch, err := v.compiled(class, profiles)
	if err != nil {
		return err
	}
	return sch.Validate(event)
}

func (v *Validator) compiled(class string, profiles []string) (*jsonschema.Schema, error) {
	sorted := slices.Sorted(slices.Values(profiles))
	if len(slices.Compact(slices.Clone(sorted))) != len(sorted) {
		return nil, fmt.Errorf("metadata.profiles %v: a profile is listed twice", profiles)
	}
	key := class + "|" + strings.Join(sorted, ",")
	v.mu.Lock()
	defer v.mu.Unlock()
	if sch, ok := v.schemas[key]; ok {
		return sch, nil
	}
	doc, err := v.s.JSONSchema(class, sorted)
	if err != nil {
		return nil, err
	}
	sch, err := compile(key, doc)
	if err != nil {
		return nil, err
	}
	v.schemas[key] = sch
	return sch, nil
}

// compile hands a generated schema to the validator library, with the formats that tie OCSF's
// types to pdata's value types.
func compile(key string, doc map[string]any) (*jsonschema.Schema, error) {
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	parsed, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	for _, f := range formats {
		c.RegisterFormat(f)
	}
	url := "urn:ocsf:" + strings.NewReplacer("|", ":", ",", "+").Replace(key)
	if err := c.AddResource(url, parsed); err != nil {
		return nil, err
	}
	return c.Compile(url)
}

var formats = []*jsonschema.Format{
	{Name: "ocsf-integer", Validate: func(v any) error {
		switch v.(type) {
		case int64, int, int32:
			return nil
		case float64:
			return errors.New("a pdata Double where OCSF wants an integer")
		}
		return nil // not a number: the type keyword reports it
	}},
	{Name: "ocsf-float", Validate: func(v any) error {
		switch v.(type) {
		case int64, int, int32:
			return errors.New("a pdata Int where OCSF wants a float")
		}
		return nil
	}},
	{Name: "ocsf-deprecated", Validate: func(any) error {
		return errors.New("deprecated in this OCSF version: do not write it")
	}},
	{Name: "ocsf-not-kept", Validate: func(any) error {
		return errors.New("this object is not in the kept schema subset: add its file to testdata to validate it")
	}},
}
