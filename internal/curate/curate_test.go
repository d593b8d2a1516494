package curate

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/gleanerhq/gleaner/internal/model"
)

func TestSelect(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	item := func(id, src string, age time.Duration) model.Item {
		return model.Item{ID: id, SourceID: src, Published: now.Add(-age)}
	}
	items := []model.Item{
		item("a", "s1", 3*day),
		item("b", "s2", 1*day),
		item("c", "s1", 1*day), // same time as b: ID breaks the tie
		item("d", "s2", 40*day),
		item("b", "s2", 1*day), // duplicate ID
	}
	items[0].Countries = []string{"KP", "CN"}
	items[1].Countries = []string{"NG"}
	items[2].Prayer = []model.PrayerList{{Heading: "Pray now", Items: []string{"That…"}}}
	items[3].Prayer = []model.PrayerList{{Heading: "Pray now"}} // a heading without points
	tests := []struct {
		name string
		out  model.Output
		want []string
	}{
		{"everything newest first", model.Output{}, []string{"b", "c", "a", "d"}},
		{"by source", model.Output{Sources: []string{"s1"}}, []string{"c", "a"}},
		{"max items", model.Output{MaxItems: 2}, []string{"b", "c"}},
		{"max age", model.Output{MaxAge: 30 * day}, []string{"b", "c", "a"}},
		{"combined", model.Output{Sources: []string{"s2"}, MaxAge: 30 * day, MaxItems: 5}, []string{"b"}},
		{"unknown source", model.Output{Sources: []string{"nope"}}, nil},
		{"by country", model.Output{Countries: []string{"CN", "IR"}}, []string{"a"}},
		{"prayer only", model.Output{PrayerOnly: true}, []string{"c"}},
		{"prayer output", model.Output{Prayer: true}, []string{"c"}},
		{"country and source", model.Output{Countries: []string{"NG"}, Sources: []string{"s1"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Select(items, tt.out, now)
			var ids []string
			for _, it := range got {
				ids = append(ids, it.ID)
			}
			if len(ids) != len(tt.want) {
				t.Fatalf("got %v, want %v", ids, tt.want)
			}
			for i := range ids {
				if ids[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", ids, tt.want)
				}
			}
		})
	}
}

func TestSelectFilters(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	mk := func(id, title, content, lang string, age time.Duration) model.Item {
		return model.Item{ID: id, Title: title, Content: content, Language: lang, Published: now.Add(-age)}
	}
	items := []model.Item{
		mk("a", "Church burned in Kaduna", "<p>Attackers set fire to the church.</p>", "en", 1*time.Hour),
		mk("b", "Iglesia atacada", "<p>Los fieles rezaron juntos.</p>", "es-MX", 2*time.Hour),
		mk("c", "Pastor released", "<p>Good news: the pastor is free. Churchgoers celebrated.</p>", "en-GB", 3*time.Hour),
		mk("d", "Ministry update", "<p>Our annual report is out.</p>", "en", 4*time.Hour),
	}
	tests := []struct {
		name string
		out  model.Output
		want []string
	}{
		{"keyword in title or text", model.Output{Include: []string{"church"}}, []string{"a"}}, // not "Churchgoers"
		{"keyword in text only", model.Output{Include: []string{"pastor"}, MatchIn: "text"}, []string{"c"}},
		{"keyword in title only", model.Output{Include: []string{"fire"}, MatchIn: "title"}, nil},
		{"phrase", model.Output{Include: []string{"good   news"}}, []string{"c"}},
		{"regex", model.Output{Include: []string{`/(?i)iglesia|church\b/`}}, []string{"a", "b"}},
		{"exclude", model.Output{Exclude: []string{"annual report", "iglesia"}}, []string{"a", "c"}},
		{"include and exclude", model.Output{Include: []string{"/./"}, Exclude: []string{"kaduna"}}, []string{"b", "c", "d"}},
		{"languages by primary subtag", model.Output{Languages: []string{"en"}}, []string{"a", "c", "d"}},
		{"languages and keyword", model.Output{Languages: []string{"es"}, Include: []string{"fieles"}}, []string{"b"}},
		{"pinned first", model.Output{Pinned: []string{"d", "c"}}, []string{"d", "c", "a", "b"}},
		{"pinned but filtered out", model.Output{Pinned: []string{"d"}, Languages: []string{"es"}}, []string{"b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ids []string
			for _, it := range Select(items, tt.out, now) {
				ids = append(ids, it.ID)
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("got %v, want %v", ids, tt.want)
			}
		})
	}
}

func TestApplyOverrides(t *testing.T) {
	items := []model.Item{
		{ID: "a", URL: "https://p.example/news/1/", Title: "Old title", Countries: []string{"US", "NG"}},
		{ID: "b", URL: "https://p.example/news/2", Countries: []string{"CN"}},
		{ID: "c", URL: "https://p.example/news/3"},
	}
	got, pinned := ApplyOverrides(items, []model.Override{
		{URL: "http://p.example/news/1", Title: "Corrected title", RemoveCountries: []string{"US"}, AddCountries: []string{"NE"}},
		{ID: "b", Countries: []string{"KP"}, Pin: true},
		{URL: "https://p.example/news/3", Block: true},
	})
	if len(got) != 2 || got[0].Title != "Corrected title" || !slices.Equal(got[0].Countries, []string{"NG", "NE"}) ||
		!slices.Equal(got[1].Countries, []string{"KP"}) || !slices.Equal(pinned, []string{"b"}) {
		t.Errorf("got %+v, pinned %v", got, pinned)
	}
	if items[0].Title != "Old title" || !slices.Equal(items[0].Countries, []string{"US", "NG"}) {
		t.Errorf("input modified: %+v", items[0])
	}
}

func TestCompilePatternErrors(t *testing.T) {
	for _, s := range []string{"/(/", "   "} {
		if _, err := CompilePattern(s); err == nil {
			t.Errorf("CompilePattern(%q): no error", s)
		}
	}
}

// TestSelectStopsEarlyOnSortedInput: on items already newest first, Select
// stops reading at MaxItems (no text is asked of later items) and returns
// what it returns for the same items in any order.
func TestSelectStopsEarlyOnSortedInput(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	var items []model.Item
	for i := range 200 {
		it := model.Item{ID: fmt.Sprintf("i%03d", i), SourceID: "s", Published: now.Add(-time.Duration(i/2) * time.Hour)}
		if i%3 == 0 {
			it.Countries = []string{"NG"}
		}
		items = append(items, it)
	}
	for _, out := range []model.Output{
		{MaxItems: 10},
		{MaxItems: 10, Countries: []string{"NG"}},
		{MaxItems: 10, Include: []string{"word"}},
		{MaxItems: 10, Pinned: []string{"i150"}},
	} {
		asked := 0
		text := func(it model.Item) string {
			asked++
			return "a word"
		}
		got := SelectWith(items, out, now, text)
		shuffled := slices.Clone(items)
		slices.Reverse(shuffled)
		want := SelectWith(shuffled, out, now, func(model.Item) string { return "a word" })
		if !slices.EqualFunc(got, want, func(a, b model.Item) bool { return a.ID == b.ID }) {
			t.Errorf("%+v: sorted input gives %v, reversed %v", out, ids(got), ids(want))
		}
		if len(out.Include) > 0 && asked != out.MaxItems {
			t.Errorf("%+v: text asked of %d items, want %d", out, asked, out.MaxItems)
		}
	}
}

func ids(items []model.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}
