package auth0sim

import (
	"strconv"
	"strings"
)

// The simulated tenant: a few applications, connections and a population of users with stable
// identities, so that the same user logs in from the same connection again and again.

type client struct {
	name, id string
	frag     string // client_id, client_name
	m2m      bool   // machine-to-machine: client-credentials exchanges, no end user
}

type connection struct {
	name, id, strategy, strategyType, userPrefix string
	frag, strategyFrag                           string // connection, connection_id; strategy, strategy_type
}

type geo struct {
	v4, v6                                string // address prefixes
	cc, cc3, country, city, tz, continent string
	lat, lon                              float64
	json                                  string // location_info, rendered once
}

type agent struct {
	summary string // Auth0's parsed "Browser x.y.z / OS a.b.c" form
	mobile  bool
}

type user struct {
	id, email, name string
	frag            string // user_id, user_name
	conn            int
	org             int // index in orgs, -1 for none
}

type org struct{ id, name, frag string }

var clientNames = []struct {
	name string
	m2m  bool
}{
	{"Acme Web", false},
	{"Acme Mobile", false},
	{"Acme Partner Portal", false},
	{"Default App", false},
	{"All Applications", false},
	{"Orders API Backend", true},
	{"Log Exporter", true},
	{"Terraform Provider", true},
}

var connectionDefs = []connection{
	{name: "Username-Password-Authentication", strategy: "auth0", strategyType: "database", userPrefix: "auth0|"},
	{name: "google-oauth2", strategy: "google-oauth2", strategyType: "social", userPrefix: "google-oauth2|"},
	{name: "github", strategy: "github", strategyType: "social", userPrefix: "github|"},
	{name: "acme-okta", strategy: "samlp", strategyType: "enterprise", userPrefix: "samlp|acme-okta|"},
	{name: "email", strategy: "email", strategyType: "passwordless", userPrefix: "email|"},
	{name: "sms", strategy: "sms", strategyType: "passwordless", userPrefix: "sms|"},
}

// connWeights: most users sit in the database connection.
var connWeights = []int{0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 3, 3, 4, 5}

var geos = []geo{
	{"81.2.69.", "2a02:c7f:", "GB", "GBR", "United Kingdom", "London", "Europe/London", "EU", 51.5142, -0.0931, ""},
	{"114.76.60.", "2001:8003:", "AU", "AUS", "Australia", "Sydney", "Australia/Sydney", "OC", -33.8715, 151.2006, ""},
	{"67.43.156.", "2600:1700:", "US", "USA", "United States", "Ashburn", "America/New_York", "NA", 39.0437, -77.4875, ""},
	{"73.162.18.", "2601:646:", "US", "USA", "United States", "San Francisco", "America/Los_Angeles", "NA", 37.7749, -122.4194, ""},
	{"89.160.20.", "2a00:1450:", "SE", "SWE", "Sweden", "Linköping", "Europe/Stockholm", "EU", 58.4167, 15.6167, ""},
	{"91.64.112.", "2a02:8108:", "DE", "DEU", "Germany", "Berlin", "Europe/Berlin", "EU", 52.5244, 13.4105, ""},
	{"177.71.207.", "2804:14c:", "BR", "BRA", "Brazil", "São Paulo", "America/Sao_Paulo", "SA", -23.5475, -46.6361, ""},
	{"103.21.244.", "2405:204:", "IN", "IND", "India", "Mumbai", "Asia/Kolkata", "AS", 19.0728, 72.8826, ""},
	{"126.23.4.", "2400:4050:", "JP", "JPN", "Japan", "Tokyo", "Asia/Tokyo", "AS", 35.6895, 139.6917, ""},
	{"41.190.3.", "2c0f:f4c0:", "NG", "NGA", "Nigeria", "Lagos", "Africa/Lagos", "AF", 6.4541, 3.3947, ""},
	{"24.114.36.", "2607:fea8:", "CA", "CAN", "Canada", "Toronto", "America/Toronto", "NA", 43.7001, -79.4163, ""},
	{"82.64.17.", "2a01:e0a:", "FR", "FRA", "France", "Paris", "Europe/Paris", "EU", 48.8534, 2.3488, ""},
}

func init() {
	for i := range geos {
		g := &geos[i]
		w := jw{}
		w.obj("")
		w.str("country_code", g.cc)
		w.str("country_code3", g.cc3)
		w.str("country_name", g.country)
		w.str("city_name", g.city)
		w.float("latitude", g.lat)
		w.float("longitude", g.lon)
		w.str("time_zone", g.tz)
		w.str("continent_code", g.continent)
		w.end()
		g.json = string(w.b)
	}
}

var agents = []agent{
	{"Chrome 95.0.4638 / Mac OS X 10.15.7", false},
	{"Chrome 124.0.6367 / Windows 10.0.0", false},
	{"Chrome 124.0.6367 / Windows 10.0.0", false},
	{"Safari 17.4.1 / Mac OS X 10.15.7", false},
	{"Firefox 125.0.0 / Arch 0.0.0", false},
	{"Firefox 126.0.0 / Ubuntu 0.0.0", false},
	{"Edge 124.0.2478 / Windows 10.0.0", false},
	{"Mobile Safari 17.4.0 / iOS 17.4.1", true},
	{"Chrome Mobile 124.0.6367 / Android 10.0.0", true},
	{"Samsung Internet 24.0.0 / Android 14.0.0", true},
	{"Other 0.0.0 / Other 0.0.0", false},
}

