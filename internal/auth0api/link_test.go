package auth0api

import (
	"net/url"
	"testing"
)

func TestNextPageURL(t *testing.T) {
	const req = "https://acme.us.auth0.com/api/v2/logs?from=900100&take=100"
	cases := []struct {
		name   string
		req    string // default req
		fields []string
		size   int // default 100
		want   string
	}{
		{
			name:   "Auth0's form",
			fields: []string{`<https://acme.us.auth0.com/api/v2/logs?take=100&from=900200>; rel="next"`},
			want:   "https://acme.us.auth0.com/api/v2/logs?take=100&from=900200",
		},
		{
			name:   "relative",
			fields: []string{`</api/v2/logs?from=900200&take=100>; rel="next"`},
			want:   "https://acme.us.auth0.com/api/v2/logs?from=900200&take=100",
		},
		{
			name:   "query-only reference",
			fields: []string{`<?from=900200&take=100>; rel=next`},
			want:   "https://acme.us.auth0.com/api/v2/logs?from=900200&take=100",
		},
		{
			name:   "several links in one field, next last",
			fields: []string{`<https://acme.us.auth0.com/api/v2/logs?from=900000&take=100>; rel="prev", <https://acme.us.auth0.com/api/v2/logs?from=900300&take=100>; rel="next"`},
			want:   "https://acme.us.auth0.com/api/v2/logs?from=900300&take=100",
		},
		{
			name:   "several fields",
			fields: []string{`<https://acme.us.auth0.com/a>; rel="first"`, `<https://acme.us.auth0.com/api/v2/logs?from=900400&take=100>; rel="next"`},
			want:   "https://acme.us.auth0.com/api/v2/logs?from=900400&take=100",
		},
		{
			name:   "odd spacing and case",
			fields: []string{`  <https://acme.us.auth0.com/api/v2/logs?from=900500&take=100>  ;REL = "Next"  ,`},
			want:   "https://acme.us.auth0.com/api/v2/logs?from=900500&take=100",
		},
		{
			name:   "rel with several types and other params",
			fields: []string{`<https://acme.us.auth0.com/api/v2/logs?from=900600&take=100>; title="page, two; of many"; rel="next last"; type="application/json"`},
			want:   "https://acme.us.auth0.com/api/v2/logs?from=900600&take=100",
		},
		{
			name:   "comma inside the URI",
			fields: []string{`<https://acme.us.auth0.com/api/v2/logs?from=900700&take=100&x=a,b>; rel="next"`},
			want:   "https://acme.us.auth0.com/api/v2/logs?from=900700&take=100&x=a,b",
		},
		{
			name:   "only the first rel counts",
			fields: []string{`<https://acme.us.auth0.com/x>; rel="prev"; rel="next", <https://acme.us.auth0.com/api/v2/logs?from=900800&take=100>; rel="next"`},
			want:   "https://acme.us.auth0.com/api/v2/logs?from=900800&take=100",
		},
		{
			name:   "malformed link-value skipped",
			fields: []string{`garbage; rel="next", <https://acme.us.auth0.com/api/v2/logs?from=900900&take=100>; rel="next"`},
			want:   "https://acme.us.auth0.com/api/v2/logs?from=900900&take=100",
		},
		{
			name:   "take rewritten to the page size",
			fields: []string{`<https://acme.us.auth0.com/api/v2/logs?take=50&from=901000>; rel="next"`},
			size:   25,
			want:   "https://acme.us.auth0.com/api/v2/logs?from=901000&take=25",
		},
		{
			name:   "missing take added",
			fields: []string{`<https://acme.us.auth0.com/api/v2/logs?from=901100>; rel="next"`},
			want:   "https://acme.us.auth0.com/api/v2/logs?from=901100&take=100",
		},
		{
			name:   "other origin keeps only the query",
			req:    "http://127.0.0.1:8080/auth0/api/v2/logs?from=900100&take=100",
			fields: []string{`<https://acme.us.auth0.com/api/v2/logs?take=100&from=901200>; rel="next"`},
			want:   "http://127.0.0.1:8080/auth0/api/v2/logs?take=100&from=901200",
		},
		{name: "missing", fields: nil, want: ""},
		{name: "no next", fields: []string{`<https://acme.us.auth0.com/x>; rel="prev"`}, want: ""},
		{name: "unterminated", fields: []string{`<https://acme.us.auth0.com/api/v2/logs?from=1; rel="next"`}, want: ""},
		{name: "rel without value", fields: []string{`<https://acme.us.auth0.com/x>; rel`}, want: ""},
		{name: "unterminated quote", fields: []string{`<https://acme.us.auth0.com/x>; rel="next`}, want: "https://acme.us.auth0.com/x?take=100"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.req
			if r == "" {
				r = req
			}
			u, err := url.Parse(r)
			if err != nil {
				t.Fatal(err)
			}
			size := tc.size
			if size == 0 {
				size = 100
			}
			if got := nextPageURL(tc.fields, u, size); got != tc.want {
				t.Errorf("nextPageURL(%q) =\n%q\nwant\n%q", tc.fields, got, tc.want)
			}
		})
	}
}

func TestParseLinksParams(t *testing.T) {
	links := parseLinks([]string{`<a>; rel="next prev" ; anchor="#x", <b>;rel=self,<c>`})
	if len(links) != 3 {
		t.Fatalf("got %d links: %+v", len(links), links)
	}
	if links[0].target != "a" || len(links[0].rels) != 2 || links[0].rels[0] != "next" || links[0].rels[1] != "prev" {
		t.Errorf("first link %+v", links[0])
	}
	if links[1].target != "b" || len(links[1].rels) != 1 || links[1].rels[0] != "self" {
		t.Errorf("second link %+v", links[1])
	}
	if links[2].target != "c" || links[2].rels != nil {
		t.Errorf("third link %+v", links[2])
	}
}
