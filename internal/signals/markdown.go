package signals

import (
	"fmt"
	"strings"
)

// Markdown renders the table for the README: a summary line, then one row per signal in table
// order. The README's section is exactly this text, so the two cannot drift apart.
func Markdown() string {
	counted := 0
	for i := range table {
		if table[i].Counted {
			counted++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d signals, %d of them counted (single events a threshold detection counts: alert on "+
		"their rate, not on one record).\n\n", len(table), counted)
	b.WriteString("| signal | category | severity | counted | what it catches | condition | reference |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	for i := range table {
		s := &table[i]
		mark := ""
		if s.Counted {
			mark = "counted"
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s | %s | %s | [docs](%s) |\n",
			s.Name, s.Category, s.Severity, mark, cell(s.Description), cell(s.When.String()), s.Reference)
	}
	return b.String()
}

// String says the condition in words: codes, operation, description, body predicate.
func (c *Condition) String() string {
	var b strings.Builder
	for i, code := range c.Codes {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "`%s`", code)
	}
	if len(c.Paths) > 0 {
		b.WriteString(" on ")
		for i, p := range c.Paths {
			if i > 0 {
				b.WriteString(" or ")
			}
			if c.Method != "" {
				fmt.Fprintf(&b, "`%s %s`", strings.ToUpper(c.Method), p)
			} else {
				fmt.Fprintf(&b, "`%s`", p)
			}
		}
		if c.Method == "" {
			b.WriteString(" (any write)")
		}
	} else if c.Method != "" {
		fmt.Fprintf(&b, " with method `%s`", strings.ToUpper(c.Method))
	}
	if c.Description != "" {
		fmt.Fprintf(&b, " with description %q", c.Description)
	}
	if c.Body != nil {
		b.WriteString(", when ")
		b.WriteString(c.Body.Doc)
	}
	return b.String()
}

// cell escapes the one character that would break a Markdown table row.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
