package prayer

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/gleanerhq/gleaner/internal/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// TestGolden runs FindInPage on every testdata/<case>.html and compares the
// lists with testdata/<case>.golden (JSON). Each case pins one form of
// prayer list or one decoy; go test -update rewrites the goldens. The
// golden lists are then rendered back into HTML and found again, to prove
// that finding is idempotent.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/*.html")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".html")
		t.Run(name, func(t *testing.T) {
			page, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(FindInPage(page), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(file, ".html") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("FindInPage(%s) =\n%s\nwant (%s):\n%s", file, got, golden, want)
			}

			var lists []model.PrayerList
			if err := json.Unmarshal(want, &lists); err != nil {
				t.Fatal(err)
			}
			if again := Find(render(lists)); !reflect.DeepEqual(again, lists) {
				t.Errorf("Find(render(golden)) = %q, want %q", again, lists)
			}
		})
	}
}

// render writes prayer lists back as article HTML: a heading and a list,
// or a paragraph for a request without a heading.
func render(lists []model.PrayerList) string {
	var b strings.Builder
	b.WriteString("<p>Story.</p>\n")
	for _, l := range lists {
		if l.Heading == "" {
			for _, it := range l.Items {
				fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(it))
			}
			continue
		}
		fmt.Fprintf(&b, "<h3>%s</h3>\n<ul>\n", html.EscapeString(l.Heading))
		for _, it := range l.Items {
			fmt.Fprintf(&b, "<li>%s</li>\n", html.EscapeString(it))
		}
		b.WriteString("</ul>\n")
	}
	return b.String()
}

// TestFindMatchesFindInPage checks that Find on each golden page's article
// body, as the pipeline hands it over (classes gone), finds what
// FindInPage finds on the whole page.
func TestFindMatchesFindInPage(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.html"))
	for _, file := range files {
		page, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		body, err := doc.Find(".entry-content").Html()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := Find(body), FindInPage(page); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Find(body) = %q, FindInPage = %q", file, got, want)
		}
	}
}

