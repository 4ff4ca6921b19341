package signals

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// The body predicates of the table. Settings are read from the request body (what the operation
// set), or from the response when the log has no request body; see Event.Settings.

var stopsBlocking = &Predicate{
	Doc:   "the settings turn it off (`enabled: false`) or leave `block` out of `shields`",
	Match: func(ev Event) bool { return offOrNotBlocking(ev.Settings()) },
}

var breachedStopsBlocking = &Predicate{
	Doc: "the settings turn it off (`enabled: false`) or leave `block` out of `shields` or of " +
		"`stage.pre-user-registration.shields` (signups)",
	Match: func(ev Event) bool {
		s := ev.Settings()
		signup := member(member(member(s, "stage"), "pre-user-registration"), "shields")
		return offOrNotBlocking(s) || lacksStr(signup, "block")
	},
}

func offOrNotBlocking(s pcommon.Value) bool {
	return isBool(member(s, "enabled"), false) || lacksStr(member(s, "shields"), "block")
}

// botChallengeFields are the per-flow CAPTCHA policies of the Management API ("never" switches a
// flow off) and of the Dashboard's older form ("off").
var botChallengeFields = [...]string{
	"challenge_password_policy", "challenge_passwordless_policy",
	"challenge_password_reset_policy", "policy", "passwordless_policy", "password_reset_policy",
}

var botDetectionOff = &Predicate{
	Doc: "a flow's CAPTCHA policy is set to `never` or `off` (`challenge_password_policy`, " +
		"`challenge_passwordless_policy`, `challenge_password_reset_policy`, or the older `policy` " +
		"fields), or `monitoring_mode_enabled: true` (detect only)",
	Match: func(ev Event) bool {
		s := ev.Settings()
		for _, k := range botChallengeFields {
			v := member(s, k)
			if str := v.Str(); str == "never" || str == "off" || isBool(v, false) {
				return true
			}
		}
		return isBool(member(s, "monitoring_mode_enabled"), true)
	},
}

var mfaNever = &Predicate{
	Doc: "the policy list holds neither `all-applications` (Always) nor `confidence-score` " +
		"(Adaptive): MFA is Never",
	Match: func(ev Event) bool {
		p := ev.Settings()
		return p.Type() == pcommon.ValueTypeSlice && !hasStr(p, "all-applications") && !hasStr(p, "confidence-score")
	},
}

var setsDisabled = &Predicate{
	Doc:   "the settings hold `enabled: false`",
	Match: func(ev Event) bool { return isBool(member(ev.Settings(), "enabled"), false) },
}

var setsEnabled = &Predicate{
	Doc:   "the settings hold `enabled: true`",
	Match: func(ev Event) bool { return isBool(member(ev.Settings(), "enabled"), true) },
}

var riskAssessmentOff = &Predicate{
	Doc: "the settings hold `AfterAuthentication: false` (the Dashboard's MFA risk assessors) or " +
		"`enabled: false`",
	Match: func(ev Event) bool {
		s := ev.Settings()
		return isBool(member(s, "AfterAuthentication"), false) || isBool(member(s, "enabled"), false)
	},
}

// insecureGrants are the grant types that hand tokens to the browser or passwords to the client.
var insecureGrants = [...]string{"implicit", "password", "http://auth0.com/oauth/grant-type/password-realm"}

var insecureGrant = &Predicate{
	Doc: "`grant_types` holds `implicit`, `password` or `http://auth0.com/oauth/grant-type/password-realm`",
	Match: func(ev Event) bool {
		g := member(ev.Settings(), "grant_types")
		for _, t := range insecureGrants {
			if hasStr(g, t) {
				return true
			}
		}
		return false
	},
}

var crossOriginOn = &Predicate{
	Doc: "`cross_origin_authentication: true` (or the older `cross_origin_auth: true`)",
	Match: func(ev Event) bool {
		s := ev.Settings()
		return isBool(member(s, "cross_origin_authentication"), true) || isBool(member(s, "cross_origin_auth"), true)
	},
}

var managementAPIGrant = &Predicate{
	Doc: "the grant's `audience` (request, else response) is a Management API " +
		"(`https://<tenant>.auth0.com/api/v2/`) and its `scope` is not empty",
	Match: func(ev Event) bool {
		sc := ev.Field("scope")
		return isManagementAPI(ev.Field("audience").Str()) && sc.Type() == pcommon.ValueTypeSlice && sc.Slice().Len() > 0
	},
}

// isManagementAPI reports whether aud is the audience of a tenant's Management API: the
// canonical domain, which is under auth0.com (custom domains cannot be the audience).
func isManagementAPI(aud string) bool {
	rest, ok := strings.CutPrefix(aud, "https://")
	if !ok {
		return false
	}
	host, path, _ := strings.Cut(rest, "/")
	const suffix = ".auth0.com"
	return (path == "api/v2/" || path == "api/v2") && len(host) > len(suffix) &&
		strings.EqualFold(host[len(host)-len(suffix):], suffix)
}

var adminRole = &Predicate{
	Doc:   "the role's `name` or `description` says admin (any case, also at the end of a word: superadmin, Administrators; not inside one: Badminton)",
	Match: func(ev Event) bool { return saysAdmin(ev.Settings()) },
}

var plainRole = &Predicate{
	Doc:   "the role's `name` and `description` do not say admin",
	Match: func(ev Event) bool { return !saysAdmin(ev.Settings()) },
}

func saysAdmin(role pcommon.Value) bool {
	return mentionsAdmin(member(role, "name").Str()) || mentionsAdmin(member(role, "description").Str())
}

var ownerInvite = &Predicate{
	Doc:   "`roles` holds `owner` (the Admin role)",
	Match: func(ev Event) bool { return hasStr(member(ev.Settings(), "roles"), "owner") },
}

var memberInvite = &Predicate{
	Doc:   "`roles` does not hold `owner`",
	Match: func(ev Event) bool { return !hasStr(member(ev.Settings(), "roles"), "owner") },
}

var invitationAccepted = &Predicate{
	Doc:   "`state: accepted`",
	Match: func(ev Event) bool { return member(ev.Settings(), "state").Str() == "accepted" },
}

var phoneFactor = &Predicate{
	Doc: "the enrolled authenticator is a phone: `details.authenticator.type` is `sms`, `phone` or " +
		"`voice`, or it has a `phone_number`",
	Match: func(ev Event) bool {
		a := member(mapMember(ev.Body, "details"), "authenticator")
		switch member(a, "type").Str() {
		case "sms", "phone", "voice":
			return true
		}
		return member(a, "phone_number").Str() != ""
	},
}

var tokenReuse = &Predicate{
	Doc: "the description reports reuse, or `details.tokenCounter` is below `details.latestCounter` " +
		"(an older token of the family was presented)",
	Match: func(ev Event) bool {
		if containsFold(ev.Description(), "reuse") {
			return true
		}
		d := mapMember(ev.Body, "details")
		used, ok1 := number(member(d, "tokenCounter"))
		latest, ok2 := number(member(d, "latestCounter"))
		return ok1 && ok2 && used < latest
	},
}
