//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/gleanerhq/gleaner/internal/fetch/fetchtest"
	"github.com/gleanerhq/gleaner/internal/store"
)

// The tests in this file run the real gleaner binary against a loopback
// world of partner feeds and stop it the hard way (SIGKILL) or the polite
// way (SIGTERM, SIGINT) in the middle of a run. Whatever the moment, the
// next reader of output/ must find complete feeds and the next run a sound
// database.

// TestCrashSafety kills `gleaner run` at points spread over a run (while
// fetching, between stores, while publishing) after the world has changed,
// and checks after every kill that every file in output/ is a complete feed,
// no published item went missing and the database passes its integrity
// check; then an uninterrupted run publishes every item the world has ever
// had.
func TestCrashSafety(t *testing.T) {
	t.Parallel()
	bin := gleanerBinary(t)
	w := newFeedWorld(t)
	for i := range 12 {
		src := worldSource{id: fmt.Sprintf("p%02d", i+1), format: []string{"rss", "atom", "json"}[i%3]}
		if i%3 == 1 { // p02, p05, p08, p11 answer slowly
			src.delay = time.Duration(150*(i/3+1)) * time.Millisecond
		}
		w.add(src)
	}
	dir := t.TempDir()
	w.writeConfig(t, dir)

	w.advance()
	p := startRun(t, bin, dir, w.newRun())
	if code := p.wait(t); code != 0 {
		t.Fatalf("first run: exit %d, want 0\n%s", code, p.stderr())
	}
	published := checkAfterStop(t, dir, nil)

	// Each point says when to kill the run that starts after the world
	// gained an item per source.
	points := []struct {
		name string
		wait func(t *testing.T, p *process, arrived <-chan string)
	}{
		{"at start", func(*testing.T, *process, <-chan string) {}},
		{"after the 1st request", afterRequests(1)},
		{"after the 6th request", afterRequests(6)},
		{"after the 2nd source was stored", afterStored(2)},
		{"after 300ms", afterTime(300 * time.Millisecond)},
		{"after the 8th source was stored", afterStored(8)},
		{"after 600ms", afterTime(600 * time.Millisecond)},
		{"after the last source was stored", afterStored(12)},
		{"while a feed is being written", whileWriting(filepath.Join(dir, "output"))},
		{"while a feed is being written again", whileWriting(filepath.Join(dir, "output"))},
	}
	killed := 0
	for _, pt := range points {
		w.advance()
		p := startRun(t, bin, dir, w.newRun())
		pt.wait(t, p, p.arrived)
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
		code := p.wait(t)
		if code == -1 {
			killed++
			t.Logf("killed %s", pt.name)
		} else {
			t.Logf("%s: the run had already ended (exit %d)", pt.name, code)
		}
		published = checkAfterStop(t, dir, published)
		if t.Failed() {
			t.Fatalf("after the kill %s; stderr of the killed run:\n%s", pt.name, p.stderr())
		}
	}
	if killed < len(points)/2 {
		t.Errorf("only %d of %d runs were killed mid-run; the kill points no longer fall inside a run", killed, len(points))
	}

	w.advance()
	p = startRun(t, bin, dir, w.newRun())
	if code := p.wait(t); code != 0 {
		t.Fatalf("run after the crashes: exit %d, want 0\n%s", code, p.stderr())
	}
	if !strings.Contains(p.stderr(), "gleaner: 12 sources: 12 ok, 0 not modified, 0 failed, 0 backed off, 0 skipped;") {
		t.Errorf("run after the crashes: want every source ok; stderr:\n%s", p.stderr())
	}
	published = checkAfterStop(t, dir, published)
	if missing := missingFrom(published, w.allURLs()); len(missing) > 0 {
		t.Errorf("all.json lacks %d of the world's %d items, e.g. %s", len(missing), len(w.allURLs()), missing[0])
	}
	if tmps := tempFiles(filepath.Join(dir, "output")); len(tmps) > 0 {
		t.Logf("temporary files the killed runs left in output/ (never removed): %s", strings.Join(tmps, " "))
	}
}

