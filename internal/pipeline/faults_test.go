package pipeline

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gleanerhq/gleaner/internal/fetch"
	"github.com/gleanerhq/gleaner/internal/fetch/fetchtest"
	"github.com/gleanerhq/gleaner/internal/model"
)

// The tests in this file pin what a run does when one partner misbehaves:
// the bad source is reported with an error that names it, the others still
// publish, and what the bad source published before stays published.

// setClient replaces the world's fetcher with one built from the world's
// options as changed by mutate.
func (w *world) setClient(mutate func(*fetch.Options)) {
	w.t.Helper()
	o := fetch.Options{
		UserAgent:    "gleaner-test/1.0 (+https://example.org/)",
		Timeout:      700 * time.Millisecond,
		MaxRetries:   1,
		RetryBase:    5 * time.Millisecond,
		MaxRetryWait: 50 * time.Millisecond,
	}
	mutate(&o)
	c, err := fetch.New(o)
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(c.CloseIdleConnections)
	w.runner.Fetcher = c
}

// source returns a pointer to the plan's source id.
func (w *world) source(id string) *model.Source {
	for i := range w.plan.Sources {
		if w.plan.Sources[i].ID == id {
			return &w.plan.Sources[i]
		}
	}
	w.t.Fatalf("no source %s", id)
	return nil
}

// jsonItems reads the items of a published JSON Feed: their ids and urls.
func jsonItems(t *testing.T, path string) []struct{ ID, URL, Title string } {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Items []struct{ ID, URL, Title string }
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f.Items
}

// faultWorld is a healthy source "ok" and the source under test, id, both
// run once with two items each.
func faultWorld(t *testing.T, id string) *world {
	t.Helper()
	w := newWorld(t, map[string]feedKind{"ok": kindRSS, id: kindRSS}, []string{"ok", id})
	w.serve("ok", items("ok", 1, 2))
	w.serve(id, items(id, 1, 2))
	if rep := w.run(); rep.Count(model.StatusOK) != 2 {
		t.Fatalf("healthy first run: %+v", rep.Sources)
	}
	return w
}

// runFaulty runs w an hour later with "ok" publishing a third item, and
// checks that id failed with an error naming it and containing wantErr,
// that "ok" published its new item, and that id's two earlier items are
// still published. It returns id's report line.
func runFaulty(t *testing.T, w *world, id, wantErr string) model.SourceReport {
	t.Helper()
	w.serve("ok", items("ok", 1, 3))
	w.now = w.now.Add(time.Hour)
	rep := w.run()
	sr := status(rep, id)
	if sr.Status != model.StatusFailed {
		t.Errorf("%s: status %s, want failed (error %q)", id, sr.Status, sr.Error)
	}
	if !strings.Contains(sr.Error, id) || !strings.Contains(sr.Error, wantErr) {
		t.Errorf("%s: error %q does not name the source and say %q", id, sr.Error, wantErr)
	}
	if sr.NextAttempt.IsZero() {
		t.Errorf("%s: no next attempt scheduled", id)
	}
	if ok := status(rep, "ok"); ok.Status != model.StatusOK || ok.New != 1 {
		t.Errorf("healthy source beside %s: %+v", id, ok)
	}
	if !rep.Published {
		t.Fatal("nothing published")
	}
	if n := len(jsonItems(t, filepath.Join(w.plan.OutputDir, "all.json"))); n != 5 {
		t.Errorf("all.json has %d items, want 5 (3 new and old from ok, 2 earlier from %s)", n, id)
	}
	if n := len(jsonItems(t, filepath.Join(w.plan.OutputDir, "source", id+".json"))); n != 2 {
		t.Errorf("source/%s.json has %d items, want its 2 earlier ones", id, n)
	}
	return sr
}

// holdListener accepts TCP connections and never writes a byte: a server
// that never answers a TLS handshake.
func holdListener(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
			close(done)
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	return ln.Addr().String()
}

