package catalog

import (
	"fmt"
	"strings"
)

// Markdown renders the whole table for the README: a summary line, then one row per code in
// code order. The README section between the EVENT CODES markers is exactly this text, so the
// README and the table cannot drift apart (a test compares them).
func Markdown() string {
	legacy := 0
	for i := range entries {
		if entries[i].Legacy {
			legacy++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d event codes, %d of them legacy (no longer in Auth0's current list, kept for older "+
		"tenants and exports). A code missing from this table is still delivered: `INFO`, or `WARN` "+
		"when it starts with `f`, with `auth0.event.known=false`.\n\n", len(entries), legacy)
	b.WriteString("| code | name | category | outcome | severity | OCSF (`format: ocsf`) | legacy |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	for i := range entries {
		e := &entries[i]
		mark := ""
		if e.Legacy {
			mark = "legacy"
		}
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s | %s | %s | %s |\n",
			e.Code, cell(e.Name), e.Category, e.Outcome, e.Severity, cell(OCSFMarkdown(e)), mark)
	}
	return b.String()
}

// cell escapes the one character that would break a Markdown table row.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
