package extract

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Options are one source's extraction rules, from feeds.yaml.
type Options struct {
	// ContentSelector is a CSS selector group for the article body. When it
	// matches, the matched elements (cleaned of furniture) are the content
	// and the automatic extraction does not run.
	ContentSelector string
	// RemoveSelectors is a CSS selector group of elements to remove from
	// the page before extraction.
	RemoveSelectors string
}

// Validate reports a selector that does not parse. Extract ignores such a
// selector; configuration checks call Validate to say so up front.
func (o Options) Validate() error {
	if s := strings.TrimSpace(o.ContentSelector); s != "" {
		if _, err := cascadia.ParseGroup(s); err != nil {
			return fmt.Errorf("content selector %q: %w", s, err)
		}
	}
	if s := strings.TrimSpace(o.RemoveSelectors); s != "" {
		if _, err := cascadia.ParseGroup(s); err != nil {
			return fmt.Errorf("remove selectors %q: %w", s, err)
		}
	}
	return nil
}

// Article is what Extract finds on an article page. Every URL is absolute.
type Article struct {
	// Title is plain text: og:title, else the JSON-LD headline, else the
	// article's <h1>, else the <title> without the site's name.
	Title string
	// Author is the byline's name, "" when the page names none.
	Author string
	// Published is when the article was published, zero when the page does
	// not say; PublishedRaw is the date as the page wrote it.
	Published    time.Time
	PublishedRaw string
	// ImageURL is the lead image: og:image, else the first image of the
	// content.
	ImageURL string
	// Language is the page's BCP 47 tag, from <html lang> or og:locale.
	Language string
	// FeedURL is the RSS, Atom or JSON feed the page advertises.
	FeedURL string
	// Canonical is the page's <link rel="canonical">, else its og:url.
	Canonical string
	// ContentHTML is the article body as an HTML fragment: its paragraphs,
	// headings, lists, quotes, tables, figures and boxes, without the title,
	// byline or any page furniture, URLs made absolute. It is not
	// sanitised: pass it through sanitize.HTML before publishing it.
	ContentHTML string
}

// Errors Extract wraps, for errors.Is.
var (
	ErrEmptyPage = errors.New("empty page")
	ErrNoContent = errors.New("no article content found")
)

// Extract reads an article page (UTF-8 HTML, as fetched from pageURL) and
// returns its article. It fails only on an empty page or one with no prose
// outside its menus, sidebars and footers.
func Extract(page []byte, pageURL string, opts Options) (*Article, error) {
	if len(bytes.TrimSpace(page)) == 0 {
		return nil, fmt.Errorf("extract %s: %w", pageURL, ErrEmptyPage)
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", pageURL, err)
	}
	x := &extraction{pageURL: pageURL, best: -1, titleH1: -1}
	x.base, _ = url.Parse(pageURL)

	var chosen []*html.Node
	if opts.RemoveSelectors != "" || opts.ContentSelector != "" {
		gdoc := goquery.NewDocumentFromNode(doc)
		if s := strings.TrimSpace(opts.RemoveSelectors); s != "" {
			gdoc.Find(s).Each(func(_ int, sel *goquery.Selection) {
				for _, n := range sel.Nodes {
					if n.Parent != nil {
						n.Parent.RemoveChild(n)
					}
				}
			})
		}
		if s := strings.TrimSpace(opts.ContentSelector); s != "" {
			chosen = outermost(gdoc.Find(s).Nodes)
		}
	}

	collectAndPrune(doc, &x.meta)
	if x.meta.baseHref != "" && x.base != nil {
		if b, err := x.base.Parse(x.meta.baseHref); err == nil && (b.Scheme == "http" || b.Scheme == "https") {
			x.base = b
		}
	}
	x.body = findBody(doc)
	x.sc = newScorer()
	x.sc.score(x.body)
	x.readMeta()

	var roots []*html.Node
	if len(chosen) > 0 {
		for _, n := range chosen {
			if attached(n, x.body) {
				roots = append(roots, n)
			}
		}
	}
	var content string
	var a *Article
	if len(roots) > 0 {
		x.title = x.articleTitle(-1)
		a = x.article()
		content = x.render(roots, false)
	}
	if strings.TrimSpace(content) == "" {
		best := x.sc.content()
		if best < 0 {
			return nil, fmt.Errorf("extract %s: %w", pageURL, ErrNoContent)
		}
		x.best = best
		x.title = x.articleTitle(best)
		a = x.article()
		content = x.render(append(x.leads(best), x.sc.els[best].n), true)
	}
	if strings.TrimSpace(content) == "" {
		return nil, fmt.Errorf("extract %s: %w", pageURL, ErrNoContent)
	}
	a.ContentHTML = content
	if a.ImageURL == "" {
		a.ImageURL = x.firstImage
	}
	// A byline or date line that opened the content and was cut from it.
	if a.Author == "" {
		a.Author = x.cutAuthor
	}
	if a.Published.IsZero() && !x.cutDate.IsZero() {
		a.Published, a.PublishedRaw = x.cutDate, x.cutDateRaw
	}
	return a, nil
}

