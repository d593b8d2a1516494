package publish

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/gleanerhq/gleaner/internal/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the rendered output")

// TestRenderGolden renders every case in every format, compares it with
// testdata/<case><ext>.golden (rewritten by -update), renders it again to
// check the bytes are identical and checks the Feed was not modified.
func TestRenderGolden(t *testing.T) {
	for _, tc := range goldenCases {
		for _, format := range Formats {
			t.Run(tc.name+"/"+string(format), func(t *testing.T) {
				f := tc.feed()
				got, err := Render(f, format)
				if err != nil {
					t.Fatalf("Render: %v", err)
				}
				again, err := Render(f, format)
				if err != nil {
					t.Fatalf("Render again: %v", err)
				}
				if !bytes.Equal(got, again) {
					t.Errorf("second render differs from the first:\n%s", diff(got, again))
				}
				if !reflect.DeepEqual(f, tc.feed()) {
					t.Errorf("Render modified its Feed")
				}

				golden := filepath.Join("testdata", tc.name+format.Ext()+".golden")
				if *update {
					if err := os.WriteFile(golden, got, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("output differs from %s (go test -update rewrites it):\n%s", golden, diff(want, got))
				}
			})
		}
	}
}

// diff shows the first differing line of want and got with some context.
func diff(want, got []byte) string {
	wl := strings.Split(string(want), "\n")
	gl := strings.Split(string(got), "\n")
	i := 0
	for i < len(wl) && i < len(gl) && wl[i] == gl[i] {
		i++
	}
	var b strings.Builder
	for j := max(0, i-2); j < i; j++ {
		fmt.Fprintf(&b, "  %4d  %s\n", j+1, wl[j])
	}
	for j := i; j < len(wl) && j < i+3; j++ {
		fmt.Fprintf(&b, "- %4d  %s\n", j+1, wl[j])
	}
	for j := i; j < len(gl) && j < i+3; j++ {
		fmt.Fprintf(&b, "+ %4d  %s\n", j+1, gl[j])
	}
	return b.String()
}

// TestRenderWellFormed checks the XML formats parse strictly, with every
// namespace prefix declared, and the JSON is valid JSON Feed 1.1.
func TestRenderWellFormed(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.feed()
			for _, format := range []Format{Atom, RSS} {
				data, err := Render(f, format)
				if err != nil {
					t.Fatal(err)
				}
				checkXML(t, format, data)
			}
			data, err := Render(f, JSON)
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Version *string           `json:"version"`
				Items   []json.RawMessage `json:"items"`
			}
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatalf("json: %v", err)
			}
			if doc.Version == nil || *doc.Version != "https://jsonfeed.org/version/1.1" {
				t.Errorf("json: version = %v", doc.Version)
			}
			if doc.Items == nil || len(doc.Items) != len(f.Entries) {
				t.Errorf("json: items = %v, want an array of %d", doc.Items, len(f.Entries))
			}
		})
	}
}

func checkXML(t *testing.T, format Format, data []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	// The decoder leaves an undeclared prefix as the name's Space; a
	// declared one becomes its namespace URL.
	declared := func(n xml.Name) bool {
		return n.Space == "" || n.Space == "xmlns" || strings.Contains(n.Space, "://")
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s: not well-formed: %v", format, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if !declared(se.Name) {
				t.Errorf("%s: element %s:%s: undeclared prefix", format, se.Name.Space, se.Name.Local)
			}
			for _, a := range se.Attr {
				if !declared(a.Name) {
					t.Errorf("%s: attribute %s:%s: undeclared prefix", format, a.Name.Space, a.Name.Local)
				}
			}
		}
	}
}

