package eval

import (
	"context"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/gleanerhq/gleaner"
)

var (
	verbose = flag.Bool("eval", false, "print the end-to-end evaluation report")
	dir     = flag.String("corpus", "", "evaluate this corpus directory instead of the bundled one (e.g. ../../../shared/corpus)")
)

// TestEndToEnd runs the whole pipeline over the bundled corpus and holds
// it to the acceptance thresholds of the extraction, prayer and country
// issues.
func TestEndToEnd(t *testing.T) {
	fsys := gleaner.Corpus()
	if *dir != "" {
		if _, err := os.Stat(*dir + "/labels.json"); err != nil {
			t.Skipf("no corpus at %s: %v", *dir, err)
		}
		fsys = os.DirFS(*dir)
	}
	r, err := Run(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	if *verbose || testing.Verbose() {
		r.Print(os.Stdout)
	}
	if *dir != "" {
		return // another corpus: report only
	}
	if r.Missing > 0 {
		t.Errorf("%d labelled articles missing from all.json", r.Missing)
	}
	if r.MeanF1 < 0.98 {
		t.Errorf("mean text F1 %.4f < 0.98", r.MeanF1)
	}
	if r.MustKept != r.MustTotal {
		t.Errorf("text_must kept %d/%d", r.MustKept, r.MustTotal)
	}
	if r.MustNotLeaked > 0 {
		t.Errorf("%d text_must_not strings leaked", r.MustNotLeaked)
	}
	if r.PrayerP < 0.98 || r.PrayerR < 0.98 {
		t.Errorf("prayer items P %.4f R %.4f; want both ≥ 0.98", r.PrayerP, r.PrayerR)
	}
	if r.PrayerFalseArticles > 0 {
		t.Errorf("%d articles without a prayer list were given one", r.PrayerFalseArticles)
	}
	// Lampstand Mission republished the seed article under its own title
	// and URL: all.json carries it once, as Open Doors UK's, crediting both.
	var seed string
	for u := range r.Credits {
		if strings.Contains(u, "north-korea-god-is-doing-something-amazing") {
			seed = u
		}
	}
	if seed == "" || !slices.Equal(r.Credits[seed], []string{"lampstand"}) {
		t.Errorf("the seed article republished by lampstand is not credited once: %v", r.Credits)
	}
	if r.CountryF1 < 0.95 || r.CountryP < 0.97 {
		t.Errorf("countries P %.4f F1 %.4f; want P ≥ 0.97 and F1 ≥ 0.95", r.CountryP, r.CountryF1)
	}
}
