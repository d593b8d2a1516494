package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os"
	"strings"

	"github.com/gleanerhq/gleaner/internal/model"
	"github.com/gleanerhq/gleaner/internal/pipeline"
)

type tagCmd struct {
	countries string
}

func (*tagCmd) name() string { return "tag" }
func (*tagCmd) synopsis() string {
	return "tag articles read as JSON lines on stdin with the countries they are about"
}

const tagExample = `  echo '{"title": "Pastor freed in Kaduna", "text": "KADUNA, Nigeria – …", "categories": ["Africa"]}' | gleaner tag
  ["NG"]`

// tagInput is one line of `gleaner tag`'s input.
type tagInput struct {
	Title      string   `json:"title"`
	Text       string   `json:"text"`
	Categories []string `json:"categories"`
	Language   string   `json:"language"`
}

// maxTagLine bounds one input line: an article, not a book.
const maxTagLine = 4 << 20

func (c *tagCmd) run(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, c, "tag [flags] < articles.jsonl", tagExample)
	fs.StringVar(&c.countries, "source-countries", "", "comma-separated `codes` the partner focuses on (as countries: in feeds.yaml)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("tag reads stdin and takes no arguments (got %q)", fs.Args())
	}
	var src model.Source
	for _, code := range strings.Split(c.countries, ",") {
		if code = strings.ToUpper(strings.TrimSpace(code)); code != "" {
			src.Countries = append(src.Countries, code)
		}
	}
	return tagLines(ctx, os.Stdin, e.stdout, src)
}

// tagLines tags each JSON line of r and writes one JSON array per line to
// w, through the same code path a run uses for a stored item.
func tagLines(ctx context.Context, r io.Reader, w io.Writer, src model.Source) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxTagLine)
	out := bufio.NewWriter(w)
	defer out.Flush()
	for n := 1; sc.Scan(); n++ {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var in tagInput
		if err := json.Unmarshal([]byte(line), &in); err != nil {
			return usageErrorf("stdin line %d: not a JSON object: %v", n, err).withHint(`each line: {"title": "…", "text": "…", "categories": ["…"]}`)
		}
		it := model.Item{Title: in.Title, Content: textToHTML(in.Text), Categories: in.Categories, Language: in.Language}
		pipeline.Finish(&it, src, nil)
		codes := it.Countries
		if codes == nil {
			codes = []string{}
		}
		b, err := json.Marshal(codes)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s\n", b)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read stdin: %w", err)
	}
	return nil
}

// textToHTML makes plain text (paragraphs separated by blank lines) the
// HTML fragment a stored item holds.
func textToHTML(text string) string {
	var b strings.Builder
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			b.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
		}
	}
	return b.String()
}
