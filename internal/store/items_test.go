package store

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gleanerhq/gleaner/internal/model"
)

var (
	t1 = time.Date(2025, 3, 1, 6, 0, 0, 0, time.UTC) // first run
	t2 = t1.Add(24 * time.Hour)                      // second run
	t3 = t2.Add(24 * time.Hour)                      // third run
)

// testItem returns a plain item of source src with the partner key key.
// A zero published leaves Published and PublishedRaw empty.
func testItem(src, key string, published time.Time) model.Item {
	it := model.Item{
		ID:       model.ItemID(src, key),
		SourceID: src,
		Key:      key,
		URL:      "https://" + src + ".example/news/" + key,
		Title:    "Title " + key,
		Content:  "<p>Body of " + key + "</p>",
	}
	if !published.IsZero() {
		it.Published = published
		it.PublishedRaw = published.Format(time.RFC1123Z)
	}
	return it
}

// with returns it changed by f, leaving it alone.
func with(it model.Item, f func(*model.Item)) model.Item {
	f(&it)
	return it
}

// stored returns it as the store should return it: hashed as given, a zero
// Published replaced by firstSeen, times in UTC.
func stored(it model.Item, firstSeen, lastChanged time.Time) model.Item {
	if it.Hash == "" {
		it.Hash = it.ContentHash()
	}
	if it.Published.IsZero() {
		it.Published = firstSeen
	}
	it.Published = utc(it.Published)
	it.Updated = utc(it.Updated)
	it.FirstSeen = firstSeen.UTC()
	it.LastChanged = lastChanged.UTC()
	return it
}

