package signals

import "github.com/otelcol-auth0/auth0receiver/internal/catalog"

// The conditions follow Auth0's Management API reference (paths and bodies) and what the public
// detection catalogs look at (Auth0's customer detections, Panther's Auth0 rules): the code,
// details.request.method and .path, and the request or response body. Within a code, the table
// order breaks severity ties when an event matches several signals.

const (
	sevInfo  = catalog.SeverityInfo
	sevWarn  = catalog.SeverityWarn
	sevError = catalog.SeverityError
)

// The Management API paths of the conditions and the Auth0 docs pages they refer to.
const (
	pathBruteForce     = "/api/v2/attack-protection/brute-force-protection"
	pathSuspiciousIP   = "/api/v2/attack-protection/suspicious-ip-throttling"
	pathBreachedPwd    = "/api/v2/attack-protection/breached-password-detection"
	pathBotDetection   = "/api/v2/attack-protection/bot-detection"
	pathMFAPolicies    = "/api/v2/guardian/policies"
	pathMFAFactor      = "/api/v2/guardian/factors/{factor}"
	pathRiskDashboard  = "/api/v2/risk-assessment/config" // the Dashboard's MFA risk assessors
	pathRiskSettings   = "/api/v2/risk-assessments/settings"
	pathClients        = "/api/v2/clients"
	pathClient         = "/api/v2/clients/{id}"
	pathClientGrants   = "/api/v2/client-grants"
	pathClientGrant    = "/api/v2/client-grants/{id}"
	pathRoles          = "/api/v2/roles"
	pathPostLogin      = "/api/v2/actions/triggers/post-login/bindings"
	pathIntegrations   = "/api/v2/integrations/installed"
	pathTenantInvites  = "/api/v2/tenants/invitations"
	pathTenantInvite   = "/api/v2/tenants/invitations/{id}"
	docsAttackProtect  = "https://auth0.com/docs/secure/attack-protection/"
	docsMFA            = "https://auth0.com/docs/secure/multi-factor-authentication/"
	docsTenantMembers  = "https://auth0.com/docs/get-started/manage-dashboard-access/"
	docsCrossOrigin    = "https://auth0.com/docs/authenticate/login/cross-origin-authentication"
	docsLogEventCodes  = "https://auth0.com/docs/deploy-monitor/logs/log-event-type-codes"
	docsBruteForce     = docsAttackProtect + "brute-force-protection"
	docsSuspiciousIP   = docsAttackProtect + "suspicious-ip-throttling"
	docsBreachedPwd    = docsAttackProtect + "breached-password-detection"
	docsMFAFactors     = docsMFA + "multi-factor-authentication-factors"
	docsAddTenantUsers = docsTenantMembers + "add-dashboard-users"
)

func sapi(method string, paths ...string) Condition {
	return Condition{Codes: []string{"sapi"}, Method: method, Paths: paths}
}

func with(c Condition, p *Predicate) Condition { c.Body = p; return c }

func codes(cs ...string) Condition { return Condition{Codes: cs} }

