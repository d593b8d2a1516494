package feed

import (
	"html"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
)

// urlAttrs are the attributes whose value is one URL; srcset, a list of
// them, is handled apart.
var urlAttrs = map[string]bool{"href": true, "src": true, "poster": true}

// fragment is what one pass over an HTML fragment finds.
type fragment struct {
	html     string // the fragment with its relative URLs resolved
	text     string // its plain text, see plainText
	firstImg string // the first <img>'s absolute http(s) URL, or ""
}

// scanFragment makes one pass over an HTML fragment's tokens. It resolves
// the relative URLs of href, src, poster and srcset attributes against base
// (a nil base leaves them), keeping every other byte as it was: only the
// start tags it changes are re-serialised. On the way it collects the
// fragment's plain text and its first image.
func scanFragment(s string, base *url.URL) fragment {
	if !strings.ContainsAny(s, "<&") {
		return fragment{html: s, text: collapseSpace(s)}
	}
	var (
		out      strings.Builder // the rewritten fragment, from s[:copied] on
		copied   int             // bytes of s already accounted for in out
		pos      int             // offset of the current token in s
		text     textBuilder
		firstImg string
		inScript bool // the tokenizer reads script and style bodies as one text token
		attrs    []xhtml.Attribute
	)
	text.b.Grow(len(s))
	z := xhtml.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break // io.EOF: a string reader fails no other way
		}
		raw := z.Raw() // before TagName and TagAttr, which lower-case the buffer in place
		start := pos
		pos += len(raw)
		switch tt {
		case xhtml.TextToken:
			if !inScript {
				text.write(z.Text())
			}
			continue
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken, xhtml.EndTagToken:
		default:
			continue
		}
		// The tag's name, read from the raw bytes: Tokenizer.TagName
		// allocates, and most tags need no more than a look at their name.
		var buf [16]byte
		name := rawTagName(raw, buf[:0])
		switch tag := string(name); {
		case tag == "script" || tag == "style":
			inScript = tt == xhtml.StartTagToken
		case blockTags[tag]:
			text.space()
		}
		if tt == xhtml.EndTagToken || !mayHoldURL(raw) {
			continue
		}

		attrs = attrs[:0]
		changed := false
		for more := true; more; {
			var k, v []byte
			k, v, more = z.TagAttr()
			a := xhtml.Attribute{Key: string(k), Val: string(v)}
			var resolved string
			switch {
			case urlAttrs[a.Key]:
				resolved = resolveRef(base, a.Val)
			case a.Key == "srcset":
				resolved = resolveSrcset(base, a.Val)
			default:
				resolved = a.Val
			}
			if resolved != a.Val {
				a.Val = resolved
				changed = true
			}
			attrs = append(attrs, a)
		}
		if firstImg == "" && string(name) == "img" {
			firstImg = imgURL(attrs, base)
		}
		if changed {
			if copied == 0 {
				out.Grow(len(s) + 256)
			}
			out.WriteString(s[copied:start])
			fullName, _ := z.TagName() // name may be cut short
			writeTag(&out, fullName, attrs, tt == xhtml.SelfClosingTagToken)
			copied = pos
		}
	}
	f := fragment{html: s, text: text.String(), firstImg: firstImg}
	if copied > 0 {
		out.WriteString(s[copied:])
		f.html = out.String()
	}
	return f
}

// writeTag writes a start tag, as html.Token.String would, without its
// intermediate buffer.
func writeTag(b *strings.Builder, name []byte, attrs []xhtml.Attribute, selfClosing bool) {
	b.WriteByte('<')
	b.Write(name)
	for _, a := range attrs {
		b.WriteByte(' ')
		b.WriteString(a.Key)
		b.WriteString(`="`)
		b.WriteString(html.EscapeString(a.Val))
		b.WriteByte('"')
	}
	if selfClosing {
		b.WriteString("/>")
	} else {
		b.WriteByte('>')
	}
}

