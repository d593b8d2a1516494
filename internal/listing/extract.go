package listing

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Limits on what an entry keeps, in runes.
const (
	maxTitle   = 300
	maxSummary = 500
)

// features are what scoring learns about an item beside its entry.
type features struct {
	heading  bool // the title is a heading
	bookmark bool // a link to the article has rel=bookmark
}

type extracted struct {
	e Entry
	f features
}

type cacheKey struct {
	n *html.Node
	u string
}

// entry fills in the Entry of an item.
func (p *parser) entry(it item) Entry {
	e, _ := p.extract(it)
	return e
}

// extract reads an item's title, date, summary and image, once.
func (p *parser) extract(it item) (Entry, features) {
	key := cacheKey{it.nodes[0], it.url}
	if c, ok := p.cache[key]; ok {
		return c.e, c.f
	}
	e := Entry{URL: it.url}
	title, titleNode, f := p.title(it)
	e.Title = truncate(title, maxTitle)
	e.Published, e.PublishedRaw = p.date(it, titleNode)
	e.Summary = truncate(p.summary(it, titleNode), maxSummary)
	e.ImageURL = p.image(it)
	if p.cache == nil {
		p.cache = map[cacheKey]extracted{}
	}
	p.cache[key] = extracted{e, f}
	return e, f
}

// queryIn returns the first element matching sel in the item's nodes
// (themselves included).
func queryIn(nodes []*html.Node, sel cascadia.Matcher) *html.Node {
	for _, n := range nodes {
		if n.Type != html.ElementNode {
			continue
		}
		if sel.Match(n) {
			return n
		}
		if m := cascadia.Query(n, sel); m != nil {
			return m
		}
	}
	return nil
}

// maxItemNodes bounds the nodes read in one item: a card is small, and a
// page that is one huge "item" must not cost more than one pass.
const maxItemNodes = 20000

// walkNodes walks each of nodes in turn, up to maxItemNodes in all.
func walkNodes(nodes []*html.Node, f func(*html.Node) bool) {
	left := maxItemNodes
	for _, n := range nodes {
		seen := 0
		complete := walkBudget(n, left, func(c *html.Node) bool { seen++; return f(c) })
		if left -= seen; !complete || left <= 0 {
			return
		}
	}
}

// title finds an item's title: Selectors.Title, else the heading that links
// to the article (or sits in its link), else the longest link text, else an
// unlinked heading, else the link's image alt or title attribute.
func (p *parser) title(it item) (string, *html.Node, features) {
	var f features
	if p.sel.title != nil {
		if n := queryIn(it.nodes, p.sel.title); n != nil {
			return textOf(n), n, f
		}
		return "", nil, f
	}
	var anchors []*html.Node
	walkNodes(it.nodes, func(n *html.Node) bool {
		if skipText(n) {
			return false
		}
		if isHrefAnchor(n) && p.resolveHTTP(attr(n, "href")) == it.url {
			anchors = append(anchors, n)
			if hasToken(attr(n, "rel"), "bookmark") {
				f.bookmark = true
			}
		}
		return true
	})
	ours := make(map[*html.Node]bool, len(anchors))
	for _, a := range anchors {
		ours[a] = true
	}
	isOurs := func(n *html.Node) bool { return ours[n] }
	// A heading holding, or held by, a link to the article.
	var heading, headingLink *html.Node
	walkNodes(it.nodes, func(n *html.Node) bool {
		if heading != nil || skipText(n) {
			return false
		}
		if !isHeading(n) {
			return true
		}
		if a := findFirst(n, isOurs); a != nil {
			heading, headingLink = n, a
		} else {
			if hasAncestor(n, it.nodes[0].Parent, isOurs) {
				heading = n
			}
		}
		return false
	})
	if heading != nil {
		f.heading = true
		if headingLink != nil {
			if t := textOf(headingLink); words(t) >= 2 && !readMoreText(t) {
				return t, headingLink, f
			}
		}
		return textOf(heading), heading, f
	}
	var best string
	var bestNode *html.Node
	for _, a := range anchors {
		t := anchorTitle(a)
		if t == "" || readMoreText(t) || navText(t) {
			continue
		}
		if utf8.RuneCountInString(t) > utf8.RuneCountInString(best) {
			best, bestNode = t, a
		}
	}
	if best != "" {
		// For a link wrapping a whole card, the title is one block of
		// it: point at that block, so the date and summary beside it
		// are still read.
		if textOf(bestNode) != best {
			bestNode = deepestWithText(bestNode, best)
		}
		return best, bestNode, f
	}
	var unlinked *html.Node
	walkNodes(it.nodes, func(n *html.Node) bool {
		if unlinked == nil && isHeading(n) && textOf(n) != "" {
			unlinked = n
		}
		return unlinked == nil && !skipText(n)
	})
	if unlinked != nil {
		return textOf(unlinked), unlinked, f
	}
	for _, a := range anchors {
		for _, t := range []string{attr(a, "title"), attr(a, "aria-label")} {
			if t = collapse(t); t != "" && !readMoreText(t) {
				return t, a, f
			}
		}
		if img := findFirst(a, func(n *html.Node) bool { return isElement(n, atom.Img) }); img != nil {
			if t := collapse(attr(img, "alt")); t != "" {
				return t, a, f
			}
		}
	}
	return "", nil, f
}

