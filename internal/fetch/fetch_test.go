package fetch_test

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gleanerhq/gleaner/internal/fetch"
	"github.com/gleanerhq/gleaner/internal/fetch/fetchtest"
)

const testUA = "gleaner-test/1.0 (+https://example.org/contact)"

const rss = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Partner</title></channel></rss>`

// newClient returns a client with test-sized waits; mutate adjusts options.
func newClient(t *testing.T, mutate func(*fetch.Options)) *fetch.Client {
	t.Helper()
	opts := fetch.Options{
		UserAgent:    testUA,
		Timeout:      2 * time.Second,
		RetryBase:    time.Millisecond,
		MaxRetryWait: 50 * time.Millisecond,
	}
	if mutate != nil {
		mutate(&opts)
	}
	c, err := fetch.New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// asError asserts err is a *fetch.Error and returns it.
func asError(t *testing.T, err error) *fetch.Error {
	t.Helper()
	var fe *fetch.Error
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *fetch.Error", err, err)
	}
	return fe
}

func TestNewValidatesOptions(t *testing.T) {
	tests := []struct {
		name string
		opts fetch.Options
	}{
		{"no user agent", fetch.Options{}},
		{"blank user agent", fetch.Options{UserAgent: "  "}},
		{"multi-line user agent", fetch.Options{UserAgent: "a\r\nX-Evil: 1"}},
		{"negative timeout", fetch.Options{UserAgent: testUA, Timeout: -1}},
		{"negative body size", fetch.Options{UserAgent: testUA, MaxBodySize: -1}},
		{"negative per host", fetch.Options{UserAgent: testUA, MaxPerHost: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := fetch.New(tt.opts)
			if !errors.Is(err, fetch.ErrInvalidOptions) {
				t.Fatalf("New error = %v, want ErrInvalidOptions", err)
			}
		})
	}
	if _, err := fetch.New(fetch.Options{UserAgent: testUA}); err != nil {
		t.Fatalf("New with only UserAgent: %v", err)
	}
}

func TestFetchOK(t *testing.T) {
	srv := fetchtest.NewServer(t)
	srv.Handle("/feed.xml", fetchtest.Static("application/rss+xml; charset=UTF-8", []byte(rss)))
	c := newClient(t, nil)

	resp, err := c.Fetch(context.Background(), fetch.Request{AllowPrivate: true, URL: srv.URL("/feed.xml")})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"StatusCode", resp.StatusCode, 200},
		{"Body", string(resp.Body), rss},
		{"ContentType", resp.ContentType, "application/rss+xml"},
		{"Charset", resp.Charset, "utf-8"},
		{"RequestURL", resp.RequestURL, srv.URL("/feed.xml")},
		{"URL", resp.URL, srv.URL("/feed.xml")},
		{"PermanentURL", resp.PermanentURL, ""},
		{"NotModified", resp.NotModified, false},
		{"Attempts", resp.Attempts, 1},
		{"ETag set", resp.ETag != "", true},
		{"LastModified set", resp.LastModified != "", true},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}

	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(reqs))
	}
	if reqs[0].UserAgent != testUA {
		t.Errorf("User-Agent = %q, want %q", reqs[0].UserAgent, testUA)
	}
	if reqs[0].Accept != fetch.DefaultAccept {
		t.Errorf("Accept = %q, want DefaultAccept", reqs[0].Accept)
	}
	if reqs[0].IfNoneMatch != "" || reqs[0].IfModifiedSince != "" {
		t.Errorf("unconditional request sent validators: %+v", reqs[0])
	}
}

func TestFetchConditional(t *testing.T) {
	srv := fetchtest.NewServer(t)
	srv.Handle("/feed.xml", fetchtest.Static("application/rss+xml", []byte(rss)))
	c := newClient(t, nil)
	ctx := context.Background()

	first, err := c.Fetch(ctx, fetch.Request{AllowPrivate: true, URL: srv.URL("/feed.xml")})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name             string
		req              fetch.Request
		wantNotModified  bool
		wantINM, wantIMS string
	}{
		{"if-none-match", fetch.Request{AllowPrivate: true, ETag: first.ETag}, true, first.ETag, ""},
		{"if-modified-since", fetch.Request{AllowPrivate: true, LastModified: first.LastModified}, true, "", first.LastModified},
		{"both", fetch.Request{AllowPrivate: true, ETag: first.ETag, LastModified: first.LastModified}, true, first.ETag, first.LastModified},
		{"stale etag wins over date", fetch.Request{AllowPrivate: true, ETag: `"old"`, LastModified: first.LastModified}, false, `"old"`, first.LastModified},
		{"custom accept", fetch.Request{AllowPrivate: true, Accept: "text/html"}, false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.Reset()
			tt.req.URL = srv.URL("/feed.xml")
			resp, err := c.Fetch(ctx, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if resp.NotModified != tt.wantNotModified {
				t.Errorf("NotModified = %v, want %v (status %d)", resp.NotModified, tt.wantNotModified, resp.StatusCode)
			}
			if tt.wantNotModified {
				if resp.StatusCode != http.StatusNotModified || resp.Body != nil {
					t.Errorf("304: StatusCode %d, Body %q; want 304 and nil", resp.StatusCode, resp.Body)
				}
				// The 304 repeats the ETag; Last-Modified comes back from the
				// server or, when it omits it, from the request.
				if resp.ETag != first.ETag || resp.LastModified != tt.req.LastModified {
					t.Errorf("304 validators = %q, %q; want %q, %q", resp.ETag, resp.LastModified, first.ETag, tt.req.LastModified)
				}
			} else if string(resp.Body) != rss {
				t.Errorf("Body = %q", resp.Body)
			}
			got := srv.Requests()[0]
			if got.IfNoneMatch != tt.wantINM || got.IfModifiedSince != tt.wantIMS {
				t.Errorf("sent If-None-Match %q, If-Modified-Since %q; want %q, %q",
					got.IfNoneMatch, got.IfModifiedSince, tt.wantINM, tt.wantIMS)
			}
			if want := cmp.Or(tt.req.Accept, fetch.DefaultAccept); got.Accept != want {
				t.Errorf("Accept = %q, want %q", got.Accept, want)
			}
		})
	}
}

func TestFetchStatus(t *testing.T) {
	ok := fetchtest.Static("application/rss+xml", []byte(rss))
	tests := []struct {
		name          string
		handler       http.Handler
		wantErr       bool
		wantStatus    int
		wantTemporary bool
		wantAttempts  int // also the number of requests the server sees
	}{
		{"404 not retried", fetchtest.Status(404, nil), true, 404, false, 1},
		{"410 not retried", fetchtest.Status(410, nil), true, 410, false, 1},
		{"403 not retried", fetchtest.Status(403, nil), true, 403, false, 1},
		{"500 then 200", fetchtest.Sequence(fetchtest.Status(500, nil), ok), false, 200, false, 2},
		{"502 504 then 200", fetchtest.Sequence(fetchtest.Status(502, nil), fetchtest.Status(504, nil), ok), false, 200, false, 3},
		{"408 then 200", fetchtest.Sequence(fetchtest.Status(408, nil), ok), false, 200, false, 2},
		{"425 then 200", fetchtest.Sequence(fetchtest.Status(425, nil), ok), false, 200, false, 2},
		{"429 without Retry-After then 200", fetchtest.Sequence(fetchtest.Status(429, nil), ok), false, 200, false, 2},
		{"500 always: gives up after retries", fetchtest.Status(500, nil), true, 500, true, 3},
		{"connection dropped then 200", fetchtest.Sequence(fetchtest.Drop(), ok), false, 200, false, 2},
		{"204 is an empty body", fetchtest.Status(204, nil), true, 0, false, 1},
		{"empty 200", fetchtest.Static("text/xml", nil), true, 0, false, 1},
		{"300 without Location", fetchtest.Status(300, nil), true, 300, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fetchtest.NewServer(t)
			srv.Handle("/feed", tt.handler)
			c := newClient(t, func(o *fetch.Options) { o.MaxRetries = 2 })

			resp, err := c.Fetch(context.Background(), fetch.Request{AllowPrivate: true, URL: srv.URL("/feed")})
			if n := len(srv.Requests()); n != tt.wantAttempts {
				t.Errorf("server saw %d requests, want %d", n, tt.wantAttempts)
			}
			if !tt.wantErr {
				if err != nil {
					t.Fatal(err)
				}
				if resp.StatusCode != tt.wantStatus || resp.Attempts != tt.wantAttempts {
					t.Errorf("StatusCode %d, Attempts %d; want %d, %d", resp.StatusCode, resp.Attempts, tt.wantStatus, tt.wantAttempts)
				}
				return
			}
			fe := asError(t, err)
			if fe.StatusCode != tt.wantStatus || fe.Temporary != tt.wantTemporary || fe.Attempts != tt.wantAttempts {
				t.Errorf("Error{StatusCode %d, Temporary %v, Attempts %d}, want {%d, %v, %d}",
					fe.StatusCode, fe.Temporary, fe.Attempts, tt.wantStatus, tt.wantTemporary, tt.wantAttempts)
			}
			if fe.URL != srv.URL("/feed") || !strings.HasPrefix(err.Error(), "fetch "+srv.URL("/feed")+": ") {
				t.Errorf("error does not name the URL first: %q", err)
			}
			if tt.wantStatus == 0 && !errors.Is(err, fetch.ErrEmptyBody) {
				t.Errorf("error = %v, want ErrEmptyBody", err)
			}
		})
	}
}

func TestFetchErrorHidesBodyAndPassword(t *testing.T) {
	srv := fetchtest.NewServer(t)
	srv.Handle("/feed", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, "SECRET stack trace")
	}))
	var logs bytes.Buffer // written only during Fetch
	c := newClient(t, func(o *fetch.Options) {
		o.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	u := strings.Replace(srv.URL("/feed"), "http://", "http://user:hunter2@", 1)
	_, err := c.Fetch(context.Background(), fetch.Request{AllowPrivate: true, URL: u})
	fe := asError(t, err)
	for what, s := range map[string]string{"error": err.Error(), "Error.URL": fe.URL, "log": logs.String()} {
		if strings.Contains(s, "SECRET") || strings.Contains(s, "hunter2") {
			t.Errorf("%s leaks the body or the password: %q", what, s)
		}
	}
	if !strings.Contains(err.Error(), "status 500") {
		t.Errorf("error %q does not give the status", err)
	}
	if !strings.Contains(logs.String(), "retrying") {
		t.Errorf("retries were not logged: %q", logs.String())
	}
}

func TestFetchRetryAfter(t *testing.T) {
	t.Run("503 Retry-After: 1 is waited for", func(t *testing.T) {
		t.Parallel()
		srv := fetchtest.NewServer(t)
		srv.Handle("/feed", fetchtest.Sequence(
			fetchtest.Status(503, http.Header{"Retry-After": {"1"}}),
			fetchtest.Static("application/rss+xml", []byte(rss)),
		))
		c := newClient(t, func(o *fetch.Options) { o.MaxRetryWait = 2 * time.Second })
		resp, err := c.Fetch(context.Background(), fetch.Request{AllowPrivate: true, URL: srv.URL("/feed")})
		if err != nil {
			t.Fatal(err)
		}
		if resp.Attempts != 2 {
			t.Errorf("Attempts = %d, want 2", resp.Attempts)
		}
		reqs := srv.Requests()
		if len(reqs) != 2 {
			t.Fatalf("server saw %d requests, want 2", len(reqs))
		}
		// The server asked for a second; the retry must not come sooner
		// (a lower bound only: slow machines are fine).
		if gap := reqs[1].Time.Sub(reqs[0].Time); gap < 900*time.Millisecond {
			t.Errorf("retried after %v, before the 1s Retry-After", gap)
		}
	})

	tests := []struct {
		name       string
		code       int
		retryAfter string
		want       time.Duration
	}{
		{"429 seconds beyond MaxRetryWait", 429, "3600", time.Hour},
		{"503 HTTP-date beyond MaxRetryWait", 503, time.Now().Add(2 * time.Hour).UTC().Format(http.TimeFormat), 2 * time.Hour},
		{"429 just beyond MaxRetryWait", 429, "1", time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fetchtest.NewServer(t)
			srv.Handle("/feed", fetchtest.Status(tt.code, http.Header{"Retry-After": {tt.retryAfter}}))
			c := newClient(t, func(o *fetch.Options) { o.MaxRetryWait = 500 * time.Millisecond })
			_, err := c.Fetch(context.Background(), fetch.Request{AllowPrivate: true, URL: srv.URL("/feed")})
			fe := asError(t, err)
			if fe.StatusCode != tt.code || !fe.Temporary || fe.Attempts != 1 {
				t.Errorf("Error{StatusCode %d, Temporary %v, Attempts %d}, want {%d, true, 1}", fe.StatusCode, fe.Temporary, fe.Attempts, tt.code)
			}
			if d := fe.RetryAfter - tt.want; d < -5*time.Second || d > time.Second {
				t.Errorf("RetryAfter = %v, want about %v", fe.RetryAfter, tt.want)
			}
			if n := len(srv.Requests()); n != 1 {
				t.Errorf("server saw %d requests, want 1 (no waiting)", n)
			}
		})
	}
}

func TestFetchTimeouts(t *testing.T) {
	tests := []struct {
		name    string
		handler http.Handler
		opts    func(*fetch.Options)
		req     fetch.Request
	}{
		{"hang cut by Timeout", fetchtest.Hang(),
			func(o *fetch.Options) { o.Timeout = 100 * time.Millisecond }, fetch.Request{AllowPrivate: true}},
		{"hang cut by HeaderTimeout", fetchtest.Hang(),
			func(o *fetch.Options) { o.Timeout = 5 * time.Second; o.HeaderTimeout = 100 * time.Millisecond }, fetch.Request{AllowPrivate: true}},
		{"hang cut by Request.Timeout", fetchtest.Hang(),
			func(o *fetch.Options) { o.Timeout = 5 * time.Second }, fetch.Request{AllowPrivate: true, Timeout: 100 * time.Millisecond}},
		{"trickle cut by Timeout", fetchtest.Trickle(bytes.Repeat([]byte("x"), 1000), 5*time.Millisecond),
			func(o *fetch.Options) { o.Timeout = 150 * time.Millisecond }, fetch.Request{AllowPrivate: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fetchtest.NewServer(t)
			srv.Handle("/slow", tt.handler)
			c := newClient(t, func(o *fetch.Options) { o.MaxRetries = 1; tt.opts(o) })
			tt.req.URL = srv.URL("/slow")
			_, err := c.Fetch(context.Background(), tt.req)
			if !errors.Is(err, fetch.ErrTimeout) {
				t.Fatalf("error = %v, want ErrTimeout", err)
			}
			if errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("an attempt timeout must not look like the caller's deadline: %v", err)
			}
			fe := asError(t, err)
			if !fe.Temporary || fe.Attempts != 2 {
				t.Errorf("Temporary %v, Attempts %d; want true, 2 (timeouts are retried)", fe.Temporary, fe.Attempts)
			}
		})
	}
}

func TestFetchContextCancel(t *testing.T) {
	t.Run("during Retry-After wait", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		srv := fetchtest.NewServer(t)
		srv.Handle("/feed", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "10")
			w.WriteHeader(http.StatusServiceUnavailable)
			time.AfterFunc(20*time.Millisecond, cancel) // once Fetch is waiting
		}))
		c := newClient(t, func(o *fetch.Options) { o.MaxRetryWait = time.Minute })
		start := time.Now()
		_, err := c.Fetch(ctx, fetch.Request{AllowPrivate: true, URL: srv.URL("/feed")})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error = %v, want context.Canceled", err)
		}
		if time.Since(start) > 5*time.Second {
			t.Errorf("Fetch kept waiting after ctx was cancelled")
		}
		if fe := asError(t, err); fe.Temporary || fe.Attempts != 1 {
			t.Errorf("Temporary %v, Attempts %d; want false, 1", fe.Temporary, fe.Attempts)
		}
	})
	t.Run("during backoff", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		srv := fetchtest.NewServer(t)
		srv.Handle("/feed", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadGateway)
			time.AfterFunc(20*time.Millisecond, cancel)
		}))
		c := newClient(t, func(o *fetch.Options) { o.RetryBase = 10 * time.Second; o.MaxRetryWait = time.Minute })
		_, err := c.Fetch(ctx, fetch.Request{AllowPrivate: true, URL: srv.URL("/feed")})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error = %v, want context.Canceled", err)
		}
	})
	t.Run("during a hanging request", func(t *testing.T) {
		t.Parallel()
		srv := fetchtest.NewServer(t)
		srv.Handle("/feed", fetchtest.Hang())
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		c := newClient(t, func(o *fetch.Options) { o.Timeout = time.Minute })
		_, err := c.Fetch(ctx, fetch.Request{AllowPrivate: true, URL: srv.URL("/feed")})
		if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, fetch.ErrTimeout) {
			t.Fatalf("error = %v, want the caller's context.DeadlineExceeded", err)
		}
		if fe := asError(t, err); fe.Attempts != 1 {
			t.Errorf("Attempts = %d, want 1: a cancelled ctx is not retried", fe.Attempts)
		}
	})
	t.Run("already cancelled", func(t *testing.T) {
		t.Parallel()
		srv := fetchtest.NewServer(t)
		srv.Handle("/feed", fetchtest.Static("text/xml", []byte(rss)))
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := newClient(t, nil).Fetch(ctx, fetch.Request{AllowPrivate: true, URL: srv.URL("/feed")})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error = %v, want context.Canceled", err)
		}
		if n := len(srv.Requests()); n != 0 {
			t.Errorf("server saw %d requests, want 0", n)
		}
	})
}

func TestFetchTooLarge(t *testing.T) {
	const limit = 1 << 20
	exact := bytes.Repeat([]byte("a"), limit)
	tests := []struct {
		name    string
		handler http.Handler
		wantErr bool
	}{
		{"streamed without Content-Length", fetchtest.Huge(5 << 20), true},
		{"Content-Length over the cap", fetchtest.Static("text/plain", append(exact, 'a')), true},
		{"exactly the cap streamed", fetchtest.Huge(limit), false},
		{"exactly the cap with Content-Length", fetchtest.Static("text/plain", exact), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fetchtest.NewServer(t)
			srv.Handle("/big", tt.handler)
			c := newClient(t, func(o *fetch.Options) { o.MaxBodySize = limit })
			resp, err := c.Fetch(context.Background(), fetch.Request{AllowPrivate: true, URL: srv.URL("/big")})
			if !tt.wantErr {
				if err != nil {
					t.Fatal(err)
				}
				if len(resp.Body) != limit {
					t.Errorf("len(Body) = %d, want %d", len(resp.Body), limit)
				}
				return
			}
			if !errors.Is(err, fetch.ErrTooLarge) {
				t.Fatalf("error = %v, want ErrTooLarge", err)
			}
			if fe := asError(t, err); fe.Temporary || fe.Attempts != 1 {
				t.Errorf("Temporary %v, Attempts %d; want false, 1", fe.Temporary, fe.Attempts)
			}
		})
	}
}

// TestFetchGzipBomb is not parallel: it measures allocation.
func TestFetchGzipBomb(t *testing.T) {
	const bomb = 64 << 20 // 64 MiB of zeros, about 64 KiB compressed
	tests := []struct {
		name      string
		transport func() http.RoundTripper
	}{
		{"transport decompresses", nil},
		{"client decompresses", func() http.RoundTripper {
			tr := http.DefaultTransport.(*http.Transport).Clone()
			tr.DisableCompression = true // as a custom transport might
			return tr
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fetchtest.NewServer(t)
			srv.Handle("/bomb", fetchtest.GzipBomb(bomb))
			c := newClient(t, func(o *fetch.Options) {
				o.MaxBodySize = 1 << 20
				if tt.transport != nil {
					o.Transport = tt.transport()
				}
			})
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := c.Fetch(context.Background(), fetch.Request{AllowPrivate: true, URL: srv.URL("/bomb")})
			runtime.ReadMemStats(&after)
			if !errors.Is(err, fetch.ErrTooLarge) {
				t.Fatalf("error = %v, want ErrTooLarge", err)
			}
			// Client and server together; reading the bomb would take 64 MiB.
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
				t.Errorf("allocated %d MiB for a 1 MiB cap", alloc>>20)
			}
		})
	}
}

func TestFetchGzipSmall(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(rss))
	zw.Close()
	srv := fetchtest.NewServer(t)
	srv.Handle("/feed", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gz.Bytes())
	}))
	srv.Handle("/corrupt", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write([]byte("this is not gzip at all"))
	}))
	srv.Handle("/brotli", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "br")
		w.Write([]byte{0x1b, 0x02})
	}))
	for _, disable := range []bool{false, true} {
		t.Run(fmt.Sprintf("DisableCompression=%v", disable), func(t *testing.T) {
			tr := http.DefaultTransport.(*http.Transport).Clone()
			tr.DisableCompression = disable
			c := newClient(t, func(o *fetch.Options) { o.Transport = tr })
			resp, err := c.Fetch(context.Background(), fetch.Request{AllowPrivate: true, URL: srv.URL("/feed")})
			if err != nil {
				t.Fatal(err)
			}
			if string(resp.Body) != rss {
				t.Errorf("Body = %q, want the decompressed feed", resp.Body)
			}
			for _, path := range []string{"/corrupt", "/brotli"} {
				_, err = c.Fetch(context.Background(), fetch.Request{AllowPrivate: true, URL: srv.URL(path)})
				if fe := asError(t, err); fe.Temporary || fe.Attempts != 1 {
					t.Errorf("%s: %v: Temporary %v, Attempts %d; want false, 1", path, err, fe.Temporary, fe.Attempts)
				}
			}
		})
	}
}

func TestFetchRedirects(t *testing.T) {
	ok := fetchtest.Static("application/rss+xml", []byte(rss))
	type route struct {
		path string
		h    http.Handler
	}
	chain := func(codes ...int) []route {
		var rs []route
		for i, code := range codes {
			rs = append(rs, route{fmt.Sprintf("/r%d", i), fetchtest.Redirect(code, fmt.Sprintf("/r%d", i+1))})
		}
		return append(rs, route{fmt.Sprintf("/r%d", len(codes)), ok})
	}
	tests := []struct {
		name          string
		routes        []route
		maxRedirects  int
		wantErr       error
		wantFinal     string // path
		wantPermanent bool
	}{
		{"301 gives PermanentURL", chain(301), 0, nil, "/r1", true},
		{"308 gives PermanentURL", chain(308), 0, nil, "/r1", true},
		{"302 does not", chain(302), 0, nil, "/r1", false},
		{"307 does not", chain(307), 0, nil, "/r1", false},
		{"301 then 302 does not", chain(301, 302), 0, nil, "/r2", false},
		{"301 then 308", chain(301, 308), 0, nil, "/r2", true},
		{"five hops allowed", chain(302, 302, 302, 302, 302), 5, nil, "/r5", false},
		{"six hops too many", chain(302, 302, 302, 302, 302, 302), 5, fetch.ErrTooManyRedirects, "", false},
		{"no redirects allowed", chain(301), -1, fetch.ErrTooManyRedirects, "", false},
		{"loop", []route{{"/a", fetchtest.Redirect(302, "/b")}, {"/b", fetchtest.Redirect(301, "/a")}}, 0, fetch.ErrRedirectLoop, "", false},
		{"self loop", []route{{"/a", fetchtest.Redirect(301, "/a#top")}}, 0, fetch.ErrRedirectLoop, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fetchtest.NewServer(t)
			for _, r := range tt.routes {
				srv.Handle(r.path, r.h)
			}
			c := newClient(t, func(o *fetch.Options) { o.MaxRedirects = tt.maxRedirects })
			start := srv.URL(tt.routes[0].path)
			resp, err := c.Fetch(context.Background(), fetch.Request{AllowPrivate: true, URL: start})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error = %v, want %v", err, tt.wantErr)
				}
				if fe := asError(t, err); fe.Temporary || fe.Attempts != 1 {
					t.Errorf("Temporary %v, Attempts %d; want false, 1", fe.Temporary, fe.Attempts)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			wantPermanent := ""
			if tt.wantPermanent {
				wantPermanent = srv.URL(tt.wantFinal)
			}
			if resp.RequestURL != start || resp.URL != srv.URL(tt.wantFinal) || resp.PermanentURL != wantPermanent {
				t.Errorf("RequestURL %q, URL %q, PermanentURL %q; want %q, %q, %q",
					resp.RequestURL, resp.URL, resp.PermanentURL, start, srv.URL(tt.wantFinal), wantPermanent)
			}
		})
	}
}

func TestFetchRedirectKeepsHeaders(t *testing.T) {
	old := fetchtest.NewServer(t)
	moved := fetchtest.NewServer(t) // another host:port
	moved.Handle("/feed.xml", fetchtest.Static("application/rss+xml", []byte(rss)))
	old.Handle("/feed", fetchtest.Redirect(301, moved.URL("/feed.xml")))
	c := newClient(t, nil)
	ctx := context.Background()

	first, err := c.Fetch(ctx, fetch.Request{AllowPrivate: true, URL: old.URL("/feed")})
	if err != nil {
		t.Fatal(err)
	}
	if first.PermanentURL != moved.URL("/feed.xml") {
		t.Errorf("PermanentURL = %q, want %q", first.PermanentURL, moved.URL("/feed.xml"))
	}
	moved.Reset()
	resp, err := c.Fetch(ctx, fetch.Request{AllowPrivate: true, URL: old.URL("/feed"), ETag: first.ETag, LastModified: first.LastModified})
	if err != nil {
		t.Fatal(err)
	}
	if !resp.NotModified {
		t.Errorf("NotModified = false after a redirect; conditional headers were lost")
	}
	got := moved.Requests()
	if len(got) != 1 || got[0].IfNoneMatch != first.ETag || got[0].IfModifiedSince != first.LastModified || got[0].UserAgent != testUA {
		t.Errorf("redirected request = %+v; want If-None-Match %q, If-Modified-Since %q, User-Agent %q",
			got, first.ETag, first.LastModified, testUA)
	}
}

func TestFetchRedirectToOtherScheme(t *testing.T) {
	srv := fetchtest.NewServer(t)
	srv.Handle("/feed", fetchtest.Redirect(302, "file:///etc/passwd"))
	_, err := newClient(t, nil).Fetch(context.Background(), fetch.Request{AllowPrivate: true, URL: srv.URL("/feed")})
	if fe := asError(t, err); fe.Temporary || fe.Attempts != 1 {
		t.Errorf("%v: Temporary %v, Attempts %d; want false, 1", err, fe.Temporary, fe.Attempts)
	}
}

func TestFetchInvalidURL(t *testing.T) {
	c := newClient(t, nil)
	for _, u := range []string{"", "ftp://example.org/feed", "/relative", "http://", "http://exa mple.org/"} {
		_, err := c.Fetch(context.Background(), fetch.Request{URL: u})
		if fe := asError(t, err); fe.Temporary || fe.Attempts != 0 {
			t.Errorf("%q: %v: Temporary %v, Attempts %d; want false, 0", u, err, fe.Temporary, fe.Attempts)
		}
	}
}

// inFlight is a handler that records the most requests it saw at once,
// across every server that shares it.
type inFlight struct {
	now, max atomic.Int64
	hold     time.Duration
}

func (f *inFlight) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := f.now.Add(1)
	defer f.now.Add(-1)
	for {
		m := f.max.Load()
		if n <= m || f.max.CompareAndSwap(m, n) {
			break
		}
	}
	select { // hold the slot long enough for others to pile up
	case <-time.After(f.hold):
	case <-r.Context().Done():
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprint(w, "ok")
}

func TestFetchConcurrencyLimits(t *testing.T) {
	t.Run("per host", func(t *testing.T) {
		t.Parallel()
		counter := &inFlight{hold: 30 * time.Millisecond}
		srv := fetchtest.NewServer(t)
		srv.Handle("/", counter)
		c := newClient(t, func(o *fetch.Options) { o.MaxPerHost = 2; o.MaxConcurrent = 8 })
		fetchAll(t, c, 10, func(int) string { return srv.URL("/") })
		if m := counter.max.Load(); m > 2 {
			t.Errorf("saw %d requests in flight to one host, want at most 2", m)
		}
		if n := len(srv.Requests()); n != 10 {
			t.Errorf("server saw %d requests, want 10", n)
		}
	})
	t.Run("global", func(t *testing.T) {
		t.Parallel()
		counter := &inFlight{hold: 30 * time.Millisecond}
		var srvs []*fetchtest.Server
		for range 3 {
			s := fetchtest.NewServer(t)
			s.Handle("/", counter)
			srvs = append(srvs, s)
		}
		c := newClient(t, func(o *fetch.Options) { o.MaxPerHost = 2; o.MaxConcurrent = 3 })
		fetchAll(t, c, 12, func(i int) string { return srvs[i%3].URL("/") })
		if m := counter.max.Load(); m > 3 {
			t.Errorf("saw %d requests in flight in total, want at most 3", m)
		}
	})
}

// fetchAll runs n Fetch calls in parallel and fails the test on any error.
func fetchAll(t *testing.T, c *fetch.Client, n int, url func(int) string) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			if _, err := c.Fetch(context.Background(), fetch.Request{AllowPrivate: true, URL: url(i)}); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestFetchCharsetDecoded(t *testing.T) {
	srv := fetchtest.NewServer(t)
	srv.Handle("/latin1.xml", fetchtest.Static("text/xml; charset=ISO-8859-1",
		[]byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><title>Caf\xe9</title></rss>")))
	resp, err := newClient(t, nil).Fetch(context.Background(), fetch.Request{AllowPrivate: true, URL: srv.URL("/latin1.xml")})
	if err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?><rss><title>Café</title></rss>`
	if string(resp.Body) != want || resp.Charset != "windows-1252" || resp.ContentType != "text/xml" {
		t.Errorf("Body %q, Charset %q, ContentType %q; want %q, windows-1252, text/xml", resp.Body, resp.Charset, resp.ContentType, want)
	}
}
