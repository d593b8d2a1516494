package sanitize

import (
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// dropped are elements removed together with everything inside them.
var dropped = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"iframe": true, "frame": true, "frameset": true, "noframes": true, "noembed": true,
	"object": true, "embed": true, "applet": true, "param": true,
	"input": true, "button": true, "select": true, "textarea": true, "option": true,
	"optgroup": true, "datalist": true, "keygen": true, "output": true,
	"progress": true, "meter": true,
	"link": true, "meta": true, "base": true, "title": true, "head": true,
	"audio": true, "video": true, "source": true, "track": true, "canvas": true,
	"area": true, "dialog": true, "colgroup": true, "col": true,
}

// kept are the elements that survive the tree pass, as in keptElements.
var kept = func() map[string]bool {
	m := make(map[string]bool, len(keptElements))
	for _, e := range keptElements {
		m[e] = true
	}
	return m
}()

// action is what the tree pass does with an element.
type action int

const (
	keep   action = iota
	unwrap        // drop the tag, keep its (cleaned) content
	drop          // drop the tag and its content
)

// clean applies the allowlist to the children of parent, in place.
func (s *Sanitizer) clean(parent *html.Node, base *url.URL) {
	for c := parent.FirstChild; c != nil; {
		next := c.NextSibling
		switch c.Type {
		case html.TextNode:
		case html.ElementNode:
			switch s.element(c, base) {
			case keep:
				s.clean(c, base)
			case unwrap:
				s.clean(c, base)
				for gc := c.FirstChild; gc != nil; gc = c.FirstChild {
					c.RemoveChild(gc)
					parent.InsertBefore(gc, c)
				}
				parent.RemoveChild(c)
			case drop:
				parent.RemoveChild(c)
			}
		default: // comments, doctypes
			parent.RemoveChild(c)
		}
		c = next
	}
}

// element decides n's fate and, when it is kept, rewrites its attributes to
// the allowed set, in a fixed order.
func (s *Sanitizer) element(n *html.Node, base *url.URL) action {
	if n.Namespace != "" { // SVG, MathML
		return drop
	}
	if n.DataAtom == atom.Iframe {
		return s.iframe(n, base)
	}
	if dropped[n.Data] {
		return drop
	}
	if !kept[n.Data] {
		return unwrap
	}
	old := n.Attr
	n.Attr = nil
	switch n.DataAtom {
	case atom.A:
		u, ok := resolveURL(attr(old, "href"), base)
		if !ok || !linkScheme(u) {
			return unwrap
		}
		n.Attr = append(n.Attr, html.Attribute{Key: "href", Val: u.String()})
		copyAttr(n, old, "title")
		n.Attr = append(n.Attr, html.Attribute{Key: "rel", Val: linkRel})
	case atom.Img:
		if hiddenOrPixel(old) {
			return drop
		}
		if u, ok := resolveURL(attr(old, "src"), base); ok && httpScheme(u) {
			n.Attr = append(n.Attr, html.Attribute{Key: "src", Val: u.String()})
		}
		if set := cleanSrcset(attr(old, "srcset"), base); set != "" {
			n.Attr = append(n.Attr, html.Attribute{Key: "srcset", Val: set})
		}
		if len(n.Attr) == 0 {
			return drop
		}
		copyAttr(n, old, "alt")
		copyAttr(n, old, "title")
		copyDimensions(n, old)
		if v := strings.ToLower(strings.TrimSpace(attr(old, "loading"))); loadingValue.MatchString(v) {
			n.Attr = append(n.Attr, html.Attribute{Key: "loading", Val: v})
		}
	case atom.Td, atom.Th:
		for _, k := range []string{"colspan", "rowspan"} {
			if v := strings.TrimSpace(attr(old, k)); v != "" && isDigits(v) {
				n.Attr = append(n.Attr, html.Attribute{Key: k, Val: v})
			}
		}
	case atom.Time:
		copyAttr(n, old, "datetime")
	case atom.Abbr:
		copyAttr(n, old, "title")
	case atom.Ol:
		if v := strings.TrimSpace(attr(old, "start")); integer.MatchString(v) {
			n.Attr = append(n.Attr, html.Attribute{Key: "start", Val: v})
		}
	}
	return keep
}

