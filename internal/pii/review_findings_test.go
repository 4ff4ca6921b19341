package pii

// Findings of the second adversarial review: each test states the promise, how the code of the
// time broke it, and how to reproduce it; each failed there and passes since the fix.

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/collector/pdata/plog"
)

// Promise (README, PII: "every email in details.request.path (and the url.path attribute),
// percent-encoded or not, gets the email's method"; "no secret leaked"). redactPathEmails
// (redactor.go) decodes the whole path with url.PathUnescape and, when that fails, searches the
// undecoded path for a raw '@' only: one stray '%' anywhere in the path (a query value such as
// q=name:50%, a truncated escape, or one added on purpose by whoever calls the Management API)
// makes every percent-encoded email in it (alice%40example.org) pass in clear, in the body and
// in the url.path attribute alike.
// Reproduce: a sapi path naming an enterprise user's id, percent-encoded, with "%" in its query.
func TestAnEncodedEmailInAPathWithAStrayPercentIsRedacted(t *testing.T) {
	for _, path := range []string{
		"/api/v2/users/samlp%7Cacme-okta%7Calice.smithson%40example.org?fields=50%",
		"/api/v2/users/samlp%7Cacme-okta%7Calice.smithson%40example.org/roles?q=%zz",
		"/api/v2/users-by-email?email=alice.smithson%40example.org&x=%E",
	} {
		for _, method := range []Method{Hash, Mask, Drop} {
			r := newRedactor(t, Config{Fields: []Field{Email}, Method: method, HashKey: testKey})
			lr := plog.NewLogRecord()
			lr.Body().SetEmptyMap().PutEmptyMap("details").PutEmptyMap("request").PutStr("path", path)
			lr.Attributes().PutStr("url.path", path)
			r.ApplyRecord(lr)
			attr, _ := lr.Attributes().Get("url.path")
			body := lr.Body().Map().AsRaw()["details"].(map[string]any)["request"].(map[string]any)["path"].(string)
			for what, got := range map[string]string{"url.path": attr.Str(), "details.request.path": body} {
				assert.False(t, strings.Contains(got, "smithson") || strings.Contains(got, "example.org"),
					"%s %s: the email is still in %s: %q", method, path, what, got)
			}
		}
	}
}
