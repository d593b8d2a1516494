package serve

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// jsonFeed is long enough that gzip is worth it and recognisable enough
// that a test can tell it from any other file.
var jsonFeed = `{"version": "https://jsonfeed.org/version/1.1", "title": "All", "items": [` +
	strings.Repeat(`{"id": "urn:uuid:x", "content_text": "Pray for the church"},`, 40) + `{}]}`

const secret = "SECRET OUTSIDE THE OUTPUT DIRECTORY"

// modTime is the modification time of every fixture file.
var modTime = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// fixture writes an output directory with a file of every served type,
// files that must never be served, and symbolic links in and out; it
// returns the directory.
func fixture(t *testing.T) string {
	t.Helper()
	base := t.TempDir()
	dir := filepath.Join(base, "output")
	files := map[string]string{
		"index.html":             "<!doctype html><title>Feeds</title>",
		"all.atom":               `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"/>`,
		"all.rss":                `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"/>`,
		"all.json":               jsonFeed,
		"feeds.opml":             `<?xml version="1.0"?><opml version="2.0"/>`,
		"feed.xsl":               `<?xml version="1.0"?><xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>`,
		"embed.js":               "export {};",
		"style.css":              "body{}",
		"logo.png":               "\x89PNG\r\n\x1a\n",
		"country/KP.json":        jsonFeed,
		"docs/index.html":        "<!doctype html><title>Docs</title>",
		".hidden.json":           secret,
		".all.json.tmp-12345":    secret,
		"country/.draft.json":    secret,
		".well-known/x.json":     secret,
		"gleaner.db":             secret,
		"all.json~":              secret,
		"../outside/secret.json": secret,
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, modTime, modTime); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"alias.json":      "all.json",               // stays inside: served
		"leak.json":       "../outside/secret.json", // leads out: refused
		"abs.json":        filepath.Join(base, "outside", "secret.json"),
		"leakdir":         "../outside", // a directory outside
		"country/up.json": "../../outside/secret.json",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	return dir
}

func newHandler(t *testing.T, dir string, origins ...string) http.Handler {
	t.Helper()
	h, err := New(dir, Options{AllowedOrigins: origins})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// do sends a request with the given raw target and headers (name, value
// pairs) to h.
func do(h http.Handler, method, target string, headers ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Add(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestContentTypesAndHeaders(t *testing.T) {
	h := newHandler(t, fixture(t), "*")
	tests := []struct {
		path, contentType, cacheControl string
		csp                             bool
	}{
		{"/all.atom", "application/atom+xml; charset=utf-8", "public, max-age=300", true},
		{"/all.rss", "application/rss+xml; charset=utf-8", "public, max-age=300", true},
		{"/all.json", "application/feed+json; charset=utf-8", "public, max-age=300", false},
		{"/country/KP.json", "application/feed+json; charset=utf-8", "public, max-age=300", false},
		{"/feeds.opml", "text/x-opml; charset=utf-8", "public, max-age=300", true},
		{"/", "text/html; charset=utf-8", "public, max-age=60", true},
		{"/index.html", "text/html; charset=utf-8", "public, max-age=60", true},
		{"/feed.xsl", "text/xsl; charset=utf-8", "public, max-age=3600", true},
		{"/embed.js", "text/javascript; charset=utf-8", "public, max-age=3600", false},
		{"/style.css", "text/css; charset=utf-8", "public, max-age=3600", false},
		{"/logo.png", "image/png", "public, max-age=3600", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			w := do(h, "GET", tt.path)
			res := w.Result()
			if res.StatusCode != 200 {
				t.Fatalf("status %d, want 200", res.StatusCode)
			}
			want := map[string]string{
				"Content-Type":           tt.contentType,
				"Cache-Control":          tt.cacheControl,
				"X-Content-Type-Options": "nosniff",
				"Referrer-Policy":        ReferrerPolicy,
			}
			for k, v := range want {
				if got := res.Header.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if got := res.Header.Get("Content-Security-Policy"); (got != "") != tt.csp || (tt.csp && got != ContentSecurityPolicy) {
				t.Errorf("Content-Security-Policy = %q, want it %v", got, tt.csp)
			}
		})
	}
}

// TestSecurityHeadersOnErrors checks that refusals carry nosniff too.
func TestSecurityHeadersOnErrors(t *testing.T) {
	h := newHandler(t, fixture(t), "*")
	for _, target := range []string{"/missing.json", "/../x", "/.hidden.json"} {
		w := do(h, "GET", target)
		if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options = %q, want nosniff", target, got)
		}
	}
	if w := do(h, "POST", "/all.json"); w.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("POST: no nosniff")
	}
}

func TestGetAndHead(t *testing.T) {
	dir := fixture(t)
	h := newHandler(t, dir, "*")
	get := do(h, "GET", "/all.json")
	if get.Code != 200 || get.Body.String() != jsonFeed {
		t.Fatalf("GET = %d %.40q, want 200 and the feed", get.Code, get.Body.String())
	}
	etag := get.Header().Get("ETag")
	if !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) || len(etag) < 10 {
		t.Errorf("ETag = %q, want a strong tag", etag)
	}
	if got, want := get.Header().Get("Last-Modified"), modTime.Format(http.TimeFormat); got != want {
		t.Errorf("Last-Modified = %q, want %q", got, want)
	}
	if got := get.Header().Get("Content-Length"); got != strconv.Itoa(len(jsonFeed)) {
		t.Errorf("Content-Length = %q, want %d", got, len(jsonFeed))
	}

	// The second request is answered from the cached tag and the file.
	again := do(h, "GET", "/all.json")
	if again.Body.String() != jsonFeed || again.Header().Get("ETag") != etag {
		t.Errorf("second GET: ETag %q, body %d bytes; want %q and the feed", again.Header().Get("ETag"), again.Body.Len(), etag)
	}

	head := do(h, "HEAD", "/all.json")
	if head.Code != 200 || head.Body.Len() != 0 {
		t.Errorf("HEAD = %d with %d bytes of body, want 200 and none", head.Code, head.Body.Len())
	}
	for _, k := range []string{"ETag", "Last-Modified", "Content-Type", "Content-Length", "Cache-Control"} {
		if head.Header().Get(k) != get.Header().Get(k) {
			t.Errorf("HEAD %s = %q, GET had %q", k, head.Header().Get(k), get.Header().Get(k))
		}
	}
}

