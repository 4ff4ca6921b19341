package catalog

// The OCSF 1.5 class of every event code, as data: which class an Auth0 event becomes in the
// receiver's `format: ocsf`, with which activity. A code gets its row in ocsfCodes, else its
// category's row in ocsfCategories, else Base Event "Other". The captions are the schema's (the
// ocsf package's tests check them against the OCSF sources).

import "fmt"

// OCSFActivity is one activity_id of a class and its caption.
type OCSFActivity struct {
	ID       int32
	Name     string // activity_name
	TypeName string // type_name, "<class>: <activity>"
}

// OCSFClass is an OCSF event class the receiver writes.
type OCSFClass struct {
	UID          int32  // class_uid
	Name         string // class_name
	CategoryUID  int32  // category_uid
	CategoryName string // category_name
	Activities   []OCSFActivity
}

// Activity returns the activity with that id.
func (c *OCSFClass) Activity(id int32) (*OCSFActivity, bool) {
	for i := range c.Activities {
		if c.Activities[i].ID == id {
			return &c.Activities[i], true
		}
	}
	return nil, false
}

// Activity ids shared by every class.
const (
	OCSFActivityUnknown int32 = 0
	OCSFActivityOther   int32 = 99
	// OCSFActivityByMethod is not an OCSF id: API Activity takes its activity from the request's
	// HTTP method (POST create, GET read, PUT and PATCH update, DELETE delete).
	OCSFActivityByMethod int32 = -1
)

// Authentication activities.
const (
	OCSFLogon int32 = iota + 1
	OCSFLogoff
	OCSFAuthenticationTicket
	OCSFServiceTicketRequest
	OCSFServiceTicketRenew
	OCSFPreauth
)

// Account Change activities.
const (
	OCSFCreate int32 = iota + 1
	OCSFEnable
	OCSFPasswordChange
	OCSFPasswordReset
	OCSFDisable
	OCSFDelete
	OCSFAttachPolicy
	OCSFDetachPolicy
	OCSFLock
	OCSFMFAFactorEnable
	OCSFMFAFactorDisable
	OCSFUnlock
)

// API Activity activities.
const (
	OCSFAPICreate int32 = iota + 1
	OCSFAPIRead
	OCSFAPIUpdate
	OCSFAPIDelete
)

// The classes, as OCSF 1.5 defines them.
var (
	OCSFBaseEvent = newOCSFClass(0, "Base Event", 0, "Uncategorized", nil)

	OCSFAccountChange = newOCSFClass(3001, "Account Change", 3, "Identity & Access Management", []string{
		OCSFCreate: "Create", OCSFEnable: "Enable", OCSFPasswordChange: "Password Change",
		OCSFPasswordReset: "Password Reset", OCSFDisable: "Disable", OCSFDelete: "Delete",
		OCSFAttachPolicy: "Attach Policy", OCSFDetachPolicy: "Detach Policy", OCSFLock: "Lock",
		OCSFMFAFactorEnable: "MFA Factor Enable", OCSFMFAFactorDisable: "MFA Factor Disable", OCSFUnlock: "Unlock",
	})

	OCSFAuthentication = newOCSFClass(3002, "Authentication", 3, "Identity & Access Management", []string{
		OCSFLogon: "Logon", OCSFLogoff: "Logoff", OCSFAuthenticationTicket: "Authentication Ticket",
		OCSFServiceTicketRequest: "Service Ticket Request", OCSFServiceTicketRenew: "Service Ticket Renew",
		OCSFPreauth: "Preauth",
	})

	OCSFAPIActivity = newOCSFClass(6003, "API Activity", 6, "Application Activity", []string{
		OCSFAPICreate: "Create", OCSFAPIRead: "Read", OCSFAPIUpdate: "Update", OCSFAPIDelete: "Delete",
	})
)

// OCSFClasses returns the classes the receiver writes.
func OCSFClasses() []*OCSFClass {
	return []*OCSFClass{OCSFBaseEvent, OCSFAccountChange, OCSFAuthentication, OCSFAPIActivity}
}

// newOCSFClass builds a class from its own activity captions (indexed by id), adding Unknown
// (0) and Other (99), which every class has.
func newOCSFClass(uid int32, name string, catUID int32, catName string, activities []string) *OCSFClass {
	c := &OCSFClass{UID: uid, Name: name, CategoryUID: catUID, CategoryName: catName}
	add := func(id int32, caption string) {
		c.Activities = append(c.Activities, OCSFActivity{ID: id, Name: caption, TypeName: name + ": " + caption})
	}
	add(OCSFActivityUnknown, "Unknown")
	for id, caption := range activities {
		if caption != "" {
			add(int32(id), caption)
		}
	}
	add(OCSFActivityOther, "Other")
	return c
}

// OCSFEvent says how the events of one code become OCSF events.
type OCSFEvent struct {
	Class    *OCSFClass
	Activity int32 // an activity id of Class, or OCSFActivityByMethod
	// MFA: the event is a step of multi-factor authentication (is_mfa).
	MFA bool
	// Blocked: Auth0 itself denied the attempt (Attack Protection, rate limits): the event gets the
	// security_control profile with action Denied and disposition Blocked.
	Blocked bool
}