// closedPort returns an address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestFaultSourceFailsAlone(t *testing.T) {
	htmlError := []byte(`<!doctype html><html><head><title>Service unavailable</title></head>
<body><h1>We'll be back soon</h1><p>Our site is under maintenance.</p><p><a href="/">Home</a></p></body></html>`)
	// A CMS's "not found" page, served with a 200, whose recent-posts
	// widget looks like a listing of articles.
	notFound := []byte(`<!doctype html><html><head><title>Page not found</title></head><body>
<header><nav><a href="/">Home</a> <a href="/about/">About</a></nav></header>
<main><h1>Oops! That page can't be found.</h1><p>It looks like nothing was found at this location.</p>
<section class="widget recent-posts"><h2>Recent posts</h2><ul>
<li><a href="/2026/03/01/church-leaders-in-kaduna-call-for-calm/">Church leaders in Kaduna call for calm after attacks</a></li>
<li><a href="/2026/02/27/new-bibles-reach-believers-in-the-north/">New Bibles reach believers in the north of the country</a></li>
<li><a href="/2026/02/20/pastor-released-after-two-weeks/">Pastor released after two weeks in detention</a></li>
</ul></section></main><footer>© Partner</footer></body></html>`)
	tests := []struct {
		name    string
		fault   func(t *testing.T, w *world, id string)
		wantErr string
	}{
		{"redirect loop", func(t *testing.T, w *world, id string) {
			w.fail(id, fetchtest.Redirect(http.StatusFound, "/"+id+"/loop"))
			w.srv.Handle("/"+id+"/loop", fetchtest.Redirect(http.StatusFound, "/"+id+"/feed"))
		}, "redirect loop"},
		{"feed turns into an HTML error page", func(t *testing.T, w *world, id string) {
			w.fail(id, fetchtest.Static("text/html; charset=utf-8", htmlError))
		}, "not a feed"},
		{"feed turns into a not-found page with links", func(t *testing.T, w *world, id string) {
			w.fail(id, fetchtest.Static("text/html; charset=utf-8", notFound))
		}, "not a feed"},
		{"connection refused", func(t *testing.T, w *world, id string) {
			w.source(id).URL = "http://" + closedPort(t) + "/" + id + "/feed"
		}, "connection refused"},
		{"TLS handshake never answered", func(t *testing.T, w *world, id string) {
			w.setClient(func(o *fetch.Options) { o.ConnectTimeout = 100 * time.Millisecond })
			w.source(id).URL = "https://" + holdListener(t) + "/" + id + "/feed"
		}, "TLS handshake timeout"},
		{"private address without allow_private", func(t *testing.T, w *world, id string) {
			w.source(id).AllowPrivate = false
		}, "refusing to connect to private address 127.0.0.1 (set allow_private: true on the source to allow)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			id := "bad"
			w := faultWorld(t, id)
			tt.fault(t, w, id)
			start := time.Now()
			runFaulty(t, w, id, tt.wantErr)
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("the run took %v", d)
			}
		})
	}
}

func TestFaultRetryAfterIsHonoured(t *testing.T) {
	tests := []struct {
		name       string
		code       int
		retryAfter string
		want       time.Duration
	}{
		{"503 with seconds", http.StatusServiceUnavailable, "3600", time.Hour},
		{"429 with seconds", http.StatusTooManyRequests, "5400", 90 * time.Minute},
		{"429 with a date", http.StatusTooManyRequests, time.Now().Add(2 * time.Hour).UTC().Format(http.TimeFormat), 2*time.Hour - time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			id := "busy"
			w := faultWorld(t, id)
			w.fail(id, fetchtest.Status(tt.code, http.Header{"Retry-After": {tt.retryAfter}}))
			sr := runFaulty(t, w, id, fmt.Sprintf("status %d", tt.code))
			if sr.HTTPStatus != tt.code {
				t.Errorf("http status %d, want %d", sr.HTTPStatus, tt.code)
			}
			failedAt := w.now
			if got := sr.NextAttempt.Sub(failedAt); got < tt.want {
				t.Errorf("next attempt in %v, want at least the Retry-After %v", got, tt.want)
			}

			// Runs before then do not ask; the first run after does.
			path := "/" + id + "/feed"
			w.srv.Reset()
			for _, after := range []time.Duration{15 * time.Minute, 30 * time.Minute, tt.want - time.Minute} {
				w.now = failedAt.Add(after)
				if s := status(w.run(), id); s.Status != model.StatusBackedOff {
					t.Errorf("%v after the %d: status %s, want backed_off", after, tt.code, s.Status)
				}
			}
			if n := len(w.srv.RequestsTo(path)); n != 0 {
				t.Errorf("%d requests before Retry-After had passed", n)
			}
			w.serve(id, items(id, 1, 2))
			w.now = sr.NextAttempt
			if s := status(w.run(), id); s.Status != model.StatusOK && s.Status != model.StatusNotModified {
				t.Errorf("once Retry-After had passed: %+v", s)
			}
			if n := len(w.srv.RequestsTo(path)); n != 1 {
				t.Errorf("%d requests once Retry-After had passed, want 1", n)
			}
		})
	}
}

