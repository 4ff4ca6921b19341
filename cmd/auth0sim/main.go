// Command auth0sim runs a fake Auth0 tenant on a local address, for demos, end-to-end tests and
// benchmarks of the auth0 receiver. It is a test tool, not Auth0: it holds no real data.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/otelcol-auth0/auth0receiver/internal/auth0sim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop() // before os.Exit, which runs no deferred call
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "auth0sim:", err)
		os.Exit(1)
	}
}

const usageHeader = `auth0sim: a FAKE Auth0 tenant for tests, demos and benchmarks. It is not Auth0 and holds no
real data; it imitates what the auth0 receiver uses:

  POST /oauth/token          client-credentials grant (form or JSON body, or HTTP Basic)
  GET  /api/v2/logs          checkpoint mode (from, take <= 100, Link rel="next") or
                             search mode (q=date:[X TO *], page, per_page <= 100, sort, include_totals;
                             at most the first 1000 results)
  GET  /api/v2/logs/{id}     one event
  GET  /sim/stats            the simulator's counters as JSON (not an Auth0 endpoint)
  GET  /sim/attack           the attack scenario's steps as JSON (not an Auth0 endpoint)
  POST /sim/attack           append one attack scenario ingested now; answers its log_ids

Events of every Auth0 event code are generated on demand: a backlog spread before the start and a
live rate after it. Real Auth0 rate limits for GET /api/v2/logs: Essentials/Professional burst 10,
100 per minute; Free 2 per second for the whole Management API.

The attack scenario (-attack-every, -attack-backlog-age, POST /sim/attack) is the same 39
events every time, ingested at one instant and dated over the 4 seconds before, in this order:
  10 x fp         wrong password on one account from 198.51.100.23
   1 x limit_wc   that account blocked (brute-force protection)
   3 x pwd_leak   breached-password logins from 203.0.113.41, .42 and .43
  16 x fcoa, f    in turn: cross-origin and other failed logins on 16 accounts from 203.0.113.66
   1 x limit_mu   203.0.113.66 blocked (suspicious IP throttling)
   1 x sapi       brute-force protection switched off by a Dashboard admin, from 192.0.2.10
   1 x ferrt      a refresh token reused, from 192.0.2.77
   6 x gd_send_pn MFA push notifications to one user, from 198.51.100.88
The accounts are the tenant's own (the same for one -seed); GET /sim/attack lists them.
The normal mix carries the Management API changes the receiver's security signals judge too.

Usage: auth0sim [flags]    (flags take one or two dashes: -rate 5 or --rate=5)

Flags:
`

// options are the parsed flags.
type options struct {
	addr string
	sim  auth0sim.Options
}

