package listing

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// link is a candidate article link.
type link struct {
	node *html.Node
	url  string
}

// detect finds the page's list of articles; see the package documentation.
func (p *parser) detect() []item {
	links := p.candidateLinks()
	var best []item
	bestScore := 0.0
	for _, g := range p.groups(links) {
		if s := p.score(g); s > bestScore {
			best, bestScore = g, s
		}
	}
	if best == nil {
		return p.articleFallback()
	}
	return p.clean(p.extend(best, links))
}

// extend adds to the chosen group the lone articles that belong with it: a
// featured story above the grid, say. A link joins when its URL has the
// group's usual shape, its title is a substantial heading, and its item
// sits near the group's container, outside sidebar-like blocks.
func (p *parser) extend(g []item, links []link) []item {
	shapes := map[string]int{}
	in := map[string]bool{}
	for _, it := range g {
		shapes[urlShape(it.url)]++
		in[it.url] = true
	}
	shape := ""
	for s, n := range shapes {
		if n*10 >= len(g)*6 {
			shape = s
		}
	}
	if shape == "" {
		return g
	}
	box := g[0].nodes[0].Parent
	for _, it := range g[1:] {
		for box != nil && !contains(box, it.nodes[0]) {
			box = box.Parent
		}
	}
	if box == nil {
		return g
	}
	// The area the extra items may come from: a few levels above the
	// group's container, short of the whole page.
	area := box
	for i := 0; i < 3 && area.Parent != nil && area.Parent.DataAtom != atom.Body && area.Parent.DataAtom != atom.Html; i++ {
		area = area.Parent
	}
	extra := map[string]bool{}
	for _, l := range links {
		if !in[l.url] && !contains(box, l.node) && contains(area, l.node) && urlShape(l.url) == shape {
			extra[l.url] = true
		}
	}
	if len(extra) == 0 {
		return g
	}
	// Items for the extra links, as if they were one more group with the
	// chosen one's links.
	all := make([]link, 0, len(links))
	pos := map[string]int{}
	for i, l := range links {
		if in[l.url] || urlShape(l.url) == shape {
			all = append(all, l)
			if _, ok := pos[l.url]; !ok {
				pos[l.url] = i
			}
		}
	}
	added := false
	for _, it := range itemsOf(all) {
		if in[it.url] || !extra[it.url] || asideLike(it.nodes[0]) || contains(it.nodes[0], box) {
			continue
		}
		e, f := p.extract(it)
		if !f.heading || !substantialTitle(e.Title) {
			continue
		}
		g = append(g, it)
		in[it.url], added = true, true
	}
	if added {
		sort.SliceStable(g, func(i, j int) bool { return pos[g[i].url] < pos[g[j].url] })
	}
	return g
}

// urlShape is what an article URL has in common with its siblings: host,
// the directories above it with numbers masked, its depth and its query
// keys. "/news/2024/03/slug" is "host/news/#/#|4".
func urlShape(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	var b strings.Builder
	b.WriteString(u.Host)
	for _, seg := range segs[:len(segs)-1] {
		b.WriteByte('/')
		if isDigits(seg) {
			b.WriteByte('#')
		} else {
			b.WriteString(seg)
		}
	}
	fmt.Fprintf(&b, "|%d", len(segs))
	if u.RawQuery != "" {
		keys := make([]string, 0, 2)
		for k := range u.Query() {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString("?" + strings.Join(keys, "&"))
	}
	return b.String()
}

// candidateLinks walks the page outside navigation regions and returns the
// links that may lead to articles, in page order.
func (p *parser) candidateLinks() []link {
	var links []link
	walk(p.root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return n.Type == html.DocumentNode
		}
		if excludedRegion(n) {
			return false
		}
		if n.DataAtom != atom.A || !hasAttr(n, "href") {
			return true
		}
		if u := p.resolve(attr(n, "href")); u != nil && p.articleURL(u) && !excludedRel(n) && !navText(textOf(n)) {
			links = append(links, link{node: n, url: u.String()})
		}
		return true
	})
	return links
}