// m2mAgents are the clients of machine-to-machine flows.
var m2mAgents = []string{"Other 0.0.0 / Other 0.0.0", "Go-http-client 1.1.0 / Other 0.0.0", "node-fetch 1.0.0 / Other 0.0.0"}

var ja3s = []string{
	"a1ffa339ba0853d979d34a96ac9e4b6b", "773906b0efdefa24a7f2b8eb6985bf37", "cd08e31494f9531f560d64c695473da9",
	"b32309a26951912be7dba376398abc3b", "579ccef312d18482fc42e2b822ca2430",
}

var ja4s = []string{
	"t13d1516h2_8daaf6152771_02713d6af862", "t13d1517h2_8daaf6152771_b0da82dd1658", "t13d1715h2_5b57614c22b0_3d5424432f57",
	"t13d311100_e8f1e7e78f70_d41ae481755e",
}

var firstNames = []string{
	"ada", "alan", "grace", "linus", "margaret", "dennis", "barbara", "ken", "radia", "edsger",
	"frances", "john", "hedy", "tim", "karen", "donald", "anita", "vint", "sophie", "guido",
}

var lastNames = []string{
	"lovelace", "turing", "hopper", "torvalds", "hamilton", "ritchie", "liskov", "thompson", "perlman",
	"dijkstra", "allen", "mccarthy", "lamarr", "berners-lee", "jones", "knuth", "borg", "cerf", "wilson", "rossum",
}
var mailDomains = []string{"example.com", "acme.test", "mail.example.org", "corp.example.net", "gmail.example"}

var orgNames = []string{"acme-corp", "globex", "initech", "umbrella", "hooli"}

const nUsers = 4000

// tenant holds the simulated tenant's stable population, derived from the seed.
type tenant struct {
	domain, name, env string
	apiAudience       string
	userinfo          string // the /userinfo audience
	hostFrag          string // hostname
	tailFrag          string // tenant_name, environment_name, $event_schema
	clients           []client
	conns             []connection
	users             []user
	orgs              []org
	admins            []user // dashboard users behind sapi/mgmt_api_read
}

func newTenant(seed int64, domain string) *tenant {
	t := &tenant{domain: domain, apiAudience: "https://" + domain + "/api/v2/", userinfo: "https://" + domain + "/userinfo"}
	t.name, _, _ = strings.Cut(domain, ".")
	t.env = "prod-us-1"
	if parts := strings.Split(domain, "."); len(parts) == 4 && parts[2] == "auth0" {
		t.env = "prod-" + parts[1] + "-1"
	}
	t.hostFrag = makeFrag("hostname", domain)
	t.tailFrag = makeFrag("tenant_name", t.name, "environment_name", t.env) + `,"$event_schema":{"version":"1.0.0"}`
	r := newRNG(seed, 0, saltID)
	for _, c := range clientNames {
		id := string(r.appendAlnum(nil, 32))
		t.clients = append(t.clients, client{name: c.name, id: id, m2m: c.m2m, frag: makeFrag("client_id", id, "client_name", c.name)})
	}
	for _, c := range connectionDefs {
		c.id = "con_" + string(r.appendAlnum(nil, 16))
		c.frag = makeFrag("connection", c.name, "connection_id", c.id)
		c.strategyFrag = makeFrag("strategy", c.strategy, "strategy_type", c.strategyType)
		t.conns = append(t.conns, c)
	}
	for _, n := range orgNames {
		id := "org_" + string(r.appendAlnum(nil, 16))
		t.orgs = append(t.orgs, org{id: id, name: n, frag: makeFrag("organization_id", id, "organization_name", n)})
	}
	for u := range nUsers {
		t.users = append(t.users, makeUser(&r, t, u, connWeights[r.intn(len(connWeights))]))
	}
	for u := range 3 {
		t.admins = append(t.admins, makeUser(&r, t, u+7, 2))
	}
	return t
}

func makeUser(r *rng, t *tenant, u, conn int) user {
	first, last := firstNames[u%len(firstNames)], lastNames[(u/len(firstNames))%len(lastNames)]
	n := strconv.Itoa(u / (len(firstNames) * len(lastNames)))
	if n == "0" {
		n = ""
	}
	email := first + "." + last + n + "@" + mailDomains[r.intn(len(mailDomains))]
	c := t.conns[conn]
	var id []byte
	id = append(id, c.userPrefix...)
	switch c.strategy {
	case "google-oauth2":
		id = r.appendDigits(id, 21)
	case "github":
		id = r.appendDigits(id, 8)
	case "samlp":
		id = append(id, email...)
	default:
		id = r.appendHex(id, 24)
	}
	orgIdx := -1
	if r.chance(0.2) {
		orgIdx = r.intn(len(t.orgs))
	}
	name := email
	if c.strategy == "sms" {
		name = "+1555" + string(r.appendDigits(nil, 7))
	}
	return user{
		id: string(id), email: email, name: name, conn: conn, org: orgIdx,
		frag: makeFrag("user_id", string(id), "user_name", name),
	}
}
