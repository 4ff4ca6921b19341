package ocsf

import (
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
)

// putMetadata writes metadata: the product, the schema version, the Auth0 event's identity and
// times, and the profiles the event uses.
func putMetadata(dst pcommon.Map, in *Input, e *catalog.Entry, f *fields, host, control bool) {
	md := dst.PutEmptyMap("metadata")
	md.EnsureCapacity(12)
	md.PutStr("version", SchemaVersion)
	p := md.PutEmptyMap("product")
	p.EnsureCapacity(2)
	p.PutStr("name", "Auth0")
	p.PutStr("vendor_name", "Okta")
	putStr(md, "uid", f.logID)
	putStr(md, "event_code", e.Code)
	md.PutStr("log_name", "Tenant Logs")
	md.PutStr("log_provider", "Auth0")
	putStr(md, "log_version", f.logVersion)
	putStr(md, "original_time", f.date)
	if in.Observed != 0 {
		md.PutInt("logged_time", millis(in.Observed))
	}
	putStr(md, "tenant_uid", in.Tenant)
	profiles := md.PutEmptySlice("profiles")
	profiles.EnsureCapacity(3)
	profiles.AppendEmpty().SetStr("cloud")
	if host {
		profiles.AppendEmpty().SetStr("host")
	}
	if control {
		profiles.AppendEmpty().SetStr("security_control")
	}
}

// putCloud writes the cloud profile's object: Auth0 is the provider, the tenant the account.
func putCloud(dst pcommon.Map, tenant, tenantName string) {
	c := dst.PutEmptyMap("cloud")
	c.EnsureCapacity(2)
	c.PutStr("provider", "Auth0")
	if tenant == "" && tenantName == "" {
		return
	}
	a := c.PutEmptyMap("account")
	a.EnsureCapacity(4)
	putStr(a, "uid", tenant)
	putStr(a, "name", tenantName)
	a.PutInt("type_id", 99)
	a.PutStr("type", "Auth0 Tenant")
}

// putUser writes the event's user: the person the event is about.
func putUser(dst pcommon.Map, f *fields) {
	u := dst.PutEmptyMap("user")
	u.EnsureCapacity(6)
	putStr(u, "uid", f.userID)
	putStr(u, "name", f.userName)
	if isEmail(f.userName) {
		u.PutStr("email_addr", f.userName)
	}
	u.PutInt("type_id", 1)
	u.PutStr("type", "User")
	if f.orgID != "" || f.orgName != "" {
		o := u.PutEmptyMap("org")
		o.EnsureCapacity(2)
		putStr(o, "uid", f.orgID)
		putStr(o, "name", f.orgName)
	}
}

// putClientUser writes the application as the user, for a client that authenticates as itself.
func putClientUser(dst pcommon.Map, f *fields) {
	u := dst.PutEmptyMap("user")
	u.EnsureCapacity(4)
	putStr(u, "uid", f.clientID)
	putStr(u, "name", f.clientName)
	u.PutInt("type_id", 99)
	u.PutStr("type", "Application")
}

// putAppActor writes the application the activity came through as the actor, if one is known.
func putAppActor(dst pcommon.Map, f *fields) (pcommon.Map, bool) {
	if !f.hasClient() {
		return pcommon.Map{}, false
	}
	a := dst.PutEmptyMap("actor")
	a.EnsureCapacity(3)
	putStr(a, "app_name", f.clientName)
	putStr(a, "app_uid", f.clientID)
	return a, true
}

// putActor writes the actor of a Base Event (host profile): the user and the application.
func putActor(dst pcommon.Map, f *fields) {
	a := dst.PutEmptyMap("actor")
	a.EnsureCapacity(3)
	if f.hasUser() {
		putUser(a, f)
	}
	putStr(a, "app_name", f.clientName)
	putStr(a, "app_uid", f.clientID)
}

// putSource writes src_endpoint: the client's address and where it is.
func putSource(dst pcommon.Map, f *fields) {
	if f.ip == "" {
		return
	}
	ep := dst.PutEmptyMap("src_endpoint")
	ep.EnsureCapacity(4)
	ep.PutStr("ip", f.ip)
	if f.mobile.Type() == pcommon.ValueTypeBool && f.mobile.Bool() {
		ep.PutInt("type_id", 5)
		ep.PutStr("type", "Mobile")
	}
	if f.city == "" && f.country == "" && f.region == "" {
		return // location needs one of them
	}
	loc := ep.PutEmptyMap("location")
	loc.EnsureCapacity(6)
	putStr(loc, "city", f.city)
	putStr(loc, "country", f.country)
	putStr(loc, "continent", f.continent)
	putStr(loc, "region", f.region)
	if f.lat.Type() == pcommon.ValueTypeDouble && f.lon.Type() == pcommon.ValueTypeDouble {
		loc.PutDouble("lat", f.lat.Double())
		loc.PutDouble("long", f.lon.Double())
	}
}