// excludedRegion reports elements whose links are never article links of
// the listing: navigation, page headers and footers, sidebars, menus, share
// bars, tag clouds, comments, hidden elements.
func excludedRegion(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Head, atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Nav, atom.Aside,
		atom.Select, atom.Button, atom.Iframe, atom.Menu, atom.Dialog, atom.Object:
		return true
	case atom.Header, atom.Footer:
		return !inContent(n)
	}
	if hasAttr(n, "hidden") {
		return true
	}
	switch strings.ToLower(attr(n, "role")) {
	case "navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "search", "dialog", "alertdialog":
		return true
	}
	if st := attr(n, "style"); st != "" && strings.Contains(strings.ReplaceAll(strings.ToLower(st), " ", ""), "display:none") {
		return true
	}
	if id := strings.ToLower(attr(n, "id")); id != "" {
		if r, ok := regionIDs[id]; ok && (!r || !inContent(n)) {
			return true
		}
	}
	for _, c := range classTokens(n) {
		if r, ok := regionClasses[c]; ok && (!r || !inContent(n)) {
			return true
		}
	}
	return false
}

// inContent reports whether n sits inside an article, a section, the main
// content or a list item: there a <header> is an entry's header, not the
// page's banner.
func inContent(n *html.Node) bool {
	i := 0
	for a := n.Parent; a != nil && i < maxClimb; a, i = a.Parent, i+1 {
		switch a.DataAtom {
		case atom.Article, atom.Main, atom.Section, atom.Li, atom.Td:
			return true
		}
		if attr(a, "role") == "main" {
			return true
		}
	}
	return false
}

// regionClasses are class names (whole, lower-cased) of regions to skip;
// true marks the page-banner kind, skipped only outside content (see
// inContent).
var regionClasses = map[string]bool{}

// regionIDs are the same for ids.
var regionIDs = map[string]bool{}

func init() {
	for _, c := range strings.Fields(`nav navbar navigation menu menus submenu sub-menu dropdown-menu mega-menu megamenu
		main-menu primary-menu menu-primary menu-main top-menu nav-menu site-navigation main-navigation
		breadcrumb breadcrumbs pagination pager page-numbers nav-links post-navigation
		sidebar widget-area share sharing sharedaddy share-buttons social social-links social-icons
		social-share tagcloud tag-cloud wp-block-tag-cloud tags post-tags cookie cookies cookie-banner
		cookie-notice comments comment-list commentlist related related-posts jp-relatedposts yarpp-related
		skip-link screen-reader-text`) {
		regionClasses[c] = false
	}
	for _, c := range strings.Fields(`site-header site-footer masthead`) {
		regionClasses[c] = true
	}
	for _, id := range strings.Fields(`nav navbar navigation menu main-menu primary-menu site-navigation
		breadcrumbs breadcrumb sidebar secondary comments respond related cookie-notice cookie-banner`) {
		regionIDs[id] = false
	}
	for _, id := range strings.Fields(`header footer masthead colophon site-header site-footer`) {
		regionIDs[id] = true
	}
}

// groups groups candidate links into candidate article lists: links with the
// same tag path from the root, each link's item the highest ancestor that
// holds no other article of the group, split by the classes of the items'
// containers.
func (p *parser) groups(links []link) [][]item {
	byPath := map[string][]link{}
	var order []string
	var sb strings.Builder
	for _, l := range links {
		sb.Reset()
		i := 0
		for a := l.node; a != nil && a.Type == html.ElementNode && i < maxClimb; a, i = a.Parent, i+1 {
			sb.WriteString(a.Data)
			sb.WriteByte('<')
		}
		k := sb.String()
		if _, ok := byPath[k]; !ok {
			order = append(order, k)
		}
		byPath[k] = append(byPath[k], l)
	}
	var out [][]item
	for _, k := range order {
		items := itemsOf(byPath[k])
		if len(items) < 2 {
			continue
		}
		bySig := map[string][]item{}
		var sigs []string
		for _, it := range items {
			s := containerSignature(it.nodes[0])
			if _, ok := bySig[s]; !ok {
				sigs = append(sigs, s)
			}
			bySig[s] = append(bySig[s], it)
		}
		for _, s := range sigs {
			if len(bySig[s]) >= 2 {
				out = append(out, bySig[s])
			}
		}
	}
	return out
}

// maxItemClimb bounds how far an item may be above its link: no card is
// that deep, and a lone link must not claim the whole page.
const maxItemClimb = 8

// multi marks, in itemsOf's owner map, a node holding links to several
// articles.
const multi = "\x00"