// extraction is the state of one Extract call.
type extraction struct {
	pageURL    string
	base       *url.URL
	body       *html.Node
	meta       pageMeta
	sc         *scorer
	ld         ldArticle
	title      string
	titleKeys  []string // normalised forms of the title, to spot it in the body
	firstImage string
	monthFirst bool
	best       int32 // the content container, -1 with a content selector
	titleH1    int32 // the <h1> that heads the content, -1 if none
	// cutAuthor and cutDate come from byline and date lines cut from the
	// top of the content.
	cutAuthor  string
	cutDate    time.Time
	cutDateRaw string
}

// outermost drops the nodes nested in another node of the list.
func outermost(nodes []*html.Node) []*html.Node {
	set := make(map[*html.Node]bool, len(nodes))
	for _, n := range nodes {
		set[n] = true
	}
	var out []*html.Node
outer:
	for _, n := range nodes {
		for p := n.Parent; p != nil; p = p.Parent {
			if set[p] {
				continue outer
			}
		}
		out = append(out, n)
	}
	return out
}

// attached reports whether n is still inside root after pruning.
func attached(n, root *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == root {
			return true
		}
	}
	return false
}

// collectAndPrune records the page's metadata and removes what is never
// content, in one walk.
func collectAndPrune(n *html.Node, m *pageMeta) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch c.Type {
		case html.CommentNode, html.DoctypeNode:
			n.RemoveChild(c)
		case html.ElementNode:
			m.collect(c)
			switch {
			case c.DataAtom == atom.Head:
				collectAndPrune(c, m)
				n.RemoveChild(c)
			case dropAtoms[c.DataAtom]:
				if c.DataAtom != atom.Script && c.DataAtom != atom.Style {
					collectAndPrune(c, m) // <meta> and <link> hide in odd places
				}
				n.RemoveChild(c)
			case isHidden(c):
				n.RemoveChild(c)
			default:
				collectAndPrune(c, m)
			}
		}
		c = next
	}
}

// findBody returns the document's <body>, or its root when there is none.
func findBody(doc *html.Node) *html.Node {
	for c := doc.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == atom.Html {
			for b := c.FirstChild; b != nil; b = b.NextSibling {
				if b.DataAtom == atom.Body {
					return b
				}
			}
			return c
		}
	}
	return doc
}

// readMeta reads what the page's markup says about the article.
func (x *extraction) readMeta() {
	x.ld, _ = parseJSONLD(x.meta.jsonLD)
	lang := x.language()
	x.monthFirst = strings.EqualFold(lang, "en-US")
}

func (x *extraction) language() string {
	if l := normLang(x.meta.lang); l != "" {
		return l
	}
	if l := normLang(x.meta.meta("og:locale", "content-language", "language", "dc.language", "inlanguage")); l != "" {
		return l
	}
	return normLang(x.ld.lang)
}

func (x *extraction) siteName() string {
	if s := x.meta.meta("og:site_name", "application-name"); s != "" {
		return collapse(s)
	}
	return collapse(x.ld.publisher)
}