// anchorTitle is a link's text; for a link wrapping a whole card (category,
// title, excerpt…), the first block of several words that is not a date.
func anchorTitle(a *html.Node) string {
	blocks := textBlocks(a)
	switch len(blocks) {
	case 0:
		return ""
	case 1:
		return blocks[0]
	}
	for _, b := range blocks {
		if words(b) < 3 {
			continue
		}
		if _, isDate := ParseDate(b); isDate && utf8.RuneCountInString(b) < 40 {
			continue
		}
		return b
	}
	return strings.Join(blocks, " ")
}

// deepestWithText returns the deepest element under n whose text is t, or
// n when there is none.
func deepestWithText(n *html.Node, t string) *html.Node {
	found := n
	walkBudget(n, 500, func(c *html.Node) bool {
		if c.Type != html.ElementNode || skipText(c) {
			return false
		}
		if textOf(c) == t {
			found = c
		}
		return true
	})
	return found
}

// textBlocks splits n's text where block elements start.
func textBlocks(n *html.Node) []string {
	var b strings.Builder
	appendTextSep(&b, n, '\n')
	var out []string
	for _, s := range strings.Split(b.String(), "\n") {
		if s = collapse(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// readMoreWords are link texts that say "read the article" without naming
// it, normalised by normLinkText.
var readMoreWords = setOf2(`read more|more|continue reading|continue|read the full story|read article|read full article|
	full story|learn more|more info|details|view|view more|read|
	lire la suite|lire plus|la suite|suite|en savoir plus|voir plus|lire l article|lire larticle|
	leia mais|ler mais|saiba mais|continue lendo|ver mais|leia a materia|
	leer mas|seguir leyendo|ver mas|leer articulo|leer|mas|
	weiterlesen|weiter lesen|mehr|mehr lesen|mehr erfahren|zum artikel|artikel lesen|
	leggi tutto|continua a leggere|leggi`)

// readMoreText reports link texts like "Read more" or "Lire la suite →".
func readMoreText(t string) bool {
	n := normLinkText(t)
	return readMoreWords[n] || strings.HasPrefix(n, "read more ") || strings.HasPrefix(n, "continue reading ")
}

// date finds an item's date: Selectors.Date, else a <time> (published
// before updated; its datetime before its text), an itemprop=datePublished,
// the first short text that reads as a date, or a date heading just before
// the item. It returns the time (zero when nothing parsed) and the raw
// string it read.
func (p *parser) date(it item, titleNode *html.Node) (time.Time, string) {
	if p.sel.date != nil {
		n := queryIn(it.nodes, p.sel.date)
		if n == nil {
			return time.Time{}, ""
		}
		raw := dateAttr(n)
		if raw == "" {
			raw = textOf(n)
		}
		if p.sel.layout != "" {
			if t, err := time.Parse(p.sel.layout, raw); err == nil {
				return t.UTC(), raw
			}
		}
		t, _ := ParseDate(raw)
		return t, raw
	}
	var times, props []*html.Node
	walkNodes(it.nodes, func(n *html.Node) bool {
		if n.Type != html.ElementNode || skipText(n) {
			return !skipText(n)
		}
		if n.DataAtom == atom.Time {
			times = append(times, n)
		}
		if ip := attr(n, "itemprop"); ip == "datePublished" || ip == "dateCreated" {
			props = append(props, n)
		}
		return true
	})
	// Published times first, updated ones last.
	var ordered []*html.Node
	for pass := 0; pass < 3; pass++ {
		for _, n := range times {
			if timeRank(n) == pass {
				ordered = append(ordered, n)
			}
		}
	}
	unparsed := ""
	for _, n := range append(props, ordered...) {
		if raw := dateAttr(n); raw != "" {
			if t, ok := ParseDate(raw); ok {
				return t, raw
			}
		}
		raw := textOf(n)
		if t, ok := ParseDate(raw); ok {
			return t, raw
		}
		if unparsed == "" {
			unparsed = raw
		}
	}
	if unparsed != "" {
		return time.Time{}, unparsed
	}
	if t, raw, ok := textDate(it.nodes, titleNode); ok {
		return t, raw
	}
	if t, raw := dateHeading(it.nodes[0]); raw != "" {
		return t, raw
	}
	return urlDate(it.url)
}

var urlDateRE = regexp.MustCompile(`/((?:19|20)\d\d)/(\d\d)/(\d\d)/`)

// urlDate reads a date from a permalink with year, month and day
// ("/2017/09/18/slug/"); the raw string is that part of the path.
func urlDate(u string) (time.Time, string) {
	m := urlDateRE.FindStringSubmatch(u)
	if m == nil {
		return time.Time{}, ""
	}
	raw := m[1] + "-" + m[2] + "-" + m[3]
	if t, ok := ParseDate(raw); ok {
		return t, m[1] + "/" + m[2] + "/" + m[3]
	}
	return time.Time{}, ""
}

// dateAttr returns the machine-readable date of an element: datetime,
// content or title attribute ("" when none).
func dateAttr(n *html.Node) string {
	for _, k := range []string{"datetime", "content"} {
		if v := strings.TrimSpace(attr(n, k)); v != "" {
			return v
		}
	}
	return ""
}

// timeRank orders <time> elements: 0 marked published, 1 unmarked, 2 marked
// updated or modified.
func timeRank(n *html.Node) int {
	c := strings.ToLower(attr(n, "class") + " " + attr(n, "itemprop"))
	switch {
	case strings.Contains(c, "publish") || strings.Contains(c, "entry-date") || strings.Contains(c, "post-date") ||
		strings.Contains(c, "datecreated"):
		return 0
	case strings.Contains(c, "updated") || strings.Contains(c, "modified"):
		return 2
	}
	return 1
}

// maxDateText bounds the texts tried as dates: a byline is short, an
// excerpt that mentions a date is not.
const maxDateText = 100

// textDate tries the item's short texts, outside its title, as dates: text
// nodes first, then small elements whose date is split over several nodes
// ("<b>18</b> Sep 2017").
func textDate(nodes []*html.Node, titleNode *html.Node) (time.Time, string, bool) {
	var found time.Time
	var raw string
	skip := func(n *html.Node) bool { return n == titleNode || skipText(n) }
	walkNodes(nodes, func(n *html.Node) bool {
		if raw != "" || skip(n) {
			return false
		}
		if n.Type == html.TextNode {
			s := collapse(n.Data)
			if l := utf8.RuneCountInString(s); l >= 6 && l <= maxDateText {
				if t, ok := ParseDate(s); ok {
					found, raw = t, s
				}
			}
		}
		return true
	})
	if raw != "" {
		return found, raw, true
	}
	walkNodes(nodes, func(n *html.Node) bool {
		if raw != "" || skip(n) {
			return false
		}
		if n.Type == html.ElementNode && (titleNode == nil || !contains(n, titleNode)) {
			s := textOf(n)
			if l := utf8.RuneCountInString(s); l >= 6 && l <= 60 {
				if t, ok := ParseDate(s); ok {
					found, raw = t, s
					return false
				}
			}
		}
		return true
	})
	return found, raw, raw != ""
}

// contains reports whether d is n or one of its descendants (less than
// 4*maxClimb levels down).
func contains(n, d *html.Node) bool {
	for i := 0; d != nil && i < 4*maxClimb; d, i = d.Parent, i+1 {
		if d == n {
			return true
		}
	}
	return false
}

// dateHeading looks before an item, and before its parents, for a date
// heading — a heading, or an element classed as a date, holding a short
// date — as blogs group a day's posts under one. Earlier items (siblings
// holding links) are passed over: the heading above them dates them all.
func dateHeading(n *html.Node) (time.Time, string) {
	for level := 0; n != nil && level < 3 && !isPageLevel(n); level, n = level+1, n.Parent {
		checked := 0
		for s := n.PrevSibling; s != nil && checked < 20; s = s.PrevSibling {
			if s.Type != html.ElementNode {
				continue
			}
			checked++
			if !isHeading(s) && !dateClass(s) {
				continue
			}
			t := textOf(s)
			if words(t) > 6 {
				continue
			}
			if d, ok := ParseDate(t); ok {
				return d, t
			}
		}
	}
	return time.Time{}, ""
}

// dateClass reports an element whose class names a date.
func dateClass(n *html.Node) bool {
	c := strings.ToLower(attr(n, "class"))
	for _, w := range []string{"date", "day", "datum", "fecha", "data"} {
		if strings.Contains(c, w) {
			return true
		}
	}
	return false
}

// summaryWords are the class words of an excerpt element.
var summaryWords = setOf(`excerpt summary teaser desc description intro lead resumo resumen extracto chapo chapeau
	extrait abstract standfirst snippet lede sinopse bajada texto text content`)

// notSummaryWords are class words of the metadata that sits near it.
var notSummaryWords = setOf(`meta metadata date time cats category categories tags tag author byline title heading
	thumbnail image img media footer header more link`)

// summary finds an item's excerpt: an element classed as one, else the
// first paragraph of some length; never the title or a date line.
func (p *parser) summary(it item, titleNode *html.Node) string {
	ok := func(n *html.Node, minLen int) string {
		if titleNode != nil && (contains(n, titleNode) || contains(titleNode, n)) {
			return ""
		}
		if findFirst(n, isHeading) != nil {
			return ""
		}
		t := textOf(n)
		if utf8.RuneCountInString(t) < minLen {
			return ""
		}
		if _, isDate := ParseDate(t); isDate && utf8.RuneCountInString(t) < 60 {
			return ""
		}
		return t
	}
	var byClass, byPara string
	walkNodes(it.nodes, func(n *html.Node) bool {
		if byClass != "" || n.Type != html.ElementNode || skipText(n) {
			return byClass == "" && !skipText(n)
		}
		if excerptClass(n) {
			if t := ok(n, 20); t != "" {
				byClass = t
				return false
			}
		}
		if byPara == "" && n.DataAtom == atom.P {
			byPara = ok(n, 40)
		}
		return true
	})
	if byClass != "" {
		return byClass
	}
	return byPara
}

// excerptClass reports an element classed as an excerpt and not as
// metadata.
func excerptClass(n *html.Node) bool {
	yes := false
	for _, w := range strings.FieldsFunc(strings.ToLower(attr(n, "class")), func(r rune) bool {
		return r == ' ' || r == '-' || r == '_'
	}) {
		if notSummaryWords[w] {
			return false
		}
		if summaryWords[w] {
			yes = true
		}
	}
	return yes
}

var cssURL = regexp.MustCompile(`url\(\s*['"]?([^'")]+)['"]?\s*\)`)

// image finds an item's lead image: the first <img> that is not an icon or
// avatar (its src, else its lazy-loading data-src or srcset), else a CSS
// background image.
func (p *parser) image(it item) string {
	var found, bg string
	walkNodes(it.nodes, func(n *html.Node) bool {
		if found != "" || n.Type != html.ElementNode {
			return found == ""
		}
		if bg == "" {
			if st := attr(n, "style"); strings.Contains(st, "url(") {
				if m := cssURL.FindStringSubmatch(st); m != nil {
					bg = p.resolveHTTP(m[1])
				}
			}
		}
		if n.DataAtom != atom.Img || iconImage(n) {
			return true
		}
		// Lazy-loading attributes hold the real image; src may be a
		// placeholder.
		for _, k := range []string{"data-src", "data-lazy-src", "data-original", "data-lazy", "src", "data-srcset", "srcset"} {
			v := strings.TrimSpace(attr(n, k))
			if strings.HasSuffix(k, "srcset") {
				v, _, _ = strings.Cut(v, " ")
				v, _, _ = strings.Cut(v, ",")
			}
			if v == "" || strings.HasPrefix(strings.ToLower(v), "data:") {
				continue
			}
			if u := p.resolveHTTP(v); u != "" {
				found = u
				return false
			}
		}
		return true
	})
	if found != "" {
		return found
	}
	return bg
}

// iconImage reports images too small or too decorative to be an article's.
func iconImage(n *html.Node) bool {
	for _, k := range []string{"width", "height"} {
		if v := attr(n, k); v != "" && isDigits(v) && len(v) <= 2 {
			return true
		}
	}
	c := strings.ToLower(attr(n, "class") + " " + attr(n, "src"))
	for _, w := range []string{"avatar", "gravatar", "icon", "emoji", "logo", "spinner", "pixel"} {
		if strings.Contains(c, w) {
			return true
		}
	}
	return false
}