// itemsOf finds each link's item — the highest ancestor holding links to no
// other article, at the depth most items share — and returns one item per
// URL in page order.
func itemsOf(links []link) []item {
	owner := map[*html.Node]string{}
	for _, l := range links {
		for a := l.node; a != nil; a = a.Parent {
			v, ok := owner[a]
			if !ok {
				owner[a] = l.url
				continue
			}
			if v != l.url {
				for ; a != nil && owner[a] != multi; a = a.Parent {
					owner[a] = multi
				}
			}
			break
		}
	}
	natural := func(l link) (*html.Node, int) {
		n, up := l.node, 0
		for up < maxItemClimb && n.Parent != nil && owner[n.Parent] == l.url && !isPageLevel(n.Parent) {
			n, up = n.Parent, up+1
		}
		return n, up
	}
	// The depth most items are at, counted from their links: a grid's last,
	// lone card would otherwise climb to its row.
	seen := map[string]bool{}
	count := map[int]int{}
	for _, l := range links {
		if !seen[l.url] {
			seen[l.url] = true
			_, up := natural(l)
			count[up]++
		}
	}
	mode, modeN := 0, -1
	for up, c := range count {
		if c > modeN || (c == modeN && up < mode) {
			mode, modeN = up, c
		}
	}
	clear(seen)
	var items []item
	for _, l := range links {
		if seen[l.url] {
			continue
		}
		seen[l.url] = true
		n, up := natural(l)
		for ; up > mode; up-- {
			n = firstChildOnPath(n, l.node)
		}
		nodes := []*html.Node{n}
		if flatItem(n) {
			for s := n.NextSibling; s != nil && len(nodes) < 8; s = s.NextSibling {
				if v, ok := owner[s]; ok && v != l.url {
					break
				}
				if s.Type == html.ElementNode || (s.Type == html.TextNode && strings.TrimSpace(s.Data) != "") {
					nodes = append(nodes, s)
				}
			}
		}
		items = append(items, item{url: l.url, nodes: nodes})
	}
	return items
}

// firstChildOnPath returns the child of anc that is an ancestor-or-self of
// n.
func firstChildOnPath(anc, n *html.Node) *html.Node {
	for n.Parent != nil && n.Parent != anc {
		n = n.Parent
	}
	return n
}

// isPageLevel reports elements too large to be one article's item.
func isPageLevel(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Html, atom.Body, atom.Main:
		return true
	}
	return n.Type != html.ElementNode
}

// flatItem reports items that are a bare heading or link, whose date and
// excerpt follow as siblings rather than inside.
func flatItem(n *html.Node) bool {
	return isHeading(n) || isElement(n, atom.A) || isElement(n, atom.Dt)
}

// containerSignature describes the containers above an item: tags and
// classes (without digits, which vary per item) from the root down.
func containerSignature(n *html.Node) string {
	var parts []string
	parts = append(parts, n.Data)
	i := 0
	for a := n.Parent; a != nil && a.Type == html.ElementNode && i < maxClimb/2; a, i = a.Parent, i+1 {
		cs := classTokens(a)
		kept := cs[:0]
		for _, c := range cs {
			if !strings.ContainsAny(c, "0123456789") {
				kept = append(kept, c)
			}
		}
		sort.Strings(kept)
		parts = append(parts, a.Data+"."+strings.Join(kept, "."))
	}
	return strings.Join(parts, "<")
}

// scoreSample bounds how many items of a group are read to score it.
const scoreSample = 40

// score rates a candidate group; 0 rejects it. See the package
// documentation.
func (p *parser) score(g []item) float64 {
	n := len(g)
	sample := g
	if len(sample) > scoreSample {
		sample = sample[:scoreSample]
	}
	var substantial, wordSum, dated, headed, imaged, excerpted, sluggy, bookmarked float64
	for _, it := range sample {
		e, f := p.extract(it)
		w := words(e.Title)
		if substantialTitle(e.Title) {
			substantial++
		}
		wordSum += float64(min(w, 15))
		if e.PublishedRaw != "" {
			dated++
		}
		if f.heading {
			headed++
		}
		if e.ImageURL != "" {
			imaged++
		}
		if utf8.RuneCountInString(e.Summary) >= 40 {
			excerpted++
		}
		if slugURL(it.url) {
			sluggy++
		}
		if f.bookmark {
			bookmarked++
		}
	}
	k := float64(len(sample))
	if substantial/k < 0.5 {
		return 0
	}
	avg := wordSum / k
	s := float64(n) * (0.5 + min(avg, 12)/12) *
		(1 + 1.0*dated/k + 1.0*headed/k + 0.4*imaged/k + 0.5*excerpted/k + 0.6*sluggy/k + 0.3*bookmarked/k)
	s *= asideFactor(g[0].nodes[0])
	if inMain(g[0].nodes[0]) {
		s *= 1.2
	}
	return s
}

// substantialTitle reports a title long enough to name an article rather
// than a menu entry: four words, or two words and twenty letters.
func substantialTitle(t string) bool {
	w, r := words(t), utf8.RuneCountInString(t)
	return w >= 4 || (w >= 2 && r >= 20) || r >= 30
}