func authn(activity int32) OCSFEvent { return OCSFEvent{Class: OCSFAuthentication, Activity: activity} }

func account(activity int32) OCSFEvent {
	return OCSFEvent{Class: OCSFAccountChange, Activity: activity}
}
func mfa(e OCSFEvent) OCSFEvent     { e.MFA = true; return e }
func blocked(e OCSFEvent) OCSFEvent { e.Blocked = true; return e }

var (
	ocsfBase  = OCSFEvent{Class: OCSFBaseEvent, Activity: OCSFActivityOther}
	ocsfByAPI = OCSFEvent{Class: OCSFAPIActivity, Activity: OCSFActivityByMethod}
)

// ocsfCategories is the class of each Auth0 category; categories not listed (system-notification,
// actions, other) are Base Event.
var ocsfCategories = map[string]OCSFEvent{
	loginSuccess:      authn(OCSFLogon),
	loginFail:         authn(OCSFLogon),
	loginNotification: authn(OCSFLogon),
	silentAuthSuccess: authn(OCSFLogon),
	silentAuthFail:    authn(OCSFLogon),
	logoutSuccess:     authn(OCSFLogoff),
	logoutFail:        authn(OCSFLogoff),
	exchangeSuccess:   authn(OCSFServiceTicketRequest), // an access token for an API (the audience)
	exchangeFail:      authn(OCSFServiceTicketRequest),
	signupSuccess:     account(OCSFCreate),
	signupFail:        account(OCSFCreate),
	userSuccess:       account(OCSFActivityOther),
	userFail:          account(OCSFActivityOther),
	userNotification:  account(OCSFActivityOther),
	managementSuccess: ocsfByAPI,
	managementFail:    ocsfByAPI,
	scimEvent:         ocsfByAPI, // SCIM requests carry their method, path and status like Management API ones
}

