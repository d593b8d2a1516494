package prayer

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A unit is one line of an article as a reader sees it: the text of a
// paragraph, heading or list item, or of one <br>-separated line of it. Its
// text is always a contiguous run of the page's text nodes, so that every
// item found is a substring of the page's text.
type unit struct {
	text  string     // white space normalised
	block *html.Node // the block element holding the line (p, h3, li, div, td…)
	li    *html.Node // the list item holding the line, if any
	emph  bool       // every letter is inside strong/b/em/i
	links bool       // every letter is inside links
	words int
}

// tag returns the atom of the unit's block.
func (u *unit) tag() atom.Atom { return u.block.DataAtom }

// isHeadingTag reports whether the unit is an <h1>…<h6> outside a list.
func (u *unit) isHeadingTag() bool {
	if u.li != nil {
		return false
	}
	switch u.tag() {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// hasLetters reports whether the unit holds a letter or digit: a line of
// only an emoji or a non-breaking space is decoration.
func (u *unit) hasLetters() bool {
	return strings.IndexFunc(u.text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// inlineAtoms are the elements that do not break a line.
var inlineAtoms = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true, atom.Big: true,
	atom.Cite: true, atom.Code: true, atom.Data: true, atom.Del: true, atom.Dfn: true, atom.Em: true,
	atom.Font: true, atom.I: true, atom.Img: true, atom.Ins: true, atom.Kbd: true, atom.Label: true,
	atom.Mark: true, atom.Nobr: true, atom.Q: true, atom.S: true, atom.Samp: true, atom.Small: true,
	atom.Span: true, atom.Strike: true, atom.Strong: true, atom.Sub: true, atom.Sup: true,
	atom.Time: true, atom.Tt: true, atom.U: true, atom.Var: true, atom.Wbr: true, atom.Picture: true,
	atom.Source: true,
}

// emphasisAtoms make a line emphasised.
var emphasisAtoms = map[atom.Atom]bool{atom.B: true, atom.Strong: true, atom.Em: true, atom.I: true}

// skipAtoms never hold article text.
var skipAtoms = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Iframe: true,
	atom.Object: true, atom.Embed: true, atom.Svg: true, atom.Math: true, atom.Canvas: true,
	atom.Video: true, atom.Audio: true, atom.Form: true, atom.Button: true, atom.Input: true,
	atom.Select: true, atom.Textarea: true, atom.Nav: true, atom.Footer: true, atom.Head: true,
	atom.Title: true, atom.Meta: true, atom.Link: true, atom.Dialog: true, atom.Menu: true,
}

// noiseRoles are ARIA roles of page furniture.
var noiseRoles = set("navigation", "contentinfo", "banner", "search", "dialog", "alertdialog", "menu",
	"menubar", "toolbar", "complementary")

// noisePrefixes are the starts of class and id words that name page
// furniture in every CMS: sidebars, widgets, comments, sharing, related
// posts, newsletter and app banners, cookie notices, navigation.
var noisePrefixes = []string{
	"sidebar", "widget", "comment", "comentario", "commentaire", "kommentar", "respond", "share", "sharing",
	"social", "related", "newsletter", "subscribe", "subscription", "signup", "cookie", "consent", "banner",
	"promo", "advert", "breadcrumb", "pagination", "pager", "readmore", "menu", "navigation", "navbar",
	"footer", "masthead", "popup", "modal", "skip", "screen-reader", "visually-hidden", "sr-only",
	"tagcloud", "author-bio", "byline",
}

// noiseWords are whole class and id words that name furniture.
var noiseWords = set("nav", "ad", "ads", "app", "tags", "print", "share")

// isNoise reports whether an element is page furniture by its tag, role,
// class or id, or is hidden. With strict, asides (sidebars on a whole
// page) and complementary regions count as furniture too; inside an
// article's own HTML they may be boxes of the article.
func isNoise(n *html.Node, strict bool) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if skipAtoms[n.DataAtom] {
		return true
	}
	switch n.DataAtom {
	case atom.Html, atom.Body, atom.Main, atom.Article:
		return false
	case atom.Aside:
		if strict {
			return true
		}
	case atom.Header:
		if isSiteHeader(n) {
			return true
		}
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "role":
			r := strings.ToLower(strings.TrimSpace(a.Val))
			if noiseRoles[r] && (strict || r != "complementary") {
				return true
			}
		case "class", "id":
			if noiseName(a.Val) {
				return true
			}
		}
	}
	return false
}

