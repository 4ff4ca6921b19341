package testutil

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// Body is the body the mapping must build for an event: encoding/json's reading of it, with
// integers as int64 and other numbers as float64 (digits beyond float64 kept as text).
func Body(tb testing.TB, event []byte) pcommon.Value {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(event))
	dec.UseNumber()
	var raw any
	require.NoError(tb, dec.Decode(&raw))
	v := pcommon.NewValueEmpty()
	require.NoError(tb, v.FromRaw(numbersToGo(raw)))
	return v
}

func numbersToGo(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = numbersToGo(e)
		}
	case []any:
		for i, e := range x {
			x[i] = numbersToGo(e)
		}
	case json.Number:
		s := string(x)
		if !strings.ContainsAny(s, ".eE") {
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				return n
			}
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
		return s
	}
	return v
}
