package feed

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gleanerhq/gleaner/internal/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// testOptions are the options every golden case is parsed with.
var testOptions = Options{
	SourceID: "partner",
	URL:      "https://partner.example/feeds/news.xml",
	Language: "en-gb",
}

// golden is what a .golden file holds.
type golden struct {
	Meta  model.FeedMeta `json:"meta"`
	Items []model.Item   `json:"items"`
}

// inputs lists the golden inputs in testdata.
func inputs(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"testdata/*.xml", "testdata/*.json"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no inputs in testdata")
	}
	return files
}

// TestGolden parses each testdata/<case>.{xml,json} and compares the result
// with testdata/<case>.golden; go test -update rewrites the goldens.
func TestGolden(t *testing.T) {
	for _, in := range inputs(t) {
		name := strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			meta, items, err := Parse(body, testOptions)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false) // goldens are read by people
			enc.SetIndent("", "\t")
			if err := enc.Encode(golden{meta, items}); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()

			file := strings.TrimSuffix(in, filepath.Ext(in)) + ".golden"
			if *update {
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (go test -update rewrites it):\n%s", file, lineDiff(string(want), string(got)))
			}

			// Idempotence: the fragments' URLs are absolute already, so
			// resolving them again changes nothing.
			for _, it := range items {
				base := absURL(nil, it.URL)
				if base == nil {
					base = absURL(nil, testOptions.URL)
				}
				for _, frag := range []string{it.Summary, it.Content} {
					if again := scanFragment(frag, base).html; again != frag {
						t.Errorf("item %s: rewriting again changed\n%s\ninto\n%s", it.Key, frag, again)
					}
				}
			}
		})
	}
}

// lineDiff returns a minimal line diff of want and got: "-" lines only in
// want, "+" lines only in got, two lines of context around each change.
func lineDiff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	// Longest common subsequence table, from the end.
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		op   byte
		text string
	}
	var lines []line
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			lines = append(lines, line{' ', a[i]})
			i++
			j++
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			lines = append(lines, line{'-', a[i]})
			i++
		default:
			lines = append(lines, line{'+', b[j]})
			j++
		}
	}
	const context = 2
	show := make([]bool, len(lines))
	for k, l := range lines {
		if l.op != ' ' {
			for c := max(k-context, 0); c <= min(k+context, len(lines)-1); c++ {
				show[c] = true
			}
		}
	}
	var out strings.Builder
	prev := -1
	for k, l := range lines {
		if !show[k] {
			continue
		}
		if prev >= 0 && k > prev+1 {
			out.WriteString("...\n")
		}
		fmt.Fprintf(&out, "%c %s\n", l.op, l.text)
		prev = k
	}
	return out.String()
}

func TestParseNotAFeed(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"empty", "", "not a feed: empty document"},
		{"whitespace and BOM", "\ufeff \n\t", "not a feed: empty document"},
		{"html page", "<!DOCTYPE html>\n<html lang=en><head><title>Home</title></head><body><p>Hi</body></html>", "not a feed: looks like an HTML page"},
		{"html without doctype", "<html><body><p>Hi<br></body></html>", "not a feed: looks like an HTML page"},
		{"json object", `{"status": "ok", "data": [1, 2]}`, "not a feed: JSON but not a JSON Feed"},
		{"json array", `[{"title": "x"}]`, "not a feed: JSON but not a JSON Feed"},
		{"other xml", `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url/></urlset>`, "not a feed: XML with root element <urlset>"},
		{"plain text", "Service Unavailable", "not a feed: looks like plain text, not XML or JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, items, err := Parse([]byte(tt.body), testOptions)
			if !errors.Is(err, ErrNotFeed) {
				t.Fatalf("err = %v, want ErrNotFeed", err)
			}
			if err.Error() != tt.want {
				t.Errorf("err = %q, want %q", err, tt.want)
			}
			if items != nil {
				t.Errorf("items = %v, want nil", items)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"rss syntax error", "<rss version=\"2.0\">\n<channel>\n<title>x</title>\n<item><title>a</title>", "parse rss: XML syntax error on line 4: unexpected EOF"},
		{"atom syntax error", "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<entry><title>a</title>", "parse atom: XML syntax error on line 2: unexpected EOF"},
		{"truncated json feed", `{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1"`, "parse json: unexpected end of JSON input"},
		{"json feed with a wrong type", `{"version": "https://jsonfeed.org/version/1.1", "items": {"id": "1"}}`, "parse json: json: cannot unmarshal object into Go struct field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse([]byte(tt.body), testOptions)
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, ErrNotFeed) {
				t.Errorf("err = %v: a broken feed is not ErrNotFeed", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("err = %q, want %q…", err, tt.want)
			}
			if errors.Unwrap(err) == nil {
				t.Errorf("err = %v does not wrap gofeed's error", err)
			}
		})
	}
}