// rawTagName appends the lower-cased name of the raw tag to dst: the
// bytes after "<" or "</" up to whitespace, "/" or ">". A name longer than
// dst's capacity comes back cut, which is enough to tell it is none of the
// short names scanFragment looks for.
func rawTagName(raw, dst []byte) []byte {
	i := 1
	if i < len(raw) && raw[i] == '/' {
		i++
	}
	for ; i < len(raw) && len(dst) < cap(dst); i++ {
		c := raw[i]
		switch c {
		case ' ', '\t', '\n', '\r', '\f', '/', '>':
			return dst
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// mayHoldURL reports whether a raw start tag may carry an href, src,
// poster or srcset attribute, ignoring case: a cheap test that spares most
// tags the cost of reading their attributes.
func mayHoldURL(raw []byte) bool {
	for i := 0; i+3 <= len(raw); i++ {
		switch raw[i] | 0x20 {
		case 's':
			if raw[i+1]|0x20 == 'r' && raw[i+2]|0x20 == 'c' {
				return true
			}
		case 'h':
			if i+4 <= len(raw) && raw[i+1]|0x20 == 'r' && raw[i+2]|0x20 == 'e' && raw[i+3]|0x20 == 'f' {
				return true
			}
		case 'p':
			if i+6 <= len(raw) && strings.EqualFold(string(raw[i:i+6]), "poster") {
				return true
			}
		}
	}
	return false
}

// imgURL returns an <img>'s absolute http(s) URL: its src, or the
// data-src a lazy-loading page puts the real one in.
func imgURL(attrs []xhtml.Attribute, base *url.URL) string {
	for _, key := range []string{"src", "data-src", "data-lazy-src"} {
		for _, a := range attrs {
			if a.Key == key {
				if u := absHTTP(base, a.Val); u != "" {
					return u
				}
			}
		}
	}
	return ""
}

// resolveRef resolves a relative reference against base. Absolute URLs,
// empty values, values that do not parse and any value when base is nil
// come back unchanged.
func resolveRef(base *url.URL, ref string) string {
	if base == nil {
		return ref
	}
	r := strings.TrimSpace(ref)
	if r == "" || hasScheme(r) {
		return ref
	}
	u, err := url.Parse(r)
	if err != nil || u.IsAbs() {
		return ref
	}
	return base.ResolveReference(u).String()
}

// hasScheme reports whether ref starts with a URL scheme ("https:",
// "mailto:"), which makes it absolute without the cost of parsing it.
func hasScheme(ref string) bool {
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.':
			if i == 0 {
				return false
			}
		case c == ':':
			return i > 0
		default:
			return false
		}
	}
	return false
}

// resolveSrcset resolves each image candidate URL of a srcset attribute
// ("a.jpg 1x, b.jpg 2x") and keeps the descriptors. It follows the shape of
// the HTML standard's parsing algorithm: a candidate is a URL up to
// whitespace (trailing commas belong to the separator), then an optional
// descriptor up to the next comma outside parentheses.
func resolveSrcset(base *url.URL, srcset string) string {
	if base == nil {
		return srcset
	}
	var out []string
	s := srcset
	for {
		s = strings.TrimLeft(s, " \t\n\r\f,")
		if s == "" {
			break
		}
		end := strings.IndexAny(s, " \t\n\r\f")
		if end < 0 {
			end = len(s)
		}
		rawURL := s[:end]
		s = s[end:]
		descriptor := ""
		if trimmed := strings.TrimRight(rawURL, ","); trimmed != rawURL {
			rawURL = trimmed // "a.jpg," : no descriptor
		} else {
			depth, i := 0, 0
		scan:
			for ; i < len(s); i++ {
				switch s[i] {
				case '(':
					depth++
				case ')':
					if depth > 0 {
						depth--
					}
				case ',':
					if depth == 0 {
						break scan
					}
				}
			}
			descriptor = strings.TrimSpace(s[:i])
			s = s[i:]
		}
		c := resolveRef(base, rawURL)
		if descriptor != "" {
			c += " " + descriptor
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return srcset
	}
	return strings.Join(out, ", ")
}

// absHTTP resolves ref against base (which may be nil) and returns it when
// the result is an absolute http or https URL with a host, else "".
func absHTTP(base *url.URL, ref string) string {
	u := absURL(base, ref)
	if u == nil {
		return ""
	}
	return u.String()
}

// absURL is absHTTP returning the parsed URL, or nil.
func absURL(base *url.URL, ref string) *url.URL {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil
	}
	u, err := url.Parse(ref)
	if err != nil {
		return nil
	}
	if !u.IsAbs() {
		if base == nil {
			return nil
		}
		u = base.ResolveReference(u)
	}
	if s := strings.ToLower(u.Scheme); (s != "http" && s != "https") || u.Host == "" {
		return nil
	}
	return u
}

// blockTags are the elements whose boundaries separate words in text.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "br": true,
	"dd": true, "div": true, "dl": true, "dt": true, "figcaption": true, "figure": true,
	"footer": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"header": true, "hr": true, "li": true, "ol": true, "p": true, "pre": true,
	"section": true, "table": true, "td": true, "th": true, "tr": true, "ul": true,
}