// articleTitle picks the title and the forms in which it may repeat in the
// body. best is the content container, or -1.
func (x *extraction) articleTitle(best int32) string {
	h1 := x.h1Near(best)
	var t string
	switch {
	case x.meta.meta("og:title") != "":
		t = collapse(x.meta.meta("og:title"))
		if site := x.siteName(); site != "" || framesTitle(t, h1) {
			t = cleanTitle(t, site, h1)
		}
	case x.ld.headline != "":
		t = collapse(x.ld.headline)
	case h1 != "":
		t = h1
	case x.meta.meta("twitter:title") != "":
		t = collapse(x.meta.meta("twitter:title"))
	default:
		if t = x.titleFromBody(best); t == "" {
			t = cleanTitle(x.meta.title, x.siteName(), "")
		}
	}
	x.titleKeys = x.titleKeys[:0]
	for _, k := range []string{t, h1, x.meta.meta("og:title"), x.ld.headline, collapse(x.meta.title)} {
		if k = titleKey(k); k != "" {
			x.titleKeys = append(x.titleKeys, k)
		}
	}
	return t
}

// h1Near returns the text of the page's <h1> that heads the content: the
// last one before the container, else the first one in it, else the first
// outside page furniture. It records its index in x.titleH1.
func (x *extraction) h1Near(best int32) string {
	if t := x.h1Among(best, false); t != "" {
		return t
	}
	return x.h1Among(best, true) // an <h1> in an unmarked <header>
}

// h1Among is h1Near over the <h1>s outside furniture, or also those in
// furniture other than hintJunk.
func (x *extraction) h1Among(best int32, inFurniture bool) string {
	before, inside, first := int32(-1), int32(-1), int32(-1)
	for i := range x.sc.els {
		e := &x.sc.els[i]
		if !e.h1 || e.strong || (e.junk && !inFurniture) {
			continue
		}
		if first < 0 {
			first = int32(i)
		}
		switch {
		case best < 0:
		case int32(i) < best:
			before = int32(i)
		case inside < 0 && attached(e.n, x.sc.els[best].n):
			inside = int32(i)
		}
	}
	for _, i := range []int32{before, inside, first} {
		if i >= 0 {
			if t := nodeText(x.sc.els[i].n); t != "" {
				x.titleH1 = i
				return t
			}
		}
	}
	return ""
}

// titleFromBody finds the part of the <title> that the page shows as a
// heading or a bold line before the content ("Site - News - Story" shows
// "Story"): the last such element before the content, else the first in it.
func (x *extraction) titleFromBody(best int32) string {
	full := titleKey(x.meta.title)
	if len(full) < 12 {
		return ""
	}
	var content *html.Node
	if best >= 0 {
		content = x.sc.els[best].n
	}
	var found string
	done := false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && !done; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if i, ok := x.sc.index[c]; ok && x.sc.els[i].strong {
				continue
			}
			if c.DataAtom == atom.A {
				continue
			}
			inside := c == content
			switch c.DataAtom {
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.B, atom.Strong, atom.Font, atom.Span, atom.Div, atom.P, atom.Td:
				if textLen(c, 201) <= 200 {
					t := nodeText(c)
					if k := titleKey(t); len(k) >= 12 && 5*len(k) >= 2*len(full) && strings.Contains(full, k) {
						if found == "" || content == nil || !attached(c, content) {
							found = t
						}
						if content != nil && attached(c, content) {
							done = true
						}
						continue
					}
				}
			}
			walk(c)
			if inside {
				done = true
			}
		}
	}
	walk(x.body)
	return found
}

// titleKey normalises a title for comparison: lower case, letters and
// digits only.
func titleKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if isLetterOrDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isTitle reports whether text is the article's title.
func (x *extraction) isTitle(text string) bool {
	k := titleKey(text)
	if k == "" {
		return false
	}
	for _, t := range x.titleKeys {
		if k == t {
			return true
		}
	}
	return false
}

