package validate

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Atom checks b as an Atom 1.0 feed document (RFC 4287).
func Atom(b []byte) []Problem {
	var r report
	root, err := parseXML(b)
	if err != nil {
		r.errorf("document", "not well-formed XML: %v", err)
		return r.ps
	}
	if root.Name.Space != nsAtom || root.Name.Local != "feed" {
		r.errorf(qname(root.Name), "the root element must be Atom's feed (namespace %s)", nsAtom)
		return r.ps
	}
	checkXMLCommon(&r, root)
	a := atomChecker{r: &r}
	a.feed(root)
	return r.ps
}

// checkXMLCommon reports undeclared namespace prefixes and malformed
// xml:lang attributes anywhere in the document.
func checkXMLCommon(r *report, root *node) {
	walk(root, func(n *node) {
		for _, p := range n.undeclared {
			r.errorf(n.path(), "namespace prefix %q is used but not declared (xmlns:%s)", p, p)
		}
		if lang, ok := n.attr(nsXML, "lang"); ok && lang != "" && !langRE.MatchString(lang) {
			r.errorf(n.path()+"/@xml:lang", "%q is not a well-formed language tag (RFC 3066, e.g. en or pt-BR)", lang)
		}
	})
}

type atomChecker struct {
	r *report
}

var (
	atomFeedChildren   = set("author", "category", "contributor", "generator", "icon", "id", "link", "logo", "rights", "subtitle", "title", "updated", "entry")
	atomEntryChildren  = set("author", "category", "content", "contributor", "id", "link", "published", "rights", "source", "summary", "title", "updated")
	atomSourceChildren = set("author", "category", "contributor", "generator", "icon", "id", "link", "logo", "rights", "subtitle", "title", "updated")
)

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

func (a *atomChecker) feed(feed *node) {
	a.known(feed, atomFeedChildren)
	if id := a.one(feed, "id", true); id != nil {
		a.iri(id, id.Text)
	}
	if t := a.one(feed, "title", true); t != nil {
		a.text(t)
	}
	if u := a.one(feed, "updated", true); u != nil {
		a.date(u)
	}
	for _, name := range []string{"subtitle", "rights"} {
		if t := a.one(feed, name, false); t != nil {
			a.text(t)
		}
	}
	a.one(feed, "generator", false)
	for _, name := range []string{"icon", "logo"} {
		if n := a.one(feed, name, false); n != nil {
			a.iri(n, n.Text)
		}
	}
	for _, p := range feed.children(nsAtom, "author") {
		a.person(p)
	}
	for _, p := range feed.children(nsAtom, "contributor") {
		a.person(p)
	}
	for _, c := range feed.children(nsAtom, "category") {
		a.category(c)
	}
	links := a.links(feed)
	var self []*node
	for _, l := range links {
		if rel, _ := l.attr("", "rel"); rel == "self" {
			self = append(self, l)
		}
	}
	switch {
	case len(self) == 0:
		a.r.errorf(feed.path(), `no link rel="self": a feed should say where it is published (RFC 4287 section 4.2.7.2)`)
	case len(self) > 1:
		a.r.warnf(feed.path(), `%d links rel="self"; a feed has one address`, len(self))
	default:
		if t, _ := self[0].attr("", "type"); t != "application/atom+xml" {
			a.r.warnf(self[0].path(), `the self link's type is %q, not "application/atom+xml"`, t)
		}
	}

	feedAuthor := len(feed.children(nsAtom, "author")) > 0
	seen := make(map[string]string)
	var entryStarted bool
	for _, c := range feed.Children {
		if c.Name.Space == nsAtom && c.Name.Local == "entry" {
			entryStarted = true
			a.entry(c, feedAuthor, seen)
		} else if entryStarted && c.Name.Space == nsAtom {
			a.r.errorf(c.path(), "feed metadata after the first entry: RFC 4287's schema puts the entries last")
		}
	}
}

