package auth0receiver

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allowedImports is the README's folder table (Development): the packages of this module each
// internal package may import, outside its tests.
var allowedImports = map[string][]string{
	"internal/auth0api":              nil,
	"internal/mapping":               {"internal/catalog", "internal/signals", "internal/pii"},
	"internal/catalog":               nil,
	"internal/signals":               {"internal/catalog"},
	"internal/pii":                   nil,
	"internal/ocsf":                  {"internal/catalog", "internal/mapping"},
	"internal/ocsf/ocsfschema":       nil,
	"internal/eventmetrics":          {"internal/metadata"},
	"internal/webhook":               {"internal/mapping", "internal/dedup"},
	"internal/dedup":                 nil,
	"internal/checkpoint":            nil,
	"internal/metadata":              nil,
	"internal/auth0sim":              {"internal/catalog"},
	"cmd/auth0sim":                   {"internal/auth0sim"},
	"internal/catalog/cmd/readmegen": {"internal/catalog", "internal/mapping", "internal/signals", "internal/eventmetrics"},
	"internal/testutil":              nil,
}

// TestPackageImports keeps the data flowing one way: each package imports only what its row of
// the README's table allows (the client knows nothing of pdata, the mapping nothing of HTTP, ...).
func TestPackageImports(t *testing.T) {
	const module = "github.com/otelcol-auth0/auth0receiver/"
	seen := map[string]bool{}
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		switch {
		case path == "." || strings.HasPrefix(path, "."):
			return nil
		case path == "dist" || path == "e2e" || path == "examples" || path == "scripts" || path == "docs" || strings.HasSuffix(path, "testdata"):
			return filepath.SkipDir
		}
		files, err := filepath.Glob(filepath.Join(path, "*.go"))
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			allowed, listed := allowedImports[path]
			if !seen[path] {
				assert.True(t, listed, "%s is not in the README's folder table", path)
				seen[path] = true
			}
			for _, imp := range f.Imports {
				ip := strings.Trim(imp.Path.Value, `"`)
				if dep, ok := strings.CutPrefix(ip, module); ok && !slices.Contains(allowed, dep) {
					t.Errorf("%s imports %s, which its row of the README's folder table does not allow", name, dep)
				}
			}
		}
		return nil
	})
	require.NoError(t, err)
	for path := range allowedImports {
		assert.True(t, seen[path], "%s is in the table but holds no package", path)
	}
}
