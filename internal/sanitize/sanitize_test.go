package sanitize

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

const testBase = "https://partner.example/news/story.html"

// video is a Sanitizer that allows two video hosts, as a deployment would.
var video = New(Options{VideoHosts: []string{"www.youtube-nocookie.com", "player.vimeo.com"}})

func TestHTML(t *testing.T) {
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
		{"absolutizes link", `<a href="../about.html">about</a>`, `<a href="https://partner.example/about.html" rel="noopener noreferrer nofollow">about</a>`},
		{"absolutizes img", `<img src="/i/a.jpg" alt="A">`, `<img src="https://partner.example/i/a.jpg" alt="A"/>`},
		{"drops form", `<form action="/x"><input name="q"></form><p>d</p>`, `<p>d</p>`},
		{"empty", "  ", ""},
		{"keeps the documented elements", `<dl><dt>a</dt><dd>b</dd></dl><pre><code>c</code></pre><blockquote><q>d</q> <cite>e</cite></blockquote><figure><img src="f.jpg"><figcaption>f</figcaption></figure><p><strong>g</strong><em>h</em><i>i</i><u>j</u><s>k</s><sub>l</sub><sup>m</sup><mark>n</mark><small>o</small><span>p</span></p><hr><div>q</div>`,
			`<dl><dt>a</dt><dd>b</dd></dl><pre><code>c</code></pre><blockquote><q>d</q> <cite>e</cite></blockquote><figure><img src="https://partner.example/news/f.jpg"/><figcaption>f</figcaption></figure><p><strong>g</strong><em>h</em><i>i</i><u>j</u><s>k</s><sub>l</sub><sup>m</sup><mark>n</mark><small>o</small><span>p</span></p><hr/><div>q</div>`},
		{"keeps the documented attributes", `<ol start="3" type="a"><li value="3">a</li></ol><table border=1><tr><td colspan="2" rowspan="x" class="c">a</td></tr></table><time datetime="2026-03-01" id="t">1 March</time><abbr title="World Health Organization">WHO</abbr>`,
			`<ol start="3"><li>a</li></ol><table><tbody><tr><td colspan="2">a</td></tr></tbody></table><time datetime="2026-03-01">1 March</time><abbr title="World Health Organization">WHO</abbr>`},
		{"img keeps alt title size srcset loading, in a fixed order", `<img loading="LAZY" class="x" height="200px" width="300" title="T" alt="A" srcset="a.jpg 1x, b.jpg 1.5x" src="a.jpg">`,
			`<img src="https://partner.example/news/a.jpg" srcset="https://partner.example/news/a.jpg 1x, https://partner.example/news/b.jpg 1.5x" alt="A" title="T" width="300" height="200" loading="lazy"/>`},
		{"img with only a srcset is kept", `<img srcset="a.jpg 300w">`, `<img srcset="https://partner.example/news/a.jpg 300w"/>`},
		{"img without a source is dropped", `<p><img alt="x">a</p>`, `<p>a</p>`},
		{"link keeps title, loses target and rel", `<a href="https://o.example/" target="_blank" rel="opener" title="T">o</a>`, `<a href="https://o.example/" title="T" rel="noopener noreferrer nofollow">o</a>`},
		{"mailto link kept", `<a href="mailto:info@partner.example">m</a>`, `<a href="mailto:info@partner.example" rel="noopener noreferrer nofollow">m</a>`},
		{"fragment link resolves to the article", `<a href="#top">t</a>`, `<a href="https://partner.example/news/story.html#top" rel="noopener noreferrer nofollow">t</a>`},
		{"empty href unwraps the link", `<a href="">t</a>`, `t`},
		{"relative base href resolved against the article", `<base href="/archive/"><img src="a.jpg">`, `<img src="https://partner.example/archive/a.jpg"/>`},
		{"javascript base href ignored", `<base href="javascript:alert(1)//"><a href="x">x</a>`, `<a href="https://partner.example/news/x" rel="noopener noreferrer nofollow">x</a>`},
		{"wrappers are unwrapped", `<article><section><font color=red>a</font></section></article>`, `a`},
		{"text that merely mentions script is defanged", `<p title="javascript:x">Learn JavaScript: onerror= and ONLOAD=</p>`, `<p>Learn JavaScript&#58; onerror&#61; and ONLOAD&#61;</p>`},
		{"block unwrapped inside a paragraph settles", `<p><marquee><div>x</div></marquee></p>`, `<p></p><div>x</div><p></p>`},
		{"heading unwrapped inside a heading settles", `<h1><font><h2>x</h2></font></h1>`, `<h1></h1><h2>x</h2>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkHTML(t, Default, tt.in, tt.want)
		})
	}
}

// hostile are inputs that try to get script into an embedding page. Each
// case is named after the trick; want is the exact output of [Default], or
// of video when video is set. The fuzz test starts from these.
var hostile = []struct {
	name, in, want string
	video          bool
}{
	{"script tag", `<p>a</p><script>alert(1)</script>`, `<p>a</p>`, false},
	{"mixed-case script tag", `<ScRiPt>alert(1)</sCrIpT><P>x</P>`, `<p>x</p>`, false},
	{"script inside attribute-less svg", `<svg><script>alert(1)</script></svg><p>ok</p>`, `<p>ok</p>`, false},
	{"img onerror", `<img src=x onerror=alert(1)>`, `<img src="https://partner.example/news/x"/>`, false},
	{"svg onload", `<svg onload=alert(1)><circle r=1></svg>ok`, `ok`, false},
	{"body onload", `<body onload=alert(1)><p>ok</p>`, `<p>ok</p>`, false},
	{"iframe src javascript", `<iframe src="javascript:alert(1)"></iframe>ok`, `ok`, true},
	{"javascript link", `<a href="javascript:alert(1)">x</a>`, `x`, false},
	{"javascript link upper case", `<a href="JAVASCRIPT:alert(1)">x</a>`, `x`, false},
	{"javascript link decimal entity", `<a href="&#106;avascript:alert(1)">x</a>`, `x`, false},
	{"javascript link decimal entity without semicolon", `<a href="&#0000106avascript&#58alert(1)">x</a>`, `x`, false},
	{"javascript link hex entity", `<a href="&#x6A;avascript&#x3A;alert(1)">x</a>`, `x`, false},
	{"javascript link with tab", "<a href=\"java\tscript:alert(1)\">x</a>", `x`, false},
	{"javascript link with encoded tab", `<a href="java&#9;script:alert(1)">x</a>`, `x`, false},
	{"javascript link with newline", "<a href=\"java\nscript:alert(1)\">x</a>", `x`, false},
	{"javascript link with encoded newline", `<a href="java&#x0A;script:alert(1)">x</a>`, `x`, false},
	{"javascript link with leading space", `<a href="  javascript:alert(1)">x</a>`, `x`, false},
	{"javascript link with leading control char", "<a href=\"\x01\x1fjavascript:alert(1)\">x</a>", `x`, false},
	{"javascript link percent-encoded scheme", `<a href="%6A%61vascript:alert(1)">x</a>`, `x`, false},
	{"javascript link percent-encoded colon stays a relative path", `<a href="javascript%3Aalert(1)">x</a>`,
		`<a href="https://partner.example/news/javascript%3Aalert(1)" rel="noopener noreferrer nofollow">x</a>`, false},
	{"vbscript link", `<a href="vbscript:msgbox(1)">x</a>`, `x`, false},
	{"data text/html link", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`, `x`, false},
	{"data image/svg+xml img", `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" alt="a">ok`, `ok`, false},
	{"data image/png img is dropped too", `<img src="data:image/png;base64,iVBORw0KGgo=" alt="a">ok`, `ok`, false},
	{"style element with expression", `<style>p{width:expression(alert(1))}</style><p>x</p>`, `<p>x</p>`, false},
	{"style attribute with expression", `<p style="width: expression(alert(1))">x</p>`, `<p>x</p>`, false},
	{"style attribute url javascript", `<p style="background:url(javascript:alert(1))">x</p>`, `<p>x</p>`, false},
	{"link rel stylesheet", `<link rel="stylesheet" href="https://evil.example/x.css"><p>x</p>`, `<p>x</p>`, false},
	{"meta refresh", `<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><p>x</p>`, `<p>x</p>`, false},
	{"base href is honoured then removed", `<base href="https://cdn.partner.example/"><a href="/x">x</a>`,
		`<a href="https://cdn.partner.example/x" rel="noopener noreferrer nofollow">x</a>`, false},
	{"form action", `<form action="https://evil.example/"><p>x</p><input type=submit></form>`, `<p>x</p>`, false},
	{"input autofocus onfocus", `<input autofocus onfocus=alert(1)><p>x</p>`, `<p>x</p>`, false},
	{"noscript title trick", `<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>`,
		`<img src="https://partner.example/news/x"/>&#34;&gt;`, false},
	{"comment hiding tags", `<!--<script>alert(1)</script>--><p>x</p>`, `<p>x</p>`, false},
	{"conditional comment", `<!--[if IE]><script>alert(1)</script><![endif]--><p>x</p>`, `<p>x</p>`, false},
	{"srcset with javascript candidate", `<img src="a.jpg" srcset="javascript:alert(1) 1x, b.jpg 2x">`,
		`<img src="https://partner.example/news/a.jpg" srcset="https://partner.example/news/b.jpg 2x"/>`, false},
	{"srcset with data candidate", `<img srcset="data:image/svg+xml,x 1x,c.jpg 2x">`, `<img srcset="https://partner.example/news/c.jpg 2x"/>`, false},
	{"object and embed", `<object data="x.swf"><param name=a value=b><embed src="x.swf"></object><p>x</p>`, `<p>x</p>`, false},
	{"applet", `<applet code="X.class">fallback</applet>ok`, `ok`, false},
	{"math with xlink href", `<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>ok`, `ok`, false},
	{"svg a with xlink href", `<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>ok`, `ok`, false},
	{"template", `<template><img src=x onerror=alert(1)></template>ok`, `ok`, false},
	{"a with formaction", `<a href="/x" formaction="javascript:alert(1)">x</a>`, `<a href="https://partner.example/x" rel="noopener noreferrer nofollow">x</a>`, false},
	{"button with formaction", `<button formaction="javascript:alert(1)">x</button>ok`, `ok`, false},
	{"frameset", `<frameset><frame src="javascript:alert(1)"></frameset>ok`, `ok`, false},
	{"iframe from an allowlisted host is kept with a fixed attribute set",
		`<iframe src="https://www.youtube-nocookie.com/embed/abc" width="560" height="315" allowfullscreen onload="x" sandbox="allow-top-navigation" style="x" title="Video">fallback</iframe>`,
		`<iframe src="https://www.youtube-nocookie.com/embed/abc" width="560" height="315" allowfullscreen="" title="Video" sandbox="allow-scripts allow-same-origin allow-presentation"></iframe>`, true},
	{"iframe from a subdomain of an allowlisted host", `<iframe src="//eu.player.vimeo.com/video/1"></iframe>`,
		`<iframe src="https://eu.player.vimeo.com/video/1" sandbox="allow-scripts allow-same-origin allow-presentation"></iframe>`, true},
	{"iframe from an allowlisted host over http", `<iframe src="http://www.youtube-nocookie.com/embed/abc"></iframe>ok`, `ok`, true},
	{"iframe from another host", `<iframe src="https://evil.example/embed/abc"></iframe>ok`, `ok`, true},
	{"iframe from a lookalike host", `<iframe src="https://www.youtube-nocookie.com.evil.example/embed/abc"></iframe>ok`, `ok`, true},
	{"iframe with userinfo", `<iframe src="https://www.youtube-nocookie.com@evil.example/"></iframe>ok`, `ok`, true},
	{"iframe without VideoHosts", `<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>ok`, `ok`, false},
	{"1x1 pixel by attributes", `<p>a<img src="/t.gif" width="1" height="1"></p>`, `<p>a</p>`, false},
	{"1x1 pixel by style", `<p>a<img src="/t.gif" style="width:1px; HEIGHT: 0px !important"></p>`, `<p>a</p>`, false},
	{"display none image", `<p>a<img src="/h.jpg" style="display: none"></p>`, `<p>a</p>`, false},
	{"thin spacer image is not a pixel", `<img src="/s.gif" width="1" height="300">`, `<img src="https://partner.example/s.gif" width="1" height="300"/>`, false},
	{"CDATA trick", `<![CDATA[<script>alert(1)</script>]]><p>x</p>`, `alert(1)]]&gt;<p>x</p>`, false},
	{"unclosed tags", `<p><b>unclosed <i>tags<a href="/x">`, `<p><b>unclosed <i>tags<a href="https://partner.example/x" rel="noopener noreferrer nofollow"></a></i></b></p>`, false},
	{"unclosed attribute", `<p>a</p><img src="x.jpg" onerror="alert(1)`, `<p>a</p>`, false},
	{"textarea breakout", `<textarea></textarea><img src=x onerror=alert(1)></textarea>`, `<img src="https://partner.example/news/x"/>`, false},
	{"xmp raw text", `<xmp><img src=x onerror=alert(1)></xmp>`, `&lt;img src=x onerror&#61;alert(1)&gt;`, false},
	{"mXSS via mathml mglyph and style", `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`, ``, false},
	{"mXSS via nested forms and mathml", `<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>`, ``, false},
	{"mXSS via svg style breakout", `<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">`, `<p></p><img src="https://partner.example/news/1"/>&#34;&gt;`, false},
	{"iframe srcdoc on an allowlisted host", `<iframe src="https://player.vimeo.com/video/1" srcdoc="<script>alert(1)</script>"></iframe>`,
		`<iframe src="https://player.vimeo.com/video/1" sandbox="allow-scripts allow-same-origin allow-presentation"></iframe>`, true},
	{"script tag in a URL query", `<a href="https://o.example/?q=<script>alert(1)</script>">x</a>`,
		`<a href="https://o.example/?q=&lt;script&gt;alert(1)&lt;/script&gt;" rel="noopener noreferrer nofollow">x</a>`, false},
	{"nesting beyond the parser's limit yields nothing", strings.Repeat("<div>", 600) + "<img src=x onerror=alert(1)>", ``, false},
	{"javascript in a title attribute", `<abbr title="javascript:alert(1)">x</abbr>`, `<abbr title="javascript&#58;alert(1)">x</abbr>`, false},
	{"javascript in an https query", `<a href="https://o.example/?u=javascript:alert(1)">x</a>`,
		`<a href="https://o.example/?u=javascript&#58;alert(1)" rel="noopener noreferrer nofollow">x</a>`, false},
}

