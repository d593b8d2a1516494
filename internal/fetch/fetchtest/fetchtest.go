// Package fetchtest serves scripted partner sites on loopback for tests,
// the way net/http/httptest serves a single handler.
//
// Call [NewServer] first: it starts a [Server] that t.Cleanup closes, logs
// every request (see [Server.Requests]) and routes each path to a handler
// installed with [Server.Handle]. The handler constructors script the
// behaviours a fetcher must survive: [Static] (200 with ETag and
// Last-Modified, 304 on a match), [Status], [Redirect], [Hang], [Trickle],
// [Huge], [GzipBomb], [Drop], and [Sequence] to change behaviour from one
// request to the next.
//
//	srv := fetchtest.NewServer(t)
//	srv.Handle("/feed.xml", fetchtest.Sequence(
//		fetchtest.Status(http.StatusServiceUnavailable, http.Header{"Retry-After": {"1"}}),
//		fetchtest.Static("application/rss+xml", rss),
//	))
//	resp, err := client.Fetch(ctx, fetch.Request{URL: srv.URL("/feed.xml"), AllowPrivate: true})
//
// The server listens on loopback, which a fetch.Client refuses to connect
// to unless the request sets AllowPrivate (a pipeline source:
// model.Source.AllowPrivate).
//
// Handlers that wait (Hang, Trickle) return as soon as the request's context
// is done, which includes the server being closed, so Close never blocks on
// them and no handler sleeps blindly.
package fetchtest

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// RequestLog is what the server saw of one request.
type RequestLog struct {
	Method          string
	Path            string
	IfNoneMatch     string
	IfModifiedSince string
	UserAgent       string
	Accept          string
	Header          http.Header // all request headers (a copy)
	Time            time.Time
}

// Server is an httptest.Server with per-path handlers that can be swapped
// between runs and a log of every request.
type Server struct {
	*httptest.Server

	cancel context.CancelFunc // ends every request context, on close

	mu       sync.Mutex
	handlers map[string]http.Handler
	log      []RequestLog
}

// NewServer starts a Server on loopback and closes it when the test ends.
// Paths without a handler answer 404.
func NewServer(t testing.TB) *Server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{cancel: cancel, handlers: make(map[string]http.Handler)}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	// Request contexts derive from ctx, so Close first ends waiting
	// handlers (Hang, Trickle) and then does not block on them.
	s.Config.BaseContext = func(net.Listener) context.Context { return ctx }
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// Close ends all request contexts, then shuts the server down.
func (s *Server) Close() {
	s.cancel()
	s.Server.Close()
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.log = append(s.log, RequestLog{
		Method:          r.Method,
		Path:            r.URL.Path,
		IfNoneMatch:     r.Header.Get("If-None-Match"),
		IfModifiedSince: r.Header.Get("If-Modified-Since"),
		UserAgent:       r.Header.Get("User-Agent"),
		Accept:          r.Header.Get("Accept"),
		Header:          r.Header.Clone(),
		Time:            time.Now(),
	})
	h := s.handlers[r.URL.Path]
	s.mu.Unlock()
	if h == nil {
		http.NotFound(w, r)
		return
	}
	h.ServeHTTP(w, r)
}

// Handle serves path (exact match, query ignored) with h, replacing any
// previous handler. It is safe to call while requests are in flight.
func (s *Server) Handle(path string, h http.Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[path] = h
}

// Requests returns a copy of the log of every request since the start or
// the last Reset, in arrival order.
func (s *Server) Requests() []RequestLog {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]RequestLog(nil), s.log...)
}

// RequestsTo returns the logged requests for one path.
func (s *Server) RequestsTo(path string) []RequestLog {
	var out []RequestLog
	for _, r := range s.Requests() {
		if r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// Reset clears the request log; handlers stay.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}

// URL returns the absolute URL of path on this server.
func (s *Server) URL(path string) string {
	return s.Server.URL + path
}

// staticClock hands out distinct, increasing Last-Modified times, so that in
// Sequence(Static(a), Static(b)) b is newer than a.
var staticClock atomic.Int64

// Static serves body with contentType, a strong ETag (a hash of body) and a
// Last-Modified time, and answers 304 to a matching If-None-Match or, when
// there is none, a not-older If-Modified-Since (via http.ServeContent).
func Static(contentType string, body []byte) http.Handler {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	modTime := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).
		Add(time.Duration(staticClock.Add(1)) * time.Second)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("ETag", etag)
		http.ServeContent(w, r, "", modTime, bytes.NewReader(body))
	})
}

