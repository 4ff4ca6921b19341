// Command readmegen writes the event-code table of the catalog into the README, between the
// lines "<!-- BEGIN EVENT CODES ...-->" and "<!-- END EVENT CODES -->", leaving the rest of the
// file untouched.
//
//	go run ./internal/catalog/cmd/readmegen            # rewrite README.md in place
//	go run ./internal/catalog/cmd/readmegen -check     # exit 1 when README.md is stale
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
)

const (
	beginMarker = "<!-- BEGIN EVENT CODES" // the rest of the line is free text for the reader
	endMarker   = "<!-- END EVENT CODES -->"
)

func main() {
	path := flag.String("readme", "README.md", "the README to update")
	check := flag.Bool("check", false, "only report whether the table is current; exit 1 when it is stale")
	flag.Parse()
	if err := run(*path, *check, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "readmegen:", err)
		os.Exit(1)
	}
}

// run rewrites the table in the file at path, or with check only compares it.
func run(path string, check bool, out io.Writer) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc := string(b)
	updated, err := splice(doc, catalog.Markdown())
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	switch {
	case updated == doc:
		fmt.Fprintf(out, "%s: event-code table is current\n", path)
		return nil
	case check:
		return fmt.Errorf("%s: event-code table is stale; run `make readme`", path)
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, []byte(updated), st.Mode().Perm()); err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: event-code table rewritten\n", path)
	return nil
}

// section locates the generated text: it starts after the line holding the begin marker and
// ends where the line holding the end marker starts.
func section(doc string) (start, end int, err error) {
	b := markerLine(doc, beginMarker)
	e := markerLine(doc, endMarker)
	switch {
	case len(b) != 1:
		return 0, 0, fmt.Errorf("want one line starting with %q, found %d", beginMarker, len(b))
	case len(e) != 1:
		return 0, 0, fmt.Errorf("want one line starting with %q, found %d", endMarker, len(e))
	case e[0] <= b[0]:
		return 0, 0, errors.New("the end marker comes before the begin marker")
	}
	// The end marker's line follows, so the begin marker's line ends with a newline.
	return b[0] + strings.IndexByte(doc[b[0]:], '\n') + 1, e[0], nil
}

// splice returns doc with the generated section replaced by text.
func splice(doc, text string) (string, error) {
	start, end, err := section(doc)
	if err != nil {
		return "", err
	}
	return doc[:start] + text + doc[end:], nil
}

// markerLine returns the offsets of the lines that start with marker.
func markerLine(doc, marker string) []int {
	var at []int
	for off := 0; off < len(doc); {
		line := doc[off:]
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line = line[:i+1]
		}
		if strings.HasPrefix(line, marker) {
			at = append(at, off)
		}
		off += len(line)
	}
	return at
}
