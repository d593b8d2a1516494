package listing

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// attr returns n's attribute key ("" when absent).
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

// hasAttr reports whether n has the attribute key.
func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return true
		}
	}
	return false
}

// walk calls f on n and its descendants in document order; f returns false to
// skip a node's children. It does not recurse, so deep documents are safe.
func walk(n *html.Node, f func(*html.Node) bool) { walkBudget(n, 0, f) }

// walkBudget is walk stopped after budget nodes (0: no limit); it reports
// whether it saw the whole tree. Helpers that run once per element use it,
// so that a hostile page cannot make their cost quadratic.
func walkBudget(n *html.Node, budget int, f func(*html.Node) bool) bool {
	if n == nil {
		return true
	}
	seen := 0
	for c := n; c != nil; {
		if seen++; budget > 0 && seen > budget {
			return false
		}
		descend := f(c)
		if descend && c.FirstChild != nil {
			c = c.FirstChild
			continue
		}
		for c != nil && c != n && c.NextSibling == nil {
			c = c.Parent
		}
		if c == nil || c == n {
			return true
		}
		c = c.NextSibling
	}
	return true
}

// nodeBudget bounds the nodes a per-element helper (text, first match)
// looks at.
const nodeBudget = 4000

// maxClimb bounds how many ancestors a per-element helper looks at.
const maxClimb = 64

// findFirst returns the first descendant of n (not n itself) matching f,
// among the first nodeBudget.
func findFirst(n *html.Node, f func(*html.Node) bool) *html.Node {
	var found *html.Node
	walkBudget(n, nodeBudget, func(c *html.Node) bool {
		if found != nil {
			return false
		}
		if c != n && f(c) {
			found = c
			return false
		}
		return true
	})
	return found
}

// hasAncestor reports whether a proper ancestor of n, below stop, matches f.
func hasAncestor(n, stop *html.Node, f func(*html.Node) bool) bool {
	i := 0
	for a := n.Parent; a != nil && a != stop && i < maxClimb; a, i = a.Parent, i+1 {
		if f(a) {
			return true
		}
	}
	return false
}

func isElement(n *html.Node, a atom.Atom) bool { return n.Type == html.ElementNode && n.DataAtom == a }

func isHrefAnchor(n *html.Node) bool { return isElement(n, atom.A) && hasAttr(n, "href") }

func isHeading(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return attr(n, "role") == "heading"
}

// skipText are the elements whose text is never part of what a reader sees.
func skipText(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Button, atom.Select, atom.Textarea:
		return true
	}
	return false
}

// textOf returns n's visible text with whitespace (including no-break
// spaces) collapsed to single spaces.
func textOf(n *html.Node) string {
	var b strings.Builder
	appendText(&b, n)
	return collapse(b.String())
}

// maxTextBytes bounds the text gathered from one node: titles and excerpts
// are short, and a huge node must not cost much.
const maxTextBytes = 8 << 10

func appendText(b *strings.Builder, n *html.Node) { appendTextSep(b, n, ' ') }

// appendTextSep appends n's text to b, writing sep where a block element
// starts, up to maxTextBytes.
func appendTextSep(b *strings.Builder, n *html.Node, sep byte) {
	walkBudget(n, nodeBudget, func(c *html.Node) bool {
		if b.Len() > maxTextBytes {
			return false
		}
		switch {
		case c.Type == html.TextNode:
			b.WriteString(c.Data)
		case skipText(c):
			return false
		case c.Type == html.ElementNode && isBlockish(c):
			b.WriteByte(sep)
		}
		return true
	})
}

// isBlockish reports elements whose text does not run into their
// neighbours' ("<br>", "<p>", "<div>"...).
func isBlockish(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Br, atom.P, atom.Div, atom.Li, atom.Td, atom.Th, atom.Tr, atom.H1, atom.H2, atom.H3,
		atom.H4, atom.H5, atom.H6, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Dd, atom.Dt:
		return true
	}
	return false
}

// collapse trims s and collapses runs of white space, including no-break
// and zero-width spaces, to one space.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' || r == '\ufeff' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// truncate cuts s to at most n runes, at a word boundary when it can, and
// marks the cut with "…".
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if n == 0 {
			cut = i
			break
		}
		n--
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > cut/2 {
		cut = sp
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}

// words counts the words of s.
func words(s string) int { return len(strings.Fields(s)) }

// classTokens returns n's class list, lower-cased.
func classTokens(n *html.Node) []string {
	return strings.Fields(strings.ToLower(attr(n, "class")))
}