func TestConditional(t *testing.T) {
	h := newHandler(t, fixture(t), "*")
	etag := do(h, "GET", "/all.atom").Header().Get("ETag")
	lastMod := modTime.Format(http.TimeFormat)
	tests := []struct {
		name    string
		headers []string
		want    int
	}{
		{"if_none_match_same", []string{"If-None-Match", etag}, 304},
		{"if_none_match_weak", []string{"If-None-Match", "W/" + etag}, 304},
		{"if_none_match_in_list", []string{"If-None-Match", `"other", ` + etag}, 304},
		{"if_none_match_second_header", []string{"If-None-Match", `"other"`, "If-None-Match", etag}, 304},
		{"if_none_match_star", []string{"If-None-Match", "*"}, 304},
		{"if_none_match_other", []string{"If-None-Match", `"other"`}, 200},
		{"if_none_match_malformed", []string{"If-None-Match", "nonsense"}, 200},
		{"if_modified_since_same", []string{"If-Modified-Since", lastMod}, 304},
		{"if_modified_since_later", []string{"If-Modified-Since", modTime.Add(time.Hour).Format(http.TimeFormat)}, 304},
		{"if_modified_since_earlier", []string{"If-Modified-Since", modTime.Add(-time.Second).Format(http.TimeFormat)}, 200},
		{"if_modified_since_garbage", []string{"If-Modified-Since", "yesterday"}, 200},
		// If-None-Match wins over If-Modified-Since (RFC 9110, 13.2.2).
		{"etag_mismatch_beats_date", []string{"If-None-Match", `"other"`, "If-Modified-Since", lastMod}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, method := range []string{"GET", "HEAD"} {
				w := do(h, method, "/all.atom", tt.headers...)
				if w.Code != tt.want {
					t.Fatalf("%s: status %d, want %d", method, w.Code, tt.want)
				}
				if tt.want == 304 {
					if w.Body.Len() != 0 {
						t.Errorf("%s: 304 with a body", method)
					}
					for _, k := range []string{"ETag", "Cache-Control", "Vary"} {
						if w.Header().Get(k) == "" {
							t.Errorf("%s: 304 without %s", method, k)
						}
					}
				}
			}
		})
	}
}

