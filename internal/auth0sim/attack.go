package auth0sim

// The attack scenario: a fixed sequence of events that the receiver's security signals and a
// backend's threshold alerts catch. Its accounts and addresses are the same every time (the
// accounts are the tenant's, so they follow the seed), so a test can assert what it produces.

// attackRole says whose event a step is.
type attackRole uint8

const (
	roleNone        attackRole = iota // no end user (an IP block)
	roleVictim                        // the account under brute force, then blocked
	roleStuffed                       // another account per step: the credential list being tried
	roleAdmin                         // the Dashboard admin whose session the attacker holds
	roleTokenVictim                   // the user whose refresh token leaked
	rolePushVictim                    // the user bombed with MFA push notifications
)

// The attacker's addresses, from the documentation ranges of RFC 5737.
const (
	ipBruteForce = "198.51.100.23"
	ipStuffing   = "203.0.113.66"
	ipAdminTaken = "192.0.2.10"
	ipTokenThief = "192.0.2.77"
	ipPushBomber = "198.51.100.88"
)

// ipBreached are the addresses of the breached-password logins: Auth0 logs pwd_leak once per
// hour per address, so each comes from another one.
var ipBreached = [...]string{"203.0.113.41", "203.0.113.42", "203.0.113.43"}

// Sizes of the scenario's bursts.
const (
	attackWrongPasswords = 10 // Auth0's default brute-force threshold
	attackBreached       = len(ipBreached)
	attackStuffing       = 16 // fcoa and f in turn
	attackPushes         = 6  // above the 5 pushes a push-fatigue rule allows
)

// attackStepMs spaces the dates of the steps: the scenario's events are ingested together, their
// dates spread over the seconds before, in order (at most maxDateLag).
const attackStepMs = 100

type attackStep struct {
	ci       codeInfo
	role     attackRole
	nth      int // which stuffed account
	ip       string
	op       *mgmtOp
	desc     string
	authKind string
}

// attackScript is the scenario, in order; AttackScenario describes it.
var attackScript = func() []attackStep {
	var s []attackStep
	add := func(code string, role attackRole, ip string, f func(*attackStep)) {
		st := attackStep{ci: newCodeInfo(code), role: role, ip: ip}
		if f != nil {
			f(&st)
		}
		s = append(s, st)
	}
	for range attackWrongPasswords {
		add("fp", roleVictim, ipBruteForce, nil)
	}
	add("limit_wc", roleVictim, ipBruteForce, nil)
	for k := range attackBreached {
		add("pwd_leak", roleStuffed, ipBreached[k], func(st *attackStep) { st.nth = k })
	}
	for k := range attackStuffing {
		code := "fcoa"
		if k%2 == 1 {
			code = "f"
		}
		add(code, roleStuffed, ipStuffing, func(st *attackStep) {
			st.nth = attackBreached + k
			st.desc = "Wrong email or password."
		})
	}
	add("limit_mu", roleNone, ipStuffing, nil)
	add("sapi", roleAdmin, ipAdminTaken, func(st *attackStep) { st.op = &opBruteForceOff })
	add("ferrt", roleTokenVictim, ipTokenThief, func(st *attackStep) {
		st.desc = "Unsuccessful Refresh Token exchange, reused refresh token detected"
	})
	for range attackPushes {
		add("gd_send_pn", rolePushVictim, ipPushBomber, func(st *attackStep) { st.authKind = "push" })
	}
	return s
}()

// attackGeo is the location of the attacker's addresses.
const attackGeo = 9 // Lagos

// attackUsers are the tenant's accounts the scenario uses, chosen once.
type attackUsers struct {
	victim, token, push int   // indexes in tenant.users
	stuffed             []int // database accounts, one per stuffing step
}

func newAttackUsers(t *tenant) attackUsers {
	var db []int
	for i := range t.users {
		if t.conns[t.users[i].conn].strategy == "auth0" {
			db = append(db, i)
		}
	}
	n := attackBreached + attackStuffing
	return attackUsers{victim: db[0], token: db[1], push: db[2], stuffed: db[3 : 3+n]}
}

// playStep makes the event the scenario's step st.
func (e *event) playStep(st *attackStep) {
	t, u := e.g.t, &e.g.attack
	e.noUser = false
	switch st.role {
	case roleNone:
		e.user = nil
	case roleVictim:
		e.user = &t.users[u.victim]
	case roleStuffed:
		e.user = &t.users[u.stuffed[st.nth]]
	case roleTokenVictim:
		e.user = &t.users[u.token]
	case rolePushVictim:
		e.user = &t.users[u.push]
	case roleAdmin:
		e.user = &t.admins[0]
		e.cli = &t.clients[0]
		e.agent = agents[0]
	}
	if e.user != nil && e.ci.fam != famMgmt {
		e.conn = &t.conns[e.user.conn]
	}
	if st.op != nil {
		e.op = st.op
	}
	e.geo = &geos[attackGeo]
	e.ipLen = copy(e.ipBuf[:], st.ip)
	e.desc = st.desc
	e.authKind = st.authKind
}

// AttackStep describes one event of the attack scenario.
type AttackStep struct {
	Code     string `json:"code"`
	UserName string `json:"user_name,omitempty"` // "" for an IP block
	IP       string `json:"ip"`
}

// AttackScenario returns the scenario's events in order: 10 wrong passwords (fp) on one account
// from one address and the block of that account (limit_wc); 3 logins with breached passwords
// (pwd_leak) from 3 addresses; 16 cross-origin and other failed logins (fcoa, f in turn) on 16
// accounts from one address and the block of that address (limit_mu); brute-force protection
// switched off by a Dashboard admin (sapi); a refresh token reused (ferrt); 6 MFA push
// notifications to one user (gd_send_pn).
func (s *Simulator) AttackScenario() []AttackStep {
	out := make([]AttackStep, len(attackScript))
	for k := range attackScript {
		st := &attackScript[k]
		e := event{g: s.gen, ci: &st.ci}
		e.playStep(st)
		out[k] = AttackStep{Code: st.ci.code, UserName: e.userName(), IP: string(e.ip())}
	}
	return out
}

// Attack appends one attack scenario ingested now, its dates the seconds before, and returns
// its log_ids in order.
func (s *Simulator) Attack() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.catchUpLocked()
	first := s.tl.addScripted(len(attackScript), s.now().UnixNano())
	ids := make([]string, 0, len(attackScript))
	for i := first; i < first+len(attackScript); i++ {
		ids = append(ids, string(appendLogID(nil, s.opts.Seed, i, s.tl.at(i))))
	}
	return ids
}
