package mapping

import (
	"strings"
)

// AttributesMarkdown renders the attribute table for the README: one row per attribute, in the
// order they are written. The README section between the ATTRIBUTES markers is exactly this text
// (internal/catalog/cmd/readmegen writes and checks it).
func AttributesMarkdown() string {
	var b strings.Builder
	b.WriteString("| attribute | type | from |\n|---|---|---|\n")
	for i := range attributes {
		a := &attributes[i]
		name := "`" + a.key + "`"
		if a.as.target != "" {
			name = a.as.target
		}
		b.WriteString("| " + name + " | " + a.as.typ + " | " + cell(a.fromText()) + " |\n")
	}
	return b.String()
}

// fromText describes where a row's value comes from: for a plain row its sources in order of
// preference, how they may arrive and what the row adds; a row written in code says it all in doc.
func (a *attribute) fromText() string {
	prefix := ""
	if a.when == failures {
		prefix = "failures only: "
	}
	if a.write != nil {
		return prefix + a.doc
	}
	var srcs []string
	for _, p := range a.paths() {
		srcs = append(srcs, "`"+p+"`")
	}
	var notes []string
	for _, n := range []string{a.as.doc, a.doc} {
		if n != "" {
			notes = append(notes, n)
		}
	}
	text := prefix + strings.Join(srcs, ", else ")
	if len(notes) > 0 {
		text += " (" + strings.Join(notes, "; ") + ")"
	}
	return text
}

// cell escapes the one character that would break a Markdown table row.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
