package curate

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/gleanerhq/gleaner/internal/model"
)

// Pattern is a compiled keyword or regular expression of an output's
// include or exclude list.
type Pattern struct {
	re *regexp.Regexp
}

// CompilePattern compiles one include/exclude entry: "/expr/" is a
// regular expression (RE2, case-sensitive unless it says (?i)); anything
// else is a keyword or phrase, matched case-insensitively on word
// boundaries, with any run of spaces matching any whitespace.
func CompilePattern(s string) (Pattern, error) {
	if len(s) >= 2 && strings.HasPrefix(s, "/") && strings.HasSuffix(s, "/") {
		re, err := regexp.Compile(s[1 : len(s)-1])
		if err != nil {
			return Pattern{}, fmt.Errorf("not a valid regular expression: %w", err)
		}
		return Pattern{re}, nil
	}
	words := strings.Fields(s)
	if len(words) == 0 {
		return Pattern{}, fmt.Errorf("empty keyword")
	}
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	expr := strings.Join(words, `\s+`)
	if r := []rune(s); isWord(r[0]) {
		expr = `(?:^|[^\pL\pN_])` + expr
	}
	if r := []rune(strings.TrimSpace(s)); isWord(r[len(r)-1]) {
		expr += `(?:$|[^\pL\pN_])`
	}
	return Pattern{regexp.MustCompile(`(?i)` + expr)}, nil
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

// Match reports whether the pattern occurs in s.
func (p Pattern) Match(s string) bool { return p.re != nil && p.re.MatchString(s) }

// filter is an output's compiled content filter.
type filter struct {
	include, exclude []Pattern
	in               string
	languages        []string
}

// compile compiles out's filters. Invalid patterns were refused when
// feeds.yaml was checked; one that slips through matches nothing.
func compile(out model.Output) filter {
	f := filter{in: out.MatchIn, languages: out.Languages}
	for _, s := range out.Include {
		if p, err := CompilePattern(s); err == nil {
			f.include = append(f.include, p)
		} else {
			f.include = append(f.include, Pattern{})
		}
	}
	for _, s := range out.Exclude {
		if p, err := CompilePattern(s); err == nil {
			f.exclude = append(f.exclude, p)
		}
	}
	return f
}

func (f filter) empty() bool {
	return len(f.include) == 0 && len(f.exclude) == 0 && len(f.languages) == 0
}

// keep reports whether it passes the filter. text is the item's plain text.
func (f filter) keep(it model.Item, text func() string) bool {
	if len(f.languages) > 0 && !languageIn(it.Language, f.languages) {
		return false
	}
	if len(f.include) == 0 && len(f.exclude) == 0 {
		return true
	}
	var fields []string
	if f.in != "text" {
		fields = append(fields, it.Title)
	}
	if f.in != "title" {
		fields = append(fields, text())
	}
	matches := func(p Pattern) bool {
		return slices.ContainsFunc(fields, p.Match)
	}
	if len(f.include) > 0 && !slices.ContainsFunc(f.include, matches) {
		return false
	}
	return !slices.ContainsFunc(f.exclude, matches)
}

// languageIn matches BCP 47 tags by primary subtag: "pt-BR" is in [pt].
func languageIn(tag string, langs []string) bool {
	primary := func(t string) string {
		t, _, _ = strings.Cut(strings.ToLower(t), "-")
		return t
	}
	p := primary(tag)
	for _, l := range langs {
		if primary(l) == p && p != "" {
			return true
		}
	}
	return false
}

// ApplyOverrides applies editors' corrections: blocked items are dropped,
// titles and countries corrected. It returns the items (a new slice; the
// input is not modified) and the IDs of pinned items in override order.
func ApplyOverrides(items []model.Item, overrides []model.Override) ([]model.Item, []string) {
	if len(overrides) == 0 {
		return items, nil
	}
	out := make([]model.Item, 0, len(items))
	var pinned []string
	for _, it := range items {
		blocked := false
		for _, o := range overrides {
			if !(o.ID != "" && o.ID == it.ID) && !(o.URL != "" && sameURL(o.URL, it.URL)) {
				continue
			}
			if o.Block {
				blocked = true
				break
			}
			if o.Title != "" {
				it.Title = o.Title
			}
			if o.Countries != nil {
				it.Countries = slices.Clone(o.Countries)
			}
			for _, c := range o.AddCountries {
				if !slices.Contains(it.Countries, c) {
					it.Countries = append(slices.Clip(it.Countries), c)
				}
			}
			if len(o.RemoveCountries) > 0 {
				it.Countries = slices.DeleteFunc(slices.Clone(it.Countries), func(c string) bool {
					return slices.Contains(o.RemoveCountries, c)
				})
			}
			if o.Pin && !slices.Contains(pinned, it.ID) {
				pinned = append(pinned, it.ID)
			}
		}
		if !blocked {
			out = append(out, it)
		}
	}
	return out, pinned
}

// sameURL compares URLs loosely: scheme and a trailing slash aside.
func sameURL(a, b string) bool {
	norm := func(u string) string {
		u = strings.TrimSpace(u)
		u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
		return strings.TrimSuffix(u, "/")
	}
	return norm(a) == norm(b)
}