func TestHostile(t *testing.T) {
	for _, tt := range hostile {
		t.Run(tt.name, func(t *testing.T) {
			s := Default
			if tt.video {
				s = video
			}
			checkHTML(t, s, tt.in, tt.want)
		})
	}
}

// checkHTML asserts s.HTML(in) == want, that it is a fixed point, and that
// it contains nothing that looks like script.
func checkHTML(t *testing.T, s *Sanitizer, in, want string) {
	t.Helper()
	got := s.HTML(in, testBase)
	if got != want {
		t.Errorf("HTML(%q)\n got %q\nwant %q", in, got, want)
	}
	if again := s.HTML(got, testBase); again != got {
		t.Errorf("not idempotent: %q → %q", got, again)
	}
	if bad := scripty(got); bad != "" {
		t.Errorf("output %q contains %q", got, bad)
	}
}

// scripty returns the first string in out that must never appear in
// sanitised output, or "".
func scripty(out string) string {
	lower := strings.ToLower(out)
	for _, bad := range []string{"<script", "javascript:", "onerror=", "onload="} {
		if strings.Contains(lower, bad) {
			return bad
		}
	}
	return ""
}

func TestNewVideoHosts(t *testing.T) {
	s := New(Options{VideoHosts: []string{" Player.Vimeo.COM. ", "com", "", "evil.example/x"}})
	if got, want := fmt.Sprint(s.videoHosts), "[player.vimeo.com]"; got != want {
		t.Errorf("videoHosts = %s, want %s", got, want)
	}
	in := `<iframe src="https://player.vimeo.com/video/1"></iframe><iframe src="https://other.com/x"></iframe>`
	want := `<iframe src="https://player.vimeo.com/video/1" sandbox="allow-scripts allow-same-origin allow-presentation"></iframe>`
	checkHTML(t, s, in, want)
}

