package serve

import (
	"path"
	"strings"
)

// fileType is how one kind of file is served.
type fileType struct {
	contentType  string
	cacheControl string
	// cors: partner pages read it with fetch() (the feeds).
	cors bool
	// document: a browser may render it as a page (HTML, and XML that an
	// XSLT stylesheet turns into a page), so it gets the
	// Content-Security-Policy.
	document bool
	// compress: worth gzipping.
	compress bool
	// browserType, when set, replaces contentType for a request that
	// accepts text/html: a browser navigating to the file.
	browserType string
}

// Cache lifetimes: readers poll feeds, the index changes with every run,
// assets (the stylesheet, embed.js) change with releases.
const (
	cacheFeed  = "public, max-age=300"
	cachePage  = "public, max-age=60"
	cacheAsset = "public, max-age=3600"
)

// types lists every extension served; a file with any other extension is
// never served, so that a stray database, backup or editor file in the
// output directory stays private.
//
// # Feeds in browsers
//
// What decides whether a browser applies feed.xsl is the type of the
// feed, not of the stylesheet. Measured with Chromium 156 (headless,
// --dump-dom): a feed served as application/atom+xml or
// application/rss+xml is shown as plain text and its
// <?xml-stylesheet?> ignored; served as application/xml or text/xml it is
// transformed, whatever type the stylesheet comes with (text/xsl,
// application/xslt+xml, text/xml, even text/plain, nosniff or not).
// Firefox (by its source: txStylesheetSink, nsParser) requires the
// stylesheet to parse as XML, which every type but HTML, plain text, CSS,
// JavaScript and JSON does ("An XSLT stylesheet does not have an XML
// mimetype" otherwise).
//
// So the stylesheet is served as text/xsl, the type gleaner writes in its
// <?xml-stylesheet type="text/xsl"?>, and a request for an Atom or RSS
// feed that accepts text/html, which browsers' navigations do and feed
// readers' requests do not, gets the feed as application/xml (with Vary:
// Accept).
// The transformed page is bound by the feed's Content-Security-Policy, in
// which script-src governs the XSLT load (script-src 'none' blocks it).
// Chromium marks XSLT as deprecated with a banner over the page (whose
// close button's inline handler the policy blocks: one console line).
var types = map[string]fileType{
	".atom": {contentType: "application/atom+xml; charset=utf-8", cacheControl: cacheFeed, cors: true, document: true, compress: true, browserType: xmlType},
	".rss":  {contentType: "application/rss+xml; charset=utf-8", cacheControl: cacheFeed, cors: true, document: true, compress: true, browserType: xmlType},
	".json": {contentType: "application/feed+json; charset=utf-8", cacheControl: cacheFeed, cors: true, compress: true},
	".opml": {contentType: "text/x-opml; charset=utf-8", cacheControl: cacheFeed, cors: true, document: true, compress: true},
	".html": {contentType: "text/html; charset=utf-8", cacheControl: cachePage, document: true, compress: true},
	".xsl":  {contentType: "text/xsl; charset=utf-8", cacheControl: cacheAsset, document: true, compress: true},
	".js":   {contentType: "text/javascript; charset=utf-8", cacheControl: cacheAsset, compress: true},
	".css":  {contentType: "text/css; charset=utf-8", cacheControl: cacheAsset, compress: true},
	".txt":  {contentType: "text/plain; charset=utf-8", cacheControl: cachePage, compress: true},
	".svg":  {contentType: "image/svg+xml", cacheControl: cacheAsset, document: true, compress: true},
	".png":  {contentType: "image/png", cacheControl: cacheAsset},
	".ico":  {contentType: "image/vnd.microsoft.icon", cacheControl: cacheAsset, compress: true},
}

// xmlType is what a browser gets for a feed, so that it applies the
// feed's stylesheet.
const xmlType = "application/xml; charset=utf-8"

// typeOf returns how the file at the slash-separated path rel is served,
// and false when files like it are not served at all.
func typeOf(rel string) (fileType, bool) {
	ft, ok := types[strings.ToLower(path.Ext(rel))]
	return ft, ok
}

// ContentSecurityPolicy is sent with every page a browser may render:
// HTML, and the XML feeds, which a browser renders through feed.xsl.
//
// Nothing is allowed unless named. Scripts, stylesheets (the XSLT one
// included: CSP governs it as a script) and fetches come from this origin
// only; inline styles are allowed so that generated pages may carry a
// <style> block, but inline scripts are not, so injected markup cannot run.
// Images may come from any https site (partners' lead images). The pages
// are not meant to be framed (partners embed the feeds through embed.js
// and the JSON Feed), so frame-ancestors 'none' rules out clickjacking;
// base-uri and form-action 'none' stop injected <base> and <form> tags.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' https: data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// ReferrerPolicy tells partners' sites which page of ours linked to them,
// without the path.
const ReferrerPolicy = "strict-origin-when-cross-origin"
