package feed

import (
	"net/url"
	"testing"
	"unicode/utf8"
)

func TestScanFragmentResolves(t *testing.T) {
	base, _ := url.Parse("https://partner.example/blog/post/")
	tests := []struct {
		name, in, want, img string
	}{
		{"relative href and src", `<p><a href="../other">x</a><img src="a.png" alt="A"></p>`,
			`<p><a href="https://partner.example/blog/other">x</a><img src="https://partner.example/blog/post/a.png" alt="A"></p>`,
			"https://partner.example/blog/post/a.png"},
		{"root-relative and protocol-relative", `<a href="/x">x</a><img src="//cdn.example/i.png"/>`,
			`<a href="https://partner.example/x">x</a><img src="https://cdn.example/i.png"/>`,
			"https://cdn.example/i.png"},
		{"absolute, mailto, data and fragment-only", `<a href="https://a.example/">a</a><a href="mailto:x@y.example">m</a><img src="data:image/png;base64,AA=="><a href="#top">t</a>`,
			`<a href="https://a.example/">a</a><a href="mailto:x@y.example">m</a><img src="data:image/png;base64,AA=="><a href="https://partner.example/blog/post/#top">t</a>`,
			""},
		{"poster and srcset", `<video poster="p.jpg"><source src="v.mp4"></video><img srcset="a.jpg 1x,b.jpg 2x" SRC="c.jpg">`,
			`<video poster="https://partner.example/blog/post/p.jpg"><source src="https://partner.example/blog/post/v.mp4"></video><img srcset="https://partner.example/blog/post/a.jpg 1x, https://partner.example/blog/post/b.jpg 2x" src="https://partner.example/blog/post/c.jpg">`,
			"https://partner.example/blog/post/c.jpg"},
		{"untouched tags keep their bytes", "<P CLASS=x>Tom &amp; Jerry<br/>\n<!-- <a href=\"x\"> --><script>var s = '<img src=x>';</script>",
			"<P CLASS=x>Tom &amp; Jerry<br/>\n<!-- <a href=\"x\"> --><script>var s = '<img src=x>';</script>", ""},
		{"entities in an attribute are re-escaped", `<a href="q?a=1&amp;b=2" title="&quot;hi&quot;">q</a>`,
			`<a href="https://partner.example/blog/post/q?a=1&amp;b=2" title="&#34;hi&#34;">q</a>`, ""},
		{"lazy image", `<img src="data:image/gif;base64,R0l=" data-src="real.jpg">`,
			`<img src="data:image/gif;base64,R0l=" data-src="real.jpg">`, "https://partner.example/blog/post/real.jpg"},
		{"broken markup", `<p><a href="x"<img src=y`, `<p><a href="x"<img src=y`, ""},
		{"plain text", `no markup at all`, `no markup at all`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := scanFragment(tt.in, base)
			if f.html != tt.want {
				t.Errorf("html =\n%s\nwant\n%s", f.html, tt.want)
			}
			if f.firstImg != tt.img {
				t.Errorf("firstImg = %q, want %q", f.firstImg, tt.img)
			}
			if again := scanFragment(f.html, base).html; again != f.html {
				t.Errorf("not idempotent:\n%s\n%s", f.html, again)
			}
		})
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  Plain\n\t title  ", "Plain title"},
		{"<b>Bold</b> &amp; <i>it</i>alic", "Bold & italic"},
		{"<p>One</p><p>Two</p>", "One Two"},
		{"Line<br>break", "Line break"},
		{"A&nbsp;B &lt;tag&gt; &#8230;", "A B <tag> …"},
		{"<script>alert(1)</script>Text<style>p{}</style>", "Text"},
		{"3 < 5 and 7 > 6", "3 < 5 and 7 > 6"},
	}
	for _, tt := range tests {
		if got := plainText(tt.in); got != tt.want {
			t.Errorf("plainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestResolveSrcset(t *testing.T) {
	base, _ := url.Parse("https://p.example/a/")
	tests := []struct{ in, want string }{
		{"x.jpg", "https://p.example/a/x.jpg"},
		{"x.jpg 1x, /y.jpg 2x", "https://p.example/a/x.jpg 1x, https://p.example/y.jpg 2x"},
		{"x.jpg 300w,y.jpg 600w", "https://p.example/a/x.jpg 300w, https://p.example/a/y.jpg 600w"},
		{"x.jpg, y.jpg 2x", "https://p.example/a/x.jpg, https://p.example/a/y.jpg 2x"},
		{"https://c.example/x,y.jpg 2x", "https://c.example/x,y.jpg 2x"},
		{"  ", "  "},
	}
	for _, tt := range tests {
		if got := resolveSrcset(base, tt.in); got != tt.want {
			t.Errorf("resolveSrcset(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestShortText(t *testing.T) {
	long := "Pray for the families who lost their homes in the earthquake this week, and for those serving them."
	got := shortText(long, 80)
	if n := utf8.RuneCountInString(got); n > 80 {
		t.Errorf("shortText gave %d runes: %q", n, got)
	}
	if want := "Pray for the families who lost their homes in the earthquake this week, and…"; got != want {
		t.Errorf("shortText = %q, want %q", got, want)
	}
	if got := shortText("short", 80); got != "short" {
		t.Errorf("shortText(short) = %q", got)
	}
	if got := shortText("ñññññññññññññññññññññññññ", 10); utf8.RuneCountInString(got) != 10 || !utf8.ValidString(got) {
		t.Errorf("shortText cut a rune or miscounted: %q", got)
	}
}

func TestTextToHTML(t *testing.T) {
	got := textToHTML("One & <two>\nstill one\r\n\r\n\n  Three  \n")
	want := "<p>One &amp; &lt;two&gt;<br>still one</p><p>Three</p>"
	if got != want {
		t.Errorf("textToHTML = %q, want %q", got, want)
	}
	if textToHTML(" \n ") != "" {
		t.Error("blank text gave HTML")
	}
}

// FuzzScanFragment checks the single-pass rewriter keeps what it must: with
// no base the fragment comes back byte for byte; with one, rewriting is
// idempotent and leaves the text alone.
func FuzzScanFragment(f *testing.F) {
	for _, s := range []string{
		`<p><a href="../x">x</a><img src="a.png" srcset="a.jpg 1x, b.jpg 2x"></p>`,
		"<P CLASS=x>Tom &amp; Jerry<br/>\n<!-- c --><script>'<img src=x>'</script>",
		`<a href="x"<img src=y`, `<video poster="p"></video>`, "\x00<a href=\x00>",
	} {
		f.Add(s)
	}
	base, _ := url.Parse("https://partner.example/blog/post/")
	f.Fuzz(func(t *testing.T, s string) {
		if got := scanFragment(s, nil).html; got != s {
			t.Fatalf("nil base changed the fragment:\n%q\n%q", s, got)
		}
		once := scanFragment(s, base)
		if twice := scanFragment(once.html, base); twice.html != once.html {
			t.Fatalf("not idempotent:\n%q\n%q\n%q", s, once.html, twice.html)
		}
		if once.text != plainText(s) {
			t.Fatalf("rewriting changed the text: %q → %q", plainText(s), once.text)
		}
	})
}