// TestInterruptPublishesWhatWasStored stops a run with SIGTERM or SIGINT
// while two partners hang: gleaner must give up on them, publish what the
// others delivered, and exit 130; a later run fetches the two as if nothing
// happened (an interrupted fetch is no failure to back off from).
func TestInterruptPublishesWhatWasStored(t *testing.T) {
	t.Parallel()
	bin := gleanerBinary(t)
	for name, sig := range map[string]syscall.Signal{"SIGTERM": syscall.SIGTERM, "SIGINT": syscall.SIGINT} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			w := newFeedWorld(t)
			for i := range 6 {
				w.add(worldSource{id: fmt.Sprintf("p%d", i+1), format: []string{"rss", "atom", "json"}[i%3]})
			}
			dir := t.TempDir()
			w.writeConfig(t, dir)
			w.advance()
			p := startRun(t, bin, dir, w.newRun())
			if code := p.wait(t); code != 0 {
				t.Fatalf("first run: exit %d, want 0\n%s", code, p.stderr())
			}

			w.sources[1].hang, w.sources[4].hang = true, true
			w.advance()
			p = startRun(t, bin, dir, w.newRun())
			hanging := map[string]bool{"/p2/feed": true, "/p5/feed": true}
			for len(hanging) > 0 {
				delete(hanging, p.nextRequest(t))
			}
			afterStored(4)(t, p, p.arrived)
			sent := time.Now()
			if err := p.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			code := p.wait(t)
			t.Logf("exited %s after the signal", time.Since(sent).Round(time.Millisecond))
			if code != 130 {
				t.Errorf("exit %d after %s, want 130", code, sig)
			}
			for _, want := range []string{
				"\ngleaner: 6 sources: 4 ok, 0 not modified, 0 failed, 0 backed off, 2 skipped; items: 4 new, 0 updated;",
				"\ngleaner: interrupted: what was fetched before the signal is stored and published\n",
			} {
				if !strings.Contains(p.stderr(), want) {
					t.Errorf("stderr lacks %q:\n%s", strings.TrimSpace(want), p.stderr())
				}
			}
			published := checkAfterStop(t, dir, nil)
			hung := w.urlsOf(func(id string, gen int) bool { return (id == "p2" || id == "p5") && gen == 2 })
			if missing := missingFrom(published, w.allURLs()); !slices.Equal(missing, hung) {
				t.Errorf("all.json lacks %q, want it to lack only the hanging partners' new items %q", missing, hung)
			}
			if tmps := tempFiles(filepath.Join(dir, "output")); len(tmps) > 0 {
				t.Errorf("an interrupted run left temporary files: %s", strings.Join(tmps, " "))
			}

			w.sources[1].hang, w.sources[4].hang = false, false
			w.advance()
			p = startRun(t, bin, dir, w.newRun())
			if code := p.wait(t); code != 0 {
				t.Fatalf("run after the interrupt: exit %d, want 0\n%s", code, p.stderr())
			}
			if !strings.Contains(p.stderr(), "gleaner: 6 sources: 6 ok, 0 not modified, 0 failed, 0 backed off, 0 skipped;") {
				t.Errorf("run after the interrupt: want every source fetched; stderr:\n%s", p.stderr())
			}
			published = checkAfterStop(t, dir, published)
			if missing := missingFrom(published, w.allURLs()); len(missing) > 0 {
				t.Errorf("all.json lacks %q", missing)
			}
		})
	}
}

// TestInterruptWhileStoring sends SIGTERM while many partners' feeds are
// being fetched and stored at once. The promise of exit 130 is that what was
// fetched before the signal is stored and published; today the pipeline
// hands the cancelled context to the store, a queued write fails with
// "context canceled", that counts as fatal and nothing is published.
// Set GLEANER_KNOWN_BUGS=1 to run it.
func TestInterruptWhileStoring(t *testing.T) {
	if os.Getenv("GLEANER_KNOWN_BUGS") == "" {
		t.Skip("known bug: pipeline treats a store call cancelled by the signal as fatal and skips publishing; set GLEANER_KNOWN_BUGS=1 to run")
	}
	bin := gleanerBinary(t)
	for round := range 3 {
		w := newFeedWorld(t)
		for i := range 24 {
			w.add(worldSource{id: fmt.Sprintf("p%02d", i+1), format: []string{"rss", "atom", "json"}[i%3]})
		}
		dir := t.TempDir()
		w.writeConfig(t, dir)
		w.advance()
		p := startRun(t, bin, dir, w.newRun())
		afterRequests(6+4*round)(t, p, p.arrived)
		if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if code := p.wait(t); code != 130 {
			t.Errorf("round %d: exit %d, want 130", round, code)
		}
		if !strings.Contains(p.stderr(), "\ngleaner: interrupted: what was fetched before the signal is stored and published\n") {
			t.Errorf("round %d: stderr does not say the run was interrupted:\n%s", round, p.stderr())
		}
		published := checkAfterStop(t, dir, nil)
		if missing := missingFrom(published, storedURLs(t, dir)); len(missing) > 0 {
			t.Errorf("round %d: all.json lacks %d stored items, e.g. %s", round, len(missing), missing[0])
		}
		if t.Failed() {
			t.Fatalf("round %d: %d items published; stderr:\n%s", round, len(published), p.stderr())
		}
	}
}