func sortItems(items []model.Item) []model.Item {
	items = slices.Clone(items)
	slices.SortFunc(items, func(a, b model.Item) int {
		if c := b.Published.Compare(a.Published); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return items
}

func diffItems(t *testing.T, got, want []model.Item) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d items, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("item %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestUpsertItems(t *testing.T) {
	pub := time.Date(2025, 2, 27, 15, 4, 5, 0, time.FixedZone("EST", -5*3600))
	a := testItem("src", "a", pub)
	b := testItem("src", "b", pub.Add(-time.Hour))
	undated := with(testItem("src", "undated", time.Time{}), func(it *model.Item) {
		it.PublishedRaw = "sometime last week" // did not parse
	})
	aEdited := with(a, func(it *model.Item) { it.Title = "Title a, corrected" })
	aUndated := with(aEdited, func(it *model.Item) { it.Published, it.PublishedRaw = time.Time{}, "" })
	undatedEdited := with(undated, func(it *model.Item) { it.Content = "<p>Longer body</p>" })
	aRedated := with(a, func(it *model.Item) { it.Published = pub.Add(time.Hour) })

	type step struct {
		items []model.Item
		now   time.Time
		want  UpsertResult
	}
	tests := []struct {
		name  string
		steps []step
		want  []model.Item // the store afterwards, in Items order
	}{
		{
			name: "new items: FirstSeen and LastChanged are now",
			steps: []step{
				{[]model.Item{a, b}, t1, UpsertResult{New: 2, NewIDs: []string{a.ID, b.ID}}},
			},
			want: []model.Item{stored(a, t1, t1), stored(b, t1, t1)},
		},
		{
			name: "unchanged: counted, timestamps kept",
			steps: []step{
				{[]model.Item{a, b}, t1, UpsertResult{New: 2, NewIDs: []string{a.ID, b.ID}}},
				{[]model.Item{a, b}, t2, UpsertResult{Unchanged: 2}},
			},
			want: []model.Item{stored(a, t1, t1), stored(b, t1, t1)},
		},
		{
			name: "changed: updated in place, FirstSeen kept, LastChanged now",
			steps: []step{
				{[]model.Item{a, b}, t1, UpsertResult{New: 2, NewIDs: []string{a.ID, b.ID}}},
				{[]model.Item{aEdited, b}, t2, UpsertResult{Updated: 1, Unchanged: 1, UpdatedIDs: []string{a.ID}}},
			},
			want: []model.Item{stored(aEdited, t1, t2), stored(b, t1, t1)},
		},
		{
			name: "zero Published falls back to first seen, PublishedRaw kept",
			steps: []step{
				{[]model.Item{undated}, t1, UpsertResult{New: 1, NewIDs: []string{undated.ID}}},
			},
			want: []model.Item{stored(undated, t1, t1)},
		},
		{
			name: "zero Published is unchanged on re-upsert: hash is of the item as given",
			steps: []step{
				{[]model.Item{undated}, t1, UpsertResult{New: 1, NewIDs: []string{undated.ID}}},
				{[]model.Item{undated}, t2, UpsertResult{Unchanged: 1}},
				{[]model.Item{undated}, t3, UpsertResult{Unchanged: 1}},
			},
			want: []model.Item{stored(undated, t1, t1)},
		},
		{
			name: "update with zero Published keeps the stored Published",
			steps: []step{
				{[]model.Item{a}, t1, UpsertResult{New: 1, NewIDs: []string{a.ID}}},
				{[]model.Item{aUndated}, t2, UpsertResult{Updated: 1, UpdatedIDs: []string{a.ID}}},
			},
			want: []model.Item{with(stored(aUndated, t1, t2), func(it *model.Item) { it.Published = pub.UTC() })},
		},
		{
			name: "update with zero Published keeps the first-seen fallback",
			steps: []step{
				{[]model.Item{undated}, t1, UpsertResult{New: 1, NewIDs: []string{undated.ID}}},
				{[]model.Item{undatedEdited}, t2, UpsertResult{Updated: 1, UpdatedIDs: []string{undated.ID}}},
			},
			want: []model.Item{stored(undatedEdited, t1, t2)},
		},
		{
			name: "update with a new Published replaces it",
			steps: []step{
				{[]model.Item{a}, t1, UpsertResult{New: 1, NewIDs: []string{a.ID}}},
				{[]model.Item{aRedated}, t2, UpsertResult{Updated: 1, UpdatedIDs: []string{a.ID}}},
			},
			want: []model.Item{stored(aRedated, t1, t2)},
		},
		{
			name: "an ID twice in one call is two successive upserts",
			steps: []step{
				{[]model.Item{a, a, aEdited}, t1, UpsertResult{
					New: 1, Unchanged: 1, Updated: 1, NewIDs: []string{a.ID}, UpdatedIDs: []string{a.ID},
				}},
			},
			want: []model.Item{stored(aEdited, t1, t1)},
		},
		{
			name: "items missing from later fetches are kept",
			steps: []step{
				{[]model.Item{a, b}, t1, UpsertResult{New: 2, NewIDs: []string{a.ID, b.ID}}},
				{[]model.Item{b}, t2, UpsertResult{Unchanged: 1}},
				{nil, t3, UpsertResult{}},
			},
			want: []model.Item{stored(a, t1, t1), stored(b, t1, t1)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := openTest(t, ":memory:")
			for i, st := range tt.steps {
				got, err := s.UpsertItems(ctx, st.items, st.now)
				if err != nil {
					t.Fatalf("step %d: UpsertItems: %v", i+1, err)
				}
				if !reflect.DeepEqual(got, st.want) {
					t.Errorf("step %d: UpsertItems = %+v, want %+v", i+1, got, st.want)
				}
			}
			items, err := s.Items(ctx, Query{})
			if err != nil {
				t.Fatal(err)
			}
			diffItems(t, items, sortItems(tt.want))
		})
	}
}

// TestUpsertUnchangedWritesNothing pins the cheap re-run: when nothing
// changed, no row is written and the WAL does not grow.
func TestUpsertUnchangedWritesNothing(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "gleaner.db")
	items := make([]model.Item, 50)
	for i := range items {
		items[i] = testItem("src", fmt.Sprint(i), t1.Add(time.Duration(i)*time.Minute))
	}
	if _, err := s.UpsertItems(ctx, items, t1); err != nil {
		t.Fatal(err)
	}
	changes := func() (n int64) {
		t.Helper()
		// s.w has one connection, so this is the connection that upserts.
		if err := s.w.QueryRow("SELECT total_changes()").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	walSize := func() int64 {
		t.Helper()
		fi, err := os.Stat(s.path(t) + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	beforeChanges, beforeWAL := changes(), walSize()
	res, err := s.UpsertItems(ctx, items, t2)
	if err != nil {
		t.Fatal(err)
	}
	if res.Unchanged != len(items) {
		t.Errorf("re-upsert = %+v, want %d unchanged", res, len(items))
	}
	if got := changes(); got != beforeChanges {
		t.Errorf("re-upsert changed %d rows, want 0", got-beforeChanges)
	}
	if got := walSize(); got != beforeWAL {
		t.Errorf("re-upsert grew the WAL from %d to %d bytes", beforeWAL, got)
	}
}

func TestUpsertErrorsRollBack(t *testing.T) {
	good := testItem("src", "good", t1)
	tests := []struct {
		name    string
		items   []model.Item
		now     time.Time
		wantErr string
	}{
		{"empty ID", []model.Item{good, with(good, func(it *model.Item) { it.ID = "" })}, t1, "item 2 of 2"},
		{
			"unstorable date",
			[]model.Item{good, with(testItem("src", "far", t1), func(it *model.Item) {
				it.Updated = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
			})},
			t1, "store: upsert item " + model.ItemID("src", "far") + ": updated",
		},
		{"zero now", []model.Item{good}, time.Time{}, "zero time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := openTest(t, ":memory:")
			res, err := s.UpsertItems(ctx, tt.items, tt.now)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("UpsertItems error = %v, want one containing %q", err, tt.wantErr)
			}
			if !reflect.DeepEqual(res, UpsertResult{}) {
				t.Errorf("UpsertItems result on error = %+v, want zero", res)
			}
			if n, _ := s.CountItems(ctx); n != 0 {
				t.Errorf("%d items stored by a failed upsert, want 0", n)
			}
		})
	}
}

func TestUpsertLeavesInputAlone(t *testing.T) {
	s := openTest(t, ":memory:")
	items := []model.Item{testItem("src", "a", time.Time{}), testItem("src", "b", t1)}
	orig := slices.Clone(items)
	if _, err := s.UpsertItems(context.Background(), items, t1); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(items, orig) {
		t.Errorf("UpsertItems modified its input:\n got %+v\nwant %+v", items, orig)
	}
}

// fullItem has every field set, with times in a non-UTC zone and with
// nanoseconds.
func fullItem() model.Item {
	loc := time.FixedZone("NPT", 5*3600+45*60)
	return model.Item{
		ID:          model.ItemID("opendoors-uk", "guid-1"),
		SourceID:    "opendoors-uk",
		Key:         "guid-1",
		URL:         "https://a.example/news/1?x=1&y=ü",
		Title:       "Pray for Nepal — “quotes” & ampersands",
		Summary:     "<p>Short</p>",
		Content:     "<p>Long\x00with NUL and emoji 🙏</p>",
		Language:    "en-GB",
		ImageURL:    "https://a.example/img/1.jpg",
		FullContent: true,
		Authors: []model.Person{
			{Name: "Jane", Email: "jane@a.example", URL: "https://a.example/jane"},
			{Name: "Press office"},
		},
		Categories:   []string{"Asia", "Prayer"},
		Enclosures:   []model.Enclosure{{URL: "https://a.example/1.mp3", Type: "audio/mpeg", Length: 1 << 33}},
		Prayer:       []model.PrayerList{{Heading: "Pray now…", Items: []string{"That peace comes", "For courage"}}, {Items: []string{"Pray for X."}}},
		Countries:    []string{"KP", "CN"},
		Fingerprint:  0xF00DFACE12345678, // high bit set: stored as a negative int64
		Published:    time.Date(2025, 2, 27, 15, 4, 5, 123456789, loc),
		PublishedRaw: "Thu, 27 Feb 2025 15:04:05 +0545",
		Updated:      time.Date(2025, 2, 28, 1, 2, 3, 1, loc),
		UpdatedRaw:   "2025-02-28T01:02:03.000000001+05:45",
		// Store-owned fields are ignored on input.
		FirstSeen:   time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC),
		LastChanged: time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC),
		// A caller's hash (the feed item's, before enrichment) is kept.
		Hash: "feed-item-hash",
	}
}

