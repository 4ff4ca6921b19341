package catalog

// The Auth0 log-stream categories (Auth0's filter groups, dashed as in the per-type pages of
// Auth0's tenant-log docs). Codes Auth0 files nowhere get the one that fits best.
const (
	loginFail         = "auth-login-fail"
	loginNotification = "auth-login-notification"
	loginSuccess      = "auth-login-success"
	logoutFail        = "auth-logout-fail"
	logoutSuccess     = "auth-logout-success"
	signupFail        = "auth-signup-fail"
	signupSuccess     = "auth-signup-success"
	silentAuthFail    = "auth-silent-auth-fail"
	silentAuthSuccess = "auth-silent-auth-success"
	exchangeFail      = "auth-token-exchange-fail"
	exchangeSuccess   = "auth-token-exchange-success"
	managementFail    = "management-fail"
	managementSuccess = "management-success"
	systemNotice      = "system-notification"
	userFail          = "user-fail"
	userNotification  = "user-notification"
	userSuccess       = "user-success"
	scimEvent         = "scim-event"
	actions           = "actions"
	other             = "other"
)

// entries is the table, sorted by code (a test enforces it).
//
// Sources: Auth0's current event-code list and tenant-log schema; for legacy codes the older docs
// table, the 2020 export-extension table, and types that Auth0's published log schemas
// (github.com/auth0/auth0-log-schemas) carried for a while. The tests check the table against
// copies of these lists in testdata, whose headers name their sources.
//
// Severity follows who must act: INFO for successes and notices; WARN for warnings and for
// failures an end user or a client request caused; ERROR for failures the tenant's operators
// must fix (configuration, delivery, hooks/Actions/Flows) and for security alarms (blocks,
// breached passwords, refresh token reuse, rate limits).
var entries = []Entry{
	{Code: "acls_summary", Name: "Network ACLs Summary", Category: other, Outcome: Info, Severity: SeverityInfo},
	{Code: "actions_execution_failed", Name: "Actions Execution Failed", Category: actions, Outcome: Failure, Severity: SeverityError},
	{Code: "acul_sdk_notice", Name: "ACUL SDK Notice", Category: systemNotice, Outcome: Warning, Severity: SeverityWarn},
	{Code: "admin_update_launch", Name: "Auth0 Update Launched", Category: systemNotice, Outcome: Info, Severity: SeverityInfo, Legacy: true},
	{Code: "api_limit", Name: "Rate Limit on the Authentication or Management APIs", Category: systemNotice, Outcome: Failure, Severity: SeverityError},
	{Code: "api_limit_warning", Name: "Rate Limit Warning on the Authentication or Management APIs", Category: systemNotice, Outcome: Warning, Severity: SeverityWarn},
	{Code: "appi", Name: "Notice for API Peak Performance initiated", Category: systemNotice, Outcome: Info, Severity: SeverityInfo},
	// The client polls before the user approved: routine for CIBA, not an operator's problem.
	{Code: "ciba_exchange_failed", Name: "Failed CIBA Exchange", Category: exchangeFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "ciba_exchange_succeeded", Name: "Successful CIBA Exchange", Category: exchangeSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "ciba_start_failed", Name: "Failed CIBA Start", Category: other, Outcome: Failure, Severity: SeverityWarn},
	{Code: "ciba_start_succeeded", Name: "Successful CIBA Start", Category: other, Outcome: Success, Severity: SeverityInfo},
	{Code: "cls", Name: "Code/Link Sent", Category: other, Outcome: Info, Severity: SeverityInfo},
	// AD/LDAP connector going offline: logins through it fail until an operator restores it.
	{Code: "coff", Name: "Connector Offline", Category: systemNotice, Outcome: Failure, Severity: SeverityError, Legacy: true},
	{Code: "con", Name: "Connector Online", Category: systemNotice, Outcome: Info, Severity: SeverityInfo, Legacy: true},
	{Code: "connected_accounts_connection_failed", Name: "Failed Connected Account Connection", Category: userFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "connected_accounts_connection_succeeded", Name: "Successful Connected Account Connection", Category: userSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "connected_accounts_delete_failed", Name: "Failed Connected Account Delete", Category: userFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "connected_accounts_delete_succeeded", Name: "Successful Connected Account Delete", Category: userSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "cs", Name: "Code Sent", Category: userNotification, Outcome: Info, Severity: SeverityInfo},
	{Code: "custom_domain_verification_failed", Name: "Custom Domain Verification Failed", Category: systemNotice, Outcome: Failure, Severity: SeverityError},
	// Auth0's published schema name for custom_domain_verification_failed until its rename in July 2025.
	{Code: "custom_domains_verification_failed", Name: "Custom Domains Verification Failed", Category: systemNotice, Outcome: Failure, Severity: SeverityError, Legacy: true},
	{Code: "depnote", Name: "Deprecation Notice", Category: systemNotice, Outcome: Warning, Severity: SeverityWarn},
	// "completed" is the success of the pair completed/failed, hence success rather than info.
	{Code: "directory_sync_completed", Name: "Inbound Directory Sync Completed", Category: systemNotice, Outcome: Success, Severity: SeverityInfo},
	{Code: "directory_sync_failed", Name: "Inbound Directory Sync Failed", Category: systemNotice, Outcome: Failure, Severity: SeverityError},
	{Code: "directory_sync_started", Name: "Inbound Directory Sync Started", Category: systemNotice, Outcome: Info, Severity: SeverityInfo},
	// A done deletion (superseded by sdu); the 2020 extension table's "error" for it is not followed.
	{Code: "du", Name: "Deleted User", Category: userNotification, Outcome: Info, Severity: SeverityInfo, Legacy: true},
	// Auth0's published schema name for appi (same hour counters in details) until its rename in April 2024.
	{Code: "elevated_rate_limit", Name: "Elevated Rate Limit Notice", Category: systemNotice, Outcome: Info, Severity: SeverityInfo, Legacy: true},
	{Code: "f", Name: "Failed Login", Category: loginFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "failed_on_behalf_of_token_exchange", Name: "Failed Exchange (On-Behalf-Of Token Exchange)", Category: exchangeFail, Outcome: Failure, Severity: SeverityWarn},
	// A Management API call refused: an operator's tool or a bad client grant, not an end user.
	{Code: "fapi", Name: "Failed API Operation", Category: managementFail, Outcome: Failure, Severity: SeverityError, Legacy: true},
	// A login the AD/LDAP connector refused, mostly bad credentials; an outage shows as coff.
	{Code: "fc", Name: "Failed by Connector", Category: loginFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fce", Name: "Failed Change Email", Category: userFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fco", Name: "Failed by CORS", Category: other, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fcoa", Name: "Failed Cross-Origin Authentication", Category: loginFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fcp", Name: "Failed Change Password", Category: userFail, Outcome: Failure, Severity: SeverityWarn},
	// The tenant's own hook code failed.
	{Code: "fcph", Name: "Failed Post Change Password Hook", Category: userFail, Outcome: Failure, Severity: SeverityError},
	{Code: "fcpn", Name: "Failed Change Phone Number", Category: userFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fcpr", Name: "Failed Change Password Request", Category: userFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fcpro", Name: "Failed Connector Provisioning", Category: systemNotice, Outcome: Failure, Severity: SeverityError},
	{Code: "fcu", Name: "Failed Change Username", Category: userFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fd", Name: "Failed Delegation", Category: userFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fdeac", Name: "Failed Device Activation", Category: other, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fdeaz", Name: "Failed Device Authorization Request", Category: userFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fdecc", Name: "User Canceled Device Confirmation", Category: userFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fdeleacft", Name: "Failed Exchange (Delegated Authorization Code for Access Token)", Category: exchangeFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fdelsa", Name: "Failed Delegated Silent Authentication", Category: silentAuthFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fdu", Name: "Failed User Deletion", Category: userFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "feacft", Name: "Failed Exchange (Authorization Code for Access Token)", Category: exchangeFail, Outcome: Failure, Severity: SeverityWarn},
	// Machine clients fail on their own configuration (secret, grant), which an operator fixes.
	{Code: "feccft", Name: "Failed Exchange (Access Token for a Client Credentials Grant)", Category: exchangeFail, Outcome: Failure, Severity: SeverityError},
	{Code: "fecte", Name: "Failed Exchange (Custom Token Exchange)", Category: exchangeFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fede", Name: "Failed Exchange (Device Code for Access Token)", Category: exchangeFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "federated_logout_failed", Name: "Failed Federated Logout", Category: logoutFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fens", Name: "Failed Exchange (Native Social Login)", Category: loginFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "feoobft", Name: "Failed Exchange (Password and OOB Challenge for Access Token)", Category: exchangeFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "feotpft", Name: "Failed Exchange (Password and OTP Challenge for Access Token)", Category: exchangeFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fepft", Name: "Failed Exchange (Password for Access Token)", Category: exchangeFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fepotpft", Name: "Failed Exchange (Passwordless OTP for Access Token)", Category: exchangeFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fercft", Name: "Failed Exchange (Password and MFA Recovery Code for Access Token)", Category: exchangeFail, Outcome: Failure, Severity: SeverityWarn},
	// Emitted when a rotated refresh token is reused: a possible token theft.
	{Code: "ferrt", Name: "Failed Exchange (Rotating Refresh Token)", Category: exchangeFail, Outcome: Failure, Severity: SeverityError},
	{Code: "fertft", Name: "Failed Exchange (Refresh Token for Access Token)", Category: exchangeFail, Outcome: Failure, Severity: SeverityWarn},
	// Auth0 files feta under auth-token-exchange-success, but it is the failed Token Vault
	// exchange (seta's twin): filed with the failures so a filter on them catches it.
	{Code: "feta", Name: "Failed Exchange (Token Vault)", Category: exchangeFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fi", Name: "Failed invite accept", Category: other, Outcome: Failure, Severity: SeverityWarn},
	{Code: "flo", Name: "Failed Logout", Category: logoutFail, Outcome: Failure, Severity: SeverityWarn},
	// "completed" is the success of the pair completed/failed, hence success rather than info.
	{Code: "flows_execution_completed", Name: "Flows Execution Completed", Category: other, Outcome: Success, Severity: SeverityInfo},
	{Code: "flows_execution_failed", Name: "Flows Execution Failed", Category: other, Outcome: Failure, Severity: SeverityError},
	// Email or SMS delivery failed: the tenant's provider settings need an operator.
	{Code: "fn", Name: "Failed Sending Notification", Category: userFail, Outcome: Failure, Severity: SeverityError},
	{Code: "forms_submission_failed", Name: "Forms Submission Failed", Category: other, Outcome: Failure, Severity: SeverityError},
	{Code: "forms_submission_succeeded", Name: "Forms Submission Succeeded", Category: other, Outcome: Success, Severity: SeverityInfo},
	{Code: "fp", Name: "Failed Login (Incorrect Password)", Category: loginFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fpar", Name: "Failed Pushed Authorization Request", Category: other, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fpurh", Name: "Failed Post User Registration Hook", Category: other, Outcome: Failure, Severity: SeverityError},
	{Code: "fs", Name: "Failed Signup", Category: signupFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fsa", Name: "Failed Silent Auth", Category: silentAuthFail, Outcome: Failure, Severity: SeverityWarn},
	// SCIM calls come from the customer's provisioning IdP: a failure is an integration to fix.
	{Code: "fscim", Name: "Failed SCIM Operation", Category: scimEvent, Outcome: Failure, Severity: SeverityError},
	{Code: "fu", Name: "Failed Login (Invalid Email/Username)", Category: loginFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fui", Name: "Failed users import", Category: systemNotice, Outcome: Failure, Severity: SeverityError},
	// Auth0 says "failed to send", but its details carry the verification ticket and link query:
	// a link that could not be used (expired, reused), sv's twin. Send failures are fn.
	{Code: "fv", Name: "Failed Verification Email", Category: userFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "fvr", Name: "Failed Verification Email Request", Category: userFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "gd_auth_email_verification", Name: "Email Verification Confirmed", Category: other, Outcome: Success, Severity: SeverityInfo},
	{Code: "gd_auth_fail_email_verification", Name: "Email Verification Failed", Category: other, Outcome: Failure, Severity: SeverityWarn},
	{Code: "gd_auth_failed", Name: "MFA Auth failed", Category: other, Outcome: Failure, Severity: SeverityWarn},
	{Code: "gd_auth_rejected", Name: "MFA Auth rejected", Category: other, Outcome: Failure, Severity: SeverityWarn},
	{Code: "gd_auth_succeed", Name: "MFA Auth success", Category: other, Outcome: Success, Severity: SeverityInfo},
	{Code: "gd_enrollment_complete", Name: "MFA enrollment complete", Category: userNotification, Outcome: Info, Severity: SeverityInfo},
	{Code: "gd_module_switch", Name: "Module switch (MFA)", Category: other, Outcome: Info, Severity: SeverityInfo, Legacy: true},
	// Too many wrong MFA codes: a brute-force signal.
	{Code: "gd_otp_rate_limit_exceed", Name: "Too many MFA failures", Category: other, Outcome: Failure, Severity: SeverityError},
	{Code: "gd_recovery_failed", Name: "Recovery failed", Category: other, Outcome: Failure, Severity: SeverityWarn},
	// Too many wrong recovery codes: a brute-force signal.
	{Code: "gd_recovery_rate_limit_exceed", Name: "Multi-factor recovery code has failed too many times", Category: other, Outcome: Failure, Severity: SeverityError},
	{Code: "gd_recovery_succeed", Name: "MFA recovery success", Category: other, Outcome: Success, Severity: SeverityInfo},
	{Code: "gd_send_email", Name: "MFA Email Sent", Category: other, Outcome: Info, Severity: SeverityInfo},
	// Only in Auth0's published log schemas (auth0-log-schemas), 2024-02 to 2025-03. A delivery
	// failure, like gd_send_sms_failure.
	{Code: "gd_send_email_failure", Name: "Error Sending MFA Email", Category: other, Outcome: Failure, Severity: SeverityError, Legacy: true},
	{Code: "gd_send_email_verification", Name: "Email Verification Sent", Category: other, Outcome: Info, Severity: SeverityInfo},
	// Auth0 reuses the wording of gd_auth_fail_email_verification; the code says sending failed.
	{Code: "gd_send_email_verification_failure", Name: "Email Verification Failed (Sending)", Category: other, Outcome: Failure, Severity: SeverityError},
	{Code: "gd_send_pn", Name: "Push notification sent", Category: other, Outcome: Info, Severity: SeverityInfo},
	{Code: "gd_send_pn_failure", Name: "Error Sending MFA Push Notification", Category: other, Outcome: Failure, Severity: SeverityError},
	{Code: "gd_send_sms", Name: "MFA SMS Sent", Category: other, Outcome: Info, Severity: SeverityInfo},
	{Code: "gd_send_sms_failure", Name: "Error Sending MFA SMS", Category: other, Outcome: Failure, Severity: SeverityError},
	{Code: "gd_send_voice", Name: "MFA voice call success", Category: other, Outcome: Info, Severity: SeverityInfo},
	{Code: "gd_send_voice_failure", Name: "MFA voice call failed", Category: other, Outcome: Failure, Severity: SeverityError},
	{Code: "gd_start_auth", Name: "Second factor started", Category: other, Outcome: Info, Severity: SeverityInfo},
	{Code: "gd_start_enroll", Name: "MFA Enroll started", Category: userNotification, Outcome: Info, Severity: SeverityInfo},
	{Code: "gd_start_enroll_failed", Name: "MFA Enrollment Failed", Category: other, Outcome: Failure, Severity: SeverityWarn},
	{Code: "gd_tenant_update", Name: "Guardian tenant update", Category: other, Outcome: Info, Severity: SeverityInfo},
	{Code: "gd_unenroll", Name: "Unenroll device account", Category: userNotification, Outcome: Info, Severity: SeverityInfo},
	{Code: "gd_update_device_account", Name: "Update device account", Category: userNotification, Outcome: Info, Severity: SeverityInfo},
	{Code: "gd_user_delete", Name: "User delete (MFA)", Category: userNotification, Outcome: Info, Severity: SeverityInfo, Legacy: true},
	{Code: "gd_webauthn_challenge_failed", Name: "WebAuthn browser error (Challenge)", Category: other, Outcome: Failure, Severity: SeverityWarn},
	{Code: "gd_webauthn_enrollment_failed", Name: "WebAuthn browser error (Enrollment)", Category: other, Outcome: Failure, Severity: SeverityWarn},
	{Code: "idjag_exchange_failed", Name: "Failed Exchange (Identity Assertion Authorization Grant JWT for Access Token)", Category: exchangeFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "idjag_exchange_succeeded", Name: "Success Exchange (Identity Assertion Authorization Grant JWT for Access Token)", Category: exchangeSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "jwt_bearer_exchange_failed", Name: "Failed Exchange (JWT Bearer Assertion for Access Token)", Category: exchangeFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "kms_key_management_failure", Name: "Failed KMS API Operation", Category: other, Outcome: Failure, Severity: SeverityError},
	{Code: "kms_key_management_success", Name: "Success KMS API Operation", Category: other, Outcome: Success, Severity: SeverityInfo},
	{Code: "kms_key_state_changed", Name: "KMS Key State Change", Category: other, Outcome: Info, Severity: SeverityInfo},
	{Code: "limit_delegation", Name: "Too Many Calls to /delegation", Category: systemNotice, Outcome: Failure, Severity: SeverityError},
	{Code: "limit_mu", Name: "Blocked IP Address", Category: systemNotice, Outcome: Failure, Severity: SeverityError},
	// SMS/voice sending blocked for a user: toll-fraud protection tripped.
	{Code: "limit_phone", Name: "Blocked Phone Delivery (Too Many Attempts)", Category: systemNotice, Outcome: Failure, Severity: SeverityError},
	{Code: "limit_sul", Name: "Blocked Account (Logins per IP)", Category: other, Outcome: Failure, Severity: SeverityError},
	{Code: "limit_ui", Name: "Too Many Calls to /userinfo", Category: systemNotice, Outcome: Failure, Severity: SeverityError, Legacy: true},
	{Code: "limit_wc", Name: "Blocked Account (Failed Logins)", Category: systemNotice, Outcome: Failure, Severity: SeverityError},
	{Code: "mfar", Name: "MFA Required", Category: other, Outcome: Info, Severity: SeverityInfo},
	{Code: "mgmt_api_read", Name: "Management API read Operation", Category: managementSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "my_account_authentication_method_failed", Name: "Failed authentication method operation in My Account API", Category: userFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "my_account_authentication_method_succeeded", Name: "Successful authentication method operation in My Account API", Category: userSuccess, Outcome: Success, Severity: SeverityInfo},
	// Auth0's call to the application's back-channel logout URL failed: a delivery failure.
	{Code: "oidc_backchannel_logout_failed", Name: "Failed OIDC Back-Channel Logout request", Category: logoutFail, Outcome: Failure, Severity: SeverityError},
	{Code: "oidc_backchannel_logout_succeeded", Name: "Successful OIDC Back-Channel Logout request", Category: logoutSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "organization_member_added", Name: "Organization Member Added", Category: other, Outcome: Info, Severity: SeverityInfo},
	{Code: "passkey_challenge_failed", Name: "Passkey Challenge Failed", Category: other, Outcome: Failure, Severity: SeverityWarn},
	{Code: "passkey_challenge_started", Name: "Passkey Challenge Started", Category: other, Outcome: Info, Severity: SeverityInfo},
	// Only in Auth0's published log schemas (auth0-log-schemas), 2025-09 to 2026-02.
	{Code: "passkey_register_failed", Name: "Passkey Registration Failed", Category: other, Outcome: Failure, Severity: SeverityWarn, Legacy: true},
	{Code: "passkey_register_started", Name: "Passkey Registration Started", Category: other, Outcome: Info, Severity: SeverityInfo, Legacy: true},
	{Code: "pla", Name: "Pre-login assessment", Category: other, Outcome: Info, Severity: SeverityInfo},
	{Code: "pwd_leak", Name: "Breached password", Category: other, Outcome: Failure, Severity: SeverityError},
	// Only in Auth0's published log schemas (auth0-log-schemas), 2025-01 to 2025-03.
	{Code: "refresh_token_exchange_for_session_token_failed", Name: "Failed Exchange (Refresh Token for Session Token)", Category: exchangeFail, Outcome: Failure, Severity: SeverityWarn, Legacy: true},
	{Code: "refresh_token_exchange_for_session_token_successful", Name: "Success Exchange (Refresh Token for Session Token)", Category: exchangeSuccess, Outcome: Success, Severity: SeverityInfo, Legacy: true},
	// Only in Auth0's published log schemas (auth0-log-schemas), 2024-04 to 2025-03.
	{Code: "refresh_tokens_revoked_by_session", Name: "Refresh Tokens Revoked by Session", Category: userSuccess, Outcome: Success, Severity: SeverityInfo, Legacy: true},
	{Code: "reset_pwd_leak", Name: "Breached Password on Reset", Category: other, Outcome: Failure, Severity: SeverityError},
	{Code: "resource_cleanup", Name: "Success Resource Cleanup", Category: other, Outcome: Success, Severity: SeverityInfo},
	{Code: "rich_consents_access_error", Name: "Rich Consents Access Error", Category: other, Outcome: Failure, Severity: SeverityWarn},
	{Code: "s", Name: "Success Login", Category: loginSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "sapi", Name: "Success API Operation", Category: managementSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "sce", Name: "Success Change Email", Category: userSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "scoa", Name: "Success cross-origin authentication", Category: loginSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "scp", Name: "Success Change Password", Category: userSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "scph", Name: "Success Post Change Password Hook", Category: userSuccess, Outcome: Success, Severity: SeverityInfo, Legacy: true},
	{Code: "scpn", Name: "Success Change Phone Number", Category: userSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "scpr", Name: "Success Change Password Request", Category: userSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "scu", Name: "Success Change Username", Category: userSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "scv", Name: "Success Credential Validation", Category: loginNotification, Outcome: Success, Severity: SeverityInfo},
	{Code: "sd", Name: "Success Delegation", Category: userSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "sdel", Name: "Successful Delegated Login", Category: loginSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "sdeleacft", Name: "Success Exchange (Delegated Authorization Code for Access Token)", Category: exchangeSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "sdelsa", Name: "Successful Delegated Silent Authentication", Category: silentAuthSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "sdu", Name: "Success User Deletion", Category: userSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "seacft", Name: "Success Exchange (Authorization Code for Access Token)", Category: exchangeSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "seccft", Name: "Success Exchange (Access Token for a Client Credentials Grant)", Category: exchangeSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "secte", Name: "Success Exchange (Custom Token Exchange)", Category: exchangeSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "sede", Name: "Success Exchange (Device Code for Access Token)", Category: exchangeSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "sens", Name: "Success Exchange (Native Social Login)", Category: loginSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "seoobft", Name: "Success Exchange (Password and OOB Challenge for Access Token)", Category: exchangeSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "seotpft", Name: "Success Exchange (Password and OTP Challenge for Access Token)", Category: exchangeSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "sepft", Name: "Success Exchange (Password for Access Token)", Category: exchangeSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "sepkoobft", Name: "Success Exchange (Passkey and OOB Challenge for Access Token)", Category: exchangeSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "sepkotpft", Name: "Success Exchange (Passkey and OTP Challenge for Access Token)", Category: exchangeSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "sepkrcft", Name: "Success Exchange (Passkey and MFA Recovery Code for Access Token)", Category: exchangeSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "sercft", Name: "Success Exchange (Password and MFA Recovery Code for Access Token)", Category: exchangeSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "sertft", Name: "Success Exchange (Refresh Token for Access Token)", Category: exchangeSuccess, Outcome: Success, Severity: SeverityInfo},
	// Only in Auth0's published log schemas (auth0-log-schemas), 2024-04 to 2025-03.
	{Code: "session_revoked", Name: "Successful Session Revocation", Category: userSuccess, Outcome: Success, Severity: SeverityInfo, Legacy: true},
	{Code: "seta", Name: "Success Exchange (Token Vault)", Category: exchangeSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "si", Name: "Successfully accepted a user invite", Category: other, Outcome: Success, Severity: SeverityInfo},
	{Code: "signup_pwd_leak", Name: "Breached Password on Signup", Category: other, Outcome: Failure, Severity: SeverityError},
	{Code: "slo", Name: "Success Logout", Category: logoutSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "srrt", Name: "Successfully revoked a refresh token", Category: userSuccess, Outcome: Success, Severity: SeverityInfo},
	// Auth0's filter page lists ss under Signup - Success.
	{Code: "ss", Name: "Success Signup", Category: signupSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "ss_sso_failure", Name: "Failed SS-SSO Operation", Category: userFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "ss_sso_info", Name: "Information from an SS-SSO Operation", Category: userNotification, Outcome: Info, Severity: SeverityInfo},
	{Code: "ss_sso_success", Name: "Success SS-SSO Operation", Category: userSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "ssa", Name: "Success Silent Auth", Category: silentAuthSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "sscim", Name: "Successful SCIM Operation", Category: scimEvent, Outcome: Success, Severity: SeverityInfo},
	{Code: "success_on_behalf_of_token_exchange", Name: "Success Exchange (On-Behalf-Of Token Exchange)", Category: exchangeSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "sui", Name: "Successfully imported users", Category: userSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "sv", Name: "Success Verification Email", Category: userSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "svr", Name: "Success Verification Email Request", Category: userSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "sys_os_update_end", Name: "Auth0 OS Update Ended", Category: systemNotice, Outcome: Info, Severity: SeverityInfo, Legacy: true},
	{Code: "sys_os_update_start", Name: "Auth0 OS Update Started", Category: systemNotice, Outcome: Info, Severity: SeverityInfo, Legacy: true},
	{Code: "sys_update_end", Name: "Auth0 Update Ended", Category: systemNotice, Outcome: Info, Severity: SeverityInfo, Legacy: true},
	{Code: "sys_update_start", Name: "Auth0 Update Started", Category: systemNotice, Outcome: Info, Severity: SeverityInfo, Legacy: true},
	// An MFA enrollment refused at the authenticator limit; Auth0 files it nowhere.
	{Code: "too_many_records", Name: "Max Amount of Authenticators", Category: other, Outcome: Failure, Severity: SeverityWarn},
	{Code: "ublkdu", Name: "User login block released", Category: userNotification, Outcome: Info, Severity: SeverityInfo},
	{Code: "universal_logout_failed", Name: "Failed Universal Logout request", Category: logoutFail, Outcome: Failure, Severity: SeverityWarn},
	{Code: "universal_logout_succeeded", Name: "Successful Universal Logout request", Category: logoutSuccess, Outcome: Success, Severity: SeverityInfo},
	{Code: "w", Name: "Warning During Login", Category: loginNotification, Outcome: Warning, Severity: SeverityWarn},
	{Code: "wn", Name: "Warning Sending Notification", Category: other, Outcome: Warning, Severity: SeverityWarn},
	{Code: "wum", Name: "Warning User Management", Category: other, Outcome: Warning, Severity: SeverityWarn},
}
