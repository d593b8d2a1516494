package dedupe

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gleanerhq/gleaner/internal/model"
)

var t0 = time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)

// item returns a stored item: seen (and published) hours after t0.
func item(id, source, url, content string, hours int) model.Item {
	at := t0.Add(time.Duration(hours) * time.Hour)
	return model.Item{ID: id, SourceID: source, URL: url, Content: content, Published: at, FirstSeen: at}
}

// ids renders groups as "keep+other+other" strings.
func ids(groups []Group) []string {
	var out []string
	for _, g := range groups {
		s := []string{g.Keep.ID}
		for _, o := range g.Others {
			s = append(s, o.ID)
		}
		out = append(out, strings.Join(s, "+"))
	}
	return out
}

func TestGroups(t *testing.T) {
	stories := loadStories(t)
	plateau, kaduna, benue := stories[0], stories[1], stories[2]
	vp, bp, oh := partners[0], partners[1], partners[2]
	// copyOf is a story as a partner republishes it: its intro line first.
	copyOf := func(s story, p partner) string { return article(p.Name, prepend(p.Intro, s.Paras)...) }
	// dressed is a story inside a partner's intro and appeal.
	dressed := func(s story, p partner) string {
		return article(p.Name, append(prepend(p.Intro, s.Paras), p.Outro)...)
	}
	short := article("x", "Gunmen attacked a village in Plateau State on Sunday night, killing at least 23 people and burning more than forty homes, church leaders said.")
	edited := clone(plateau.Paras)
	edited[2] = edited[2] + " A second attack was reported on Tuesday."

	tests := []struct {
		name  string
		items []model.Item
		want  []string
	}{
		{"same_canonical_url",
			[]model.Item{
				item("a", "s1", "https://example.org/news/attack", "<p>One</p>", 0),
				item("b", "s2", "http://www.example.org/news/attack/?utm_source=rss", "<p>Two</p>", 1),
				item("c", "s3", "https://example.org/news/other", "<p>One</p>", 2),
			},
			[]string{"a+b", "c"}},
		{"same_text_two_titles",
			[]model.Item{
				{ID: "a", SourceID: "s1", Title: "Gunmen kill 23 in Plateau village", URL: "https://one.example/plateau",
					Content: article("s1", plateau.Paras...), FirstSeen: t0},
				{ID: "b", SourceID: "s2", Title: "Nigeria: night attack leaves 23 dead", URL: "https://two.example/news/1234",
					Content: copyOf(plateau, vp), FirstSeen: t0.Add(time.Hour)},
			},
			[]string{"a+b"}},
		{"copy_with_intro_and_appeal",
			[]model.Item{
				item("a", "s1", "https://one.example/kaduna", article("s1", kaduna.Paras...), 0),
				item("b", "s2", "https://two.example/kaduna", dressed(kaduna, bp), 1),
				item("c", "s3", "https://three.example/kaduna", dressed(kaduna, oh), 2),
			},
			[]string{"a+b+c"}},
		{"summary_when_no_content",
			[]model.Item{
				{ID: "a", SourceID: "s1", URL: "https://one.example/a", Summary: article("s1", benue.Paras...), FirstSeen: t0},
				{ID: "b", SourceID: "s2", URL: "https://two.example/b", Content: copyOf(benue, oh), FirstSeen: t0.Add(time.Hour)},
			},
			[]string{"a+b"}},
		{"different_stories_same_template",
			[]model.Item{
				item("a", "s1", "https://one.example/a", dressed(plateau, vp), 0),
				item("b", "s2", "https://two.example/b", dressed(benue, vp), 1),
				item("c", "s3", "https://three.example/c", dressed(kaduna, vp), 2),
			},
			[]string{"a", "b", "c"}},
		{"short_texts_not_grouped_by_text",
			[]model.Item{
				item("a", "s1", "https://one.example/a", short, 0),
				item("b", "s2", "https://two.example/b", short, 1),
			},
			[]string{"a", "b"}},
		{"empty_urls_not_grouped",
			[]model.Item{
				item("a", "s1", "", short, 0),
				item("b", "s2", " ", short, 1),
			},
			[]string{"a", "b"}},
		{"same_source_not_merged_by_text",
			[]model.Item{
				item("a", "s1", "https://one.example/plateau", article("s1", plateau.Paras...), 0),
				item("b", "s1", "https://one.example/plateau-update", article("s1", edited...), 1),
			},
			[]string{"a", "b"}},
		{"same_source_merged_by_url",
			[]model.Item{
				item("a", "s1", "https://one.example/plateau", article("s1", plateau.Paras...), 0),
				item("b", "s1", "https://one.example/plateau/?utm_source=rss", "<p>Updated.</p>", 1),
			},
			[]string{"a+b"}},
		{"same_source_not_merged_through_another_source",
			// b resembles both of s1's stories; it joins the nearer, and
			// s1's two stories stay apart.
			[]model.Item{
				item("a", "s1", "https://one.example/plateau", article("s1", plateau.Paras...), 0),
				item("b", "s2", "https://two.example/plateau", article("s2", edited...), 1),
				item("c", "s1", "https://one.example/plateau-update", article("s1", edited...), 2),
			},
			[]string{"a", "b+c"}},
		{"keep_is_earliest_first_seen",
			[]model.Item{
				item("late", "s2", "https://two.example/x", "<p>x</p>", 5),
				item("early", "s1", "https://www.two.example/x/", "<p>x</p>", 1),
			},
			[]string{"early+late"}},
		{"keep_ties_broken_by_published_then_id",
			[]model.Item{
				{ID: "c", SourceID: "s1", URL: "https://x.example/1", FirstSeen: t0, Published: t0.Add(-time.Hour)},
				{ID: "b", SourceID: "s2", URL: "https://x.example/1#a", FirstSeen: t0, Published: t0.Add(-2 * time.Hour)},
				{ID: "a", SourceID: "s3", URL: "https://x.example/1#b", FirstSeen: t0, Published: t0.Add(-2 * time.Hour)},
			},
			[]string{"a+c+b"}},
		{"zero_first_seen_is_latest",
			[]model.Item{
				{ID: "new", SourceID: "s1", URL: "https://x.example/1"},
				{ID: "stored", SourceID: "s2", URL: "https://x.example/1/", FirstSeen: t0},
			},
			[]string{"stored+new"}},
		{"transitive_groups",
			// a~b by URL, b~c by text, c~d by URL: one group.
			[]model.Item{
				item("a", "s1", "https://one.example/kaduna?utm_medium=social", "<p>See the story.</p>", 0),
				item("b", "s2", "https://one.example/kaduna", article("s2", kaduna.Paras...), 1),
				item("c", "s3", "https://three.example/kaduna", copyOf(kaduna, oh), 2),
				item("d", "s4", "https://amp.three.example/kaduna/amp/", "<p>AMP</p>", 3),
				item("e", "s5", "https://five.example/other", article("s5", benue.Paras...), 4),
			},
			[]string{"a+b+c+d", "e"}},
		{"groups_in_order_of_their_keep",
			[]model.Item{
				item("x", "s1", "https://x.example/1", "", 9),
				item("y", "s2", "https://y.example/1", "", 5),
				item("z", "s3", "https://x.example/1/", "", 1),
			},
			[]string{"y", "z+x"}},
		{"no_items", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(Groups(tt.items))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Groups = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestGroupsKeepIsStable pins the promise behind published IDs: a copy
// that arrives later, and sorts first in the input, joins the group
// without becoming its Keep.
func TestGroupsKeepIsStable(t *testing.T) {
	s := loadStories(t)[3]
	a := item("A", "s1", "https://one.example/story", article("s1", s.Paras...), 0)
	b := item("B", "s2", "https://two.example/story", article("s2", prepend(partners[1].Intro, s.Paras)...), 30)
	b.Published = a.Published.Add(-time.Hour) // the copy claims an earlier date

	first := Groups([]model.Item{a})
	second := Groups([]model.Item{b, a})
	if len(first) != 1 || first[0].Keep.ID != "A" {
		t.Fatalf("Groups([A]) = %q", ids(first))
	}
	if len(second) != 1 || second[0].Keep.ID != "A" || len(second[0].Others) != 1 || second[0].Others[0].ID != "B" {
		t.Fatalf("Groups([B, A]) = %q, want A+B", ids(second))
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"tags_stripped", "<p>Church <b>burned</b> in<br>Kaduna.</p>", "Church burned in Kaduna."},
		{"blocks_are_lines", "<h2>Pray</h2><ul><li>one</li><li>two</li></ul>", "Pray\none\ntwo"},
		{"entities_decoded", "<p>Fish &amp; chips&nbsp;here</p>", "Fish & chips\u00a0here"},
		{"script_and_style_skipped", "<p>a</p><script>var x = 1;</script><style>p{}</style><p>b</p>", "a\nb"},
		{"attribution_paragraph_dropped",
			`<p>Story.</p><p class="gleaner-attribution">Originally published by <a href="https://x.example/">X</a>.</p>`,
			"Story."},
		{"attribution_only_when_last", "<p>Originally published by X in 2019.</p><p>Story.</p>",
			"Originally published by X in 2019.\nStory."},
		{"plain_text", "just text", "just text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plainText(tt.in); got != tt.want {
				t.Errorf("plainText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFingerprint(t *testing.T) {
	base := "Gunmen attacked the farming village of Kwall Dutse in Plateau State late on Sunday night"
	tests := []struct {
		name string
		a, b string
		same bool // identical fingerprints wanted, else different
	}{
		{"case_and_punctuation_ignored", base, strings.ToUpper(base) + "!!", true},
		{"whitespace_ignored", base, "  " + strings.ReplaceAll(base, " ", " \n\t ") + " ", true},
		{"accents_folded", "Église de Nigéria, São Tomé, Łódź", "eglise de nigeria sao tome lodz", true},
		{"decomposed_accents_folded", "Nige\u0301ria e\u0301glise", "nigeria eglise", true},
		{"curly_quotes_ignored", "“We buried them,” he said", "\"We buried them\", he said", true},
		{"word_order_matters", "one two three four", "four three two one", false},
		{"different_words", base, strings.Replace(base, "Sunday", "Monday", 1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fa, fb := Fingerprint(tt.a), Fingerprint(tt.b)
			if (fa == fb) != tt.same {
				t.Errorf("Fingerprint(%q) = %016x, Fingerprint(%q) = %016x: want same = %v", tt.a, fa, tt.b, fb, tt.same)
			}
		})
	}
	if got := Fingerprint(" .,; "); got != 0 {
		t.Errorf("Fingerprint of no words = %016x, want 0", got)
	}
	if Similar(0, 1<<Threshold-1) != true || Similar(0, 1<<(Threshold+1)-1) != false {
		t.Errorf("Similar does not cut at Threshold = %d", Threshold)
	}
}

// TestSimilarPairsFindsAll checks the banded search against comparing all
// pairs, on fingerprints planted at every distance around Threshold.
func TestSimilarPairsFindsAll(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n = 3000
	items := make([]model.Item, n)
	fps := make([]uint64, n)
	long := make([]bool, n)
	for i := range n {
		items[i].SourceID = fmt.Sprint("s", r.IntN(20))
		long[i] = r.IntN(10) > 0
		if i > 0 && r.IntN(3) == 0 {
			// A near copy of an earlier fingerprint, 0 to Threshold+3 bits off.
			fp := fps[r.IntN(i)]
			for _, b := range r.Perm(64)[:r.IntN(Threshold+4)] {
				fp ^= 1 << b
			}
			fps[i] = fp
		} else {
			fps[i] = r.Uint64()
		}
	}
	var want []pair
	for i := range n {
		for j := i + 1; j < n; j++ {
			d := Distance(fps[i], fps[j])
			if long[i] && long[j] && d <= Threshold && items[i].SourceID != items[j].SourceID {
				want = append(want, pair{d, i, j})
			}
		}
	}
	got := similarPairs(items, fps, long)
	slices.SortFunc(want, func(a, b pair) int {
		if a.d != b.d {
			return a.d - b.d
		}
		if a.i != b.i {
			return a.i - b.i
		}
		return a.j - b.j
	})
	if !slices.Equal(got, want) {
		t.Fatalf("banded search found %d pairs, comparing all pairs %d", len(got), len(want))
	}
	if len(want) < 500 {
		t.Fatalf("only %d similar pairs planted: the test proves little", len(want))
	}
}

// TestGroupsPartition checks on generated items that every item is in
// exactly one group, that each Keep is its group's earliest item, and that
// the planted copies are found.
func TestGroupsPartition(t *testing.T) {
	items := generateItems(t, 2000)
	groups := Groups(items)
	seen := make(map[string]int)
	for _, g := range groups {
		seen[g.Keep.ID]++
		for _, o := range g.Others {
			seen[o.ID]++
			if before(&o, &g.Keep) {
				t.Errorf("group %s: %s is earlier than its Keep", g.Keep.ID, o.ID)
			}
		}
	}
	for _, it := range items {
		if seen[it.ID] != 1 {
			t.Fatalf("item %s is in %d groups", it.ID, seen[it.ID])
		}
	}
	if len(seen) != len(items) {
		t.Fatalf("groups hold %d items, want %d", len(seen), len(items))
	}
	dups := len(items) - len(groups)
	t.Logf("%d items, %d groups", len(items), len(groups))
	if dups < len(items)/10 {
		t.Errorf("only %d copies grouped: want most of the planted ones", dups)
	}
}

// generateItems returns n items: stories of random words drawn from
// testdata/stories.txt (so word frequencies are those of news prose), a
// fifth of them copies of an earlier one carried by another partner with
// its intro line and a tracking link.
func generateItems(tb testing.TB, n int) []model.Item {
	tb.Helper()
	var vocab []string
	for _, s := range loadStories(tb) {
		for _, p := range s.Paras {
			vocab = append(vocab, strings.Fields(p)...)
		}
	}
	r := rand.New(rand.NewPCG(7, 11))
	items := make([]model.Item, n)
	for i := range items {
		src := fmt.Sprintf("partner-%02d", r.IntN(30))
		it := model.Item{
			ID:        fmt.Sprintf("urn:item:%05d", i),
			SourceID:  src,
			URL:       fmt.Sprintf("https://%s.example/news/%d", src, i),
			FirstSeen: t0.Add(time.Duration(i) * time.Minute),
		}
		it.Published = it.FirstSeen
		if i > 10 && r.IntN(5) == 0 {
			orig := items[r.IntN(i)]
			p := partners[r.IntN(len(partners))]
			it.Content = "<p>" + p.Intro + "</p>" + orig.Content
			if r.IntN(4) == 0 {
				it.URL = orig.URL + "?utm_source=partner&fbclid=x"
			}
		} else {
			words := make([]string, 100+r.IntN(500))
			for w := range words {
				words[w] = vocab[r.IntN(len(vocab))]
			}
			var b strings.Builder
			for len(words) > 0 {
				k := min(len(words), 40+r.IntN(40))
				fmt.Fprintf(&b, "<p>%s</p>\n", strings.Join(words[:k], " "))
				words = words[k:]
			}
			it.Content = b.String()
		}
		items[i] = it
	}
	return items
}

// BenchmarkGroups groups 5,000 generated items (see generateItems).
func BenchmarkGroups(b *testing.B) {
	items := generateItems(b, 5000)
	b.ReportAllocs()
	for b.Loop() {
		Groups(items)
	}
	b.ReportMetric(float64(len(items))*float64(b.N)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkSimilarPairs is the candidate search alone, on 5,000 random
// fingerprints.
func BenchmarkSimilarPairs(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	const n = 5000
	items := make([]model.Item, n)
	fps := make([]uint64, n)
	long := make([]bool, n)
	for i := range n {
		items[i].SourceID = fmt.Sprint("s", i%30)
		fps[i], long[i] = r.Uint64(), true
	}
	b.ReportAllocs()
	for b.Loop() {
		similarPairs(items, fps, long)
	}
}

// TestGroupsWithStoredFingerprints: items whose text is gone but whose
// Fingerprint was computed at ingest (what publishing reads from the
// store) group exactly as the items with their text.
func TestGroupsWithStoredFingerprints(t *testing.T) {
	items := generateItems(t, 600)
	heads := make([]model.Item, len(items))
	for i, it := range items {
		it.Fingerprint = TextFingerprint(it.Content, it.Summary)
		it.Content, it.Summary = "", ""
		heads[i] = it
	}
	key := func(gs []Group) []string {
		var out []string
		for _, g := range gs {
			s := g.Keep.ID
			for _, o := range g.Others {
				s += "," + o.ID
			}
			out = append(out, s)
		}
		return out
	}
	if got, want := key(Groups(heads)), key(Groups(items)); !slices.Equal(got, want) {
		t.Errorf("groups from stored fingerprints differ: %d groups, want %d", len(got), len(want))
	}
}
