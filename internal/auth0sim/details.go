package auth0sim

import (
	"strconv"
	"strings"
)

// The details object of each family, following the real examples and the tenant-log schema.

// appendToken writes a random opaque value (session ids, jtis, execution ids) under k.
func (e *event) appendToken(w *jw, k string, n int) { e.appendID(w, k, "", n) }

// appendID writes prefix and n random letters and digits under k: an id such as dev_… or cd_….
func (e *event) appendID(w *jw, k, prefix string, n int) {
	w.begin(k, '"')
	w.b = append(w.b, prefix...)
	w.b = e.r.appendAlnum(w.b, n)
	w.finish('"')
}

// appendActionExecutions writes actions.executions: the id of the Action run during the event.
func (e *event) appendActionExecutions(w *jw) {
	w.obj("actions")
	w.arr("executions")
	e.appendToken(w, "", 44) // an array element: the empty key writes no name
	w.endArr()
	w.end()
}

// appendHexStr writes n random hex digits under k.
func (e *event) appendHexStr(w *jw, k string, n int) {
	w.begin(k, '"')
	w.b = e.r.appendHex(w.b, n)
	w.finish('"')
}

func (e *event) writeDetails(w *jw) {
	switch e.ci.fam {
	case famLoginOK:
		e.detailsLogin(w)
	case famLoginFail:
		e.detailsLoginFail(w)
	case famMgmt:
		e.detailsMgmt(w)
	case famExchangeOK, famExchangeFail:
		e.detailsExchange(w)
	case famLogout:
		e.detailsLogout(w)
	case famGuardian:
		e.detailsGuardian(w)
	case famUser:
		e.detailsUser(w)
	case famRateLimit:
		e.detailsRateLimit(w)
	case famSystem:
		e.detailsSystem(w)
	case famActions:
		e.detailsActions(w)
	case famSCIM:
		e.detailsSCIM(w)
	default:
		w.obj("details")
		if e.ci.failure {
			w.obj("error")
			w.str("message", e.ci.name)
			w.end()
		}
		w.end()
	}
}

// detailsLogin follows the real `s` event: prompts, timings, session and login count.
func (e *event) detailsLogin(w *jw) {
	r := &e.r
	elapsed := int64(800 + r.intn(15000))
	logins := int64(1 + r.intn(300))
	w.obj("details")
	if e.ci.code != "ssa" && e.conn != nil && e.user != nil {
		w.arr("prompts")
		w.obj("")
		w.str("name", "prompt-authenticate")
		w.int("completedAt", e.date-300)
		w.str("connection", e.conn.name)
		w.str("connection_id", e.conn.id)
		w.str("strategy", e.conn.strategy)
		e.appendHexStr(w, "identity", 24)
		w.obj("stats")
		w.int("loginsCount", logins)
		w.end()
		w.null("elapsedTime")
		w.end()
		w.obj("")
		w.str("name", "login")
		w.str("flow", "universal-login")
		w.int("initiatedAt", e.date-elapsed+10)
		w.int("completedAt", e.date-200)
		w.obj("timers")
		w.int("rules", int64(r.intn(20)))
		w.end()
		w.str("user_id", e.user.id)
		w.str("user_name", e.user.name)
		w.int("elapsedTime", elapsed-210)
		w.end()
		w.endArr()
	} else {
		w.arr("prompts")
		w.endArr()
	}
	w.int("initiatedAt", e.date-elapsed)
	w.int("completedAt", e.date)
	w.int("elapsedTime", elapsed)
	e.appendToken(w, "session_id", 32)
	w.obj("stats")
	w.int("loginsCount", logins)
	w.end()
	if r.chance(0.3) {
		w.obj("riskAssessment")
		w.str("confidence", r.pick([]string{"high", "medium", "low"}))
		w.str("version", "1")
		w.obj("assessments")
		for _, a := range []string{"UntrustedIP", "NewDevice", "ImpossibleTravel"} {
			w.obj(a)
			w.str("confidence", r.pick([]string{"high", "neutral", "low"}))
			w.str("code", r.pick([]string{"not_found_on_deny_list", "match", "no_travel", "initial_login"}))
			w.end()
		}
		w.end()
		w.end()
	}
	if r.chance(0.4) {
		e.appendActionExecutions(w)
	}
	if e.ci.code == "mfar" {
		w.str("grant_type", "authorization_code")
	}
	w.end()
}