// TestFaultHugeBodiesKeepMemoryFlat is not parallel: it measures the heap.
func TestFaultHugeBodiesKeepMemoryFlat(t *testing.T) {
	const gig = 1 << 30
	tests := []struct {
		name    string
		handler http.Handler
	}{
		{"1 GiB response", fetchtest.Huge(gig)},
		{"1 GiB gzip bomb", fetchtest.GzipBomb(gig)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := "huge"
			w := faultWorld(t, id)
			w.setClient(func(o *fetch.Options) { o.MaxBodySize = 1 << 20 })
			w.fail(id, tt.handler)

			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			runFaulty(t, w, id, "too large")
			runtime.ReadMemStats(&after)
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("the run took %v", d)
			}
			if grew := int64(after.HeapInuse) - int64(before.HeapInuse); grew > 64<<20 {
				t.Errorf("heap in use grew by %d MiB for a 1 MiB cap", grew>>20)
			}
			t.Logf("heap in use %+d KiB, allocated %d KiB", (int64(after.HeapInuse)-int64(before.HeapInuse))>>10, (after.TotalAlloc-before.TotalAlloc)>>10)
		})
	}
}

func TestFaultInvalidUTF8Feed(t *testing.T) {
	w := faultWorld(t, "mangled")
	_, body := render(kindRSS, w.srv.URL(""), "mangled", items("mangled", 1, 3))
	// Broken sequences in a title, a summary and the content, in a feed
	// that says it is UTF-8.
	body = []byte(strings.Replace(string(body), "Story 3 from", "Story 3 \xff\xfe from", 1))
	body = []byte(strings.Replace(string(body), "Summary of mangled-3", "Summary \xc3\x28 of mangled-3", 1))
	body = []byte(strings.Replace(string(body), "Paragraph one of story 3", "Paragraph \xed\xa0\x80 one of story 3", 1))
	w.srv.Handle("/mangled/feed", fetchtest.Static("application/rss+xml; charset=utf-8", body))
	w.now = w.now.Add(time.Hour)
	rep := w.run()
	if sr := status(rep, "mangled"); sr.Status != model.StatusOK || sr.New != 1 {
		t.Fatalf("feed with invalid UTF-8: %+v", sr)
	}
	for _, ext := range []string{".json", ".rss", ".atom"} {
		p := filepath.Join(w.plan.OutputDir, "all"+ext)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(b) {
			t.Errorf("all%s is not valid UTF-8", ext)
		}
		if f := parseOutput(t, p); len(f.Items) != 5 {
			t.Errorf("all%s has %d items, want 5", ext, len(f.Items))
		}
	}
}

func TestFaultGUIDsChangeURLsStay(t *testing.T) {
	w := faultWorld(t, "regen")
	// The partner's CMS is migrated: every GUID changes, every link stays.
	its := items("regen", 1, 2)
	ct, body := render(kindRSS, w.srv.URL(""), "regen", its)
	for _, it := range its {
		body = []byte(strings.ReplaceAll(string(body), `<guid isPermaLink="false">`+it.guid+`</guid>`,
			`<guid isPermaLink="false">urn:uuid:`+it.guid+`-migrated</guid>`))
	}
	w.srv.Handle("/regen/feed", fetchtest.Static(ct, body))
	w.now = w.now.Add(time.Hour)
	rep := w.run()
	if sr := status(rep, "regen"); sr.Status != model.StatusOK {
		t.Fatalf("migrated feed: %+v", sr)
	}
	all := jsonItems(t, filepath.Join(w.plan.OutputDir, "all.json"))
	urls := map[string]int{}
	for _, it := range all {
		urls[it.URL]++
	}
	if len(urls) != 4 {
		t.Errorf("all.json links %d distinct articles, want 4", len(urls))
	}
	if len(all) != 4 {
		t.Errorf("all.json has %d items for 4 articles after the partner changed its GUIDs", len(all))
	}
}

