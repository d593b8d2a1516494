package dedupe

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// margin is how many bits TestThreshold wants between Threshold and the
// measured distributions on either side.
const margin = 4

// minCombinedRecall is the share of copies with several edits at once
// that TestThreshold wants within Threshold.
const minCombinedRecall = 0.9

// TestThreshold justifies Threshold on testdata/stories.txt: twelve short
// reports (160 to 175 words, the hard case: a partner's words weigh more
// around a short story), several on the same country.
//
//   - Light edits, the ways partners republish a story (a new title, an
//     intro line, a closing appeal, both, an added sentence, other
//     punctuation and whitespace, American spelling), each by three
//     partners with their own boilerplate, must be at least margin bits
//     within Threshold.
//   - Different stories, including stories about the same country and
//     stories under the same partner's intro and appeal, must be more than
//     margin bits beyond it.
//   - Several edits at once must mostly be within it.
//
// The distributions go to the test log: go test -v -run TestThreshold.
func TestThreshold(t *testing.T) {
	stories := loadStories(t)
	fp := func(source string, paras []string) uint64 {
		return Fingerprint(textOf(article(source, paras...)))
	}

	var light, combined, abridged []int
	perEdit := make(map[string][]int)
	for _, s := range stories {
		orig := fp("origin", s.Paras)
		for _, p := range partners {
			for _, v := range lightEdits {
				d := Distance(orig, fp(p.Name, v.edit(s, p)))
				light = append(light, d)
				perEdit[v.name] = append(perEdit[v.name], d)
			}
			combined = append(combined, Distance(orig, fp(p.Name, combinedEdits.edit(s, p))))
		}
		abridged = append(abridged, Distance(orig, fp("abridged", s.Paras[:len(s.Paras)-1])))
	}

	var different, sameCountry, sameTemplate []int
	for i, a := range stories {
		for _, b := range stories[i+1:] {
			d := Distance(fp("a", a.Paras), fp("b", b.Paras))
			different = append(different, d)
			if a.Country == b.Country {
				sameCountry = append(sameCountry, d)
			}
			for _, p := range partners {
				// One partner's intro and appeal around two different stories.
				da := fp(p.Name, append(prepend(p.Intro, a.Paras), p.Outro))
				db := fp(p.Name, append(prepend(p.Intro, b.Paras), p.Outro))
				different = append(different, Distance(da, db))
				sameTemplate = append(sameTemplate, Distance(da, db))
			}
		}
	}

	t.Logf("Threshold = %d bits; wanted margin = %d bits", Threshold, margin)
	t.Logf("copies with one light edit (%d pairs): %s", len(light), histogram(light))
	for _, v := range lightEdits {
		t.Logf("  %-26s %s", v.name, summary(perEdit[v.name]))
	}
	within := 0
	for _, d := range combined {
		if d <= Threshold {
			within++
		}
	}
	recall := float64(within) / float64(len(combined))
	t.Logf("copies with combined edits (%d pairs): %s; %.0f%% within Threshold", len(combined), summary(combined), 100*recall)
	t.Logf("copies without the last paragraph (not asserted): %s", summary(abridged))
	t.Logf("different stories (%d pairs): %s", len(different), histogram(different))
	t.Logf("  same country (%d pairs): %s", len(sameCountry), summary(sameCountry))
	t.Logf("  same partner template (%d pairs): %s", len(sameTemplate), summary(sameTemplate))

	if got := slices.Max(light); got > Threshold-margin {
		t.Errorf("a copy with one light edit is %d bits away: want at most Threshold-margin = %d", got, Threshold-margin)
	}
	if got := slices.Min(different); got <= Threshold+margin {
		t.Errorf("two different stories are %d bits apart: want more than Threshold+margin = %d", got, Threshold+margin)
	}
	if recall < minCombinedRecall {
		t.Errorf("%.0f%% of copies with combined edits within Threshold: want at least %.0f%%", 100*recall, 100*minCombinedRecall)
	}
}

// histogram renders distances as "d:count" runs, with a bar per bucket.
func histogram(ds []int) string {
	var counts [65]int
	for _, d := range ds {
		counts[d]++
	}
	lo, hi := slices.Min(ds), slices.Max(ds)
	var b strings.Builder
	b.WriteString(summary(ds))
	for d := lo; d <= hi; d++ {
		fmt.Fprintf(&b, "\n    %2d %3d %s", d, counts[d], strings.Repeat("#", counts[d]))
	}
	return b.String()
}

// summary renders min, median, mean and max.
func summary(ds []int) string {
	s := slices.Sorted(slices.Values(ds))
	sum := 0
	for _, d := range s {
		sum += d
	}
	return fmt.Sprintf("min %2d  median %2d  mean %4.1f  max %2d", s[0], s[len(s)/2], float64(sum)/float64(len(s)), s[len(s)-1])
}
