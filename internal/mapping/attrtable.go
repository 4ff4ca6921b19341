package mapping

import (
	"strings"

	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

// The attribute table: every attribute a record can carry, where it comes from and how it is
// read. It drives the lookup of the source fields while the body is built (sources.go), the
// writing of the attributes (attrwrite.go) and the README's attribute table (AttributesMarkdown).
// Adding an attribute is adding a row.

// attribute is one row of the table.
type attribute struct {
	key  string      // the attribute key ("" for what a conversion sets on the record itself)
	from string      // source fields in order of preference: dotted paths separated by "|"
	as   *conversion // how a source value becomes the attribute; its type in the README
	when condition   // which events carry it
	// write is the code of an attribute that a source and a conversion cannot express; it reads
	// the row's sources itself. nil for a plain row.
	write func(w *attrWriter, a *attribute)
	doc   string // what the README says beyond the sources and the conversion

	srcs []int32 // the source of each path of from, resolved once
}

// condition says which events carry an attribute.
type condition uint8

const (
	always   condition = iota
	failures           // events whose outcome is failure
)

// Attribute keys without a semconv v1.43.0 constant.
const (
	attrEventType     = "auth0.event.type"
	attrEventName     = "auth0.event.name"
	attrEventCategory = "auth0.event.category"
	attrEventOutcome  = "auth0.event.outcome"
	attrEventKnown    = "auth0.event.known"
	attrMappingError  = "auth0.mapping.error"
)

// attributes is the table, in the order the attributes are written.
var attributes = []attribute{
	{key: string(semconv.LogRecordUIDKey), as: asString, write: writeUID, doc: "`log_id` (or `_id`; for Log Streams the envelope's `log_id`): a backend can drop repeats by it"},
	{key: attrEventType, as: asString, write: writeEventType, doc: "`type`: the code, e.g. `fp`"},
	{key: attrEventName, as: asString, write: writeEventName, doc: "the code's name in the event-code table (\"Failed Login (Incorrect Password)\")"},
	{key: attrEventCategory, as: asString, write: writeEventCategory, doc: "the code's Auth0 log-stream category (`auth-login-fail`)"},
	{key: attrEventOutcome, as: asString, write: writeEventOutcome, doc: "the code's outcome: `success`, `failure`, `warning` or `info`"},
	{key: attrEventKnown, as: asBool, write: writeEventKnown, doc: "`false` for codes not in the event-code table (absent otherwise)"},
	{key: string(semconv.UserIDKey), from: "user_id", as: asString},
	{key: string(semconv.UserNameKey), from: "user_name", as: asString},
	{key: string(semconv.ClientAddressKey), from: "ip|client_ip", as: asString},
	{key: string(semconv.UserAgentOriginalKey), from: "user_agent", as: asString},
	{key: string(semconv.ServerAddressKey), from: "hostname", as: asString},
	{key: string(semconv.GeoCountryISOCodeKey), from: "location_info.country_code", as: asString, doc: "the location of `client.address`"},
	{key: string(semconv.GeoLocalityNameKey), from: "location_info.city_name", as: asString},
	{key: string(semconv.GeoContinentCodeKey), from: "location_info.continent_code", as: asString},
	{key: string(semconv.GeoLocationLatKey), from: "location_info.latitude", as: asDouble},
	{key: string(semconv.GeoLocationLonKey), from: "location_info.longitude", as: asDouble},
	{key: string(semconv.TLSClientJa3Key), from: "security_context.ja3", as: asString},
	{key: "tls.client.ja4", from: "security_context.ja4", as: asString},
	{key: "auth0.client.id", from: "client_id", as: asString},
	{key: "auth0.client.name", from: "client_name", as: asString},
	{key: "auth0.connection.name", from: "connection", as: asString},
	{key: "auth0.connection.id", from: "connection_id", as: asString},
	{key: "auth0.strategy", from: "strategy", as: asString},
	{key: "auth0.strategy_type", from: "strategy_type", as: asString},
	{key: "auth0.audience", from: "audience", as: asString},
	{key: "auth0.scope", from: "scope", as: asStrings},
	{key: "auth0.organization.id", from: "organization_id", as: asString},
	{key: "auth0.organization.name", from: "organization_name", as: asString},
	{key: "auth0.is_mobile", from: "isMobile|is_mobile", as: asBool},
	{key: string(semconv.HTTPRequestMethodKey), from: "details.request.method", as: asMethod, doc: "Management API operations"},
	{key: string(semconv.URLPathKey), from: "details.request.path", as: asString, doc: "Management API operations"},
	{key: string(semconv.HTTPResponseStatusCodeKey), from: "details.response.statusCode", as: asInt, doc: "Management API operations"},
	{key: "auth0.actor.id", from: "details.request.auth.user.user_id", as: asString, doc: "who made a Management API operation"},
	{key: "auth0.actor.name", from: "details.request.auth.user.name", as: asString},
	{key: "auth0.actor.email", from: "details.request.auth.user.email", as: asString},
	{key: "auth0.actor.channel", from: "details.request.channel", as: asChannel},
	{key: string(semconv.ErrorTypeKey), from: "details.error.type", as: asString, when: failures, write: writeErrorType, doc: "`details.error.type`, else the code"},
	{key: "error.message", from: "details.error.message|details.error|description", as: asString, when: failures, write: writeErrorMessage, doc: "`details.error.message`, else `details.error` when it is a string, else `description`"},
	{from: "references.trace_id", as: asTraceID},
	{from: "references.span_id", as: asSpanID},
	{key: attrMappingError, as: asString, write: writeMappingError, doc: "what could not be read, when a field had a wrong type or the `date` was bad: the record is still delivered with everything else"},
}

func init() { buildSources(attributes) }

// paths returns the row's source paths.
func (a *attribute) paths() []string {
	if a.from == "" {
		return nil
	}
	return strings.Split(a.from, "|")
}