func TestGzip(t *testing.T) {
	h := newHandler(t, fixture(t), "*")
	plain := do(h, "GET", "/all.json")
	zipped := do(h, "GET", "/all.json", "Accept-Encoding", "br, gzip;q=0.8")
	if zipped.Code != 200 || zipped.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("GET with gzip: %d, Content-Encoding %q", zipped.Code, zipped.Header().Get("Content-Encoding"))
	}
	if zipped.Header().Get("Content-Length") != "" {
		t.Errorf("gzip response has Content-Length %q of the uncompressed file", zipped.Header().Get("Content-Length"))
	}
	if v := zipped.Header().Get("Vary"); !strings.Contains(v, "Accept-Encoding") {
		t.Errorf("Vary = %q, want Accept-Encoding", v)
	}
	if v := plain.Header().Get("Vary"); !strings.Contains(v, "Accept-Encoding") {
		t.Errorf("identity response: Vary = %q, want Accept-Encoding", v)
	}
	compressed := slices.Clone(zipped.Body.Bytes())
	zr, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(zr)
	if err != nil || string(body) != jsonFeed {
		t.Fatalf("gunzipped body = %.40q, %v; want the feed", body, err)
	}
	if len(compressed) >= len(jsonFeed) {
		t.Errorf("gzip did not shrink the feed")
	}

	plainTag, zipTag := plain.Header().Get("ETag"), zipped.Header().Get("ETag")
	if plainTag == zipTag || zipTag != strings.TrimSuffix(plainTag, `"`)+`-gz"` {
		t.Errorf("ETags: identity %s, gzip %s; want the gzip one to differ by -gz", plainTag, zipTag)
	}
	// The same bytes every time, as a strong tag promises.
	if again := do(h, "GET", "/all.json", "Accept-Encoding", "gzip"); !bytes.Equal(again.Body.Bytes(), compressed) {
		t.Errorf("two gzip responses differ")
	}

	tests := []struct {
		name, acceptEncoding, ifNoneMatch string
		want                              int
		gzip                              bool
	}{
		{"gzip_tag_gzip_request", "gzip", zipTag, 304, true},
		{"gzip_tag_identity_request", "", zipTag, 200, false},
		{"identity_tag_gzip_request", "gzip", plainTag, 200, true},
		{"gzip_refused", "gzip;q=0, *", "", 200, false},
		{"wildcard", "*", "", 200, true},
		{"x_gzip", "x-gzip", "", 200, true},
		{"identity_only", "identity", "", 200, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hdrs []string
			if tt.acceptEncoding != "" {
				hdrs = append(hdrs, "Accept-Encoding", tt.acceptEncoding)
			}
			if tt.ifNoneMatch != "" {
				hdrs = append(hdrs, "If-None-Match", tt.ifNoneMatch)
			}
			w := do(h, "GET", "/all.json", hdrs...)
			if w.Code != tt.want {
				t.Errorf("status %d, want %d", w.Code, tt.want)
			}
			wantTag := plainTag
			if tt.gzip {
				wantTag = zipTag
			}
			if got := w.Header().Get("ETag"); got != wantTag {
				t.Errorf("ETag %s, want %s", got, wantTag)
			}
			if got := w.Header().Get("Content-Encoding") == "gzip"; got != (tt.gzip && tt.want == 200) {
				t.Errorf("Content-Encoding gzip = %v", got)
			}
		})
	}

	t.Run("head", func(t *testing.T) {
		w := do(h, "HEAD", "/all.json", "Accept-Encoding", "gzip")
		if w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Encoding") != "gzip" || w.Header().Get("ETag") != zipTag {
			t.Errorf("HEAD with gzip: %d, %d bytes, Content-Encoding %q, ETag %s", w.Code, w.Body.Len(), w.Header().Get("Content-Encoding"), w.Header().Get("ETag"))
		}
	})
	t.Run("png_not_compressed", func(t *testing.T) {
		w := do(h, "GET", "/logo.png", "Accept-Encoding", "gzip")
		if w.Header().Get("Content-Encoding") != "" || w.Header().Get("Vary") != "" {
			t.Errorf("png: Content-Encoding %q, Vary %q; want neither", w.Header().Get("Content-Encoding"), w.Header().Get("Vary"))
		}
	})
}

