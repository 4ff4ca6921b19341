package catalog

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOCSFTableNamesRealCodes: every row of the OCSF tables names a catalog code or category, so a
// typo cannot silently leave a code to its category's class.
func TestOCSFTableNamesRealCodes(t *testing.T) {
	for code := range ocsfCodes {
		_, ok := Lookup(code)
		assert.True(t, ok, "ocsfCodes: %q is not a catalog code", code)
	}
	for cat := range ocsfCategories {
		assert.True(t, IsCategory(cat), "ocsfCategories: %q is not a category", cat)
	}
}

// TestEveryCodeHasAnOCSFClass: each code resolves to a class the receiver writes, with one of
// that class's activities; only API Activity goes by method; MFA only marks authentications.
func TestEveryCodeHasAnOCSFClass(t *testing.T) {
	for _, e := range All() {
		o := OCSF(&e)
		require.True(t, slices.Contains(OCSFClasses(), o.Class), e.Code)
		if o.Activity == OCSFActivityByMethod {
			assert.Same(t, OCSFAPIActivity, o.Class, "%s: only API Activity takes its activity from the method", e.Code)
		} else {
			_, ok := o.Class.Activity(o.Activity)
			assert.True(t, ok, "%s: %s has no activity %d", e.Code, o.Class.Name, o.Activity)
		}
		if o.MFA {
			assert.Same(t, OCSFAuthentication, o.Class, "%s: is_mfa is an Authentication attribute", e.Code)
		}
		if o.Class == OCSFAPIActivity {
			assert.Contains(t, []string{managementSuccess, managementFail, scimEvent}, e.Category,
				"%s: API Activity needs the request's method and path", e.Code)
		}
	}
}

// TestOCSFByCategory: the category decides unless a code has its own row.
func TestOCSFByCategory(t *testing.T) {
	for code, want := range map[string]string{
		"s":                      "Authentication: Logon",
		"fp":                     "Authentication: Logon",
		"ssa":                    "Authentication: Logon",
		"slo":                    "Authentication: Logoff",
		"seacft":                 "Authentication: Service Ticket Request",
		"sertft":                 "Authentication: Service Ticket Renew",
		"seotpft":                "Authentication: Service Ticket Request, MFA",
		"gd_auth_succeed":        "Authentication: Logon, MFA",
		"gd_send_sms":            "Authentication: Other, MFA",
		"pla":                    "Authentication: Preauth",
		"pwd_leak":               "Authentication: Logon, blocked",
		"ss":                     "Account Change: Create",
		"scp":                    "Account Change: Password Change",
		"scpr":                   "Account Change: Password Reset",
		"sce":                    "Account Change: Other",
		"sdu":                    "Account Change: Delete",
		"limit_wc":               "Account Change: Lock, blocked",
		"ublkdu":                 "Account Change: Unlock",
		"gd_enrollment_complete": "Account Change: MFA Factor Enable",
		"gd_unenroll":            "Account Change: MFA Factor Disable",
		"sapi":                   "API Activity: by method",
		"mgmt_api_read":          "API Activity: by method",
		"sscim":                  "API Activity: by method",
		"api_limit":              "Base Event: Other, blocked",
		"depnote":                "Base Event: Other",
		"fn":                     "Base Event: Other",
	} {
		e, ok := Lookup(code)
		require.True(t, ok, code)
		assert.Equal(t, want, OCSFMarkdown(e), code)
	}
	u := Unknown("fxyz")
	assert.Equal(t, "Base Event: Other", OCSFMarkdown(&u), "a code the catalog does not know")
}

func TestOCSFClassActivities(t *testing.T) {
	for _, c := range OCSFClasses() {
		ids := map[int32]bool{}
		for _, a := range c.Activities {
			assert.False(t, ids[a.ID], "%s: activity %d twice", c.Name, a.ID)
			ids[a.ID] = true
			assert.Equal(t, c.Name+": "+a.Name, a.TypeName)
		}
		assert.True(t, ids[OCSFActivityUnknown] && ids[OCSFActivityOther], "%s: every class has Unknown and Other", c.Name)
		assert.Equal(t, c.CategoryUID, c.UID/1000, "%s: class_uid is category_uid*1000 + its number", c.Name)
		assert.NotContains(t, c.Name, "|", "the README table would break")
	}
}
