package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The automatic extraction works on text blocks: runs of text between
// block-level boundaries and <br>. Each block is good (prose with few
// links), linky (more than half of its text in links, or a copyright line)
// or short (headings, list items, captions, datelines). Every block-level
// element gets the sums of the blocks inside it; text inside page
// furniture (hintJunk, or hintAside without hintPositive) counts against
// it. The content container is the element with the best
//
//	good − 2×linky − furniture − short/4
//
// so it is the smallest element that holds the article's prose: adding a
// ring of menus, related links or sidebars costs more than it brings, and a
// tighter element loses prose. See the package documentation.
const (
	goodMin      = 50   // characters of a good block
	sentenceMin  = 25   // characters of a good block that ends a sentence
	linkyDensity = 0.5  // link share above which a block is linky
	shortWeight  = 0.25 // cost of short text in a candidate
	// takeBackShare: furniture holding this many times the prose of the
	// best candidate outside furniture is a wrapper, not furniture (once
	// for furniture that also calls itself content).
	takeBackShare = 2
	// linkyWeight and linkyMin: links outside prose (menus, buttons, cards)
	// cost twice their text, and a lone button at least linkyMin.
	linkyWeight = 2
	linkyMin    = 15
)

// elem is a block-level element of the page, in document order.
type elem struct {
	n      *html.Node
	parent int32
	hint   hint
	// Own blocks: text directly owned by this element.
	ownGood, ownShort, ownLinky int32
	// Subtree sums, after junk is applied.
	good, short, bad int32
	rawGood          int32 // subtree sums before junk is applied
	rawShort         int32
	rawLinky         int32
	cleanGood        int32 // subtree good outside the furniture it contains
	furniture        hint  // hintJunk or hintAside by its own hints, else 0
	junk             bool  // furniture, itself or through an ancestor
	strong           bool  // hintJunk, itself or through an ancestor
	h1               bool
}

// blockAtoms are the elements that end a text block.
var blockAtoms = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Body: true,
	atom.Center: true, atom.Dd: true, atom.Details: true, atom.Dialog: true, atom.Dir: true,
	atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true,
	atom.Figure: true, atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true, atom.Hgroup: true, atom.Hr: true,
	atom.Html: true, atom.Li: true, atom.Main: true, atom.Menu: true, atom.Nav: true, atom.Ol: true,
	atom.P: true, atom.Pre: true, atom.Section: true, atom.Summary: true, atom.Table: true,
	atom.Tbody: true, atom.Thead: true, atom.Tfoot: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.Caption: true, atom.Ul: true, atom.Noscript: true,
}

// candidateAtoms are the elements that may be the content container.
var candidateAtoms = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Td: true,
	atom.Body: true, atom.Form: true, atom.Center: true,
}

// dropAtoms never hold article text.
var dropAtoms = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Canvas: true, atom.Iframe: true, atom.Object: true, atom.Embed: true,
	atom.Input: true, atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Option: true,
	atom.Link: true, atom.Meta: true, atom.Title: true, atom.Head: true, atom.Base: true,
	atom.Dialog: true, atom.Label: true, atom.Map: true, atom.Area: true, atom.Frameset: true,
}

// scorer segments a page into blocks and scores its elements.
type scorer struct {
	hinter
	els    []elem
	index  map[*html.Node]int32
	stack  []int32 // open block elements
	text   int32   // current block
	link   int32
	last   rune // last non-space character of the current block
	boiler bool // the current block is a copyright line
	inLink int
}

// isHidden reports whether a reader never sees n. The hidden attribute and
// display:none always hide; aria-hidden and hidden classes ("sr-only") on a
// large element are ignored, as some pages set them on the whole page while
// a menu is open.
func isHidden(n *html.Node) bool {
	soft := false
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "style":
			if v := strings.ToLower(a.Val); strings.Contains(v, "display:none") || strings.Contains(v, "display: none") ||
				strings.Contains(v, "visibility:hidden") || strings.Contains(v, "visibility: hidden") {
				return true
			}
		case "aria-hidden":
			soft = soft || a.Val == "true"
		case "class":
			for _, c := range strings.Fields(a.Val) {
				soft = soft || hiddenClass[strings.ToLower(c)]
			}
		}
	}
	return soft && textLen(n, 400) < 400
}

