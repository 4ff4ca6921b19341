package catalog

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// knownCategories is the set of Auth0 log-stream categories the table may use (the README's
// event-code table lists them).
var knownCategories = []string{
	"actions",
	"auth-login-fail",
	"auth-login-notification",
	"auth-login-success",
	"auth-logout-fail",
	"auth-logout-success",
	"auth-signup-fail",
	"auth-signup-success",
	"auth-silent-auth-fail",
	"auth-silent-auth-success",
	"auth-token-exchange-fail",
	"auth-token-exchange-success",
	"management-fail",
	"management-success",
	"other",
	"scim-event",
	"system-notification",
	"user-fail",
	"user-notification",
	"user-success",
}

// readRows reads a file of testdata: one row per line, fields separated by spaces, "#" lines
// are comments. Each file names its source in its header.
func readRows(t *testing.T, name string, fields, atLeast int) [][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for line := range strings.SplitSeq(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != fields {
			t.Fatalf("%s: want %d fields in %q", name, fields, line)
		}
		rows = append(rows, f)
	}
	if len(rows) < atLeast {
		t.Fatalf("%s: parsed only %d rows", name, len(rows))
	}
	return rows
}

// column returns field i of every row.
func column(rows [][]string, i int) []string {
	out := make([]string, len(rows))
	for j, r := range rows {
		out[j] = r[i]
	}
	return out
}

// currentRow is one code of Auth0's current list.
type currentRow struct{ code, category, outcome string }

func currentCodes(t *testing.T) []currentRow {
	t.Helper()
	var out []currentRow
	for _, r := range readRows(t, "event-codes.txt", 3, 150) {
		out = append(out, currentRow{code: r[0], category: r[1], outcome: r[2]})
	}
	return out
}

// currentWithoutRow are codes that Auth0's current list names (among its recent additions) in a
// row without a description, which the copy in testdata lacks.
var currentWithoutRow = []string{"srrt"}

func schemaTypes(t *testing.T) []string {
	return column(readRows(t, "tenant-log-schema-types.txt", 1, 150), 0)
}

func olderDocsCodes(t *testing.T) []string {
	return column(readRows(t, "older-docs-codes.txt", 1, 60), 0)
}

// extensionLevel is the level Auth0's export extensions gave a code.
type extensionLevel struct{ code, level string }

func extensionLevels(t *testing.T) []extensionLevel {
	t.Helper()
	var out []extensionLevel
	for _, r := range readRows(t, "extension-levels.txt", 2, 90) {
		out = append(out, extensionLevel{code: r[0], level: r[1]})
	}
	return out
}

func missing(codes []string) []string {
	var out []string
	for _, c := range codes {
		if _, ok := Lookup(c); !ok {
			out = append(out, c)
		}
	}
	return out
}

func TestEveryReferenceCodeHasAnEntry(t *testing.T) {
	var current []string
	for _, r := range currentCodes(t) {
		current = append(current, r.code)
	}
	var ext []string
	for _, l := range extensionLevels(t) {
		ext = append(ext, l.code)
	}
	sources := map[string][]string{
		"testdata/event-codes.txt":             append(current, currentWithoutRow...),
		"testdata/tenant-log-schema-types.txt": schemaTypes(t),
		"testdata/extension-levels.txt":        ext,
		"testdata/older-docs-codes.txt":        olderDocsCodes(t),
	}
	for src, codes := range sources {
		if m := missing(codes); len(m) > 0 {
			t.Errorf("%s: %d codes without an entry: %s", src, len(m), strings.Join(m, " "))
		}
	}
}

