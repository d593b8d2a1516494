package country

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzTag: tagging never panics and only ever returns valid codes: two
// upper-case ASCII letters, each once.
func FuzzTag(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		head, text, _ := strings.Cut(string(b), "\n\n")
		var title, cats string
		for _, line := range strings.Split(head, "\n") {
			k, v, _ := strings.Cut(line, ":")
			switch k {
			case "title":
				title = strings.TrimSpace(v)
			case "categories":
				cats = strings.TrimSpace(v)
			}
		}
		f.Add(title, text, cats, "")
	}
	f.Add("Chad", "Chad, Niger and the DRC.", "Africa", "TD")
	f.Fuzz(func(t *testing.T, title, text, cats, src string) {
		var categories, sources []string
		if cats != "" {
			categories = strings.Split(cats, ",")
		}
		if src != "" {
			sources = strings.Split(src, ",")
		}
		codes := Tag(Doc{Title: title, Text: text, Categories: categories, SourceCountries: sources, Language: "en"})
		seen := map[string]bool{}
		for _, c := range codes {
			if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
				t.Fatalf("invalid code %q in %q", c, codes)
			}
			if seen[c] {
				t.Fatalf("code %q twice in %q", c, codes)
			}
			seen[c] = true
		}
	})
}
