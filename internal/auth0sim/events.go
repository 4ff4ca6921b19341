package auth0sim

import "time"

// generator renders events. Event i is a pure function of (seed, i) and its ingestion time, so
// nothing rendered is ever stored: a page is rendered on demand into a reused buffer.
type generator struct {
	seed   int64
	t      *tenant
	mix    *mix
	attack attackUsers // the accounts of the attack scenario
}

// event is the state of one rendering.
type event struct {
	g        *generator
	ci       *codeInfo
	r        rng
	i        int
	date     int64 // Unix ms
	user     *user
	cli      *client
	conn     *connection
	geo      *geo
	agent    agent
	ipBuf    [48]byte // the client address, e.ipBuf[:e.ipLen]; a slice into the struct would make it escape
	ipLen    int
	noUser   bool // machine-to-machine flow: user fields are empty strings
	op       *mgmtOp
	desc     string
	authKind string // the Guardian authenticator, when a scenario step sets it
}

// render appends the event as the Management API returns it (with _id == log_id).
func (g *generator) render(b []byte, i int, sl slot) []byte {
	t := sl.t
	e := event{g: g, r: newRNG(g.seed, i, saltBody), i: i, date: g.date(i, sl)}
	if sl.step >= 0 {
		st := &attackScript[sl.step]
		e.ci = &st.ci
		e.pickIdentity()
		e.playStep(st)
	} else {
		e.ci = g.mix.codeAt(g.seed, sl.mix)
		e.pickIdentity()
	}
	e.desc = e.description()
	w := jw{b: b}
	w.obj("")
	idStart := len(w.b) + len(`"_id":"`)
	w.key("_id")
	w.b = append(w.b, '"')
	w.b = appendLogID(w.b, g.seed, i, t)
	w.b = append(w.b, '"')
	w.comma = true
	w.key("log_id")
	w.b = append(w.b, '"')
	w.b = append(w.b, w.b[idStart:idStart+logIDLen]...)
	w.b = append(w.b, '"')
	w.comma = true
	w.key("date")
	w.b = append(w.b, '"')
	w.b = appendDate(w.b, e.date)
	w.b = append(w.b, '"')
	w.comma = true
	w.str("type", e.ci.code)
	e.writeTop(&w)
	w.end()
	return w.b
}

// codeOf returns the code of an event without rendering it.
func (g *generator) codeOf(sl slot) string {
	if sl.step >= 0 {
		return attackScript[sl.step].ci.code
	}
	return g.mix.codeAt(g.seed, sl.mix).code
}

// date returns the event's date (Unix ms): 0 to 5 s before its ingestion, or for a scenario
// step spread over the seconds before, in step order.
func (g *generator) date(i int, sl slot) int64 {
	if sl.step >= 0 {
		return sl.t/int64(time.Millisecond) - int64(len(attackScript)-1-sl.step)*attackStepMs
	}
	return dateOf(g.seed, i, sl.t)
}

func (e *event) pickIdentity() {
	f, r, t := e.ci.fields, &e.r, e.g.t
	m2m := e.ci.code == "seccft" || e.ci.code == "feccft" || (e.ci.fam == famMgmt && r.chance(0.4))
	if f&fUser != 0 {
		if m2m {
			e.noUser = true
		} else {
			e.user = &t.users[r.intn(len(t.users))]
			if e.ci.fam == famMgmt {
				e.user = &t.admins[r.intn(len(t.admins))]
			}
		}
	}
	switch {
	case m2m:
		e.cli = &t.clients[5+r.intn(3)]
	case e.ci.failure && r.chance(0.15):
		e.cli = &t.clients[4] // "All Applications"
	default:
		e.cli = &t.clients[r.intn(4)]
	}
	if e.user != nil {
		e.conn = &t.conns[e.user.conn]
	} else if !m2m {
		e.conn = &t.conns[r.intn(len(t.conns))]
	}
	if e.ci.fam == famMgmt {
		if e.ci.code == "mgmt_api_read" {
			e.op = &mgmtReads[r.intn(len(mgmtReads))]
		} else {
			e.op = &mgmtOps[mgmtPick[r.intn(len(mgmtPick))]]
		}
	}
	e.geo = &geos[r.intn(len(geos))]
	if m2m {
		e.agent = agent{summary: r.pick(m2mAgents)}
	} else {
		e.agent = agents[r.intn(len(agents))]
	}
	ip := e.ipBuf[:0]
	if r.chance(0.1) {
		ip = append(ip, e.geo.v6...)
		for k := range 6 {
			if k > 0 {
				ip = append(ip, ':')
			}
			ip = r.appendHex(ip, 1+r.intn(4))
		}
	} else {
		ip = append(ip, e.geo.v4...)
		ip = appendPadded(ip, int64(1+r.intn(254)), 1)
	}
	e.ipLen = len(ip)
}

