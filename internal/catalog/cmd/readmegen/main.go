// Command readmegen writes the README's generated sections: each lies between a line starting
// with "<!-- BEGIN <NAME>" (the rest of the line is free text for the reader) and the line
// "<!-- END <NAME> -->", and holds exactly what its generator renders. The rest of the file is
// left untouched.
//
//	go run ./internal/catalog/cmd/readmegen            # rewrite README.md in place
//	go run ./internal/catalog/cmd/readmegen -check     # exit 1 when a section of README.md is stale
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
	"github.com/otelcol-auth0/auth0receiver/internal/eventmetrics"
	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
	"github.com/otelcol-auth0/auth0receiver/internal/signals"
)

// section is one generated part of the README.
type section struct {
	name   string        // the marker name, e.g. "EVENT CODES"
	render func() string // the section's text, ending with a newline
}

// sections are the README's generated parts; another generated table is one more line.
var sections = []section{
	{"EVENT CODES", catalog.Markdown},
	{"ATTRIBUTES", mapping.AttributesMarkdown},
	{"SECURITY SIGNALS", signals.Markdown},
	{"EVENT METRICS", eventmetrics.Markdown},
}

func main() {
	path := flag.String("readme", "README.md", "the README to update")
	check := flag.Bool("check", false, "only report whether the generated sections are current; exit 1 when one is stale")
	flag.Parse()
	if err := run(*path, sections, *check, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "readmegen:", err)
		os.Exit(1)
	}
}

// run rewrites the sections of the file at path, or with check only compares them.
func run(path string, secs []section, check bool, out io.Writer) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc := string(b)
	updated := doc
	var stale []string
	for _, s := range secs {
		next, spliceErr := splice(updated, s.name, s.render())
		if spliceErr != nil {
			return fmt.Errorf("%s: section %s: %w", path, s.name, spliceErr)
		}
		if next != updated {
			stale = append(stale, s.name)
		}
		updated = next
	}
	switch {
	case len(stale) == 0:
		fmt.Fprintf(out, "%s: generated sections are current\n", path)
		return nil
	case check:
		return fmt.Errorf("%s: stale generated sections: %s; run `make readme`", path, strings.Join(stale, ", "))
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, []byte(updated), st.Mode().Perm()); err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: rewrote %s\n", path, strings.Join(stale, ", "))
	return nil
}

func beginMarker(name string) string { return "<!-- BEGIN " + name }
func endMarker(name string) string   { return "<!-- END " + name + " -->" }

// locate finds the generated text of section name: it starts after the line holding the begin
// marker and ends where the line holding the end marker starts.
func locate(doc, name string) (start, end int, err error) {
	b := markerLines(doc, beginMarker(name), true)
	e := markerLines(doc, endMarker(name), false)
	switch {
	case len(b) != 1:
		return 0, 0, fmt.Errorf("want one line starting with %q, found %d", beginMarker(name), len(b))
	case len(e) != 1:
		return 0, 0, fmt.Errorf("want one line starting with %q, found %d", endMarker(name), len(e))
	case e[0] <= b[0]:
		return 0, 0, errors.New("the end marker comes before the begin marker")
	}
	// The end marker's line follows, so the begin marker's line ends with a newline.
	return b[0] + strings.IndexByte(doc[b[0]:], '\n') + 1, e[0], nil
}

// splice returns doc with section name's text replaced by text.
func splice(doc, name, text string) (string, error) {
	start, end, err := locate(doc, name)
	if err != nil {
		return "", err
	}
	return doc[:start] + text + doc[end:], nil
}

// markerLines returns the offsets of the lines that start with marker. An open marker (a begin
// marker, followed by free text) must end the name: "<!-- BEGIN EVENT" is not "<!-- BEGIN EVENTS".
func markerLines(doc, marker string, open bool) []int {
	var at []int
	for off := 0; off < len(doc); {
		line := doc[off:]
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line = line[:i+1]
		}
		if rest, ok := strings.CutPrefix(line, marker); ok && (!open || rest == "" || rest[0] == ' ' || rest[0] == '\n' || strings.HasPrefix(rest, "-->")) {
			at = append(at, off)
		}
		off += len(line)
	}
	return at
}
