package pii

import "strings"

// field numbers index per-field tables; the order is allFields'.
const (
	fFirstName = iota
	fLastName
	fUsername
	fEmail
	fPhone
	fAddress
	numFields

	// fNone is a key that carries no PII; fPersonName is the key `name`, a person's full name
	// in a person object (see fieldOf), covered by first_name and last_name.
	fNone       = -1
	fPersonName = -2
	// fUserID is an identifier that may end in an email (samlp|acme-okta|alice@example.org):
	// the email field covers that part.
	fUserID = -3
	// fEmailLike is a key ending in _email or Email: an email when its value is a string (not
	// verify_email: true).
	fEmailLike = -4
	// fPath is a Management API path (details.request.path), which names the user it acts on
	// (/api/v2/users/samlp|acme-okta|alice@example.org): the email field covers the emails in it.
	fPath = -5
)

// fieldOf classifies a key of the Auth0 event tree, at any depth. The keys are those Auth0's
// tenant-log schema carries for each kind of personal data:
//
//	email       email (top level of fv; details.email of scp, sv, ublkdu; details.body, details.query,
//	            details.invitation.invitee, details.request.auth.user), and every string under
//	            a key ending in _email or Email (newEmail, new_email, details.invitation.invitee_email)
//	username    user_name (top level; details.prompts[].user_name), username, newUsername,
//	            newUername (sic, in Auth0's logs), oldUsername, login_hint, nickname
//	first_name  given_name, first_name, and a person's name (below)
//	last_name   family_name, last_name, and a person's name (below)
//	phone       phone_number (details.authenticator, details.enrollment, details.body, details),
//	            phone, new_phone_number, old_phone_number
//	address     address, whatever its shape (a string or an object of street, city, ...)
//
// `name` names many things (prompts, clients, actions, enrollments); it is a person's full
// name only in an object under `user`, `inviter` or `invitee`, or one that also holds email,
// given_name or family_name (a signup's details.body).
//
// user_id, identity_user_id and idp_user_id stay, except an email in them: enterprise and
// passwordless connections build ids from it (samlp|acme-okta|alice@example.org), and the email
// field redacts that last part.
func fieldOf(key string) int {
	switch key {
	case "email", "newEmail", "new_email":
		return fEmail
	case "user_name", "username", "newUsername", "newUername", "oldUsername", "login_hint", "nickname":
		return fUsername
	case "given_name", "first_name":
		return fFirstName
	case "family_name", "last_name":
		return fLastName
	case "phone_number", "phone", "new_phone_number", "old_phone_number":
		return fPhone
	case "address":
		return fAddress
	case "name":
		return fPersonName
	case "user_id", "identity_user_id", "idp_user_id":
		return fUserID
	case "path":
		return fPath
	}
	if n := len(key); n > 5 && key[n-1] == 'l' && (strings.HasSuffix(key, "_email") || strings.HasSuffix(key, "Email")) {
		return fEmailLike // invitee_email, user_email, oldEmail, ...
	}
	return fNone
}

// personParent reports whether the objects under key describe a person.
func personParent(key string) bool {
	return key == "user" || key == "inviter" || key == "invitee"
}

// personSibling reports whether a key beside `name` shows that the object is a person.
func personSibling(key string) bool {
	return key == "email" || key == "given_name" || key == "family_name"
}

// attributeField classifies the record attributes that the mapping derives from a PII key.
func attributeField(key string) int {
	switch key {
	case "user.name":
		return fUsername
	case "user.email":
		return fEmail
	case "user.full_name":
		return fPersonName
	case "user.id":
		return fUserID
	case "url.path":
		return fPath
	}
	return fNone
}