// article assembles the metadata.
func (x *extraction) article() *Article {
	a := &Article{
		Title:     x.title,
		Language:  x.language(),
		FeedURL:   resolveURL(x.base, x.meta.feed),
		Canonical: resolveURL(x.base, x.meta.canonical),
	}
	if a.Canonical == "" {
		a.Canonical = resolveURL(x.base, x.meta.meta("og:url"))
	}
	if img := x.meta.meta("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"); img != "" {
		a.ImageURL = resolveURL(x.base, img)
	} else if x.ld.image != "" {
		a.ImageURL = resolveURL(x.base, x.ld.image)
	} else if x.meta.imageSrc != "" {
		a.ImageURL = resolveURL(x.base, x.meta.imageSrc)
	}
	site := x.siteName()
	if s := cleanAuthor(x.meta.meta("author", "article:author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author", "byl")); !isGenericAuthor(s, site) {
		a.Author = s
	}
	if a.Author == "" && !isGenericAuthor(x.ld.author, site) {
		a.Author = collapse(x.ld.author)
	}
	if raw := x.meta.meta("article:published_time", "og:article:published_time", "datepublished", "article.published",
		"publishdate", "publish-date", "pubdate", "date", "dc.date.issued", "dc.date", "dcterms.issued", "dcterms.created",
		"dcterms.date", "parsely-pub-date", "sailthru.date", "published-date", "release_date"); raw != "" {
		if t, ok := parseMetaDate(raw, x.monthFirst); ok {
			a.Published, a.PublishedRaw = t, raw
		}
	}
	if a.Published.IsZero() && x.ld.published != "" {
		if t, ok := parseMetaDate(x.ld.published, x.monthFirst); ok {
			a.Published, a.PublishedRaw = t, x.ld.published
		}
	}
	if a.Author == "" || a.Published.IsZero() {
		v := x.visibleMeta()
		if a.Author == "" && !isGenericAuthor(v.author, site) {
			a.Author = v.author
		}
		if a.Published.IsZero() {
			a.Published, a.PublishedRaw = v.published, v.publishedRaw
		}
	}
	return a
}

// genericAuthors are bylines that name no one.
var genericAuthors = map[string]bool{
	"admin": true, "administrator": true, "administrador": true, "editor": true, "editorial": true, "staff": true,
	"redacción": true, "redaccion": true, "redação": true, "redacao": true, "rédaction": true, "redaktion": true,
	"webmaster": true, "news desk": true, "newsdesk": true, "anonymous": true, "anónimo": true, "anonyme": true,
	"unknown": true, "guest": true,
}

// isGenericAuthor reports whether a byline names no one: empty, the site's
// own name, or "admin", "Redacción"….
func isGenericAuthor(name, site string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	return n == "" || genericAuthors[n] || strings.EqualFold(n, site)
}

// visible is the byline and date the page shows.
type visible struct {
	author                  string
	published               time.Time
	publishedRaw            string
	timeRaw, metaRaw        string
	timeDate, metaDate      time.Time
	relAuthor, propAuthor   string
	classAuthor, typeAuthor string
	textAuthor              string    // a short "By …" line
	textDate                time.Time // a short line that is a date, before the content
	textDateRaw             string
}

// visibleMeta reads bylines and dates from the page outside its furniture:
// <time datetime>, itemprop, rel=author, typeof=Person, and elements whose
// class names a byline, author or date.
func (x *extraction) visibleMeta() visible {
	var v visible
	var content *html.Node
	if x.best >= 0 {
		content = x.sc.els[x.best].n
	}
	inContent := false
	var walk func(n *html.Node, junk bool)
	walk = func(n *html.Node, junk bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if c == content {
				inContent = true
			}
			j := junk
			var h hint
			if i, ok := x.sc.index[c]; ok {
				j = x.sc.els[i].strong
				h = x.sc.els[i].hint
			} else if len(c.Attr) > 0 {
				h = x.sc.hintOf(c)
				j = j || h&hintJunk != 0
			}
			if j {
				continue
			}
			x.visibleElem(c, h, &v)
			if !inContent {
				x.visibleLine(c, &v)
			}
			walk(c, j)
		}
	}
	walk(x.body, false)
	switch {
	case !v.timeDate.IsZero():
		v.published, v.publishedRaw = v.timeDate, v.timeRaw
	case !v.metaDate.IsZero():
		v.published, v.publishedRaw = v.metaDate, v.metaRaw
	case !v.textDate.IsZero():
		v.published, v.publishedRaw = v.textDate, v.textDateRaw
	}
	for _, a := range []string{v.relAuthor, v.propAuthor, v.typeAuthor, v.classAuthor, v.textAuthor} {
		if a != "" {
			v.author = a
			break
		}
	}
	return v
}

