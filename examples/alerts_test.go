package examples

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

const (
	rulesFile     = "alerts/auth0.rules.yml"
	rulesTestFile = "alerts/auth0.rules.test.yml"
)

// runPromtool runs Prometheus' promtool: the rules are part of what make test proves.
func runPromtool(t *testing.T, args ...string) string {
	t.Helper()
	promtool := testutil.Program(t, "promtool", "install Prometheus, e.g. `apt-get install -y prometheus` (Debian's package starts no service)")
	out, err := exec.Command(promtool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestAlertRulesCheck(t *testing.T) {
	runPromtool(t, "check", "rules", rulesFile)
}

// TestAlertRulesUnitTests runs the promtool unit tests of the rules.
func TestAlertRulesUnitTests(t *testing.T) {
	out := runPromtool(t, "test", "rules", rulesTestFile)
	if !strings.Contains(out, "SUCCESS") {
		t.Fatalf("promtool test rules did not report SUCCESS:\n%s", out)
	}
}

// ruleFile is the part of a Prometheus rule file the tests read.
type ruleFile struct {
	Groups []struct {
		Name  string `yaml:"name"`
		Rules []struct {
			Alert       string            `yaml:"alert"`
			Record      string            `yaml:"record"`
			Expr        string            `yaml:"expr"`
			For         string            `yaml:"for"`
			Labels      map[string]string `yaml:"labels"`
			Annotations map[string]string `yaml:"annotations"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

func readRules(t *testing.T, path string) ruleFile {
	t.Helper()
	b := testutil.ReadFile(t, path)
	var rf ruleFile
	if err := yaml.Unmarshal(b, &rf); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rf
}

// TestEveryAlertIsDocumentedAndTested: every alert has a for, a severity, a summary, a
// description and a runbook, and the unit tests make it fire at one time and stay silent at
// another. The alerts the issue asks for are all there.
func TestEveryAlertIsDocumentedAndTested(t *testing.T) {
	var tests struct {
		Tests []struct {
			AlertRuleTest []struct {
				Alertname string `yaml:"alertname"`
				ExpAlerts []any  `yaml:"exp_alerts"`
			} `yaml:"alert_rule_test"`
		} `yaml:"tests"`
	}
	b := testutil.ReadFile(t, rulesTestFile)
	if err := yaml.Unmarshal(b, &tests); err != nil {
		t.Fatal(err)
	}
	fires, silent := map[string]bool{}, map[string]bool{}
	for _, tc := range tests.Tests {
		for _, at := range tc.AlertRuleTest {
			if len(at.ExpAlerts) > 0 {
				fires[at.Alertname] = true
			} else {
				silent[at.Alertname] = true
			}
		}
	}

	var alerts []string
	for _, g := range readRules(t, rulesFile).Groups {
		for _, r := range g.Rules {
			if r.Alert == "" {
				continue
			}
			alerts = append(alerts, r.Alert)
			if r.For == "" {
				t.Errorf("%s: no `for` (write for: 0m when it fires at once)", r.Alert)
			}
			if sev := r.Labels["severity"]; sev != "critical" && sev != "warning" && sev != "info" {
				t.Errorf("%s: severity %q, want critical, warning or info", r.Alert, sev)
			}
			for _, a := range []string{"summary", "description", "runbook"} {
				if strings.TrimSpace(r.Annotations[a]) == "" {
					t.Errorf("%s: no %s annotation", r.Alert, a)
				}
			}
			if !fires[r.Alert] || !silent[r.Alert] {
				t.Errorf("%s: the unit tests must make it fire (%v) and stay silent (%v)", r.Alert, fires[r.Alert], silent[r.Alert])
			}
		}
	}
	for _, want := range []string{
		"Auth0FailedLoginSpike", "Auth0BruteForceBlock", "Auth0BreachedPasswordUsed", "Auth0ProtectionWeakened",
		"Auth0PrivilegeChange", "Auth0RefreshTokenReuse", "Auth0MFAPushBurst", "Auth0ReceiverLagging",
		"Auth0ReceiverRateLimited", "Auth0RetentionGap", "Auth0RecordsDropped", "Auth0PipelineRefusing",
		"Auth0CheckpointWriteFailing",
	} {
		if !slices.Contains(alerts, want) {
			t.Errorf("alert %s is missing from %s", want, rulesFile)
		}
	}
}
