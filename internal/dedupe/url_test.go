package dedupe

import (
	"strings"
	"testing"
)

// canonicalCases are the rules of CanonicalURL: every input of a case
// normalises to want. FuzzCanonicalURL is seeded with them.
var canonicalCases = []struct {
	name string
	want string
	in   []string
}{
	{"tracking_parameters", "https://example.org/news/story?id=5", []string{
		"https://example.org/news/story?id=5&utm_source=newsletter&utm_medium=email&utm_campaign=may",
		"https://example.org/news/story?fbclid=IwAR0abc&id=5",
		"https://example.org/news/story?id=5&gclid=Cj0K&dclid=x&msclkid=y&yclid=z",
		"https://example.org/news/story?mc_cid=1a&mc_eid=2b&id=5&_ga=2.1.2.3",
		"https://example.org/news/story?_hsenc=p2&_hsmi=9&id=5&mkt_tok=abc&cmpid=x&s_kwcid=AL!1",
		"https://example.org/news/story?ref=twitter&ref_src=twsrc&igshid=MzRl&id=5",
		"https://example.org/news/story?UTM_Source=X&id=5&utm%5Fterm=y",
		"https://example.org/news/story?id=5&&",
	}},
	{"amp_variants", "https://example.org/news/story", []string{
		"https://example.org/news/story/amp",
		"https://example.org/news/story/amp/",
		"https://example.org/amp/news/story",
		"https://example.org/news/story?amp=1",
		"https://example.org/news/story?amp",
		"https://example.org/news/story?outputType=amp",
		"https://example.org/news/story.amp",
		"https://amp.example.org/news/story",
		"https://www.google.com/amp/s/example.org/news/story",
		"https://www.google.com/amp/s/www.example.org/news/story/amp/",
		"https://example-org.cdn.ampproject.org/c/s/example.org/news/story",
		"https://example-org.cdn.ampproject.org/v/s/example.org/news/story?amp_js_v=0.1&amp=1",
	}},
	{"amp_html_suffix", "https://example.org/news/story.html", []string{
		"https://example.org/news/story.amp.html",
	}},
	{"amp_parameter_with_other_value_kept", "https://example.org/news/story?amp=0", []string{
		"https://example.org/news/story?amp=0",
	}},
	{"trailing_slash_and_case", "https://example.org/news/story", []string{
		"https://example.org/news/story/",
		"HTTPS://Example.ORG/news/story/",
		"https://EXAMPLE.org/news//story//",
	}},
	{"path_case_is_kept", "https://example.org/News/Story", []string{
		"https://example.org/News/Story/",
	}},
	{"root_keeps_its_slash", "https://example.org/", []string{
		"https://example.org",
		"https://example.org/",
		"http://www.example.org/#top",
	}},
	{"www_and_scheme", "https://example.org/news/story", []string{
		"http://example.org/news/story",
		"http://www.example.org/news/story",
		"https://www.example.org/news/story",
		"http://www.example.org:80/news/story",
		"https://www.example.org:443/news/story",
		"https://example.org./news/story",
		"https://user:pass@example.org/news/story",
	}},
	{"other_port_is_kept", "https://example.org:8080/news/story", []string{
		"http://www.example.org:8080/news/story/",
	}},
	{"index_html", "https://example.org/news", []string{
		"https://example.org/news/index.html",
		"https://example.org/news/index.htm",
		"https://example.org/news/index.php",
		"https://example.org/news/",
	}},
	{"index_at_root", "https://example.org/", []string{
		"https://example.org/index.html",
		"https://www.example.org/index.php",
	}},
	{"query_sorted", "https://example.org/news?a=1&b=2&b=3&page=2", []string{
		"https://example.org/news?page=2&b=3&a=1&b=2",
		"https://example.org/news/?b=2&page=2&utm_source=x&a=1&b=3",
	}},
	{"fragment_dropped", "https://example.org/news/story", []string{
		"https://example.org/news/story#comments",
		"https://example.org/news/story/#",
	}},
	{"percent_encoding", "https://example.org/~news/caf%C3%A9-story", []string{
		"https://example.org/%7Enews/caf%c3%a9-story",
		"https://example.org/%7enews/café-story",
		"https://example.org/~news/caf%C3%A9-story",
	}},
	{"escaped_slash_kept", "https://example.org/a%2Fb", []string{
		"https://example.org/a%2fb",
	}},
	{"query_escapes", "https://example.org/search?q=caf%C3%A9%20story&x=a~b", []string{
		"https://example.org/search?q=caf%c3%a9%20story&x=a%7Eb",
		"https://example.org/search?x=a~b&q=café%20story",
	}},
	{"dot_segments", "https://example.org/news/story", []string{
		"https://example.org/news/./story",
		"https://example.org/news/x/../story",
		"https://example.org/../news/story",
	}},
	{"invalid_returned_trimmed", "not a url", []string{"  not a url\n"}},
	{"relative_returned_as_is", "/news/story?utm_source=x", []string{" /news/story?utm_source=x"}},
	{"other_scheme_returned_as_is", "mailto:desk@example.org", []string{"mailto:desk@example.org"}},
	{"bad_escape_returned_as_is", "https://example.org/%zz", []string{"https://example.org/%zz"}},
	{"empty", "", []string{"", "   "}},
}

func TestCanonicalURL(t *testing.T) {
	for _, tt := range canonicalCases {
		t.Run(tt.name, func(t *testing.T) {
			for _, in := range tt.in {
				if got := CanonicalURL(in); got != tt.want {
					t.Errorf("CanonicalURL(%q)\n got %q\nwant %q", in, got, tt.want)
				}
			}
			if got := CanonicalURL(tt.want); got != tt.want {
				t.Errorf("CanonicalURL(%q) = %q: not idempotent", tt.want, got)
			}
		})
	}
}

// FuzzCanonicalURL checks that CanonicalURL never panics and is
// idempotent, and that the normalisation itself is: CanonicalURL falls back
// to the raw string when it is not, which would hide a bug.
func FuzzCanonicalURL(f *testing.F) {
	for _, tt := range canonicalCases {
		for _, in := range tt.in {
			f.Add(in)
		}
	}
	f.Fuzz(func(t *testing.T, raw string) {
		c := CanonicalURL(raw)
		if c2 := CanonicalURL(c); c2 != c {
			t.Fatalf("not idempotent: %q -> %q -> %q", raw, c, c2)
		}
		if c1, ok := canonical(strings.TrimSpace(raw)); ok {
			c2, ok := canonical(c1)
			if !ok || c2 != c1 {
				t.Fatalf("normalisation not idempotent: %q -> %q -> %q (ok %v)", raw, c1, c2, ok)
			}
		}
	})
}