func (x *extraction) visibleElem(c *html.Node, h hint, v *visible) {
	prop := strings.ToLower(attr(c, "itemprop"))
	switch {
	case v.timeDate.IsZero() && (c.DataAtom == atom.Time || prop == "datepublished"):
		raw := strings.TrimSpace(attr(c, "datetime"))
		if raw == "" {
			raw = strings.TrimSpace(attr(c, "content"))
		}
		if t, ok := parseMetaDate(raw, x.monthFirst); ok {
			v.timeDate, v.timeRaw = t, raw
		} else if textLen(c, 120) < 120 {
			if t, raw, ok := findDate(nodeText(c), x.monthFirst); ok {
				v.timeDate, v.timeRaw = t, raw
			}
		}
	case v.metaDate.IsZero() && h&hintMeta != 0 && textLen(c, 160) < 160:
		if txt := nodeText(c); len(txt) < 200 {
			if t, raw, ok := findDate(txt, x.monthFirst); ok {
				v.metaDate, v.metaRaw = t, raw
			}
		}
	}
	if v.relAuthor == "" && c.DataAtom == atom.A && strings.Contains(" "+strings.ToLower(attr(c, "rel"))+" ", " author ") && textLen(c, 120) < 120 {
		v.relAuthor = cleanAuthor(nodeText(c))
	}
	if v.propAuthor == "" && prop == "author" && textLen(c, 200) < 200 {
		if n := findProp(c, "name"); n != nil {
			v.propAuthor = cleanAuthor(nodeText(n))
		} else if c.FirstChild != nil {
			v.propAuthor = cleanAuthor(nodeText(c))
		}
	}
	if v.typeAuthor == "" {
		if t := attr(c, "typeof") + attr(c, "itemtype"); strings.Contains(t, "Person") && prop != "author" && textLen(c, 200) < 200 {
			if n := findProp(c, "name"); n != nil {
				v.typeAuthor = cleanAuthor(nodeText(n))
			} else {
				v.typeAuthor = cleanAuthor(nodeText(c))
			}
		}
	}
	if v.classAuthor == "" && h&hintMeta != 0 && isAuthorClass(c) && textLen(c, 120) < 120 {
		v.classAuthor = cleanAuthor(nodeText(c))
	}
}

// visibleLine reads a short line before the content that is a byline
// ("By Jane Doe · 3 May 2024") or a date. Only lines of plain text count.
func (x *extraction) visibleLine(c *html.Node, v *visible) {
	if v.textAuthor != "" && !v.textDate.IsZero() {
		return
	}
	switch c.DataAtom {
	case atom.P, atom.Div, atom.Span, atom.Small, atom.Em, atom.Strong, atom.B, atom.I, atom.Font, atom.Address:
	default:
		return
	}
	t := c.FirstChild
	if t == nil || t.Type != html.TextNode {
		return
	}
	first := strings.TrimSpace(t.Data)
	if first == "" || len(first) > 120 {
		return
	}
	if v.textAuthor == "" && hasBylinePrefix(first) {
		if line := nodeText(c); len(line) < 120 {
			v.textAuthor = cleanAuthor(line)
			if d, raw, ok := findDate(line, x.monthFirst); ok && v.textDate.IsZero() {
				v.textDate, v.textDateRaw = d, raw
			}
		}
		return
	}
	if v.textDate.IsZero() && t.NextSibling == nil && len(strings.Fields(first)) <= 8 {
		if d, raw, ok := findDate(first, x.monthFirst); ok {
			v.textDate, v.textDateRaw = d, raw
		}
	}
}

// hasBylinePrefix reports whether s opens with "By ", "Por ", "von "….
func hasBylinePrefix(s string) bool {
	low := strings.ToLower(s)
	for _, p := range bylinePrefixes {
		if strings.HasPrefix(low, p) && len(low) > len(p) {
			return true
		}
	}
	return false
}

// isAuthorClass reports whether n's class or id names an author or byline.
func isAuthorClass(n *html.Node) bool {
	v := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
	for _, w := range []string{"author", "autor", "auteur", "byline", "verfasser", "writer"} {
		if strings.Contains(v, w) {
			return true
		}
	}
	return false
}

// findProp returns the first descendant with itemprop=prop.
func findProp(n *html.Node, prop string) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if strings.EqualFold(attr(c, "itemprop"), prop) {
			return c
		}
		if f := findProp(c, prop); f != nil {
			return f
		}
	}
	return nil
}
