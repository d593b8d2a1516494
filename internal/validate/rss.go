package validate

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// RSS checks b as an RSS 2.0 document, by the RSS Advisory Board's
// specification and profile, with gleaner's own requirements on top: an
// atom:link rel="self" on the channel, and a guid on every item.
func RSS(b []byte) []Problem {
	var r report
	root, err := parseXML(b)
	if err != nil {
		r.errorf("document", "not well-formed XML: %v", err)
		return r.ps
	}
	if root.Name.Space != "" || root.Name.Local != "rss" {
		r.errorf(qname(root.Name), "the root element must be rss, in no namespace")
		return r.ps
	}
	if v, _ := root.attr("", "version"); v != "2.0" {
		r.errorf("rss/@version", "version is %q, not \"2.0\"", v)
	}
	checkXMLCommon(&r, root)
	chs := root.children("", "channel")
	if len(chs) != 1 {
		r.errorf("rss", "%d channel elements; rss has exactly one", len(chs))
		if len(chs) == 0 {
			return r.ps
		}
	}
	rc := rssChecker{r: &r}
	rc.channel(chs[0])
	return r.ps
}

type rssChecker struct{ r *report }

var (
	rssChannelChildren = set("title", "link", "description", "language", "copyright", "managingEditor", "webMaster",
		"pubDate", "lastBuildDate", "category", "generator", "docs", "cloud", "ttl", "image", "rating", "textInput",
		"skipHours", "skipDays", "item")
	rssItemChildren = set("title", "link", "description", "author", "category", "comments", "enclosure", "guid", "pubDate", "source")
)

func (c *rssChecker) channel(ch *node) {
	c.known(ch, rssChannelChildren)
	for _, name := range []string{"title", "link", "description"} {
		n := c.one(ch, name, true)
		if n == nil {
			continue
		}
		switch {
		case name == "link":
			c.url(n, n.Text)
		case isBlank(n.Text):
			c.r.warnf(n.path(), "the channel's %s is empty", name)
		}
	}
	for _, name := range []string{"language", "copyright", "managingEditor", "webMaster", "pubDate", "lastBuildDate",
		"generator", "docs", "cloud", "ttl", "image", "rating", "textInput", "skipHours", "skipDays"} {
		c.one(ch, name, false)
	}
	if n := ch.child("", "language"); n != nil && !langRE.MatchString(trimmed(n.Text)) {
		c.r.errorf(n.path(), "%q is not a well-formed language tag", n.Text)
	}
	for _, name := range []string{"managingEditor", "webMaster"} {
		if n := ch.child("", name); n != nil {
			c.email(n)
		}
	}
	for _, name := range []string{"pubDate", "lastBuildDate"} {
		if n := ch.child("", name); n != nil {
			c.date(n)
		}
	}
	if n := ch.child("", "docs"); n != nil {
		c.url(n, n.Text)
	}
	if n := ch.child("", "ttl"); n != nil {
		if v, err := strconv.Atoi(trimmed(n.Text)); err != nil || v < 0 {
			c.r.errorf(n.path(), "%q is not a number of minutes", n.Text)
		}
	}
	if img := ch.child("", "image"); img != nil {
		for _, name := range []string{"url", "title", "link"} {
			if n := c.one(img, name, true); n != nil && name != "title" {
				c.url(n, n.Text)
			}
		}
	}
	for _, cat := range ch.children("", "category") {
		c.category(cat)
	}
	c.self(ch)

	guids := make(map[string]string)
	for _, it := range ch.children("", "item") {
		c.item(it, guids)
	}
}

// self checks the channel's atom:link rel="self" (RSS Advisory Board
// profile, "Atom link").
func (c *rssChecker) self(ch *node) {
	var self []*node
	for _, l := range ch.children(nsAtom, "link") {
		if rel, _ := l.attr("", "rel"); rel == "self" {
			self = append(self, l)
		}
	}
	if len(self) == 0 {
		c.r.errorf(ch.path(), `no atom:link rel="self" (namespace %s) giving the feed's own URL`, nsAtom)
		return
	}
	if len(self) > 1 {
		c.r.warnf(self[1].path(), `%d atom:link rel="self"; a feed has one address`, len(self))
	}
	l := self[0]
	href, _ := l.attr("", "href")
	if !absURL(href) {
		c.r.errorf(l.path()+"/@href", "%q is not an absolute URL", href)
	}
	if t, _ := l.attr("", "type"); t != "application/rss+xml" {
		c.r.errorf(l.path()+"/@type", `the self link's type is %q, not "application/rss+xml"`, t)
	}
	if u, err := url.Parse(href); err == nil && !strings.HasSuffix(u.Path, ".rss") && !strings.HasSuffix(u.Path, ".xml") {
		c.r.warnf(l.path()+"/@href", "%q does not look like the address of an RSS file (.rss or .xml)", href)
	}
}