func (a *atomChecker) entry(e *node, feedAuthor bool, seen map[string]string) {
	a.known(e, atomEntryChildren)
	p := e.path()
	if id := a.one(e, "id", true); id != nil {
		a.iri(id, id.Text)
		if first, dup := seen[trimmed(id.Text)]; dup {
			a.r.errorf(id.path(), "id %q is also the id of %s: ids are unique within a feed", trimmed(id.Text), first)
		} else {
			seen[trimmed(id.Text)] = p
		}
	}
	if t := a.one(e, "title", true); t != nil {
		a.text(t)
	}
	var updated, published time.Time
	if u := a.one(e, "updated", true); u != nil {
		updated = a.date(u)
	}
	if pub := a.one(e, "published", false); pub != nil {
		published = a.date(pub)
	}
	if !updated.IsZero() && !published.IsZero() && published.After(updated) {
		a.r.warnf(p, "published (%s) is after updated (%s)", published.Format(time.RFC3339), updated.Format(time.RFC3339))
	}
	summary := a.one(e, "summary", false)
	if summary != nil {
		a.text(summary)
	}
	if rights := a.one(e, "rights", false); rights != nil {
		a.text(rights)
	}
	content := a.one(e, "content", false)
	if content != nil {
		if needsSummary := a.content(content); needsSummary && summary == nil {
			a.r.errorf(p, "an entry whose content has a src attribute or is Base64-encoded must have a summary (RFC 4287 section 4.1.1.2)")
		}
	}
	links := a.links(e)
	alternates := 0
	for _, l := range links {
		if rel, ok := l.attr("", "rel"); !ok || rel == "alternate" {
			alternates++
		}
	}
	if content == nil && alternates == 0 {
		a.r.errorf(p, `an entry without content must have a link rel="alternate" (RFC 4287 section 4.1.1)`)
	}
	for _, c := range e.children(nsAtom, "category") {
		a.category(c)
	}
	authors := e.children(nsAtom, "author")
	for _, au := range authors {
		a.person(au)
	}
	for _, co := range e.children(nsAtom, "contributor") {
		a.person(co)
	}
	src := a.one(e, "source", false)
	if src != nil {
		a.source(src)
	}
	if len(authors) == 0 && !feedAuthor && (src == nil || src.child(nsAtom, "author") == nil) {
		a.r.errorf(p, "no author: the entry, its source or the feed must have an atom:author (RFC 4287 section 4.1.1)")
	}
}

func (a *atomChecker) source(s *node) {
	a.known(s, atomSourceChildren)
	if id := a.one(s, "id", false); id != nil {
		a.iri(id, id.Text)
	}
	for _, name := range []string{"title", "subtitle", "rights"} {
		if t := a.one(s, name, false); t != nil {
			a.text(t)
		}
	}
	if u := a.one(s, "updated", false); u != nil {
		a.date(u)
	}
	for _, p := range s.children(nsAtom, "author") {
		a.person(p)
	}
	for _, c := range s.children(nsAtom, "category") {
		a.category(c)
	}
	a.links(s)
}

// known reports Atom elements that do not belong in n. Elements of other
// namespaces are extensions, allowed anywhere.
func (a *atomChecker) known(n *node, allowed map[string]bool) {
	for _, c := range n.Children {
		if c.Name.Space == "" {
			a.r.errorf(c.path(), "element <%s> has no namespace: inside an Atom document it must be in %s or an extension namespace", c.Name.Local, nsAtom)
		} else if c.Name.Space == nsAtom && !allowed[c.Name.Local] {
			a.r.errorf(c.path(), "atom:%s is not allowed in atom:%s", c.Name.Local, n.Name.Local)
		}
	}
}