func TestItemRoundTrip(t *testing.T) {
	full := fullItem()
	// Guard: if model.Item grows a field, this test must set it.
	v := reflect.ValueOf(full)
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Fatalf("fullItem leaves %s zero; set it so that the round trip covers it", v.Type().Field(i).Name)
		}
	}
	now := time.Date(2025, 3, 1, 6, 0, 0, 999999999, time.FixedZone("CET", 3600))

	tests := []struct {
		name string
		item model.Item
	}{
		{"every field set", full},
		{"nil slices and zero Updated", with(full, func(it *model.Item) {
			it.Authors, it.Categories, it.Enclosures = nil, nil, nil
			it.Updated, it.UpdatedRaw = time.Time{}, ""
		})},
		{"empty slices stay empty", with(full, func(it *model.Item) {
			it.Authors, it.Categories, it.Enclosures = []model.Person{}, []string{}, []model.Enclosure{}
		})},
		{"empty strings and false", model.Item{ID: "id", Published: full.Published}},
		{"dates outside the Unix-nanosecond range", with(full, func(it *model.Item) {
			it.Published = time.Date(1066, 10, 14, 9, 0, 0, 1, time.UTC)
			it.Updated = time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
		})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := openTest(t, ":memory:")
			if _, err := s.UpsertItems(ctx, []model.Item{tt.item}, now); err != nil {
				t.Fatal(err)
			}
			got, err := s.Items(ctx, Query{})
			if err != nil {
				t.Fatal(err)
			}
			want := stored(tt.item, now, now)
			diffItems(t, got, []model.Item{want})
			for _, tm := range []time.Time{got[0].Published, got[0].Updated, got[0].FirstSeen, got[0].LastChanged} {
				if tm.Location() != time.UTC {
					t.Errorf("time %v is in %v, want UTC", tm, tm.Location())
				}
			}
		})
	}
}

