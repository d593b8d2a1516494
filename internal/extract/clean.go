package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// leads returns the lead paragraphs that sit just before the content
// container rather than inside it ("<p class=lead>" above "<div
// class=body>"), looking at the container's siblings and its parent's. A
// lead comes after the title's <h1> and is a paragraph or two, so that a
// sidebar placed before the content is not taken for one.
func (x *extraction) leads(best int32) []*html.Node {
	if x.titleH1 < 0 || x.titleH1 > best {
		return nil
	}
	cur := x.sc.els[best].n
	for level := 0; level < 2 && cur != x.body; level++ {
		var found []*html.Node
	siblings:
		for s := cur.PrevSibling; s != nil; s = s.PrevSibling {
			switch s.Type {
			case html.TextNode:
				if strings.TrimSpace(s.Data) != "" {
					break siblings
				}
				continue
			case html.ElementNode:
			default:
				continue
			}
			i, ok := x.sc.index[s]
			if !ok { // inline element: an image link is fine, text is not
				if textLen(s, 1) > 0 {
					break siblings
				}
				continue
			}
			e := &x.sc.els[i]
			if s.DataAtom == atom.Header && e.hint&hintJunk == 0 {
				// The article's header: a lead may follow the title in it.
				hl := x.headerLeads(s, x.sc.els[best].n)
				for j := len(hl) - 1; j >= 0; j-- {
					found = append(found, hl[j])
				}
				break siblings
			}
			switch {
			case e.junk || e.bad > 0 || isColumn(s) || x.holdsH1(i):
				break siblings
			case e.good == 0:
				continue // figure, image, empty wrapper, short dateline
			case isLeadShape(e.n) && i > x.titleH1 && e.good <= leadMax && !x.duplicates(e.n, x.sc.els[best].n):
				found = append(found, e.n)
			default:
				break siblings
			}
		}
		if len(found) > 0 {
			for i, j := 0, len(found)-1; i < j; i, j = i+1, j-1 {
				found[i], found[j] = found[j], found[i]
			}
			return found
		}
		cur = cur.Parent
		if cur == nil {
			break
		}
		if i, ok := x.sc.index[cur]; ok && x.sc.els[i].junk {
			break
		}
	}
	return nil
}

// leadMax is the most prose a lead holds.
const leadMax = 800

// headerLeads returns the paragraphs of prose that follow the title inside
// an article's <header>: a standfirst, not a byline.
func (x *extraction) headerLeads(h, content *html.Node) []*html.Node {
	var out []*html.Node
	seenTitle := false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			i, ok := x.sc.index[c]
			if !ok {
				continue
			}
			e := &x.sc.els[i]
			switch {
			case headingRank(c) > 0:
				seenTitle = seenTitle || c.DataAtom == atom.H1 || x.isTitle(nodeText(c))
			case seenTitle && c.DataAtom == atom.P && e.ownGood > 0 && e.hint&(hintMeta|hintJunk) == 0 &&
				!hasBylinePrefix(nodeText(c)) && !x.duplicates(c, content):
				out = append(out, c)
			case e.hint&(hintMeta|hintJunk) == 0:
				walk(c)
			}
		}
	}
	walk(h)
	return out
}

// holdsH1 reports whether element i is or contains an <h1>.
func (x *extraction) holdsH1(i int32) bool {
	els := x.sc.els
	for j := int(i); j < len(els); j++ {
		if j > int(i) && !attached(els[j].n, els[i].n) {
			return false
		}
		if els[j].h1 {
			return true
		}
	}
	return false
}

// isLeadShape reports whether n is a paragraph, or a wrapper of paragraphs.
func isLeadShape(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P:
		return true
	case atom.Div, atom.Section:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && blockAtoms[c.DataAtom] && c.DataAtom != atom.P {
				return false
			}
		}
		return true
	}
	return false
}

// duplicates reports whether lead's text already opens the content (an
// excerpt shown above the body).
func (x *extraction) duplicates(lead, content *html.Node) bool {
	k := titleKey(nodeText(lead))
	if len(k) < 20 {
		return false
	}
	return strings.Contains(titleKey(nodeText(content)), k[:min(len(k), 200)])
}

