package eventmetrics

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/receiver/receivertest"

	"github.com/otelcol-auth0/auth0receiver/internal/metadata"
)

// counts says, per metric, which events it counts.
var counts = map[string]string{
	"auth0.events":                    "every delivered event, by code",
	"auth0.events.late":               "events delivered more than `event_metrics.max_event_age` after their `date`: counted here only",
	"auth0.logins":                    "events of the `auth-login-success` and `auth-login-fail` categories",
	"auth0.signups":                   "events of the `auth-signup-success` and `auth-signup-fail` categories",
	"auth0.security_signals":          "records that carry a [security signal](#security-signals)",
	"auth0.management_api.operations": "Management API operations (`management-*` categories), by `details.request.method` and the class of `details.response.statusCode`",
	"auth0.rate_limit.events":         "`api_limit`, `api_limit_warning`, `limit_*` and `*_rate_limit_exceed` events",
}

// Markdown renders the table of the derived metrics for the README, from the metrics builder
// itself (TestMetricsMatchMetadataYAML holds it to metadata.yaml): the README section between the
// EVENT METRICS markers is exactly this text.
func Markdown() string {
	c := New(0, 0)
	for m := range numMetrics {
		c.Init(m) // one series of each, to see its name, unit and attribute keys
	}
	mb := metadata.NewMetricsBuilder(metadata.DefaultMetricsBuilderConfig(), receivertest.NewNopSettings(metadata.Type))
	c.Record(mb, pcommon.Timestamp(0))
	ms := mb.Emit().ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics()

	var b strings.Builder
	b.WriteString("| metric | Prometheus | unit | attributes | counts |\n|---|---|---|---|---|\n")
	for i := range ms.Len() {
		m := ms.At(i)
		var keys []string
		for k := range m.Sum().DataPoints().At(0).Attributes().All() {
			keys = append(keys, "`"+k+"`")
		}
		prom := strings.NewReplacer(".", "_").Replace(m.Name()) + "_total"
		b.WriteString("| `" + m.Name() + "` | `" + prom + "` | `" + m.Unit() + "` | " + strings.Join(keys, ", ") +
			" | " + counts[m.Name()] + " |\n")
	}
	return b.String()
}