func TestTableIsWellFormed(t *testing.T) {
	names := map[string]string{}
	for i, e := range entries {
		if i > 0 && entries[i-1].Code >= e.Code {
			t.Errorf("entry %d: %q after %q: codes must be sorted and unique", i, e.Code, entries[i-1].Code)
		}
		if e.Code == "" || e.Name == "" || e.Category == "" {
			t.Errorf("entry %d (%q): empty field: %+v", i, e.Code, e)
		}
		if strings.TrimSpace(e.Name) != e.Name || strings.Contains(e.Name, "  ") {
			t.Errorf("%s: stray spaces in name %q", e.Code, e.Name)
		}
		if !slices.Contains(knownCategories, e.Category) {
			t.Errorf("%s: unknown category %q", e.Code, e.Category)
		}
		// The outcome bounds the severity: only failures may be ERROR.
		var allowed []Severity
		switch e.Outcome {
		case Success, Info:
			allowed = []Severity{SeverityInfo}
		case Warning:
			allowed = []Severity{SeverityWarn}
		case Failure:
			allowed = []Severity{SeverityWarn, SeverityError}
		default:
			t.Errorf("%s: outcome %q not in success/failure/warning/info", e.Code, e.Outcome)
			continue
		}
		if !slices.Contains(allowed, e.Severity) {
			t.Errorf("%s: severity %q with outcome %q, want one of %v", e.Code, e.Severity, e.Outcome, allowed)
		}
		// Many codes share Auth0's wording ("Failed Exchange"); the table's names must tell them apart.
		if prev, dup := names[e.Name]; dup {
			t.Errorf("%s and %s share the name %q", prev, e.Code, e.Name)
		}
		names[e.Name] = e.Code
	}
}

// A code is legacy exactly when neither Auth0's current list nor its current schema has it.
func TestLegacyMarksCodesGoneFromAuth0(t *testing.T) {
	current := map[string]bool{}
	for _, r := range currentCodes(t) {
		current[r.code] = true
	}
	for _, c := range currentWithoutRow {
		current[c] = true
	}
	for _, c := range schemaTypes(t) {
		current[c] = true
	}
	for _, e := range entries {
		if e.Legacy == current[e.Code] {
			t.Errorf("%s: Legacy=%v, but in Auth0's current lists: %v", e.Code, e.Legacy, current[e.Code])
		}
	}
}

// The table follows the reference classification except where a deliberate choice differs.
func TestAgreesWithReferenceTable(t *testing.T) {
	outcomeOverrides := map[string]Outcome{
		"directory_sync_completed":  Success, // the success of the pair completed/failed
		"flows_execution_completed": Success,
	}
	categoryOverrides := map[string]string{
		"feta": "auth-token-exchange-fail", // Auth0 files this failure under success
	}
	for _, r := range currentCodes(t) {
		e, ok := Lookup(r.code)
		if !ok {
			continue // reported by TestEveryReferenceCodeHasAnEntry
		}
		wantOutcome := Outcome(r.outcome)
		if o, ok := outcomeOverrides[r.code]; ok {
			wantOutcome = o
		}
		if e.Outcome != wantOutcome {
			t.Errorf("%s: outcome %q, reference says %q", r.code, e.Outcome, wantOutcome)
		}
		wantCategory := r.category
		if c, ok := categoryOverrides[r.code]; ok {
			wantCategory = c
		}
		if wantCategory == "-" { // Auth0 files the code nowhere: the table's own choice
			continue
		}
		if e.Category != wantCategory {
			t.Errorf("%s: category %q, reference says %q", r.code, e.Category, wantCategory)
		}
	}
}

// Auth0's own export extensions rated codes 1 (info) to 4 (critical). Their criticals must be
// ERROR here and their plain successes must not be failures.
func TestAgreesWithExtensionLevels(t *testing.T) {
	for _, l := range extensionLevels(t) {
		e, ok := Lookup(l.code)
		if !ok {
			continue
		}
		switch l.level {
		case "4":
			if e.Severity != SeverityError {
				t.Errorf("%s: extension level 4 (critical), severity %q", l.code, e.Severity)
			}
		case "1":
			if e.Severity != SeverityInfo {
				t.Errorf("%s: extension level 1 (success), severity %q", l.code, e.Severity)
			}
		}
	}
}

