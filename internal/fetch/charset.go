package fetch

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// metaScanLimit is how far into an HTML document a <meta> charset is looked
// for. Browsers stop at 1024 bytes; some CMS themes put a lot of markup
// before the meta tag, and looking a little further costs nothing.
const metaScanLimit = 4096

// xmlDeclScanLimit bounds the search for an XML declaration, which must open
// the document (leading whitespace is tolerated).
const xmlDeclScanLimit = 512

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}

	// xmlEncodingRE finds the encoding pseudo-attribute of a leading XML
	// declaration; submatch 1 is the label.
	xmlEncodingRE = regexp.MustCompile(`^\s*<\?xml\s+(?:[^>]*?\s)?encoding\s*=\s*["']([^"'>]*)["']`)
)

// ToUTF8 returns body converted to UTF-8 and the charset it was decoded
// from, as a WHATWG canonical name ("utf-8", "windows-1252", "utf-16le", …).
// contentType is the HTTP Content-Type header value, which may be empty.
//
// The charset is chosen from, in order:
//
//  1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE), which always wins;
//  2. the charset parameter of contentType;
//  3. the encoding of a leading XML declaration (<?xml … encoding="…"?>);
//  4. an HTML <meta charset> or <meta http-equiv="Content-Type"> in the
//     first few KiB, for HTML (by media type or by sniffing);
//  5. otherwise UTF-8.
//
// Labels are resolved as browsers do (htmlindex): ISO-8859-1 and US-ASCII
// decode as windows-1252; unknown labels are ignored. Two corrections for
// common server mistakes: when the chosen charset is UTF-8 but the bytes are
// not valid UTF-8, a later non-UTF-8 declaration is used, and failing that
// the body is read as windows-1252 (valid multi-byte UTF-8 sequences inside
// it are kept, so a UTF-8 document with one stray cp1252 quote survives);
// and when the header names a legacy charset but the document itself
// declares UTF-8 and its bytes are valid, non-ASCII UTF-8, UTF-8 is used.
//
// The BOM is always stripped, and an XML declaration naming another encoding
// is rewritten to encoding="UTF-8", so an XML parser downstream does not
// decode twice. When nothing needs changing, the result is body itself.
func ToUTF8(body []byte, contentType string) (utf8Body []byte, charset string, err error) {
	switch {
	case bytes.HasPrefix(body, bomUTF8):
		b := body[len(bomUTF8):]
		if !utf8.Valid(b) {
			b = bytes.ToValidUTF8(b, []byte("\uFFFD"))
		}
		return fixXMLDecl(b), "utf-8", nil
	case bytes.HasPrefix(body, bomUTF16LE):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", body[len(bomUTF16LE):])
	case bytes.HasPrefix(body, bomUTF16BE):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", body[len(bomUTF16BE):])
	}

	type declaration struct {
		label string
		inDoc bool // declared inside the document, so readable as ASCII
	}
	var decls []declaration
	if l := charsetParam(contentType); l != "" {
		decls = append(decls, declaration{l, false})
	}
	if l := xmlDeclEncoding(body); l != "" {
		decls = append(decls, declaration{l, true})
	}
	if isHTML(contentType, body) {
		if l := metaCharset(body); l != "" {
			decls = append(decls, declaration{l, true})
		}
	}

	valid := utf8.Valid(body)
	resolve := func(d declaration) (encoding.Encoding, string) {
		enc, err := htmlindex.Get(d.label)
		if err != nil {
			return nil, ""
		}
		name, err := htmlindex.Name(enc)
		if err != nil {
			return nil, ""
		}
		if d.inDoc && strings.HasPrefix(name, "utf-16") {
			// A UTF-16 document could not have declared itself in ASCII:
			// the declaration is wrong (HTML's rule, and true of XML too).
			return encoding.Nop, "utf-8"
		}
		return enc, name
	}
	for i, d := range decls {
		enc, name := resolve(d)
		switch {
		case enc == nil:
			continue
		case name == "utf-8" && !valid:
			continue // mislabelled: look for another declaration
		case name == "utf-8":
			return fixXMLDecl(body), "utf-8", nil
		case !d.inDoc && valid && !isASCII(body):
			// The header names a legacy charset over valid, non-ASCII
			// UTF-8: believe the document if it says UTF-8.
			for _, later := range decls[i+1:] {
				if _, n := resolve(later); later.inDoc && n == "utf-8" {
					return fixXMLDecl(body), "utf-8", nil
				}
			}
		}
		return decodeWith(enc, name, body)
	}
	if valid {
		return fixXMLDecl(body), "utf-8", nil
	}
	return fixXMLDecl(decodeMixed(body)), "windows-1252", nil
}

