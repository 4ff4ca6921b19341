package auth0sim

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// claims of the simulator's access tokens: a JWT signed with HS256 and a per-simulator key, so
// tokens need no storage and cannot be forged by a test by accident.
type claims struct {
	Iss   string  `json:"iss"`
	Sub   string  `json:"sub"`
	Aud   string  `json:"aud"`
	Iat   int64   `json:"iat"`
	Exp   float64 `json:"exp"` // seconds, with milliseconds: short test TTLs stay exact
	Scope string  `json:"scope"`
	Gty   string  `json:"gty"`
	Azp   string  `json:"azp"`
}

var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT","kid":"auth0sim"}`))

func (s *Simulator) sign(c claims) string {
	payload, _ := json.Marshal(c)
	tok := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(payload)
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(tok))
	return tok + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// verify returns the token's claims, or false when it is not one of this simulator's tokens.
func (s *Simulator) verify(tok string) (claims, bool) {
	var c claims
	dot := strings.LastIndexByte(tok, '.')
	if dot < 0 {
		return c, false
	}
	sig, err := base64.RawURLEncoding.DecodeString(tok[dot+1:])
	if err != nil {
		return c, false
	}
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(tok[:dot]))
	if !hmac.Equal(sig, mac.Sum(nil)) {
		return c, false
	}
	_, payload, _ := strings.Cut(tok[:dot], ".")
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil || json.Unmarshal(raw, &c) != nil {
		return c, false
	}
	return c, true
}

// oauthError answers like Auth0's Authentication API: {"error","error_description"}.
func oauthError(w http.ResponseWriter, status int, code, desc string) {
	body, _ := json.Marshal(map[string]string{"error": code, "error_description": desc})
	writeJSON(w, status, body)
}

// serveToken is POST /oauth/token: the client-credentials grant, from a form or a JSON body,
// with the client authenticated in the body or with HTTP Basic (x/oauth2 tries Basic first).
func (s *Simulator) serveToken(w http.ResponseWriter, r *http.Request) {
	s.count(func(st *Stats) { st.TokenRequests++ })
	params, err := tokenParams(r)
	if err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	if id, secret, ok := r.BasicAuth(); ok {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
		params.Set("client_id", id)
		params.Set("client_secret", secret)
	}
	grant := params.Get("grant_type")
	switch {
	case grant == "":
		oauthError(w, http.StatusBadRequest, "invalid_request", "Missing required parameter: grant_type")
		return
	case grant != "client_credentials":
		oauthError(w, http.StatusForbidden, "unauthorized_client", "Grant type '"+grant+"' not allowed for the client.")
		return
	}
	if params.Get("client_id") != s.opts.ClientID ||
		subtle.ConstantTimeCompare([]byte(params.Get("client_secret")), []byte(s.opts.ClientSecret)) != 1 {
		oauthError(w, http.StatusUnauthorized, "access_denied", "Unauthorized")
		return
	}
	aud := params.Get("audience")
	switch {
	case aud == "":
		oauthError(w, http.StatusForbidden, "access_denied",
			"No audience parameter was provided, and no default audience has been configured")
		return
	case s.opts.DenyGrant || (s.opts.Audience != "" && aud != s.opts.Audience):
		oauthError(w, http.StatusForbidden, "access_denied",
			`Client is not authorized to access "`+aud+`". You need to create a "client-grant" associated to this API.`)
		return
	}
	now := s.now()
	scope := strings.Join(s.opts.Scopes, " ")
	tok := s.sign(claims{
		Iss: "https://" + s.opts.Domain + "/", Sub: s.opts.ClientID + "@clients", Aud: aud, Azp: s.opts.ClientID,
		Iat: now.Unix(), Exp: float64(now.Add(s.opts.TokenTTL).UnixMilli()) / 1000, Scope: scope, Gty: "client-credentials",
	})
	s.count(func(st *Stats) { st.TokensIssued++ })
	body, _ := json.Marshal(map[string]any{
		"access_token": tok, "scope": scope, "token_type": "Bearer",
		"expires_in": int64((s.opts.TokenTTL + time.Second - 1) / time.Second),
	})
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, body)
}

func tokenParams(r *http.Request) (url.Values, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/json" {
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		return r.PostForm, nil
	}
	var m map[string]any
	if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20)).Decode(&m); err != nil {
		return nil, err
	}
	v := url.Values{}
	for k, x := range m {
		switch x := x.(type) {
		case string:
			v.Set(k, x)
		case float64:
			v.Set(k, strconv.FormatFloat(x, 'f', -1, 64))
		}
	}
	return v, nil
}

// Management API answers, in Auth0's (hapi Boom) shape.
const (
	bodyMissingAuth = `{"statusCode":401,"error":"Unauthorized","message":"Missing authentication"}`
	bodyBadHeader   = `{"statusCode":400,"error":"Bad Request","message":"Bad HTTP authentication header format","attributes":{"error":"Bad HTTP authentication header format"}}`
	bodyInvalid     = `{"statusCode":401,"error":"Unauthorized","message":"Invalid token","attributes":{"error":"Invalid token"}}`
	bodyExpired     = `{"statusCode":401,"error":"Unauthorized","message":"Expired token received for JSON Web Token validation","attributes":{"error":"Expired token received for JSON Web Token validation"}}`
	bodyScope       = `{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:logs,read:logs_users","errorCode":"insufficient_scope"}`
)

// authorize checks the bearer token of an API request; it answers and returns false when the
// request may not proceed.
func (s *Simulator) authorize(w http.ResponseWriter, r *http.Request) bool {
	h := r.Header.Get("Authorization")
	if h == "" {
		writeJSON(w, http.StatusUnauthorized, []byte(bodyMissingAuth))
		return false
	}
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		writeJSON(w, http.StatusBadRequest, []byte(bodyBadHeader))
		return false
	}
	c, ok := s.verify(strings.TrimSpace(tok))
	if !ok {
		w.Header().Set("WWW-Authenticate", `Token error="Invalid token"`)
		writeJSON(w, http.StatusUnauthorized, []byte(bodyInvalid))
		return false
	}
	if float64(s.now().UnixMilli())/1000 >= c.Exp {
		writeJSON(w, http.StatusUnauthorized, []byte(bodyExpired))
		return false
	}
	scopes := strings.Fields(c.Scope)
	if !slices.Contains(scopes, "read:logs") && !slices.Contains(scopes, "read:logs_users") {
		writeJSON(w, http.StatusForbidden, []byte(bodyScope))
		return false
	}
	return true
}