// iframe keeps n only when video hosts are configured and its src is an
// https URL on one of them; a kept iframe is emptied and gets the fixed
// attribute set.
func (s *Sanitizer) iframe(n *html.Node, base *url.URL) action {
	if len(s.videoHosts) == 0 {
		return drop
	}
	u, ok := resolveURL(attr(n.Attr, "src"), base)
	if !ok || u.Scheme != "https" || u.User != nil || u.Port() != "" || !s.videoHost(u.Hostname()) {
		return drop
	}
	u.Host = strings.ToLower(u.Host)
	old := n.Attr
	n.Attr = []html.Attribute{{Key: "src", Val: u.String()}}
	copyDimensions(n, old)
	if hasAttr(old, "allowfullscreen") {
		n.Attr = append(n.Attr, html.Attribute{Key: "allowfullscreen"})
	}
	copyAttr(n, old, "title")
	n.Attr = append(n.Attr, html.Attribute{Key: "sandbox", Val: iframeSandbox})
	for c := n.FirstChild; c != nil; c = n.FirstChild {
		n.RemoveChild(c)
	}
	return keep
}

// videoHost reports whether host is one of s.videoHosts or a subdomain.
func (s *Sanitizer) videoHost(host string) bool {
	host = strings.ToLower(host)
	for _, h := range s.videoHosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	return false
}

// baseElement returns the URL of the fragment's first <base href>, resolved
// against base, or nil when there is none or it is not http(s).
func baseElement(root *html.Node, base *url.URL) *url.URL {
	var found *url.URL
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Base && n.Namespace == "" && hasAttr(n.Attr, "href") {
			if u, ok := resolveURL(attr(n.Attr, "href"), base); ok && httpScheme(u) {
				found = u
			}
			return true // only the first <base href> counts, usable or not
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(root)
	return found
}

// hiddenOrPixel reports whether an img with attributes attrs is a tracking
// pixel: display:none, or at most 1×1 by its width and height attributes or
// styles.
func hiddenOrPixel(attrs []html.Attribute) bool {
	style := parseStyle(attr(attrs, "style"))
	if style["display"] == "none" {
		return true
	}
	w, okW := pixels(style["width"])
	if !okW {
		w, okW = pixels(attr(attrs, "width"))
	}
	h, okH := pixels(style["height"])
	if !okH {
		h, okH = pixels(attr(attrs, "height"))
	}
	return okW && okH && w <= 1 && h <= 1
}

// parseStyle returns the declarations of a style attribute, lower-cased,
// without !important; later declarations win.
func parseStyle(style string) map[string]string {
	if style == "" {
		return nil
	}
	m := map[string]string{}
	for _, d := range strings.Split(strings.ToLower(style), ";") {
		k, v, ok := strings.Cut(d, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "!important"))
		m[strings.TrimSpace(k)] = v
	}
	return m
}

// pixels parses a CSS or attribute length in pixels ("1", "1px", "0.5px").
func pixels(v string) (float64, bool) {
	v = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(v)), "px")
	if v == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	return f, err == nil
}

// copyDimensions copies width and height when they are a number of pixels
// ("300", "300px") or a percentage.
func copyDimensions(n *html.Node, old []html.Attribute) {
	for _, k := range []string{"width", "height"} {
		v := strings.TrimSpace(attr(old, k))
		v = strings.TrimSuffix(strings.ToLower(v), "px")
		if numberOrPct.MatchString(v) {
			n.Attr = append(n.Attr, html.Attribute{Key: k, Val: v})
		}
	}
}

func copyAttr(n *html.Node, old []html.Attribute, key string) {
	for _, a := range old {
		if a.Key == key && a.Namespace == "" {
			n.Attr = append(n.Attr, html.Attribute{Key: key, Val: a.Val})
			return
		}
	}
}

// attr returns the value of the first attribute key, as a browser would.
func attr(attrs []html.Attribute, key string) string {
	for _, a := range attrs {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func hasAttr(attrs []html.Attribute, key string) bool {
	for _, a := range attrs {
		if a.Key == key && a.Namespace == "" {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