// render cleans roots and renders them as one fragment. Containers (div,
// section, article…) render their children; other roots render whole.
// auto says the roots came from the automatic extraction.
func (x *extraction) render(roots []*html.Node, auto bool) string {
	cl := cleaner{x: x}
	var sb strings.Builder
	for i, r := range roots {
		cl.rootGood = 1
		if j, ok := x.sc.index[r]; ok && x.sc.els[j].rawGood > 0 {
			cl.rootGood = x.sc.els[j].rawGood
		}
		cl.clean(r)
		if i == len(roots)-1 || !auto {
			cl.stripLeadingHeader(r)
		}
		x.absolutize(r)
		if candidateAtoms[r.DataAtom] || r.DataAtom == atom.Html || r.DataAtom == atom.Span {
			for c := r.FirstChild; c != nil; c = c.NextSibling {
				_ = html.Render(&sb, c)
			}
		} else {
			_ = html.Render(&sb, r)
		}
		sb.WriteByte('\n')
	}
	return strings.TrimSpace(sb.String())
}

// cleaner removes page furniture from inside the content.
type cleaner struct {
	x        *extraction
	rootGood int32
	seenGood bool // a paragraph of prose has been kept
}

func (cl *cleaner) clean(n *html.Node) {
	var orphans []*html.Node // headings whose section was dropped
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch c.Type {
		case html.CommentNode:
			n.RemoveChild(c)
		case html.ElementNode:
			if cl.drop(c) {
				if h := prevElement(c); h != nil && headingRank(h) > 0 {
					orphans = append(orphans, h)
				}
				n.RemoveChild(c)
				break
			}
			cl.rewrite(c)
			if i, ok := cl.x.sc.index[c]; ok && cl.x.sc.els[i].ownGood > 0 {
				cl.seenGood = true
			}
			cl.clean(c)
			if isEmpty(c) {
				n.RemoveChild(c)
			}
		}
		c = next
	}
	for _, h := range orphans {
		if h.Parent != n {
			continue
		}
		if next := nextElement(h); next == nil || (headingRank(next) > 0 && headingRank(next) <= headingRank(h)) {
			n.RemoveChild(h)
		}
	}
}

// headingRank returns 1 to 6 for h1 to h6, else 0.
func headingRank(n *html.Node) int {
	switch n.DataAtom {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

func prevElement(n *html.Node) *html.Node {
	for c := n.PrevSibling; c != nil; c = c.PrevSibling {
		if c.Type == html.ElementNode {
			return c
		}
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return nil
		}
	}
	return nil
}

func nextElement(n *html.Node) *html.Node {
	for c := n.NextSibling; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return c
		}
	}
	return nil
}

// drop decides whether element n, inside the content, is furniture.
func (cl *cleaner) drop(n *html.Node) bool {
	x := cl.x
	var h hint
	var e *elem
	if i, ok := x.sc.index[n]; ok {
		e = &x.sc.els[i]
		h = e.hint
	} else if len(n.Attr) > 0 {
		h = x.sc.hintOf(n)
	}
	big := e != nil && float64(e.rawGood) > 0.5*float64(cl.rootGood)
	switch {
	case n.DataAtom == atom.Nav || n.DataAtom == atom.Form:
		return true
	case h&hintJunk != 0:
		return !big
	case n.DataAtom == atom.Footer:
		return !inQuote(n)
	case n.DataAtom == atom.Header:
		return x.holdsTitle(n) || (!cl.seenGood && (e == nil || e.rawGood == 0))
	case h&hintAside != 0 && h&hintPositive == 0:
		// Inside the article an <aside>, a "sidebar" box or a "section-header"
		// is part of it: keep it unless it is links.
		return e != nil && (e.rawGood+e.rawShort == 0 || e.rawLinky > e.rawGood+e.rawShort)
	}
	switch n.DataAtom {
	case atom.A:
		return isShareURL(attr(n, "href"))
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		if n.DataAtom == atom.H1 && !cl.seenGood {
			return true
		}
		if textLen(n, 300) >= 300 {
			return false
		}
		t := nodeText(n)
		return x.isTitle(t) || isRelatedPhrase(t)
	case atom.Img:
		return attr(n, "width") == "1" || attr(n, "height") == "1"
	}
	if !boxShaped[n.DataAtom] {
		return false
	}
	if metaShaped(n) && h&hintMeta != 0 && h&hintPositive == 0 && textLen(n, 200) < 200 {
		return true
	}
	if !big && hasForm(n) && textLen(n, 600) < 600 {
		return true // a sign-up box
	}
	st := linkStats(n)
	switch {
	case st.links == 0:
		return metaShaped(n) && (h&hintMeta != 0 || !cl.seenGood) && st.text < 300 && x.isTitle(nodeText(n))
	case st.links == st.share && st.text-st.link < 40:
		return true // share buttons
	case st.links >= 2 && float64(st.link) > 0.6*float64(st.text) && n.DataAtom != atom.P:
		return !big // a list of links
	case n.DataAtom != atom.Figure && float64(st.link) >= 0.9*float64(st.text):
		return !big // a card or button that is one link
	case st.text < 300 && startsRelated(nodeText(n)):
		return true // "Read more: …"
	}
	return false
}