// putUserAgent writes http_request with the user agent alone (logins, account changes).
func putUserAgent(dst pcommon.Map, f *fields) {
	if f.userAgent != "" {
		dst.PutEmptyMap("http_request").PutStr("user_agent", f.userAgent)
	}
}

// putDestination writes dst_endpoint: the tenant host that served the request.
func putDestination(dst pcommon.Map, f *fields, tenant string) {
	host := f.host
	if host == "" {
		host = tenant
	}
	if host != "" {
		dst.PutEmptyMap("dst_endpoint").PutStr("hostname", host)
	}
}

// putAuthentication writes the Authentication class's attributes.
func putAuthentication(dst pcommon.Map, ev catalog.OCSFEvent, f *fields, tenant string) {
	if f.hasUser() {
		putUser(dst, f)
	} else {
		putClientUser(dst, f)
	}
	if f.hasClient() {
		s := dst.PutEmptyMap("service")
		s.EnsureCapacity(2)
		putStr(s, "name", f.clientName)
		putStr(s, "uid", f.clientID)
	}
	if a, ok := putAppActor(dst, f); f.connection != "" || f.connectionID != "" {
		if !ok {
			a = dst.PutEmptyMap("actor")
			// actor needs a user, an app or a session; the user authenticating is the one.
			putUser(a, f)
		}
		idp := a.PutEmptyMap("idp")
		idp.EnsureCapacity(2)
		putStr(idp, "name", f.connection)
		putStr(idp, "uid", f.connectionID)
	}
	putDestination(dst, f, tenant)
	putSource(dst, f)
	putUserAgent(dst, f)
	if f.sessionID != "" {
		dst.PutEmptyMap("session").PutStr("uid", f.sessionID)
	}
	if id, name := authProtocol(ev, f); name != "" {
		dst.PutInt("auth_protocol_id", id)
		dst.PutStr("auth_protocol", name)
	}
	if ev.MFA {
		dst.PutBool("is_mfa", true)
	}
	dst.PutBool("is_remote", true) // nobody signs in at Auth0's console
}

// authProtocol names the protocol: token exchanges are OAuth 2.0; logins go by the connection's
// strategy, which OCSF's list may not have (then Other with the strategy's name).
func authProtocol(ev catalog.OCSFEvent, f *fields) (int64, string) {
	if ev.Activity == catalog.OCSFServiceTicketRequest || ev.Activity == catalog.OCSFServiceTicketRenew {
		return 6, "OAUTH 2.0"
	}
	switch f.strategy {
	case "":
		return 0, ""
	case "samlp":
		return 5, "SAML"
	case "oidc", "okta", "waad", "google-apps", "google-oauth2", "apple":
		return 4, "OpenID"
	case "ad", "auth0-adldap":
		return 12, "LDAP"
	}
	if f.strategyType == "social" {
		return 6, "OAUTH 2.0"
	}
	return 99, f.strategy
}