// plainText returns the text of an HTML fragment: tags stripped (block
// boundaries become spaces), entities decoded, script and style dropped,
// whitespace collapsed to single spaces.
func plainText(s string) string {
	return scanFragment(s, nil).text
}

// textBuilder collects text, collapsing each run of whitespace (including
// non-breaking spaces) into one space and dropping it at both ends.
type textBuilder struct {
	b       strings.Builder
	pending bool // a space is due before the next non-space
}

func (t *textBuilder) space() { t.pending = t.b.Len() > 0 }

func (t *textBuilder) write(p []byte) {
	for len(p) > 0 {
		// Copy the run of non-space bytes up to the next space in one go.
		i := 0
		for i < len(p) {
			c := p[i]
			if c < utf8.RuneSelf {
				if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
					break
				}
				i++
				continue
			}
			r, n := utf8.DecodeRune(p[i:])
			if unicode.IsSpace(r) { // includes U+00A0
				break
			}
			i += n
		}
		if i > 0 {
			if t.pending {
				t.b.WriteByte(' ')
				t.pending = false
			}
			t.b.Write(p[:i])
			p = p[i:]
			continue
		}
		// p starts with a space.
		t.space()
		_, n := utf8.DecodeRune(p)
		p = p[n:]
	}
}

func (t *textBuilder) String() string { return t.b.String() }

// collapseSpace trims s and collapses each run of whitespace (including
// non-breaking spaces) into one space.
func collapseSpace(s string) string {
	var t textBuilder
	t.write([]byte(s))
	return t.String()
}

// shortText cuts text to at most max runes, at a word boundary when there
// is one in the second half, and marks the cut with an ellipsis.
func shortText(text string, max int) string {
	if utf8.RuneCountInString(text) <= max {
		return text
	}
	cut, n := 0, 0
	for i := range text {
		if n == max-1 {
			cut = i
			break
		}
		n++
	}
	if sp := strings.LastIndexByte(text[:cut], ' '); sp > cut/2 {
		cut = sp
	}
	return strings.TrimRight(text[:cut], " ,;:.-") + "…"
}

// textToHTML escapes plain text into HTML paragraphs: blank lines separate
// paragraphs and single newlines become <br>.
func textToHTML(text string) string {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if text == "" {
		return ""
	}
	var b strings.Builder
	for para := range strings.SplitSeq(text, "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>")
			}
			b.WriteString(html.EscapeString(strings.TrimSpace(line)))
		}
		b.WriteString("</p>")
	}
	return b.String()
}
