package mapping

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
)

// Attribute keys without a semconv v1.43.0 constant.
const (
	attrEventType      = "auth0.event.type"
	attrEventName      = "auth0.event.name"
	attrEventCategory  = "auth0.event.category"
	attrEventOutcome   = "auth0.event.outcome"
	attrEventKnown     = "auth0.event.known"
	attrClientID       = "auth0.client.id"
	attrClientName     = "auth0.client.name"
	attrConnectionName = "auth0.connection.name"
	attrConnectionID   = "auth0.connection.id"
	attrStrategy       = "auth0.strategy"
	attrStrategyType   = "auth0.strategy_type"
	attrAudience       = "auth0.audience"
	attrScope          = "auth0.scope"
	attrOrgID          = "auth0.organization.id"
	attrOrgName        = "auth0.organization.name"
	attrIsMobile       = "auth0.is_mobile"
	attrMappingError   = "auth0.mapping.error"
	attrTLSClientJA4   = "tls.client.ja4"
	attrErrorMessage   = "error.message"
)

// Top-level members the attributes come from.
const (
	fDescription = iota
	fUserID
	fUserName
	fIP
	fClientIP
	fUserAgent
	fHostname
	fClientID
	fClientName
	fConnection
	fConnectionID
	fStrategy
	fStrategyType
	fAudience
	fScope
	fOrgID
	fOrgName
	fIsMobile
	fIsMobileSnake
	fLocation
	fSecurity
	fDetails
	fReferences
	nFields
)

func fieldIndex(k string) int {
	switch k {
	case "description":
		return fDescription
	case "user_id":
		return fUserID
	case "user_name":
		return fUserName
	case "ip":
		return fIP
	case "client_ip":
		return fClientIP
	case "user_agent":
		return fUserAgent
	case "hostname":
		return fHostname
	case "client_id":
		return fClientID
	case "client_name":
		return fClientName
	case "connection":
		return fConnection
	case "connection_id":
		return fConnectionID
	case "strategy":
		return fStrategy
	case "strategy_type":
		return fStrategyType
	case "audience":
		return fAudience
	case "scope":
		return fScope
	case "organization_id":
		return fOrgID
	case "organization_name":
		return fOrgName
	case "isMobile":
		return fIsMobile
	case "is_mobile":
		return fIsMobileSnake
	case "location_info":
		return fLocation
	case "security_context":
		return fSecurity
	case "details":
		return fDetails
	case "references":
		return fReferences
	}
	return -1
}

// absent stands for a member that is not there; it is never written.
var absent = pcommon.NewValueEmpty()

// writeAttributes derives the record's attributes (DESIGN section 5 table) from its body.
func writeAttributes(sc *scanner, lr plog.LogRecord, it *item, ci *codeInfo) {
	var v [nFields]pcommon.Value
	for i := range v {
		v[i] = absent
	}
	body := lr.Body()
	if body.Type() == pcommon.ValueTypeMap {
		for k, val := range body.Map().All() {
			if i := fieldIndex(k); i >= 0 {
				v[i] = val
			}
		}
	}

	w := attrWriter{m: lr.Attributes(), sc: sc}
	w.m.EnsureCapacity(24)
	w.put(string(semconv.LogRecordUIDKey), it.logID)
	w.put(attrEventType, ci.code)
	w.put(attrEventName, ci.name)
	w.put(attrEventCategory, ci.category)
	w.put(attrEventOutcome, ci.outcome)
	if !ci.known {
		w.m.PutBool(attrEventKnown, false)
	}
	w.str(string(semconv.UserIDKey), v[fUserID], "user_id")
	w.str(string(semconv.UserNameKey), v[fUserName], "user_name")
	if !w.str(string(semconv.ClientAddressKey), v[fIP], "ip") {
		w.str(string(semconv.ClientAddressKey), v[fClientIP], "client_ip")
	}
	w.str(string(semconv.UserAgentOriginalKey), v[fUserAgent], "user_agent")
	w.str(string(semconv.ServerAddressKey), v[fHostname], "hostname")

	loc := w.object(v[fLocation], "location_info")
	w.str(string(semconv.GeoCountryISOCodeKey), member(loc, "country_code"), "location_info.country_code")
	w.str(string(semconv.GeoLocalityNameKey), member(loc, "city_name"), "location_info.city_name")
	w.str(string(semconv.GeoContinentCodeKey), member(loc, "continent_code"), "location_info.continent_code")
	w.double(string(semconv.GeoLocationLatKey), member(loc, "latitude"), "location_info.latitude")
	w.double(string(semconv.GeoLocationLonKey), member(loc, "longitude"), "location_info.longitude")

	sec := w.object(v[fSecurity], "security_context")
	w.str(string(semconv.TLSClientJa3Key), member(sec, "ja3"), "security_context.ja3")
	w.str(attrTLSClientJA4, member(sec, "ja4"), "security_context.ja4")

	w.str(attrClientID, v[fClientID], "client_id")
	w.str(attrClientName, v[fClientName], "client_name")
	w.str(attrConnectionName, v[fConnection], "connection")
	w.str(attrConnectionID, v[fConnectionID], "connection_id")
	w.str(attrStrategy, v[fStrategy], "strategy")
	w.str(attrStrategyType, v[fStrategyType], "strategy_type")
	w.str(attrAudience, v[fAudience], "audience")
	w.scope(v[fScope])
	w.str(attrOrgID, v[fOrgID], "organization_id")
	w.str(attrOrgName, v[fOrgName], "organization_name")
	if !w.boolean(attrIsMobile, v[fIsMobile], "isMobile") {
		w.boolean(attrIsMobile, v[fIsMobileSnake], "is_mobile")
	}

	details := w.object(v[fDetails], "details")
	if req := w.object(member(details, "request"), "details.request"); req != absent {
		if method, ok := w.text(member(req, "method"), "details.request.method"); ok {
			w.m.PutStr(string(semconv.HTTPRequestMethodKey), upperMethod(method))
		}
		w.str(string(semconv.URLPathKey), member(req, "path"), "details.request.path")
	}
	// details.response is an object for API operations, a string for some codes (api_limit).
	if resp := member(details, "response"); resp.Type() == pcommon.ValueTypeMap {
		w.statusCode(member(resp, "statusCode"))
	}

	if ci.outcome == string(catalog.Failure) {
		w.failure(ci.code, member(details, "error"), v[fDescription])
	}

	w.trace(lr, w.object(v[fReferences], "references"))

	if len(sc.notes) > 0 {
		w.m.PutStr(attrMappingError, strings.Join(sc.notes, "; "))
	}
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

// failure writes error.type and error.message for failure events.
func (w *attrWriter) failure(code string, detailsErr, description pcommon.Value) {
	typ, msg := code, ""
	switch detailsErr.Type() {
	case pcommon.ValueTypeMap:
		if t, ok := w.text(member(detailsErr, "type"), "details.error.type"); ok {
			typ = t
		}
		msg, _ = w.text(member(detailsErr, "message"), "details.error.message")
	case pcommon.ValueTypeStr:
		msg = detailsErr.Str()
	}
	if msg == "" {
		msg, _ = w.text(description, "description")
	}
	w.put(string(semconv.ErrorTypeKey), typ)
	w.put(attrErrorMessage, msg)
}