// textLen counts the characters of n's text, whitespace excluded, up to max.
func textLen(n *html.Node, max int) int {
	total := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && total < max; c = c.NextSibling {
			if c.Type == html.TextNode {
				total += int(countChars(c.Data))
			} else if c.Type == html.ElementNode {
				walk(c)
			}
		}
	}
	walk(n)
	return total
}

// countChars counts the runes of s that are not white space.
func countChars(s string) int32 {
	var n int32
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f':
		case c == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0: // no-break space
			i++
		case c&0xC0 == 0x80: // continuation byte
		default:
			n++
		}
	}
	return n
}

func newScorer() *scorer {
	return &scorer{index: make(map[*html.Node]int32, 512)}
}

// score walks the pruned document and fills s.els.
func (s *scorer) score(root *html.Node) {
	s.open(root, -1)
	s.walk(root)
	s.close()
	s.applyJunk()
}

func (s *scorer) open(n *html.Node, parent int32) {
	s.flush()
	i := int32(len(s.els))
	s.els = append(s.els, elem{n: n, parent: parent, hint: s.hintOf(n), h1: n.DataAtom == atom.H1})
	s.index[n] = i
	s.stack = append(s.stack, i)
}

func (s *scorer) close() {
	s.flush()
	s.stack = s.stack[:len(s.stack)-1]
}

func (s *scorer) walk(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			l := countChars(c.Data)
			if l == 0 {
				continue
			}
			s.text += l
			if s.inLink > 0 {
				s.link += l
			}
			if t := strings.TrimRight(c.Data, " \t\r\n\f\u00a0"); t != "" {
				s.last, _ = utf8.DecodeLastRuneInString(t)
			}
			if !s.boiler && isBoilerplate(c.Data) {
				s.boiler = true
			}
		case html.ElementNode:
			switch {
			case blockAtoms[c.DataAtom]:
				s.open(c, s.stack[len(s.stack)-1])
				s.walk(c)
				s.close()
			case c.DataAtom == atom.A:
				s.inLink++
				s.walk(c)
				s.inLink--
			case c.DataAtom == atom.Br:
				s.flush() // a line of its own: menus of <br>-separated links
			case c.DataAtom == atom.Img:
			default:
				s.walk(c)
			}
		}
	}
}

// flush ends the current block and books it to the innermost open block.
func (s *scorer) flush() {
	t, l, last, boiler := s.text, s.link, s.last, s.boiler
	s.text, s.link, s.last, s.boiler = 0, 0, 0, false
	if t == 0 || len(s.stack) == 0 {
		return
	}
	e := &s.els[s.stack[len(s.stack)-1]]
	switch {
	case boiler && t < 400:
		e.ownLinky += t
	case float64(l) > linkyDensity*float64(t):
		e.ownLinky += linkyWeight * max(t, linkyMin)
	case t >= goodMin || (t >= sentenceMin && l == 0 && endsSentence(last)):
		e.ownGood += t - l
	default:
		e.ownShort += t
	}
}

// applyJunk decides which elements are furniture and sums every element's
// subtree.
//
// An element is furniture when its class, id, role or tag says so (see
// hint). A wrapper with an unlucky class ("tag-news", "has-sidebar",
// "commentary", id="app") would then hide the whole article, so furniture
// that holds clearly more prose than the best candidate outside furniture
// is taken back, largest first, and the sums recomputed. Prose inside
// furniture that an element contains (its comment list, its related posts)
// does not count for it.
func (s *scorer) applyJunk() {
	els := s.els
	for i := range els {
		els[i].furniture = furniture(&els[i])
	}
	for i := len(els) - 1; i >= 0; i-- {
		e := &els[i]
		e.rawGood += e.ownGood
		e.rawShort += e.ownShort
		e.rawLinky += e.ownLinky
		e.cleanGood += e.ownGood
		if p := e.parent; p >= 0 {
			els[p].rawGood += e.rawGood
			els[p].rawShort += e.rawShort
			els[p].rawLinky += e.rawLinky
			if e.furniture == 0 {
				els[p].cleanGood += e.cleanGood
			}
		}
	}
	for range 6 {
		s.propagate()
		var bestGood float64
		if b := s.best(); b >= 0 {
			bestGood = float64(els[b].good)
		}
		pick := -1
		for i := range els {
			e := &els[i]
			if e.furniture == 0 || e.cleanGood == 0 {
				continue
			}
			need := takeBackShare * bestGood
			if e.hint&hintPositive != 0 {
				need = bestGood
			}
			if float64(e.cleanGood) > need && (pick < 0 || e.cleanGood > els[pick].cleanGood) {
				pick = i
			}
		}
		if pick < 0 {
			return
		}
		els[pick].furniture = 0
	}
	s.propagate()
}

