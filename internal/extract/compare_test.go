//go:build compare

// The comparison with other extractors is behind the build tag compare, so
// that a normal build and `make test` do not compile them:
//
//	go test ./internal/extract -tags compare -run TestEval -eval
//	go test ./internal/extract -tags compare -run '^$' -bench . -cpu 1 -benchmem

package extract

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func init() {
	baselines = append(baselines,
		extractor{"readeck", readeck},
		extractor{"readeck+rules", readeckWrapped},
		extractor{"trafilatura", trafila},
	)
}

// readeckWrapped is readeck with gleaner's pre-rules: the page pruned and
// every element whose class, id, role or tag marks it as furniture removed
// before readeck runs.
func readeckWrapped(page []byte, pageURL string) (string, error) {
	u, err := url.Parse(pageURL)
	if err != nil {
		return "", err
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return "", err
	}
	var m pageMeta
	collectAndPrune(doc, &m)
	var hn hinter
	var strip func(n *html.Node)
	strip = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode && c.DataAtom != atom.Body && c.DataAtom != atom.Html {
				if h := hn.hintOf(c); h&hintJunk != 0 || (h&hintAside != 0 && h&hintPositive == 0) {
					n.RemoveChild(c)
					c = next
					continue
				}
			}
			strip(c)
			c = next
		}
	}
	strip(doc)
	a, err := readability.FromDocument(doc, u)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	if a.Node != nil {
		if err := a.RenderHTML(&sb); err != nil {
			return "", err
		}
	}
	return sb.String(), nil
}

func readeck(page []byte, pageURL string) (string, error) {
	u, err := url.Parse(pageURL)
	if err != nil {
		return "", err
	}
	a, err := readability.FromReader(bytes.NewReader(page), u)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	if a.Node != nil {
		if err := a.RenderHTML(&sb); err != nil {
			return "", err
		}
	}
	return sb.String(), nil
}

func trafila(page []byte, pageURL string) (string, error) {
	u, err := url.Parse(pageURL)
	if err != nil {
		return "", err
	}
	r, err := trafilatura.Extract(bytes.NewReader(page), trafilatura.Options{OriginalURL: u})
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	if r.ContentNode != nil {
		if err := html.Render(&sb, r.ContentNode); err != nil {
			return "", err
		}
	}
	return sb.String(), nil
}

// BenchmarkReadeck runs readeck go-readability v2 as is over the corpus
// pages, to compare with BenchmarkExtract.
func BenchmarkReadeck(b *testing.B) {
	benchPages(b, func(page []byte, u string) error {
		_, err := readeck(page, u)
		return err
	})
}