// one returns n's only Atom child of that name, reporting a missing
// required one or a repeated one.
func (a *atomChecker) one(n *node, name string, required bool) *node {
	cs := n.children(nsAtom, name)
	switch {
	case len(cs) == 0 && required:
		a.r.errorf(n.path(), "atom:%s is missing; atom:%s must have exactly one", name, n.Name.Local)
	case len(cs) > 1:
		a.r.errorf(cs[1].path(), "%d atom:%s elements; atom:%s must not have more than one", len(cs), name, n.Name.Local)
	}
	if len(cs) == 0 {
		return nil
	}
	return cs[0]
}

func (a *atomChecker) iri(n *node, s string) {
	if s != trimmed(s) {
		a.r.errorf(n.path(), "%q has leading or trailing white space", s)
		s = trimmed(s)
	}
	if !absURL(s) {
		a.r.errorf(n.path(), "%q is not an absolute IRI", s)
	}
}

func (a *atomChecker) date(n *node) time.Time {
	if len(n.Children) > 0 {
		a.r.errorf(n.path(), "a date construct has no child elements")
	}
	t, err := parseRFC3339(n.Text)
	if err != nil {
		a.r.errorf(n.path(), "%v (RFC 4287 section 3.3)", err)
	}
	return t
}

// htmlMarkupRE spots HTML tags in what claims to be plain text.
var htmlMarkupRE = regexp.MustCompile(`(?i)<(p|a|br|div|span|img|b|i|em|strong|ul|ol|li|h[1-6]|blockquote|table|figure|iframe|script)[\s/>]`)

// text checks a text construct (title, subtitle, summary, rights).
func (a *atomChecker) text(n *node) {
	typ, ok := n.attr("", "type")
	switch {
	case !ok || typ == "text" || typ == "html":
		if len(n.Children) > 0 {
			a.r.errorf(n.path(), "type %q content has a child element <%s>: markup must be escaped, or the type xhtml", typeOr(typ), n.Children[0].Name.Local)
		}
		if typ != "html" && htmlMarkupRE.MatchString(n.Text) {
			a.r.warnf(n.path(), "type %q but the text holds HTML markup (%q): type should be html", typeOr(typ), htmlMarkupRE.FindString(n.Text))
		}
	case typ == "xhtml":
		a.xhtmlDiv(n)
	default:
		a.r.errorf(n.path()+"/@type", "type %q: a text construct's type is text, html or xhtml", typ)
	}
}

func typeOr(t string) string {
	if t == "" {
		return "text"
	}
	return t
}

// xhtmlDiv checks that n's content is exactly one xhtml:div.
func (a *atomChecker) xhtmlDiv(n *node) {
	if len(n.Children) != 1 || n.Children[0].Name.Space != nsXHTML || n.Children[0].Name.Local != "div" {
		a.r.errorf(n.path(), "type xhtml content must be a single xhtml:div (namespace %s)", nsXHTML)
		return
	}
	if !isBlank(n.Text) {
		a.r.errorf(n.path(), "type xhtml content has text outside its xhtml:div")
	}
}

// content checks atom:content and reports whether the entry then needs a
// summary.
func (a *atomChecker) content(n *node) (needsSummary bool) {
	typ, hasType := n.attr("", "type")
	src, hasSrc := n.attr("", "src")
	if hasSrc {
		a.iri(n, src)
		if len(n.Children) > 0 || !isBlank(n.Text) {
			a.r.errorf(n.path(), "content with a src attribute must be empty")
		}
		if hasType && (typ == "text" || typ == "html" || typ == "xhtml") {
			a.r.errorf(n.path()+"/@type", "content with a src attribute has a media type, not %q", typ)
		} else if hasType && !mediaTypeRE.MatchString(typ) {
			a.r.errorf(n.path()+"/@type", "%q is not a media type", typ)
		}
		return true
	}
	switch {
	case !hasType || typ == "text" || typ == "html" || typ == "xhtml":
		a.text(n)
		return false
	case !mediaTypeRE.MatchString(typ):
		a.r.errorf(n.path()+"/@type", "type %q: content's type is text, html, xhtml or a media type", typ)
		return false
	}
	mt := strings.ToLower(strings.TrimSpace(strings.SplitN(typ, ";", 2)[0]))
	if strings.HasSuffix(mt, "/xml") || strings.HasSuffix(mt, "+xml") {
		return false // inline XML: any content
	}
	if strings.HasPrefix(mt, "text/") {
		if len(n.Children) > 0 {
			a.r.errorf(n.path(), "type %q content has child elements; text/* content is escaped text", typ)
		}
		return false
	}
	// Any other media type is Base64 (RFC 4287 section 4.1.3.3).
	if len(n.Children) > 0 || !base64RE.MatchString(strings.Join(strings.Fields(n.Text), "")) {
		a.r.errorf(n.path(), "type %q content must be Base64-encoded", typ)
	}
	return true
}

