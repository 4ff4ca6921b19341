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
	rows := make([][]string, len(entries))
	for i := range entries {
		e := &entries[i]
		mark := ""
		if e.Legacy {
			legacy++
			mark = "legacy"
		}
		rows[i] = []string{"`" + e.Code + "`", e.Name, "`" + e.Category + "`", string(e.Outcome), string(e.Severity), OCSFMarkdown(e), mark}
	}
	return fmt.Sprintf("%d event codes, %d of them legacy (no longer in Auth0's current list, kept for older "+
		"tenants and exports). A code missing from this table is still delivered: `INFO`, or `WARN` "+
		"when it starts with `f`, with `auth0.event.known=false`.\n\n", len(entries), legacy) +
		MarkdownTable([]string{"code", "name", "category", "outcome", "severity", "OCSF (`format: ocsf`)", "legacy"}, rows)
}

// MarkdownTable renders a Markdown table of the header's columns and the rows' cells, escaping the
// one character that would break a row.
func MarkdownTable(header []string, rows [][]string) string {
	var b strings.Builder
	writeRow := func(cells []string) {
		for _, c := range cells {
			b.WriteString("| " + strings.ReplaceAll(c, "|", `\|`) + " ")
		}
		b.WriteString("|\n")
	}
	writeRow(header)
	b.WriteString(strings.Repeat("|---", len(header)) + "|\n")
	for _, r := range rows {
		writeRow(r)
	}
	return b.String()
}