var loginErrorTypes = []string{"invalid_request", "access_denied", "login_required", "unauthorized_client"}

func (e *event) detailsLoginFail(w *jw) {
	r := &e.r
	switch e.ci.code {
	case "limit_wc", "limit_sul", "pwd_leak", "reset_pwd_leak", "signup_pwd_leak", "fpurh":
		return // these carry their message in description only
	case "fco":
		w.obj("details")
		w.strs("allowedOrigins", "https://app.acme.test", "https://portal.acme.test")
		w.str("origin", "https://app.evil.example")
		w.str("method", "POST")
		w.str("host", e.g.t.domain)
		w.str("originalUrl", "/co/authenticate")
		w.str("xhr", "true")
		w.end()
		return
	case "limit_mu":
		w.obj("details")
		w.str("flow", "login")
		w.end()
		return
	}
	w.obj("details")
	w.obj("error")
	msg := e.desc
	if msg == "" {
		msg = e.ci.name
	}
	w.str("message", msg)
	if e.ci.code == "f" || e.ci.code == "fsa" || r.chance(0.3) {
		w.str("oauthError", r.pick(loginErrorTypes))
		w.str("type", r.pick([]string{"request-error", "oauth-authorization", "invalid-state"}))
	}
	w.end()
	if e.ci.code == "f" {
		w.obj("qs")
		w.str("client_id", e.cli.id)
		w.str("redirect_uri", "https://app.acme.test/callback")
		w.str("response_type", "code")
		w.str("scope", "openid profile email")
		e.appendToken(w, "state", 24)
		w.end()
		e.appendToken(w, "session_id", 32)
	}
	if r.chance(0.6) {
		e.appendToken(w, "transaction_id", 32)
	}
	w.end()
}

type mgmtOp struct {
	method, path, desc string
	status             int64
	secret             bool   // the answer holds a secret: logged as mgmt_api_read when it is a GET
	req, resp          string // the request and response bodies as JSON; "" writes the generic ones
	weight             int    // share among the writes of the mix
}

