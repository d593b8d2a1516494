package cli

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gleanerhq/gleaner/internal/fetch"
	"github.com/gleanerhq/gleaner/internal/fetch/fetchtest"
	"github.com/gleanerhq/gleaner/internal/model"
	"github.com/gleanerhq/gleaner/internal/pipeline"
	"github.com/gleanerhq/gleaner/internal/store"
)

func TestProgressText(t *testing.T) {
	for _, tt := range []struct {
		done, total, failed int
		want                string
	}{
		{1, 40, 0, "[1/40] opendoors-uk"},
		{12, 40, 1, "[12/40] opendoors-uk … 1 error"},
		{12, 40, 2, "[12/40] opendoors-uk … 2 errors"},
	} {
		if got := progressText(tt.done, tt.total, "opendoors-uk", tt.failed); got != tt.want {
			t.Errorf("progressText(%d, %d, %d) = %q, want %q", tt.done, tt.total, tt.failed, got, tt.want)
		}
	}
}

// On a terminal the line is redrawn in place, log lines scroll above it,
// and it is erased before the summary.
func TestProgressRedrawsInPlace(t *testing.T) {
	var b bytes.Buffer
	p := &progress{w: &b, live: true, width: 80}
	log := slog.New(slog.NewTextHandler(p, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	hook := p.hook(log)
	hook(1, 3, "alpha", 0)
	log.Error("source failed", "source", "beta")
	hook(2, 3, "beta", 1)
	hook(3, 3, "gamma", 1)
	p.clear()
	fmt.Fprintln(&b, "summary")

	want := "\r\x1b[K[1/3] alpha" +
		"\r\x1b[Klevel=ERROR msg=\"source failed\" source=beta\n[1/3] alpha" +
		"\r\x1b[K[2/3] beta … 1 error" +
		"\r\x1b[K[3/3] gamma … 1 error" +
		"\r\x1b[K" +
		"summary\n"
	if got := b.String(); got != want {
		t.Errorf("terminal output:\n%q\nwant:\n%q", got, want)
	}
}

func TestProgressFitsTheTerminal(t *testing.T) {
	var b bytes.Buffer
	p := &progress{w: &b, live: true, width: 20}
	p.update(12, 40, "a-partner-with-a-very-long-id", 2)
	line := strings.TrimPrefix(b.String(), clearLine)
	if n := len([]rune(line)); n != 19 || !strings.HasSuffix(line, "…") {
		t.Errorf("line %q has %d runes, want 19 ending in …", line, n)
	}
}

// Off a terminal nothing is redrawn: progress is a debug log line.
func TestProgressOffTerminalLogs(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b, false) // a buffer is no terminal
	if p.live {
		t.Fatal("a bytes.Buffer was taken for a terminal")
	}
	log := slog.New(slog.NewTextHandler(p, &slog.HandlerOptions{Level: slog.LevelDebug}))
	p.hook(log)(2, 5, "alpha", 1)
	p.clear()
	got := b.String()
	if strings.Contains(got, "\r") || !strings.Contains(got, `msg=progress done=2 total=5 source=alpha failed=1`) {
		t.Errorf("output %q", got)
	}
}

// The pipeline calls Progress once per source, never concurrently, with
// done counting up to the number of sources and failed counting failures.
func TestPipelineProgressHook(t *testing.T) {
	srv := fetchtest.NewServer(t)
	const n = 12
	var sources []model.Source
	for i := range n {
		id := fmt.Sprintf("s%02d", i)
		if i%4 == 3 {
			srv.Handle("/"+id, fetchtest.Status(404, nil))
		} else {
			srv.Handle("/"+id, fetchtest.Static("application/rss+xml", rssFeed(id, 2)))
		}
		sources = append(sources, model.Source{ID: id, URL: srv.URL("/" + id), AllowPrivate: true, FullText: model.FullTextNever})
	}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	client, err := fetch.New(fetch.Options{UserAgent: "gleaner-test/1.0", Timeout: 5 * time.Second, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	var (
		calls    []int
		inHook   bool
		lastFail int
		seen     = map[string]bool{}
	)
	runner := &pipeline.Runner{Fetcher: client, Store: st, Progress: func(done, total int, source string, failed int) {
		if inHook {
			t.Errorf("Progress called concurrently")
		}
		inHook = true
		defer func() { inHook = false }()
		time.Sleep(time.Millisecond) // widen the window for overlapping calls
		calls = append(calls, done)
		if total != n {
			t.Errorf("total = %d, want %d", total, n)
		}
		if failed < lastFail {
			t.Errorf("failed went down from %d to %d", lastFail, failed)
		}
		lastFail = failed
		seen[source] = true
	}}
	plan := pipeline.Plan{
		Sources:     sources,
		Site:        pipeline.Site{Title: "Test", BaseURL: "https://feeds.example.org/"},
		Outputs:     []model.Output{{ID: "all", Path: "all", Title: "All"}},
		OutputDir:   filepath.Join(t.TempDir(), "output"),
		Concurrency: 6,
		BackoffBase: time.Minute,
		MaxBackoff:  time.Hour,
	}
	rep, err := runner.Run(context.Background(), plan)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != n || len(seen) != n {
		t.Fatalf("Progress called %d times for %d sources, want %d", len(calls), len(seen), n)
	}
	for i, d := range calls {
		if d != i+1 {
			t.Fatalf("done values %v, want 1…%d in order", calls, n)
		}
	}
	if lastFail != rep.Count(model.StatusFailed) || lastFail != 3 {
		t.Errorf("final failed = %d, want %d", lastFail, rep.Count(model.StatusFailed))
	}
}