// TestRoundTrip parses every rendered format back with gofeed, the parser
// gleaner's own fetch stage and many readers use, and checks the items
// survive: count, IDs, links, titles, categories, dates, authors and
// enclosures.
func TestRoundTrip(t *testing.T) {
	for _, tc := range goldenCases {
		for _, format := range Formats {
			t.Run(tc.name+"/"+string(format), func(t *testing.T) {
				f := tc.feed()
				data, err := Render(f, format)
				if err != nil {
					t.Fatal(err)
				}
				got, err := gofeed.NewParser().Parse(bytes.NewReader(data))
				if err != nil {
					t.Fatalf("gofeed: %v", err)
				}
				if got.FeedType != string(format) {
					t.Errorf("feed type = %q, want %q", got.FeedType, format)
				}
				if got.Title != f.Title {
					t.Errorf("feed title = %q, want %q", got.Title, f.Title)
				}
				if got.FeedLink != f.SelfURL(format) {
					t.Errorf("feed link = %q, want %q", got.FeedLink, f.SelfURL(format))
				}
				if got.Language != f.Language {
					t.Errorf("feed language = %q, want %q", got.Language, f.Language)
				}
				if len(got.Items) != len(f.Entries) {
					t.Fatalf("%d items, want %d", len(got.Items), len(f.Entries))
				}
				for i := range f.Entries {
					checkItem(t, format, f, &f.Entries[i], got.Items[i])
				}
			})
		}
	}
}

func checkItem(t *testing.T, format Format, f *Feed, e *Entry, it *gofeed.Item) {
	t.Helper()
	if it.GUID != e.ID {
		t.Errorf("item %s: id = %q", e.ID, it.GUID)
	}
	if it.Link != e.URL {
		t.Errorf("item %s: link = %q, want %q", e.ID, it.Link, e.URL)
	}
	if it.Title != e.Title {
		t.Errorf("item %s: title = %q, want %q", e.ID, it.Title, e.Title)
	}
	wantCats := slices.Clone(e.Categories)
	for _, c := range e.Countries {
		switch format {
		case Atom: // gofeed reads an Atom category's label when it has one
			wantCats = append(wantCats, c.Name)
		case RSS:
			wantCats = append(wantCats, c.Code)
		case JSON:
			if !slices.Contains(wantCats, c.Name) {
				wantCats = append(wantCats, c.Name)
			}
		}
	}
	if !slices.Equal(it.Categories, wantCats) && len(it.Categories)+len(wantCats) > 0 {
		t.Errorf("item %s: categories = %q, want %q", e.ID, it.Categories, wantCats)
	}

	wantPublished, wantUpdated := utc(e.Published), e.modified()
	switch format {
	case RSS:
		wantUpdated = time.Time{} // RSS items have no modification date
	case Atom:
		if wantUpdated.IsZero() {
			wantUpdated = f.updated() // atom:updated is required
		}
		if wantPublished.IsZero() {
			wantPublished = wantUpdated // gofeed falls back to atom:updated
		}
	}
	checkTime(t, e.ID+": published", it.PublishedParsed, wantPublished)
	checkTime(t, e.ID+": updated", it.UpdatedParsed, wantUpdated)

	var names []string
	for _, p := range e.Authors {
		names = append(names, p.Name)
	}
	var gotNames []string
	for _, p := range it.Authors {
		gotNames = append(gotNames, p.Name)
	}
	if format == RSS && len(names) > 1 {
		names = names[:1] // gofeed reads the first dc:creator only
	}
	if !slices.Equal(gotNames, names) {
		t.Errorf("item %s: authors = %q, want %q", e.ID, gotNames, names)
	}

	wantEnc := len(e.Enclosures)
	if format == RSS {
		wantEnc = min(wantEnc, 1)
	}
	if len(it.Enclosures) != wantEnc {
		t.Fatalf("item %s: %d enclosures, want %d", e.ID, len(it.Enclosures), wantEnc)
	}
	for i, enc := range it.Enclosures {
		if enc.URL != e.Enclosures[i].URL {
			t.Errorf("item %s: enclosure %d = %q, want %q", e.ID, i, enc.URL, e.Enclosures[i].URL)
		}
	}
}