func (e *event) ip() []byte { return e.ipBuf[:e.ipLen] }

func (e *event) userID() string {
	if e.user == nil {
		return ""
	}
	if e.ci.code == "fu" {
		return "" // unknown user: Auth0 sends an empty user_id
	}
	return e.user.id
}

func (e *event) userName() string {
	if e.user == nil {
		return ""
	}
	return e.user.name
}

// writeTop writes the common fields, in the order the Management API tends to use.
func (e *event) writeTop(w *jw) {
	f, r, ci := e.ci.fields, &e.r, e.ci
	w.str("description", e.desc)
	if f&fConn != 0 {
		if e.conn != nil {
			w.frag(e.conn.frag)
		} else {
			w.str("connection", "")
			w.str("connection_id", "")
		}
	}
	if f&fClient != 0 {
		if ci.fam == famMgmt && e.user != nil {
			w.str("client_id", e.cli.id)
			w.str("client_name", "") // dashboard calls name no application
		} else {
			w.frag(e.cli.frag)
		}
	} else if f&fUser != 0 && r.chance(0.3) {
		w.null("client_name")
	}
	hasIP := f&fIP != 0
	if hasIP {
		w.strBytes("ip", e.ip())
		if f&fClientIP != 0 && r.chance(0.5) {
			w.strBytes("client_ip", e.ip())
		}
		w.str("user_agent", e.agent.summary)
	}
	e.writeDetails(w)
	if f&fHost != 0 {
		w.frag(e.g.t.hostFrag)
	} else if f&fClient != 0 && r.chance(0.3) {
		w.null("hostname")
	}
	if f&fUser != 0 {
		if e.user != nil && ci.code != "fu" {
			w.frag(e.user.frag)
		} else {
			w.str("user_id", e.userID())
			w.str("user_name", e.userName())
		}
	}
	if f&fStrategy != 0 && e.conn != nil {
		w.frag(e.conn.strategyFrag)
	} else if f&fConn != 0 && r.chance(0.3) {
		w.null("strategy")
	}
	if f&fOrg != 0 {
		if e.user != nil && e.user.org >= 0 {
			w.frag(e.g.t.orgs[e.user.org].frag)
		} else {
			w.null("organization_id")
			w.null("organization_name")
		}
	}
	if f&fAudience != 0 {
		w.str("audience", e.audience())
	} else if f&fUser != 0 && f&fClient != 0 && r.chance(0.5) {
		w.null("audience")
	}
	if f&fScope != 0 {
		e.writeScope(w)
	}
	if hasIP {
		if r.chance(0.9) {
			w.boolean("isMobile", e.agent.mobile)
		} else {
			w.boolean("is_mobile", e.agent.mobile) // the stream schema's spelling also reaches API pulls
		}
	}
	if f&fSecCtx != 0 && r.chance(0.8) {
		w.obj("security_context")
		w.str("ja3", r.pick(ja3s))
		w.str("ja4", r.pick(ja4s))
		w.end()
	}
	if hasIP {
		if r.chance(0.05) {
			w.null("location_info")
		} else {
			w.raw("location_info", e.geo.json)
		}
	}
	if f&fRefs != 0 && r.chance(0.5) {
		w.obj("references")
		w.key("trace_id")
		w.b = append(w.b, '"')
		w.b = r.appendHex(w.b, 32)
		w.b = append(w.b, '"')
		w.comma = true
		if r.chance(0.3) {
			w.key("correlation_id")
			w.b = append(w.b, `"req-`...)
			w.b = r.appendAlnum(w.b, 20)
			w.b = append(w.b, '"')
			w.comma = true
		}
		w.end()
	}
	if f&fAuth0Client != 0 && r.chance(0.3) {
		w.obj("auth0_client")
		w.str("name", r.pick([]string{"auth0-spa-js", "auth0.js", "node-auth0", "auth0-react"}))
		w.str("version", r.pick([]string{"2.1.3", "9.24.1", "4.4.0", "2.2.4"}))
		w.obj("env")
		w.end()
		w.end()
	}
	w.frag(e.g.t.tailFrag) // tenant_name, environment_name, $event_schema
}

