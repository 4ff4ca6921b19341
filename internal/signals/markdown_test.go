package signals

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMarkdownHasARowPerSignal(t *testing.T) {
	md := Markdown()
	lines := strings.Split(strings.TrimSuffix(md, "\n"), "\n")
	require.Len(t, lines, 4+len(table), "summary, blank line, header, separator, one row per signal")
	assert.True(t, strings.HasPrefix(lines[0], "34 signals, 7 of them counted"), lines[0])
	for i := range table {
		row := lines[4+i]
		s := &table[i]
		assert.True(t, strings.HasPrefix(row, "| `"+s.Name+"` | `"+string(s.Category)+"` | "+string(s.Severity)+" | "), row)
		assert.Contains(t, row, "[docs]("+s.Reference+")")
		assert.Equal(t, 8, strings.Count(row, "|")-strings.Count(row, `\|`), "7 cells: %s", row)
	}
}

func TestConditionInWords(t *testing.T) {
	for _, tc := range []struct {
		c    Condition
		want string
	}{
		{codes("pwd_leak", "signup_pwd_leak"), "`pwd_leak`, `signup_pwd_leak`"},
		{sapi("put", "/api/v2/guardian/policies"), "`sapi` on `PUT /api/v2/guardian/policies`"},
		{sapi("", "/a", "/b"), "`sapi` on `/a` or `/b` (any write)"},
		{Condition{Codes: []string{"sapi"}, Description: "Delete tenant member"}, "`sapi` with description \"Delete tenant member\""},
		{with(codes("ferrt"), &Predicate{Doc: "x holds"}), "`ferrt`, when x holds"},
		{Condition{Codes: []string{"sapi"}, Method: "delete"}, "`sapi` with method `DELETE`"},
	} {
		assert.Equal(t, tc.want, tc.c.String())
	}
}
