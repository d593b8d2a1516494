package dedupe

import (
	"fmt"
	"html"
	"os"
	"strings"
	"testing"
)

// story is one report of testdata/stories.txt.
type story struct {
	Slug, Country, Title string
	Paras                []string
}

// loadStories reads testdata/stories.txt.
func loadStories(tb testing.TB) []story {
	tb.Helper()
	b, err := os.ReadFile("testdata/stories.txt")
	if err != nil {
		tb.Fatal(err)
	}
	var stories []story
	for chunk := range strings.SplitSeq(string(b), "\n== ") {
		head, body, ok := strings.Cut(chunk, "\n")
		if !ok || strings.HasPrefix(head, "#") {
			continue
		}
		f := strings.Split(head, " | ")
		if len(f) != 3 {
			tb.Fatalf("stories.txt: bad heading %q", head)
		}
		s := story{Slug: f[0], Country: f[1], Title: f[2]}
		for p := range strings.SplitSeq(body, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				s.Paras = append(s.Paras, p)
			}
		}
		stories = append(stories, s)
	}
	if len(stories) < 10 {
		tb.Fatalf("stories.txt: %d stories, want at least 10", len(stories))
	}
	return stories
}

// partner is how one partner dresses a story it republishes.
type partner struct {
	Name, Intro, Outro string
}

var partners = []partner{
	{
		Name:  "Voice of the Persecuted Church",
		Intro: "Our partners on the ground sent us this report this week. We share it so that you can stand with them in prayer.",
		Outro: "Please pray for the families who have lost loved ones, for the injured, and for church leaders caring for those who have fled. Ask God to comfort them and to bring those responsible to justice.",
	},
	{
		Name:  "Barnabas Partners",
		Intro: "The following report was first published by our sister ministry and is reproduced with permission.",
		Outro: "Will you stand with persecuted Christians today? Your gift helps provide emergency food, trauma care and legal aid to believers who suffer for their faith.",
	},
	{
		Name:  "Open Hands Mission",
		Intro: "NEWS IN BRIEF:",
		Outro: "Sign up to our prayer newsletter to receive updates like this one every week, and share this story with your church.",
	},
}

// article renders paragraphs as the sanitised HTML gleaner stores, with
// the attribution paragraph the pipeline appends.
func article(source string, paras ...string) string {
	var b strings.Builder
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	fmt.Fprintf(&b, `<p class="gleaner-attribution">Originally published by <a href="https://%s.example/">%s</a>.</p>`, source, source)
	return b.String()
}

// variant is one way a partner republishes a story with light edits.
type variant struct {
	name string
	edit func(s story, p partner) []string // the republished paragraphs
}

var lightEdits = []variant{
	{"same_text_new_title", func(s story, p partner) []string { return s.Paras }},
	{"intro_line", func(s story, p partner) []string { return prepend(p.Intro, s.Paras) }},
	{"outro_paragraph", func(s story, p partner) []string { return append(clone(s.Paras), p.Outro) }},
	{"intro_and_outro", func(s story, p partner) []string { return append(prepend(p.Intro, s.Paras), p.Outro) }},
	{"sentence_added", func(s story, p partner) []string {
		ps := clone(s.Paras)
		ps[1] = ps[1] + " Our partners are in contact with the families and are providing practical help."
		return ps
	}},
	{"punctuation_and_whitespace", func(s story, p partner) []string {
		r := strings.NewReplacer(`"`, "\u201c", ", ", " , ", ". ", ".  ", "'", "\u2019", " - ", " \u2014 ")
		ps := clone(s.Paras)
		for i := range ps {
			ps[i] = "  " + r.Replace(ps[i]) + "\n"
		}
		return ps
	}},
	{"american_spelling", func(s story, p partner) []string {
		r := strings.NewReplacer("neighbour", "neighbor", "organisation", "organization", "kilometres", "kilometers",
			"counsellor", "counselor", "recognised", "recognized", "legalised", "legalized", "centre", "center")
		ps := clone(s.Paras)
		for i := range ps {
			ps[i] = r.Replace(ps[i])
		}
		return ps
	}},
}

// combinedEdits are several light edits at once: a partner's intro and
// appeal, an added sentence and its own spelling, around a short story.
var combinedEdits = variant{"combined_edits", func(s story, p partner) []string {
	ps := clone(s.Paras)
	ps[1] = ps[1] + " Our partners are in contact with the families and are providing practical help."
	r := strings.NewReplacer(`"`, "\u201c", "neighbour", "neighbor", "organisation", "organization")
	for i := range ps {
		ps[i] = r.Replace(ps[i])
	}
	return append(prepend(p.Intro, ps), p.Outro)
}}

func prepend(s string, ps []string) []string { return append([]string{s}, ps...) }
func clone(ps []string) []string             { return append([]string(nil), ps...) }

// textOf is the text Groups fingerprints for stored HTML.
func textOf(content string) string { return plainText(content) }