func TestPolicyIsBackstop(t *testing.T) {
	// The bluemonday policy alone must refuse what the tree pass refuses.
	for _, in := range []string{`<script>x</script>`, `<img src="javascript:x">`, `<a href="data:text/html,x">`, `<iframe src="https://www.youtube-nocookie.com/"></iframe>`, `<p style="x" onclick="y"></p>`} {
		if got := Policy().Sanitize(in); scripty(got) != "" || strings.Contains(got, "iframe") || strings.Contains(got, "data:") || strings.Contains(got, "style") {
			t.Errorf("Policy().Sanitize(%q) = %q", in, got)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, tt := range hostile {
				s := Default
				if i%2 == 0 {
					s = video
				}
				s.HTML(tt.in, testBase)
			}
		}()
	}
	wg.Wait()
}

func TestParseSrcset(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a.jpg 1x, b.jpg 2x", "[{a.jpg [1x]} {b.jpg [2x]}]"},
		{"a.jpg,b.jpg", "[{a.jpg,b.jpg []}]"},
		{"a.jpg, b.jpg", "[{a.jpg []} {b.jpg []}]"},
		{"https://c.example/w_300,h_200/a.jpg 300w,\n b.jpg 600w", "[{https://c.example/w_300,h_200/a.jpg [300w]} {b.jpg [600w]}]"},
		{" , ,", "[]"},
		{"a.jpg foo(1, 2) 1x, b.jpg", "[{a.jpg [foo(1, 2) 1x]} {b.jpg []}]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(parseSrcset(tt.in)); got != tt.want {
			t.Errorf("parseSrcset(%q) = %s, want %s", tt.in, got, tt.want)
		}
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
		{"defanged text reads the same", HTML(`<p>JavaScript: onload=</p>`, ""), "JavaScript: onload="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzHTMLIdempotent checks, for the default and a video-allowing
// Sanitizer, that sanitising is a fixed point and that the output never
// contains "<script", "javascript:", "onerror=" or "onload=".
func FuzzHTMLIdempotent(f *testing.F) {
	f.Add(`<p onclick="x">a<script>b</script></p>`)
	f.Add(`<a href="/r">x</a><img src=x onerror=alert(1)>`)
	for _, tt := range hostile {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, s := range []*Sanitizer{Default, video} {
			once := s.HTML(in, "https://p.example/a/")
			if twice := s.HTML(once, "https://p.example/a/"); twice != once {
				t.Fatalf("not idempotent:\n%q\n%q", once, twice)
			}
			if bad := scripty(once); bad != "" {
				t.Fatalf("output %q contains %q", once, bad)
			}
		}
		_ = Text(in)
	})
}
