package sanitize

import (
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseBase returns base as a URL when it is an absolute http(s) URL.
func parseBase(base string) *url.URL {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || !httpScheme(u) {
		return nil
	}
	return u
}

// resolveURL cleans raw the way a browser does before it looks at the
// scheme (leading and trailing spaces and control characters go, tabs and
// newlines anywhere go; the HTML parser has already decoded entities),
// parses it and resolves it against base. It fails unless the result is
// absolute; callers then check the scheme.
func resolveURL(raw string, base *url.URL) (*url.URL, bool) {
	s := strings.TrimFunc(raw, func(r rune) bool { return r <= ' ' })
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	if s == "" {
		return nil, false
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, false
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	return u, u.IsAbs()
}

// httpScheme reports whether u is an http or https URL with a host.
func httpScheme(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.Opaque == ""
}

// linkScheme reports whether u may be a link target: http(s) or mailto.
func linkScheme(u *url.URL) bool {
	return httpScheme(u) || u.Scheme == "mailto" && u.Opaque != ""
}

// srcsetDescriptor is one width, density or height descriptor.
var srcsetDescriptor = regexp.MustCompile(`^([0-9]+w|([0-9]+|[0-9]*\.[0-9]+)x|[0-9]+h)$`)

// cleanSrcset resolves each srcset candidate against base and keeps those
// that are http(s) with valid descriptors, written as "url desc, url desc".
func cleanSrcset(set string, base *url.URL) string {
	var out []string
	for _, c := range parseSrcset(set) {
		u, ok := resolveURL(c.url, base)
		if !ok || !httpScheme(u) {
			continue
		}
		s := u.String()
		if strings.HasSuffix(s, ",") { // would read back as a separator
			continue
		}
		valid := true
		for _, d := range c.descriptors {
			valid = valid && srcsetDescriptor.MatchString(d)
		}
		if valid {
			out = append(out, strings.Join(append([]string{s}, c.descriptors...), " "))
		}
	}
	return strings.Join(out, ", ")
}

type srcsetCandidate struct {
	url         string
	descriptors []string
}

// parseSrcset splits a srcset attribute into candidates following the HTML
// standard: a URL is a run of non-space characters (commas inside it
// included), trailing commas end it, and its descriptors run to the next
// comma outside parentheses.
func parseSrcset(set string) []srcsetCandidate {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
	var out []srcsetCandidate
	i := 0
	for i < len(set) {
		for i < len(set) && (isSpace(set[i]) || set[i] == ',') {
			i++
		}
		if i == len(set) {
			break
		}
		start := i
		for i < len(set) && !isSpace(set[i]) {
			i++
		}
		c := srcsetCandidate{url: set[start:i]}
		if strings.HasSuffix(c.url, ",") {
			c.url = strings.TrimRight(c.url, ",")
		} else {
			start, depth := i, 0
			for i < len(set) && (set[i] != ',' || depth > 0) {
				switch set[i] {
				case '(':
					depth++
				case ')':
					if depth > 0 {
						depth--
					}
				}
				i++
			}
			c.descriptors = strings.Fields(set[start:i])
		}
		out = append(out, c)
	}
	return out
}

// urlAttrs are the attributes holding a single URL.
var urlAttrs = map[string]bool{"href": true, "src": true, "poster": true, "cite": true}

// Absolutize rewrites href, src, poster, cite and srcset in fragment to
// absolute URLs against base, leaving anything it cannot resolve as it is.
// It returns fragment unchanged when base is not an absolute URL or the
// fragment does not parse. It does not sanitise: [HTML] resolves URLs
// itself, so there is no need to call Absolutize before it.
func Absolutize(fragment, base string) string {
	b, err := url.Parse(base)
	if err != nil || !b.IsAbs() {
		return fragment
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), ctx)
	if err != nil {
		return fragment
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for i, a := range n.Attr {
				switch {
				case urlAttrs[a.Key]:
					n.Attr[i].Val = resolve(b, a.Val)
				case a.Key == "srcset":
					n.Attr[i].Val = resolveSrcset(b, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	var sb strings.Builder
	for _, n := range nodes {
		walk(n)
		if err := html.Render(&sb, n); err != nil {
			return fragment
		}
	}
	return sb.String()
}

// resolve makes ref absolute against base, returning it unchanged when it
// is empty, a bare fragment or unparseable.
func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "#") {
		return ref
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return base.ResolveReference(u).String()
}

func resolveSrcset(base *url.URL, set string) string {
	cands := parseSrcset(set)
	parts := make([]string, len(cands))
	for i, c := range cands {
		parts[i] = strings.Join(append([]string{resolve(base, c.url)}, c.descriptors...), " ")
	}
	return strings.Join(parts, ", ")
}
