package auth0sim

import (
	"strings"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
)

// family groups codes whose events share a shape (which identities they name, what details hold).
type family uint8

const (
	famGeneric family = iota
	famLoginOK
	famLoginFail
	famMgmt
	famExchangeOK
	famExchangeFail
	famLogout
	famGuardian
	famUser
	famRateLimit
	famSystem
	famActions
	famSCIM
)

// familyCodes assigns every code Auth0 documents (current, schema-only and legacy) to a family;
// codes added to the catalog later fall back to familyOf's rules.
var familyCodes = map[family]string{
	famLoginOK: "s scoa scv ssa sdel sdelsa sens ss passkey_challenge_started mfar pla",
	famLoginFail: "f fp fu fc fcoa fsa fdelsa fens fs fpar fpurh pwd_leak reset_pwd_leak signup_pwd_leak limit_wc limit_mu " +
		"limit_sul passkey_challenge_failed w rich_consents_access_error too_many_records fco fdeac fdeaz fdecc",
	famMgmt: "sapi fapi mgmt_api_read",
	famExchangeOK: "seacft seccft secte sede seoobft seotpft sepft sepkoobft sepkotpft sepkrcft sercft sertft seta " +
		"ciba_exchange_succeeded ciba_start_succeeded success_on_behalf_of_token_exchange idjag_exchange_succeeded sdeleacft sd",
	famExchangeFail: "feacft feccft fecte fede feoobft feotpft fepft fepotpft fercft ferrt fertft feta ciba_exchange_failed " +
		"ciba_start_failed failed_on_behalf_of_token_exchange idjag_exchange_failed jwt_bearer_exchange_failed fdeleacft fd",
	famLogout: "slo flo oidc_backchannel_logout_failed oidc_backchannel_logout_succeeded universal_logout_failed " +
		"universal_logout_succeeded federated_logout_failed srrt",
	famUser: "sce scp scpn scpr scu sv svr sdu fce fcp fcph scph fcpn fcpr fcu fdu fv fvr du cs cls fn wn si fi " +
		"organization_member_added ublkdu connected_accounts_connection_failed connected_accounts_connection_succeeded " +
		"connected_accounts_delete_failed connected_accounts_delete_succeeded my_account_authentication_method_failed " +
		"my_account_authentication_method_succeeded ss_sso_failure ss_sso_info ss_sso_success wum limit_phone",
	famRateLimit: "api_limit api_limit_warning limit_delegation limit_ui appi elevated_rate_limit",
	famSystem: "depnote acul_sdk_notice admin_update_launch sys_os_update_start sys_os_update_end sys_update_start " +
		"sys_update_end con coff fcpro fui sui custom_domain_verification_failed custom_domains_verification_failed directory_sync_completed " +
		"directory_sync_failed directory_sync_started kms_key_management_failure kms_key_management_success " +
		"kms_key_state_changed acls_summary resource_cleanup",
	famActions: "actions_execution_failed flows_execution_completed flows_execution_failed forms_submission_failed " +
		"forms_submission_succeeded",
	famSCIM: "sscim fscim",
}

var familyByCode = func() map[string]family {
	m := map[string]family{}
	for f, codes := range familyCodes {
		for c := range strings.FieldsSeq(codes) {
			m[c] = f
		}
	}
	return m
}()

func familyOf(e catalog.Entry) family {
	if f, ok := familyByCode[e.Code]; ok {
		return f
	}
	failed := e.Outcome == catalog.Failure
	switch {
	case strings.HasPrefix(e.Code, "gd_"):
		return famGuardian
	case strings.HasPrefix(e.Category, "auth-token-exchange"):
		return byOutcome(failed, famExchangeOK, famExchangeFail)
	case strings.HasPrefix(e.Category, "auth-logout"):
		return famLogout
	case strings.HasPrefix(e.Category, "auth-"):
		return byOutcome(failed, famLoginOK, famLoginFail)
	case strings.HasPrefix(e.Category, "user-"):
		return famUser
	case strings.HasPrefix(e.Category, "management"):
		return famMgmt
	case e.Category == "system-notification":
		return famSystem
	case e.Category == "actions":
		return famActions
	case strings.HasPrefix(e.Category, "scim"):
		return famSCIM
	}
	return famGeneric
}

// byOutcome is fail for a failure event, ok otherwise.
func byOutcome(failed bool, ok, fail family) family {
	if failed {
		return fail
	}
	return ok
}