// mgmtOps are the Management API writes of the mix: everyday operations, and the changes the
// receiver's security signals judge (protections switched off, MFA changes, grants, roles,
// tenant members, login-flow code), a few of them harmless twins. Shapes follow the Management
// API reference.
var mgmtOps = []mgmtOp{
	{method: "post", path: "/api/v2/client-grants", desc: "Create client grant", status: 201, weight: 4},
	{method: "patch", path: "/api/v2/users/{user}", desc: "Update a user", status: 200, weight: 4},
	{method: "delete", path: "/api/v2/users/{user}", desc: "Delete a user", status: 204, weight: 4},
	{method: "post", path: "/api/v2/users", desc: "Create a User", status: 201, weight: 4},
	{method: "patch", path: "/api/v2/clients/{client}", desc: "Update a client", status: 200, weight: 4},
	{method: "post", path: "/api/v2/roles/rol_Acme0001/users", desc: "Assign users to a role", status: 200, weight: 4},
	{method: "post", path: "/api/v2/tickets/password-change", desc: "Create a password change ticket", status: 201, weight: 4},
	{method: "put", path: "/api/v2/branding/templates/universal-login", desc: "Set template for New Universal Login Experience", status: 204, weight: 4},
	opBruteForceOff,
	{
		method: "patch", path: "/api/v2/attack-protection/brute-force-protection", desc: "Update Brute-force settings", status: 200,
		req: `{"enabled":true,"shields":["block","user_notification"]}`, resp: bruteForceSettings(true), weight: 1,
	},
	{
		method: "patch", path: "/api/v2/attack-protection/suspicious-ip-throttling", desc: "Update Suspicious IP Throttling settings",
		status: 200, req: `{"enabled":false}`,
		resp:   `{"enabled":false,"shields":["admin_notification","block"],"allowlist":[],"stage":{"pre-login":{"max_attempts":100,"rate":864000},"pre-user-registration":{"max_attempts":50,"rate":1200}}}`,
		weight: 1,
	},
	{
		method: "patch", path: "/api/v2/attack-protection/breached-password-detection", desc: "Update Breached Password Detection settings",
		status: 200, req: `{"stage":{"pre-user-registration":{"shields":["admin_notification"]}}}`,
		resp:   `{"enabled":true,"shields":["block","user_notification"],"admin_notification_frequency":["daily"],"method":"standard","stage":{"pre-user-registration":{"shields":["admin_notification"]},"pre-change-password":{"shields":["block"]}}}`,
		weight: 1,
	},
	{
		method: "patch", path: "/api/v2/attack-protection/bot-detection", desc: "Update Bot Detection settings", status: 200,
		req:    `{"challenge_password_policy":"never"}`,
		resp:   `{"bot_detection_level":"medium","challenge_password_policy":"never","challenge_passwordless_policy":"when_risky","challenge_password_reset_policy":"when_risky","allowlist":[],"monitoring_mode_enabled":false}`,
		weight: 1,
	},
	{
		method: "put", path: "/api/v2/guardian/policies", desc: "Set the Multi-factor Authentication policies", status: 200,
		req: `[]`, resp: `[]`, weight: 1,
	},
	{
		method: "put", path: "/api/v2/guardian/policies", desc: "Set the Multi-factor Authentication policies", status: 200,
		req: `["all-applications"]`, resp: `["all-applications"]`, weight: 1,
	},
	{
		method: "put", path: "/api/v2/guardian/factors/otp", desc: "Update a Multi-factor Authentication Factor", status: 200,
		req: `{"enabled":false}`, resp: `{"enabled":false}`, weight: 1,
	},
	{
		method: "put", path: "/api/v2/guardian/factors/webauthn-roaming", desc: "Update a Multi-factor Authentication Factor", status: 200,
		req: `{"enabled":true}`, resp: `{"enabled":true}`, weight: 1,
	},
	{
		method: "patch", path: "/api/v2/risk-assessments/settings", desc: "Update risk assessment settings", status: 200,
		req: `{"enabled":false}`, resp: `{"enabled":false}`, weight: 1,
	},
	{
		method: "patch", path: "/api/v2/clients/{client}", desc: "Update a client", status: 200,
		req:  `{"grant_types":["authorization_code","implicit","refresh_token"]}`,
		resp: `{"name":"Acme Web","app_type":"spa","grant_types":["authorization_code","implicit","refresh_token"],"cross_origin_authentication":false,"client_secret":"*****"}`, weight: 1,
	},
	{
		method: "patch", path: "/api/v2/clients/{client}", desc: "Update a client", status: 200,
		req:  `{"cross_origin_authentication":true,"allowed_origins":["https://app.acme.test"]}`,
		resp: `{"name":"Acme Web","app_type":"spa","grant_types":["authorization_code","refresh_token"],"cross_origin_authentication":true,"allowed_origins":["https://app.acme.test"],"client_secret":"*****"}`, weight: 1,
	},
	{
		method: "post", path: "/api/v2/roles", desc: "Create a role", status: 200,
		req:  `{"name":"Support Admin","description":"Manages every user"}`,
		resp: `{"id":"rol_Hc8n2Lp5Rt1Vx9Yq","name":"Support Admin","description":"Manages every user"}`, weight: 1,
	},
	{
		method: "post", path: "/api/v2/roles", desc: "Create a role", status: 200,
		req:  `{"name":"Order Viewer","description":"Reads orders"}`,
		resp: `{"id":"rol_Pm4k7Qs2Nw8Zb1Xc","name":"Order Viewer","description":"Reads orders"}`, weight: 1,
	},
	{
		method: "patch", path: "/api/v2/actions/triggers/post-login/bindings", desc: "Update trigger bindings", status: 200,
		req:  `{"bindings":[{"display_name":"Add roles to token","ref":{"type":"action_name","value":"add-roles-to-token"}}]}`,
		resp: `{"bindings":[{"id":"4e3bbd4e-6c2f-4b0e-9c1a-7d6f8e2a1b3c","trigger_id":"post-login","display_name":"Add roles to token"}]}`, weight: 1,
	},
	{
		method: "post", path: "/api/v2/tenants/invitations", desc: "Create tenant invitations for a given client", status: 201,
		req:  `{"owners":["eve.mallory@mail.example.org"],"roles":["owner"]}`,
		resp: `[{"email":"eve.mallory@mail.example.org","invitation_id":"inv_TEyzbreI336AHrfU"}]`, weight: 1,
	},
	{method: "delete", path: "/api/v2/tenants/members/{user}", desc: "Delete tenant member", status: 204, weight: 1},
	{
		method: "patch", path: "/api/v2/tenants/invitations/inv_TEyzbreI336AHrfU", desc: "Update an invitation", status: 200,
		req: `{"state":"accepted","user":{"email":"eve.mallory@mail.example.org"}}`, resp: `{}`, weight: 1,
	},
	{
		method: "post", path: "/api/v2/integrations/installed", desc: "Install an available integration", status: 201,
		req:  `{"integration_id":"64bee519-818f-4473-ab08-7c380f28da77"}`,
		resp: `{"id":"64bee519-818f-4473-ab08-7c380f28da77","integration_id":"64bee519-818f-4473-ab08-7c380f28da77"}`, weight: 1,
	},
	{
		method: "post", path: "/oidc/register", desc: "Dynamic client registration", status: 201,
		req:  `{"client_name":"My Dynamic Application","redirect_uris":["https://application.example.com/callback"]}`,
		resp: `{"client_name":"My Dynamic Application","client_id":"8SXWY6j3afl2CP5ntwEOpMdPxxy49Gt2","client_secret":"*****"}`, weight: 1,
	},
}