func (c *rssChecker) item(it *node, guids map[string]string) {
	c.known(it, rssItemChildren)
	p := it.path()
	for _, name := range []string{"title", "link", "description", "author", "comments", "guid", "pubDate", "source"} {
		c.one(it, name, false)
	}
	title, desc := it.child("", "title"), it.child("", "description")
	if (title == nil || isBlank(title.Text)) && (desc == nil || isBlank(desc.Text)) {
		c.r.errorf(p, "an item must have a title or a description")
	}
	if l := it.child("", "link"); l != nil {
		c.url(l, l.Text)
	}
	if g := it.child("", "guid"); g == nil {
		c.r.errorf(p, "no guid: every item needs one, so that readers show it once")
	} else {
		v := trimmed(g.Text)
		perma, ok := g.attr("", "isPermaLink")
		if ok && perma != "true" && perma != "false" {
			c.r.errorf(g.path()+"/@isPermaLink", "%q: isPermaLink is true or false", perma)
		}
		switch {
		case v == "":
			c.r.errorf(g.path(), "the guid is empty")
		case perma != "false" && !isHTTPURL(v):
			c.r.errorf(g.path(), "%q is not a URL, but isPermaLink is %s: add isPermaLink=\"false\"", v, map[bool]string{true: "true", false: "true by default"}[ok])
		}
		if first, dup := guids[v]; dup && v != "" {
			c.r.errorf(g.path(), "guid %q is also the guid of %s", v, first)
		} else {
			guids[v] = p
		}
	}
	if d := it.child("", "pubDate"); d != nil {
		c.date(d) // optional: an item without a date has none
	}
	if a := it.child("", "author"); a != nil {
		c.email(a)
	}
	if cm := it.child("", "comments"); cm != nil {
		c.url(cm, cm.Text)
	}
	encs := it.children("", "enclosure")
	if len(encs) > 1 {
		c.r.warnf(encs[1].path(), "%d enclosures: many readers take only the first (RSS Advisory Board profile)", len(encs))
	}
	for _, e := range encs {
		c.enclosure(e)
	}
	for _, cat := range it.children("", "category") {
		c.category(cat)
	}
	if s := it.child("", "source"); s != nil {
		u, ok := s.attr("", "url")
		if !ok {
			c.r.errorf(s.path(), "a source must have a url attribute")
		} else {
			c.url(s, u)
		}
	}
	if ce := it.children(nsContent, "encoded"); len(ce) > 1 {
		c.r.errorf(ce[1].path(), "%d content:encoded elements; an item has at most one", len(ce))
	}
	for _, dc := range it.children(nsDC, "creator") {
		if isBlank(dc.Text) {
			c.r.warnf(dc.path(), "dc:creator is empty")
		}
	}
}

func (c *rssChecker) enclosure(e *node) {
	p := e.path()
	u, ok := e.attr("", "url")
	if !ok {
		c.r.errorf(p, "an enclosure must have a url")
	} else if !isHTTPURL(u) {
		c.r.errorf(p+"/@url", "%q is not an http(s) URL", u)
	}
	l, ok := e.attr("", "length")
	if !ok {
		c.r.errorf(p, "an enclosure must have a length (0 when unknown)")
	} else if n, err := strconv.ParseInt(l, 10, 64); err != nil || n < 0 {
		c.r.errorf(p+"/@length", "%q is not a length in bytes", l)
	}
	t, ok := e.attr("", "type")
	if !ok {
		c.r.errorf(p, "an enclosure must have a type")
	} else if !mediaTypeRE.MatchString(t) {
		c.r.errorf(p+"/@type", "%q is not a media type", t)
	}
}