// boxShaped are the elements that may be a box of furniture inside the
// content: a card, a list of links, a sign-up form, a share bar.
var boxShaped = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Aside: true, atom.Article: true, atom.Figure: true,
	atom.P: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Table: true, atom.Span: true,
	atom.Small: true, atom.Header: true, atom.Footer: true, atom.Address: true, atom.Time: true,
	atom.Center: true, atom.Font: true,
}

// linkCount is what linkStats counts.
type linkCount struct {
	text, link   int32 // characters
	links, share int   // <a href> elements, and those that share the page
}

// linkStats counts n's text, its link text and its links.
func linkStats(n *html.Node) linkCount {
	var st linkCount
	var walk func(n *html.Node, inLink bool)
	walk = func(n *html.Node, inLink bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				l := countChars(c.Data)
				st.text += l
				if inLink {
					st.link += l
				}
			case html.ElementNode:
				if c.DataAtom == atom.A {
					if href, ok := attrOK(c, "href"); ok {
						st.links++
						if isShareURL(href) {
							st.share++
						}
					}
					walk(c, true)
				} else {
					walk(c, inLink)
				}
			}
		}
	}
	walk(n, false)
	return st
}

// hasForm reports whether n contains a form.
func hasForm(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Form || hasForm(c)) {
			return true
		}
	}
	return false
}

// shareURLs are the addresses of share buttons.
var shareURLs = []string{
	"facebook.com/sharer", "facebook.com/share.php", "facebook.com/dialog/share", "twitter.com/intent", "twitter.com/share",
	"x.com/intent", "x.com/share", "linkedin.com/sharearticle", "linkedin.com/sharing", "linkedin.com/cws/share",
	"api.whatsapp.com/send", "wa.me/?", "whatsapp://send", "web.whatsapp.com/send", "pinterest.com/pin/create",
	"t.me/share", "telegram.me/share", "reddit.com/submit", "tumblr.com/share", "tumblr.com/widgets/share",
	"addtoany.com/share", "sharethis.com", "vk.com/share", "xing.com/spi/shares", "bsky.app/intent",
	"mastodonshare", "getpocket.com/save", "threads.net/intent",
}

// isShareURL reports whether href is a share button's ("mailto:?subject=…"
// shares by e-mail).
func isShareURL(href string) bool {
	h := strings.ToLower(strings.TrimSpace(href))
	if h == "" {
		return false
	}
	if strings.HasPrefix(h, "mailto:?") || strings.HasPrefix(h, "sms:?") {
		return true
	}
	return containsAny(h, shareURLs)
}

// relatedPhrases head "related posts" lists and share bars, in the
// partners' languages; compared as titleKey (lower case, letters only).
var relatedPhrases = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range []string{
		"read more", "read also", "also read", "related", "related posts", "related articles", "related stories",
		"related news", "related content", "more news", "more stories", "more from", "see also", "you may also like",
		"you might also like", "recommended", "recommended for you", "further reading", "share", "share this",
		"share this article", "share this story", "share on", "latest news", "recent posts", "popular posts",
		"leia também", "leia mais", "veja também", "notícias relacionadas", "matérias relacionadas", "compartilhe",
		"compartilhar", "lea también", "lee también", "noticias relacionadas", "artículos relacionados",
		"más noticias", "ver también", "te puede interesar", "compartir", "comparte", "lire aussi", "à lire aussi",
		"a lire aussi", "à lire", "sur le même sujet", "articles similaires", "articles liés", "voir aussi", "partager",
		"partagez", "weitere meldungen", "weitere artikel", "weitere nachrichten", "mehr zum thema", "lesen sie auch",
		"das könnte sie auch interessieren", "ähnliche artikel", "ähnliche beiträge", "verwandte artikel", "teilen",
		"artikel teilen", "diesen artikel teilen",
	} {
		m[titleKey(p)] = true
	}
	return m
}()

// isRelatedPhrase reports whether a heading is one of relatedPhrases.
func isRelatedPhrase(t string) bool {
	return relatedPhrases[titleKey(t)]
}

// startsRelated reports whether a line opens with a related phrase and a
// colon: "Read more: …", "Leia também: …".
func startsRelated(t string) bool {
	i := strings.IndexAny(t, ":：")
	if i <= 0 || i > 40 {
		return false
	}
	return relatedPhrases[titleKey(t[:i])]
}