func TestSeverityRules(t *testing.T) {
	tests := []struct {
		want  Severity
		codes []string
	}{
		{SeverityInfo, []string{
			"s", "ss", "ssa", "slo", "sapi", "mgmt_api_read", "seccft", "sertft", "srrt", "sdu", "du",
			"cs", "cls", "gd_send_sms", "gd_enrollment_complete", "mfar", "pla", "appi", "con",
			"admin_update_launch", "sys_update_start", "scph", "directory_sync_completed", "ublkdu",
		}},
		// Warnings.
		{SeverityWarn, []string{"w", "wn", "wum", "depnote", "api_limit_warning", "acul_sdk_notice"}},
		// Failures an end user or a client request caused.
		{SeverityWarn, []string{
			"f", "fp", "fu", "fc", "fcoa", "fens", "fs", "fsa", "fdelsa", "flo", "federated_logout_failed",
			"universal_logout_failed", "fco", "fcp", "fce", "fcu", "fcpn", "fcpr", "fv", "fvr", "fd", "fi",
			"fdeac", "fdeaz", "fdecc", "feacft", "fepft", "fertft", "feoobft", "feotpft", "fepotpft",
			"fercft", "fede", "fecte", "feta", "fdeleacft", "ciba_exchange_failed", "jwt_bearer_exchange_failed",
			"gd_auth_failed", "gd_auth_rejected", "gd_recovery_failed", "gd_start_enroll_failed",
			"gd_webauthn_challenge_failed", "gd_webauthn_enrollment_failed", "passkey_challenge_failed",
			"too_many_records", "connected_accounts_connection_failed", "my_account_authentication_method_failed",
		}},
		// Tenant, configuration or delivery failures.
		{SeverityError, []string{
			"fapi", "fcpro", "coff", "fn", "fui", "fcph", "fpurh", "actions_execution_failed",
			"flows_execution_failed", "forms_submission_failed", "custom_domain_verification_failed",
			"custom_domains_verification_failed", "directory_sync_failed", "gd_send_sms_failure",
			"gd_send_voice_failure", "gd_send_pn_failure", "gd_send_email_failure",
			"gd_send_email_verification_failure", "kms_key_management_failure", "feccft", "fscim",
			"oidc_backchannel_logout_failed",
		}},
		// Security alarms.
		{SeverityError, []string{
			"limit_wc", "limit_mu", "limit_sul", "limit_ui", "limit_delegation", "limit_phone", "pwd_leak",
			"signup_pwd_leak", "reset_pwd_leak", "ferrt", "api_limit", "gd_otp_rate_limit_exceed",
			"gd_recovery_rate_limit_exceed",
		}},
	}
	for _, tt := range tests {
		for _, code := range tt.codes {
			t.Run(code, func(t *testing.T) {
				e, ok := Lookup(code)
				if !ok {
					t.Fatalf("%s: no entry", code)
				}
				if e.Severity != tt.want {
					t.Errorf("%s (%s): severity %s, want %s", code, e.Name, e.Severity, tt.want)
				}
			})
		}
	}
}

func TestSpotEntries(t *testing.T) {
	tests := []Entry{
		{Code: "fp", Name: "Failed Login (Incorrect Password)", Category: "auth-login-fail", Outcome: Failure, Severity: SeverityWarn},
		{Code: "feta", Name: "Failed Exchange (Token Vault)", Category: "auth-token-exchange-fail", Outcome: Failure, Severity: SeverityWarn},
		{Code: "ss", Name: "Success Signup", Category: "auth-signup-success", Outcome: Success, Severity: SeverityInfo},
		{Code: "srrt", Name: "Successfully revoked a refresh token", Category: "user-success", Outcome: Success, Severity: SeverityInfo},
		{Code: "fapi", Name: "Failed API Operation", Category: "management-fail", Outcome: Failure, Severity: SeverityError, Legacy: true},
		{Code: "fc", Name: "Failed by Connector", Category: "auth-login-fail", Outcome: Failure, Severity: SeverityWarn},
		{Code: "con", Name: "Connector Online", Category: "system-notification", Outcome: Info, Severity: SeverityInfo, Legacy: true},
		{Code: "sys_os_update_end", Name: "Auth0 OS Update Ended", Category: "system-notification", Outcome: Info, Severity: SeverityInfo, Legacy: true},
		{Code: "w", Name: "Warning During Login", Category: "auth-login-notification", Outcome: Warning, Severity: SeverityWarn},
	}
	for _, want := range tests {
		got, ok := Lookup(want.Code)
		if !ok {
			t.Errorf("%s: no entry", want.Code)
			continue
		}
		if *got != want {
			t.Errorf("Lookup(%q) = %+v, want %+v", want.Code, *got, want)
		}
	}
}