// noiseName reports whether a class or id attribute names furniture.
func noiseName(v string) bool {
	for _, name := range strings.Fields(strings.ToLower(v)) {
		for _, p := range noisePrefixes {
			if strings.HasPrefix(name, p) || strings.Contains(name, "-"+p) || strings.Contains(name, "_"+p) {
				return true
			}
		}
		for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' }) {
			if noiseWords[w] {
				return true
			}
			for _, p := range noisePrefixes {
				if strings.HasPrefix(w, p) {
					return true
				}
			}
		}
	}
	return false
}

// isSiteHeader reports whether a <header> is a page's or an article's
// header (title, navigation, date) rather than a section heading wrapper.
func isSiteHeader(n *html.Node) bool {
	found := false
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && !found; c = c.NextSibling {
			if c.Type == html.ElementNode {
				switch c.DataAtom {
				case atom.H1, atom.Nav, atom.Time, atom.Img, atom.Form:
					found = true
					return
				}
				walk(c)
			}
		}
	}
	walk(n)
	return found
}

// lines turns the element tree under root into units, in document order,
// skipping furniture.
func lines(root *html.Node, strict bool) []unit {
	w := &liner{strict: strict}
	w.walk(root, lineCtx{block: root})
	w.flush(lineCtx{block: root})
	return w.units
}

type lineCtx struct {
	block *html.Node
	li    *html.Node
	emph  bool
	link  bool
}

type liner struct {
	strict bool
	units  []unit
	buf    strings.Builder
	// letters counts the letters of buf; emph and link those inside
	// emphasis and links.
	letters, emph, link int
}

func (w *liner) walk(n *html.Node, c lineCtx) {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		switch ch.Type {
		case html.TextNode:
			w.text(ch.Data, c)
		case html.ElementNode:
			a := ch.DataAtom
			switch {
			case isNoise(ch, w.strict):
				w.flush(c)
			case a == atom.Br || a == atom.Hr:
				w.flush(c)
			case inlineAtoms[a]:
				cc := c
				if emphasisAtoms[a] {
					cc.emph = true
				}
				if a == atom.A {
					cc.link = true
				}
				w.walk(ch, cc)
			case c.li != nil && a != atom.Ul && a != atom.Ol && a != atom.Li:
				// Paragraphs and boxes inside a list item are the item.
				w.walk(ch, c)
			default:
				w.flush(c)
				cc := lineCtx{block: ch}
				switch a {
				case atom.Li:
					cc.li = ch
				}
				w.walk(ch, cc)
				w.flush(cc)
			}
		}
	}
}

func (w *liner) text(s string, c lineCtx) {
	if w.buf.Len() == 0 && strings.TrimSpace(s) == "" {
		return
	}
	w.buf.WriteString(s)
	for _, r := range s {
		if unicode.IsLetter(r) {
			w.letters++
			if c.emph {
				w.emph++
			}
			if c.link {
				w.link++
			}
		}
	}
}

func (w *liner) flush(c lineCtx) {
	text := normalize(w.buf.String())
	if text != "" {
		w.units = append(w.units, unit{
			text:  text,
			block: c.block,
			li:    c.li,
			emph:  w.letters > 0 && w.emph == w.letters,
			links: w.letters > 0 && w.link == w.letters,
			words: len(strings.Fields(text)),
		})
	}
	w.buf.Reset()
	w.letters, w.emph, w.link = 0, 0, 0
}
