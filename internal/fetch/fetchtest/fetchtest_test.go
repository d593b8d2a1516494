package fetchtest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/gleanerhq/gleaner/internal/fetch/fetchtest"
)

// get performs one GET with optional headers on a client without transparent
// gzip, so the raw body is visible.
func get(t *testing.T, url string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	tr := &http.Transport{DisableCompression: true}
	t.Cleanup(tr.CloseIdleConnections)
	c := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestStatic(t *testing.T) {
	srv := fetchtest.NewServer(t)
	srv.Handle("/feed.xml", fetchtest.Static("application/rss+xml", []byte("<rss/>")))

	resp, body := get(t, srv.URL("/feed.xml"), nil)
	etag, lastMod := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if resp.StatusCode != 200 || string(body) != "<rss/>" || etag == "" || lastMod == "" ||
		resp.Header.Get("Content-Type") != "application/rss+xml" {
		t.Fatalf("first GET: %d %q ETag %q Last-Modified %q", resp.StatusCode, body, etag, lastMod)
	}
	tests := []struct {
		name   string
		header http.Header
		want   int
	}{
		{"matching If-None-Match", http.Header{"If-None-Match": {etag}}, 304},
		{"other If-None-Match", http.Header{"If-None-Match": {`"nope"`}}, 200},
		{"matching If-Modified-Since", http.Header{"If-Modified-Since": {lastMod}}, 304},
		{"older If-Modified-Since", http.Header{"If-Modified-Since": {"Mon, 01 Jan 2001 00:00:00 GMT"}}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if resp, _ := get(t, srv.URL("/feed.xml"), tt.header); resp.StatusCode != tt.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}

	// A different body gets a different ETag and a later Last-Modified.
	srv.Handle("/feed.xml", fetchtest.Static("application/rss+xml", []byte("<rss>new</rss>")))
	resp, _ = get(t, srv.URL("/feed.xml"), http.Header{"If-Modified-Since": {lastMod}})
	if resp.StatusCode != 200 || resp.Header.Get("ETag") == etag {
		t.Errorf("after swapping the handler: %d, ETag %q (old %q)", resp.StatusCode, resp.Header.Get("ETag"), etag)
	}
}

func TestServerLogAndRouting(t *testing.T) {
	srv := fetchtest.NewServer(t)
	srv.Handle("/a", fetchtest.Status(http.StatusTeapot, http.Header{"X-Test": {"1"}}))
	if resp, _ := get(t, srv.URL("/missing"), nil); resp.StatusCode != 404 {
		t.Errorf("unrouted path: %d, want 404", resp.StatusCode)
	}
	resp, _ := get(t, srv.URL("/a?x=1"), http.Header{"User-Agent": {"ua"}, "If-None-Match": {`"e"`}})
	if resp.StatusCode != http.StatusTeapot || resp.Header.Get("X-Test") != "1" {
		t.Errorf("Status handler: %d, X-Test %q", resp.StatusCode, resp.Header.Get("X-Test"))
	}
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("logged %d requests, want 2", len(reqs))
	}
	r := reqs[1]
	if r.Method != "GET" || r.Path != "/a" || r.UserAgent != "ua" || r.IfNoneMatch != `"e"` || r.Time.IsZero() {
		t.Errorf("logged %+v", r)
	}
	if n := len(srv.RequestsTo("/a")); n != 1 {
		t.Errorf("RequestsTo(/a) = %d requests, want 1", n)
	}
	srv.Reset()
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("after Reset: %d requests", n)
	}
}

func TestHandleConcurrent(t *testing.T) {
	srv := fetchtest.NewServer(t)
	srv.Handle("/x", fetchtest.Status(200, nil))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 10 {
				srv.Handle("/x", fetchtest.Status(200, nil))
				get(t, srv.URL("/x"), nil)
				_ = srv.Requests()
			}
		})
	}
	wg.Wait()
}

func TestSequence(t *testing.T) {
	srv := fetchtest.NewServer(t)
	srv.Handle("/s", fetchtest.Sequence(fetchtest.Status(500, nil), fetchtest.Status(502, nil), fetchtest.Status(200, nil)))
	var got []int
	for range 5 {
		resp, _ := get(t, srv.URL("/s"), nil)
		got = append(got, resp.StatusCode)
	}
	if want := []int{500, 502, 200, 200, 200}; !equal(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRedirect(t *testing.T) {
	srv := fetchtest.NewServer(t)
	srv.Handle("/old", fetchtest.Redirect(http.StatusMovedPermanently, "/new"))
	resp, _ := get(t, srv.URL("/old"), nil)
	if resp.StatusCode != 301 || resp.Header.Get("Location") != "/new" {
		t.Errorf("%d Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestHuge(t *testing.T) {
	const n = 100<<10 + 7
	srv := fetchtest.NewServer(t)
	srv.Handle("/huge", fetchtest.Huge(n))
	resp, body := get(t, srv.URL("/huge"), nil)
	if len(body) != n || resp.ContentLength != -1 || bytes.Count(body, []byte("a")) != n {
		t.Errorf("got %d bytes, Content-Length %d; want %d bytes, none", len(body), resp.ContentLength, n)
	}
}

func TestGzipBomb(t *testing.T) {
	for _, n := range []int64{0, 10, 3<<20 + 5} {
		srv := fetchtest.NewServer(t)
		srv.Handle("/bomb", fetchtest.GzipBomb(n))
		resp, body := get(t, srv.URL("/bomb"), nil)
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("Content-Encoding %q", resp.Header.Get("Content-Encoding"))
		}
		if n > 1<<20 && int64(len(body)) > n/500 {
			t.Errorf("GzipBomb(%d): %d compressed bytes, not much of a bomb", n, len(body))
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(plain)) != n || bytes.ContainsFunc(plain, func(r rune) bool { return r != 0 }) {
			t.Errorf("GzipBomb(%d) decompressed to %d bytes", n, len(plain))
		}
	}
}

func TestTrickle(t *testing.T) {
	srv := fetchtest.NewServer(t)
	srv.Handle("/t", fetchtest.Trickle([]byte("abc"), time.Millisecond))
	if _, body := get(t, srv.URL("/t"), nil); string(body) != "abc" {
		t.Errorf("body %q, want abc", body)
	}
}

func TestDrop(t *testing.T) {
	srv := fetchtest.NewServer(t)
	srv.Handle("/d", fetchtest.Drop())
	if _, err := http.Get(srv.URL("/d")); err == nil {
		t.Error("GET of a dropped connection succeeded")
	}
}

// Waiting handlers must not keep Close (and so the test) from finishing.
func TestCloseEndsWaitingHandlers(t *testing.T) {
	srv := fetchtest.NewServer(t)
	srv.Handle("/hang", fetchtest.Hang())
	srv.Handle("/trickle", fetchtest.Trickle(make([]byte, 1000), time.Hour))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	for _, p := range []string{"/hang", "/trickle"} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL(p), nil)
		wg.Go(func() {
			if resp, err := http.DefaultClient.Do(req); err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
	for len(srv.Requests()) < 2 { // both handlers are running
		time.Sleep(time.Millisecond)
	}
	done := make(chan struct{})
	go func() { srv.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("Close blocked on waiting handlers")
	}
	cancel()
	wg.Wait()
}