// familyFields are the top-level fields of a family's events, for codes the schema does not list.
var familyFields = map[family]fieldSet{
	famGeneric:      fClient | fIP | fUser,
	famLoginOK:      fClient | fConn | fStrategy | fHost | fIP | fUser | fOrg | fSecCtx,
	famLoginFail:    fClient | fConn | fStrategy | fIP | fUser | fOrg | fSecCtx,
	famMgmt:         fClient | fIP | fUser | fAuth0Client | fRefs,
	famExchangeOK:   fClient | fConn | fHost | fIP | fUser | fAudience | fScope | fSecCtx,
	famExchangeFail: fClient | fConn | fHost | fIP | fUser | fAudience | fScope | fSecCtx,
	famLogout:       fClient | fConn | fHost | fIP | fUser,
	famGuardian:     fIP | fUser,
	famUser:         fClient | fConn | fStrategy | fIP | fUser,
	famRateLimit:    fClient | fHost | fIP,
	famSystem:       0,
	famActions:      fClient | fConn | fHost | fIP | fUser,
	famSCIM:         fClient | fIP,
}

// fieldSet says which optional top-level fields an event type carries.
type fieldSet uint32

const (
	fClient fieldSet = 1 << iota
	fConn
	fStrategy
	fHost
	fIP
	fUser
	fAudience
	fScope
	fOrg
	fSecCtx
	fRefs
	fAuth0Client
	fClientIP
)

// mixWeights is the share of each common code in a busy B2C tenant: mostly logins, silent auth
// and token exchanges, some failed logins and Management API writes. Codes without a weight
// still appear through the coverage slots of codeAt.
var mixWeights = map[string]int{
	"s": 300, "ssa": 160, "seacft": 120, "sertft": 90, "seccft": 80, "fsa": 60, "fp": 50, "sapi": 40, "slo": 40,
	"sepft": 15, "fu": 20, "f": 15, "ss": 15, "feacft": 8, "fertft": 10, "gd_send_sms": 8, "gd_auth_succeed": 10,
	"gd_start_auth": 10, "gd_send_pn": 6, "sv": 5, "svr": 5, "scp": 4, "scpr": 6, "fcpr": 1, "sdu": 2,
	"mgmt_api_read": 5, "cls": 6, "cs": 6, "sens": 5, "scoa": 8, "fcoa": 3, "w": 5, "mfar": 4,
	"api_limit_warning": 1, "api_limit": 1, "pwd_leak": 1, "limit_wc": 1, "limit_mu": 1, "depnote": 1,
	"feccft": 2, "fco": 2, "flo": 1, "srrt": 3, "ferrt": 1, "fs": 3, "gd_auth_failed": 2, "sede": 2,
	"seotpft": 3, "seoobft": 2, "scu": 1, "sce": 1, "fv": 1, "fcp": 1, "fn": 1, "pla": 2,
}

// codeInfo is what rendering needs about a code, computed once.
type codeInfo struct {
	code    string
	name    string
	fam     family
	fields  fieldSet
	failure bool
}

func newCodeInfo(code string) codeInfo {
	e, ok := catalog.Lookup(code)
	if !ok {
		u := catalog.Unknown(code)
		e = &u
	}
	ci := codeInfo{code: code, name: e.Name, fam: familyOf(*e), failure: e.Outcome == catalog.Failure}
	if f, ok := schemaFields[code]; ok {
		ci.fields = f
	} else {
		ci.fields = familyFields[ci.fam]
	}
	return ci
}

// mix picks the code of each event. Its first 2*len(codes) events cycle through every code on
// odd indexes, so any backlog of that size holds them all; later one event in 16 keeps cycling
// and the rest follow mixWeights.
type mix struct {
	codes []codeInfo
	table []uint16 // code indexes, each repeated by its weight
}

func newMix(codes []string) *mix {
	m := &mix{}
	seen := map[string]bool{}
	for _, c := range codes {
		if c == "" || seen[c] {
			continue
		}
		seen[c] = true
		m.codes = append(m.codes, newCodeInfo(c))
	}
	for i, ci := range m.codes {
		for k := 0; k < mixWeights[ci.code]; k++ {
			m.table = append(m.table, uint16(i))
		}
	}
	if len(m.table) == 0 {
		for i := range m.codes {
			m.table = append(m.table, uint16(i))
		}
	}
	return m
}

func (m *mix) codeAt(seed int64, i int) *codeInfo {
	n := len(m.codes)
	switch {
	case i < 2*n:
		if i%2 == 1 {
			return &m.codes[i/2]
		}
	case i%16 == 15:
		return &m.codes[((i-2*n)/16)%n]
	}
	return &m.codes[m.table[hash(seed, i, saltCode)%uint64(len(m.table))]]
}

// catalogCodes lists every code of the catalog, legacy ones included.
func catalogCodes() []string {
	var out []string
	for _, e := range catalog.All() {
		out = append(out, e.Code)
	}
	return out
}
