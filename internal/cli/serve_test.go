package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer that a running command may write while the
// test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// eventually polls cond every 10ms for up to 20s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestServe runs gleaner serve with --every against a loopback world: the
// first batch runs at once and its feeds are served with CORS for the
// listed origin; a cancelled context (SIGINT, SIGTERM) stops the server
// and the command exits 0.
func TestServe(t *testing.T) {
	w := newTestWorld(t, []string{"alpha", "beta"}, nil)
	f, err := os.OpenFile(w.config, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.WriteString("serve:\n  allowed_origins: [https://partner.example]\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- Run(ctx, []string{"serve", "--config", w.config, "--state", w.state, "--output", w.output,
			"--addr", "127.0.0.1:0", "--every", "1h", "--quiet"}, &stdout, &stderr)
	}()

	serving := regexp.MustCompile(`(?m)^serving .* at (http://127\.0\.0\.1:\d+/)$`)
	var base string
	eventually(t, "the serving line", func() bool {
		if m := serving.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
			return true
		}
		select {
		case code := <-exit:
			t.Fatalf("serve exited %d before serving\n%s", code, stderr.String())
		default:
		}
		return false
	})

	client := &http.Client{Timeout: 10 * time.Second}
	get := func(path string, headers ...string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, string(body)
	}

	// The batch runs at once and publishes.
	eventually(t, "the first batch to publish all.json", func() bool {
		res, _ := get("all.json")
		return res.StatusCode == 200
	})
	res, body := get("all.json", "Origin", "https://partner.example")
	if !strings.Contains(body, "Story 0 of alpha") || !strings.Contains(body, "Story 2 of beta") {
		t.Errorf("all.json lacks the stories:\n%.300s", body)
	}
	if got := res.Header.Get("Access-Control-Allow-Origin"); got != "https://partner.example" {
		t.Errorf("Access-Control-Allow-Origin = %q, want the listed origin", got)
	}
	if got := res.Header.Get("Content-Type"); got != "application/feed+json; charset=utf-8" {
		t.Errorf("Content-Type = %q", got)
	}
	if res, _ := get("gleaner.db"); res.StatusCode != 404 {
		t.Errorf("GET gleaner.db = %d, want 404", res.StatusCode)
	}

	cancel()
	select {
	case code := <-exit:
		if code != ExitOK {
			t.Errorf("exit %d after shutdown, want 0\n%s", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop within 30s of cancellation")
	}
	if _, err := client.Get(base + "all.json"); err == nil {
		t.Errorf("still serving after exit")
	}
}

func TestServeUsage(t *testing.T) {
	dir := t.TempDir()
	config := filepath.Join(dir, "feeds.yaml")
	if err := os.WriteFile(config, []byte("title: T\nbase_url: https://feeds.example.org/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"every_too_short", []string{"--every", "10s"}, ExitUsage, "gleaner: --every: must be 0 or at least 1m0s (got 10s)"},
		{"every_negative", []string{"--every", "-1m"}, ExitUsage, "gleaner: --every: must be 0 or at least 1m0s (got -1m0s)"},
		{"arguments", []string{"output"}, ExitUsage, `gleaner: serve takes no arguments (got ["output"])`},
		{"bad_addr", []string{"--addr", "127.0.0.1:99999"}, ExitFailed, "gleaner: serve: listen tcp: address 99999: invalid port"},
		{"missing_config", []string{"--config", filepath.Join(dir, "missing.yaml")}, ExitUsage, "hint: pass --config PATH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"serve", "--config", config, "--output", filepath.Join(dir, "out")}, tt.args...)
			var stdout, stderr bytes.Buffer
			code := Run(context.Background(), args, &stdout, &stderr)
			if code != tt.code || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", code, stderr.String(), tt.code, tt.want)
			}
		})
	}
}

func TestChangedTopics(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string, mod time.Time) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mod, mod); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	write("all.atom", "a", t0)
	write("all.json", "a", t0)
	write("index.html", "a", t0)
	write("country/KP.rss", "a", t0)
	before := feedVersions(dir)
	if len(before) != 3 {
		t.Fatalf("feedVersions = %v, want the 3 feeds", before)
	}

	write("all.atom", "b", t0.Add(time.Minute))        // rewritten
	write("country/NG.json", "a", t0.Add(time.Minute)) // new
	write("index.html", "b", t0.Add(time.Minute))      // not a feed
	write(".all.json.tmp-1", "b", t0.Add(time.Minute)) // a temporary file
	write(".hidden/x.atom", "b", t0.Add(time.Minute))  // hidden
	got := changedTopics(before, feedVersions(dir), "https://feeds.example.org/")
	want := []string{"https://feeds.example.org/all.atom", "https://feeds.example.org/country/NG.json"}
	if !slices.Equal(got, want) {
		t.Errorf("changedTopics = %q, want %q", got, want)
	}
}
