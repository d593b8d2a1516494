package feed

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, body string
		want       Kind
	}{
		{"rss 2.0", `<?xml version="1.0"?><rss version="2.0"><channel/></rss>`, KindRSS},
		{"rss 0.91 with doctype", `<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel/></rss>`, KindRSS},
		{"rss 0.92", `<rss version="0.92"><channel/></rss>`, KindRSS},
		{"rss 1.0 rdf", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>`, KindRSS},
		{"rss 0.90 rdf", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel/></rdf:RDF>`, KindRSS},
		{"atom 1.0", `<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>`, KindAtom},
		{"atom 0.3", `<feed version="0.3" xmlns="http://purl.org/atom/ns#"/>`, KindAtom},
		{"BOM, comment and stylesheet first", "\ufeff\n<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"s.xsl\"?>\n<!-- generated -->\n<rss version=\"2.0\"/>", KindRSS},
		{"json feed 1.1", `{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": []}`, KindJSON},
		{"json feed 1.0 over http", `{"items": [], "version": "http://jsonfeed.org/version/1"}`, KindJSON},
		{"json feed after a BOM", "\ufeff{\"items\": [], \"version\": \"https://jsonfeed.org/version/1\"}", KindJSON},
		{"not a json feed after a BOM", "\ufeff{\"items\": [], \"version\": \"2\"}", KindUnknown},
		{"truncated json feed", `{"version": "https://jsonfeed.org/version/1.1", "items": [`, KindJSON},
		{"html page", "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>x</title></head><body>&nbsp;</body></html>", KindHTML},
		{"html, lower-case doctype", "<!doctype html><title>x</title><p>hi", KindHTML},
		{"html without doctype", "<html><body><p>x</p></body></html>", KindHTML},
		{"xhtml", `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>`, KindHTML},
		{"broken html", "<html><head><script>if (a < b && c) {}</script>", KindHTML},
		{"json not a feed", `{"error": "not found"}`, KindUnknown},
		{"json with a numeric version", `{"version": 2, "items": []}`, KindUnknown},
		{"json array", `[1, 2, 3]`, KindUnknown},
		{"sitemap", `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>`, KindUnknown},
		{"xml declaration only", `<?xml version="1.0"?>`, KindUnknown},
		{"empty", "", KindUnknown},
		{"whitespace", " \r\n\t ", KindUnknown},
		{"plain text", "502 Bad Gateway", KindUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect([]byte(tt.body)); got != tt.want {
				t.Errorf("Detect = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestDetectTestdata checks Detect agrees with the golden inputs' names.
func TestDetectTestdata(t *testing.T) {
	for _, in := range inputs(t) {
		body, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(in)
		var want Kind
		switch {
		case strings.HasSuffix(name, ".json"):
			want = KindJSON
		case strings.HasPrefix(name, "atom"):
			want = KindAtom
		default:
			want = KindRSS
		}
		if got := Detect(body); got != want {
			t.Errorf("Detect(%s) = %q, want %q", name, got, want)
		}
	}
}

func ExampleDetect() {
	for _, body := range []string{
		`<rss version="2.0"><channel/></rss>`,
		`<!DOCTYPE html><html><body>Welcome</body></html>`,
		`{"version": "https://jsonfeed.org/version/1.1", "items": []}`,
		`{"status": "ok"}`,
	} {
		fmt.Println(Detect([]byte(body)))
	}
	// Output:
	// rss
	// html
	// json
	// unknown
}
