package examples

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/otelcol-auth0/auth0receiver/examples/alerts"
	"github.com/otelcol-auth0/auth0receiver/examples/grafana"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

const dashboardFile = "grafana/auth0.json"

func dashboardQueries(t *testing.T) []grafana.Query {
	t.Helper()
	b := testutil.ReadFile(t, dashboardFile)
	qs, err := grafana.Queries(b)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// TestDashboardQueriesAreValidPromQL writes every expression of the dashboard as a recording
// rule and lets promtool parse them: a broken expression fails make test.
func TestDashboardQueriesAreValidPromQL(t *testing.T) {
	qs := dashboardQueries(t)
	type rule struct {
		Record string `yaml:"record"`
		Expr   string `yaml:"expr"`
	}
	rules := make([]rule, len(qs))
	for i, q := range qs {
		rules[i] = rule{Record: fmt.Sprintf("dashboard:query_%d", i), Expr: q.Expr}
		t.Logf("dashboard:query_%d is the %s", i, q.Where) // shown when promtool fails
	}
	b, err := yaml.Marshal(map[string]any{"groups": []any{map[string]any{"name": "dashboard", "rules": rules}}})
	if err != nil {
		t.Fatal(err)
	}
	out := runPromtool(t, "check", "rules", testutil.WriteTemp(t, "dashboard.rules.yml", b))
	if !strings.Contains(out, fmt.Sprintf("%d rules found", len(qs))) {
		t.Fatalf("promtool did not check the %d expressions:\n%s", len(qs), out)
	}
}

// TestDashboardShape: a datasource variable and a tenant variable, every query on the
// datasource variable, and the panels the README promises.
func TestDashboardShape(t *testing.T) {
	b := testutil.ReadFile(t, dashboardFile)
	var d struct {
		UID        string `json:"uid"`
		Templating struct {
			List []struct {
				Name, Type string
				Query      any `json:"query"`
			} `json:"list"`
		} `json:"templating"`
		Panels []struct {
			ID         int    `json:"id"`
			Type       string `json:"type"`
			Title      string `json:"title"`
			Datasource *struct {
				UID string `json:"uid"`
			} `json:"datasource"`
			Targets []struct {
				Datasource struct {
					UID string `json:"uid"`
				} `json:"datasource"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, v := range d.Templating.List {
		vars[v.Name] = v.Type
		if v.Name == "datasource" && v.Query != "prometheus" {
			t.Errorf("the datasource variable offers %v, want prometheus", v.Query)
		}
	}
	if vars["datasource"] != "datasource" || vars["tenant"] != "query" {
		t.Errorf("variables %v: want a datasource variable and a tenant query variable", vars)
	}
	ids := map[int]bool{}
	titles := map[string]bool{}
	for _, p := range d.Panels {
		if ids[p.ID] {
			t.Errorf("panel id %d is used twice", p.ID)
		}
		ids[p.ID] = true
		titles[p.Title] = true
		if p.Type == "row" {
			continue
		}
		if p.Datasource == nil || p.Datasource.UID != "${datasource}" {
			t.Errorf("panel %q does not use the datasource variable", p.Title)
		}
		for _, tg := range p.Targets {
			if tg.Datasource.UID != "${datasource}" {
				t.Errorf("a target of panel %q does not use the datasource variable", p.Title)
			}
		}
	}
	for _, want := range []string{
		"Receiver health", "Checkpoint lag", "Auth0 API requests by status (per second)", "Rate limits",
		"Records by outcome (per second)", "Security overview", "Logins by outcome (per second)",
		"Top failing connections", "Top failing clients", "Security signals", "Blocks and breached passwords",
	} {
		if !titles[want] {
			t.Errorf("no panel %q", want)
		}
	}
}

// TestRulesAndDashboardUseKnownMetrics: every auth0_* and otelcol_* name in the rules and the
// dashboard is one of alerts.Metrics, the names the receiver and the collector expose (the
// end-to-end test checks them against a real Prometheus), so a typo cannot hide in an
// expression that just returns nothing.
func TestRulesAndDashboardUseKnownMetrics(t *testing.T) {
	var exprs []grafana.Query
	for _, g := range readRules(t, rulesFile).Groups {
		for _, r := range g.Rules {
			exprs = append(exprs, grafana.Query{Where: "rule " + r.Alert + r.Record, Expr: r.Expr})
		}
	}
	exprs = append(exprs, dashboardQueries(t)...)
	used := map[string]bool{}
	for _, q := range exprs {
		if unknown := alerts.UnknownMetrics(q.Expr); len(unknown) > 0 {
			t.Errorf("%s uses unknown metrics %v", q.Where, unknown)
		}
		for _, m := range alerts.Metrics {
			if strings.Contains(q.Expr, m) {
				used[m] = true
			}
		}
	}
	for _, m := range alerts.Metrics {
		if !used[m] {
			t.Errorf("%s is in alerts.Metrics but neither the rules nor the dashboard read it", m)
		}
	}
}

// TestShortenFor: the end-to-end copy of the rules differs only in its `for` durations.
func TestShortenFor(t *testing.T) {
	b := testutil.ReadFile(t, rulesFile)
	short, err := alerts.ShortenFor(b)
	if err != nil {
		t.Fatal(err)
	}
	var orig, copied ruleFile
	if err := yaml.Unmarshal(b, &orig); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(short, &copied); err != nil {
		t.Fatal(err)
	}
	for i, g := range orig.Groups {
		for j, r := range g.Rules {
			c := copied.Groups[i].Rules[j]
			want := strings.TrimSuffix(r.For, "m") + "s"
			if c.Expr != r.Expr || c.For != want || c.Alert != r.Alert {
				t.Errorf("%s: copy has for %q (want %q) or another expression", r.Alert, c.For, want)
			}
		}
	}
}