// Status answers code with header and, where the status allows one, a short
// plain-text body.
func Status(code int, header http.Header) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, vs := range header {
			w.Header()[k] = append([]string(nil), vs...)
		}
		if code == http.StatusNoContent || code == http.StatusNotModified {
			w.WriteHeader(code)
			return
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		}
		w.WriteHeader(code)
		fmt.Fprintf(w, "%d %s\n", code, http.StatusText(code))
	})
}

// Redirect answers code with Location: to (relative to the request URL if
// not absolute).
func Redirect(code int, to string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, to, code)
	})
}

// Hang never answers: it waits until the request's context is done (the
// client gave up or the server closed).
func Hang() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
}

// Trickle answers 200 and sends body one byte every interval, flushing each,
// until done or the request's context ends.
func Trickle(body []byte, every time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_ = rc.Flush()
		tick := time.NewTicker(every)
		defer tick.Stop()
		for i := range body {
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
			}
			if _, err := w.Write(body[i : i+1]); err != nil {
				return
			}
			if err := rc.Flush(); err != nil {
				return
			}
		}
	})
}

// Huge answers 200 with n bytes of text, streamed from a small buffer
// without a Content-Length, so a client must count to enforce its cap. It
// stops when the client goes away.
func Huge(n int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		writeRepeated(r.Context(), w, 'a', n)
	})
}

// GzipBomb answers 200 with Content-Encoding: gzip whatever the request
// asked for: n zero bytes compressed about a thousand times. The body is a
// series of gzip members (valid gzip, which every reader concatenates) of
// 1 MiB of zeros each, precomputed once, so serving a large bomb costs the
// server next to nothing. It stops when the client goes away.
func GzipBomb(n int64) http.Handler {
	tail := gzipZeros(n % bombChunk)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("Content-Encoding", "gzip")
		member := bombMember()
		for i := n / bombChunk; i > 0; i-- {
			if r.Context().Err() != nil {
				return
			}
			if _, err := w.Write(member); err != nil {
				return
			}
		}
		if n%bombChunk != 0 || n == 0 {
			_, _ = w.Write(tail)
		}
	})
}

// bombChunk is how many zeros one precomputed gzip member holds.
const bombChunk = 1 << 20

var bombMember = sync.OnceValue(func() []byte { return gzipZeros(bombChunk) })

// gzipZeros returns one gzip member holding n zero bytes.
func gzipZeros(n int64) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_ = writeRepeated(context.Background(), zw, 0, n)
	_ = zw.Close()
	return buf.Bytes()
}

// Drop closes the connection without answering, as a crashing server or a
// reset would.
func Drop() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(http.ErrAbortHandler) // HTTP/2: abort the stream instead
		}
		_ = conn.Close()
	})
}

// Sequence serves the first request with hs[0], the second with hs[1], and
// every request after the last handler with hs[len(hs)-1]. It panics if hs
// is empty.
func Sequence(hs ...http.Handler) http.Handler {
	if len(hs) == 0 {
		panic("fetchtest: Sequence needs at least one handler")
	}
	var n atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := min(n.Add(1)-1, int64(len(hs)-1))
		hs[i].ServeHTTP(w, r)
	})
}

// writeRepeated writes n copies of b to w, a chunk at a time, stopping early
// on a write error or when ctx is done.
func writeRepeated(ctx context.Context, w io.Writer, b byte, n int64) error {
	var chunk [32 << 10]byte
	if b != 0 {
		for i := range chunk {
			chunk[i] = b
		}
	}
	for n > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		m := min(n, int64(len(chunk)))
		if _, err := w.Write(chunk[:m]); err != nil {
			return err
		}
		n -= m
	}
	return nil
}