func decodeWith(enc encoding.Encoding, name string, b []byte) ([]byte, string, error) {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return nil, "", fmt.Errorf("decode %s: %w", name, err)
	}
	if !utf8.Valid(out) { // defensive: decoders emit U+FFFD, but be sure
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	return fixXMLDecl(out), name, nil
}

// decodeMixed keeps valid multi-byte UTF-8 sequences and reads every other
// byte as windows-1252. On a pure cp1252 text it equals a cp1252 decode,
// because cp1252 text essentially never contains a valid UTF-8 sequence.
func decodeMixed(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/4)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			out = utf8.AppendRune(out, charmap.Windows1252.DecodeByte(b[0]))
			b = b[1:]
			continue
		}
		out = append(out, b[:size]...)
		b = b[size:]
	}
	return out
}

// fixXMLDecl rewrites a leading XML declaration's encoding to UTF-8 when it
// names anything else. It copies rather than modifying b.
func fixXMLDecl(b []byte) []byte {
	m := xmlEncodingRE.FindSubmatchIndex(b[:min(len(b), xmlDeclScanLimit)])
	if m == nil || strings.EqualFold(string(b[m[2]:m[3]]), "utf-8") {
		return b
	}
	out := make([]byte, 0, len(b)+5)
	out = append(out, b[:m[2]]...)
	out = append(out, "UTF-8"...)
	return append(out, b[m[3]:]...)
}

// xmlDeclEncoding returns the encoding label of a leading XML declaration.
func xmlDeclEncoding(b []byte) string {
	m := xmlEncodingRE.FindSubmatch(b[:min(len(b), xmlDeclScanLimit)])
	if m == nil {
		return ""
	}
	return strings.TrimSpace(string(m[1]))
}

// charsetParam returns the charset parameter of a Content-Type value,
// tolerating the malformed values some servers send.
func charsetParam(contentType string) string {
	if contentType == "" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		return strings.TrimSpace(params["charset"])
	}
	i := indexASCIIFold(contentType, "charset=")
	if i < 0 {
		return ""
	}
	v := contentType[i+len("charset="):]
	if j := strings.IndexAny(v, "; \t"); j >= 0 {
		v = v[:j]
	}
	return strings.Trim(v, `"'`)
}

// isHTML reports whether a <meta> charset should be looked for: the media
// type says HTML, or says nothing useful and the body sniffs as HTML.
func isHTML(contentType string, body []byte) bool {
	mt := mediaType(contentType)
	if strings.Contains(mt, "html") {
		return true
	}
	switch mt {
	case "", "text/plain", "application/octet-stream":
		return strings.HasPrefix(http.DetectContentType(body), "text/html")
	}
	return false
}

// metaCharset returns the label of the first <meta charset> or <meta
// http-equiv="Content-Type" content="…; charset=…"> before <body>.
func metaCharset(b []byte) string {
	z := html.NewTokenizer(bytes.NewReader(b[:min(len(b), metaScanLimit)]))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "head" {
				return ""
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			switch string(name) {
			case "body":
				return ""
			case "meta":
			default:
				continue
			}
			var charset, httpEquiv, content string
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "charset":
					charset = string(v)
				case "http-equiv":
					httpEquiv = string(v)
				case "content":
					content = string(v)
				}
			}
			if l := strings.TrimSpace(charset); l != "" {
				return l
			}
			if strings.EqualFold(strings.TrimSpace(httpEquiv), "content-type") {
				if l := charsetParam(content); l != "" {
					return l
				}
			}
		}
	}
}

// indexASCIIFold is strings.Index ignoring ASCII case. (Lower-casing s
// first would shift offsets when s is not valid UTF-8.)
func indexASCIIFold(s, substr string) int {
	for i := 0; i+len(substr) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(substr)], substr) {
			return i
		}
	}
	return -1
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
