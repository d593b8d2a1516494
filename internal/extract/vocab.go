package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// hint is what an element's class, id and role say about it.
type hint uint8

const (
	hintNone hint = 0
	// hintPositive: article, content, entry, body, text, story… in the
	// languages partners write.
	hintPositive hint = 1 << iota
	// hintJunk: comments, related posts, share buttons, newsletter and
	// app boxes, cookie notices, navigation, ads. Never article text.
	hintJunk
	// hintAside: sidebars, widgets, headers and footers: not article text
	// unless the element also calls itself content.
	hintAside
	// hintMeta: bylines, datelines, tags, categories.
	hintMeta
)

// Words are matched in two ways: long ones anywhere in the class or id with
// separators removed ("jp-relatedposts" → "jprelatedposts" holds
// "related"), short ones only as whole tokens ("ad", not "header").
var (
	junkSub = []string{
		"comment", "comentari", "kommentar", "disqus", "respond",
		"related", "relacionad", "relacionat", "relatedposts", "similar",
		"share", "sharing", "social", "compartilh", "compartir", "partag", "teilen",
		"newsletter", "subscri", "suscri", "signup", "boletin", "boletim", "abonn", "mailchimp", "simplenews", "mc4wp",
		"cookie", "consent", "gdpr", "onetrust", "cmplz", "didomi", "iubenda", "usercentrics", "borlabs", "termly",
		"readmore", "leiatambem", "leiamais", "veatambien", "lireaussi", "alire", "weiterlesen", "weitere", "morenews", "morestories", "moreposts", "recent", "recommend", "popular", "trending",
		"postnav", "postnavigation", "pagination", "pager", "navlinks", "breadcrumb", "crumbs", "skiplink", "backlink",
		"taglinks", "tagslinks", "tagcloud", "taglist", "tagslist", "posttags", "fieldtags", "articletags", "entrytags", "itemtags", "blogitemtags", "keywords", "schlagwort", "etiquetas", "motscles",
		"navigation", "navbar", "menu",
		"advert", "sponsor", "promobox", "promoblock", "promobanner", "banner", "donat", "spenden",
		"popup", "modal", "toolbar", "printlink", "authorbox", "authorbio", "aboutauthor", "abouttheauthor", "authordescription", "authorcard",
		"supportus", "fundrais", "appeal", "followus",
		"appbox", "appbanner", "appdownload", "appstore", "bookmark", "embedcard", "linkpreview",
	}
	junkTok = map[string]bool{
		"ad": true, "ads": true, "adsense": true, "promo": true, "promos": true, "promotion": true, "app": true, "cta": true, "nav": true, "more": true,
		"tags": true, "print": true,
		"prev": true, "next": true, "previous": true, "outbrain": true, "taboola": true,
	}
	asideSub = []string{"sidebar", "sidebox", "widgetarea", "widgets", "lateral", "footer", "rodape", "masthead", "header", "topo", "complementary", "colophon", "seitenleiste"}
	asideTok = map[string]bool{"aside": true, "side": true, "rail": true, "foot": true}
	metaSub  = []string{"byline", "dateline", "author", "autor", "auteur", "verfasser", "postedon", "published", "submitted", "entrymeta", "postmeta", "articlemeta", "categor", "catlinks",
		"articleinfo", "postinfo", "entryinfo", "storyinfo", "newsinfo", "metainfo", "iteminfo", "pubdate", "publishdate"}
	metaTok = map[string]bool{"meta": true, "date": true, "datum": true, "fecha": true, "data": true, "time": true, "by": true, "posted": true}
	posSub  = []string{"article", "content", "conteudo", "contenido", "contenu", "inhalt", "artikel", "beitrag", "entry", "story", "storytext", "bodytext", "richtext", "prose", "hentry", "noticia", "nachricht"}
	posTok  = map[string]bool{"post": true, "body": true, "text": true, "texto": true, "texte": true, "main": true, "blog": true, "news": true, "cuerpo": true, "corpo": true, "corps": true}
	// hiddenClass are whole class names that hide an element from readers.
	hiddenClass = map[string]bool{
		"hidden": true, "hide": true, "sr-only": true, "screen-reader-text": true, "visually-hidden": true,
		"visuallyhidden": true, "d-none": true, "invisible": true, "element-invisible": true, "screenreader": true,
	}
)

