package listing

import (
	"net"
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/publicsuffix"
)

// documentBase returns what the page's links resolve against: its <base
// href> when it has an absolute http(s) one, else the page URL.
func documentBase(root *html.Node, page *url.URL) *url.URL {
	b := findFirst(root, func(n *html.Node) bool { return isElement(n, atom.Base) && hasAttr(n, "href") })
	if b == nil {
		return page
	}
	u, err := page.Parse(strings.TrimSpace(attr(b, "href")))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return page
	}
	return u
}

// siteOf returns the registrable domain of host ("example.org" for
// "news.example.org"), or host itself for IP addresses and names the public
// suffix list cannot split.
func siteOf(host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if net.ParseIP(host) != nil {
		return host
	}
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return d
	}
	return host
}

// resolve turns an href into an absolute http(s) URL without fragment; nil
// for empty, in-page, javascript:, mailto: and other non-web links.
func (p *parser) resolve(href string) *url.URL {
	href = strings.TrimSpace(href)
	if strings.ContainsAny(href, "\t\n\r") { // browsers drop them, so do we
		href = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(href)
	}
	if href == "" || href[0] == '#' {
		return nil
	}
	if i := strings.IndexByte(href, ':'); i > 0 && i < 12 {
		switch strings.ToLower(href[:i]) {
		case "http", "https":
		default:
			if !strings.ContainsAny(href[:i], "/?#") {
				return nil // javascript:, mailto:, tel:, data:, whatsapp:…
			}
		}
	}
	u, err := p.base.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	u.Fragment, u.RawFragment = "", ""
	return u
}

// resolveHTTP is resolve as a string ("" for nil).
func (p *parser) resolveHTTP(href string) string {
	if u := p.resolve(href); u != nil {
		return u.String()
	}
	return ""
}

// articleLink reports whether the link a, pointing to u, may be a link to an
// article: same site, not this page or its parents, and not a tag, category,
// author, search, feed, pagination or file link.
func (p *parser) articleLink(a *html.Node, u string) bool {
	pu, err := url.Parse(u)
	if err != nil {
		return false
	}
	return p.articleURL(pu) && !excludedRel(a) && !navText(textOf(a))
}

// articleURL is articleLink's test of the URL alone.
func (p *parser) articleURL(u *url.URL) bool {
	if siteOf(u.Hostname()) != p.site {
		return false
	}
	if u.String() == p.self {
		return false
	}
	clean := trimIndex(u.EscapedPath())
	if clean == "" && u.RawQuery == "" {
		return false // the home page
	}
	if u.RawQuery == "" && u.Host == p.page.Host && clean != trimIndex(p.page.EscapedPath()) &&
		strings.HasPrefix(trimIndex(p.page.EscapedPath())+"/", clean+"/") {
		return false // a parent of this page: the section's index
	}
	if u.RawQuery == p.page.RawQuery && u.Host == p.page.Host && clean == trimIndex(p.page.EscapedPath()) {
		return false // this page under another name (index.html, trailing slash)
	}
	segs := strings.Split(strings.ToLower(strings.Trim(u.Path, "/")), "/")
	for i, s := range segs {
		if excludedSegments[s] {
			return false
		}
		if pagingSegments[s] && i+1 < len(segs) && isDigits(segs[i+1]) {
			return false
		}
	}
	if ext := strings.ToLower(path.Ext(u.Path)); ext != "" && fileExtensions[ext[1:]] {
		return false
	}
	if u.RawQuery != "" {
		for k := range u.Query() {
			if excludedQuery[strings.ToLower(k)] {
				return false
			}
		}
	}
	return true
}

