package metadata

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap/confmaptest"
)

// TestStatusMatchesMetadataYAML stands in for mdatagen: the hand-written status must say what
// metadata.yaml says.
func TestStatusMatchesMetadataYAML(t *testing.T) {
	cm, err := confmaptest.LoadConf("../../metadata.yaml")
	require.NoError(t, err)

	require.Equal(t, cm.Get("type"), Type.String())
	require.Equal(t, "receiver", cm.Get("status::class"))

	stability := cm.Get("status::stability")
	levels, ok := stability.(map[string]any)
	require.True(t, ok, "status.stability must be a map")
	require.Len(t, levels, 1, "one stability level for both signals")
	for level, signals := range levels {
		require.Equal(t, []any{"logs", "metrics"}, signals)
		var want component.StabilityLevel
		require.NoError(t, want.UnmarshalText([]byte(level)))
		require.Equal(t, want, LogsStability)
		require.Equal(t, want, MetricsStability)
	}

	// mdatagen's scope name defaults to the package's import path: the module root.
	gomod, err := os.ReadFile("../../go.mod")
	require.NoError(t, err)
	module, _, _ := strings.Cut(strings.TrimPrefix(string(gomod), "module "), "\n")
	require.Equal(t, strings.TrimSpace(module), ScopeName)
	require.False(t, strings.HasSuffix(ScopeName, "/"))
}
