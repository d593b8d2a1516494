package extract

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/gleanerhq/gleaner"
	"github.com/gleanerhq/gleaner/internal/corpus"
	"github.com/gleanerhq/gleaner/internal/sanitize"
)

var evalFlag = flag.Bool("eval", false, "print the extraction evaluation on the bundled corpus (go test -run TestEval -eval; add -tags compare for readeck and trafilatura)")

// evalBase stands for the server's address in corpus pages.
const evalBase = "https://partner.example"

// extractor turns an article page into HTML content.
type extractor struct {
	name string
	fn   func(page []byte, url string) (string, error)
}

// baselines are the other extractors TestEval compares with; compare_test.go
// (build tag compare) registers readeck and trafilatura.
var baselines []extractor

// pageResult is one article's evaluation.
type pageResult struct {
	url          string
	score        corpus.Score
	mustMissed   []string
	mustNotFound []string
	err          error
}

// evalSummary is an extractor's evaluation over the corpus.
type evalSummary struct {
	pages              []pageResult
	p, r, f1           float64
	must, mustTotal    int
	mustNot, mustNotTo int
}

func loadCorpus(tb testing.TB) *corpus.Corpus {
	tb.Helper()
	c, err := corpus.Load(gleaner.Corpus())
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func evaluate(tb testing.TB, c *corpus.Corpus, ex extractor) evalSummary {
	tb.Helper()
	var s evalSummary
	for _, a := range c.Articles {
		page, url, err := c.PageUTF8(a, evalBase)
		if err != nil {
			tb.Fatal(err)
		}
		res := pageResult{url: strings.TrimPrefix(url, evalBase+"/")}
		content, err := ex.fn(page, url)
		res.err = err
		text := sanitize.Text(sanitize.HTML(content, url))
		res.score = corpus.TextScore(text, a.Text)
		for _, m := range a.TextMust {
			s.mustTotal++
			if corpus.Contains(text, m) {
				s.must++
			} else {
				res.mustMissed = append(res.mustMissed, m)
			}
		}
		for _, m := range a.TextMustNot {
			s.mustNotTo++
			if corpus.Contains(text, m) {
				s.mustNot++
				res.mustNotFound = append(res.mustNotFound, m)
			}
		}
		s.p += res.score.P
		s.r += res.score.R
		s.f1 += res.score.F1
		s.pages = append(s.pages, res)
	}
	n := float64(len(s.pages))
	s.p, s.r, s.f1 = s.p/n, s.r/n, s.f1/n
	return s
}

func ours(page []byte, url string) (string, error) {
	a, err := Extract(page, url, Options{})
	if err != nil {
		return "", err
	}
	return a.ContentHTML, nil
}

// metaMismatches compares Extract's title, author and date with the labels.
func metaMismatches(tb testing.TB, c *corpus.Corpus) (checked int, bad []string) {
	tb.Helper()
	for _, a := range c.Articles {
		page, url, err := c.PageUTF8(a, evalBase)
		if err != nil {
			tb.Fatal(err)
		}
		got, err := Extract(page, url, Options{})
		if err != nil {
			bad = append(bad, fmt.Sprintf("%s: %v", a.URL, err))
			continue
		}
		want := ""
		if a.Author != nil {
			want = *a.Author
		}
		checked += 3
		if got.Title != a.Title {
			bad = append(bad, fmt.Sprintf("%s: title %q, want %q", a.URL, got.Title, a.Title))
		}
		if got.Author != want {
			bad = append(bad, fmt.Sprintf("%s: author %q, want %q", a.URL, got.Author, want))
		}
		if d := got.Published.Format("2006-01-02"); d != a.Published {
			bad = append(bad, fmt.Sprintf("%s: published %s (%q), want %s", a.URL, d, got.PublishedRaw, a.Published))
		}
	}
	return checked, bad
}

// TestEval prints, for gleaner's extractor and each baseline, a per-page
// table (worst F1 first) and the means over the labelled corpus.
func TestEval(t *testing.T) {
	if !*evalFlag {
		t.Skip("run with -eval")
	}
	c := loadCorpus(t)
	all := append([]extractor{{"gleaner", ours}}, baselines...)
	var sums []evalSummary
	for _, ex := range all {
		s := evaluate(t, c, ex)
		sums = append(sums, s)
		pages := append([]pageResult(nil), s.pages...)
		sort.SliceStable(pages, func(i, j int) bool { return pages[i].score.F1 < pages[j].score.F1 })
		fmt.Printf("\n== %s ==\n", ex.name)
		w := tabwriter.NewWriter(os.Stdout, 0, 0, 1, ' ', 0)
		fmt.Fprintln(w, "F1\tP\tR\tmust\tmust-not\tpage")
		for _, p := range pages {
			note := ""
			if p.err != nil {
				note = " error: " + p.err.Error()
			}
			for _, m := range p.mustMissed {
				note += fmt.Sprintf(" [missed %.40q]", m)
			}
			for _, m := range p.mustNotFound {
				note += fmt.Sprintf(" [leaked %.40q]", m)
			}
			fmt.Fprintf(w, "%.3f\t%.3f\t%.3f\t-%d\t+%d\t%s%s\n", p.score.F1, p.score.P, p.score.R, len(p.mustMissed), len(p.mustNotFound), p.url, note)
		}
		w.Flush()
	}
	fmt.Println("\n== summary (means over", len(c.Articles), "pages) ==")
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "extractor\tF1\tP\tR\ttext_must kept\ttext_must_not leaked")
	for i, ex := range all {
		s := sums[i]
		fmt.Fprintf(w, "%s\t%.4f\t%.4f\t%.4f\t%d/%d\t%d/%d\n", ex.name, s.f1, s.p, s.r, s.must, s.mustTotal, s.mustNot, s.mustNotTo)
	}
	w.Flush()
	checked, bad := metaMismatches(t, c)
	fmt.Printf("\nmetadata (gleaner): %d/%d title, author and date fields right\n", checked-len(bad), checked)
	for _, b := range bad {
		fmt.Println("  ", b)
	}
	if len(baselines) == 0 {
		fmt.Println("(add -tags compare to compare with readeck go-readability and go-trafilatura)")
	}
}
