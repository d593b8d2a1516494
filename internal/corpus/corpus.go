// Package corpus reads a labelled corpus of partner sites (labels.json and
// sites/…, see testdata/corpus/README.md) and scores extraction against it.
// Evaluations and tests use it; the program itself does not.
//
// Call [Load] with the corpus's file system, then [Corpus.Page] for an
// article's served bytes and [TextScore] to compare an extraction with its
// label.
package corpus

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"golang.org/x/text/encoding/charmap"
	"gopkg.in/yaml.v3"
)

// Placeholder stands for the server's address in every corpus file.
const Placeholder = "{{BASE}}"

// Article is one labelled article page.
type Article struct {
	URL                string   `json:"url"`
	Site               string   `json:"site"`
	Title              string   `json:"title"`
	Published          string   `json:"published"`
	Author             *string  `json:"author"`
	Text               string   `json:"text"`
	TextMust           []string `json:"text_must"`
	TextMustNot        []string `json:"text_must_not"`
	PrayerHeading      *string  `json:"prayer_heading"`
	PrayerItems        []string `json:"prayer_items"`
	Countries          []string `json:"countries"`
	CountriesMentioned []string `json:"countries_mentioned"`
}

// Path returns the article's file path inside the corpus: sites/<site>/….
func (a Article) Path() string {
	return path.Join("sites", strings.TrimPrefix(a.URL, Placeholder+"/"))
}

// Site is one site's site.yaml.
type Site struct {
	ID          string `yaml:"-"`
	Name        string `yaml:"name"`
	Kind        string `yaml:"kind"`
	Entry       string `yaml:"entry"`
	FullContent bool   `yaml:"full_content"`
	Charset     string `yaml:"charset"`
	Language    string `yaml:"language"`
}

// Corpus is a loaded corpus.
type Corpus struct {
	FS       fs.FS
	Articles []Article
	Sites    map[string]Site
}

// Load reads labels.json and every site.yaml from fsys.
func Load(fsys fs.FS) (*Corpus, error) {
	b, err := fs.ReadFile(fsys, "labels.json")
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	var labels struct {
		Articles []Article `json:"articles"`
	}
	if err := json.Unmarshal(b, &labels); err != nil {
		return nil, fmt.Errorf("corpus: labels.json: %w", err)
	}
	c := &Corpus{FS: fsys, Articles: labels.Articles, Sites: map[string]Site{}}
	dirs, err := fs.ReadDir(fsys, "sites")
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		b, err := fs.ReadFile(fsys, path.Join("sites", d.Name(), "site.yaml"))
		if err != nil {
			return nil, fmt.Errorf("corpus: %w", err)
		}
		var s Site
		if err := yaml.Unmarshal(b, &s); err != nil {
			return nil, fmt.Errorf("corpus: %s/site.yaml: %w", d.Name(), err)
		}
		s.ID = d.Name()
		c.Sites[s.ID] = s
	}
	return c, nil
}

// Page returns an article page's bytes, with {{BASE}} replaced by base, and
// the page's URL. Pages of windows-1252 sites stay in windows-1252: the
// caller decodes, as it would a fetched page.
func (c *Corpus) Page(a Article, base string) (body []byte, url string, err error) {
	b, err := fs.ReadFile(c.FS, a.Path())
	if err != nil {
		return nil, "", fmt.Errorf("corpus: %w", err)
	}
	b = []byte(strings.ReplaceAll(string(b), Placeholder, base))
	return b, strings.ReplaceAll(a.URL, Placeholder, base), nil
}

// PageUTF8 is Page decoded to UTF-8 when the site declares a charset.
func (c *Corpus) PageUTF8(a Article, base string) ([]byte, string, error) {
	b, u, err := c.Page(a, base)
	if err != nil {
		return nil, "", err
	}
	if cs := strings.ToLower(c.Sites[a.Site].Charset); cs == "windows-1252" || cs == "iso-8859-1" {
		if b, err = charmap.Windows1252.NewDecoder().Bytes(b); err != nil {
			return nil, "", err
		}
	}
	return b, u, nil
}

var (
	wordRE  = regexp.MustCompile(`[\pL\pN_]+`)
	spaceRE = regexp.MustCompile(`\s+`)
)

// Normalize collapses whitespace (non-breaking spaces included) and trims.
func Normalize(s string) string {
	return strings.TrimSpace(spaceRE.ReplaceAllString(strings.ReplaceAll(s, "\u00a0", " "), " "))
}

// shingles returns the multiset of 4-word shingles of s over \w+ tokens,
// lower-cased. Texts of fewer than four words count as one shingle.
func shingles(s string) map[string]int {
	words := wordRE.FindAllString(strings.ToLower(s), -1)
	out := make(map[string]int)
	if len(words) == 0 {
		return out
	}
	if len(words) < 4 {
		out[strings.Join(words, " ")]++
		return out
	}
	for i := 0; i+4 <= len(words); i++ {
		out[strings.Join(words[i:i+4], " ")]++
	}
	return out
}

// Score is precision, recall and F1.
type Score struct{ P, R, F1 float64 }

// TextScore compares an extracted text with the labelled one by 4-word
// shingles: precision is the share of extracted shingles in the label,
// recall the share of label shingles extracted.
func TextScore(got, want string) Score {
	g, w := shingles(got), shingles(want)
	var gn, wn, both int
	for k, n := range g {
		gn += n
		both += min(n, w[k])
	}
	for _, n := range w {
		wn += n
	}
	var s Score
	if gn > 0 {
		s.P = float64(both) / float64(gn)
	}
	if wn > 0 {
		s.R = float64(both) / float64(wn)
	}
	if gn == 0 && wn == 0 {
		s.P, s.R = 1, 1
	}
	if s.P+s.R > 0 {
		s.F1 = 2 * s.P * s.R / (s.P + s.R)
	}
	return s
}

// Contains reports whether text holds s after whitespace normalisation.
func Contains(text, s string) bool {
	return strings.Contains(Normalize(text), Normalize(s))
}
