package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/gleanerhq/gleaner/internal/config"
	"github.com/gleanerhq/gleaner/internal/extract"
	"github.com/gleanerhq/gleaner/internal/fetch"
	"github.com/gleanerhq/gleaner/internal/model"
	"github.com/gleanerhq/gleaner/internal/pipeline"
	"github.com/gleanerhq/gleaner/internal/sanitize"
)

type extractCmd struct {
	pageURL         string
	asJSON          bool
	contentSelector string
	removeSelectors string
}

func (*extractCmd) name() string { return "extract" }
func (*extractCmd) synopsis() string {
	return "extract the article of one page (a file, a URL or -) and print it"
}

const extractExample = `  gleaner extract https://www.example.org/news/2024/01/story/
  curl -s https://www.example.org/news/story/ | gleaner extract --url https://www.example.org/news/story/ --json -`

func (c *extractCmd) run(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, c, "extract [flags] FILE|URL|-", extractExample)
	fs.StringVar(&c.pageURL, "url", "", "the page's `URL`, for relative links, when reading a file or stdin")
	fs.BoolVar(&c.asJSON, "json", false, "print one JSON object instead of text")
	fs.StringVar(&c.contentSelector, "content-selector", "", "CSS `selector` of the article body (as content_selector in feeds.yaml)")
	fs.StringVar(&c.removeSelectors, "remove-selectors", "", "CSS `selectors` to drop from the body (as remove_selectors in feeds.yaml)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErrorf("extract takes one FILE, URL or -").withHint("gleaner extract https://www.example.org/news/story/")
	}
	body, pageURL, err := readPage(ctx, fs.Arg(0), c.pageURL)
	if err != nil {
		return err
	}
	a, err := extract.Extract(body, pageURL, extract.Options{ContentSelector: c.contentSelector, RemoveSelectors: c.removeSelectors})
	if err != nil {
		return &exitError{code: ExitFailed, msg: err.Error(), hint: "try --content-selector with the CSS selector of the article body"}
	}
	it := model.Item{URL: pageURL, Title: a.Title, Content: a.ContentHTML, Language: a.Language, FullContent: true}
	pipeline.Finish(&it, model.Source{}, nil)
	text := sanitize.Text(it.Content)
	if c.asJSON {
		var published *string
		if !a.Published.IsZero() {
			s := a.Published.UTC().Format(time.RFC3339)
			published = &s
		}
		prayer := it.Prayer
		if prayer == nil {
			prayer = []model.PrayerList{}
		}
		countries := it.Countries
		if countries == nil {
			countries = []string{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(map[string]any{
			"url":          pageURL,
			"title":        a.Title,
			"author":       nullable(a.Author),
			"published":    published,
			"image":        nullable(a.ImageURL),
			"language":     nullable(a.Language),
			"feed_url":     nullable(a.FeedURL),
			"text":         text,
			"content_html": it.Content,
			"prayer":       prayer,
			"countries":    countries,
		})
	}
	fmt.Fprintln(e.stdout, a.Title)
	if a.Author != "" {
		fmt.Fprintf(e.stdout, "By %s\n", a.Author)
	}
	if !a.Published.IsZero() {
		fmt.Fprintln(e.stdout, a.Published.UTC().Format("2 January 2006"))
	}
	fmt.Fprintf(e.stdout, "\n%s\n", text)
	return nil
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// maxPageSize caps a page read from a file or stdin, as the fetcher caps
// one read from the web.
const maxPageSize = 10 << 20

// readPage reads a page from a URL (with the polite client), a file, or
// stdin ("-"), decoded to UTF-8. pageURL, when given, is the URL relative
// links resolve against.
func readPage(ctx context.Context, target, pageURL string) ([]byte, string, error) {
	if u, err := url.Parse(target); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		client, err := fetch.New(fetch.Options{UserAgent: (&config.Config{Contact: projectURL}).UserAgent(version())})
		if err != nil {
			return nil, "", err
		}
		// The operator typed the URL: it may be on their own network.
		res, err := client.Fetch(ctx, fetch.Request{URL: target, Accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5", AllowPrivate: true})
		if err != nil {
			return nil, "", err
		}
		return res.Body, res.URL, nil
	}
	var r io.Reader
	if target == "-" {
		r = os.Stdin
	} else {
		f, err := os.Open(target)
		if err != nil {
			return nil, "", fmt.Errorf("read %w", err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxPageSize+1))
	if err != nil {
		return nil, "", fmt.Errorf("read %s: %w", target, err)
	}
	if len(b) > maxPageSize {
		return nil, "", fmt.Errorf("read %s: larger than %d bytes", target, maxPageSize)
	}
	body, _, err := fetch.ToUTF8(b, "")
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", target, err)
	}
	if pageURL == "" && target != "-" && !strings.Contains(target, "://") {
		pageURL = "file:///" + strings.TrimPrefix(target, "/")
	}
	return body, pageURL, nil
}