var base64RE = regexp.MustCompile(`^[A-Za-z0-9+/]*={0,2}$`)

// person checks a person construct (author, contributor).
func (a *atomChecker) person(n *node) {
	a.known(n, set("name", "uri", "email"))
	if name := a.one(n, "name", true); name != nil && isBlank(name.Text) {
		a.r.warnf(name.path(), "the name is empty")
	}
	if u := a.one(n, "uri", false); u != nil {
		a.iri(u, u.Text)
	}
	if e := a.one(n, "email", false); e != nil && !strings.Contains(e.Text, "@") {
		a.r.errorf(e.path(), "%q is not an e-mail address", e.Text)
	}
}

func (a *atomChecker) category(n *node) {
	term, ok := n.attr("", "term")
	if !ok || isBlank(term) {
		a.r.errorf(n.path()+"/@term", "a category must have a non-empty term")
	}
	if s, ok := n.attr("", "scheme"); ok && !absURL(s) {
		a.r.errorf(n.path()+"/@scheme", "%q is not an absolute IRI", s)
	}
}

// links checks every atom:link of n and returns them. Two alternate links
// must not share type and hreflang (RFC 4287 sections 4.1.1 and 4.1.2).
func (a *atomChecker) links(n *node) []*node {
	links := n.children(nsAtom, "link")
	alt := make(map[string]bool)
	for _, l := range links {
		p := l.path()
		href, ok := l.attr("", "href")
		if !ok {
			a.r.errorf(p, "a link must have an href")
		} else if !absURL(href) {
			if _, base := l.attr(nsXML, "base"); base {
				a.r.warnf(p+"/@href", "%q is relative; readers resolve it against xml:base", href)
			} else {
				a.r.errorf(p+"/@href", "%q is not an absolute IRI", href)
			}
		}
		rel, hasRel := l.attr("", "rel")
		if hasRel && (rel == "" || (!absURL(rel) && strings.Contains(rel, ":"))) {
			a.r.errorf(p+"/@rel", "%q is neither a registered relation name nor an IRI", rel)
		}
		typ, hasType := l.attr("", "type")
		if hasType && !mediaTypeRE.MatchString(typ) {
			a.r.errorf(p+"/@type", "%q is not a media type", typ)
		}
		hreflang, _ := l.attr("", "hreflang")
		if hreflang != "" && !langRE.MatchString(hreflang) {
			a.r.errorf(p+"/@hreflang", "%q is not a well-formed language tag", hreflang)
		}
		if length, ok := l.attr("", "length"); ok {
			if n, err := strconv.ParseInt(length, 10, 64); err != nil || n < 0 {
				a.r.errorf(p+"/@length", "%q is not a length in octets", length)
			}
		}
		if !hasRel || rel == "alternate" {
			key := typ + "\x00" + hreflang
			if alt[key] {
				a.r.errorf(p, "a second link rel=\"alternate\" with type %q and hreflang %q", typ, hreflang)
			}
			alt[key] = true
		}
	}
	return links
}
