package ocsf

import (
	"net/netip"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// fields are the values an OCSF event is made of, taken from the record's attributes (already
// normalised by the mapping) and from a few members of the event body. One pass over each map.
type fields struct {
	logID, userID, userName, ip, userAgent, host      string
	clientID, clientName, connection, connectionID    string
	strategy, strategyType, orgID, orgName            string
	method, path, errType, errMsg                     string
	country, city, continent                          string
	lat, lon                                          pcommon.Value
	mobile                                            pcommon.Value
	statusCode                                        pcommon.Value
	rule                                              rule
	description, date, logVersion, tenantName, region string
	sessionID                                         string
	details                                           pcommon.Value
}

// rule is the security signal that matched the event (the security_rule.* attributes).
type rule struct {
	name, category, description, reference, ruleset, uuid, version string
	// counted marks a signal a threshold detection counts (one signup, one MFA push): an input,
	// not an alert.
	counted bool
}

var absent = pcommon.NewValueEmpty()

func (f *fields) read(attrs, body pcommon.Map) {
	f.lat, f.lon, f.mobile, f.statusCode, f.details = absent, absent, absent, absent, absent
	for k, v := range attrs.All() {
		switch k {
		case "log.record.uid":
			f.logID = str(v)
		case "user.id":
			f.userID = str(v)
		case "user.name":
			f.userName = str(v)
		case "client.address":
			if s := str(v); validIP(s) {
				f.ip = s
			}
		case "user_agent.original":
			f.userAgent = str(v)
		case "server.address":
			f.host = str(v)
		case "geo.country.iso_code":
			f.country = str(v)
		case "geo.locality.name":
			f.city = str(v)
		case "geo.continent.code":
			f.continent = continentName(str(v))
		case "geo.location.lat":
			f.lat = v
		case "geo.location.lon":
			f.lon = v
		case "auth0.client.id":
			f.clientID = str(v)
		case "auth0.client.name":
			f.clientName = str(v)
		case "auth0.connection.name":
			f.connection = str(v)
		case "auth0.connection.id":
			f.connectionID = str(v)
		case "auth0.strategy":
			f.strategy = str(v)
		case "auth0.strategy_type":
			f.strategyType = str(v)
		case "auth0.organization.id":
			f.orgID = str(v)
		case "auth0.organization.name":
			f.orgName = str(v)
		case "auth0.is_mobile":
			f.mobile = v
		case "http.request.method":
			f.method = str(v)
		case "url.path":
			f.path = str(v)
		case "http.response.status_code":
			f.statusCode = v
		case "error.type":
			f.errType = str(v)
		case "error.message":
			f.errMsg = str(v)
		case "security_rule.name":
			f.rule.name = str(v)
		case "security_rule.category":
			f.rule.category = str(v)
		case "security_rule.description":
			f.rule.description = str(v)
		case "security_rule.reference":
			f.rule.reference = str(v)
		case "security_rule.ruleset.name":
			f.rule.ruleset = str(v)
		case "security_rule.uuid":
			f.rule.uuid = str(v)
		case "security_rule.version":
			f.rule.version = str(v)
		case "auth0.security_rule.counted": // signals.AttrCounted
			f.rule.counted = v.Type() == pcommon.ValueTypeBool && v.Bool()
		}
	}
	for k, v := range body.All() {
		switch k {
		case "description":
			f.description = str(v)
		case "date":
			f.date = str(v)
		case "tenant_name":
			f.tenantName = str(v)
		case "$event_schema":
			f.logVersion = str(member(v, "version"))
		case "location_info":
			f.region = str(member(v, "subdivision_code"))
		case "details":
			f.details = v
			f.sessionID = str(member(v, "session_id"))
		}
	}
}

// str is v's text when it is a string, "" otherwise (the mapping noted wrong types already).
func str(v pcommon.Value) string {
	if v.Type() == pcommon.ValueTypeStr {
		return v.Str()
	}
	return ""
}

// member returns obj[key], or absent when obj is not a map or has no such key.
func member(obj pcommon.Value, key string) pcommon.Value {
	if obj.Type() != pcommon.ValueTypeMap {
		return absent
	}
	if v, ok := obj.Map().Get(key); ok {
		return v
	}
	return absent
}

// validIP keeps ip_t honest: a lake may refuse a row whose IP column does not parse.
func validIP(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}

// continentName turns the GeoIP continent code into the name OCSF's location.continent holds.
func continentName(code string) string {
	switch code {
	case "AF":
		return "Africa"
	case "AN":
		return "Antarctica"
	case "AS":
		return "Asia"
	case "EU":
		return "Europe"
	case "NA":
		return "North America"
	case "OC":
		return "Oceania"
	case "SA":
		return "South America"
	}
	return ""
}

// isEmail says whether s is an email address as OCSF's email_t regex defines one
// (^[a-zA-Z0-9!#$%&'*+-/=?^_`{|}~.]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+$), without a regexp per
// event. A test checks it against the regex.
func isEmail(s string) bool {
	at := -1
	for i := 0; i < len(s); i++ {
		if s[i] == '@' {
			at = i
			break
		}
		if !emailLocal(s[i]) {
			return false
		}
	}
	if at < 1 {
		return false
	}
	domain := s[at+1:]
	dot := -1
	for i := 0; i < len(domain); i++ {
		c := domain[i]
		switch {
		case c == '.':
			if dot < 0 {
				dot = i
			}
		case c == '-' || isAlnum(c):
		default:
			return false
		}
	}
	return dot > 0 && dot < len(domain)-1
}

func emailLocal(c byte) bool {
	return isAlnum(c) || ('*' <= c && c <= '/') || // the regex's range +-/ plus * , . from the same span
		c == '!' || c == '#' || c == '$' || c == '%' || c == '&' || c == '\'' ||
		c == '=' || c == '?' || c == '^' || c == '_' || c == '`' || c == '{' || c == '|' || c == '}' || c == '~'
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