func checkTime(t *testing.T, what string, got *time.Time, want time.Time) {
	t.Helper()
	switch {
	case want.IsZero() && got != nil:
		t.Errorf("%s = %v, want none", what, got)
	case !want.IsZero() && got == nil:
		t.Errorf("%s missing, want %v", what, want)
	case got != nil && !got.Equal(want):
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestRenderRejects(t *testing.T) {
	ok := basicFeed
	tests := []struct {
		name   string
		edit   func(*Feed)
		format Format
		want   error
	}{
		{"empty_path", func(f *Feed) { f.Path = "" }, Atom, ErrInvalidFeed},
		{"path_escapes_dir", func(f *Feed) { f.Path = "../all" }, Atom, ErrInvalidFeed},
		{"absolute_path", func(f *Feed) { f.Path = "/all" }, Atom, ErrInvalidFeed},
		{"unclean_path", func(f *Feed) { f.Path = "source//a" }, Atom, ErrInvalidFeed},
		{"base_url_without_slash", func(f *Feed) { f.BaseURL = "https://feeds.example.org" }, RSS, ErrInvalidFeed},
		{"empty_entry_id", func(f *Feed) { f.Entries[1].ID = "" }, JSON, ErrInvalidFeed},
		{"duplicate_entry_id", func(f *Feed) { f.Entries[1].ID = f.Entries[0].ID }, Atom, ErrInvalidFeed},
		{"unknown_format", func(*Feed) {}, Format("rdf"), ErrUnknownFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ok()
			tt.edit(f)
			_, err := Render(f, tt.format)
			if !errors.Is(err, tt.want) {
				t.Errorf("Render = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	for _, tt := range []struct {
		f              Format
		ext, mediaType string
	}{
		{Atom, ".atom", "application/atom+xml"},
		{RSS, ".rss", "application/rss+xml"},
		{JSON, ".json", "application/feed+json"},
		{Format("rdf"), "", ""},
	} {
		if got := tt.f.Ext(); got != tt.ext {
			t.Errorf("%s.Ext() = %q, want %q", tt.f, got, tt.ext)
		}
		if got := tt.f.MediaType(); got != tt.mediaType {
			t.Errorf("%s.MediaType() = %q, want %q", tt.f, got, tt.mediaType)
		}
	}
}

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("word ", 100)
	got := excerpt(long)
	if n := len([]rune(got)); n > excerptRunes+1 {
		t.Errorf("excerpt is %d runes, want at most %d", n, excerptRunes+1)
	}
	if !strings.HasSuffix(got, "word…") {
		t.Errorf("excerpt = %q, want it cut after a word with an ellipsis", got)
	}
	if got := excerpt("  short\n\ttext "); got != "short text" {
		t.Errorf("excerpt(short) = %q", got)
	}
}

// BenchmarkRender renders a 100-entry feed in each format.
func BenchmarkRender(b *testing.B) {
	f := testFeed("all")
	base := basicFeed().Entries[0]
	for i := range 100 {
		e := base
		e.URL = article(1000 + i)
		e.ID = model.ItemID(partner.ID, e.URL)
		e.Categories = []string{"News", "Prayer", "Nigeria"}
		e.Published = base.Published.Add(-time.Duration(i) * time.Hour)
		f.Entries = append(f.Entries, e)
	}
	for _, format := range Formats {
		b.Run(string(format), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Render(f, format); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "source", ".x.atom.tmp-123")
	fresh := filepath.Join(dir, ".all.json.tmp-456")
	keep := filepath.Join(dir, "all.json")
	for _, p := range []string{old, fresh, keep} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	if err := os.Chtimes(old, now.Add(-time.Hour), now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	n, err := RemoveStale(dir, now)
	if err != nil || n != 1 {
		t.Fatalf("RemoveStale = %d, %v; want 1", n, err)
	}
	for p, want := range map[string]bool{old: false, fresh: true, keep: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s exists = %v, want %v", p, err == nil, want)
		}
	}
	if n, err := RemoveStale(filepath.Join(dir, "missing"), now); n != 0 || err != nil {
		t.Errorf("missing dir: %d, %v", n, err)
	}
}

// TestStylesheetEscaping checks that a stylesheet href cannot end the
// processing instruction or its pseudo-attribute early, and that no
// instruction is written without a stylesheet.
func TestStylesheetEscaping(t *testing.T) {
	f := basicFeed()
	f.Stylesheet = `feed.xsl?a=1&b="2"?><x>`
	for _, format := range []Format{Atom, RSS} {
		data, err := Render(f, format)
		if err != nil {
			t.Fatal(err)
		}
		want := xml.Header + `<?xml-stylesheet type="text/xsl" href="feed.xsl?a=1&amp;b=&quot;2&quot;?&gt;&lt;x&gt;"?>` + "\n"
		if !bytes.HasPrefix(data, []byte(want)) {
			t.Errorf("%s starts\n%s\nwant\n%s", format, data[:min(len(data), len(want)+40)], want)
		}
		checkXML(t, format, data)
	}
	f.Stylesheet = ""
	data, err := Render(f, Atom)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("<?xml-stylesheet")) {
		t.Errorf("stylesheet instruction written without a stylesheet")
	}
}