// trimIndex drops a trailing slash and index file from an escaped path.
func trimIndex(p string) string {
	p = strings.TrimRight(p, "/")
	for _, idx := range []string{"/index.html", "/index.htm", "/index.php", "/index.asp", "/index.aspx", "/default.aspx"} {
		if strings.HasSuffix(strings.ToLower(p), idx) {
			return p[:len(p)-len(idx)]
		}
	}
	return p
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// excludedRel reports links marked as tags, categories, authors or
// pagination.
func excludedRel(a *html.Node) bool {
	for _, r := range strings.Fields(strings.ToLower(attr(a, "rel"))) {
		switch r {
		case "tag", "category", "author", "prev", "previous", "next", "home", "search", "license", "alternate":
			return true
		}
	}
	return false
}

// excludedSegments are path segments of taxonomy, account and machine
// pages, in the partners' languages.
var excludedSegments = setOf(`tag tags etiqueta etiquetas etiquette etiquettes schlagwort schlagworte
	category categories categoria categorias categorie kategorie kategorien
	topic topics author authors autor autores auteur auteurs autoren
	feed rss atom wp-admin wp-login.php wp-json xmlrpc.php
	search suche buscar busca busqueda recherche pesquisa
	login signin sign-in register logout cart checkout account my-account
	comments label share`)

// pagingSegments are the path segments that, followed by a number, make a
// pagination link ("/page/2/").
var pagingSegments = setOf(`page pagina página seite p pg`)

// excludedQuery are query keys of taxonomy, search, pagination and sharing
// links.
var excludedQuery = setOf(`tag tags category categories cat categoria kategorie
	s q search query page paged pg seite pagina sort orderby order filter
	share replytocom format action login redirect_to`)

// fileExtensions are links to files, not pages.
var fileExtensions = setOf(`jpg jpeg png gif webp avif svg bmp ico tif tiff heic
	pdf doc docx xls xlsx ppt pptx odt ods odp rtf txt csv epub
	zip rar 7z gz tgz tar mp3 m4a wav ogg oga flac mp4 m4v mov avi webm mkv wmv
	xml rss atom json css js ics vcf exe dmg apk msi`)

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// navText reports link texts that navigate rather than name an article:
// page numbers, arrows and "next"/"previous" words.
func navText(t string) bool {
	n := normLinkText(t)
	if n == "" {
		return t != "" // arrows and dots only
	}
	return isDigits(strings.ReplaceAll(n, " ", "")) || nextWords[n] || prevWords[n]
}

// normLinkText lower-cases a link text, folds accents and drops arrows and
// punctuation: "Page suivante →" becomes "page suivante".
func normLinkText(t string) string {
	if len(t) > 64 {
		return strings.ToLower(t) // too long to be a pager word
	}
	f := strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i := range f {
		f[i] = foldWord(f[i])
	}
	return strings.Join(f, " ")
}

// nextWords are the link texts, normalised by normLinkText, of a link to
// the next (older) page of a listing.
var nextWords = setOf2(`next|next page|next posts|next entries|older|older posts|older entries|older articles|older news|
	more posts|suivant|suivante|page suivante|pages suivantes|articles suivants|articles plus anciens|
	siguiente|siguientes|pagina siguiente|entradas anteriores|entradas mas antiguas|articulos anteriores|
	proxima|proximo|proxima pagina|pagina seguinte|seguinte|mais antigos|posts mais antigos|noticias mais antigas|
	weiter|nachste|nachste seite|naechste|naechste seite|altere beitrage|altere eintrage|altere artikel|vorwarts|
	successivo|successiva|pagina successiva|articoli precedenti`)

// prevWords are the same for the previous (newer) page.
var prevWords = setOf2(`prev|previous|previous page|newer|newer posts|newer entries|newer articles|
	precedent|precedente|page precedente|articles precedents|articles plus recents|
	anterior|pagina anterior|entradas mas recientes|mais recentes|posts mais recentes|
	zuruck|zurueck|vorherige|vorherige seite|neuere beitrage|neuere eintrage|
	first|last|premiere|derniere|primera|ultima|primeira|erste|letzte|start`)

func setOf2(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Split(s, "|") {
		if w = strings.Join(strings.Fields(w), " "); w != "" {
			m[w] = true
		}
	}
	return m
}

// feedTypes are the <link rel="alternate"> types of feeds.
var feedTypes = map[string]int{
	"application/rss+xml":   0,
	"application/atom+xml":  0,
	"application/feed+json": 1,
	"application/json":      2, // only with "feed" in its URL or title
}

// feedURL returns the feed the page advertises: the one whose path shares the
// most with the page's (a category feed on a category page), else the
// first; never a comments feed, an oEmbed or REST endpoint.
func (p *parser) feedURL() string {
	best, bestScore := "", -1
	walk(p.root, func(n *html.Node) bool {
		if n.Type != html.ElementNode || n.DataAtom != atom.Link {
			return true
		}
		if !hasToken(attr(n, "rel"), "alternate") {
			return false
		}
		typ := strings.ToLower(strings.TrimSpace(attr(n, "type")))
		if i := strings.IndexByte(typ, ';'); i >= 0 {
			typ = strings.TrimSpace(typ[:i])
		}
		kind, ok := feedTypes[typ]
		if !ok {
			return false
		}
		href, title := attr(n, "href"), strings.ToLower(attr(n, "title"))
		lh := strings.ToLower(href)
		if strings.Contains(lh, "/comments/") || strings.Contains(lh, "wp-json") || strings.Contains(lh, "oembed") ||
			strings.Contains(title, "comment") || strings.Contains(title, "kommentar") {
			return false
		}
		if kind == 2 && !strings.Contains(lh, "feed") && !strings.Contains(title, "feed") {
			return false
		}
		u := p.resolve(href)
		if u == nil {
			return false
		}
		score := commonSegments(u.Path, p.page.Path)
		if score > bestScore {
			best, bestScore = u.String(), score
		}
		return false
	})
	return best
}

// commonSegments counts the leading path segments a and b share.
func commonSegments(a, b string) int {
	as, bs := strings.Split(strings.Trim(a, "/"), "/"), strings.Split(strings.Trim(b, "/"), "/")
	n := 0
	for n < len(as) && n < len(bs) && as[n] != "" && as[n] == bs[n] {
		n++
	}
	return n
}

// hasToken reports whether the space-separated list s holds tok, ignoring
// case.
func hasToken(s, tok string) bool {
	for _, f := range strings.Fields(s) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// nextURL finds the link to the next page: rel=next, then a link whose
// class or aria-label says next, then one whose text does ("Page suivante
// →"), then the page number after the current one. It returns "" when none
// leads to another page of the same site.
func (p *parser) nextURL() string {
	var byRel, byClass, byText, byArrow string
	var current []*html.Node
	ok := func(href string) string {
		u := p.resolve(href)
		if u == nil || siteOf(u.Hostname()) != p.site || u.String() == p.self {
			return ""
		}
		return u.String()
	}
	walk(p.root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Template, atom.Noscript:
			return false
		case atom.Link, atom.A:
			if !hasAttr(n, "href") {
				break
			}
			if byRel == "" && hasToken(attr(n, "rel"), "next") {
				byRel = ok(attr(n, "href"))
			}
			if n.DataAtom == atom.Link {
				return false
			}
			if carousel(n) {
				break
			}
			if byClass == "" && nextClass(n) {
				byClass = ok(attr(n, "href"))
			}
			t := textOf(n)
			if al := attr(n, "aria-label"); t == "" || (al != "" && len(t) <= 3) {
				t = al
			}
			nt := normLinkText(t)
			if byText == "" && nextWords[nt] {
				byText = ok(attr(n, "href"))
			}
			if byArrow == "" && nt == "" && (t == "»" || t == "›" || t == "→" || t == ">") {
				byArrow = ok(attr(n, "href"))
			}
		}
		if isCurrentPage(n) {
			current = append(current, n)
		}
		return true
	})
	for _, u := range []string{byRel, byClass, byText, byArrow} {
		if u != "" {
			return u
		}
	}
	for i, c := range current {
		if i == 3 {
			break
		}
		if u := p.pageAfter(c, ok); u != "" {
			return u
		}
	}
	return ""
}