// opBruteForceOff switches brute-force protection off: in the mix and in the attack scenario.
var opBruteForceOff = mgmtOp{
	method: "patch", path: "/api/v2/attack-protection/brute-force-protection",
	desc: "Update Brute-force settings", status: 200, req: `{"enabled":false}`, resp: bruteForceSettings(false), weight: 1,
}

func bruteForceSettings(enabled bool) string {
	return `{"enabled":` + strconv.FormatBool(enabled) +
		`,"shields":["block","user_notification"],"mode":"count_per_identifier_and_ip","allowlist":[],"max_attempts":10}`
}

// mgmtPick holds op indexes, each repeated by its weight.
var mgmtPick = func() []uint8 {
	var out []uint8
	for i, op := range mgmtOps {
		for range op.weight {
			out = append(out, uint8(i))
		}
	}
	return out
}()

var mgmtReads = []mgmtOp{
	{method: "get", path: "/api/v2/clients/{client}", desc: "Get a client", status: 200, secret: true},
	{method: "get", path: "/api/v2/connections/{conn}", desc: "Get a connection", status: 200, secret: true},
}

// detailsMgmt follows the real `sapi` event: the request as received and the response.
func (e *event) detailsMgmt(w *jw) {
	r := &e.r
	op := e.op
	status := op.status
	if e.ci.code == "fapi" {
		status = []int64{400, 404, 409}[r.intn(3)]
	}
	w.obj("details")
	if op.secret {
		w.strs("accessedSecrets", "client_secret")
	}
	w.obj("request")
	w.obj("auth")
	w.obj("credentials")
	e.appendHexStr(w, "jti", 32)
	w.end()
	if e.user != nil {
		w.str("strategy", "jwt")
		w.obj("user")
		w.str("email", e.user.email)
		w.str("name", e.user.email)
		w.str("user_id", e.user.id)
		w.end()
	} else {
		w.str("strategy", "jwt")
		w.str("user", "")
	}
	w.end()
	if e.user != nil {
		w.str("channel", "https://manage.auth0.com/")
	} else {
		w.str("channel", "api")
	}
	w.strBytes("ip", e.ip())
	w.str("method", op.method)
	w.key("path")
	w.b = e.appendPath(w.b, op.path)
	w.comma = true
	w.obj("query")
	w.end()
	if e.user != nil {
		w.str("userAgent", "Mozilla/5.0 (X11; Arch; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0")
	} else {
		w.str("userAgent", "node-auth0/4.4.0")
	}
	if op.req != "" {
		w.raw("body", op.req)
	} else if op.method != "get" && op.method != "delete" {
		w.obj("body")
		w.str("audience", e.g.t.apiAudience)
		w.str("client_id", e.g.t.clients[6].id)
		w.strs("scope", "read:logs", "read:logs_users")
		w.end()
	}
	w.end()
	w.obj("response")
	w.int("statusCode", status)
	switch {
	case status >= 400:
		w.obj("body")
		w.int("statusCode", status)
		switch status {
		case 400:
			w.str("error", "Bad Request")
			w.str("message", "Payload validation error: 'Missing required property: connection'.")
			w.str("errorCode", "invalid_body")
		case 404:
			w.str("error", "Not Found")
			w.str("message", "The user does not exist.")
			w.str("errorCode", "inexistent_user")
		default:
			w.str("error", "Conflict")
			w.str("message", "The user already exists.")
			w.str("errorCode", "auth0_idp_error")
		}
		w.end()
	case op.resp != "":
		w.raw("body", op.resp)
	case op.secret && strings.HasPrefix(op.path, "/api/v2/connections/"):
		c := &e.g.t.conns[0]
		w.obj("body")
		w.str("id", c.id)
		w.str("name", c.name)
		w.str("strategy", c.strategy)
		w.obj("options")
		w.str("client_secret", "*****")
		w.end()
		w.end()
	case op.secret:
		w.obj("body")
		w.str("client_id", e.cli.id)
		w.str("client_secret", "*****")
		w.str("name", e.cli.name)
		w.end()
	case status != 204:
		w.obj("body")
		w.str("id", "cgr_"+e.g.t.clients[6].id[:16])
		w.str("audience", e.g.t.apiAudience)
		w.end()
	default:
		w.obj("body")
		w.end()
	}
	w.end()
	w.end()
}

