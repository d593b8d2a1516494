package pipeline

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/gleanerhq/gleaner/internal/fetch/fetchtest"
	"github.com/gleanerhq/gleaner/internal/model"
)

var fourKinds = map[string]feedKind{"alpha": kindRSS, "beta": kindAtom, "gamma": kindJSON, "delta": kindRSS1252}
var fourOrder = []string{"alpha", "beta", "gamma", "delta"}

// snapshot reads every file under dir: path → bytes, and path → mtime.
func snapshot(t *testing.T, dir string) (map[string][]byte, map[string]time.Time) {
	t.Helper()
	files := map[string][]byte{}
	times := map[string]time.Time{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[rel] = b
		times[rel] = info.ModTime()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, times
}

// ageFiles sets every file's mtime an hour back, so a rewrite shows.
func ageFiles(t *testing.T, dir string) {
	t.Helper()
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
		return err
	})
}

// parseOutput parses one published file back with gofeed.
func parseOutput(t *testing.T, path string) *gofeed.Feed {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := gofeed.NewParser().ParseString(string(b))
	if err != nil {
		t.Fatalf("%s does not parse back: %v", path, err)
	}
	return f
}

func TestRunPublishesThenOnlyRevalidates(t *testing.T) {
	w := newWorld(t, fourKinds, fourOrder)
	for _, id := range fourOrder {
		w.serve(id, items(id, 1, 3))
	}

	rep := w.run()
	if got := rep.Count(model.StatusOK); got != 4 {
		t.Fatalf("first run: %d ok, want 4: %+v", got, rep.Sources)
	}
	if n, _ := rep.Totals(); n != 12 {
		t.Errorf("first run: %d new items, want 12", n)
	}
	if len(rep.FilesWritten) != 19 {
		t.Errorf("first run wrote %d files, want 19 (5 outputs × 3 formats, and the 4 site files): %v", len(rep.FilesWritten), rep.FilesWritten)
	}

	// The outputs parse back with the same items and IDs in every format.
	var ids []string
	for _, ext := range []string{".atom", ".rss", ".json"} {
		f := parseOutput(t, filepath.Join(w.plan.OutputDir, "all"+ext))
		var got []string
		for _, it := range f.Items {
			got = append(got, it.GUID)
			if strings.Contains(it.Content, "<script") {
				t.Errorf("%s: unsanitised content republished: %q", ext, it.Content)
			}
			if !strings.Contains(it.Content, "Originally published by") {
				t.Errorf("%s: item %s lacks the attribution line", ext, it.GUID)
			}
		}
		if len(got) != 12 {
			t.Fatalf("all%s: %d items, want 12", ext, len(got))
		}
		if ids == nil {
			ids = got
		} else if !slices.Equal(ids, got) {
			t.Errorf("all%s: IDs %v differ from atom's %v", ext, got, ids)
		}
	}
	// windows-1252 was decoded: the curly quotes survive.
	f := parseOutput(t, filepath.Join(w.plan.OutputDir, "source/delta.json"))
	if !strings.Contains(f.Items[0].Title, "– “quoted”") {
		t.Errorf("windows-1252 title decoded as %q", f.Items[0].Title)
	}

	ageFiles(t, w.plan.OutputDir)
	before, beforeTimes := snapshot(t, w.plan.OutputDir)
	w.srv.Reset()
	w.now = w.now.Add(30 * time.Minute)

	rep = w.run()
	if got := rep.Count(model.StatusNotModified); got != 4 {
		t.Fatalf("second run: %d not modified, want 4: %+v", got, rep.Sources)
	}
	reqs := w.srv.Requests()
	if len(reqs) != 4 {
		t.Errorf("second run made %d requests, want 4", len(reqs))
	}
	for _, r := range reqs {
		if r.IfNoneMatch == "" && r.IfModifiedSince == "" {
			t.Errorf("second run: unconditional request to %s", r.Path)
		}
	}
	if len(rep.FilesWritten) != 0 {
		t.Errorf("second run rewrote %v", rep.FilesWritten)
	}
	after, afterTimes := snapshot(t, w.plan.OutputDir)
	for p, b := range before {
		if !bytes.Equal(after[p], b) {
			t.Errorf("%s changed on an unchanged run", p)
		}
		if !afterTimes[p].Equal(beforeTimes[p]) {
			t.Errorf("%s: mtime changed on an unchanged run", p)
		}
	}
	if len(after) != len(before) {
		t.Errorf("second run left %d files, first %d", len(after), len(before))
	}
}