// TestInterruptWhilePublishing sends SIGTERM while the feeds are being
// written. Each file is replaced atomically, but the pipeline publishes with
// the run's context only when it was cancelled before publishing began; a
// signal during publishing aborts it, so all.atom may hold the new items
// while all.rss and all.json hold the old ones, and the run is not
// recorded as finished. Set GLEANER_KNOWN_BUGS=1 to run it.
func TestInterruptWhilePublishing(t *testing.T) {
	if os.Getenv("GLEANER_KNOWN_BUGS") == "" {
		t.Skip("known bug: a signal during publishing aborts it and leaves the outputs out of step; set GLEANER_KNOWN_BUGS=1 to run")
	}
	bin := gleanerBinary(t)
	w := newFeedWorld(t)
	for i := range 12 {
		w.add(worldSource{id: fmt.Sprintf("p%02d", i+1), format: []string{"rss", "atom", "json"}[i%3]})
	}
	dir := t.TempDir()
	w.writeConfig(t, dir)
	w.advance()
	if code := startRun(t, bin, dir, w.newRun()).wait(t); code != 0 {
		t.Fatalf("first run: exit %d, want 0", code)
	}
	w.advance()
	p := startRun(t, bin, dir, w.newRun())
	whileWriting(filepath.Join(dir, "output"))(t, p, p.arrived)
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(t); code != 130 && code != 0 {
		t.Errorf("exit %d, want 130 (or 0 if the run ended first)", code)
	}
	if strings.Contains(p.stderr(), "context canceled") {
		t.Errorf("the signal aborted publishing:\n%s", p.stderr())
	}
	checkAfterStop(t, dir, nil)
	out := filepath.Join(dir, "output")
	want := feedLinks(t, filepath.Join(out, "all.json"))
	for _, f := range []string{"all.atom", "all.rss"} {
		if got := feedLinks(t, filepath.Join(out, f)); !maps.Equal(got, want) {
			t.Errorf("%s holds %d items, all.json %d: the outputs are out of step", f, len(got), len(want))
		}
	}
}

// feedLinks returns the item links of the feed in file.
func feedLinks(t *testing.T, file string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	links := make(map[string]bool, len(f.Items))
	for _, it := range f.Items {
		links[it.Link] = true
	}
	return links
}

// afterTime waits d after the start.
func afterTime(d time.Duration) func(*testing.T, *process, <-chan string) {
	return func(t *testing.T, p *process, _ <-chan string) {
		select {
		case <-time.After(d):
		case <-p.done:
		}
	}
}

// afterRequests waits until n requests have reached the world (or the run
// ended).
func afterRequests(n int) func(*testing.T, *process, <-chan string) {
	return func(t *testing.T, p *process, arrived <-chan string) {
		for range n {
			select {
			case <-arrived:
			case <-p.done:
				return
			case <-time.After(10 * time.Second):
				t.Fatalf("waited 10s for request %d of %d", n, n)
			}
		}
	}
}

// afterStored waits until gleaner has logged that n sources were fetched
// and stored (or the run ended).
func afterStored(n int) func(*testing.T, *process, <-chan string) {
	return func(t *testing.T, p *process, _ <-chan string) {
		for i := 0; i < n; {
			select {
			case line, ok := <-p.lines:
				if !ok {
					return
				}
				if strings.Contains(line, `msg="source fetched"`) {
					i++
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("waited 10s for source %d of %d to be stored", i+1, n)
			}
		}
	}
}

// whileWriting waits until a temporary file appears in dir or one of its
// subdirectories: gleaner is in the middle of writing a feed.
func whileWriting(dir string) func(*testing.T, *process, <-chan string) {
	return func(t *testing.T, p *process, _ <-chan string) {
		before := len(tempFiles(dir)) // left by earlier kills
		tick := time.NewTicker(200 * time.Microsecond)
		defer tick.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-tick.C:
			}
			if len(tempFiles(dir)) > before {
				return
			}
		}
	}
}

