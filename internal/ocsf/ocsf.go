// Package ocsf builds the OCSF 1.5 event of an Auth0 record: the body of a LogRecord in the
// receiver's `format: ocsf`. It works on what the mapping already built for the record (the
// event body as a pcommon.Map, the record's attributes, its severity and time) and never decodes
// JSON again; the event's own JSON text is kept verbatim in raw_data.
//
// The class of each event code is data in the catalog (catalog.OCSF). Every class gets the
// classification, time, severity, status, message, metadata, the cloud profile's tenant and
// raw_data; then the class's own objects (user, actor, src_endpoint, http_request, api, ...).
// When a class's required identity is missing from an event (an Account Change without a user),
// the event is a Base Event instead, so that every event the builder writes is valid OCSF.
package ocsf

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-auth0/auth0receiver/internal/catalog"
	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
)

// SchemaVersion is the OCSF version of the events (metadata.version).
const SchemaVersion = "1.5.0"

// Input is what the mapping has for one record: Build is a mapping.Options.BodyWriter.
type Input = mapping.Event

// Build writes the OCSF event of in into dst, which should be empty.
func Build(dst pcommon.Map, in *Input) {
	e := in.Entry
	if e == nil {
		e = &unnamed
	}
	var f fields
	f.read(in.Attributes, in.Body)
	ev := catalog.OCSF(e)
	class := fit(ev, &f, in)
	activity := ev.Activity
	switch {
	case class != ev.Class:
		activity = catalog.OCSFActivityOther
	case activity == catalog.OCSFActivityByMethod:
		activity = apiActivity(f.method)
	}
	control := ev.Blocked || f.rule.name != ""
	actorProfile := class == catalog.OCSFBaseEvent && (f.hasUser() || f.hasClient())

	dst.EnsureCapacity(36)
	classify(dst, class, activity, e)
	t := in.Time
	if t == 0 {
		t = in.Observed
	}
	dst.PutInt("time", millis(t))
	putSeverity(dst, in.Severity)
	putStatus(dst, e.Outcome, &f)
	switch {
	case f.description != "":
		dst.PutStr("message", f.description)
	case e.Name != "":
		dst.PutStr("message", e.Name)
	}
	putMetadata(dst, in, e, &f, actorProfile, control)
	putCloud(dst, in.Tenant, f.tenantName)

	switch class {
	case catalog.OCSFAuthentication:
		putAuthentication(dst, ev, &f, in.Tenant)
	case catalog.OCSFAccountChange:
		putUser(dst, &f)
		putAppActor(dst, &f)
		putSource(dst, &f)
		putUserAgent(dst, &f)
	case catalog.OCSFAPIActivity:
		putAPIActivity(dst, e, &f, in.Tenant)
	default:
		if actorProfile {
			putActor(dst, &f)
		}
	}
	if control {
		putControl(dst, ev.Blocked, &f.rule, e.Code, in.Observed)
	}
	putStr(dst, "raw_data", in.Raw) // the text is the page's: no copy
}

// unnamed stands for a missing entry: an unknown code with no text.
var unnamed = catalog.Unknown("")

// fit returns the class the event is written as: its catalog class when the event has what
// that class requires, else Base Event.
func fit(ev catalog.OCSFEvent, f *fields, in *Input) *catalog.OCSFClass {
	switch ev.Class {
	case catalog.OCSFAuthentication:
		// user is required; a client authenticating on its own (client credentials) is the user
		// of a token exchange. service or dst_endpoint: the tenant always gives the latter.
		exchange := ev.Activity == catalog.OCSFServiceTicketRequest || ev.Activity == catalog.OCSFServiceTicketRenew
		if (f.hasUser() || exchange && f.hasClient()) && (f.hasClient() || f.host != "" || in.Tenant != "") {
			return ev.Class
		}
	case catalog.OCSFAccountChange:
		if f.hasUser() {
			return ev.Class
		}
	case catalog.OCSFAPIActivity:
		// actor, api and src_endpoint are required.
		if _, caller := f.caller(); f.ip != "" && (f.hasClient() || caller) {
			return ev.Class
		}
	default:
		return ev.Class
	}
	return catalog.OCSFBaseEvent
}

func (f *fields) hasUser() bool   { return f.userID != "" || f.userName != "" }
func (f *fields) hasClient() bool { return f.clientID != "" || f.clientName != "" }

// classify writes the classification: category, class, activity and type.
func classify(dst pcommon.Map, class *catalog.OCSFClass, activity int32, e *catalog.Entry) {
	a, ok := class.Activity(activity)
	if !ok {
		a, _ = class.Activity(catalog.OCSFActivityUnknown)
	}
	dst.PutInt("category_uid", int64(class.CategoryUID))
	dst.PutStr("category_name", class.CategoryName)
	dst.PutInt("class_uid", int64(class.UID))
	dst.PutStr("class_name", class.Name)
	dst.PutInt("activity_id", int64(a.ID))
	// For Other, OCSF wants the source's own name of the activity.
	switch {
	case a.ID != catalog.OCSFActivityOther:
		dst.PutStr("activity_name", a.Name)
	case e.Name != "":
		dst.PutStr("activity_name", e.Name)
	case e.Code != "":
		dst.PutStr("activity_name", e.Code)
	}
	dst.PutInt("type_uid", int64(class.UID)*100+int64(a.ID))
	dst.PutStr("type_name", a.TypeName)
}

// apiActivity is API Activity's activity for an HTTP method.
func apiActivity(method string) int32 {
	switch method {
	case "POST":
		return catalog.OCSFAPICreate
	case "GET":
		return catalog.OCSFAPIRead
	case "PUT", "PATCH":
		return catalog.OCSFAPIUpdate
	case "DELETE":
		return catalog.OCSFAPIDelete
	}
	return catalog.OCSFActivityUnknown
}

func millis(t pcommon.Timestamp) int64 { return int64(t / 1e6) }

// putSeverity maps the record's severity onto severity_id: TRACE to INFO are Informational, WARN
// is Low (the user decides whether to act), WARN2 to WARN4 Medium, ERROR High (act now), FATAL
// Critical.
func putSeverity(dst pcommon.Map, n plog.SeverityNumber) {
	id, name := int64(0), "Unknown"
	switch {
	case n >= plog.SeverityNumberFatal:
		id, name = 5, "Critical"
	case n >= plog.SeverityNumberError:
		id, name = 4, "High"
	case n >= plog.SeverityNumberWarn2:
		id, name = 3, "Medium"
	case n >= plog.SeverityNumberWarn:
		id, name = 2, "Low"
	case n >= plog.SeverityNumberTrace:
		id, name = 1, "Informational"
	}
	dst.PutInt("severity_id", id)
	dst.PutStr("severity", name)
}

// putStatus writes the outcome: Success, Failure, or Other "Warning"; notices (info) have none.
func putStatus(dst pcommon.Map, o catalog.Outcome, f *fields) {
	switch o {
	case catalog.Success:
		dst.PutInt("status_id", 1)
		dst.PutStr("status", "Success")
	case catalog.Failure:
		dst.PutInt("status_id", 2)
		dst.PutStr("status", "Failure")
	case catalog.Warning:
		dst.PutInt("status_id", 99)
		dst.PutStr("status", "Warning")
	}
	putStr(dst, "status_code", f.errType)
	putStr(dst, "status_detail", f.errMsg)
}

func putStr(m pcommon.Map, key, s string) {
	if s != "" {
		m.PutStr(key, s)
	}
}