// appendPath appends path as a JSON string, filling the {user}, {client} and {conn} holes.
func (e *event) appendPath(b []byte, path string) []byte {
	b = append(b, '"')
	for path != "" {
		open := strings.IndexByte(path, '{')
		if open < 0 {
			b = append(b, path...)
			break
		}
		b = append(b, path[:open]...)
		end := strings.IndexByte(path, '}')
		switch path[open+1 : end] {
		case "user":
			u := &e.g.t.users[e.r.intn(len(e.g.t.users))]
			for k := 0; k < len(u.id); k++ { // URL-encode the "|" of user ids
				if u.id[k] == '|' {
					b = append(b, "%7C"...)
				} else {
					b = append(b, u.id[k])
				}
			}
		case "client":
			b = append(b, e.cli.id...)
		case "conn":
			b = append(b, e.g.t.conns[0].id...)
		}
		path = path[end+1:]
	}
	return append(b, '"')
}

func (e *event) detailsExchange(w *jw) {
	r := &e.r
	code := e.ci.code
	switch {
	case code == "ferrt":
		w.obj("details")
		e.appendToken(w, "familyId", 24)
		w.int("tokenCounter", int64(2+r.intn(10)))
		w.int("latestCounter", int64(12+r.intn(10)))
		w.end()
	case code == "fertft":
		w.obj("details")
		w.str("failure_reason", r.pick([]string{"expired", "revoked", "not_found"}))
		w.end()
	case e.ci.failure:
		if r.chance(0.5) {
			return // most failed exchanges carry the reason in description only
		}
		w.obj("details")
		w.obj("error")
		w.str("message", e.desc)
		w.str("type", r.pick([]string{"invalid_grant", "unauthorized_client", "access_denied"}))
		w.end()
		w.end()
	default:
		w.obj("details")
		e.appendHexStr(w, "access_token_jti", 32)
		switch code {
		case "seacft":
			e.appendID(w, "code", "*************", 3)
		case "sertft":
			e.appendToken(w, "familyId", 24)
			w.int("tokenCounter", int64(1+r.intn(40)))
		}
		if r.chance(0.3) {
			e.appendActionExecutions(w)
		}
		w.end()
	}
}

