package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"go.yaml.in/yaml/v3"

	"github.com/otelcol-auth0/auth0receiver/internal/auth0sim"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestHelp(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"--help"}, io.Discard, &out)
	require.ErrorIs(t, err, flag.ErrHelp)
	help := out.String()
	assert.Contains(t, help, "It is not Auth0")
	for _, f := range []string{
		"addr", "domain", "client-id", "client-secret", "audience", "scopes", "deny-grant",
		"token-ttl", "backlog", "backlog-span", "rate", "seed", "codes", "latency", "burst", "per-minute",
		"retry-after", "fault-5xx", "fault-reset", "fault-truncate", "fault-expired", "attack-every",
		"attack-backlog-age",
	} {
		assert.Regexp(t, `\n  -`+regexp.QuoteMeta(f)+`[ \n]`, help, "flag %s documented", f)
	}
}

// TestHelpDescribesTheAttack: the scenario the help spells out is the one the simulator plays.
func TestHelpDescribesTheAttack(t *testing.T) {
	var out bytes.Buffer
	require.ErrorIs(t, run(context.Background(), []string{"--help"}, io.Discard, &out), flag.ErrHelp)
	help := out.String()
	sim := auth0sim.New(auth0sim.Options{})
	defer sim.Close()
	steps := sim.AttackScenario()
	assert.Contains(t, help, fmt.Sprintf("the same %d\nevents", len(steps)))
	counts := map[string]int{}
	for _, st := range steps {
		counts[st.Code]++
		assert.Contains(t, help, st.IP[:strings.LastIndexByte(st.IP, '.')], "address of %s", st.Code)
	}
	for code, n := range counts {
		if code == "fcoa" || code == "f" {
			continue
		}
		assert.Regexp(t, fmt.Sprintf(`\n +%d x %s `, n, code), help)
	}
	assert.Regexp(t, fmt.Sprintf(`\n +%d x fcoa, f `, counts["fcoa"]+counts["f"]), help)
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--fault-5xx", "1.5"},
		{"--fault-reset=-0.1"},
		{"--backlog", "-1"},
		{"--rate", "-2"},
		{"--nope"},
		{"--per-minute", "-1"},
		{"--token-ttl", "0s"},
		{"extra"},
		{"--addr", "not an address"},
		{"--attack-every", "500ms"},
		{"--attack-every", "-1s"},
		{"--attack-backlog-age", "-1h"},
	} {
		err := run(context.Background(), args, io.Discard, io.Discard)
		assert.Error(t, err, "%v", args)
	}
	o, err := parseFlags([]string{"--scopes", "read:users, read:logs", "--codes", "s,fp", "--per-minute", "100"}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, []string{"read:users", "read:logs"}, o.sim.Scopes)
	assert.Equal(t, []string{"s", "fp"}, o.sim.Codes)
	assert.Equal(t, 10, o.sim.RateLimit.Burst)
	o, err = parseFlags([]string{"--attack-every", "30s", "--attack-backlog-age", "2h"}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 30*time.Second, o.sim.AttackEvery)
	assert.Equal(t, 2*time.Hour, o.sim.AttackBacklogAge)
	o, err = parseFlags([]string{"--scopes", ""}, io.Discard)
	require.NoError(t, err)
	assert.Empty(t, o.sim.Scopes, "no scope at all, not the default")
	assert.NotNil(t, o.sim.Scopes)
}

// TestServeAndStop runs the command on a free port, uses the printed configuration to get a
// token and a page, and stops it as SIGINT would.
func TestServeAndStop(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &testutil.Buffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--backlog", "30", "--latency", "0s", "--client-secret", "s3"}, out, io.Discard)
	}()
	var snippet string
	require.Eventually(t, func() bool {
		s := out.String()
		i := strings.Index(s, "receivers:")
		if i < 0 || !strings.HasSuffix(s, "\n\n") {
			return false
		}
		snippet = s[i:]
		return true
	}, 5*time.Second, 10*time.Millisecond)

	var cfg struct {
		Receivers struct {
			Auth0 struct {
				Domain       string `yaml:"domain"`
				Endpoint     string `yaml:"endpoint"`
				StartAt      string `yaml:"start_at"`
				ClientID     string `yaml:"client_id"`
				ClientSecret string `yaml:"client_secret"`
			} `yaml:"auth0"`
		} `yaml:"receivers"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(snippet), &cfg), snippet)
	rc := cfg.Receivers.Auth0
	assert.Equal(t, "sim.us.auth0.com", rc.Domain)
	assert.Equal(t, "sim-client", rc.ClientID)
	assert.Equal(t, "s3", rc.ClientSecret)
	assert.Equal(t, "beginning", rc.StartAt)
	require.True(t, strings.HasPrefix(rc.Endpoint, "http://127.0.0.1:"), rc.Endpoint)
	assert.Contains(t, out.String(), "listening on "+rc.Endpoint)

	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	resp, err := hc.PostForm(rc.Endpoint+"/oauth/token", url.Values{
		"grant_type": {"client_credentials"},
		"client_id":  {rc.ClientID}, "client_secret": {rc.ClientSecret}, "audience": {"https://" + rc.Domain + "/api/v2/"},
	})
	require.NoError(t, err)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	resp.Body.Close()
	req, _ := http.NewRequest(http.MethodGet, rc.Endpoint+"/api/v2/logs?take=100&from=", http.NoBody)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err = hc.Do(req)
	require.NoError(t, err)
	var evs []json.RawMessage
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&evs))
	resp.Body.Close()
	assert.Len(t, evs, 30)

	resp, err = hc.Post(rc.Endpoint+"/sim/attack", "application/json", nil)
	require.NoError(t, err)
	var attack struct{ Events int }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&attack))
	resp.Body.Close()
	assert.Equal(t, 39, attack.Events)
	assert.Contains(t, out.String(), "attack scenario on demand (POST "+rc.Endpoint+"/sim/attack)")

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
	assert.True(t, strings.HasSuffix(out.String(), "auth0sim: stopped\n"))
	sc := bufio.NewScanner(strings.NewReader(out.String()))
	sc.Scan()
	assert.Contains(t, sc.Text(), "not Auth0", "the first line says it is a test tool")
}

func TestListenError(t *testing.T) {
	err := run(context.Background(), []string{"--addr", "127.0.0.1:-5"}, io.Discard, io.Discard)
	require.Error(t, err)
	assert.NotErrorIs(t, err, flag.ErrHelp)
}
