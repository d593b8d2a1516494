// Package sanitize makes partner HTML safe to republish and renders it as
// plain text.
//
// Every HTML fragment gleaner stores or republishes goes through [HTML] (or
// [Sanitizer.HTML] when embedded videos are wanted); [Text] renders a
// fragment as plain text for JSON Feed content_text and summaries. Nothing
// that survives [HTML] can run script on a page that embeds gleaner's output.
//
// # Policy
//
// The policy is an allowlist; anything not listed is removed.
//
//   - Kept elements: p, br, h1–h6, ul, ol, li, dl, dt, dd, blockquote, pre,
//     code, table, caption, thead, tbody, tfoot, tr, th, td, figure,
//     figcaption, img, a, strong, b, em, i, u, s, sub, sup, mark, small, hr,
//     abbr, cite, q, time, span, div. Other elements are unwrapped: the tag
//     goes, its content stays.
//   - Removed with their content: script, style, noscript, template,
//     iframe (but see [Options.VideoHosts]), frame(set), object, embed,
//     applet, form controls (input, button, select, textarea, …), link,
//     meta, base, title, audio, video, canvas, and all SVG and MathML.
//     Comments and doctypes are removed.
//   - Kept attributes: a href, title; img src, srcset, alt, title, width,
//     height, loading; td/th colspan, rowspan; time datetime; abbr title;
//     ol start. No other attribute survives: no event handlers, no style,
//     no class or id.
//   - Links get rel="noopener noreferrer nofollow" and no target.
//   - URLs: only http and https (and mailto on links). Entities, case,
//     leading spaces and control characters, and tabs or newlines inside
//     the scheme are undone first, as a browser would, so no encoding of
//     javascript:, vbscript: or data: survives. data: URLs are dropped
//     everywhere, images included: inline images are nearly always lazy-load
//     placeholders or trackers, and they bloat feeds.
//   - Relative URLs are made absolute against the article URL, or against a
//     <base href> inside the fragment (which is then removed); a URL that
//     cannot be made absolute is dropped. Each srcset candidate is resolved
//     on its own and non-http(s) candidates are dropped.
//   - Images are dropped when they have no source, are 1×1 or smaller
//     (width and height attributes or styles), or are display:none: those
//     are tracking pixels.
//   - Iframes survive only when [Options.VideoHosts] allows their https
//     host; they keep src, width, height, allowfullscreen and title, and get
//     sandbox="allow-scripts allow-same-origin allow-presentation".
//   - The output never contains "javascript:", "vbscript:", "onerror=" or
//     "onload=" in any case, not even as harmless text: the colon or equals
//     sign is written as a character reference, which renders the same.
//
// Sanitising is idempotent: HTML(HTML(x, base), base) == HTML(x, base).
package sanitize

import (
	"net/url"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Options configures a [Sanitizer]. The zero value is the strictest policy.
type Options struct {
	// VideoHosts lists the hosts whose https iframes (video players) are
	// kept, e.g. "www.youtube-nocookie.com" or "player.vimeo.com". A host
	// matches itself and its subdomains; entries without a dot ("com",
	// "localhost") are ignored. Empty: no iframes at all.
	VideoHosts []string
}

// Sanitizer applies the package policy with its [Options]. Build one with
// [New] and reuse it; it is safe for concurrent use.
type Sanitizer struct {
	videoHosts []string
	policy     *bluemonday.Policy
}

// New returns a Sanitizer for opts.
func New(opts Options) *Sanitizer {
	var hosts []string
	for _, h := range opts.VideoHosts {
		h = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), ".")
		if strings.Contains(h, ".") && !strings.ContainsAny(h, "/:@ ") {
			hosts = append(hosts, h)
		}
	}
	return &Sanitizer{videoHosts: hosts, policy: newPolicy(hosts)}
}

// Default is the Sanitizer behind the package-level [HTML]: no iframes.
var Default = New(Options{})

// Policy returns the bluemonday policy behind [Default]. It is the backstop
// allowlist that [HTML] applies last; on its own it does less than [HTML]
// (no URL resolution, no tracking-pixel or srcset rules), so call [HTML].
func Policy() *bluemonday.Policy { return Default.policy }

// HTML returns fragment sanitised by [Default]; base is the article URL that
// relative links and image sources are resolved against.
func HTML(fragment, base string) string { return Default.HTML(fragment, base) }

// maxPasses bounds how often HTML re-sanitises its own output looking for a
// fixed point; real pages settle in one or two.
const maxPasses = 4

// HTML returns fragment sanitised by the package policy, with relative URLs
// made absolute against base (the article URL; ignored unless it is an
// absolute http or https URL). The result is trimmed of surrounding space.
//
// Serialising a parsed tree and parsing it again is not always a fixed
// point in HTML (a block unwrapped inside a paragraph, misnested
// formatting), so HTML sanitises its own output again until it stops
// changing. That makes it idempotent by construction; input that does not
// settle within maxPasses is reduced to its escaped plain text. Input the
// HTML parser refuses (more than 512 nested elements) yields "".
func (s *Sanitizer) HTML(fragment, base string) string {
	if strings.TrimSpace(fragment) == "" {
		return ""
	}
	b := parseBase(base)
	out := s.pass(fragment, b)
	for range maxPasses {
		next := s.pass(out, b)
		if next == out {
			return out
		}
		out = next
	}
	text := s.pass(html.EscapeString(Text(out)), b)
	if s.pass(text, b) == text {
		return text
	}
	return ""
}

// pass sanitises once: parse, clean the tree, render, apply the bluemonday
// backstop, defang.
func (s *Sanitizer) pass(fragment string, base *url.URL) string {
	root := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), root)
	if err != nil {
		return ""
	}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	if b := baseElement(root, base); b != nil {
		base = b
	}
	s.clean(root, base)
	var sb strings.Builder
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&sb, c); err != nil {
			return ""
		}
	}
	return defang(strings.TrimSpace(s.policy.Sanitize(sb.String())))
}

// defanged are strings that must not appear in the output even as text, so
// that no naive scanner downstream mistakes an article about JavaScript for
// an attack; the last byte of each is written as a character reference.
var defanged = []struct{ needle, last string }{
	{"javascript:", "&#58;"},
	{"vbscript:", "&#58;"},
	{"onerror=", "&#61;"},
	{"onload=", "&#61;"},
}

// defang rewrites every case-insensitive occurrence of a defanged string.
// It is safe on sanitised output, where such text can only sit in text or
// in a quoted attribute value, both of which decode character references.
func defang(s string) string {
	lower := asciiLower(s)
	var sb strings.Builder
	last := 0
	for i := 0; i < len(lower); i++ {
		for _, d := range defanged {
			if strings.HasPrefix(lower[i:], d.needle) {
				end := i + len(d.needle) - 1
				sb.WriteString(s[last:end])
				sb.WriteString(d.last)
				last = end + 1
				i = end
				break
			}
		}
	}
	if last == 0 {
		return s
	}
	sb.WriteString(s[last:])
	return sb.String()
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay valid.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