var table = []Signal{
	// protection-weakened
	{
		Name: "auth0.brute_force_protection_disabled", Category: ProtectionWeakened, Severity: sevError,
		Description: "Brute-force protection switched off or set to stop blocking accounts",
		Reference:   docsBruteForce, When: with(sapi("", pathBruteForce), stopsBlocking),
	},
	{
		Name: "auth0.suspicious_ip_throttling_disabled", Category: ProtectionWeakened, Severity: sevError,
		Description: "Suspicious IP throttling switched off or set to stop blocking IP addresses",
		Reference:   docsSuspiciousIP, When: with(sapi("", pathSuspiciousIP), stopsBlocking),
	},
	{
		Name: "auth0.breached_password_detection_disabled", Category: ProtectionWeakened, Severity: sevError,
		Description: "Breached password detection switched off or set to stop blocking logins or signups",
		Reference:   docsBreachedPwd, When: with(sapi("", pathBreachedPwd), breachedStopsBlocking),
	},
	{
		Name: "auth0.bot_detection_disabled", Category: ProtectionWeakened, Severity: sevWarn,
		Description: "Bot detection no longer challenges a login, passwordless or password-reset flow",
		Reference:   docsAttackProtect + "bot-detection", When: with(sapi("", pathBotDetection), botDetectionOff),
	},
	{
		Name: "auth0.mfa_policy_disabled", Category: ProtectionWeakened, Severity: sevError,
		Description: "The tenant's MFA policy set to Never: no user is asked for a second factor",
		Reference:   docsMFA + "enable-mfa", When: with(sapi("put", pathMFAPolicies), mfaNever),
	},
	{
		Name: "auth0.mfa_factor_disabled", Category: ProtectionWeakened, Severity: sevWarn,
		Description: "An MFA factor (SMS, push, OTP, WebAuthn, ...) switched off for the whole tenant",
		Reference:   docsMFAFactors, When: with(sapi("put", pathMFAFactor), setsDisabled),
	},
	{
		Name: "auth0.mfa_risk_assessment_disabled", Category: ProtectionWeakened, Severity: sevWarn,
		Description: "The risk assessment behind Adaptive MFA switched off",
		Reference:   docsMFA + "adaptive-mfa", When: with(sapi("", pathRiskDashboard, pathRiskSettings), riskAssessmentOff),
	},
	{
		Name: "auth0.client_insecure_grant_enabled", Category: ProtectionWeakened, Severity: sevWarn,
		Description: "An application created or updated with the implicit or password (ROPG) grant",
		Reference:   "https://auth0.com/docs/get-started/applications/application-grant-types",
		When:        with(sapi("", pathClients, pathClient), insecureGrant),
	},
	{
		Name: "auth0.client_cross_origin_auth_enabled", Category: ProtectionWeakened, Severity: sevWarn,
		Description: "Cross-origin authentication enabled for an application, which credential stuffing uses",
		Reference:   docsCrossOrigin, When: with(sapi("", pathClients, pathClient), crossOriginOn),
	},

	// config-change
	{
		Name: "auth0.mfa_factor_enabled", Category: ConfigChange, Severity: sevInfo,
		Description: "An MFA factor switched on for the whole tenant",
		Reference:   docsMFAFactors, When: with(sapi("put", pathMFAFactor), setsEnabled),
	},

	// privilege-change
	{
		Name: "auth0.management_api_scopes_granted", Category: PrivilegeChange, Severity: sevWarn,
		Description: "An application granted Management API scopes (a client grant on the /api/v2/ audience)",
		Reference:   "https://auth0.com/docs/secure/tokens/access-tokens/management-api-access-tokens",
		When:        with(sapi("", pathClientGrants, pathClientGrant), managementAPIGrant),
	},
	{
		Name: "auth0.tenant_admin_invited", Category: PrivilegeChange, Severity: sevWarn,
		Description: "Someone invited to administer the tenant (tenant member with the Admin role)",
		Reference:   docsAddTenantUsers, When: with(sapi("post", pathTenantInvites), ownerInvite),
	},
	{
		Name: "auth0.tenant_member_invited", Category: PrivilegeChange, Severity: sevInfo,
		Description: "Someone invited to the tenant's Dashboard with a restricted role",
		Reference:   docsAddTenantUsers, When: with(sapi("post", pathTenantInvites), memberInvite),
	},
	{
		Name: "auth0.tenant_member_removed", Category: PrivilegeChange, Severity: sevWarn,
		Description: "A tenant member removed from the Dashboard (attackers remove the owners they lock out)",
		Reference:   docsTenantMembers + "remove-dashboard-users",
		When:        Condition{Codes: []string{"sapi"}, Description: "Delete tenant member"},
	},
	{
		Name: "auth0.tenant_member_joined", Category: PrivilegeChange, Severity: sevInfo,
		Description: "A tenant invitation accepted: a new member can use the Dashboard",
		Reference:   docsAddTenantUsers, When: with(sapi("patch", pathTenantInvite), invitationAccepted),
	},
	{
		Name: "auth0.admin_role_created", Category: PrivilegeChange, Severity: sevWarn,
		Description: "A role created whose name or description says admin",
		Reference:   "https://auth0.com/docs/manage-users/access-control/configure-core-rbac/roles/create-roles",
		When:        with(sapi("post", pathRoles), adminRole),
	},
	{
		Name: "auth0.role_created", Category: PrivilegeChange, Severity: sevInfo,
		Description: "A role created (its name does not say admin)",
		Reference:   "https://auth0.com/docs/manage-users/access-control/configure-core-rbac/roles/create-roles",
		When:        with(sapi("post", pathRoles), plainRole),
	},

	// code-change
	{
		Name: "auth0.post_login_actions_changed", Category: CodeChange, Severity: sevWarn,
		Description: "The Actions bound to the post-login trigger changed: code that runs on every login",
		Reference:   "https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger",
		When:        sapi("", pathPostLogin),
	},
	{
		Name: "auth0.integration_installed", Category: CodeChange, Severity: sevInfo,
		Description: "An integration installed from the Actions library (third-party code in the tenant)",
		Reference:   "https://auth0.com/docs/customize/actions", When: sapi("post", pathIntegrations),
	},

	// credential-attack
	{
		Name: "auth0.breached_password", Category: CredentialAttack, Severity: sevError,
		Description: "A login, signup or password reset tried with a password known from a breach",
		Reference:   docsBreachedPwd, When: codes("pwd_leak", "signup_pwd_leak", "reset_pwd_leak"),
	},
	{
		Name: "auth0.cross_origin_login_failed", Category: CredentialAttack, Severity: sevWarn, Counted: true,
		Description: "A failed cross-origin credential check: in volume from one IP, credential stuffing",
		Reference:   docsCrossOrigin, When: codes("fcoa"),
	},
	{
		Name: "auth0.cross_origin_login", Category: CredentialAttack, Severity: sevInfo, Counted: true,
		Description: "A successful cross-origin credential check: in volume from one IP, stuffing that found valid passwords",
		Reference:   docsCrossOrigin, When: codes("scoa"),
	},
	{
		Name: "auth0.mfa_push_sent", Category: CredentialAttack, Severity: sevInfo, Counted: true,
		Description: "An MFA push notification sent: many for one user in minutes is push fatigue",
		Reference:   docsMFA + "auth0-guardian", When: codes("gd_send_pn"),
	},

	// abuse-limit
	{
		Name: "auth0.account_blocked", Category: AbuseLimit, Severity: sevError,
		Description: "Brute-force protection blocked an account after too many failed logins from one IP",
		Reference:   docsBruteForce, When: codes("limit_wc"),
	},
	{
		Name: "auth0.account_throttled", Category: AbuseLimit, Severity: sevError,
		Description: "Suspicious IP throttling stopped an account logging in too often from one IP",
		Reference:   docsSuspiciousIP, When: codes("limit_sul"),
	},
	{
		Name: "auth0.ip_blocked", Category: AbuseLimit, Severity: sevError,
		Description: "Suspicious IP throttling blocked an IP address after too many failed logins or signups",
		Reference:   docsSuspiciousIP, When: codes("limit_mu"),
	},
	{
		Name: "auth0.mfa_attempts_blocked", Category: AbuseLimit, Severity: sevError,
		Description: "Too many wrong MFA or recovery codes: the user's second factor is being guessed",
		Reference:   docsLogEventCodes, When: codes("gd_otp_rate_limit_exceed", "gd_recovery_rate_limit_exceed"),
	},
	{
		Name: "auth0.phone_delivery_blocked", Category: AbuseLimit, Severity: sevError,
		Description: "SMS or voice delivery to a number blocked after too many attempts (SMS pumping)",
		Reference:   docsLogEventCodes, When: codes("limit_phone"),
	},
	{
		Name: "auth0.rate_limit_reached", Category: AbuseLimit, Severity: sevError,
		Description: "A rate limit of the Authentication or Management API reached",
		Reference:   "https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy",
		When:        codes("api_limit", "limit_delegation", "limit_ui"),
	},

	// token-abuse
	{
		Name: "auth0.refresh_token_reused", Category: TokenAbuse, Severity: sevError,
		Description: "A rotated refresh token presented again: the token family leaked and was revoked",
		Reference:   "https://auth0.com/docs/secure/tokens/refresh-tokens/refresh-token-rotation",
		When:        Condition{Codes: []string{"ferrt"}, Body: tokenReuse},
	},

	// fraud (counted)
	{
		Name: "auth0.signup", Category: Fraud, Severity: sevInfo, Counted: true,
		Description: "A signup: a surge is fake-account creation",
		Reference:   docsLogEventCodes, When: codes("ss"),
	},
	{
		Name: "auth0.signup_failed", Category: Fraud, Severity: sevWarn, Counted: true,
		Description: "A failed signup: a surge is a scripted signup attempt",
		Reference:   docsLogEventCodes, When: codes("fs"),
	},
	{
		Name: "auth0.mfa_phone_enrolled", Category: Fraud, Severity: sevInfo, Counted: true,
		Description: "A phone enrolled for MFA: one number for many users is account farming",
		Reference:   docsMFAFactors + "/configure-sms-voice-notifications-mfa",
		When:        Condition{Codes: []string{"gd_enrollment_complete"}, Body: phoneFactor},
	},
	{
		Name: "auth0.dynamic_client_registered", Category: Fraud, Severity: sevInfo, Counted: true,
		Description: "An application registered through open Dynamic Client Registration: a burst is abuse",
		Reference:   "https://auth0.com/docs/get-started/applications/dynamic-client-registration",
		When:        Condition{Codes: []string{"sapi"}, Description: "Dynamic client registration"},
	},
}