func TestFaultXMLEntitiesNotExpanded(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte("TOP-SECRET-CONTENT"), 0o600); err != nil {
		t.Fatal(err)
	}
	var laughs strings.Builder
	laughs.WriteString(`<!ENTITY lol0 "lollollollollollollollollollol">`)
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&laughs, `<!ENTITY lol%d "%s">`, i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10))
	}
	tests := []struct{ name, doctype, use string }{
		{"billion laughs", laughs.String(), "&lol9;"},
		{"external entity", `<!ENTITY xxe SYSTEM "file://` + secret + `">`, "&xxe;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := faultWorld(t, "evil")
			body := `<?xml version="1.0"?><!DOCTYPE rss [` + tt.doctype + `]>
<rss version="2.0"><channel><title>Evil ` + tt.use + `</title><link>` + w.srv.URL("/evil/") + `</link>
<item><guid>evil-9</guid><link>` + w.srv.URL("/evil/9.html") + `</link><title>T ` + tt.use + `</title><description>D ` + tt.use + `</description></item></channel></rss>`
			w.srv.Handle("/evil/feed", fetchtest.Static("application/rss+xml", []byte(body)))
			w.now = w.now.Add(time.Hour)
			start := time.Now()
			rep := w.run()
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("the run took %v", d)
			}
			if sr := status(rep, "evil"); sr.Status == model.StatusFailed && !strings.Contains(sr.Error, "evil") {
				t.Errorf("error %q does not name the source", sr.Error)
			}
			if sr := status(rep, "ok"); sr.Status != model.StatusNotModified {
				t.Errorf("healthy source: %+v", sr)
			}
			err := filepath.WalkDir(w.plan.OutputDir, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				if s := string(b); strings.Contains(s, "TOP-SECRET") || strings.Contains(s, strings.Repeat("lol", 100)) {
					t.Errorf("%s: entity expanded", p)
				}
				if len(b) > 1<<20 {
					t.Errorf("%s: %d bytes", p, len(b))
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if n := len(jsonItems(t, filepath.Join(w.plan.OutputDir, "source", "evil.json"))); n < 2 {
				t.Errorf("source/evil.json has %d items, want at least the 2 earlier ones", n)
			}
		})
	}
}

func TestFaultListingWithTenThousandLinks(t *testing.T) {
	w := newWorld(t, nil, nil)
	w.plan.Sources = []model.Source{{ID: "p", Name: "Partner", URL: w.srv.URL("/news/"), Type: model.TypePage, AllowPrivate: true}}
	var page strings.Builder
	page.WriteString(`<!doctype html><html><head><title>News</title></head><body><main><h1>Latest news</h1>`)
	article := fetchtest.Static("text/html; charset=utf-8", articlePage("A story", 1))
	const links = 10000
	for i := 1; i <= links; i++ {
		fmt.Fprintf(&page, `<div class="post-card"><h2><a href="/news/%d.html">Church news story number %d from the region</a></h2><p>Summary %d.</p></div>`+"\n", i, i, i)
		w.srv.Handle(fmt.Sprintf("/news/%d.html", i), article)
	}
	page.WriteString(`</main></body></html>`)
	w.srv.Handle("/news/", fetchtest.Static("text/html; charset=utf-8", []byte(page.String())))

	start := time.Now()
	rep := w.run()
	sr := status(rep, "p")
	if sr.Status != model.StatusOK {
		t.Fatalf("listing of %d links: %+v", links, sr)
	}
	articles := len(w.srv.Requests()) - 1
	if articles > maxListingEntries || sr.Items > maxListingEntries {
		t.Errorf("%d article pages fetched and %d items kept from one listing page; the cap is %d", articles, sr.Items, maxListingEntries)
	}
	if articles == 0 {
		t.Error("no article page fetched")
	}
	t.Logf("%d article pages fetched, %d items, in %v", articles, sr.Items, time.Since(start))
}

