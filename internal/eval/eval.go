// Package eval measures gleaner end to end on a labelled corpus: it serves
// the corpus on loopback, runs the whole pipeline over every site once, and
// scores what lands in all.json against the labels (text, prayer points,
// countries). `make eval` prints the report; the package's tests assert the
// acceptance thresholds so that a regression fails `make test`.
//
// Call [Run] with a corpus file system.
package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/gleanerhq/gleaner/internal/corpus"
	"github.com/gleanerhq/gleaner/internal/demo"
	"github.com/gleanerhq/gleaner/internal/fetch"
	"github.com/gleanerhq/gleaner/internal/model"
	"github.com/gleanerhq/gleaner/internal/pipeline"
	"github.com/gleanerhq/gleaner/internal/store"
)

// Page is the score of one labelled article.
type Page struct {
	URL         string
	Site        string
	Found       bool // the article is in all.json
	Text        corpus.Score
	MustMissing []string
	MustNotLeak []string
	// Prayer items: true positives, extracted, labelled.
	PrayerTP, PrayerGot, PrayerWant int
	// Countries: true positives, wrong, labelled.
	CountryTP, CountryFP, CountryWant int
	GotCountries                      []string
}

// Report is the end-to-end evaluation of one corpus.
type Report struct {
	Pages                              []Page
	Missing                            int // labelled articles not in all.json
	MeanP, MeanR, MeanF1               float64
	MustKept, MustTotal, MustNotLeaked int
	PrayerP, PrayerR                   float64
	PrayerFalseArticles                int // articles without a list that got one
	CountryP, CountryR, CountryF1      float64
	Duration                           time.Duration
	// Credits maps the URL of every item in all.json that other partners
	// also carried to those partners' source IDs.
	Credits                                    map[string][]string
	CountryTP, CountryFP, CountryFN, PrayerTPs int
}

// jsonFeed is what eval reads of all.json.
type jsonFeed struct {
	Items []struct {
		URL         string `json:"url"`
		ContentText string `json:"content_text"`
		Gleaner     struct {
			Prayer    []model.PrayerList `json:"prayer"`
			Countries []string           `json:"countries"`
			Also      []struct {
				Source string `json:"source"`
			} `json:"also_published_by"`
		} `json:"_gleaner"`
	} `json:"items"`
}

