package listing

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gleanerhq/gleaner"
)

// FuzzParse checks that Parse never panics on hostile HTML and that what it
// returns keeps its promises: absolute http(s) URLs, no duplicates, the cap.
// It is seeded with every page in testdata and the corpus listing pages.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.html")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0))
	}
	for _, l := range corpusListings {
		if b, err := fs.ReadFile(gleaner.Corpus(), "sites/"+l.site+"/"+l.entry); err == nil {
			f.Add(b, uint8(0))
		}
	}
	f.Add([]byte(`<base href="javascript:x"><a href="//evil.example/x">a b c d</a><a href=" http://[::1]:namedport">x y z w</a>`), uint8(1))
	f.Add([]byte(`<ul><li><a href="/a-b-c">one two three four</a><li><a href="/d-e-f">five six seven eight</a></ul>`), uint8(1))
	f.Fuzz(func(t *testing.T, page []byte, max uint8) {
		sel := Selectors{}
		if max%5 == 4 {
			sel = Selectors{Item: "li, div", Title: "h2", Date: "time, span", DateLayout: "2006-01-02"}
		}
		p, err := Parse(page, "https://www.partner.example/news/", sel, int(max%8))
		if err != nil {
			return
		}
		checkInvariants(t, p, int(max%8))
		for _, e := range p.Entries {
			if !utf8.ValidString(e.Title) || !utf8.ValidString(e.Summary) {
				t.Errorf("invalid UTF-8 in %+v", e)
			}
		}
	})
}

// FuzzParseDate checks that ParseDate never panics and that what it accepts
// is a UTC time in a plausible year.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"18 septembre 2017", "1er août 2020", "Sept. 18, 2017", "18/09/2017",
		"2017-09-18T10:30:00+02:00", "18. September 2017", "18 de setembro de 2017", "Mon, 18 Sep 2017 10:30:00 +0200",
		"01.23.45.67.89", "2017-09-18T25:61:00+99:99", "9999999999-1-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s)
		if !ok {
			if !d.IsZero() {
				t.Errorf("ParseDate(%q) = %v, false: want the zero time", s, d)
			}
			return
		}
		if d.Location() != time.UTC || d.Year() < 1899 || d.Year() > 2201 {
			t.Errorf("ParseDate(%q) = %v", s, d)
		}
	})
}