// TestFaultPartnerGoneForAWeek runs hourly for seven simulated days while
// one partner's server is gone: it keeps its items published, and it is
// asked less and less often, at the growing backoff, never more than once
// per MaxBackoff once that is reached.
func TestFaultPartnerGoneForAWeek(t *testing.T) {
	id := "gone"
	w := faultWorld(t, id)
	w.fail(id, fetchtest.Drop())
	path := "/" + id + "/feed"
	began := w.now
	var attempts []time.Time // simulated times of the runs that asked the partner
	asked := 0
	for run := 1; run <= 7*24; run++ {
		w.now = began.Add(time.Duration(run) * time.Hour)
		if run%24 == 0 {
			w.serve("ok", items("ok", 1, 2+run/24)) // a new story a day
		}
		rep := w.run()
		sr := status(rep, id)
		if sr.Status != model.StatusFailed && sr.Status != model.StatusBackedOff {
			t.Fatalf("run %d: %s is %s", run, id, sr.Status)
		}
		if sr.Status == model.StatusFailed && !strings.Contains(sr.Error, id) {
			t.Fatalf("run %d: error %q does not name the source", run, sr.Error)
		}
		if ok := status(rep, "ok"); ok.Status != model.StatusOK && ok.Status != model.StatusNotModified {
			t.Fatalf("run %d: healthy source %+v", run, ok)
		}
		if n := len(w.srv.RequestsTo(path)); n > asked {
			attempts = append(attempts, w.now)
			asked = n
		}
	}

	if len(attempts) < 2 || len(attempts) > 16 {
		t.Fatalf("the gone partner was asked in %d of %d runs: %v", len(attempts), 7*24, attempts)
	}
	for i := 1; i < len(attempts); i++ {
		gap := attempts[i].Sub(attempts[i-1])
		// Failure i (1-based) scheduled the next attempt Backoff(i) later;
		// hourly runs round that up to the next whole hour.
		want := fetch.Backoff(i, w.plan.BackoffBase, w.plan.MaxBackoff)
		if gap < want || gap >= want+time.Hour {
			t.Errorf("attempt %d came %v after the one before, want the backoff %v rounded up to the hour", i+1, gap, want)
		}
	}
	if last := attempts[len(attempts)-1].Sub(attempts[len(attempts)-2]); last != w.plan.MaxBackoff {
		t.Errorf("by the end of the week attempts are %v apart, want the %v cap", last, w.plan.MaxBackoff)
	}
	all := jsonItems(t, filepath.Join(w.plan.OutputDir, "all.json"))
	kept := 0
	for _, it := range all {
		if strings.Contains(it.URL, "/"+id+"/") {
			kept++
		}
	}
	if kept != 2 {
		t.Errorf("after a week away, all.json has %d of the partner's 2 items", kept)
	}
	if len(all) != 2+2+7 {
		t.Errorf("all.json has %d items, want 11", len(all))
	}
	t.Logf("asked at %d of %d hourly runs", len(attempts), 7*24)
}

// TestRunListingThatAdvertisesAFeed pins that a listing page advertising a
// feed keeps being read through that feed when the page changes: reading
// a feed before does not make the page "not a feed".
func TestRunListingThatAdvertisesAFeed(t *testing.T) {
	w := newWorld(t, nil, nil)
	w.plan.Sources = []model.Source{{ID: "p", Name: "Partner", URL: w.srv.URL("/news/"), AllowPrivate: true}}
	page := func(n int) []byte {
		return fmt.Appendf(nil, `<!doctype html><html><head><title>News</title>
<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body><main><p>Edition %d</p>
<div class="post-card"><h2><a href="/news/1.html">Church leaders in Kaduna call for calm</a></h2><p>Leaders met.</p></div>
<div class="post-card"><h2><a href="/news/2.html">New Bibles reach believers in the north</a></h2><p>A shipment.</p></div>
</main></body></html>`, n)
	}
	for run := 1; run <= 2; run++ {
		w.srv.Handle("/news/", fetchtest.Static("text/html; charset=utf-8", page(run)))
		ct, body := render(kindRSS, w.srv.URL(""), "p", items("p", 1, run+1))
		w.srv.Handle("/feed.xml", fetchtest.Static(ct, body))
		w.now = w.now.Add(time.Hour)
		if sr := status(w.run(), "p"); sr.Status != model.StatusOK || sr.New != 1+boolInt(run == 1) {
			t.Fatalf("run %d: %+v", run, sr)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