// TestFeedInBrowser checks that a browser's navigation to an Atom or RSS
// feed gets it as application/xml, the type under which browsers apply
// its stylesheet, and that feed readers get the feed's own type.
func TestFeedInBrowser(t *testing.T) {
	h := newHandler(t, fixture(t), "*")
	const browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	const reader = "application/atom+xml, application/rss+xml;q=0.9, application/xml;q=0.8, */*;q=0.5"
	tests := []struct{ path, accept, want string }{
		{"/all.atom", browser, "application/xml; charset=utf-8"},
		{"/all.rss", browser, "application/xml; charset=utf-8"},
		{"/all.atom", reader, "application/atom+xml; charset=utf-8"},
		{"/all.atom", "*/*", "application/atom+xml; charset=utf-8"},
		{"/all.rss", "", "application/rss+xml; charset=utf-8"},
		{"/all.atom", "text/html;q=0", "application/atom+xml; charset=utf-8"},
		{"/all.json", browser, "application/feed+json; charset=utf-8"},
	}
	for _, tt := range tests {
		w := do(h, "GET", tt.path, "Accept", tt.accept)
		if got := w.Header().Get("Content-Type"); got != tt.want {
			t.Errorf("GET %s, Accept %q: Content-Type %q, want %q", tt.path, tt.accept, got, tt.want)
		}
		if varies := strings.Contains(w.Header().Get("Vary"), "Accept,") || strings.HasSuffix(w.Header().Get("Vary"), "Accept"); varies != (tt.path != "/all.json") {
			t.Errorf("GET %s: Vary %q", tt.path, w.Header().Get("Vary"))
		}
	}
}

func TestCORS(t *testing.T) {
	dir := fixture(t)
	const partner = "https://partner.example"
	wildcard := newHandler(t, dir, "*")
	listed := newHandler(t, dir, partner, "http://localhost:3000")
	none := newHandler(t, dir)

	type want struct {
		allowOrigin string
		varyOrigin  bool
	}
	tests := []struct {
		name    string
		h       http.Handler
		path    string
		headers []string
		want    want
	}{
		{"wildcard", wildcard, "/all.json", []string{"Origin", partner}, want{"*", false}},
		{"wildcard_no_origin", wildcard, "/all.json", nil, want{"*", false}},
		{"wildcard_atom", wildcard, "/all.atom", []string{"Origin", partner}, want{"*", false}},
		{"wildcard_not_on_html", wildcard, "/index.html", []string{"Origin", partner}, want{"", false}},
		{"listed", listed, "/all.json", []string{"Origin", partner}, want{partner, true}},
		{"listed_other_case", listed, "/all.json", []string{"Origin", "https://PARTNER.example"}, want{"https://PARTNER.example", true}},
		{"listed_port", listed, "/all.rss", []string{"Origin", "http://localhost:3000"}, want{"http://localhost:3000", true}},
		{"unlisted", listed, "/all.json", []string{"Origin", "https://evil.example"}, want{"", true}},
		{"unlisted_lookalike", listed, "/all.json", []string{"Origin", partner + ".evil.example"}, want{"", true}},
		{"listed_no_origin", listed, "/all.json", nil, want{"", true}},
		{"listed_304", listed, "/all.json", []string{"Origin", partner, "If-None-Match", "*"}, want{partner, true}},
		{"listed_404", listed, "/missing.json", []string{"Origin", partner}, want{partner, true}},
		{"none", none, "/all.json", []string{"Origin", partner}, want{"", false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(tt.h, "GET", tt.path, tt.headers...)
			hdr := w.Header()
			if got := hdr.Get("Access-Control-Allow-Origin"); got != tt.want.allowOrigin {
				t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, tt.want.allowOrigin)
			}
			if got := strings.Contains(strings.Join(hdr.Values("Vary"), ","), "Origin"); got != tt.want.varyOrigin {
				t.Errorf("Vary %q: Origin %v, want %v", hdr.Values("Vary"), got, tt.want.varyOrigin)
			}
			if exposed := hdr.Get("Access-Control-Expose-Headers"); (exposed == "ETag") != (tt.want.allowOrigin != "") {
				t.Errorf("Access-Control-Expose-Headers = %q", exposed)
			}
			if hdr.Get("Access-Control-Allow-Credentials") != "" {
				t.Errorf("credentials allowed")
			}
		})
	}
}