// Run serves fsys on loopback, runs the pipeline once over all its sites
// into a temporary directory, and scores all.json.
func Run(ctx context.Context, fsys fs.FS) (*Report, error) {
	c, err := corpus.Load(fsys)
	if err != nil {
		return nil, err
	}
	base, stop, err := demo.Serve(ctx, fsys, "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	defer stop()

	dir, err := os.MkdirTemp("", "gleaner-eval-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(ctx, filepath.Join(dir, "state.db"))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	client, err := fetch.New(fetch.Options{UserAgent: "gleaner-eval/1.0 (+https://github.com/gleanerhq/gleaner)"})
	if err != nil {
		return nil, err
	}
	plan := pipeline.Plan{
		Site:         pipeline.Site{Title: "eval", BaseURL: "http://localhost/", Language: "en", Generator: "gleaner eval"},
		Outputs:      []model.Output{{ID: "all", Path: "all", Title: "all"}},
		OutputDir:    filepath.Join(dir, "output"),
		PerCountry:   true,
		PrayerOutput: true,
	}
	var ids []string
	for id := range c.Sites {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		s := c.Sites[id]
		typ := model.TypeFeed
		if s.Kind == "page" {
			typ = model.TypePage
		}
		plan.Sources = append(plan.Sources, model.Source{
			ID: id, Name: s.Name, URL: base + "/" + id + "/" + s.Entry, Type: typ,
			Language: s.Language, FullText: model.FullTextAuto,
			AllowPrivate: true, // the corpus is served on loopback
		})
	}
	start := time.Now()
	runner := &pipeline.Runner{Fetcher: client, Store: st}
	rep, err := runner.Run(ctx, plan)
	if err != nil {
		return nil, err
	}
	for _, s := range rep.Sources {
		if s.Status != model.StatusOK {
			return nil, fmt.Errorf("eval: source %s: %s: %s", s.SourceID, s.Status, s.Error)
		}
	}
	if err := parseAll(plan.OutputDir); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(plan.OutputDir, "all.json"))
	if err != nil {
		return nil, err
	}
	var jf jsonFeed
	if err := json.Unmarshal(b, &jf); err != nil {
		return nil, fmt.Errorf("eval: all.json: %w", err)
	}
	r := score(c, base, jf)
	r.Duration = time.Since(start)
	return r, nil
}

// parseAll checks that every feed the run wrote parses back with gofeed
// as the format its extension says, with at least one item.
func parseAll(dir string) error {
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		want := map[string]gofeed.FeedType{".atom": gofeed.FeedTypeAtom, ".rss": gofeed.FeedTypeRSS, ".json": gofeed.FeedTypeJSON}[filepath.Ext(p)]
		if want == gofeed.FeedTypeUnknown {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if got := gofeed.DetectFeedType(bytes.NewReader(b)); got != want {
			return fmt.Errorf("eval: %s is not detected as %v (got %v)", p, want, got)
		}
		f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
		if err != nil {
			return fmt.Errorf("eval: %s does not parse: %w", p, err)
		}
		if len(f.Items) == 0 {
			return fmt.Errorf("eval: %s has no items", p)
		}
		n++
		return nil
	})
	if err == nil && n == 0 {
		err = fmt.Errorf("eval: no feeds in %s", dir)
	}
	return err
}

// attributionPrefix starts the line every republished item ends with; it
// is not article text.
const attributionPrefix = "Originally published by "

func score(c *corpus.Corpus, base string, jf jsonFeed) *Report {
	byURL := make(map[string]int, len(jf.Items))
	for i, it := range jf.Items {
		byURL[it.URL] = i
	}
	r := &Report{Credits: map[string][]string{}}
	for _, it := range jf.Items {
		for _, a := range it.Gleaner.Also {
			r.Credits[it.URL] = append(r.Credits[it.URL], a.Source)
		}
	}
	var prayerTP, prayerGot, prayerWant int
	for _, a := range c.Articles {
		url := strings.ReplaceAll(a.URL, corpus.Placeholder, base)
		p := Page{URL: url, Site: a.Site}
		i, ok := byURL[url]
		if !ok {
			r.Missing++
			r.Pages = append(r.Pages, p)
			continue
		}
		it := jf.Items[i]
		p.Found = true
		text := stripAttribution(it.ContentText)
		p.Text = corpus.TextScore(text, a.Text)
		for _, m := range a.TextMust {
			if corpus.Contains(text, m) {
				r.MustKept++
			} else {
				p.MustMissing = append(p.MustMissing, m)
			}
			r.MustTotal++
		}
		for _, m := range a.TextMustNot {
			if corpus.Contains(text, m) {
				p.MustNotLeak = append(p.MustNotLeak, m)
				r.MustNotLeaked++
			}
		}
		var got []string
		for _, l := range it.Gleaner.Prayer {
			for _, item := range l.Items {
				got = append(got, corpus.Normalize(item))
			}
		}
		want := make([]string, len(a.PrayerItems))
		for i, w := range a.PrayerItems {
			want[i] = corpus.Normalize(w)
		}
		p.PrayerGot, p.PrayerWant = len(got), len(want)
		for _, g := range got {
			if slices.Contains(want, g) {
				p.PrayerTP++
			}
		}
		if len(want) == 0 && len(got) > 0 {
			r.PrayerFalseArticles++
		}
		prayerTP += p.PrayerTP
		prayerGot += p.PrayerGot
		prayerWant += p.PrayerWant

		p.GotCountries = it.Gleaner.Countries
		p.CountryWant = len(a.Countries)
		for _, code := range it.Gleaner.Countries {
			switch {
			case slices.Contains(a.Countries, code):
				p.CountryTP++
			case slices.Contains(a.CountriesMentioned, code):
			default:
				p.CountryFP++
			}
		}
		r.CountryTP += p.CountryTP
		r.CountryFP += p.CountryFP
		r.CountryFN += p.CountryWant - p.CountryTP
		r.Pages = append(r.Pages, p)
	}
	var n float64
	for _, p := range r.Pages {
		n++
		r.MeanP += p.Text.P
		r.MeanR += p.Text.R
		r.MeanF1 += p.Text.F1
	}
	if n > 0 {
		r.MeanP, r.MeanR, r.MeanF1 = r.MeanP/n, r.MeanR/n, r.MeanF1/n
	}
	r.PrayerP, r.PrayerR = ratio(prayerTP, prayerGot), ratio(prayerTP, prayerWant)
	r.PrayerTPs = prayerTP
	r.CountryP = ratio(r.CountryTP, r.CountryTP+r.CountryFP)
	r.CountryR = ratio(r.CountryTP, r.CountryTP+r.CountryFN)
	if r.CountryP+r.CountryR > 0 {
		r.CountryF1 = 2 * r.CountryP * r.CountryR / (r.CountryP + r.CountryR)
	}
	return r
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func stripAttribution(text string) string {
	if i := strings.LastIndex(text, attributionPrefix); i >= 0 {
		return strings.TrimSpace(text[:i])
	}
	return text
}

// Print writes the report: the worst pages first, then the means.
func (r *Report) Print(w io.Writer) {
	pages := slices.Clone(r.Pages)
	slices.SortStableFunc(pages, func(a, b Page) int {
		switch {
		case a.Text.F1 < b.Text.F1:
			return -1
		case a.Text.F1 > b.Text.F1:
			return 1
		}
		return 0
	})
	fmt.Fprintf(w, "%-6s %-6s %-6s %-7s %-9s %s\n", "F1", "P", "R", "prayer", "countries", "article")
	for _, p := range pages {
		if !p.Found {
			fmt.Fprintf(w, "%-6s %-6s %-6s %-7s %-9s %s\n", "-", "-", "-", "-", "-", p.URL+" (not in all.json)")
			continue
		}
		fmt.Fprintf(w, "%.3f  %.3f  %.3f  %d/%d/%d  %d+%d-%d   %s", p.Text.F1, p.Text.P, p.Text.R,
			p.PrayerTP, p.PrayerGot, p.PrayerWant, p.CountryTP, p.CountryFP, p.CountryWant-p.CountryTP, p.URL)
		if len(p.GotCountries) > 0 {
			fmt.Fprintf(w, " %v", p.GotCountries)
		}
		fmt.Fprintln(w)
		for _, m := range p.MustMissing {
			fmt.Fprintf(w, "        missing: %q\n", m)
		}
		for _, m := range p.MustNotLeak {
			fmt.Fprintf(w, "        leaked:  %q\n", m)
		}
	}
	fmt.Fprintf(w, "\nend to end over %d labelled articles (%d not in all.json), one run in %v:\n", len(r.Pages), r.Missing, r.Duration.Round(time.Millisecond))
	fmt.Fprintf(w, "  text      mean P %.4f  R %.4f  F1 %.4f; text_must kept %d/%d; text_must_not leaked %d\n", r.MeanP, r.MeanR, r.MeanF1, r.MustKept, r.MustTotal, r.MustNotLeaked)
	fmt.Fprintf(w, "  prayer    item P %.4f  R %.4f; articles without a list given one: %d\n", r.PrayerP, r.PrayerR, r.PrayerFalseArticles)
	fmt.Fprintf(w, "  duplicates: %d stories carried by several partners appear once, crediting the others: %v\n", len(r.Credits), r.Credits)
	fmt.Fprintf(w, "  countries P %.4f  R %.4f  F1 %.4f (tp %d, fp %d, fn %d)\n", r.CountryP, r.CountryR, r.CountryF1, r.CountryTP, r.CountryFP, r.CountryFN)
}