func (e *event) audience() string {
	switch {
	case e.ci.code == "seccft" || e.ci.code == "feccft":
		if e.r.chance(0.5) {
			return e.g.t.apiAudience
		}
		return "https://orders.acme.test/"
	case e.r.chance(0.3):
		return e.g.t.userinfo
	}
	return "https://api.acme.test/"
}

var (
	userScopes = [][]string{{"openid", "profile", "email"}, {"openid", "profile", "email", "offline_access"}, {"openid", "profile"}}
	m2mScopes  = [][]string{{"read:logs", "read:logs_users"}, {"read:orders", "write:orders"}, {"read:users", "update:users"}}
)

// writeScope writes scope as a space-separated string or as an array: Auth0 sends both.
func (e *event) writeScope(w *jw) {
	sc := userScopes[e.r.intn(len(userScopes))]
	if e.noUser {
		sc = m2mScopes[e.r.intn(len(m2mScopes))]
	}
	if e.r.chance(0.5) {
		w.strs("scope", sc...)
		return
	}
	w.key("scope")
	w.b = append(w.b, '"')
	for k, s := range sc {
		if k > 0 {
			w.b = append(w.b, ' ')
		}
		w.b = append(w.b, s...)
	}
	w.b = append(w.b, '"')
	w.comma = true
}

// descriptions are real-looking texts per code; other codes use their catalog name.
var descriptions = map[string][]string{
	"s":                 {"", "Successful login"},
	"ssa":               {""},
	"fp":                {"Wrong email or password."},
	"fu":                {"Wrong email or password."},
	"fcoa":              {"Wrong email or password."},
	"f":                 {"Unauthorized", "Invalid state", "Callback URL mismatch. https://app.acme.test/cb is not in the list of allowed callback URLs"},
	"fsa":               {"Login required", "Consent required", "Multifactor authentication required"},
	"fs":                {"The user already exists.", "PasswordStrengthError: Password is too weak"},
	"fens":              {"Invalid subject token"},
	"limit_wc":          {"Blocked account: too many failed login attempts"},
	"limit_mu":          {"An IP address is blocked because it attempted too many failed logins without a successful login."},
	"limit_sul":         {"Too many logins for this user in a short period of time"},
	"pwd_leak":          {"This password has been leaked and a different one must be used."},
	"signup_pwd_leak":   {"This password has been leaked and a different one must be used."},
	"reset_pwd_leak":    {"This password has been leaked and a different one must be used."},
	"w":                 {"The user's email address is not verified.", "Connection is not enabled for this client"},
	"fco":               {"Origin https://app.evil.example is not allowed."},
	"seacft":            {"Authorization Code for Access Token"},
	"seccft":            {"Client Credentials for Access Token"},
	"sertft":            {"Refresh Token for Access Token"},
	"sepft":             {"Password for Access Token"},
	"sede":              {"Device Code for Access Token"},
	"seotpft":           {"OTP for Access Token"},
	"seoobft":           {"OOB for Access Token"},
	"feacft":            {"Invalid authorization code", "Unknown or invalid authorization code"},
	"feccft":            {"Unauthorized", "Client has not been granted scopes: read:users"},
	"fertft":            {"Unknown or invalid refresh token.", "Refresh token has expired"},
	"ferrt":             {"Unsuccessful Refresh Token exchange, reused refresh token detected"},
	"fepft":             {"Wrong email or password."},
	"slo":               {"", "User successfully logged out"},
	"flo":               {`Invalid "returnTo" URL`},
	"api_limit":         {"You passed the limit of allowed calls to '/api/v2/logs'", "Global per second default group limit has been reached"},
	"api_limit_warning": {"You are approaching the limit of allowed calls to '/api/v2/users'"},
	"depnote":           {"Legacy user profile is deprecated", "Rules and Hooks are deprecated, migrate to Actions"},
	"scp":               {"Password changed successfully"},
	"fcp":               {"Password change link expired"},
	"scpr":              {""},
	"fcpr":              {"User does not exist"},
	"sv":                {"Email verified"},
	"fv":                {"Email verification link expired"},
	"svr":               {"Verification email sent"},
	"fce":               {"The specified new email already exists"},
	"fn":                {"Error sending email: provider rejected the message"},
	"mfar":              {"Multi-factor authentication required"},
}

func (e *event) description() string {
	if e.desc != "" { // set by a scenario step
		return e.desc
	}
	if ds, ok := descriptions[e.ci.code]; ok {
		return ds[e.r.intn(len(ds))]
	}
	if e.op != nil {
		return e.op.desc
	}
	return e.ci.name
}
