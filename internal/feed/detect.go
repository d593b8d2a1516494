package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// Detect sniffs what body is: an RSS (0.9x, 1.0 RDF, 2.0), Atom (0.3, 1.0)
// or JSON Feed (1.0, 1.1) document, an HTML page, or unknown (empty, other
// XML or JSON, plain text). It looks at the root element of XML and at the
// version member of JSON; it does not validate the rest, so [Parse] may
// still fail on a body Detect calls a feed.
func Detect(body []byte) Kind {
	kind, _ := sniff(body)
	if kind == KindJSON && !isJSONFeed(trimLeading(body)) {
		return KindUnknown
	}
	return kind
}

// What a body that is not a feed looks like, for ErrNotFeed's message.
const (
	looksEmpty       = "empty document"
	looksHTML        = "looks like an HTML page"
	looksJSONNotFeed = "JSON but not a JSON Feed"
	looksText        = "looks like plain text, not XML or JSON"
)

// sniffLimit bounds how much of a body sniff will tokenise looking for the
// root element. Real feeds open their root within a few hundred bytes; the
// bound only matters for hostile or broken bodies.
const sniffLimit = 64 << 10

// sniff returns the body's kind and, when it is not a feed, what it looks
// like. A body opening with '{' is reported as KindJSON without checking
// its version: Parse decodes it once and checks then.
func sniff(body []byte) (Kind, string) {
	b := trimLeading(body)
	if len(b) == 0 {
		return KindUnknown, looksEmpty
	}
	switch b[0] {
	case '{':
		return KindJSON, ""
	case '[':
		return KindUnknown, looksJSONNotFeed
	case '<':
		return sniffMarkup(b)
	}
	return KindUnknown, looksText
}

// trimLeading drops the byte order marks and whitespace that may precede a
// document.
func trimLeading(b []byte) []byte {
	for {
		switch {
		case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
			b = b[3:]
		case len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n'):
			b = b[1:]
		default:
			return b
		}
	}
}

// sniffMarkup finds the root element of an XML (or HTML) document.
func sniffMarkup(b []byte) (Kind, string) {
	head := b
	if len(head) > sniffLimit {
		head = head[:sniffLimit]
	}
	d := xml.NewDecoder(bytes.NewReader(head))
	d.Strict = false // as gofeed reads it
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	htmlDoctype := false
	for {
		tok, err := d.RawToken()
		if err != nil {
			switch {
			case htmlDoctype || looksLikeHTML(head):
				return KindHTML, looksHTML
			case errors.Is(err, io.EOF):
				return KindUnknown, "XML without a root element"
			}
			return KindUnknown, "malformed XML: " + err.Error()
		}
		switch t := tok.(type) {
		case xml.Directive:
			if f := strings.Fields(string(t)); len(f) >= 2 && strings.EqualFold(f[0], "doctype") && strings.EqualFold(f[1], "html") {
				htmlDoctype = true
			}
		case xml.StartElement:
			switch name := strings.ToLower(t.Name.Local); {
			case name == "rss", name == "rdf":
				return KindRSS, ""
			case name == "feed":
				return KindAtom, ""
			case htmlDoctype || htmlRoots[name]:
				return KindHTML, looksHTML
			default:
				root := t.Name.Local
				if t.Name.Space != "" {
					root = t.Name.Space + ":" + root
				}
				return KindUnknown, "XML with root element <" + root + ">"
			}
		}
	}
}

// htmlRoots are the elements an HTML page (or a fragment served as one) may
// open with when it has no doctype.
var htmlRoots = map[string]bool{
	"html": true, "head": true, "body": true, "meta": true, "title": true,
	"link": true, "script": true, "style": true, "div": true, "p": true,
}

// looksLikeHTML reports whether a body that is not well-formed enough for
// the XML tokenizer has an <html element near its start.
func looksLikeHTML(head []byte) bool {
	if len(head) > 1024 {
		head = head[:1024]
	}
	return bytes.Contains(bytes.ToLower(head), []byte("<html"))
}

// isJSONFeed reports whether a JSON body declares a JSON Feed version. A
// body too broken to decode counts when the version URL appears near its
// start, so that a truncated feed is reported as a broken feed rather than
// as something else.
func isJSONFeed(body []byte) bool {
	var probe struct {
		Version json.RawMessage `json:"version"`
	}
	if err := json.Unmarshal(body, &probe); err != nil {
		head := body
		if len(head) > 4096 {
			head = head[:4096]
		}
		return bytes.Contains(head, []byte("jsonfeed.org/version"))
	}
	var v string
	_ = json.Unmarshal(probe.Version, &v) // not a string: not a JSON Feed
	return jsonFeedVersion(v)
}

// jsonFeedVersion reports whether v is a JSON Feed version URL, such as
// "https://jsonfeed.org/version/1.1". Feeds in the wild also use http.
func jsonFeedVersion(v string) bool {
	return strings.Contains(v, "jsonfeed.org/version/")
}