// slugURL reports URLs shaped like an article's: a slug of several words, a
// numeric id, or a date in the path.
func slugURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	last := segs[len(segs)-1]
	if i := strings.LastIndexByte(last, '.'); i > 0 {
		last = last[:i]
	}
	if strings.Count(last, "-")+strings.Count(last, "_") >= 2 {
		return true
	}
	digits := 0
	for _, s := range segs {
		if len(s) == 4 && isDigits(s) && (s[0] == '1' || s[0] == '2') {
			return true
		}
	}
	for _, r := range last + u.RawQuery {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return digits >= 3
}

// asideLike reports an item inside a container whose class or id names a
// sidebar, widget, related or popular block, a header or footer, a menu or
// a promotion.
func asideLike(n *html.Node) bool { return asideFactor(n) < 1 }

// asideFactor discounts an item by 0.3 for each kind of sidebar-like
// container around it: a widget in a footer is less likely the listing
// than a page builder's widget alone.
func asideFactor(n *html.Node) float64 {
	kinds := map[string]bool{}
	i := 0
	for a := n.Parent; a != nil && !isPageLevel(a) && i < maxClimb; a, i = a.Parent, i+1 {
		for _, f := range strings.FieldsFunc(strings.ToLower(attr(a, "class")+" "+attr(a, "id")), func(r rune) bool {
			return r == ' ' || r == '-' || r == '_'
		}) {
			if k := asideWords[f]; k != "" {
				kinds[k] = true
			}
		}
	}
	f := 1.0
	for range kinds {
		f *= 0.3
	}
	return f
}

// asideWords maps the class and id words of sidebar-like containers to
// their kind.
var asideWords = map[string]string{
	"sidebar": "side", "aside": "side", "secondary": "side", "lateral": "side", "seitenleiste": "side",
	"widget": "widget", "widgets": "widget",
	"related": "related", "popular": "related", "trending": "related", "recommended": "related", "mostread": "related",
	"footer": "edge", "header": "edge", "masthead": "edge",
	"menu": "menu", "nav": "menu",
	"promo": "promo", "banner": "promo", "ad": "promo", "ads": "promo", "sponsored": "promo",
}

// inMain reports an item inside the page's main content.
func inMain(n *html.Node) bool {
	i := 0
	for a := n.Parent; a != nil && i < maxClimb; a, i = a.Parent, i+1 {
		if a.DataAtom == atom.Main || attr(a, "role") == "main" {
			return true
		}
		switch strings.ToLower(attr(a, "id")) {
		case "main", "content", "primary", "main-content", "maincontent":
			return true
		}
	}
	return false
}

// clean drops, from the chosen group, items without a title and links to
// the index of the others (an "All news" row).
func (p *parser) clean(g []item) []item {
	// How many items sit below each path: "/news" counts "/news/a" and
	// "/news/b/c".
	below := map[string]int{}
	paths := make([]string, len(g))
	for i, it := range g {
		u, err := url.Parse(it.url)
		if err != nil {
			continue
		}
		paths[i] = u.Host + trimIndex(u.EscapedPath())
		for j := len(paths[i]) - 1; j > len(u.Host); j-- {
			if paths[i][j] == '/' {
				below[paths[i][:j]]++
			}
		}
	}
	out := g[:0:0]
	for i, it := range g {
		if len(out) >= p.max {
			break
		}
		if below[paths[i]] >= 2 {
			continue
		}
		if e, _ := p.extract(it); e.Title == "" || readMoreText(e.Title) {
			continue
		}
		out = append(out, it)
	}
	return out
}

// articleFallback returns the page's <article> elements that have a linked
// heading, for pages where no list of two or more articles stands out.
func (p *parser) articleFallback() []item {
	var items []item
	walk(p.root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return n.Type == html.DocumentNode
		}
		if excludedRegion(n) {
			return false
		}
		if n.DataAtom != atom.Article {
			return true
		}
		var u string
		walk(n, func(c *html.Node) bool {
			if u != "" {
				return false
			}
			if isHrefAnchor(c) && (hasAncestor(c, n, isHeading) || findFirst(c, isHeading) != nil) {
				if v := p.resolveHTTP(attr(c, "href")); v != "" && p.articleLink(c, v) {
					u = v
				}
			}
			return true
		})
		if u != "" {
			items = append(items, item{url: u, nodes: []*html.Node{n}})
		}
		return false
	})
	return items
}
