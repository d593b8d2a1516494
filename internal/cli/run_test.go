package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gleanerhq/gleaner/internal/fetch/fetchtest"
	"github.com/gleanerhq/gleaner/internal/lock"
	"github.com/gleanerhq/gleaner/internal/model"
	runreport "github.com/gleanerhq/gleaner/internal/report"
	"github.com/gleanerhq/gleaner/internal/store"
)

// rssFeed is a small RSS feed of n items of source id.
func rssFeed(id string, n int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>%s</title><link>https://%s.example/</link><description>d</description>`, id, id)
	for i := range n {
		fmt.Fprintf(&b, `<item><title>Story %d of %s</title><link>https://%s.example/news/%d</link><guid>%s-%d</guid><pubDate>Sun, 01 Mar 2026 09:0%d:00 +0000</pubDate><description>&lt;p&gt;Story %d.&lt;/p&gt;</description></item>`,
			i, id, id, i, id, i, i, i)
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

// testWorld is a fetchtest server, a feeds.yaml naming some of its paths
// as sources, and where a run keeps its state and output.
type testWorld struct {
	srv                *fetchtest.Server
	dir, config, state string
	output             string
}

// newTestWorld serves the given sources, each path "/<id>/feed" answered
// by its handler (nil: a static feed of 3 items), and writes feeds.yaml.
func newTestWorld(t *testing.T, ids []string, handlers map[string]func() any) *testWorld {
	t.Helper()
	w := &testWorld{srv: fetchtest.NewServer(t), dir: t.TempDir()}
	w.config = filepath.Join(w.dir, "feeds.yaml")
	w.state = filepath.Join(w.dir, "gleaner.db")
	w.output = filepath.Join(w.dir, "output")
	var y strings.Builder
	y.WriteString("title: Test partners\nbase_url: https://feeds.example.org/\nper_source_outputs: false\nsources:\n")
	for _, id := range ids {
		w.srv.Handle("/"+id+"/feed", fetchtest.Static("application/rss+xml", rssFeed(id, 3)))
		fmt.Fprintf(&y, "  - id: %s\n    url: %s\n    allow_private: true\n    full_text: never\n", id, w.srv.URL("/"+id+"/feed"))
	}
	y.WriteString("outputs:\n  - id: all\n    title: Everything\n")
	if err := os.WriteFile(w.config, []byte(y.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return w
}

// run runs gleaner with args after "run --config … --state … --output …".
func (w *testWorld) run(t *testing.T, cmd string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var full []string
	switch cmd {
	case "run":
		full = append([]string{"run", "--config", w.config, "--state", w.state, "--output", w.output}, args...)
	case "status":
		full = append([]string{"status", "--state", w.state}, args...)
	default:
		full = append([]string{cmd}, args...)
	}
	var out, errb bytes.Buffer
	code = Run(context.Background(), full, &out, &errb)
	return code, out.String(), errb.String()
}

func (w *testWorld) status(t *testing.T) runreport.Status {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(w.output, "status.json"))
	if err != nil {
		t.Fatal(err)
	}
	var st runreport.Status
	if err := json.Unmarshal(data, &st); err != nil {
		t.Fatalf("status.json: %v\n%s", err, data)
	}
	return st
}

func sourceStatus(st runreport.Status, id string) runreport.SourceStatus {
	for _, s := range st.Sources {
		if s.ID == id {
			return s
		}
	}
	return runreport.SourceStatus{}
}

// A source that hangs past --max-duration is cut off; what the others
// fetched is stored and published, the summary says so and the run exits 0.
func TestRunDeadlinePublishesWhatWasFetched(t *testing.T) {
	w := newTestWorld(t, []string{"quick", "slow"}, nil)
	w.srv.Handle("/slow/feed", fetchtest.Hang())

	start := time.Now()
	code, _, stderr := w.run(t, "run", "--quiet", "--max-duration", "1s")
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("run took %s despite --max-duration 1s", d)
	}
	if code != ExitOK {
		t.Fatalf("exit %d, want 0 (something was published)\n%s", code, stderr)
	}
	for _, want := range []string{
		"gleaner: 2 sources: 1 ok, 0 not modified, 0 failed, 0 backed off, 1 skipped; items: 3 new",
		"\ngleaner: deadline reached after 1s: 1 source skipped\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	all, err := os.ReadFile(filepath.Join(w.output, "all.json"))
	if err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Items []struct {
			Title string `json:"title"`
		} `json:"items"`
	}
	if err := json.Unmarshal(all, &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Items) != 3 || !strings.Contains(feed.Items[0].Title, "of quick") {
		t.Errorf("all.json holds %+v, want quick's 3 stories", feed.Items)
	}

	st := w.status(t)
	if r := st.LastRun; r == nil || !r.DeadlineReached || r.Success == nil || !*r.Success || r.Sources.Skipped != 1 || r.MaxDuration != "1s" {
		t.Errorf("status.json last_run = %+v", r)
	}
	slow := sourceStatus(st, "slow")
	if slow.Status != model.StatusSkipped || !strings.Contains(slow.Error, "deadline reached after 1s (--max-duration)") {
		t.Errorf("slow = %+v, want skipped for the deadline", slow)
	}
	// Being cut off by the deadline is not the partner's failure: no
	// backoff for it.
	s, err := store.Open(context.Background(), w.state)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	h, err := s.Health(context.Background(), "slow")
	if err != nil {
		t.Fatal(err)
	}
	if h.Failures != 0 || !h.NextAttempt.IsZero() {
		t.Errorf("slow's health after the deadline: %+v, want no failure", h)
	}
}

func TestRunRefusesWhileAnotherRunHoldsTheLock(t *testing.T) {
	w := newTestWorld(t, []string{"quick"}, nil)
	held, err := lock.Acquire(context.Background(), w.state+".lock", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()

	code, _, stderr := w.run(t, "run", "--quiet")
	if code != ExitLocked {
		t.Errorf("exit %d, want %d", code, ExitLocked)
	}
	want := regexp.MustCompile(`^gleaner: another gleaner run holds ` + regexp.QuoteMeta(w.state+".lock") +
		fmt.Sprintf(` \(pid %d, since \d\d:\d\d:\d\d\)\nhint: use --wait 5m to wait for it\n$`, os.Getpid()))
	if !want.MatchString(stderr) {
		t.Errorf("stderr:\n%s\nwant it to match %s", stderr, want)
	}
	if _, err := os.Stat(filepath.Join(w.output, "status.json")); err == nil {
		t.Errorf("a run that did not get the lock wrote status.json")
	}

	start := time.Now()
	code, _, stderr = w.run(t, "run", "--quiet", "--wait", "300ms")
	if code != ExitLocked || time.Since(start) < 300*time.Millisecond {
		t.Errorf("--wait 300ms: exit %d after %s, want %d after ≥300ms", code, time.Since(start), ExitLocked)
	}
	if !strings.Contains(stderr, "still holds "+w.state+".lock after waiting 300ms (pid ") {
		t.Errorf("--wait 300ms: stderr:\n%s", stderr)
	}

	go func() {
		time.Sleep(200 * time.Millisecond)
		held.Release()
	}()
	code, _, stderr = w.run(t, "run", "--quiet", "--wait", "10s")
	if code != ExitOK {
		t.Errorf("--wait 10s with the lock released meanwhile: exit %d\n%s", code, stderr)
	}
}

func TestRunWritesStatusAndMetrics(t *testing.T) {
	w := newTestWorld(t, []string{"alpha", "beta", "gone"}, nil)
	w.srv.Handle("/gone/feed", fetchtest.Status(404, nil))
	metrics := filepath.Join(w.dir, "textfile", "gleaner.prom")

	code, _, stderr := w.run(t, "run", "--quiet", "--metrics-file", metrics)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	st := w.status(t)
	r := st.LastRun
	if r == nil || r.Sources.OK != 2 || r.Sources.Failed != 1 || r.ItemsNew != 6 || r.ExitCode == nil || *r.ExitCode != 0 || !r.Published {
		t.Fatalf("last_run = %+v", r)
	}
	if a := sourceStatus(st, "alpha"); a.StoredItems != 3 || a.New != 3 || a.HTTPStatus != 200 || a.LastSuccess.IsZero() {
		t.Errorf("alpha = %+v", a)
	}
	if g := sourceStatus(st, "gone"); g.ConsecutiveFailures != 1 || g.HTTPStatus != 404 || g.NextAttempt.IsZero() || g.Error == "" {
		t.Errorf("gone = %+v", g)
	}

	data, err := os.ReadFile(metrics)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{
		"# TYPE gleaner_run_success gauge\ngleaner_run_success 1\n",
		`gleaner_sources{status="failed"} 1` + "\n",
		"gleaner_items_new 6\n",
		`gleaner_source_up{source="alpha"} 1` + "\n",
		`gleaner_source_up{source="gone"} 0` + "\n",
		`gleaner_source_consecutive_failures{source="gone"} 1` + "\n",
		`gleaner_source_items{source="beta"} 3` + "\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %q:\n%s", want, text)
		}
	}
	// No temporary file is left beside it for the collector to trip on.
	entries, _ := os.ReadDir(filepath.Dir(metrics))
	if len(entries) != 1 {
		t.Errorf("textfile directory holds %d entries, want only gleaner.prom", len(entries))
	}

	// A second run: everything not modified, the gone source backed off.
	code, _, stderr = w.run(t, "run", "--quiet", "--metrics-file", metrics)
	if code != ExitOK {
		t.Fatalf("second run: exit %d\n%s", code, stderr)
	}
	if r := w.status(t).LastRun; r.Sources.NotModified != 2 || r.Sources.BackedOff != 1 || r.ItemsNew != 0 {
		t.Errorf("second run: last_run = %+v", r)
	}
}

func TestStatusPrintsTheSourcesHealth(t *testing.T) {
	w := newTestWorld(t, []string{"alpha", "gone"}, nil)
	w.srv.Handle("/gone/feed", fetchtest.Status(404, nil))
	if code, _, stderr := w.run(t, "run", "--quiet"); code != ExitOK {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}

	code, stdout, stderr := w.run(t, "status")
	if code != ExitOK || stderr != "" {
		t.Fatalf("status: exit %d\n%s", code, stderr)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^last run: \d+s ago \(\d{4}-\d\d-\d\d \d\d:\d\d\), took [\d.]+m?s; 2 sources: 1 ok, 0 not modified, 1 failed, 0 backed off, 0 skipped; items: 3 new, 0 updated$`),
		regexp.MustCompile(`(?m)^SOURCE +LAST SUCCESS +FAILURES +BACKOFF UNTIL +ITEMS +LAST ERROR$`),
		regexp.MustCompile(`(?m)^alpha +\d+s ago \(\d{4}-\d\d-\d\d \d\d:\d\d\) +0 +- +3 +-$`),
		regexp.MustCompile(`(?m)^gone +never +1 +in 1[45]m \(\d{4}-\d\d-\d\d \d\d:\d\d\) +0 +fetch http://127\.0\.0\.1:\d+/gone/feed: status 404`),
	} {
		if !want.MatchString(stdout) {
			t.Errorf("status output does not match %s:\n%s", want, stdout)
		}
	}

	code, stdout, _ = w.run(t, "status", "--json")
	if code != ExitOK {
		t.Fatalf("status --json: exit %d", code)
	}
	var st runreport.Status
	if err := json.Unmarshal([]byte(stdout), &st); err != nil {
		t.Fatalf("status --json: %v\n%s", err, stdout)
	}
	if st.LastRun == nil || len(st.Sources) != 2 || sourceStatus(st, "gone").ConsecutiveFailures != 1 || sourceStatus(st, "alpha").StoredItems != 3 {
		t.Errorf("status --json = %s", stdout)
	}
}

func TestStatusWithoutDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.db")
	var out, errb bytes.Buffer
	code := Run(context.Background(), []string{"status", "--state", path}, &out, &errb)
	if code != ExitFailed {
		t.Errorf("exit %d, want %d", code, ExitFailed)
	}
	want := "gleaner: no state database at " + path + "\nhint: pass --state with the path 'gleaner run' uses, or run 'gleaner run' first\n"
	if errb.String() != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", errb.String(), want)
	}
	if _, err := os.Stat(path); err == nil {
		t.Errorf("status created the database it did not find")
	}
}

func TestShortDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		20 * time.Minute:               "20m",
		time.Hour:                      "1h",
		90 * time.Minute:               "1h30m",
		500 * time.Millisecond:         "500ms",
		time.Second:                    "1s",
		20*time.Minute + 5*time.Second: "20m5s",
	} {
		if got := shortDuration(d); got != want {
			t.Errorf("shortDuration(%s) = %q, want %q", d, got, want)
		}
	}
}