// subWord is a word matched inside squashed class and id values.
type subWord struct {
	s string
	h hint
}

// subIndex holds the substring vocabularies by first byte.
var subIndex = func() (idx [256][]subWord) {
	for _, l := range []struct {
		words []string
		h     hint
	}{{junkSub, hintJunk}, {asideSub, hintAside}, {metaSub, hintMeta}, {posSub, hintPositive}} {
		for _, w := range l.words {
			idx[w[0]] = append(idx[w[0]], subWord{w, l.h})
		}
	}
	return idx
}()

// junkRoles are ARIA roles of page furniture.
var junkRoles = map[string]hint{
	"navigation": hintJunk, "banner": hintAside, "contentinfo": hintAside, "search": hintJunk,
	"menu": hintJunk, "menubar": hintJunk, "dialog": hintJunk, "alertdialog": hintJunk,
	"complementary": hintAside, "toolbar": hintJunk,
}

// hinter reads hints, remembering what each class or id value says: pages
// repeat the same few values ("menu-item") hundreds of times.
type hinter struct {
	words map[string]hint
	buf   []byte
}

// hintOf reads n's class, id and role.
func (hn *hinter) hintOf(n *html.Node) hint {
	var h hint
	for _, a := range n.Attr {
		switch a.Key {
		case "class", "id":
			if a.Val == "" {
				continue
			}
			w, ok := hn.words[a.Val]
			if !ok {
				if hn.words == nil {
					hn.words = make(map[string]hint, 64)
				}
				w = wordsHint(a.Val, hn.buf[:0])
				hn.words[a.Val] = w
			}
			h |= w
		case "role":
			h |= junkRoles[strings.ToLower(strings.TrimSpace(a.Val))]
		case "itemprop":
			switch strings.ToLower(a.Val) {
			case "articlebody", "text":
				h |= hintPositive
			case "author", "datepublished", "datecreated":
				h |= hintMeta
			}
		}
	}
	switch n.DataAtom {
	case atom.Nav:
		h |= hintJunk
	case atom.Aside, atom.Header, atom.Footer:
		h |= hintAside
	case atom.Article, atom.Main:
		h |= hintPositive
	}
	return h
}

// wordsHint matches one class or id value against the vocabularies.
func wordsHint(v string, buf []byte) hint {
	if v == "" {
		return hintNone
	}
	var h hint
	// Squashed: lower case, separators removed.
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 'A' && c <= 'Z':
			buf = append(buf, c+'a'-'A')
		case c == '-' || c == '_':
		default:
			buf = append(buf, c)
		}
	}
	// Every position against the words that start with its byte.
	for i := range buf {
		for _, w := range subIndex[buf[i]] {
			if h&w.h == 0 && len(buf)-i >= len(w.s) && string(buf[i:i+len(w.s)]) == w.s {
				h |= w.h
			}
		}
	}
	// Tokens.
	start := -1
	for i := 0; i <= len(v); i++ {
		if i < len(v) && isWordByte(v[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			tok := strings.ToLower(v[start:i])
			switch {
			case junkTok[tok]:
				h |= hintJunk
			case asideTok[tok]:
				h |= hintAside
			case metaTok[tok]:
				h |= hintMeta
			case posTok[tok]:
				h |= hintPositive
			}
			start = -1
		}
	}
	return h
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// columnPrefixes start the class of a layout grid column in the usual CSS
// frameworks and page builders.
var columnPrefixes = []string{
	"col-", "col_", "column", "span", "large-", "medium-", "small-", "grid__item", "grid-col", "cell",
	"elementor-col", "wp-block-column", "vc_col", "et_pb_column", "fl-col", "uk-width", "pure-u", "w-1", "w-2", "md:w-", "lg:w-",
}

// isColumn reports whether n's class makes it a layout grid column.
func isColumn(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key != "class" {
			continue
		}
		for _, c := range strings.Fields(strings.ToLower(a.Val)) {
			if c == "col" {
				return true
			}
			for _, p := range columnPrefixes {
				if strings.HasPrefix(c, p) {
					return true
				}
			}
		}
	}
	return false
}
