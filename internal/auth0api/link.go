package auth0api

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// link is one link-value of an RFC 8288 Link header.
type link struct {
	target string   // URI-Reference between < and >, unresolved
	rels   []string // relation types of the first rel parameter, lower case
}

// parseLinks reads every link-value of the given Link header field values (RFC 8288 section 3:
// `<uri>; param=value; param="quoted, value"`, comma separated, possibly several fields).
// It is lenient: a malformed link-value is skipped up to the next comma, never an error.
func parseLinks(fields []string) []link {
	var links []link
	for _, f := range fields {
		p := linkParser{s: f}
		for {
			p.skipSpaceAndCommas()
			if p.done() {
				break
			}
			if l, ok := p.linkValue(); ok {
				links = append(links, l)
			} else {
				p.skipToComma()
			}
		}
	}
	return links
}

type linkParser struct {
	s string
	i int
}

func (p *linkParser) done() bool { return p.i >= len(p.s) }

func (p *linkParser) skipSpace() {
	for !p.done() && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

func (p *linkParser) skipSpaceAndCommas() {
	for !p.done() && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == ',') {
		p.i++
	}
}

// skipToComma moves past the rest of a malformed link-value, respecting quoted strings.
func (p *linkParser) skipToComma() {
	for !p.done() && p.s[p.i] != ',' {
		if p.s[p.i] == '"' {
			p.quoted()
			continue
		}
		p.i++
	}
}

func (p *linkParser) linkValue() (link, bool) {
	if p.s[p.i] != '<' {
		return link{}, false
	}
	end := strings.IndexByte(p.s[p.i+1:], '>')
	if end < 0 {
		p.i = len(p.s)
		return link{}, false
	}
	l := link{target: strings.TrimSpace(p.s[p.i+1 : p.i+1+end])}
	p.i += end + 2
	seenRel := false
	for {
		p.skipSpace()
		if p.done() || p.s[p.i] == ',' {
			return l, true
		}
		if p.s[p.i] != ';' {
			return link{}, false
		}
		p.i++
		p.skipSpace()
		name := strings.ToLower(p.token())
		p.skipSpace()
		var value string
		if !p.done() && p.s[p.i] == '=' {
			p.i++
			p.skipSpace()
			if !p.done() && p.s[p.i] == '"' {
				value = p.quoted()
			} else {
				value = p.token()
			}
		}
		// Only the first rel counts (RFC 8288 section 3.3).
		if name == "rel" && !seenRel {
			seenRel = true
			l.rels = strings.Fields(strings.ToLower(value))
		}
	}
}

// token reads up to a delimiter of the link grammar.
func (p *linkParser) token() string {
	start := p.i
	for !p.done() {
		switch p.s[p.i] {
		case ';', ',', '=', ' ', '\t', '"':
			return p.s[start:p.i]
		}
		p.i++
	}
	return p.s[start:p.i]
}

// quoted reads a quoted-string starting at the opening quote and returns it unescaped.
func (p *linkParser) quoted() string {
	var b strings.Builder
	p.i++ // opening quote
	for !p.done() {
		c := p.s[p.i]
		p.i++
		switch {
		case c == '"':
			return b.String()
		case c == '\\' && !p.done():
			b.WriteByte(p.s[p.i])
			p.i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// nextPageURL finds rel="next" in the Link header fields and resolves it against the request
// URL. It returns "" when there is none or it cannot be parsed.
//
// Two corrections keep paging on the configured endpoint and page size:
//   - a next URL on another origin (a reverse proxy's upstream host) keeps only its query, so the
//     token is never sent to a host the user did not configure;
//   - `take` is set to pageSize when it differs (Auth0 echoes the take it was given).
func nextPageURL(fields []string, reqURL *url.URL, pageSize int) string {
	for _, l := range parseLinks(fields) {
		isNext := slices.Contains(l.rels, "next")
		if !isNext {
			continue
		}
		ref, err := url.Parse(l.target)
		if err != nil {
			return ""
		}
		next := reqURL.ResolveReference(ref)
		if next.Scheme != reqURL.Scheme || next.Host != reqURL.Host {
			rebased := *reqURL
			rebased.RawQuery = next.RawQuery
			rebased.Fragment, rebased.RawFragment = "", ""
			next = &rebased
		}
		want := strconv.Itoa(pageSize)
		if q := next.Query(); q.Get("take") != want {
			q.Set("take", want)
			next.RawQuery = q.Encode()
		}
		return next.String()
	}
	return ""
}