func TestFindForms(t *testing.T) {
	tests := []struct {
		name string
		html string
		want []model.PrayerList
	}{
		{"empty", "", nil},
		{"plain text summary", "Please pray for the church in Laos.", []model.PrayerList{pl("", "Please pray for the church in Laos.")}},
		{"plain line heading with ellipsis", "<p>Story.</p><p>Pray now…</p><ul><li>For A</li><li>For B</li></ul>",
			[]model.PrayerList{pl("Pray now…", "For A", "For B")}},
		{"nbsp normalised", "<h3>Comment prier&nbsp;?</h3><ul><li>Pour la paix&nbsp;: maintenant.</li></ul>",
			[]model.PrayerList{pl("Comment prier ?", "Pour la paix : maintenant.")}},
		{"intro line before the list", "<h3>Pray now</h3><p>Please pray for these needs:</p><ul><li>For A</li></ul>",
			[]model.PrayerList{pl("Pray now", "For A")}},
		{"list stops at the story", "<h3>Pray</h3><p>That A.</p><p>For B.</p><p>Open Doors has worked in the country since 1955, supporting the church with training, Bibles and emergency relief. It runs safe houses and literacy classes.</p>",
			[]model.PrayerList{pl("Pray", "That A.", "For B.")}},
		{"list stops at a share button", "<h3>Pray now</h3><p>That A</p><p>Share this:</p><p>For B</p>",
			[]model.PrayerList{pl("Pray now", "That A")}},
		{"box ends the list", "<div><h4>Please pray</h4><p>For A</p></div><p>For the record, the church was founded in 1950.</p>",
			[]model.PrayerList{pl("Please pray", "For A")}},
		{"blockquote box", "<blockquote><p><strong>Oremos:</strong></p><p>Que A.</p><p>Por B.</p></blockquote>",
			[]model.PrayerList{pl("Oremos:", "Que A.", "Por B.")}},
		{"heading and items in one paragraph", "<p><strong>Pray:</strong><br>For A<br>That B</p>",
			[]model.PrayerList{pl("Pray:", "For A", "That B")}},
		{"section title then story is not a list", "<h2>Prayer vigils across the country</h2><p>For three nights, churches stayed open until dawn.</p><p>Thousands came, many of them for the first time in years, and the organisers say the vigils will continue every month until Easter.</p>", nil},
		{"one plain point under a closing heading", "<h3>Please pray:</h3><p>For the families of the victims.</p>",
			[]model.PrayerList{pl("Please pray:", "For the families of the victims.")}},
		{"headline is not a heading", "<h2>Churches pray for peace</h2><ul><li>One</li></ul>", nil},
		{"long sentence is not a heading", "<p>Please continue to pray for the believers in the north of the country who have lost everything:</p><ul><li>One</li></ul>", nil},
		{"quoted title is not a heading", "<h2>‘We pray with the curtains closed’</h2><p>For Aziza.</p>", nil},
		{"praise without God or prayer is dropped", "<h3>Thanks to our donors</h3><ul><li>For the Smith family</li></ul>", nil},
		{"praise naming God is kept", "<h3>Louons Dieu</h3><ul><li>Pour la libération des otages.</li></ul>",
			[]model.PrayerList{pl("Louons Dieu", "Pour la libération des otages.")}},
		{"headless request after a list stays separate", "<h3>Pray now</h3><ul><li>For A</li></ul><p>Bitte beten Sie für die Christen in Aleppo.</p>",
			[]model.PrayerList{pl("Pray now", "For A"), pl("", "Bitte beten Sie für die Christen in Aleppo.")}},
		{"request with a second sentence that is not", "<p>Pray for Nigeria. The church there is growing fast.</p>", nil},
		{"quoted request", "<p>“Please pray for us,” she said.</p>", nil},
		{"app promotion", "<p>Pray for a different country every day with our Prayer app.</p>", nil},
		{"furniture heading", "<h3>Prayer calendar</h3><ul><li>Monday: pray for Laos</li></ul>", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Find(tt.html); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Find(%q)\n got %q\nwant %q", tt.html, got, tt.want)
			}
		})
	}
}

// pl builds an expected prayer list.
func pl(heading string, items ...string) model.PrayerList {
	return model.PrayerList{Heading: heading, Items: items}
}

func TestHeadingShape(t *testing.T) {
	yes := []string{
		"Pray now…", "Please pray", "Pray:", "Prayer points", "Prayer requests", "How to pray",
		"How you can pray", "Ways to pray", "Pray with us", "Join us in praying", "Will you pray?",
		"Praise and prayer points", "Oremos por…", "Pedimos oración por…", "Prions pour le Pakistan",
		"Sujets de prière", "Comment prier ?", "Ore por Moçambique", "Vamos orar", "Pedidos de oração",
		"Gebetsanliegen", "Bitte beten Sie für die Christen in Odisha:", "Beten Sie mit uns",
		"Praise God", "Louons Dieu", "Agradeça a Deus", "Damos gracias a Dios", "Pray now for Eritrea’s prisoners of faith",
		"Wie Sie beten können", "Points for prayer", "Motivos de oración", "Fürbitte",
	}
	no := []string{
		"Churches pray for peace", "Atlanta churches unite in night of prayer for Nigeria",
		"Pray with us every day – download the prayer app", "Prayer calendar", "Gebetskalender",
		"Get prayer points in your inbox", "More about North Korea", "Share this:",
		"“I prayed with my eyes open”", "He asked us to pray for the church.",
		"Please continue to pray for the believers in the north of the country who have lost everything:",
	}
	check := func(text string) bool {
		us := lines(mustParse(t, "<h3>"+html.EscapeString(text)+"</h3>").Get(0), false)
		if len(us) != 1 {
			t.Fatalf("%q: %d units", text, len(us))
		}
		_, ok := heading(us, 0)
		return ok
	}
	for _, s := range yes {
		if !check(s) {
			t.Errorf("%q is not a heading; want one", s)
		}
	}
	for _, s := range no {
		if check(s) {
			t.Errorf("%q is a heading; want none", s)
		}
	}
}

