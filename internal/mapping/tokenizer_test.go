package mapping

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// skipPlain8 must stop at the word holding the first special byte, wherever it sits.
func TestSkipPlain8(t *testing.T) {
	for _, special := range []byte{'"', '\\', 0x00, 0x1f, 0x80, 0xc3, 0xff} {
		for pos := range 24 {
			b := []byte(strings.Repeat("a~ Z!}#[", 4))
			b[pos] = special
			j := skipPlain8(string(b), 0)
			assert.Equal(t, pos/8*8, j, "byte %#x at %d", special, pos)
		}
	}
	assert.Equal(t, 32, skipPlain8(strings.Repeat("plain 01", 4)+"abc", 0), "stops before a partial word")
	assert.Equal(t, 0, skipPlain8("short", 0))
}