// propagate sets the junk flags from the furniture and sums the subtrees.
func (s *scorer) propagate() {
	els := s.els
	for i := range els {
		e := &els[i]
		e.junk, e.strong = false, false
		e.good, e.short, e.bad = 0, 0, 0
		if p := e.parent; p >= 0 {
			e.junk = els[p].junk
			e.strong = els[p].strong
		}
		e.junk = e.junk || e.furniture != 0
		e.strong = e.strong || e.furniture == hintJunk
	}
	for i := len(els) - 1; i >= 0; i-- {
		e := &els[i]
		if e.junk {
			e.bad += e.ownGood + e.ownShort + e.ownLinky
		} else {
			e.good += e.ownGood
			e.short += e.ownShort
			e.bad += e.ownLinky
		}
		if p := e.parent; p >= 0 {
			els[p].good += e.good
			els[p].short += e.short
			els[p].bad += e.bad
		}
	}
}

// furniture returns hintJunk or hintAside when e's own hints make it page
// furniture, 0 otherwise.
func furniture(e *elem) hint {
	if e.n.DataAtom == atom.Body || e.n.DataAtom == atom.Html {
		return 0
	}
	switch h := e.hint; {
	case h&hintJunk != 0:
		return hintJunk
	case h&hintAside != 0 && h&hintPositive == 0:
		return hintAside
	}
	return 0
}

// boilerplate are the marks of a copyright line.
var boilerplate = []string{"©", "&copy;", "opyright", "ights reserved", "ireitos reservados", "erechos reservados", "roits réservés", "echte vorbehalten"}

// isBoilerplate reports whether a text is part of a copyright line.
func isBoilerplate(t string) bool {
	return containsAny(t, boilerplate)
}

// endsSentence reports whether a block ending in r ends a sentence.
func endsSentence(r rune) bool {
	switch r {
	case '.', '!', '?', '"', '\'', ')', ':', '»', '”', '’', '…', '“':
		return true
	}
	return false
}

func (e *elem) value() float64 {
	return float64(e.good) - float64(e.bad) - shortWeight*float64(e.short)
}

// descendShare: when one child of the chosen container holds this share of
// its prose, the rest is a neighbouring column or box, not the article;
// descendColumnShare is the share for a layout column ("col-md-8").
const (
	descendShare       = 0.75
	descendColumnShare = 0.5
)

// content returns the content container: the best candidate, narrowed to
// its child that holds nearly all of its prose ("row" → "col-md-8" when an
// unmarked sidebar column sits beside the article). -1 when the page has
// no prose outside its furniture.
func (s *scorer) content() int32 {
	b := s.best()
	for b >= 0 {
		e := &s.els[b]
		next := int32(-1)
		for i := b + 1; i < int32(len(s.els)) && attached(s.els[i].n, e.n); i++ {
			c := &s.els[i]
			if c.parent != b {
				continue
			}
			share := descendShare
			if isColumn(c.n) {
				share = descendColumnShare
			}
			if candidateAtoms[c.n.DataAtom] && !c.junk && float64(c.good) >= share*float64(e.good) && float64(c.good) < float64(e.good) {
				next = i
				break
			}
		}
		if next < 0 {
			return b
		}
		b = next
	}
	return b
}

// best returns the index of the best candidate, or -1 when the page has no
// prose outside its furniture.
func (s *scorer) best() int32 {
	best := int32(-1)
	bestV := 0.0
	for i := range s.els {
		e := &s.els[i]
		if !candidateAtoms[e.n.DataAtom] || e.junk || e.good == 0 {
			continue
		}
		if v := e.value(); best < 0 || v >= bestV {
			best, bestV = int32(i), v
		}
	}
	return best
}
