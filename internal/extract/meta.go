package extract

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what a page says about itself in its markup: <html lang>,
// <base>, <title>, <meta>, <link> and JSON-LD.
type pageMeta struct {
	lang      string
	baseHref  string
	title     string
	metas     map[string]string // name, property, itemprop or http-equiv (lower case) → first content
	canonical string
	feed      string
	imageSrc  string // <link rel="image_src">
	jsonLD    []string
}

// collect records n's metadata if it carries any. It runs on every element
// before pruning.
func (m *pageMeta) collect(n *html.Node) {
	switch n.DataAtom {
	case atom.Html:
		if m.lang == "" {
			m.lang = strings.TrimSpace(attr(n, "lang"))
		}
	case atom.Base:
		if m.baseHref == "" {
			m.baseHref = strings.TrimSpace(attr(n, "href"))
		}
	case atom.Title:
		if m.title == "" && !inSVG(n) {
			m.title = nodeText(n)
		}
	case atom.Meta:
		content, ok := attrOK(n, "content")
		if !ok {
			return
		}
		content = strings.TrimSpace(content)
		if content == "" {
			return
		}
		for _, k := range [...]string{"property", "name", "itemprop", "http-equiv"} {
			if v := strings.ToLower(strings.TrimSpace(attr(n, k))); v != "" {
				if m.metas == nil {
					m.metas = make(map[string]string, 16)
				}
				if _, seen := m.metas[v]; !seen {
					m.metas[v] = content
				}
			}
		}
	case atom.Link:
		rel := " " + strings.ToLower(attr(n, "rel")) + " "
		href := strings.TrimSpace(attr(n, "href"))
		if href == "" {
			return
		}
		switch {
		case strings.Contains(rel, " canonical ") && m.canonical == "":
			m.canonical = href
		case strings.Contains(rel, " alternate ") && m.feed == "":
			switch strings.ToLower(strings.TrimSpace(attr(n, "type"))) {
			case "application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml":
				t := strings.ToLower(attr(n, "title"))
				if !strings.Contains(t, "comment") && !strings.Contains(t, "comentario") && !strings.Contains(t, "kommentar") {
					m.feed = href
				}
			}
		case strings.Contains(rel, " image_src ") && m.imageSrc == "":
			m.imageSrc = href
		}
	case atom.Script:
		if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil {
			m.jsonLD = append(m.jsonLD, n.FirstChild.Data)
		}
	}
}

func inSVG(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Svg {
			return true
		}
	}
	return false
}

// meta returns the first of keys that the page's <meta> tags set.
func (m *pageMeta) meta(keys ...string) string {
	for _, k := range keys {
		if v := m.metas[k]; v != "" {
			return v
		}
	}
	return ""
}

// ldArticle is the fields gleaner reads from a JSON-LD Article.
type ldArticle struct {
	headline, author, published, image, lang, publisher string
}

// articleTypes are the schema.org types of an article.
var articleTypes = map[string]bool{
	"article": true, "newsarticle": true, "blogposting": true, "reportagenewsarticle": true,
	"analysisnewsarticle": true, "opinionnewsarticle": true, "backgroundnewsarticle": true,
	"socialmediaposting": true, "report": true, "scholarlyarticle": true, "techarticle": true,
	"liveblogposting": true, "posting": true, "webpage": false,
}

// parseJSONLD returns the page's JSON-LD article, preferring an article type
// over any object with a headline.
func parseJSONLD(scripts []string) (ldArticle, bool) {
	var best map[string]any
	bestArticle := false
	var visit func(v any)
	visit = func(v any) {
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				visit(e)
			}
		case map[string]any:
			if g, ok := v["@graph"]; ok {
				visit(g)
			}
			isArticle := false
			for _, t := range strs(v["@type"]) {
				if articleTypes[strings.ToLower(t)] {
					isArticle = true
				}
			}
			if isArticle && !bestArticle {
				best, bestArticle = v, true
			} else if best == nil && v["headline"] != nil {
				best = v
			}
		}
	}
	for _, s := range scripts {
		var v any
		if err := json.Unmarshal([]byte(strings.TrimSpace(s)), &v); err != nil {
			continue
		}
		visit(v)
	}
	if best == nil {
		return ldArticle{}, false
	}
	var a ldArticle
	a.headline = first(strs(best["headline"]))
	a.author = strings.Join(names(best["author"]), ", ")
	a.published = first(strs(best["datePublished"]))
	if a.published == "" {
		a.published = first(strs(best["dateCreated"]))
	}
	a.image = first(urls(best["image"]))
	if a.image == "" {
		a.image = first(urls(best["thumbnailUrl"]))
	}
	a.lang = first(strs(best["inLanguage"]))
	a.publisher = first(names(best["publisher"]))
	return a, true
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// strs reads a JSON-LD value that is a string or a list of strings.
func strs(v any) []string {
	switch v := v.(type) {
	case string:
		if s := strings.TrimSpace(v); s != "" {
			return []string{s}
		}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, strs(e)...)
		}
		return out
	}
	return nil
}