func TestParseByteOrderMark(t *testing.T) {
	for _, body := range []string{
		"\ufeff\n{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [{\"id\": \"1\", \"content_text\": \"x\"}]}",
		"\ufeff<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><guid>1</guid></item></channel></rss>",
		"\ufeff <feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>1</id></entry></feed>",
	} {
		if _, items, err := Parse([]byte(body), testOptions); err != nil || len(items) != 1 {
			t.Errorf("Parse(%.30q…) = %d items, %v; want 1 item", body, len(items), err)
		}
	}
}

func TestParseRequiresSourceID(t *testing.T) {
	body, err := os.ReadFile("testdata/rss2_summary_only.xml")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Parse(body, Options{URL: testOptions.URL}); err == nil {
		t.Fatal("Parse without a SourceID succeeded")
	}
}

// Atom's xml:base is applied by gofeed itself: the golden case
// atom1_xml_base_relative_links shows the result; this test pins the
// resolution order the package documents, with each base taking over when
// the one before it is missing.
func TestRelativeLinkBases(t *testing.T) {
	tests := []struct {
		name, body, opt, wantURL, wantImg string
	}{
		{
			name:    "entry xml:base beats the feed's",
			body:    `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://a.example/feed/"><link href="https://home.example/"/><entry xml:base="https://b.example/entry/"><id>1</id><title>t</title><link href="x.html"/><content type="html">&lt;img src="i.png"&gt;</content></entry></feed>`,
			wantURL: "https://b.example/entry/x.html",
			wantImg: "https://b.example/entry/i.png",
		},
		{
			name:    "rss item link, then the feed's link",
			body:    `<rss version="2.0"><channel><link>https://home.example/blog/</link><item><guid>1</guid><link>posts/x.html</link><description>&lt;img src="i.png"&gt;</description></item></channel></rss>`,
			wantURL: "https://home.example/blog/posts/x.html",
			wantImg: "https://home.example/blog/posts/i.png",
		},
		{
			name:    "no links at all: the fetched URL",
			body:    `<rss version="2.0"><channel><item><guid>1</guid><description>&lt;img src="i.png"&gt;</description></item></channel></rss>`,
			opt:     "https://fetched.example/path/feed.xml",
			wantURL: "",
			wantImg: "https://fetched.example/path/i.png",
		},
		{
			name:    "relative feed link resolved against the fetched URL",
			body:    `<rss version="2.0"><channel><link>/blog/</link><item><guid>1</guid><link>x.html</link></item></channel></rss>`,
			opt:     "https://fetched.example/feed.xml",
			wantURL: "https://fetched.example/blog/x.html",
		},
		{
			name:    "nothing absolute anywhere",
			body:    `<rss version="2.0"><channel><link>/blog/</link><item><guid>1</guid><link>x.html</link><description>&lt;img src="i.png"&gt;</description></item></channel></rss>`,
			wantURL: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, items, err := Parse([]byte(tt.body), Options{SourceID: "s", URL: tt.opt})
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 1 {
				t.Fatalf("got %d items, want 1", len(items))
			}
			if items[0].URL != tt.wantURL {
				t.Errorf("URL = %q, want %q", items[0].URL, tt.wantURL)
			}
			if items[0].ImageURL != tt.wantImg {
				t.Errorf("ImageURL = %q, want %q", items[0].ImageURL, tt.wantImg)
			}
		})
	}
}

// TestItemIDs pins the key rule's consequences: IDs are stable and depend
// on the source and the key only.
func TestItemIDs(t *testing.T) {
	body := []byte(`<rss version="2.0"><channel><item><guid>  g-1  </guid><title>t</title></item></channel></rss>`)
	_, a, err := Parse(body, Options{SourceID: "one"})
	if err != nil {
		t.Fatal(err)
	}
	_, b, err := Parse(body, Options{SourceID: "two", URL: "https://elsewhere.example/"})
	if err != nil {
		t.Fatal(err)
	}
	if a[0].Key != "g-1" {
		t.Errorf("Key = %q, want the trimmed guid", a[0].Key)
	}
	if a[0].ID != model.ItemID("one", "g-1") {
		t.Errorf("ID = %q, want model.ItemID(source, key)", a[0].ID)
	}
	if a[0].ID == b[0].ID {
		t.Error("two sources gave the same item ID")
	}
}

func ExampleParse() {
	body := []byte(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Partner News</title>
    <link>https://partner.example/</link>
    <item>
      <title>Pray for the harvest</title>
      <link>/news/harvest</link>
      <pubDate>Mon, 15 Jan 2024 10:30:00 +0100</pubDate>
      <description>Please pray for the workers.</description>
    </item>
  </channel>
</rss>`)
	meta, items, err := Parse(body, Options{SourceID: "partner", URL: "https://partner.example/feed.xml", Language: "en-gb"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(meta.Format, meta.Title, meta.Language)
	for _, it := range items {
		fmt.Println(it.Title)
		fmt.Println(it.URL, it.Published, it.FullContent)
	}
	// Output:
	// rss 2.0 Partner News en-GB
	// Pray for the harvest
	// https://partner.example/news/harvest 2024-01-15 09:30:00 +0000 UTC false
}