// metaShaped are the elements a byline or dateline comes in.
func metaShaped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Div, atom.Span, atom.P, atom.Time, atom.Small, atom.Header, atom.Footer, atom.Address, atom.A, atom.Ul, atom.Section:
		return true
	}
	return false
}

// holdsTitle reports whether n contains an <h1> or a heading that repeats
// the title.
func (x *extraction) holdsTitle(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.H1:
			return true
		case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			if x.isTitle(nodeText(c)) {
				return true
			}
		}
		if x.holdsTitle(c) {
			return true
		}
	}
	return false
}

func inQuote(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Blockquote || p.DataAtom == atom.Figure {
			return true
		}
	}
	return false
}

// rewrite fixes an element kept in the content: an <h1> that is not the
// title becomes an <h2>; a lazy image gets its real source.
func (cl *cleaner) rewrite(n *html.Node) {
	switch n.DataAtom {
	case atom.H1:
		n.DataAtom, n.Data = atom.H2, "h2"
	case atom.Img, atom.Source:
		lazy(n)
		if n.DataAtom == atom.Img && cl.x.firstImage == "" {
			if src := attr(n, "src"); src != "" && !strings.HasPrefix(src, "data:") {
				cl.x.firstImage = resolveURL(cl.x.base, src)
			}
		}
	}
}

// lazy moves a lazy-loading image's data-src into src.
func lazy(n *html.Node) {
	src := attr(n, "src")
	if src != "" && !strings.HasPrefix(src, "data:") {
		return
	}
	for _, k := range []string{"data-src", "data-lazy-src", "data-original", "data-url"} {
		if v := attr(n, k); v != "" {
			setAttr(n, "src", v)
			break
		}
	}
	if attr(n, "srcset") == "" {
		for _, k := range []string{"data-srcset", "data-lazy-srcset"} {
			if v := attr(n, k); v != "" {
				setAttr(n, "srcset", v)
				break
			}
		}
	}
}

// stripLeadingHeader removes the lines that open the content before its
// prose when they only repeat the title, the byline or the date. A line is
// a block element, or the inline run up to a <br> in old table layouts; a
// wrapper that holds everything is looked into.
func (cl *cleaner) stripLeadingHeader(root *html.Node) {
	for depth := 0; root != nil && depth < 4; depth++ {
		var line []*html.Node
		var wrapper *html.Node
		var next *html.Node
	walk:
		for c := root.FirstChild; c != nil; c = next {
			next = c.NextSibling
			switch {
			case c.Type == html.ElementNode && c.DataAtom == atom.Br:
				if !cl.cutLine(root, line, c) {
					return
				}
				line = line[:0]
			case c.Type == html.ElementNode && (blockAtoms[c.DataAtom] || media[c.DataAtom] || c.DataAtom == atom.Picture):
				if len(line) > 0 {
					if !cl.cutLine(root, line, nil) {
						return
					}
					line = line[:0]
				}
				if media[c.DataAtom] || c.DataAtom == atom.Figure || c.DataAtom == atom.Picture {
					continue
				}
				if textLen(c, 161) > 160 {
					if c.DataAtom != atom.P && c.DataAtom != atom.Ul && c.DataAtom != atom.Ol && c.DataAtom != atom.Table && c.DataAtom != atom.Blockquote {
						wrapper = c
					}
					break walk
				}
				if !cl.cutLine(root, []*html.Node{c}, nil) {
					return
				}
			case c.Type == html.ElementNode && textLen(c, 161) > 160:
				if len(line) == 0 {
					wrapper = c // an inline wrapper (<font>) holding the content
				}
				break walk
			default:
				line = append(line, c)
			}
		}
		root = wrapper
	}
}

// cutLine removes line (and the <br> that ends it) when it is a header line;
// it reports whether stripping may go on.
func (cl *cleaner) cutLine(parent *html.Node, line []*html.Node, br *html.Node) bool {
	var sb strings.Builder
	for _, n := range line {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		} else if n.Type == html.ElementNode {
			sb.WriteString(" " + nodeText(n) + " ")
		}
	}
	t := collapse(sb.String())
	if len(t) > 160 || !cl.isHeaderLine(t) {
		return false
	}
	if t != "" {
		if hasBylinePrefix(t) && cl.x.cutAuthor == "" {
			cl.x.cutAuthor = cleanAuthor(t)
		}
		if d, raw, ok := findDate(t, cl.x.monthFirst); ok && cl.x.cutDate.IsZero() {
			cl.x.cutDate, cl.x.cutDateRaw = d, raw
		}
	}
	for _, n := range line {
		if n.Type == html.ElementNode && (n.DataAtom == atom.Img || hasMedia(n)) {
			continue
		}
		parent.RemoveChild(n)
	}
	if br != nil {
		parent.RemoveChild(br)
	}
	return true
}