func (e *event) detailsLogout(w *jw) {
	r := &e.r
	w.obj("details")
	switch e.ci.code {
	case "oidc_backchannel_logout_failed", "oidc_backchannel_logout_succeeded":
		w.str("initiator", r.pick([]string{"rp-logout", "session-expired", "account-deleted"}))
		w.obj("session_metadata")
		e.appendToken(w, "sid", 32)
		w.end()
		if e.ci.failure {
			w.arr("errors")
			w.obj("")
			w.str("message", "Request to https://app.acme.test/backchannel-logout timed out")
			w.end()
			w.endArr()
		}
	case "srrt":
		e.appendToken(w, "session_id", 32)
		w.obj("refresh_token")
		e.appendToken(w, "id", 24)
		w.end()
	default:
		w.str("return_to", "https://app.acme.test/")
		w.strs("allowed_logout_url", "https://app.acme.test/", "https://portal.acme.test/")
		w.str("protocol", r.pick([]string{"oidc", "saml", "wsfed"}))
		e.appendToken(w, "session_id", 32)
		e.appendFailureError(w)
	}
	w.end()
}

// appendFailureError writes details.error for a failure event, with its description.
func (e *event) appendFailureError(w *jw) {
	if e.ci.failure {
		w.obj("error")
		w.str("message", e.desc)
		w.end()
	}
}

// detailsGuardian follows Guardian (MFA) events: the authenticator, the enrollment, and for
// failures the failure details.
func (e *event) detailsGuardian(w *jw) {
	r := &e.r
	kind := r.pick([]string{"sms", "push", "otp", "email", "webauthn-roaming"})
	if e.authKind != "" {
		kind = e.authKind
	}
	w.obj("details")
	w.obj("authenticator")
	w.key("id")
	w.b = append(w.b, `"`...)
	w.b = append(w.b, kind...)
	w.b = append(w.b, `|dev_`...)
	w.b = r.appendAlnum(w.b, 16)
	w.b = append(w.b, '"')
	w.comma = true
	w.str("type", kind)
	if kind == "sms" {
		w.str("phone_number", "XXXXXXXX1234")
	}
	w.end()
	w.obj("enrollment")
	e.appendID(w, "_id", "dev_", 16)
	w.str("tenant", e.g.t.name)
	w.str("user_id", e.userID())
	w.str("name", r.pick([]string{"iPhone 15", "Pixel 8", "YubiKey 5C", "Authenticator app"}))
	w.end()
	e.appendToken(w, "session_id", 32)
	w.boolean("first_factor", false)
	w.boolean("remember_browser", r.chance(0.3))
	if e.ci.failure {
		w.obj("failure_details")
		w.str("errorCode", r.pick([]string{"invalid_otp", "too_many_attempts", "provider_error"}))
		w.str("message", e.ci.name)
		w.end()
	}
	w.end()
}

