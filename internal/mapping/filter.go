package mapping

// eventFilter is event_types resolved into sets. Known codes match by code or category; codes
// not in the catalog have no category and match only an entry equal to the code itself.
type eventFilter struct {
	include, exclude map[string]struct{}
}

func newEventFilter(include, exclude []string) eventFilter {
	return eventFilter{include: toSet(include), exclude: toSet(exclude)}
}

func toSet(list []string) map[string]struct{} {
	if len(list) == 0 {
		return nil
	}
	s := make(map[string]struct{}, len(list))
	for _, v := range list {
		s[v] = struct{}{}
	}
	return s
}

// passes reports whether an event of code (whose catalog category is category, "" when the
// code is unknown) survives the filter.
func (f eventFilter) passes(code, category string) bool {
	if f.include != nil && !f.matches(f.include, code, category) {
		return false
	}
	return !f.matches(f.exclude, code, category)
}

func (eventFilter) matches(set map[string]struct{}, code, category string) bool {
	if _, ok := set[code]; ok {
		return true
	}
	if category == "" {
		return false
	}
	_, ok := set[category]
	return ok
}
