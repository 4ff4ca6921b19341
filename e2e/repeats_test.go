package e2e

import (
	"maps"
	"testing"
)

// TestExpectRepeats holds the kill tests' rule for what may arrive again after a crash: the
// committed request in flight, and the page after the resumed checkpoint from its start.
func TestExpectRepeats(t *testing.T) {
	inFlight := map[string]struct{}{"r1": {}, "r2": {}, "p1": {}}
	page := []string{"p1", "p2", "p3"}
	for _, tc := range []struct {
		name        string
		times       map[string]int
		inFlight    map[string]struct{}
		page        []string
		pageRepeats int
		ok          bool
	}{
		{"the request in flight", map[string]int{"r1": 2, "r2": 2, "p1": 2}, inFlight, page, 0, true},
		{
			"and the page from its start, three times where it was in flight too",
			map[string]int{"r1": 2, "r2": 2, "p1": 3, "p2": 2, "p3": 2},
			inFlight, page, 3, true,
		},
		{"and part of the page: it was shorter", map[string]int{"r1": 2, "r2": 2, "p1": 3, "p2": 2}, inFlight, page, 2, true},
		{"not the page's start", map[string]int{"r1": 2, "r2": 2, "p1": 2, "p2": 2}, inFlight, page, 0, false},
		{"a page with a hole", map[string]int{"p1": 2, "p3": 2}, nil, page, 1, false},
		{"an event before the checkpoint", map[string]int{"r1": 2, "r2": 2, "p1": 2, "old": 2}, inFlight, page, 0, false},
		{"the page where none may repeat", map[string]int{"p1": 2, "p2": 2}, nil, nil, 0, false},
		{"the request in flight only once", map[string]int{"r1": 2, "p1": 2}, inFlight, page, 0, false},
		{"three times, not in flight", map[string]int{"p2": 3}, nil, []string{"p2"}, 1, false},
		{"nothing", nil, nil, page, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, pageRepeats, wrong := expectRepeats(tc.times, tc.inFlight, tc.page)
			if (len(wrong) == 0) != tc.ok || pageRepeats != tc.pageRepeats {
				t.Fatalf("page repeats %d, wrong %q; want %d repeats, ok %v", pageRepeats, wrong, tc.pageRepeats, tc.ok)
			}
			if tc.ok && !maps.Equal(want, tc.times) {
				t.Fatalf("want %v, the times that passed %v", want, tc.times)
			}
		})
	}
}