func (e *event) detailsUser(w *jw) {
	r := &e.r
	email := ""
	if e.user != nil {
		email = e.user.email
	}
	w.obj("details")
	switch e.ci.code {
	case "cs", "cls":
		w.obj("body")
		w.str("email", email)
		if e.conn != nil {
			w.str("connection", e.conn.name)
		}
		w.str("send", ifElse(e.ci.code == "cls", "link", "code"))
		w.end()
		if e.ci.code == "cls" {
			w.str("link", "https://"+e.g.t.domain+"/passwordless/verify_redirect?scope=openid&response_type=code&verification_code=******")
		}
	case "scp", "sv", "fv", "ublkdu":
		w.str("email", email)
		w.str("title", titles[e.ci.code])
		w.obj("query")
		w.str("email", email)
		w.str("tenant", e.g.t.name)
		w.end()
	case "si", "fi", "organization_member_added":
		w.obj("invitation")
		e.appendID(w, "id", "uinv_", 16)
		w.str("organization_id", e.g.t.orgs[r.intn(len(e.g.t.orgs))].id)
		w.str("invitee_email", email)
		w.end()
	case "fn", "wn":
		w.str("email_type", r.pick([]string{"verify_email", "reset_email", "welcome_email"}))
		w.str("to", email)
		if e.ci.code == "fn" {
			w.str("error", "Error sending email: provider rejected the message")
		} else {
			w.str("warning", "Email provider rate limit is near")
		}
	default:
		w.obj("body")
		w.str("email", email)
		if e.conn != nil {
			w.str("connection", e.conn.name)
		}
		w.str("tenant", e.g.t.name)
		if e.cli != nil {
			w.str("client_id", e.cli.id)
		}
		w.end()
		e.appendFailureError(w)
	}
	w.end()
}

func (e *event) detailsRateLimit(w *jw) {
	r := &e.r
	switch e.ci.code {
	case "limit_delegation", "limit_ui":
		return
	case "elevated_rate_limit":
		w.obj("details")
		w.str("reason", "Elevated rate limit applied for a traffic peak")
		w.int("limit", 100)
		w.end()
		return
	case "appi":
		w.obj("details")
		w.int("total_hours_allocated", 48)
		used := int64(r.intn(48))
		w.int("total_hours_consumed", used)
		w.int("total_hours_remaining", 48-used)
		w.end()
		return
	}
	w.obj("details")
	w.obj("limit")
	w.str("bucket", r.pick([]string{"per_tenant_api_read_logs", "global_management_api", "per_ip_per_user"}))
	w.boolean("global", r.chance(0.5))
	w.int("size", int64(r.pick2(10, 50)))
	w.end()
	w.obj("request")
	w.str("method", "get")
	w.str("path", r.pick([]string{"/api/v2/logs", "/api/v2/users", "/api/v2/clients"}))
	w.end()
	if e.ci.code == "api_limit" {
		w.str("response", "Too Many Requests")
	}
	w.end()
}

