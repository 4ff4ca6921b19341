package catalog

// entries is the table, sorted by code. (Placeholder: to be completed from ../shared/reference.)
var entries = []Entry{
	{Code: "f", Name: "Failed Login", Category: "auth-login-fail", Outcome: Failure, Severity: SeverityWarn},
	{Code: "fp", Name: "Failed Login (Incorrect Password)", Category: "auth-login-fail", Outcome: Failure, Severity: SeverityWarn},
	{Code: "s", Name: "Success Login", Category: "auth-login-success", Outcome: Success, Severity: SeverityInfo},
}
