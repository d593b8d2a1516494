package feed

import (
	"reflect"
	"testing"

	"github.com/gleanerhq/gleaner/internal/model"
)

func TestNormaliseLanguage(t *testing.T) {
	tests := map[string]string{
		"en-us": "en-US", "EN": "en", "en_GB": "en-GB", " pt-br ": "pt-BR",
		"zh-hant-tw": "zh-Hant-TW", "es-419": "es-419", "fil": "fil",
		"": "", "english": "", "e": "", "en-US,en;q=0.9": "", "x-klingon": "",
	}
	for in, want := range tests {
		if got := normaliseLanguage(in); got != want {
			t.Errorf("normaliseLanguage(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParsePerson(t *testing.T) {
	tests := []struct {
		in   string
		want model.Person
	}{
		{"jane@example.org (Jane Doe)", model.Person{Name: "Jane Doe", Email: "jane@example.org"}},
		{"Jane Doe (jane@example.org)", model.Person{Name: "Jane Doe", Email: "jane@example.org"}},
		{"Jane Doe <jane@example.org>", model.Person{Name: "Jane Doe", Email: "jane@example.org"}},
		{`"Doe, Jane" <jane@example.org>`, model.Person{Name: "Doe, Jane", Email: "jane@example.org"}},
		{"<jane@example.org>", model.Person{Email: "jane@example.org"}},
		{"mailto:jane@example.org", model.Person{Email: "jane@example.org"}},
		{"jane@example.org", model.Person{Email: "jane@example.org"}},
		{"  Jane   Doe ", model.Person{Name: "Jane Doe"}},
		{"The Team (Communications)", model.Person{Name: "The Team (Communications)"}},
		{"", model.Person{}},
	}
	for _, tt := range tests {
		if got := parsePerson(tt.in); got != tt.want {
			t.Errorf("parsePerson(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestNormaliseCategories(t *testing.T) {
	got := normaliseCategories([]string{" Prayer", "prayer", "", "South  East\nAsia", "PRAYER", "south east asia", "Asia"})
	want := []string{"Prayer", "South East Asia", "Asia"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("normaliseCategories = %q, want %q", got, want)
	}
}

func TestIsFullContent(t *testing.T) {
	frag := func(s string) fragment { return scanFragment(s, nil) }
	tests := []struct {
		name, summary, content string
		want                   bool
	}{
		{"no content", "<p>Summary.</p>", "", false},
		{"content and no summary", "", "<p>The article.</p>", true},
		{"content beyond the summary", "<p>Start.</p>", "<p>Start.</p><p>And more.</p>", true},
		{"summary repeated", "Pray for Nepal.", "<p>Pray for  Nepal.</p>", false},
		{"content shorter than the summary it starts", "The start of it all, and more.", "<p>The start of it all</p>", false},
		{"[…] marker", "", "<p>Churches met for the first time […]</p>", false},
		{"[...] marker", "", "<p>Churches met for the first time [...]</p>", false},
		{"ellipsis at the end", "", "<p>Churches met for the first time…</p>", false},
		{"read more link", "", `<p>Churches met.</p><p><a href="/x">Read more »</a></p>`, false},
		{"continue reading with the title after it", "", `<p>Churches met.</p><a class="more-link" href="/x">Continue reading <span>"Churches met for the first time since the floods"</span> →</a>`, false},
		{"marker before the WordPress footer", "", `<p>Churches met […]</p><p>The post <a href="/x">Churches met</a> appeared first on <a href="/">Partner</a>.</p>`, false},
		{"full post with the WordPress footer", "", `<p>Churches met.</p><p>Amen.</p><p>The post <a href="/x">Churches met</a> appeared first on <a href="/">Partner</a>.</p>`, true},
		{"leer más", "", "<p>Las iglesias se reunieron. Leer más</p>", false},
		{"marker early in a long article", "", "<p>Read more about this below.</p><p>" + longParagraph + "</p>", true},
		{"image-only content", "", `<img src="https://x.example/a.jpg">`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isFullContent(frag(tt.summary), frag(tt.content)); got != tt.want {
				t.Errorf("isFullContent = %v, want %v", got, tt.want)
			}
		})
	}
}

const longParagraph = "Believers across the region gathered over three days to pray, to share meals and to hear how churches have cared for their neighbours through a hard year of floods and displacement."
