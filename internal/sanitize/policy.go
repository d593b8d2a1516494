package sanitize

import (
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
)

// linkRel is the rel every kept link carries.
const linkRel = "noopener noreferrer nofollow"

// iframeSandbox is the sandbox every kept iframe carries.
const iframeSandbox = "allow-scripts allow-same-origin allow-presentation"

// keptElements are the elements the tree pass keeps (iframe aside).
var keptElements = []string{
	"p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
	"blockquote", "pre", "code", "table", "caption", "thead", "tbody", "tfoot", "tr",
	"th", "td", "figure", "figcaption", "img", "a", "strong", "b", "em", "i", "u", "s",
	"sub", "sup", "mark", "small", "hr", "abbr", "cite", "q", "time", "span", "div",
}

var (
	httpURL      = regexp.MustCompile(`^https?://`)
	linkURL      = regexp.MustCompile(`^(https?://|mailto:)`)
	numberOrPct  = regexp.MustCompile(`^[0-9]+%?$`)
	integer      = regexp.MustCompile(`^-?[0-9]+$`)
	loadingValue = regexp.MustCompile(`^(lazy|eager)$`)
	srcsetValue  = regexp.MustCompile(`^https?://\S+( [0-9.]+[wxh])*(, https?://\S+( [0-9.]+[wxh])*)*$`)
)

// newPolicy builds the bluemonday backstop: the same allowlist the tree pass
// enforces, checked once more on the serialised output. It never needs to
// change anything; it is there so that a bug in the tree pass cannot let
// an element, attribute or URL scheme through.
func newPolicy(videoHosts []string) *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(keptElements...)
	p.AllowNoAttrs().OnElements("span", "div")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)

	p.AllowAttrs("href").Matching(linkURL).OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + linkRel + `$`)).OnElements("a")
	p.AllowAttrs("title").OnElements("a", "img", "abbr")
	p.AllowAttrs("src").Matching(httpURL).OnElements("img")
	p.AllowAttrs("srcset").Matching(srcsetValue).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(numberOrPct).OnElements("img")
	p.AllowAttrs("loading").Matching(loadingValue).OnElements("img")
	p.AllowAttrs("colspan", "rowspan").Matching(bluemonday.Integer).OnElements("td", "th")
	p.AllowAttrs("datetime").OnElements("time")
	p.AllowAttrs("start").Matching(integer).OnElements("ol")

	if len(videoHosts) > 0 {
		quoted := make([]string, len(videoHosts))
		for i, h := range videoHosts {
			quoted[i] = regexp.QuoteMeta(h)
		}
		src := regexp.MustCompile(`^https://([a-z0-9-]+\.)*(` + strings.Join(quoted, "|") + `)([/?#]|$)`)
		p.AllowAttrs("src").Matching(src).OnElements("iframe")
		p.AllowAttrs("width", "height").Matching(numberOrPct).OnElements("iframe")
		p.AllowAttrs("allowfullscreen").Matching(regexp.MustCompile(`^$`)).OnElements("iframe")
		p.AllowAttrs("title").OnElements("iframe")
		p.AllowAttrs("sandbox").OnElements("iframe")
		p.RequireSandboxOnIFrame(bluemonday.SandboxAllowScripts,
			bluemonday.SandboxAllowSameOrigin, bluemonday.SandboxAllowPresentation)
	}
	return p
}
