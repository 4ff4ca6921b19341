package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
)

// readme is the repository's README, four levels up from this package.
var readme = filepath.Join("..", "..", "..", "..", "README.md")

// The README must hold exactly the rendered table, so code and documentation cannot drift.
func TestREADMEIsCurrent(t *testing.T) {
	b, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	start, end, err := section(doc)
	if err != nil {
		t.Fatalf("README.md: %v", err)
	}
	if got := doc[start:end]; got != catalog.Markdown() {
		t.Errorf("README.md event-code table differs from internal/catalog; run `make readme`\n"+
			"first differing line: %s", firstDiff(got, catalog.Markdown()))
	}
	if err := run(readme, true, io.Discard); err != nil {
		t.Errorf("run -check on the README: %v", err)
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "README " + al[i] + " / catalog " + bl[i]
		}
	}
	return "(one is a prefix of the other)"
}

const stale = "# title\n\nintro\n\n" +
	"<!-- BEGIN EVENT CODES (generated; run `make readme`) -->\n" +
	"| old | table |\n" +
	"<!-- END EVENT CODES -->\n\n## after\n\ntext <!-- END EVENT CODES --> inline is not a marker\n"

func TestRunRewritesOnlyTheSection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "README.md")
	if err := os.WriteFile(path, []byte(stale), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := run(path, true, io.Discard); err == nil {
		t.Error("-check on a stale README: want an error")
	}
	if err := run(path, false, io.Discard); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "# title\n\nintro\n\n" +
		"<!-- BEGIN EVENT CODES (generated; run `make readme`) -->\n" +
		catalog.Markdown() +
		"<!-- END EVENT CODES -->\n\n## after\n\ntext <!-- END EVENT CODES --> inline is not a marker\n"
	if string(b) != want {
		t.Errorf("rewritten README:\n%s\nwant:\n%s", b, want)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o640 {
		t.Errorf("file mode after rewrite: %v, %v; want 0640 kept", st.Mode().Perm(), err)
	}
	// A second run changes nothing and -check passes.
	if err := run(path, true, io.Discard); err != nil {
		t.Errorf("-check after rewrite: %v", err)
	}
	if err := run(path, false, io.Discard); err != nil {
		t.Fatal(err)
	}
	if b2, _ := os.ReadFile(path); string(b2) != want {
		t.Error("a second run changed the README")
	}
}

func TestSpliceRejectsBadMarkers(t *testing.T) {
	const begin, end = "<!-- BEGIN EVENT CODES -->\n", "<!-- END EVENT CODES -->\n"
	for name, doc := range map[string]string{
		"no markers":       "# readme\n",
		"no end":           begin + "x\n",
		"no begin":         "x\n" + end,
		"two begins":       begin + begin + end,
		"two ends":         begin + end + end,
		"end before begin": end + begin,
		"begin last line":  end + "<!-- BEGIN EVENT CODES -->",
	} {
		if _, err := splice(doc, "table\n"); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	if got, err := splice(begin+end, "table\n"); err != nil || got != begin+"table\n"+end {
		t.Errorf("empty section: got %q, %v", got, err)
	}
}
