package prayer

import (
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/gleanerhq/gleaner"
	"github.com/gleanerhq/gleaner/internal/corpus"
	"github.com/gleanerhq/gleaner/internal/model"
	"github.com/gleanerhq/gleaner/internal/sanitize"
)

var evalFlag = flag.Bool("eval", false, "print the prayer evaluation on the bundled corpus (go test -run TestEval -eval)")

// evalBase stands for the server's address in corpus pages.
const evalBase = "https://partner.example"

// bodySelectors pick each corpus site's article body: the region a
// per-partner extraction rule would hand the pipeline (the "label-equivalent
// region"). They are test data, like feeds.yaml rules; FindInPage itself
// knows no site.
var bodySelectors = map[string]string{
	"opendoors-uk":        ".entry-content",
	"lampstand":           ".storytext",
	"voz-de-los-martires": ".field--name-body.field--type-text-with-summary",
	"chainbreakers":       ".gh-content",
	"portes-ouvertes-fr":  ".blog-item-content",
	"stimme-verfolgte":    "[itemprop=articleBody]",
	"portas-abertas":      ".texto",
}

// finder is one way of finding an article's prayer lists.
type finder struct {
	name string
	fn   func(tb testing.TB, c *corpus.Corpus, a corpus.Article) []model.PrayerList
}

var finders = []finder{
	{"FindInPage(page)", func(tb testing.TB, c *corpus.Corpus, a corpus.Article) []model.PrayerList {
		page, _, err := c.PageUTF8(a, evalBase)
		if err != nil {
			tb.Fatal(err)
		}
		return FindInPage(page)
	}},
	{"Find(sanitised body)", func(tb testing.TB, c *corpus.Corpus, a corpus.Article) []model.PrayerList {
		return Find(articleBody(tb, c, a))
	}},
}

// articleBody returns an article's body as the pipeline would see it:
// the site's body region, sanitised (classes and ids gone).
func articleBody(tb testing.TB, c *corpus.Corpus, a corpus.Article) string {
	tb.Helper()
	page, url, err := c.PageUTF8(a, evalBase)
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(page)))
	if err != nil {
		tb.Fatal(err)
	}
	sel := bodySelectors[a.Site]
	if sel == "" {
		tb.Fatalf("%s: no body selector for site %s", a.URL, a.Site)
	}
	region := doc.Find(sel).First()
	if region.Length() == 0 {
		tb.Fatalf("%s: %s matches nothing", a.URL, sel)
	}
	h, err := region.Html()
	if err != nil {
		tb.Fatal(err)
	}
	return sanitize.HTML(h, url)
}

// evalSummary is one finder's score over the corpus.
type evalSummary struct {
	matched, got, want  int // items
	headOK, headTotal   int // articles with a labelled list
	falsePositive       []string
	misses              []string // one line per problem, for people
	precision, recall   float64
	articles, withLists int
}

func loadCorpus(tb testing.TB) *corpus.Corpus {
	tb.Helper()
	c, err := corpus.Load(gleaner.Corpus())
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func evaluate(tb testing.TB, c *corpus.Corpus, f finder) evalSummary {
	tb.Helper()
	var s evalSummary
	for _, a := range c.Articles {
		s.articles++
		lists := f.fn(tb, c, a)
		var got []string
		for _, l := range lists {
			for _, it := range l.Items {
				got = append(got, StripMarker(it))
			}
		}
		want := make([]string, len(a.PrayerItems))
		for i, it := range a.PrayerItems {
			want[i] = StripMarker(it)
		}
		left := map[string]int{}
		for _, w := range want {
			left[w]++
		}
		var extra []string
		for _, g := range got {
			if left[g] > 0 {
				left[g]--
				s.matched++
			} else {
				extra = append(extra, g)
			}
		}
		var missed []string
		for _, w := range want {
			if left[w] > 0 {
				left[w]--
				missed = append(missed, w)
			}
		}
		s.got += len(got)
		s.want += len(want)
		name := strings.TrimPrefix(a.URL, corpus.Placeholder+"/")
		if len(want) == 0 && len(got) > 0 {
			s.falsePositive = append(s.falsePositive, name)
		}
		if len(want) > 0 {
			s.withLists++
			s.headTotal++
			wantHead := ""
			if a.PrayerHeading != nil {
				wantHead = normalize(*a.PrayerHeading)
			}
			gotHead := ""
			if len(lists) > 0 {
				gotHead = lists[0].Heading
			}
			if gotHead == wantHead {
				s.headOK++
			} else {
				s.misses = append(s.misses, fmt.Sprintf("%s: heading %q, want %q", name, gotHead, wantHead))
			}
		}
		for _, m := range missed {
			s.misses = append(s.misses, fmt.Sprintf("%s: missed %q", name, m))
		}
		for _, e := range extra {
			s.misses = append(s.misses, fmt.Sprintf("%s: extra %q", name, e))
		}
	}
	s.precision, s.recall = 1, 1
	if s.got > 0 {
		s.precision = float64(s.matched) / float64(s.got)
	}
	if s.want > 0 {
		s.recall = float64(s.matched) / float64(s.want)
	}
	return s
}

// TestEval prints the item-level evaluation of both entry points on the
// bundled corpus: go test ./internal/prayer -run TestEval -eval -v.
func TestEval(t *testing.T) {
	if !*evalFlag {
		t.Skip("run with -eval to print the prayer evaluation")
	}
	c := loadCorpus(t)
	for _, f := range finders {
		s := evaluate(t, c, f)
		t.Logf("%s over %d articles (%d with prayer points):", f.name, s.articles, s.withLists)
		t.Logf("  items: precision %.3f, recall %.3f (%d matched, %d found, %d labelled)", s.precision, s.recall, s.matched, s.got, s.want)
		t.Logf("  headings: %d/%d right", s.headOK, s.headTotal)
		t.Logf("  false-positive articles: %d %v", len(s.falsePositive), s.falsePositive)
		for _, m := range s.misses {
			t.Logf("  miss: %s", m)
		}
	}
}

// TestCorpusThresholds keeps the evaluation from regressing.
func TestCorpusThresholds(t *testing.T) {
	c := loadCorpus(t)
	for _, f := range finders {
		s := evaluate(t, c, f)
		if s.precision < 0.97 || s.recall < 0.97 {
			t.Errorf("%s: precision %.3f, recall %.3f; want both ≥ 0.97", f.name, s.precision, s.recall)
		}
		if float64(s.headOK) < 0.95*float64(s.headTotal) {
			t.Errorf("%s: %d/%d headings right; want ≥ 95%%", f.name, s.headOK, s.headTotal)
		}
		if len(s.falsePositive) > 0 {
			t.Errorf("%s: prayer points found in articles without any: %v", f.name, s.falsePositive)
		}
		if t.Failed() {
			for _, m := range s.misses {
				t.Logf("%s: %s", f.name, m)
			}
		}
	}
}