// names reads a JSON-LD person or organisation: a name, an object with a
// name, or a list of them.
func names(v any) []string {
	switch v := v.(type) {
	case string:
		if s := strings.TrimSpace(v); s != "" && !strings.HasPrefix(s, "http") {
			return []string{s}
		}
	case map[string]any:
		return strs(v["name"])
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, names(e)...)
		}
		return out
	}
	return nil
}

// urls reads a JSON-LD image: a URL, an ImageObject, or a list of them.
func urls(v any) []string {
	switch v := v.(type) {
	case string:
		return strs(v)
	case map[string]any:
		if u := strs(v["url"]); len(u) > 0 {
			return u
		}
		return strs(v["contentUrl"])
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, urls(e)...)
		}
		return out
	}
	return nil
}

// titleSeparators split a <title> into the article's and the site's parts.
var titleSeparators = []string{" | ", " – ", " — ", " - ", " :: ", " » ", " · ", " // ", " ~ "}

// cleanTitle strips the site's name from a <title>: "Story | Site",
// "Site :: Story". With no site name known, the longest part wins.
func cleanTitle(t, siteName, h1 string) string {
	t = collapse(t)
	if framesTitle(t, h1) {
		return h1
	}
	for _, sep := range titleSeparators {
		i := strings.LastIndex(t, sep)
		if i < 0 {
			continue
		}
		head, tail := strings.TrimSpace(t[:i]), strings.TrimSpace(t[i+len(sep):])
		if j := strings.Index(t, sep); j != i { // several: site is the first or the last part
			if siteName != "" && strings.EqualFold(strings.TrimSpace(t[:j]), siteName) {
				return strings.TrimSpace(t[j+len(sep):])
			}
		}
		switch {
		case siteName != "" && strings.EqualFold(tail, siteName):
			return head
		case siteName != "" && strings.EqualFold(head, siteName):
			return tail
		case 2*len([]rune(tail)) > 3*len([]rune(head)):
			return tail // "Site :: A much longer story title"
		default:
			return head // "Story title | Site" is the common order
		}
	}
	return t
}

// framesTitle reports whether t is h1 with the site's name before or after
// a separator ("Story | Site").
func framesTitle(t, h1 string) bool {
	if h1 == "" || t == h1 {
		return h1 != ""
	}
	for _, sep := range titleSeparators {
		if strings.HasPrefix(t, h1+sep) || strings.HasSuffix(t, sep+h1) {
			return true
		}
	}
	return false
}

// cleanAuthor turns a byline into a name: "By Jane Doe" → "Jane Doe",
// "von Martin Brenner" → "Martin Brenner", "Por Ricardo Almeida · 11/06/2019"
// → "Ricardo Almeida". It returns "" for what does not look like a name.
func cleanAuthor(s string) string {
	s = collapse(s)
	low := strings.ToLower(s)
	for _, p := range bylinePrefixes {
		if strings.HasPrefix(low, p) {
			s = strings.TrimSpace(s[len(p):])
			low = strings.ToLower(s)
		}
	}
	// Cut what follows the name: a date, a separator, a role.
	for _, cut := range []string{" | ", " · ", " • ", " - ", " – ", " — ", ", ", " on ", " el ", " le ", " am ", " em ", " em ", " au ", " at "} {
		if i := strings.Index(s, cut); i > 0 {
			s = strings.TrimSpace(s[:i])
		}
	}
	s = strings.Trim(s, " :,.")
	if s == "" || len([]rune(s)) > 60 || strings.Contains(s, "http") || strings.Contains(s, "@") {
		return ""
	}
	if _, ok := ParseDate(s); ok {
		return ""
	}
	return s
}

// bylinePrefixes are the words before an author's name, lower case, with
// their space.
var bylinePrefixes = []string{
	"posted by ", "written by ", "words by ", "text by ", "story by ", "by: ", "by ",
	"enviado por ", "publicado por ", "escrito por ", "por: ", "por ",
	"publié par ", "écrit par ", "rédigé par ", "par : ", "par ",
	"geschrieben von ", "verfasst von ", "autor: ", "autorin: ", "von ",
	"auteur : ", "auteur: ", "author: ", "autor ", "door ",
}

// resolveURL makes ref absolute against base.
func resolveURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || base == nil {
		return ref
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return base.ResolveReference(u).String()
}

// normLang turns "en_GB" into "en-GB".
func normLang(s string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), "_", "-")
}

// parseMetaDate reads a machine-readable date; it falls back to the
// visible-date reader for pages that put "18/09/2017" in a meta tag.
func parseMetaDate(s string, monthFirst bool) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range []string{time.RFC3339Nano, time.RFC3339, time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return parseDate(s, monthFirst)
}