// ocsfCodes are the codes whose class or activity is not their category's.
var ocsfCodes = map[string]OCSFEvent{
	// Token exchanges that renew a grant rather than ask for a first one.
	"sertft": authn(OCSFServiceTicketRenew),
	"fertft": authn(OCSFServiceTicketRenew),
	"ferrt":  authn(OCSFServiceTicketRenew),
	"refresh_token_exchange_for_session_token_successful": authn(OCSFServiceTicketRenew),
	"refresh_token_exchange_for_session_token_failed":     authn(OCSFServiceTicketRenew),
	// Exchanges that complete a second factor.
	"seoobft":   mfa(authn(OCSFServiceTicketRequest)),
	"feoobft":   mfa(authn(OCSFServiceTicketRequest)),
	"seotpft":   mfa(authn(OCSFServiceTicketRequest)),
	"feotpft":   mfa(authn(OCSFServiceTicketRequest)),
	"sercft":    mfa(authn(OCSFServiceTicketRequest)),
	"fercft":    mfa(authn(OCSFServiceTicketRequest)),
	"sepkoobft": mfa(authn(OCSFServiceTicketRequest)),
	"sepkotpft": mfa(authn(OCSFServiceTicketRequest)),
	"sepkrcft":  mfa(authn(OCSFServiceTicketRequest)),
	// Delegation exchanges one token for another.
	"sd": authn(OCSFServiceTicketRequest),
	"fd": authn(OCSFServiceTicketRequest),

	// Steps before the credentials are checked.
	"pla":  authn(OCSFPreauth),
	"fpar": authn(OCSFPreauth),
	// Logins that Auth0 files elsewhere.
	"fco":                       authn(OCSFLogon),
	"fdeac":                     authn(OCSFLogon),
	"fdeaz":                     authn(OCSFLogon),
	"fdecc":                     authn(OCSFLogon),
	"ciba_start_succeeded":      authn(OCSFLogon),
	"ciba_start_failed":         authn(OCSFLogon),
	"passkey_challenge_started": authn(OCSFLogon),
	"passkey_challenge_failed":  authn(OCSFLogon),
	// Sessions and grants ended.
	"srrt":                              authn(OCSFLogoff),
	"session_revoked":                   authn(OCSFLogoff),
	"refresh_tokens_revoked_by_session": authn(OCSFLogoff),
	// Passwordless codes and links sent on the way to a login.
	"cs":  authn(OCSFActivityOther),
	"cls": authn(OCSFActivityOther),

	// Multi-factor authentication.
	"mfar":                               mfa(authn(OCSFLogon)),
	"gd_start_auth":                      mfa(authn(OCSFLogon)),
	"gd_auth_succeed":                    mfa(authn(OCSFLogon)),
	"gd_auth_failed":                     mfa(authn(OCSFLogon)),
	"gd_auth_rejected":                   mfa(authn(OCSFLogon)),
	"gd_auth_email_verification":         mfa(authn(OCSFLogon)),
	"gd_auth_fail_email_verification":    mfa(authn(OCSFLogon)),
	"gd_recovery_succeed":                mfa(authn(OCSFLogon)),
	"gd_recovery_failed":                 mfa(authn(OCSFLogon)),
	"gd_webauthn_challenge_failed":       mfa(authn(OCSFLogon)),
	"gd_otp_rate_limit_exceed":           blocked(mfa(authn(OCSFLogon))),
	"gd_recovery_rate_limit_exceed":      blocked(mfa(authn(OCSFLogon))),
	"gd_send_sms":                        mfa(authn(OCSFActivityOther)),
	"gd_send_sms_failure":                mfa(authn(OCSFActivityOther)),
	"gd_send_voice":                      mfa(authn(OCSFActivityOther)),
	"gd_send_voice_failure":              mfa(authn(OCSFActivityOther)),
	"gd_send_email":                      mfa(authn(OCSFActivityOther)),
	"gd_send_email_failure":              mfa(authn(OCSFActivityOther)),
	"gd_send_pn":                         mfa(authn(OCSFActivityOther)),
	"gd_send_pn_failure":                 mfa(authn(OCSFActivityOther)),
	"gd_send_email_verification":         mfa(authn(OCSFActivityOther)),
	"gd_send_email_verification_failure": mfa(authn(OCSFActivityOther)),

	// Attack Protection at a login: the attempt was refused.
	"pwd_leak": blocked(authn(OCSFLogon)),
	"limit_mu": blocked(authn(OCSFLogon)),

	// Account changes.
	"scp":                           account(OCSFPasswordChange),
	"fcp":                           account(OCSFPasswordChange),
	"scpr":                          account(OCSFPasswordReset),
	"fcpr":                          account(OCSFPasswordReset),
	"sdu":                           account(OCSFDelete),
	"fdu":                           account(OCSFDelete),
	"du":                            account(OCSFDelete),
	"limit_wc":                      blocked(account(OCSFLock)),
	"limit_sul":                     blocked(account(OCSFLock)),
	"ublkdu":                        account(OCSFUnlock),
	"signup_pwd_leak":               blocked(account(OCSFCreate)),
	"reset_pwd_leak":                blocked(account(OCSFPasswordReset)),
	"gd_start_enroll":               account(OCSFMFAFactorEnable),
	"gd_start_enroll_failed":        account(OCSFMFAFactorEnable),
	"gd_enrollment_complete":        account(OCSFMFAFactorEnable),
	"gd_webauthn_enrollment_failed": account(OCSFMFAFactorEnable),
	"too_many_records":              account(OCSFMFAFactorEnable),
	"passkey_register_started":      account(OCSFMFAFactorEnable),
	"passkey_register_failed":       account(OCSFMFAFactorEnable),
	"gd_unenroll":                   account(OCSFMFAFactorDisable),
	"gd_user_delete":                account(OCSFMFAFactorDisable),
	"gd_update_device_account":      account(OCSFActivityOther),

	// Codes of user categories that change no user account: hooks, notifications, imports,
	// tenant SSO settings.
	"scph":           ocsfBase,
	"fcph":           ocsfBase,
	"fn":             ocsfBase,
	"sui":            ocsfBase,
	"ss_sso_success": ocsfBase,
	"ss_sso_failure": ocsfBase,
	"ss_sso_info":    ocsfBase,

	// Rate limits and delivery blocks: refused requests that are no login.
	"api_limit":        blocked(ocsfBase),
	"limit_delegation": blocked(ocsfBase),
	"limit_ui":         blocked(ocsfBase),
	"limit_phone":      blocked(ocsfBase),
}

// ocsfResolved is every catalog code's OCSFEvent, computed once: the builder asks per event.
var ocsfResolved = func() map[string]OCSFEvent {
	m := make(map[string]OCSFEvent, len(entries))
	for i := range entries {
		m[entries[i].Code] = resolveOCSF(&entries[i])
	}
	return m
}()

func resolveOCSF(e *Entry) OCSFEvent {
	if o, ok := ocsfCodes[e.Code]; ok {
		return o
	}
	if o, ok := ocsfCategories[e.Category]; ok {
		return o
	}
	return ocsfBase
}

// OCSF returns how events of e's code become OCSF events. Codes that are not in the catalog
// (catalog.Unknown) are Base Event "Other".
func OCSF(e *Entry) OCSFEvent {
	if o, ok := ocsfResolved[e.Code]; ok {
		return o
	}
	return resolveOCSF(e)
}

// OCSFMarkdown is the text of the README's OCSF column for a code, e.g. "Authentication:
// Logon, MFA" or "API Activity: by method".
func OCSFMarkdown(e *Entry) string {
	o := OCSF(e)
	activity := "by method"
	if a, ok := o.Class.Activity(o.Activity); ok {
		activity = a.Name
	}
	s := fmt.Sprintf("%s: %s", o.Class.Name, activity)
	if o.MFA {
		s += ", MFA"
	}
	if o.Blocked {
		s += ", blocked"
	}
	return s
}
