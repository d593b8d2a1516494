// Package sanitize makes partner HTML safe to republish and renders it as
// plain text.
//
// Every HTML fragment gleaner stores or republishes goes through [HTML]: one
// allowlist policy, built on bluemonday, that keeps an article's structure
// (paragraphs, headings, lists, quotes, tables, figures, images, links) and
// nothing that can run script on a page that embeds gleaner's output. [Text]
// renders a fragment as plain text for JSON Feed content_text and summaries.
package sanitize

import (
	"net/url"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var (
	policyOnce sync.Once
	policy     *bluemonday.Policy
)

// Policy returns the shared allowlist policy. It is safe for concurrent use.
func Policy() *bluemonday.Policy {
	policyOnce.Do(func() {
		p := bluemonday.UGCPolicy()
		p.AllowURLSchemes("http", "https", "mailto")
		p.RequireParseableURLs(true)
		p.AllowRelativeURLs(false)
		p.RequireNoReferrerOnLinks(false)
		p.RequireNoFollowOnLinks(false)
		p.AllowAttrs("datetime").OnElements("time")
		p.AllowElements("figure", "figcaption", "time", "mark", "small")
		policy = p
	})
	return policy
}

// HTML returns fragment sanitised by [Policy], with relative links and
// image sources first made absolute against base (the article URL). A
// relative URL that cannot be resolved is dropped by the policy.
func HTML(fragment, base string) string {
	if strings.TrimSpace(fragment) == "" {
		return ""
	}
	if base != "" {
		fragment = Absolutize(fragment, base)
	}
	return strings.TrimSpace(Policy().Sanitize(fragment))
}

// urlAttrs are the attributes holding a single URL.
var urlAttrs = map[string]bool{"href": true, "src": true, "poster": true, "cite": true}

// Absolutize rewrites href, src, poster, cite and srcset in fragment to
// absolute URLs against base. It returns fragment unchanged when base is not
// an absolute URL or the fragment does not parse.
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
	parts := strings.Split(set, ",")
	for i, p := range parts {
		f := strings.Fields(p)
		if len(f) == 0 {
			continue
		}
		f[0] = resolve(base, f[0])
		parts[i] = strings.Join(f, " ")
	}
	return strings.Join(parts, ", ")
}