func TestIsRequest(t *testing.T) {
	yes := []string{
		"Pray for the seven men still in prison and their families.",
		"Please pray for Pastor José and his family as they recover from trauma.",
		"Bitte beten Sie für die Christen in Aleppo.",
		"Priez pour les chrétiens d’Irak.",
		"Ore pelos cristãos do Afeganistão.",
		"Oremos por Cuba.",
		"Will you join us in praying for Iran? Pray that the prisoners will be released.",
		"Please remember the church in Laos in your prayers.",
	}
	no := []string{
		"They pray every day for their neighbours.",
		"He asked us to pray for North Korea.",
		"Pray for Nigeria. The church there is growing fast.",
		"“Please pray for us,” she said.",
		"Pray with us every day – download the Open Doors prayer app",
		"Pray for a different country every day with the Chainbreakers Prayer app. Download for iOS and Android",
	}
	for _, s := range yes {
		if !isRequest(s) {
			t.Errorf("isRequest(%q) = false", s)
		}
	}
	for _, s := range no {
		if isRequest(s) {
			t.Errorf("isRequest(%q) = true", s)
		}
	}
}

func TestStripMarker(t *testing.T) {
	tests := map[string]string{
		"• That A":         "That A",
		"– For B":          "For B",
		"- For C":          "For C",
		"1. Dass D":        "Dass D",
		"2) Für E":         "Für E",
		"(3) Pour F":       "Pour F",
		"-5°C at night":    "-5°C at night",
		"23 believers":     "23 believers",
		"  •\u00a0That G ": "That G",
		"That H":           "That H",
	}
	for in, want := range tests {
		if got := StripMarker(in); got != want {
			t.Errorf("StripMarker(%q) = %q, want %q", in, got, want)
		}
	}
}

func mustParse(tb testing.TB, s string) *goquery.Document {
	tb.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(s))
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// FuzzFind checks that finding never panics on hostile HTML and that every
// heading and item is a substring of the page's white-space-normalised text.
func FuzzFind(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.html"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("<h3>Pray:</h3><p>• For A<br>– That B</p><ul><li><p>x</p><ul><li>y</li></ul></li></ul>")
	f.Add("<p><b>Oremos<i>:</b></i><br><br>Que<script>x</script> A</p>")
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(s))
		if err != nil {
			return
		}
		text := normalize(doc.Text())
		for _, lists := range [][]model.PrayerList{Find(s), FindInPage([]byte(s))} {
			for _, l := range lists {
				if !strings.Contains(text, l.Heading) {
					t.Errorf("heading %q is not in the page text", l.Heading)
				}
				if len(l.Items) == 0 {
					t.Errorf("list %q has no items", l.Heading)
				}
				for _, it := range l.Items {
					if it == "" || !strings.Contains(text, it) {
						t.Errorf("item %q is not in the page text", it)
					}
				}
			}
		}
	})
}

// BenchmarkFind measures FindInPage over every labelled corpus page.
func BenchmarkFind(b *testing.B) {
	c := loadCorpus(b)
	var pages [][]byte
	for _, a := range c.Articles {
		page, _, err := c.PageUTF8(a, evalBase)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, page)
	}
	b.ResetTimer()
	start := time.Now()
	n := 0
	for b.Loop() {
		for _, p := range pages {
			FindInPage(p)
			n++
		}
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "articles/s")
}

func ExampleFind() {
	lists := Find(`<p>Gunmen burned a church in Niger State on Sunday.</p>
<h3>Pray now…</h3>
<ul>
<li>For the safe release of Pastor Emmanuel</li>
<li>That the security forces will protect rural communities</li>
</ul>`)
	for _, l := range lists {
		fmt.Println(l.Heading)
		for _, it := range l.Items {
			fmt.Println("-", it)
		}
	}
	// Output:
	// Pray now…
	// - For the safe release of Pastor Emmanuel
	// - That the security forces will protect rural communities
}
