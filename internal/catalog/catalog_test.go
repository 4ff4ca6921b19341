package catalog

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// refDir holds Auth0's reference lists, the project's shared docs: ../shared from the repository
// root (three levels up from this package), or AUTH0_REFERENCE_DIR.
var refDir = func() string {
	if dir := os.Getenv("AUTH0_REFERENCE_DIR"); dir != "" {
		return dir
	}
	return filepath.Join("..", "..", "..", "shared")
}()

// knownCategories is the set of Auth0 log-stream categories the table may use (DESIGN section 5).
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

// readRef reads a reference file. A checkout without the shared docs (a user's clone) skips the
// tests that compare the table with them; CI sets AUTH0_REQUIRE_REFERENCE=1 so they cannot be
// skipped there.
func readRef(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(refDir, rel))
	switch {
	case err == nil:
		return b
	case errors.Is(err, fs.ErrNotExist) && os.Getenv("AUTH0_REQUIRE_REFERENCE") == "":
		t.Skipf("reference file %v not found: the shared docs are not next to this checkout (set AUTH0_REFERENCE_DIR)", err)
	default:
		t.Fatalf("reference file: %v (the shared docs must sit at ../shared from the repository root, or in AUTH0_REFERENCE_DIR)", err)
	}
	return nil
}

// currentRow is one row of reference/event-codes.md.
type currentRow struct{ code, name, category, outcome string }

// currentCodes parses the table of reference/event-codes.md.
func currentCodes(t *testing.T) []currentRow {
	t.Helper()
	var rows []currentRow
	for _, line := range strings.Split(string(readRef(t, "reference/event-codes.md")), "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		f := strings.Split(line, "|")
		if len(f) != 7 {
			t.Fatalf("event-codes.md: want 5 columns, got %d in %q", len(f)-2, line)
		}
		rows = append(rows, currentRow{
			code:     strings.Trim(strings.TrimSpace(f[1]), "`"),
			name:     strings.TrimSpace(f[2]),
			category: strings.TrimSpace(f[4]),
			outcome:  strings.TrimSpace(f[5]),
		})
	}
	if len(rows) < 150 {
		t.Fatalf("event-codes.md: parsed only %d codes", len(rows))
	}
	return rows
}

// seedCodes returns the first-column codes of the older docs table in the seed document.
func seedCodes(t *testing.T) []string {
	t.Helper()
	pattern := filepath.Join("seeds", "000_*.txt")
	matches, err := filepath.Glob(filepath.Join(refDir, pattern))
	if err != nil || len(matches) > 1 {
		t.Fatalf("seed document: %v, %v", matches, err)
	}
	if len(matches) == 0 {
		readRef(t, pattern) // skips or fails, as for any missing reference file
	}
	b, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	// Only the first cell of a row: descriptions hold <code> too (`/delegation`).
	re := regexp.MustCompile(`<tr>\s*<td><code>([^<]+)</code>`)
	var codes []string
	for _, m := range re.FindAllStringSubmatch(string(b), -1) {
		codes = append(codes, m[1])
	}
	if len(codes) < 60 {
		t.Fatalf("seed document: parsed only %d codes", len(codes))
	}
	return codes
}

// extensionLevel is one line of reference/auth0-extension-levels.txt.
type extensionLevel struct{ code, name, severity, level string }

func extensionLevels(t *testing.T) []extensionLevel {
	t.Helper()
	var out []extensionLevel
	for _, line := range strings.Split(string(readRef(t, "reference/auth0-extension-levels.txt")), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "|")
		if len(f) != 4 {
			t.Fatalf("auth0-extension-levels.txt: want 4 fields in %q", line)
		}
		out = append(out, extensionLevel{
			code: strings.TrimSpace(f[0]), name: strings.TrimSpace(f[1]),
			severity: strings.TrimSpace(f[2]), level: strings.TrimSpace(f[3]),
		})
	}
	if len(out) < 90 {
		t.Fatalf("auth0-extension-levels.txt: parsed only %d codes", len(out))
	}
	return out
}

// schemaTypes returns the event types of Auth0's tenant-log OpenAPI schema.
func schemaTypes(t *testing.T) []string {
	t.Helper()
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties struct {
					Type struct {
						Const string `json:"const"`
					} `json:"type"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(readRef(t, "reference/auth0-tenant-logs-schema.json"), &doc); err != nil {
		t.Fatalf("tenant-logs schema: %v", err)
	}
	var types []string
	for name, s := range doc.Components.Schemas {
		if c := s.Properties.Type.Const; c != "" && c != name {
			t.Errorf("tenant-logs schema: schema %q has type const %q", name, c)
		}
		types = append(types, name)
	}
	if len(types) < 150 {
		t.Fatalf("tenant-logs schema: parsed only %d types", len(types))
	}
	slices.Sort(types)
	return types
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
		"reference/event-codes.md":                current,
		"reference/auth0-tenant-logs-schema.json": schemaTypes(t),
		"reference/auth0-extension-levels.txt":    ext,
		"seeds/000_*.txt (older docs table)":      seedCodes(t),
		// In Auth0's current list, but its row there has no description column.
		"DESIGN.md": {"srrt"},
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
		if strings.HasPrefix(wantCategory, "(") { // "(not in catalog)": the table's own choice
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
		"| code | name | category | outcome | severity | legacy |\n|---|---|---|---|---|---|\n",
		"| `fp` | Failed Login (Incorrect Password) | `auth-login-fail` | failure | WARN |  |\n",
		"| `fapi` | Failed API Operation | `management-fail` | failure | ERROR | legacy |\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	if !strings.HasSuffix(md, "\n") {
		t.Error("Markdown must end with a newline so the END marker starts its own line")
	}
	if got := cell("a|b"); got != `a\|b` {
		t.Errorf("cell(a|b) = %q", got)
	}
}
