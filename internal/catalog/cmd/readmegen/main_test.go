package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readme is the repository's README, four levels up from this package.
var readme = filepath.Join("..", "..", "..", "..", "README.md")

// The README must hold exactly what every generator renders, so code and documentation cannot
// drift apart.
func TestREADMEIsCurrent(t *testing.T) {
	b, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, s := range sections {
		start, end, err := locate(doc, s.name)
		if err != nil {
			t.Errorf("README.md, section %s: %v", s.name, err)
			continue
		}
		if got, want := doc[start:end], s.render(); got != want {
			t.Errorf("README.md section %s differs from its generator; run `make readme`\nfirst differing line: %s",
				s.name, firstDiff(got, want))
		}
	}
	if err := run(readme, sections, true, io.Discard); err != nil {
		t.Errorf("run -check on the README: %v", err)
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "README " + al[i] + " / generated " + bl[i]
		}
	}
	return "(one is a prefix of the other)"
}

// Two sections of test text: the run must rewrite each between its own markers and nothing else.
var testSections = []section{
	{"ONE", func() string { return "| one |\n" }},
	{"TWO THINGS", func() string { return "two\nlines\n" }},
}

const stale = "# title\n\nintro\n\n" +
	"<!-- BEGIN ONE (generated; run `make readme`) -->\n" +
	"| old | table |\n" +
	"<!-- END ONE -->\n\n## after\n\ntext <!-- END ONE --> inline is not a marker\n\n" +
	"<!-- BEGIN TWO THINGS -->\n" +
	"<!-- END TWO THINGS -->\n" +
	"<!-- BEGIN ONES is another name -->\n"

func TestRunRewritesOnlyTheSections(t *testing.T) {
	path := filepath.Join(t.TempDir(), "README.md")
	if err := os.WriteFile(path, []byte(stale), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := run(path, testSections, true, io.Discard); err == nil || !strings.Contains(err.Error(), "ONE, TWO THINGS") {
		t.Errorf("-check on a stale README: %v; want an error naming both sections", err)
	}
	if err := run(path, testSections, false, io.Discard); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "# title\n\nintro\n\n" +
		"<!-- BEGIN ONE (generated; run `make readme`) -->\n" +
		"| one |\n" +
		"<!-- END ONE -->\n\n## after\n\ntext <!-- END ONE --> inline is not a marker\n\n" +
		"<!-- BEGIN TWO THINGS -->\n" +
		"two\nlines\n" +
		"<!-- END TWO THINGS -->\n" +
		"<!-- BEGIN ONES is another name -->\n"
	if string(b) != want {
		t.Errorf("rewritten README:\n%s\nwant:\n%s", b, want)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o640 {
		t.Errorf("file mode after rewrite: %v, %v; want 0640 kept", st.Mode().Perm(), err)
	}
	// A second run changes nothing and -check passes.
	if err := run(path, testSections, true, io.Discard); err != nil {
		t.Errorf("-check after rewrite: %v", err)
	}
	if err := run(path, testSections, false, io.Discard); err != nil {
		t.Fatal(err)
	}
	if b2, _ := os.ReadFile(path); string(b2) != want {
		t.Error("a second run changed the README")
	}
}

func TestRunNamesAMissingSection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "README.md")
	if err := os.WriteFile(path, []byte("<!-- BEGIN ONE -->\n<!-- END ONE -->\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(path, testSections, true, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "section TWO THINGS") {
		t.Errorf("README without TWO THINGS: %v; want an error naming the section", err)
	}
}

func TestSpliceRejectsBadMarkers(t *testing.T) {
	const begin, end = "<!-- BEGIN X -->\n", "<!-- END X -->\n"
	for name, doc := range map[string]string{
		"no markers":       "# readme\n",
		"no end":           begin + "x\n",
		"no begin":         "x\n" + end,
		"two begins":       begin + begin + end,
		"two ends":         begin + end + end,
		"end before begin": end + begin,
		"begin last line":  end + "<!-- BEGIN X -->",
		"longer name only": "<!-- BEGIN XY -->\n" + end,
	} {
		if _, err := splice(doc, "X", "table\n"); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	if got, err := splice(begin+end, "X", "table\n"); err != nil || got != begin+"table\n"+end {
		t.Errorf("empty section: got %q, %v", got, err)
	}
}