func TestItemsQuery(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, ":memory:")
	day := func(d int) time.Time { return time.Date(2025, 3, d, 12, 0, 0, 0, time.UTC) }
	var items []model.Item
	add := func(src, key string, published time.Time) {
		items = append(items, testItem(src, key, published))
	}
	add("a", "a1", day(1))
	add("a", "a2", day(3))
	add("b", "b1", day(2))
	add("b", "b2", day(3)) // ties with a2
	add("c", "c1", day(4))
	add("c", "c2", day(3).Add(time.Nanosecond)) // just after the tie
	add("c", "c3", day(3).Add(500*time.Millisecond))
	if _, err := s.UpsertItems(ctx, items, day(5)); err != nil {
		t.Fatal(err)
	}
	id := func(src, key string) string { return model.ItemID(src, key) }
	tie := []string{id("a", "a2"), id("b", "b2")}
	slices.Sort(tie)

	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"all, newest first, ties by ID", Query{}, append([]string{
			id("c", "c1"), id("c", "c3"), id("c", "c2")}, append(tie, id("b", "b1"), id("a", "a1"))...)},
		{"one source", Query{Sources: []string{"b"}}, []string{id("b", "b2"), id("b", "b1")}},
		{"two sources", Query{Sources: []string{"a", "b"}}, append(slices.Clone(tie), id("b", "b1"), id("a", "a1"))},
		{"unknown source", Query{Sources: []string{"zz"}}, nil},
		{"by ids", Query{IDs: []string{id("b", "b1"), id("a", "a1"), "nope"}}, []string{id("b", "b1"), id("a", "a1")}},
		{"since is inclusive", Query{Since: day(3)}, append([]string{id("c", "c1"), id("c", "c3"), id("c", "c2")}, tie...)},
		{"since in another zone", Query{Since: day(3).In(time.FixedZone("X", 7200)).Add(time.Nanosecond)},
			[]string{id("c", "c1"), id("c", "c3"), id("c", "c2")}},
		{"limit", Query{Limit: 2}, []string{id("c", "c1"), id("c", "c3")}},
		{"limit beyond the count", Query{Sources: []string{"a"}, Limit: 10}, []string{id("a", "a2"), id("a", "a1")}},
		{"all filters", Query{Sources: []string{"a", "c"}, Since: day(2), Limit: 3},
			[]string{id("c", "c1"), id("c", "c3"), id("c", "c2")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Items(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, it := range got {
				ids = append(ids, it.ID)
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("Items(%+v) IDs\n got %q\nwant %q", tt.q, ids, tt.want)
			}
		})
	}
}