// tempFiles lists the files under dir that are neither feeds nor
// directories: what an interrupted atomic write leaves behind.
func tempFiles(dir string) []string {
	var out []string
	for _, sub := range []string{dir, filepath.Join(dir, "source")} {
		entries, err := os.ReadDir(sub)
		if err != nil {
			continue // not created yet
		}
		for _, e := range entries {
			rel, _ := filepath.Rel(dir, filepath.Join(sub, e.Name()))
			if !e.IsDir() && !isOutput(e.Name()) && !siteFiles[rel] {
				out = append(out, rel)
			}
		}
	}
	return out
}

func isOutput(name string) bool {
	switch filepath.Ext(name) {
	case ".atom", ".rss", ".json":
		return true
	}
	return false
}

// tempName is how publish names the file it writes before renaming it:
// hidden, and not ending in a feed's extension.
var tempName = regexp.MustCompile(`^\..+\.(atom|rss|json|html|opml|xsl|js)\.tmp-\d+$`)

// siteFiles are the files published beside the feeds (internal/site) and
// the run report.
var siteFiles = map[string]bool{"index.html": true, "feeds.opml": true, "feed.xsl": true, "embed.js": true, "status.json": true}

// checkAfterStop checks what a stopped run left in dir: every file named
// like a feed in output/ is a complete feed of that format, other files
// are publish's temporary files, all.json holds every item it held before
// (prev) and the database passes store.Open and its integrity check and
// holds every item all.json does. It returns the item URLs in all.json.
func checkAfterStop(t *testing.T, dir string, prev map[string]bool) map[string]bool {
	t.Helper()
	out := filepath.Join(dir, "output")
	parser := gofeed.NewParser()
	var published map[string]bool
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		name := d.Name()
		if !isOutput(name) {
			if !tempName.MatchString(name) && !siteFiles[rel] {
				t.Errorf("output/%s: unexpected file", rel)
			}
			return nil
		}
		if strings.HasPrefix(name, ".") {
			t.Errorf("output/%s: a hidden file named like a feed", rel)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if filepath.Ext(name) == ".json" && !json.Valid(b) {
			t.Errorf("output/%s: not valid JSON (%d bytes)", rel, len(b))
			return nil
		}
		f, err := parser.Parse(bytes.NewReader(b))
		if err != nil {
			t.Errorf("output/%s: does not parse as a feed: %v", rel, err)
			return nil
		}
		if want := strings.TrimPrefix(filepath.Ext(name), "."); f.FeedType != want {
			t.Errorf("output/%s: a %s feed, want %s", rel, f.FeedType, want)
		}
		if rel == "all.json" {
			published = make(map[string]bool)
			for _, it := range f.Items {
				published[it.Link] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Errorf("walk output/: %v", err)
	}
	if published == nil {
		t.Errorf("output/all.json is missing")
	}
	if missing := missingFrom(published, prev); len(missing) > 0 {
		t.Errorf("all.json lost %d items it had before, e.g. %s", len(missing), missing[0])
	}

	stored := storedURLs(t, dir)
	if missing := missingFrom(stored, published); len(missing) > 0 {
		t.Errorf("the database lacks %d items all.json has, e.g. %s", len(missing), missing[0])
	}
	return published
}

// storedURLs opens dir/gleaner.db the way the next run would, checks its
// integrity and returns the URLs of the items it holds.
func storedURLs(t *testing.T, dir string) map[string]bool {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "gleaner.db"))
	if err != nil {
		t.Errorf("open the database: %v", err)
		return nil
	}
	defer st.Close()
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Errorf("database: %v", err)
	}
	items, err := st.Items(ctx, store.Query{})
	if err != nil {
		t.Errorf("database: %v", err)
	}
	stored := make(map[string]bool, len(items))
	for _, it := range items {
		stored[it.URL] = true
	}
	return stored
}

// missingFrom returns the sorted keys of want that have lacks.
func missingFrom(have, want map[string]bool) []string {
	var missing []string
	for k := range want {
		if !have[k] {
			missing = append(missing, k)
		}
	}
	slices.Sort(missing)
	return missing
}

// feedWorld is a loopback world of partner feeds. advance publishes a new
// item per partner; a partner's feed holds every item it ever
// published, so that a run after any number of failed ones can still
// gather them all.
type feedWorld struct {
	srv     *fetchtest.Server
	sources []worldSource
	gen     int
	items   map[string][]worldItem // by source id, oldest first

	mu      sync.Mutex
	arrived chan string // one path per request that reached a feed, this run
}