func TestRunUpdatesChangedItemsInPlace(t *testing.T) {
	w := newWorld(t, map[string]feedKind{"alpha": kindRSS}, []string{"alpha"})
	its := items("alpha", 1, 2)
	w.serve("alpha", its)
	w.run()

	its[0].title = "A corrected title"
	its = append([]testItem{{guid: "alpha-9", title: "Brand new", body: "<p>new</p>", published: its[0].published.Add(time.Hour)}}, its...)
	w.serve("alpha", its)
	w.now = w.now.Add(time.Hour)
	rep := w.run()
	sr := status(rep, "alpha")
	if sr.New != 1 || sr.Updated != 1 {
		t.Fatalf("new %d, updated %d; want 1 and 1", sr.New, sr.Updated)
	}
	f := parseOutput(t, filepath.Join(w.plan.OutputDir, "all.json"))
	if len(f.Items) != 3 {
		t.Fatalf("%d items, want 3 (no duplicate for the corrected one)", len(f.Items))
	}
	var titles []string
	for _, it := range f.Items {
		titles = append(titles, it.Title)
	}
	if !slices.Contains(titles, "A corrected title") {
		t.Errorf("titles %v lack the correction", titles)
	}
}

func TestRunIsolatesFailingSources(t *testing.T) {
	kinds := map[string]feedKind{"ok": kindRSS, "err500": kindRSS, "slow": kindAtom, "trickle": kindJSON, "broken": kindRSS, "gone": kindRSS}
	order := []string{"ok", "err500", "slow", "trickle", "broken", "gone"}
	w := newWorld(t, kinds, order)
	for _, id := range order {
		w.serve(id, items(id, 1, 2))
	}
	if rep := w.run(); rep.Count(model.StatusOK) != len(order) {
		t.Fatalf("healthy run: %+v", rep.Sources)
	}

	w.serve("ok", items("ok", 1, 3))
	w.fail("err500", fetchtest.Status(http.StatusInternalServerError, nil))
	w.fail("slow", fetchtest.Hang())
	w.fail("trickle", fetchtest.Trickle([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[]}`), 100*time.Millisecond))
	w.fail("broken", fetchtest.Static("application/rss+xml", []byte(`<rss version="2.0"><channel><title>x</title><item><title>unclosed`)))
	w.fail("gone", fetchtest.Status(http.StatusNotFound, nil))
	w.now = w.now.Add(time.Hour)
	rep := w.run()

	if sr := status(rep, "ok"); sr.Status != model.StatusOK || sr.New != 1 {
		t.Errorf("healthy source: %+v", sr)
	}
	for _, id := range order[1:] {
		sr := status(rep, id)
		if sr.Status != model.StatusFailed || sr.Error == "" {
			t.Errorf("%s: status %s, error %q; want failed with an error", id, sr.Status, sr.Error)
		}
		if sr.NextAttempt.IsZero() {
			t.Errorf("%s: no next attempt scheduled", id)
		}
	}
	if sr := status(rep, "err500"); sr.HTTPStatus != 500 {
		t.Errorf("err500: http status %d", sr.HTTPStatus)
	}
	if sr := status(rep, "broken"); !strings.Contains(sr.Error, "broken") {
		t.Errorf("broken: error %q does not name the source", sr.Error)
	}
	if !rep.Published {
		t.Fatal("nothing published")
	}
	// Earlier items of every failing source are still published.
	f := parseOutput(t, filepath.Join(w.plan.OutputDir, "all.json"))
	if len(f.Items) != 3+2*5 {
		t.Errorf("all.json has %d items, want 13", len(f.Items))
	}
	for _, id := range order[1:] {
		f := parseOutput(t, filepath.Join(w.plan.OutputDir, "source", id+".rss"))
		if len(f.Items) != 2 {
			t.Errorf("source/%s.rss has %d items, want its 2 earlier ones", id, len(f.Items))
		}
	}

	// The next run, soon after, does not hold up on the failing sources:
	// they are backed off and not asked at all.
	w.srv.Reset()
	w.now = w.now.Add(5 * time.Minute)
	rep = w.run()
	for _, id := range order[1:] {
		if sr := status(rep, id); sr.Status != model.StatusBackedOff {
			t.Errorf("%s: status %s, want backed_off", id, sr.Status)
		}
		if n := len(w.srv.RequestsTo("/" + id + "/feed")); n != 0 {
			t.Errorf("%s: %d requests while backed off", id, n)
		}
	}

	// Once the backoff has passed and the partner recovers, it is fetched.
	w.serve("err500", items("err500", 1, 2))
	w.now = w.now.Add(time.Hour)
	rep = w.run()
	if sr := status(rep, "err500"); sr.Status != model.StatusOK && sr.Status != model.StatusNotModified {
		t.Errorf("recovered source: %+v", sr)
	}
}

func TestRunBackoffGrowsAndHonoursRetryAfter(t *testing.T) {
	w := newWorld(t, map[string]feedKind{"a": kindRSS}, []string{"a"})
	w.fail("a", fetchtest.Status(http.StatusInternalServerError, nil))
	var waits []time.Duration
	for range 4 {
		rep := w.run()
		sr := status(rep, "a")
		waits = append(waits, sr.NextAttempt.Sub(w.now))
		w.now = sr.NextAttempt
	}
	want := []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour}
	if !slices.Equal(waits, want) {
		t.Errorf("backoff %v, want %v", waits, want)
	}

	h := http.Header{}
	h.Set("Retry-After", "7200")
	w.fail("a", fetchtest.Status(http.StatusServiceUnavailable, h))
	rep := w.run()
	if got := status(rep, "a").NextAttempt.Sub(w.now); got < 2*time.Hour {
		t.Errorf("Retry-After 7200 scheduled the next attempt in %v", got)
	}
}

func TestRunRemembersPermanentRedirects(t *testing.T) {
	w := newWorld(t, map[string]feedKind{"a": kindRSS}, []string{"a"})
	ct, body := render(kindRSS, w.srv.URL(""), "a", items("a", 1, 2))
	w.srv.Handle("/a/feed", fetchtest.Redirect(http.StatusMovedPermanently, w.srv.URL("/a/new-feed")))
	w.srv.Handle("/a/new-feed", fetchtest.Static(ct, body))
	w.run()
	w.srv.Reset()
	w.now = w.now.Add(time.Hour)
	rep := w.run()
	if sr := status(rep, "a"); sr.Status != model.StatusNotModified {
		t.Errorf("second run: %+v", sr)
	}
	if n := len(w.srv.RequestsTo("/a/feed")); n != 0 {
		t.Errorf("old address asked %d times after a 301", n)
	}
}

func TestRunEmptiedFeedKeepsItems(t *testing.T) {
	w := newWorld(t, map[string]feedKind{"a": kindJSON}, []string{"a"})
	w.serve("a", items("a", 1, 3))
	w.run()
	w.serve("a", nil)
	w.now = w.now.Add(time.Hour)
	w.run()
	b, err := os.ReadFile(filepath.Join(w.plan.OutputDir, "all.json"))
	if err != nil {
		t.Fatal(err)
	}
	var jf struct{ Items []json.RawMessage }
	if err := json.Unmarshal(b, &jf); err != nil {
		t.Fatal(err)
	}
	if len(jf.Items) != 3 {
		t.Errorf("%d items after the feed emptied, want the 3 earlier ones", len(jf.Items))
	}
}

func TestRunRestoresDeletedOutputs(t *testing.T) {
	w := newWorld(t, map[string]feedKind{"a": kindRSS}, []string{"a"})
	w.serve("a", items("a", 1, 2))
	w.run()
	gone := filepath.Join(w.plan.OutputDir, "all.rss")
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	w.now = w.now.Add(time.Hour)
	rep := w.run()
	if !slices.Contains(rep.FilesWritten, "all.rss") {
		t.Errorf("deleted all.rss not written again: %v", rep.FilesWritten)
	}
	if _, err := os.Stat(gone); err != nil {
		t.Error(err)
	}
}

func TestRunAppliesOverridesAndFilters(t *testing.T) {
	w := newWorld(t, map[string]feedKind{"a": kindRSS}, []string{"a"})
	its := items("a", 1, 3)
	its[0].title = "Pastor released in Kaduna"
	its[1].body = "<p>The harvest came in.</p>"
	its[2].body = "<p>A harvest festival, and the clinic opened.</p>"
	w.serve("a", its)
	blocked := w.srv.URL("/a/" + its[1].guid + ".html")
	corrected := w.srv.URL("/a/" + its[2].guid + ".html")
	w.plan.Overrides = []model.Override{
		{URL: blocked, Block: true},
		{URL: corrected, Title: "A corrected title", AddCountries: []string{"KP"}, Pin: true},
	}
	w.plan.Outputs = append(w.plan.Outputs,
		model.Output{ID: "released", Path: "released", Title: "Released", Include: []string{"released"}, MatchIn: "title"},
		model.Output{ID: "kp", Path: "kp", Title: "KP", Countries: []string{"KP"}},
		// Keywords in the text, which publishing reads only for this.
		model.Output{ID: "harvest", Path: "harvest", Title: "Harvest", Include: []string{"harvest"}, Exclude: []string{"/clinic/"}, MatchIn: "text"})
	w.run()

	all := parseOutput(t, filepath.Join(w.plan.OutputDir, "all.json"))
	if len(all.Items) != 2 {
		t.Fatalf("all has %d items, want 2 (one blocked)", len(all.Items))
	}
	if all.Items[0].Title != "A corrected title" {
		t.Errorf("pinned, corrected item not first: %q", all.Items[0].Title)
	}
	for _, it := range all.Items {
		if it.Link == blocked {
			t.Errorf("blocked item published")
		}
	}
	if f := parseOutput(t, filepath.Join(w.plan.OutputDir, "released.json")); len(f.Items) != 1 || f.Items[0].Title != "Pastor released in Kaduna" {
		t.Errorf("keyword output: %d items", len(f.Items))
	}
	if f := parseOutput(t, filepath.Join(w.plan.OutputDir, "kp.json")); len(f.Items) != 1 || f.Items[0].Title != "A corrected title" {
		t.Errorf("country output from a correction: %d items", len(f.Items))
	}

	if f := parseOutput(t, filepath.Join(w.plan.OutputDir, "harvest.json")); len(f.Items) != 0 {
		t.Errorf("text keyword output: %d items, want 0 (one blocked, one excluded)", len(f.Items))
	}

	// Lifting the block publishes the item again, without any fetch change.
	w.plan.Overrides = w.plan.Overrides[1:]
	w.now = w.now.Add(time.Hour)
	w.run()
	if all := parseOutput(t, filepath.Join(w.plan.OutputDir, "all.json")); len(all.Items) != 3 {
		t.Errorf("after lifting the block: %d items, want 3", len(all.Items))
	}
	if f := parseOutput(t, filepath.Join(w.plan.OutputDir, "harvest.json")); len(f.Items) != 1 || !strings.Contains(f.Items[0].Content, "harvest came") {
		t.Errorf("text keyword output after lifting the block: %d items, want the one about the harvest", len(f.Items))
	}
}

func TestRunExpandsPerCountryAndPerSource(t *testing.T) {
	w := newWorld(t, map[string]feedKind{"a": kindRSS, "b": kindJSON}, []string{"a", "b"})
	w.serve("a", items("a", 1, 2))
	w.serve("b", items("b", 1, 1))
	w.plan.Outputs = []model.Output{{ID: "news", Path: "news", Title: "News", PerCountry: true, PerSource: true}}
	w.plan.Overrides = []model.Override{{URL: w.srv.URL("/a/a-1.html"), Countries: []string{"KP"}}}
	w.run()
	for path, n := range map[string]int{"news/source/a": 2, "news/source/b": 1, "news/country/KP": 1, "news": 3} {
		f := parseOutput(t, filepath.Join(w.plan.OutputDir, path+".json"))
		if len(f.Items) != n {
			t.Errorf("%s: %d items, want %d", path, len(f.Items), n)
		}
	}
	f := parseOutput(t, filepath.Join(w.plan.OutputDir, "news/country/KP.atom"))
	if f.Title != "News — North Korea" {
		t.Errorf("title %q", f.Title)
	}
}