func TestPreflight(t *testing.T) {
	dir := fixture(t)
	const partner = "https://partner.example"
	listed := newHandler(t, dir, partner)
	tests := []struct {
		name        string
		h           http.Handler
		path        string
		headers     []string
		allowOrigin string
		allowed     bool // Access-Control-Allow-Methods sent
	}{
		{"listed_get", listed, "/all.json", []string{"Origin", partner, "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "if-none-match"}, partner, true},
		{"wildcard_get", newHandler(t, dir, "*"), "/country/KP.json", []string{"Origin", partner, "Access-Control-Request-Method", "GET"}, "*", true},
		{"unlisted", listed, "/all.json", []string{"Origin", "https://evil.example", "Access-Control-Request-Method", "GET"}, "", false},
		{"post", listed, "/all.json", []string{"Origin", partner, "Access-Control-Request-Method", "POST"}, partner, false},
		{"not_a_feed", listed, "/index.html", []string{"Origin", partner, "Access-Control-Request-Method", "GET"}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(tt.h, "OPTIONS", tt.path, tt.headers...)
			if w.Code != http.StatusNoContent || w.Body.Len() != 0 {
				t.Errorf("status %d with %d bytes, want 204 and no body", w.Code, w.Body.Len())
			}
			hdr := w.Header()
			if got := hdr.Get("Access-Control-Allow-Origin"); got != tt.allowOrigin {
				t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, tt.allowOrigin)
			}
			methods := hdr.Get("Access-Control-Allow-Methods")
			if (methods == "GET, HEAD") != tt.allowed {
				t.Errorf("Access-Control-Allow-Methods = %q, want it %v", methods, tt.allowed)
			}
			if tt.allowed {
				if !strings.Contains(hdr.Get("Access-Control-Allow-Headers"), "If-None-Match") || hdr.Get("Access-Control-Max-Age") == "" {
					t.Errorf("Allow-Headers %q, Max-Age %q", hdr.Get("Access-Control-Allow-Headers"), hdr.Get("Access-Control-Max-Age"))
				}
			}
		})
	}
	t.Run("plain_options", func(t *testing.T) {
		w := do(listed, "OPTIONS", "/all.json")
		if w.Code != http.StatusNoContent || w.Header().Get("Allow") != "GET, HEAD, OPTIONS" {
			t.Errorf("OPTIONS: %d, Allow %q", w.Code, w.Header().Get("Allow"))
		}
	})
}

// TestTraversal sends paths that try to leave the output directory, in
// the encodings attackers use, and checks that none is served.
func TestTraversal(t *testing.T) {
	dir := fixture(t)
	h := newHandler(t, dir, "*")
	targets := []string{
		"/../outside/secret.json",
		"/country/../../outside/secret.json",
		"/%2e%2e/outside/secret.json",
		"/%2E%2E/outside/secret.json",
		"/.%2e/outside/secret.json",
		"/country/%2e%2e/%2e%2e/outside/secret.json",
		"/country/..%2f..%2foutside/secret.json",
		"/country/..%2F..%2Foutside%2Fsecret.json",
		"/..%5coutside%5csecret.json",
		`/..\outside\secret.json`,
		"/country/./KP.json",
		"//outside/secret.json",
		"/country//KP.json",
		"/all.json%00.html",
		"/%c0%ae%c0%ae/outside/secret.json", // overlong UTF-8 "."
		"/leak.json",                        // relative symlink out
		"/abs.json",                         // absolute symlink out
		"/leakdir/secret.json",              // symlinked directory out
		"/country/up.json",
		filepath.ToSlash(filepath.Join(filepath.Dir(dir), "outside", "secret.json")), // an absolute path
		"/outside/secret.json",
	}
	for _, target := range targets {
		t.Run(target, func(t *testing.T) {
			w := do(h, "GET", target)
			if w.Code != 400 && w.Code != 404 {
				t.Errorf("status %d, want 400 or 404", w.Code)
			}
			if strings.Contains(w.Body.String(), secret) {
				t.Errorf("served the secret")
			}
		})
	}
	// A symbolic link that stays inside is fine.
	if w := do(h, "GET", "/alias.json"); w.Code != 200 || w.Body.String() != jsonFeed {
		t.Errorf("GET /alias.json = %d, want 200 and the feed", w.Code)
	}
}

func TestHiddenAndUnknownFiles(t *testing.T) {
	h := newHandler(t, fixture(t), "*")
	for _, target := range []string{
		"/.hidden.json", "/.all.json.tmp-12345", "/country/.draft.json", "/.well-known/x.json",
		"/%2ehidden.json", "/gleaner.db", "/all.json~", "/missing.json",
	} {
		w := do(h, "GET", target)
		if w.Code != 404 || strings.Contains(w.Body.String(), secret) {
			t.Errorf("GET %s = %d, want 404", target, w.Code)
		}
	}
}

