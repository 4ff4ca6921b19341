package signals

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultConfigMatchesEverySignal(t *testing.T) {
	cfg := DefaultConfig()
	assert.True(t, cfg.Enabled)
	assert.Empty(t, cfg.Exclude)
	m := newMatcher(t, cfg)
	for i := range table {
		for _, code := range table[i].When.Codes {
			assert.Contains(t, m.For(code).rows, &table[i], table[i].Name)
		}
	}
}

func TestCheckNames(t *testing.T) {
	require.NoError(t, CheckNames(nil))
	require.NoError(t, CheckNames(Names()))
	err := CheckNames([]string{"auth0.signup", "Auth0.Signup", ""})
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrUnknownSignal)
	assert.True(t, strings.HasPrefix(err.Error(), `unknown security signal "Auth0.Signup", ""`), err.Error())
}
