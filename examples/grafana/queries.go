// Package grafana reads the PromQL of the example dashboard auth0.json, so that tests can check
// every expression with promtool and run it against a real Prometheus.
package grafana

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Query is one PromQL expression of the dashboard, template variables replaced.
type Query struct {
	Where string // the panel title and target refId, or the variable name
	Expr  string
}

// variables are what Grafana puts in place of the dashboard's variables: every tenant and
// collector, and Prometheus-sized ranges.
var variables = strings.NewReplacer(
	"$__rate_interval", "1m",
	"$__interval", "1m",
	"$__range", "1h",
	"$tenant", ".*",
	"$instance", ".*",
)

// labelValues is a query variable: label_values(<selector>, <label>).
var labelValues = regexp.MustCompile(`^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$`)

type panel struct {
	Title   string `json:"title"`
	Targets []struct {
		RefID string `json:"refId"`
		Expr  string `json:"expr"`
	} `json:"targets"`
	Panels []panel `json:"panels"` // a collapsed row's panels
}

type dashboard struct {
	Panels     []panel `json:"panels"`
	Templating struct {
		List []struct {
			Name  string          `json:"name"`
			Type  string          `json:"type"`
			Query json.RawMessage `json:"query"`
		} `json:"list"`
	} `json:"templating"`
}

// Queries returns every expression of the dashboard: the panels' targets and the selectors of
// the label_values variables. An unknown variable left in an expression is an error.
func Queries(dashboardJSON []byte) ([]Query, error) {
	var d dashboard
	if err := json.Unmarshal(dashboardJSON, &d); err != nil {
		return nil, err
	}
	var out []Query
	var walk func([]panel)
	walk = func(ps []panel) {
		for _, p := range ps {
			for _, t := range p.Targets {
				out = append(out, Query{Where: fmt.Sprintf("panel %q target %s", p.Title, t.RefID), Expr: t.Expr})
			}
			walk(p.Panels)
		}
	}
	walk(d.Panels)
	for _, v := range d.Templating.List {
		if v.Type != "query" {
			continue
		}
		var q struct {
			Query string `json:"query"`
		}
		if err := json.Unmarshal(v.Query, &q); err != nil {
			return nil, fmt.Errorf("variable %s: %w", v.Name, err)
		}
		m := labelValues.FindStringSubmatch(q.Query)
		if m == nil {
			return nil, fmt.Errorf("variable %s: %q is not label_values(<selector>, <label>)", v.Name, q.Query)
		}
		out = append(out, Query{Where: "variable " + v.Name, Expr: m[1]})
	}
	for i, q := range out {
		if strings.TrimSpace(q.Expr) == "" {
			return nil, fmt.Errorf("%s: no expression", q.Where)
		}
		out[i].Expr = variables.Replace(q.Expr)
		if strings.Contains(out[i].Expr, "$") {
			return nil, fmt.Errorf("%s: unknown variable in %q", q.Where, q.Expr)
		}
	}
	return out, nil
}
