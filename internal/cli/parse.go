package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"

	"github.com/gleanerhq/gleaner/internal/config"
	"github.com/gleanerhq/gleaner/internal/feed"
	"github.com/gleanerhq/gleaner/internal/fetch"
	"github.com/gleanerhq/gleaner/internal/model"
)

// projectURL is where gleaner lives: the contact in the User-Agent of
// commands that run without a feeds.yaml.
const projectURL = "https://github.com/gleanerhq/gleaner"

type parseCmd struct {
	source string
}

func (*parseCmd) name() string { return "parse" }
func (*parseCmd) synopsis() string {
	return "parse one feed (a file or a URL) and print its normalised items as JSON"
}

const parseExample = `  gleaner parse https://www.example.org/feed/ | jq '.items[].title'
  gleaner parse --source opendoors-uk testdata/feed.xml`

func (c *parseCmd) run(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, c, "parse [flags] FILE|URL", parseExample)
	fs.StringVar(&c.source, "source", "parsed", "source `id` the item IDs are derived from")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErrorf("parse takes one FILE or URL").withHint("gleaner parse https://www.example.org/feed/")
	}
	target := fs.Arg(0)
	body, base, err := readTarget(ctx, target)
	if err != nil {
		return err
	}
	meta, items, err := feed.Parse(body, feed.Options{SourceID: c.source, URL: base})
	if err != nil {
		if errors.Is(err, feed.ErrNotFeed) {
			return &exitError{code: ExitFailed, msg: fmt.Sprintf("%s: %v", target, err),
				hint: "give the URL of the partner's RSS, Atom or JSON feed (look for <link rel=\"alternate\"> in the page)"}
		}
		return fmt.Errorf("%s: %w", target, err)
	}
	if items == nil {
		items = []model.Item{}
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Meta  model.FeedMeta `json:"meta"`
		Items []model.Item   `json:"items"`
	}{meta, items})
}

// readTarget reads a local file, or fetches an http(s) URL with the same
// polite, size-capped client a run uses. It returns UTF-8 bytes and the URL
// relative links resolve against.
func readTarget(ctx context.Context, target string) ([]byte, string, error) {
	if u, err := url.Parse(target); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		client, err := fetch.New(fetch.Options{UserAgent: (&config.Config{Contact: projectURL}).UserAgent(version())})
		if err != nil {
			return nil, "", err
		}
		// The operator typed the URL: it may be on their own network.
		res, err := client.Fetch(ctx, fetch.Request{URL: target, AllowPrivate: true})
		if err != nil {
			return nil, "", err
		}
		return res.Body, res.URL, nil
	}
	b, err := os.ReadFile(target)
	if err != nil {
		return nil, "", err // "open FILE: no such file or directory" says it all
	}
	body, _, err := fetch.ToUTF8(b, "")
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", target, err)
	}
	return body, "", nil
}