func TestMethods(t *testing.T) {
	h := newHandler(t, fixture(t), "*")
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "PROPFIND"} {
		w := do(h, m, "/all.json")
		if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD, OPTIONS" {
			t.Errorf("%s: %d, Allow %q; want 405 and GET, HEAD, OPTIONS", m, w.Code, w.Header().Get("Allow"))
		}
	}
}

func TestDirectories(t *testing.T) {
	h := newHandler(t, fixture(t), "*")
	tests := []struct {
		target   string
		status   int
		body     string
		location string
	}{
		{"/", 200, "<!doctype html><title>Feeds</title>", ""},
		{"/docs/", 200, "<!doctype html><title>Docs</title>", ""},
		{"/docs", 301, "", "docs/"},
		{"/docs?x=1", 301, "", "docs/?x=1"},
		{"/country/", 404, "", ""}, // no index.html: no listing
		{"/country", 404, "", ""},
		{"/leakdir/", 404, "", ""},
	}
	for _, tt := range tests {
		w := do(h, "GET", tt.target)
		if w.Code != tt.status || (tt.body != "" && w.Body.String() != tt.body) || w.Header().Get("Location") != tt.location {
			t.Errorf("GET %s = %d, Location %q, body %.40q; want %d, %q, %q", tt.target, w.Code, w.Header().Get("Location"), w.Body.String(), tt.status, tt.location, tt.body)
		}
	}
}

// TestETagFollowsFile replaces a file the way publish does (a new file
// renamed over it) with one of the same size and modification time: the
// cached tag must not outlive the file it was computed for.
func TestETagFollowsFile(t *testing.T) {
	dir := fixture(t)
	h := newHandler(t, dir, "*")
	before := do(h, "GET", "/all.json").Header().Get("ETag")
	changed := strings.Replace(jsonFeed, "Pray", "Give", 1)
	tmp := filepath.Join(dir, ".all.json.tmp-1")
	if err := os.WriteFile(tmp, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(tmp, modTime, modTime); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "all.json")); err != nil {
		t.Fatal(err)
	}
	w := do(h, "GET", "/all.json", "If-None-Match", before)
	if w.Code != 200 || w.Body.String() != changed {
		t.Fatalf("after replacing the file: %d, want 200 and the new feed", w.Code)
	}
	if after := w.Header().Get("ETag"); after == before {
		t.Errorf("ETag unchanged (%s) after the file changed", after)
	}
}

func TestNewErrors(t *testing.T) {
	if _, err := New(filepath.Join(t.TempDir(), "missing"), Options{}); err == nil {
		t.Errorf("New(missing dir) succeeded")
	}
	for _, o := range []string{"partner.example", "https://partner.example/", "ftp://x", "https://a.example/path", "https://u:p@a.example"} {
		if _, err := New(t.TempDir(), Options{AllowedOrigins: []string{o}}); err == nil {
			t.Errorf("New(origin %q) succeeded", o)
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		values []string
		want   bool
	}{
		{nil, false},
		{[]string{"gzip"}, true},
		{[]string{"GZIP"}, true},
		{[]string{"deflate, gzip;q=1.0, *;q=0.5"}, true},
		{[]string{"gzip;q=0"}, false},
		{[]string{"gzip; q=0.000"}, false},
		{[]string{"*"}, true},
		{[]string{"*;q=0"}, false},
		{[]string{"br", "gzip"}, true},
		{[]string{"gzip;q=bad"}, false},
		{[]string{"identity"}, false},
	}
	for _, tt := range tests {
		if got := acceptsGzip(tt.values); got != tt.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", tt.values, got, tt.want)
		}
	}
}

// TestServer runs the handler behind a real server, as gleaner serve does,
// and reads a feed through the standard client, which asks for gzip and
// decompresses transparently.
func TestServer(t *testing.T) {
	srv := httptest.NewServer(newHandler(t, fixture(t), "*"))
	defer srv.Close()
	res, err := srv.Client().Get(srv.URL + "/all.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(body) != jsonFeed || !res.Uncompressed {
		t.Errorf("GET = %d, %d bytes, uncompressed by the client %v; want 200, the feed, true", res.StatusCode, len(body), res.Uncompressed)
	}
	if !slices.Contains(res.Header.Values("Vary"), "Accept-Encoding") && !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("Vary = %q", res.Header.Values("Vary"))
	}
}