// putAPIActivity writes the API Activity class's attributes.
func putAPIActivity(dst pcommon.Map, e *catalog.Entry, f *fields, tenant string) {
	a := dst.PutEmptyMap("actor")
	a.EnsureCapacity(3)
	if u, ok := f.caller(); ok {
		au := a.PutEmptyMap("user")
		au.EnsureCapacity(3)
		uid, name, email := str(member(u, "user_id")), str(member(u, "name")), str(member(u, "email"))
		if name == "" {
			name = email // user needs a name, a uid or an account
		}
		putStr(au, "uid", uid)
		putStr(au, "name", name)
		if isEmail(email) {
			au.PutStr("email_addr", email)
		}
	}
	putStr(a, "app_name", f.clientName)
	putStr(a, "app_uid", f.clientID)

	api := dst.PutEmptyMap("api")
	api.EnsureCapacity(3)
	switch {
	case f.description != "" && f.description != e.Name: // Auth0 names the operation, e.g. "Create a User"
		api.PutStr("operation", f.description)
	case f.method != "" && f.path != "":
		api.PutStr("operation", f.method+" "+f.path)
	case e.Name != "":
		api.PutStr("operation", e.Name)
	default:
		api.PutStr("operation", e.Code)
	}
	svc := api.PutEmptyMap("service")
	if e.Category == "scim-event" {
		svc.PutStr("name", "Auth0 SCIM API")
	} else {
		svc.PutStr("name", "Auth0 Management API")
	}
	code, hasCode := statusCode(f.statusCode)
	if hasCode || f.errType != "" || f.errMsg != "" {
		r := api.PutEmptyMap("response")
		r.EnsureCapacity(3)
		if hasCode {
			r.PutInt("code", code)
		}
		putStr(r, "error", f.errType)
		putStr(r, "error_message", f.errMsg)
	}

	if f.method != "" || f.path != "" || f.userAgent != "" {
		req := dst.PutEmptyMap("http_request")
		req.EnsureCapacity(3)
		if httpMethod(f.method) {
			req.PutStr("http_method", f.method)
		}
		if f.path != "" {
			u := req.PutEmptyMap("url")
			u.EnsureCapacity(2)
			u.PutStr("path", f.path)
			putStr(u, "hostname", f.host)
		}
		putStr(req, "user_agent", f.userAgent)
	}
	if hasCode {
		dst.PutEmptyMap("http_response").PutInt("code", code)
	}
	putSource(dst, f)
	putDestination(dst, f, tenant)
}

// caller is the Management API caller's user (details.request.auth.user) when the call was made
// with a user's token: an object with a user_id, a name or an email (a machine token has "").
func (f *fields) caller() (pcommon.Value, bool) {
	u := member(member(member(f.details, "request"), "auth"), "user")
	if u.Type() != pcommon.ValueTypeMap {
		return absent, false
	}
	ok := str(member(u, "user_id")) != "" || str(member(u, "name")) != "" || str(member(u, "email")) != ""
	return u, ok
}

func statusCode(v pcommon.Value) (int64, bool) {
	if v.Type() == pcommon.ValueTypeInt {
		return v.Int(), true
	}
	return 0, false
}

// httpMethod says whether OCSF 1.5's http_method enum has m (it has no PATCH: api.operation and
// the record's http.request.method still say it).
func httpMethod(m string) bool {
	switch m {
	case "CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "TRACE":
		return true
	}
	return false
}

// putControl applies the security_control profile: what Auth0 did (it blocked the attempt), and
// the security signal that matched the event (the security_rule.* attributes), which makes the
// event an alert and is kept as an enrichment of the event's code.
func putControl(dst pcommon.Map, blocked bool, r *rule, code string, observed pcommon.Timestamp) {
	if blocked {
		dst.PutInt("action_id", 2)
		dst.PutStr("action", "Denied")
		dst.PutInt("disposition_id", 2)
		dst.PutStr("disposition", "Blocked")
	} else {
		dst.PutInt("action_id", 3)
		dst.PutStr("action", "Observed")
		dst.PutInt("disposition_id", 15)
		dst.PutStr("disposition", "Detected")
	}
	if r.name == "" {
		return
	}
	// A counted signal is an input of a threshold: one signup is no alert, their rate may be.
	dst.PutBool("is_alert", !r.counted)
	e := dst.PutEmptySlice("enrichments").AppendEmpty().SetEmptyMap()
	e.EnsureCapacity(9)
	e.PutStr("name", "metadata.event_code")
	e.PutStr("value", code)
	e.PutStr("type", "security_rule")
	if r.ruleset != "" {
		e.PutStr("provider", r.ruleset)
	} else {
		e.PutStr("provider", "auth0receiver")
	}
	e.PutStr("short_desc", r.name)
	putStr(e, "desc", r.description)
	putStr(e, "src_url", r.reference)
	if observed != 0 {
		e.PutInt("created_time", millis(observed))
	}
	d := e.PutEmptyMap("data")
	d.EnsureCapacity(7)
	d.PutStr("name", r.name)
	putStr(d, "category", r.category)
	putStr(d, "description", r.description)
	putStr(d, "reference", r.reference)
	putStr(d, "ruleset_name", r.ruleset)
	putStr(d, "uuid", r.uuid)
	putStr(d, "version", r.version)
}
