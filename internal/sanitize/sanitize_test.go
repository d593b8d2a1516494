package sanitize

import (
	"strings"
	"testing"
)

func TestHTML(t *testing.T) {
	const base = "https://partner.example/news/story.html"
	tests := []struct {
		name, in string
		want     string
	}{
		{"keeps structure", `<h2>Pray now</h2><ul><li>That <b>peace</b></li></ul>`, `<h2>Pray now</h2><ul><li>That <b>peace</b></li></ul>`},
		{"drops script", `<p>a</p><script>alert(1)</script>`, `<p>a</p>`},
		{"drops event handler", `<p onclick="alert(1)">a</p>`, `<p>a</p>`},
		{"drops javascript url", `<a href="javascript:alert(1)">x</a>`, `x`},
		{"drops iframe", `<iframe src="https://evil.example/"></iframe><p>b</p>`, `<p>b</p>`},
		{"drops style", `<style>p{}</style><p style="color:red">c</p>`, `<p>c</p>`},
		{"absolutizes link", `<a href="../about.html">about</a>`, `<a href="https://partner.example/about.html">about</a>`},
		{"absolutizes img", `<img src="/i/a.jpg" alt="A">`, `<img src="https://partner.example/i/a.jpg" alt="A"/>`},
		{"drops form", `<form action="/x"><input name="q"></form><p>d</p>`, `<p>d</p>`},
		{"empty", "  ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := HTML(tt.in, base)
			if got != tt.want {
				t.Errorf("HTML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if again := HTML(got, base); again != got {
				t.Errorf("not idempotent: %q → %q", got, again)
			}
		})
	}
}

func TestAbsolutizeSrcset(t *testing.T) {
	got := Absolutize(`<img srcset="a.jpg 1x, /b.jpg 2x">`, "https://p.example/x/y.html")
	if !strings.Contains(got, `srcset="https://p.example/x/a.jpg 1x, https://p.example/b.jpg 2x"`) {
		t.Errorf("got %s", got)
	}
}

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"paragraphs", `<p>One  two</p><p>Three</p>`, "One two\n\nThree"},
		{"list items", `<h3>Pray now…</h3><ul><li>That a</li><li>For <em>b</em></li></ul><p>End</p>`, "Pray now…\n\nThat a\nFor b\n\nEnd"},
		{"br", `<p>a<br>b</p>`, "a\nb"},
		{"inline spacing", `<p><b>bold</b> text<i>x</i></p>`, "bold textx"},
		{"entities", `<p>Tom &amp; Jerry&nbsp;ok</p>`, "Tom & Jerry ok"},
		{"script skipped", `<p>a</p><script>var x</script>`, "a"},
		{"bare text", `just text`, "just text"},
		{"nested blocks", `<div><div><p>a</p></div></div><div>b</div>`, "a\n\nb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzHTMLIdempotent(f *testing.F) {
	f.Add(`<p onclick="x">a<script>b</script></p>`)
	f.Add(`<a href="/r">x</a><img src=x onerror=alert(1)>`)
	f.Fuzz(func(t *testing.T, in string) {
		once := HTML(in, "https://p.example/a/")
		if twice := HTML(once, "https://p.example/a/"); twice != once {
			t.Fatalf("not idempotent:\n%q\n%q", once, twice)
		}
		_ = Text(in)
	})
}