type worldSource struct {
	id     string
	format string        // rss, atom or json
	delay  time.Duration // > 0: the second half of the body comes this much later
	hang   bool          // never answers, until the request is cancelled
}

type worldItem struct {
	url, title string
	gen        int
	published  time.Time
}

func newFeedWorld(t *testing.T) *feedWorld {
	return &feedWorld{srv: fetchtest.NewServer(t), items: make(map[string][]worldItem)}
}

func (w *feedWorld) add(s worldSource) { w.sources = append(w.sources, s) }

// writeConfig writes dir/feeds.yaml for the world, with timeouts short
// enough for a test and room for every source to be fetched at once.
func (w *feedWorld) writeConfig(t *testing.T, dir string) {
	var b strings.Builder
	b.WriteString(`title: Crash test
base_url: https://feeds.example.org/
fetch:
  timeout: 5s
  connect_timeout: 1s
  concurrency: 16
  per_host: 16
  retries: 0
sources:
`)
	for _, s := range w.sources {
		fmt.Fprintf(&b, "  - id: %s\n    url: %s\n    type: feed\n    allow_private: true\n", s.id, w.srv.URL("/"+s.id+"/feed"))
	}
	b.WriteString("outputs:\n  - id: all\n    title: Everything\n    max_items: 0\n")
	if err := os.WriteFile(filepath.Join(dir, "feeds.yaml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// advance adds an item to every partner's feed and serves the new feeds,
// and the items' article pages (for the sources whose feeds carry only a
// summary, gleaner fetches the page).
func (w *feedWorld) advance() {
	w.gen++
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for i, s := range w.sources {
		path := fmt.Sprintf("/%s/news/%d.html", s.id, w.gen)
		it := worldItem{
			url:       w.srv.URL(path),
			title:     fmt.Sprintf("%s story of round %d", s.id, w.gen),
			gen:       w.gen,
			published: start.Add(time.Duration(w.gen)*time.Hour + time.Duration(i)*time.Minute),
		}
		w.items[s.id] = append(w.items[s.id], it)
		w.srv.Handle(path, fetchtest.Static("text/html; charset=utf-8", article(it)))
		body, ctype := render(s, w.items[s.id])
		var h http.Handler
		switch {
		case s.hang:
			h = fetchtest.Hang()
		case s.delay > 0:
			h = slowly(ctype, body, s.delay)
		default:
			h = fetchtest.Static(ctype, body)
		}
		w.srv.Handle("/"+s.id+"/feed", w.track(h))
	}
}

// track notes every request that reaches h on the current run's channel.
func (w *feedWorld) track(h http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.mu.Lock()
		select {
		case w.arrived <- r.URL.Path:
		default: // nobody counts this run's requests
		}
		w.mu.Unlock()
		h.ServeHTTP(rw, r)
	})
}

// newRun returns a fresh channel of the requests that reach the world.
func (w *feedWorld) newRun() chan string {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.arrived = make(chan string, 256)
	return w.arrived
}

// urlsOf returns the sorted URLs of the items keep selects.
func (w *feedWorld) urlsOf(keep func(id string, gen int) bool) []string {
	var out []string
	for id, items := range w.items {
		for _, it := range items {
			if keep(id, it.gen) {
				out = append(out, it.url)
			}
		}
	}
	slices.Sort(out)
	return out
}

// allURLs is every item the world has published.
func (w *feedWorld) allURLs() map[string]bool {
	all := make(map[string]bool)
	for _, u := range w.urlsOf(func(string, int) bool { return true }) {
		all[u] = true
	}
	return all
}

// article is the page of an item.
func article(it worldItem) []byte {
	return fmt.Appendf(nil, `<!doctype html>
<html lang="en"><head><title>%s</title></head>
<body><nav><a href="/">Home</a></nav>
<article><h1>%s</h1><time datetime="%s">%s</time>
<p>%s. The whole story, as the partner tells it on its own site, with more than the feed's summary.</p>
<p>A second paragraph, so that the page reads like an article and not like a listing.</p>
</article></body></html>
`, it.title, it.title, it.published.Format(time.RFC3339), it.published.Format("2 January 2006"), it.title)
}

// render writes items as the source's format.
func render(s worldSource, items []worldItem) (body []byte, contentType string) {
	home := "https://" + s.id + ".example.org/" // never fetched
	var b bytes.Buffer
	switch s.format {
	case "rss":
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Partner %s</title><link>%s</link><description>News</description>
`, s.id, home)
		for _, it := range slices.Backward(items) {
			fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate><description>&lt;p&gt;%s.&lt;/p&gt;</description></item>\n",
				it.title, it.url, it.url, it.published.Format(time.RFC1123Z), it.title)
		}
		b.WriteString("</channel></rss>\n")
		return b.Bytes(), "application/rss+xml; charset=utf-8"
	case "atom":
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Partner %s</title><id>%s</id><link href="%s"/><updated>%s</updated>
`, s.id, home, home, items[len(items)-1].published.Format(time.RFC3339))
		for _, it := range slices.Backward(items) {
			fmt.Fprintf(&b, "<entry><title>%s</title><id>%s</id><link href=\"%s\"/><updated>%s</updated><summary>%s.</summary></entry>\n",
				it.title, it.url, it.url, it.published.Format(time.RFC3339), it.title)
		}
		b.WriteString("</feed>\n")
		return b.Bytes(), "application/atom+xml; charset=utf-8"
	default:
		type item struct {
			ID            string `json:"id"`
			URL           string `json:"url"`
			Title         string `json:"title"`
			ContentHTML   string `json:"content_html"`
			DatePublished string `json:"date_published"`
		}
		f := struct {
			Version string `json:"version"`
			Title   string `json:"title"`
			Home    string `json:"home_page_url"`
			Items   []item `json:"items"`
		}{"https://jsonfeed.org/version/1.1", "Partner " + s.id, home, nil}
		for _, it := range slices.Backward(items) {
			f.Items = append(f.Items, item{it.url, it.url, it.title, "<p>" + it.title + ".</p>", it.published.Format(time.RFC3339)})
		}
		body, _ := json.Marshal(f)
		return body, "application/feed+json"
	}
}