func TestLookupUnknownCode(t *testing.T) {
	for _, code := range []string{"", "FP", "fp ", "x_new_code", "auth-login-fail"} {
		if e, ok := Lookup(code); ok || e != nil {
			t.Errorf("Lookup(%q) = %v, %v; want nil, false", code, e, ok)
		}
	}
}

func TestUnknown(t *testing.T) {
	tests := []struct {
		code     string
		outcome  Outcome
		severity Severity
	}{
		{"fnew_failure", Failure, SeverityWarn},
		{"f_something", Failure, SeverityWarn},
		{"snew_success", Info, SeverityInfo},
		{"new_notice", Info, SeverityInfo},
		{"Fcaps", Info, SeverityInfo}, // codes are lower case; no guessing beyond the "f" rule
		{"", Info, SeverityInfo},
	}
	for _, tt := range tests {
		got := Unknown(tt.code)
		want := Entry{Code: tt.code, Outcome: tt.outcome, Severity: tt.severity}
		if got != want {
			t.Errorf("Unknown(%q) = %+v, want %+v", tt.code, got, want)
		}
	}
}

func TestCategories(t *testing.T) {
	want := slices.Clone(knownCategories)
	slices.Sort(want)
	got := Categories()
	if !slices.Equal(got, want) {
		t.Fatalf("Categories() = %v\nwant every known category once, sorted: %v", got, want)
	}
	got[0] = "mutated"
	if Categories()[0] == "mutated" {
		t.Error("Categories() returns the package's own slice")
	}
}

func TestIsCategory(t *testing.T) {
	for _, c := range knownCategories {
		if !IsCategory(c) {
			t.Errorf("IsCategory(%q) = false", c)
		}
	}
	// Dotted SDK spellings, codes and case variants are not categories.
	for _, c := range []string{"", "auth.login.fail", "AUTH-LOGIN-FAIL", "fp", "auth-login", "auth-ancillary-fail", "mutated"} {
		if IsCategory(c) {
			t.Errorf("IsCategory(%q) = true", c)
		}
	}
}

func TestAllReturnsACopy(t *testing.T) {
	all := All()
	if len(all) != len(entries) {
		t.Fatalf("All() has %d entries, the table %d", len(all), len(entries))
	}
	all[0].Severity = "FATAL"
	if entries[0].Severity == "FATAL" {
		t.Error("All() returns the package's own slice")
	}
}

func TestMarkdown(t *testing.T) {
	md := Markdown()
	lines := strings.Split(strings.TrimSuffix(md, "\n"), "\n")
	var rows []string
	for _, l := range lines {
		if strings.HasPrefix(l, "| `") {
			rows = append(rows, l)
		}
	}
	if len(rows) != len(entries) {
		t.Errorf("Markdown has %d code rows, the table %d entries", len(rows), len(entries))
	}
	for _, want := range []string{
		"| code | name | category | outcome | severity | OCSF (`format: ocsf`) | legacy |\n|---|---|---|---|---|---|---|\n",
		"| `fp` | Failed Login (Incorrect Password) | `auth-login-fail` | failure | WARN | Authentication: Logon |  |\n",
		"| `fapi` | Failed API Operation | `management-fail` | failure | ERROR | API Activity: by method | legacy |\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	if !strings.HasSuffix(md, "\n") {
		t.Error("Markdown must end with a newline so the END marker starts its own line")
	}
	if got := MarkdownTable([]string{"x"}, [][]string{{"a|b"}}); got != "| x |\n|---|\n| a\\|b |\n" {
		t.Errorf("a cell holding | breaks the row: %q", got)
	}
}