func (c *rssChecker) category(n *node) {
	if isBlank(n.Text) {
		c.r.errorf(n.path(), "the category is empty")
	}
	if d, ok := n.attr("", "domain"); ok && isBlank(d) {
		c.r.warnf(n.path()+"/@domain", "the domain is empty: leave it out")
	}
}

// known reports elements in no namespace that RSS 2.0 does not define
// there. Elements of a namespace are extensions, allowed.
func (c *rssChecker) known(n *node, allowed map[string]bool) {
	for _, ch := range n.Children {
		if ch.Name.Space == "" && !allowed[ch.Name.Local] {
			c.r.errorf(ch.path(), "<%s> is not an RSS 2.0 element of %s: extensions go in a namespace", ch.Name.Local, n.Name.Local)
		}
	}
}

func (c *rssChecker) one(n *node, name string, required bool) *node {
	cs := n.children("", name)
	switch {
	case len(cs) == 0 && required:
		c.r.errorf(n.path(), "%s is missing; it is required in %s", name, n.Name.Local)
	case len(cs) > 1:
		c.r.errorf(cs[1].path(), "%d %s elements; %s has at most one", len(cs), name, n.Name.Local)
	}
	if len(cs) == 0 {
		return nil
	}
	return cs[0]
}

func (c *rssChecker) url(n *node, s string) {
	if !isHTTPURL(trimmed(s)) {
		c.r.errorf(n.path(), "%q is not an absolute http(s) URL", s)
	}
}

// rssEmailRE is what RSS wants in author, managingEditor and webMaster:
// an address, optionally followed by a name in parentheses.
var rssEmailRE = regexp.MustCompile(`^[^@\s()]+@[^@\s()]+(\s+\(.*\))?$`)

func (c *rssChecker) email(n *node) {
	if !rssEmailRE.MatchString(trimmed(n.Text)) {
		c.r.errorf(n.path(), "%q is not an e-mail address (put names in dc:creator)", n.Text)
	}
}

// rfc822RE is RFC 822's date-time (section 5) with RSS's four-digit year.
var rfc822RE = regexp.MustCompile(`^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{2,4}) (\d{2}:\d{2}(?::\d{2})?) (UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|[A-IK-Z]|[+-]\d{4})$`)

func (c *rssChecker) date(n *node) {
	s := trimmed(n.Text)
	m := rfc822RE.FindStringSubmatch(s)
	if m == nil {
		c.r.errorf(n.path(), "%q is not an RFC 822 date-time (like Mon, 02 Jan 2006 15:04:05 +0000)", n.Text)
		return
	}
	if len(m[4]) != 4 {
		c.r.errorf(n.path(), "%q: the year must have four digits", s)
		return
	}
	if len(m[6]) == 1 {
		c.r.warnf(n.path(), "%q: military time zones are ambiguous; use +0000 or GMT", s)
	}
	clock := m[5]
	if len(clock) == 5 {
		clock += ":00"
	}
	t, err := time.Parse("2 Jan 2006 15:04:05", fmt.Sprintf("%s %s %s %s", m[2], m[3], m[4], clock))
	if err != nil {
		c.r.errorf(n.path(), "%q is not a valid date: %v", s, err)
		return
	}
	if m[1] != "" && m[1] != t.Weekday().String()[:3] {
		c.r.errorf(n.path(), "%q: %s %s %s is a %s", s, m[2], m[3], m[4], t.Weekday())
	}
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && absURL(s) && (u.Scheme == "http" || u.Scheme == "https")
}

// rssSelf returns the href of the channel's atom:link rel="self", if any.
func rssSelf(b []byte) string {
	root, err := parseXML(b)
	if err != nil {
		return ""
	}
	if ch := root.child("", "channel"); ch != nil {
		for _, l := range ch.children(nsAtom, "link") {
			if rel, _ := l.attr("", "rel"); rel == "self" {
				href, _ := l.attr("", "href")
				return href
			}
		}
	}
	return ""
}

// atomSelf returns the href of the feed's link rel="self", if any.
func atomSelf(b []byte) string {
	root, err := parseXML(b)
	if err != nil {
		return ""
	}
	for _, l := range root.children(nsAtom, "link") {
		if rel, _ := l.attr("", "rel"); rel == "self" {
			href, _ := l.attr("", "href")
			return href
		}
	}
	return ""
}
