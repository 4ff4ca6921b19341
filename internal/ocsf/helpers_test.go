package ocsf

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
	"github.com/otelcol-auth0/auth0receiver/internal/ocsf/ocsfschema"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

var testObserved = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

const testTenant = "acme.us.auth0.com"

// record is one mapped event: the LogRecord the mapping built and the event's JSON text.
type record struct {
	lr  plog.LogRecord
	raw string
}

// mapEvents maps events (JSON objects) as the receiver does, in one page.
func mapEvents(tb testing.TB, tenant string, events ...[]byte) []record {
	tb.Helper()
	m := mapping.New(mapping.Options{Domain: tenant, ScopeName: "test"})
	page := testutil.PageOf(events...)
	b, err := m.MapPage(page, mapping.Params{Observed: testObserved})
	require.NoError(tb, err)
	lrs := b.Logs.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
	require.Equal(tb, len(events), lrs.Len())
	out := make([]record, 0, len(events))
	for i, e := range events {
		out = append(out, record{lr: lrs.At(i), raw: string(e)})
	}
	return out
}

// input is the builder's Input for a mapped record, as the mapping will pass it.
func input(r record, tenant string) *Input {
	code, _ := r.lr.Attributes().Get("auth0.event.type")
	e, ok := catalog.Lookup(code.Str())
	if !ok {
		u := catalog.Unknown(code.Str())
		e = &u
	}
	body := pcommon.NewMap()
	if r.lr.Body().Type() == pcommon.ValueTypeMap {
		body = r.lr.Body().Map()
	}
	return &Input{
		Body:       body,
		Attributes: r.lr.Attributes(),
		Entry:      e,
		Severity:   r.lr.SeverityNumber(),
		Time:       r.lr.Timestamp(),
		Observed:   r.lr.ObservedTimestamp(),
		Raw:        r.raw,
		Tenant:     tenant,
	}
}

// build runs the builder on a record and returns the OCSF event.
func build(r record, tenant string) pcommon.Map {
	dst := pcommon.NewMap()
	Build(dst, input(r, tenant))
	return dst
}

// readEvent reads testdata/events/<name>.json, compacted as Auth0 sends it.
func readEvent(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "events", name+".json"))
	require.NoError(tb, err)
	var out bytes.Buffer
	require.NoError(tb, json.Compact(&out, b))
	return out.Bytes()
}

var (
	validatorOnce sync.Once
	validator     *ocsfschema.Validator
	validatorErr  error
)

// schemaValidator validates against the OCSF 1.5.0 sources kept in testdata/ocsf-schema.
func schemaValidator(tb testing.TB) *ocsfschema.Validator {
	tb.Helper()
	validatorOnce.Do(func() {
		s, err := ocsfschema.Load(filepath.Join("testdata", "ocsf-schema"))
		if err != nil {
			validatorErr = err
			return
		}
		validator, validatorErr = ocsfschema.NewValidator(s)
	})
	require.NoError(tb, validatorErr)
	return validator
}

// at returns the value at a dotted path of an OCSF event (empty when absent).
func at(m pcommon.Map, path string) pcommon.Value {
	v := pcommon.NewValueMap()
	m.CopyTo(v.Map())
	for k := range strings.SplitSeq(path, ".") {
		if v.Type() != pcommon.ValueTypeMap {
			return pcommon.NewValueEmpty()
		}
		next, ok := v.Map().Get(k)
		if !ok {
			return pcommon.NewValueEmpty()
		}
		v = next
	}
	return v
}
