package country

import (
	"flag"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gleanerhq/gleaner"
	"github.com/gleanerhq/gleaner/internal/corpus"
)

var evalFlag = flag.Bool("eval", false, "print the country tagger's scores on the labelled corpus")

// evalResult is the micro-averaged score of the tagger on the corpus.
type evalResult struct {
	tp, fp, fn int
	wrong      []string
}

func (r evalResult) precision() float64 { return ratio(r.tp, r.tp+r.fp) }
func (r evalResult) recall() float64    { return ratio(r.tp, r.tp+r.fn) }
func (r evalResult) f1() float64 {
	p, rc := r.precision(), r.recall()
	if p+rc == 0 {
		return 0
	}
	return 2 * p * rc / (p + rc)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// loadCorpus returns the labelled articles as Docs, with their labels.
func loadCorpus(t testing.TB) (*corpus.Corpus, []Doc) {
	t.Helper()
	c, err := corpus.Load(gleaner.Corpus())
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]Doc, len(c.Articles))
	for i, a := range c.Articles {
		docs[i] = Doc{Title: a.Title, Text: a.Text, Language: c.Sites[a.Site].Language}
	}
	return c, docs
}

// evaluate tags every labelled article: a code in countries is right, one in
// countries_mentioned is neither right nor wrong, any other is wrong.
func evaluate(t testing.TB) evalResult {
	c, docs := loadCorpus(t)
	var r evalResult
	for i, a := range c.Articles {
		got := Tag(docs[i])
		var fps, fns []string
		for _, g := range got {
			switch {
			case slices.Contains(a.Countries, g):
				r.tp++
			case slices.Contains(a.CountriesMentioned, g):
			default:
				r.fp++
				fps = append(fps, g)
			}
		}
		for _, w := range a.Countries {
			if !slices.Contains(got, w) {
				r.fn++
				fns = append(fns, w)
			}
		}
		if len(fps)+len(fns) > 0 {
			r.wrong = append(r.wrong, fmt.Sprintf("%s %q: got %v want %v (extra %v, missing %v)",
				a.Site, a.Title, got, a.Countries, fps, fns))
		}
	}
	return r
}

// TestEval prints precision, recall and F1 over the corpus and the articles
// still tagged wrong. Run it with: go test ./internal/country -run TestEval -eval -v
func TestEval(t *testing.T) {
	if !*evalFlag {
		t.Skip("pass -eval to print the country evaluation")
	}
	r := evaluate(t)
	t.Logf("country tagging on %d labelled codes: P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d)",
		r.tp+r.fn, r.precision(), r.recall(), r.f1(), r.tp, r.fp, r.fn)
	for _, w := range r.wrong {
		t.Log("wrong: " + w)
	}
	if testing.Verbose() {
		c, docs := loadCorpus(t)
		for i, a := range c.Articles {
			var b strings.Builder
			for _, s := range Explain(docs[i]) {
				fmt.Fprintf(&b, "  %s %.2f %v %v\n", s.Code, s.Score, s.Tagged, s.Evidence)
			}
			t.Logf("%s %q want %v\n%s", a.Site, a.Title, a.Countries, b.String())
		}
	}
}

// TestCorpusThresholds holds the tagger to the acceptance bar on the
// bundled corpus, so that a regression fails.
func TestCorpusThresholds(t *testing.T) {
	r := evaluate(t)
	if r.precision() < 0.97 || r.f1() < 0.95 {
		t.Errorf("country tagging: P=%.3f F1=%.3f, want P ≥ 0.97 and F1 ≥ 0.95; wrong:\n%s",
			r.precision(), r.f1(), strings.Join(r.wrong, "\n"))
	}
}