// slowly answers 200 with the first half of body at once and the rest
// after delay, unless the request is cancelled first.
func slowly(contentType string, body []byte, delay time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		half := len(body) / 2
		_, _ = w.Write(body[:half])
		_ = http.NewResponseController(w).Flush()
		timer := time.NewTimer(delay)
		defer timer.Stop()
		select {
		case <-r.Context().Done():
			return
		case <-timer.C:
		}
		_, _ = w.Write(body[half:])
	})
}

// process is a running gleaner.
type process struct {
	cmd     *exec.Cmd
	arrived <-chan string // requests that reached the world during this run
	lines   chan string   // stderr, line by line, as it is written
	done    chan struct{} // closed once the process has exited

	mu      sync.Mutex
	errText strings.Builder
	code    int
}

// startRun starts `gleaner run` in dir.
func startRun(t *testing.T, bin, dir string, arrived <-chan string) *process {
	t.Helper()
	p := &process{
		cmd:     exec.Command(bin, "run"),
		arrived: arrived,
		lines:   make(chan string, 1024),
		done:    make(chan struct{}),
	}
	p.cmd.Dir = dir
	p.cmd.Env = append(os.Environ(), "GORACE="+goraceNoExitSleep())
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			p.mu.Lock()
			p.errText.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			select {
			case p.lines <- sc.Text():
			default: // nobody is reading; the text is kept above
			}
		}
		close(p.lines)
		err := p.cmd.Wait()
		var ee *exec.ExitError
		p.mu.Lock()
		switch {
		case err == nil:
		case errors.As(err, &ee):
			p.code = ee.ExitCode() // -1 when killed by a signal
		default:
			p.code = -2
		}
		p.mu.Unlock()
		close(p.done)
	}()
	return p
}

// wait waits for the process to exit and returns its exit code, -1 if a
// signal killed it.
func (p *process) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
		t.Fatalf("gleaner run did not end within 20s; stderr:\n%s", p.stderr())
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.code
}

// nextRequest returns the path of the next request to reach the world.
func (p *process) nextRequest(t *testing.T) string {
	t.Helper()
	select {
	case path := <-p.arrived:
		return path
	case <-p.done:
		t.Fatalf("gleaner ended while requests were expected; stderr:\n%s", p.stderr())
	case <-time.After(10 * time.Second):
		t.Fatalf("no request reached the world for 10s; stderr:\n%s", p.stderr())
	}
	return ""
}

func (p *process) stderr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.errText.String()
}
