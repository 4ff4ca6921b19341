package mapping

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// skipPlain8 must stop at the first special byte, wherever it sits in its word, whatever follows
// it (a borrow from it may set the high bits above it), and never pass one.
func TestSkipPlain8(t *testing.T) {
	specials := []byte{'"', '\\', 0x00, 0x1f, 0x80, 0xc3, 0xff}
	for _, special := range specials {
		for pos := range 32 {
			b := []byte(strings.Repeat("a~ Z!}#[", 4))
			b[pos] = special
			assert.Equal(t, pos, skipPlain8(string(b), 0), "byte %#x at %d", special, pos)
			for _, after := range specials {
				if pos+1 < len(b) {
					b[pos+1] = after
					assert.Equal(t, pos, skipPlain8(string(b), 0), "byte %#x at %d, then %#x", special, pos, after)
				}
			}
		}
	}
	assert.Equal(t, 32, skipPlain8(strings.Repeat("plain 01", 4)+"abc", 0), "stops before a partial word")
	assert.Equal(t, 32, skipPlain8(strings.Repeat("plain 01", 4)+`"bc`, 0), "does not look into a partial word")
	assert.Equal(t, 0, skipPlain8("short", 0))
	assert.Equal(t, 3, skipPlain8(`abc"efghijk`, 0))
	assert.Equal(t, 9, skipPlain8(`abc"efghi\jklmnop`, 4), "from an offset")
}