func TestItemHashes(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, ":memory:")
	a, b := testItem("src", "a", t1), testItem("src", "b", time.Time{})
	if _, err := s.UpsertItems(ctx, []model.Item{a, b}, t1); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		ids  []string
		want map[string]string
	}{
		{"none asked", nil, map[string]string{}},
		{"known and unknown", []string{a.ID, "urn:uuid:unknown", b.ID},
			map[string]string{a.ID: a.ContentHash(), b.ID: b.ContentHash()}},
		{"repeated ID", []string{a.ID, a.ID}, map[string]string{a.ID: a.ContentHash()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.ItemHashes(ctx, tt.ids)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ItemHashes = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPrune(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name      string
		olderThan time.Time
		wantN     int
		wantLeft  []string // keys
	}{
		{"zero time prunes nothing", time.Time{}, 0, []string{"d3", "d2", "d1"}},
		{"strictly older", day(2), 1, []string{"d3", "d2"}},
		{"a nanosecond later", day(2).Add(time.Nanosecond), 2, []string{"d3"}},
		{"in another zone", day(3).In(time.FixedZone("X", -3600)), 2, []string{"d3"}},
		{"everything", day(4), 3, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := openTest(t, ":memory:")
			items := []model.Item{testItem("s", "d1", day(1)), testItem("s", "d2", day(2)), testItem("s", "d3", day(3))}
			if _, err := s.UpsertItems(ctx, items, day(5)); err != nil {
				t.Fatal(err)
			}
			n, err := s.Prune(ctx, tt.olderThan)
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.wantN {
				t.Errorf("Prune = %d, want %d", n, tt.wantN)
			}
			got, err := s.Items(ctx, Query{})
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, it := range got {
				keys = append(keys, it.Key)
			}
			if !slices.Equal(keys, tt.wantLeft) {
				t.Errorf("left %q, want %q", keys, tt.wantLeft)
			}
		})
	}
}

// BenchmarkUpsert measures one source's batch of 1,000 items: inserted the
// first time, then re-upserted unchanged (the common cron run).
func BenchmarkUpsert(b *testing.B) {
	const n = 1000
	batch := func(round int) []model.Item {
		items := make([]model.Item, n)
		for i := range items {
			items[i] = fullItem()
			items[i].Key = fmt.Sprintf("r%d-%d", round, i)
			items[i].ID = model.ItemID(items[i].SourceID, items[i].Key)
			items[i].Published = items[i].Published.Add(time.Duration(i) * time.Minute)
		}
		return items
	}
	ctx := context.Background()

	b.Run("insert", func(b *testing.B) {
		s := openTest(b, "bench.db")
		b.ReportAllocs()
		round := 0
		for b.Loop() {
			b.StopTimer()
			items := batch(round)
			round++
			b.StartTimer()
			res, err := s.UpsertItems(ctx, items, t1)
			if err != nil || res.New != n {
				b.Fatalf("UpsertItems = %+v, %v", res, err)
			}
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		s := openTest(b, "bench.db")
		items := batch(0)
		if _, err := s.UpsertItems(ctx, items, t1); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			res, err := s.UpsertItems(ctx, items, t2)
			if err != nil || res.Unchanged != n {
				b.Fatalf("UpsertItems = %+v, %v", res, err)
			}
		}
	})
}

// A hash set by the caller (the feed item's, before enrichment) is stored
// as is, so an enriched item re-upserted from the same feed item is
// unchanged.
func TestUpsertKeepsCallerHash(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	it := model.Item{ID: "urn:x", SourceID: "s", Key: "k", URL: "https://a.example/1", Title: "T", Summary: "short"}
	it.Hash = it.ContentHash()
	enriched := it
	enriched.Content = "<p>the whole article</p>"
	enriched.Countries = []string{"KP"}
	if res, err := s.UpsertItems(ctx, []model.Item{enriched}, now); err != nil || res.New != 1 {
		t.Fatalf("first upsert: %+v, %v", res, err)
	}
	hashes, err := s.ItemHashes(ctx, []string{"urn:x"})
	if err != nil {
		t.Fatal(err)
	}
	if hashes["urn:x"] != it.Hash {
		t.Errorf("stored hash %q, want the caller's %q", hashes["urn:x"], it.Hash)
	}
	if res, err := s.UpsertItems(ctx, []model.Item{enriched}, now.Add(time.Hour)); err != nil || res.Unchanged != 1 {
		t.Errorf("second upsert: %+v, %v", res, err)
	}
}

func TestItemsStamp(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, ":memory:")
	n, last, err := s.ItemsStamp(ctx)
	if err != nil || n != 0 || last != "" {
		t.Fatalf("empty: %d %q %v", n, last, err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	it := model.Item{ID: "a", SourceID: "s", Key: "k", Title: "T"}
	if _, err := s.UpsertItems(ctx, []model.Item{it}, now); err != nil {
		t.Fatal(err)
	}
	n1, last1, _ := s.ItemsStamp(ctx)
	s.UpsertItems(ctx, []model.Item{it}, now.Add(time.Hour)) // unchanged: no write
	n2, last2, _ := s.ItemsStamp(ctx)
	it.Title = "Changed"
	s.UpsertItems(ctx, []model.Item{it}, now.Add(2*time.Hour))
	n3, last3, _ := s.ItemsStamp(ctx)
	if n1 != 1 || n2 != 1 || n3 != 1 || last1 != last2 || last3 == last2 {
		t.Errorf("stamps: (%d %s) (%d %s) (%d %s)", n1, last1, n2, last2, n3, last3)
	}
}

func TestItemsHeads(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, ":memory:")
	now := time.Date(2025, 3, 1, 6, 0, 0, 0, time.UTC)
	if _, err := s.UpsertItems(ctx, []model.Item{fullItem()}, now); err != nil {
		t.Fatal(err)
	}
	whole, err := s.Items(ctx, Query{})
	if err != nil {
		t.Fatal(err)
	}
	heads, err := s.Items(ctx, Query{Heads: true})
	if err != nil {
		t.Fatal(err)
	}
	want := whole[0]
	want.Summary, want.Content = "", ""
	diffItems(t, heads, []model.Item{want})
}

func TestBackfillFingerprints(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, ":memory:")
	now := time.Date(2025, 3, 1, 6, 0, 0, 0, time.UTC)
	var items []model.Item
	for i := range 1234 { // more than one batch
		it := testItem("a", fmt.Sprint(i), now)
		it.Content = fmt.Sprintf("<p>story %d</p>", i)
		it.Fingerprint = 7
		items = append(items, it)
	}
	if _, err := s.UpsertItems(ctx, items, now); err != nil {
		t.Fatal(err)
	}
	// As if stored before schema version 3, except one row.
	if _, err := s.w.Exec(`UPDATE items SET fingerprint = NULL WHERE id != ?`, items[0].ID); err != nil {
		t.Fatal(err)
	}
	fp := func(content, summary string) uint64 { return uint64(len(content)) | 1<<63 }
	n, err := s.BackfillFingerprints(ctx, fp)
	if err != nil || n != len(items)-1 {
		t.Fatalf("BackfillFingerprints = %d, %v; want %d, nil", n, err, len(items)-1)
	}
	got, err := s.Items(ctx, Query{Heads: true})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]uint64{}
	for _, it := range got {
		byID[it.ID] = it.Fingerprint
	}
	for i, it := range items {
		want := fp(it.Content, "")
		if i == 0 {
			want = 7 // computed at ingest: left alone
		}
		if byID[it.ID] != want {
			t.Errorf("item %d: fingerprint %#x, want %#x", i, byID[it.ID], want)
		}
	}
	if n, err := s.BackfillFingerprints(ctx, fp); n != 0 || err != nil {
		t.Errorf("second BackfillFingerprints = %d, %v; want 0, nil", n, err)
	}
}

func TestTexts(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, ":memory:")
	now := time.Date(2025, 3, 1, 6, 0, 0, 0, time.UTC)
	a, b := testItem("a", "1", now), testItem("a", "2", now)
	a.Summary, a.Content = "<p>sa</p>", "<p>ca</p>"
	b.Summary, b.Content = "<p>sb</p>", ""
	if _, err := s.UpsertItems(ctx, []model.Item{a, b}, now); err != nil {
		t.Fatal(err)
	}
	got, err := s.Texts(ctx, []string{a.ID, b.ID, "unknown"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Text{a.ID: {"<p>sa</p>", "<p>ca</p>"}, b.ID: {"<p>sb</p>", ""}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Texts = %v, want %v", got, want)
	}
}
