package signals

import (
	"fmt"
	"strings"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
)

// Markdown renders the table for the README: a summary line, then one row per signal in table
// order. The README's section is exactly this text, so the two cannot drift apart.
func Markdown() string {
	counted := 0
	rows := make([][]string, len(table))
	for i := range table {
		s := &table[i]
		mark := ""
		if s.Counted {
			counted++
			mark = "counted"
		}
		rows[i] = []string{"`" + s.Name + "`", "`" + string(s.Category) + "`", string(s.Severity), mark, s.Description, s.When.String(), "[docs](" + s.Reference + ")"}
	}
	return fmt.Sprintf("%d signals, %d of them counted (single events a threshold detection counts: alert on "+
		"their rate, not on one record).\n\n", len(table), counted) +
		catalog.MarkdownTable([]string{"signal", "category", "severity", "counted", "what it catches", "condition", "reference"}, rows)
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