// carousel reports a link that is (or sits in) a slider's control, whose
// "next" is not a page.
func carousel(a *html.Node) bool {
	for n, i := a, 0; n != nil && i < 3; n, i = n.Parent, i+1 {
		for _, c := range classTokens(n) {
			for _, w := range []string{"slick", "swiper", "carousel", "slide", "owl", "glide", "splide", "flickity"} {
				if strings.Contains(c, w) {
					return true
				}
			}
		}
	}
	return false
}

// nextClass reports a link (or its list item) classed as the next page:
// "next", "nextpostslink", "pagination-next", "pager__item--next"….
func nextClass(a *html.Node) bool {
	for n, i := a, 0; n != nil && i < 2; n, i = n.Parent, i+1 {
		for _, c := range classTokens(n) {
			if c == "next" || c == "nextpostslink" || c == "next-page" || c == "page-next" ||
				strings.HasSuffix(c, "-next") || strings.HasSuffix(c, "_next") || strings.HasSuffix(c, "--next") {
				return true
			}
		}
	}
	return false
}

// isCurrentPage reports the element marking the current page in a numbered
// pager: aria-current="page", or a "current"/"active" class, holding a
// number.
func isCurrentPage(n *html.Node) bool {
	if n.DataAtom == atom.Html || n.DataAtom == atom.Body {
		return false
	}
	marked := attr(n, "aria-current") == "page"
	if !marked {
		for _, c := range classTokens(n) {
			if c == "current" || c == "active" || c == "is-active" || c == "is-current" || c == "selected" {
				marked = true
				break
			}
		}
	}
	return marked && isDigits(textOf(n))
}

// pageAfter finds, near the current page marker c, the link to page number
// current+1.
func (p *parser) pageAfter(c *html.Node, ok func(string) string) string {
	cur, err := strconv.Atoi(textOf(c))
	if err != nil {
		return ""
	}
	want := strconv.Itoa(cur + 1)
	box := c
	for i := 0; i < 3 && box.Parent != nil; i++ {
		box = box.Parent
		var found string
		walkBudget(box, nodeBudget, func(n *html.Node) bool {
			if found == "" && isHrefAnchor(n) && textOf(n) == want {
				found = ok(attr(n, "href"))
			}
			return found == ""
		})
		if found != "" {
			return found
		}
	}
	return ""
}