func parseFlags(args []string, out io.Writer) (options, error) {
	var o options
	var scopes, codes string
	fs := flag.NewFlagSet("auth0sim", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprint(out, usageHeader)
		fs.PrintDefaults()
	}
	s := &o.sim
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8089", "`host:port` to listen on (port 0 picks a free port)")
	fs.StringVar(&s.Domain, "domain", "sim.us.auth0.com", "tenant `domain` written in events and tokens")
	fs.StringVar(&s.ClientID, "client-id", "sim-client", "client `id` accepted by /oauth/token")
	fs.StringVar(&s.ClientSecret, "client-secret", "sim-secret", "client `secret` accepted by /oauth/token")
	fs.StringVar(&s.Audience, "audience", "", "the only audience the token endpoint accepts (default: any)")
	fs.StringVar(&scopes, "scopes", "read:logs", "comma-separated `scopes` granted in tokens; without read:logs the API answers 403 insufficient_scope")
	fs.BoolVar(&s.DenyGrant, "deny-grant", false, "refuse every token request with 403, as for a client without a client grant")
	fs.DurationVar(&s.TokenTTL, "token-ttl", 24*time.Hour, "token lifetime (expires_in); the API answers 401 \"Expired token\" after it")
	fs.IntVar(&s.Backlog, "backlog", 500, "`events` already stored at start (500 or more hold every event code)")
	fs.DurationVar(&s.BacklogSpan, "backlog-span", 24*time.Hour, "how far before the start the backlog reaches")
	fs.Float64Var(&s.Rate, "rate", 1, "live events per second after start (0 = none)")
	fs.Int64Var(&s.Seed, "seed", 1, "seed of the generated content (same seed, same events)")
	fs.StringVar(&codes, "codes", "", "comma-separated event `codes` to generate (default: every catalog code, in a realistic mix)")
	fs.DurationVar(&s.Latency, "latency", 50*time.Millisecond, "delay added to each /api/v2/logs answer")
	fs.IntVar(&s.RateLimit.Burst, "burst", 10, "token bucket size of /api/v2/logs (x-ratelimit-limit); used when -per-minute > 0")
	fs.Float64Var(&s.RateLimit.PerMinute, "per-minute", 0, "bucket refill per minute, continuous (0 = unthrottled, generous headers still sent)")
	fs.BoolVar(&s.RateLimit.RetryAfter, "retry-after", false, "send Retry-After on 429 (Auth0's Management API documents none)")
	fs.Float64Var(&s.Faults.Status5xx, "fault-5xx", 0, "`probability` of answering 500, 502 or 503")
	fs.Float64Var(&s.Faults.Reset, "fault-reset", 0, "`probability` of resetting the connection without an answer")
	fs.Float64Var(&s.Faults.Truncate, "fault-truncate", 0, "`probability` of sending half of a 200 body (full Content-Length declared)")
	fs.Float64Var(&s.Faults.Expired, "fault-expired", 0, "`probability` of answering 401 \"Expired token\" to a valid token")
	fs.DurationVar(&s.AttackEvery, "attack-every", 0, "append the attack scenario to the live events this often, dated now (0 = never; at least 1s)")
	fs.DurationVar(&s.AttackBacklogAge, "attack-backlog-age", 0, "put one attack scenario into the backlog, this long before the start: an old backfill (0 = none)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	s.Scopes = splitList(scopes)
	if s.Scopes == nil {
		s.Scopes = []string{}
	}
	s.Codes = splitList(codes)
	for name, p := range map[string]float64{
		"fault-5xx": s.Faults.Status5xx, "fault-reset": s.Faults.Reset,
		"fault-truncate": s.Faults.Truncate, "fault-expired": s.Faults.Expired,
	} {
		if p < 0 || p > 1 {
			return o, fmt.Errorf("-%s must be a probability between 0 and 1, got %v", name, p)
		}
	}
	switch {
	case s.Backlog < 0:
		return o, errors.New("-backlog must not be negative")
	case s.Rate < 0:
		return o, errors.New("-rate must not be negative")
	case s.RateLimit.PerMinute < 0 || s.RateLimit.Burst < 0:
		return o, errors.New("-burst and -per-minute must not be negative")
	case s.TokenTTL <= 0 || s.BacklogSpan <= 0 || s.Latency < 0:
		return o, errors.New("-token-ttl and -backlog-span must be positive, -latency not negative")
	case s.AttackEvery != 0 && s.AttackEvery < time.Second:
		return o, fmt.Errorf("-attack-every must be 0 (never) or at least 1s, got %v", s.AttackEvery)
	case s.AttackBacklogAge < 0:
		return o, errors.New("-attack-backlog-age must not be negative")
	}
	return o, nil
}

func splitList(s string) []string {
	var out []string
	for v := range strings.SplitSeq(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// run serves until ctx ends, then shuts the server down.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	sim := auth0sim.New(o.sim)
	defer sim.Close()
	srv := &http.Server{Handler: sim.Handler(), ReadHeaderTimeout: 10 * time.Second}
	printBanner(stdout, "http://"+ln.Addr().String(), o.sim)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case serveErr := <-served:
		return serveErr
	case <-ctx.Done():
	}
	sim.Close() // ends pending latency waits, so shutdown does not wait for them
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(sctx)
	<-served //nolint:errcheck // Serve returns http.ErrServerClosed once Shutdown has begun
	fmt.Fprintln(stdout, "auth0sim: stopped")
	return err
}

// printBanner says where the simulator listens and how to point the receiver at it.
func printBanner(w io.Writer, url string, o auth0sim.Options) {
	limit := "off"
	if o.RateLimit.PerMinute > 0 {
		limit = fmt.Sprintf("burst %d, %g per minute", max(o.RateLimit.Burst, 1), o.RateLimit.PerMinute)
	}
	fmt.Fprintf(w, "auth0sim: fake Auth0 tenant %s listening on %s (a test tool, not Auth0)\n", o.Domain, url)
	fmt.Fprintf(w, "auth0sim: backlog %d events, %g live events/s, latency %s, rate limit %s, faults 5xx=%g reset=%g truncate=%g expired=%g\n",
		o.Backlog, o.Rate, o.Latency, limit, o.Faults.Status5xx, o.Faults.Reset, o.Faults.Truncate, o.Faults.Expired)
	attacks := "on demand (POST " + url + "/sim/attack)"
	if o.AttackEvery > 0 {
		attacks += fmt.Sprintf(", every %s", o.AttackEvery)
	}
	if o.AttackBacklogAge > 0 {
		attacks += fmt.Sprintf(", one in the backlog %s before the start", o.AttackBacklogAge)
	}
	fmt.Fprintf(w, "auth0sim: attack scenario %s\n", attacks)
	fmt.Fprintf(w, "\nReceiver configuration for this simulator:\n\nreceivers:\n  auth0:\n")
	fmt.Fprintf(w, "    domain: %s\n    endpoint: %s\n    client_id: %s\n    client_secret: %s\n", o.Domain, url, o.ClientID, o.ClientSecret)
	if o.Audience != "" && o.Audience != "https://"+o.Domain+"/api/v2/" {
		fmt.Fprintf(w, "    audience: %s\n", o.Audience)
	}
	if o.Backlog > 0 {
		fmt.Fprintf(w, "    start_at: beginning\n")
	}
	fmt.Fprintln(w)
}