func (e *event) detailsSystem(w *jw) {
	r := &e.r
	dateStr := func(k string, ms int64) {
		w.begin(k, '"')
		w.b = appendDate(w.b, ms)
		w.finish('"')
	}
	w.obj("details")
	switch c := e.ci.code; c {
	case "depnote":
		w.obj("feature")
		w.str("id", "legacy_user_profile")
		w.str("name", "Legacy user profile")
		w.end()
		w.str("method", "GET")
		w.str("path", "/userinfo")
	case "directory_sync_completed", "directory_sync_failed", "directory_sync_started":
		e.appendToken(w, "synchronization_id", 24)
		w.boolean("scheduled", r.chance(0.8))
		dateStr("created_at", e.date-60000)
		dateStr("started_at", e.date-50000)
		if c != "directory_sync_started" {
			w.str("sync_status", ifElse(c == "directory_sync_failed", "failed", "completed"))
		}
		if c == "directory_sync_failed" {
			w.str("error", "Upstream directory returned 401 Unauthorized")
		}
	case "custom_domain_verification_failed", "custom_domains_verification_failed":
		e.appendID(w, "custom_domain_id", "cd_", 16)
		w.str("domain", "login.acme.test")
		w.str("status", "pending_verification")
		w.str("error", "CNAME record not found")
	case "acls_summary":
		dateStr("start_time", e.date-3600000)
		dateStr("end_time", e.date)
		w.obj("stats")
		w.int("block", int64(r.intn(100)))
		w.int("allow", int64(r.intn(10000)))
		w.end()
	case "resource_cleanup":
		w.str("resource", "sessions")
		w.int("start", e.date-1000)
		w.int("endCount", int64(r.intn(100)))
		w.int("removedCount", int64(r.intn(5000)))
	case "kms_key_state_changed", "kms_key_management_success", "kms_key_management_failure":
		e.appendToken(w, "id", 20)
		w.str("state", r.pick([]string{"active", "pre-activation", "deactivated"}))
		w.str("type", "tenant-master-key")
	case "acul_sdk_notice":
		w.str("id", "deprecated_method")
		w.str("message", "loginId() is deprecated, use login()")
		w.str("sdk_version", "1.3.0")
		w.str("documentation", "https://auth0.com/docs/customize/login-pages/advanced-customizations")
	case "sui", "fui":
		if e.conn != nil {
			w.str("connection", e.conn.name)
		}
		w.str("tenant", e.g.t.name)
		if e.ci.failure {
			w.str("error", "Import failed: 3 users have invalid email")
		}
	case "con", "coff", "fcpro":
		w.str("connector", "acme-ad-connector")
		w.str("version", "6.1.2")
		if e.ci.failure {
			w.str("error", "Connector could not reach the tenant")
		}
	default:
		w.str("version", "2024.05.1")
		if e.ci.failure {
			w.str("error", e.ci.name)
		}
	}
	w.end()
}

func (e *event) detailsActions(w *jw) {
	r := &e.r
	w.obj("details")
	switch e.ci.code {
	case "actions_execution_failed":
		w.str("action_name", r.pick([]string{"add-roles-to-token", "block-risky-countries", "sync-crm"}))
		e.appendToken(w, "action_id", 24)
		e.appendToken(w, "execution_id", 44)
		w.str("trigger_id", r.pick([]string{"post-login", "credentials-exchange", "pre-user-registration"}))
		w.obj("action_error")
		w.str("id", "invalid_argument")
		w.str("message", "TypeError: Cannot read properties of undefined (reading 'roles')")
		w.end()
	case "flows_execution_completed", "flows_execution_failed":
		e.appendToken(w, "execution_id", 24)
		e.appendToken(w, "flow_id", 20)
		w.str("state", ifElse(e.ci.failure, "failed", "completed"))
	default:
		e.appendToken(w, "form_id", 20)
		w.str("state", ifElse(e.ci.failure, "failed", "submitted"))
		if e.ci.failure {
			w.str("error", "Validation failed: field 'company' is required")
		}
	}
	w.end()
}

func (e *event) detailsSCIM(w *jw) {
	r := &e.r
	w.obj("details")
	w.str("action", r.pick([]string{"create_user", "update_user", "delete_user"}))
	w.str("connection_id", e.g.t.conns[3].id)
	w.obj("request")
	w.str("method", "POST")
	w.str("path", "/scim/v2/Users")
	w.end()
	w.obj("response")
	if e.ci.failure {
		w.int("statusCode", 409)
		w.obj("body")
		w.str("detail", "User already exists")
		w.end()
	} else {
		w.int("statusCode", 201)
	}
	w.end()
	w.end()
}

var titles = map[string]string{
	"scp": "Password Change", "sv": "Email Verification", "fv": "Email Verification",
	"ublkdu": "Unblock Account",
}

func ifElse(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}