// hasMedia reports whether n contains an image or other media.
func hasMedia(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (media[c.DataAtom] || hasMedia(c)) {
			return true
		}
	}
	return false
}

// isHeaderLine reports whether a short line is the title, a byline, a
// date line ("4 min read · Nov 5, 2018") or empty.
func (cl *cleaner) isHeaderLine(t string) bool {
	if t == "" || cl.x.isTitle(t) {
		return true
	}
	if hasBylinePrefix(t) && len([]rune(t)) < 80 {
		return true
	}
	words := len(strings.Fields(t))
	if r, _ := utf8.DecodeLastRuneInString(t); endsSentence(r) && r != ')' {
		return words <= 4 && isDateOnly(t, cl.x.monthFirst)
	}
	if _, ok := parseDate(t, cl.x.monthFirst); ok && words <= 12 {
		return true
	}
	return words <= 8 && containsAny(strings.ToLower(t), readingTime)
}

// readingTime are the words of a reading-time line.
var readingTime = []string{"min read", "minute read", "mins read", "min de lecture", "min de leitura", "min de lectura", "minuten lesezeit", "min. lesezeit", "lesezeit"}

// isDateOnly reports whether t is a date and little else: "18.09.2017."
func isDateOnly(t string, monthFirst bool) bool {
	_, raw, ok := findDate(t, monthFirst)
	return ok && len(raw)+6 >= len(t)
}

// isEmpty reports whether n, after cleaning, holds neither text nor media.
func isEmpty(n *html.Node) bool {
	if !emptiable[n.DataAtom] {
		return false
	}
	var has func(n *html.Node) bool
	has = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if strings.TrimFunc(c.Data, unicode.IsSpace) != "" {
					return true
				}
			case html.ElementNode:
				if media[c.DataAtom] || has(c) {
					return true
				}
			}
		}
		return false
	}
	return !has(n)
}

var emptiable = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Article: true, atom.Aside: true, atom.Header: true,
	atom.Footer: true, atom.Span: true, atom.P: true, atom.Ul: true, atom.Ol: true, atom.Li: true,
	atom.Figure: true, atom.Blockquote: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.A: true, atom.Strong: true, atom.B: true, atom.Em: true, atom.I: true,
	atom.Center: true, atom.Font: true, atom.Form: true, atom.Main: true, atom.Dl: true, atom.Dd: true,
	atom.Dt: true, atom.Small: true, atom.Figcaption: true,
}

var media = map[atom.Atom]bool{
	atom.Img: true, atom.Picture: true, atom.Video: true, atom.Audio: true, atom.Iframe: true,
	atom.Table: true, atom.Hr: true, atom.Source: true, atom.Object: true, atom.Embed: true,
}

// urlAttrs hold one URL each.
var urlAttrs = map[string]bool{"href": true, "src": true, "poster": true, "cite": true, "data-src": true, "action": true}

// absolutize makes every URL under n absolute against the page's base.
func (x *extraction) absolutize(n *html.Node) {
	if x.base == nil || !x.base.IsAbs() {
		return
	}
	if n.Type == html.ElementNode {
		for i, a := range n.Attr {
			switch {
			case urlAttrs[a.Key]:
				v := strings.TrimSpace(a.Val)
				if v != "" && !strings.HasPrefix(v, "#") && !strings.HasPrefix(v, "data:") {
					n.Attr[i].Val = resolveURL(x.base, v)
				}
			case a.Key == "srcset":
				parts := strings.Split(a.Val, ",")
				for j, p := range parts {
					f := strings.Fields(p)
					if len(f) > 0 {
						f[0] = resolveURL(x.base, f[0])
						parts[j] = strings.Join(f, " ")
					}
				}
				n.Attr[i].Val = strings.Join(parts, ", ")
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		x.absolutize(c)
	}
}

// attr returns n's attribute key, "" when absent.
func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val, true
		}
	}
	return "", false
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

// nodeText returns n's text with white space collapsed.
func nodeText(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				sb.WriteString(c.Data)
			case html.ElementNode:
				if c.DataAtom == atom.Br || blockAtoms[c.DataAtom] {
					sb.WriteByte(' ')
				}
				walk(c)
				if blockAtoms[c.DataAtom] {
					sb.WriteByte(' ')
				}
			}
		}
	}
	walk(n)
	return collapse(sb.String())
}

// collapse collapses white space (no-break spaces included) and trims.
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' }), " ")
}

func isLetterOrDigit(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
