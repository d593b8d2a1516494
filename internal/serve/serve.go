// Package serve serves gleaner's output directory over HTTP: the feeds and
// pages with the headers feed readers and browsers need (content types,
// validators, gzip, caching, CORS for partner sites that read the JSON Feed
// from their pages) and nothing else from the disk.
//
// Start with [New], which returns the [http.Handler]. [Every] runs a batch
// at start and then on an interval, one at a time, beside the server;
// [PingHub] tells a WebSub hub which feeds changed.
//
// # What is served
//
// Only regular files with a known extension (see the table in types.go)
// below the directory: "/" and "dir/" serve their index.html, a name
// starting with "." (dotfiles, publish's temporary files) is never served,
// and a path with "..", a backslash, an encoded slash or a symbolic link
// leading out of the directory is refused. Only GET, HEAD and OPTIONS are
// answered.
package serve

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Options tune the handler [New] returns.
type Options struct {
	// AllowedOrigins are the origins ("https://partner.example") whose
	// pages may read the feeds with fetch(); "*" allows any. Empty allows
	// none: the feeds carry no CORS headers.
	AllowedOrigins []string
	// Logger receives a line per failed request and, at debug level, one
	// per request; nil discards them.
	Logger *slog.Logger
}

// New returns a handler serving the files of dir, which must be an
// existing directory. It is opened once, as an [os.Root], so that no
// request can reach outside it, symbolic links included.
//
// An origin in opts.AllowedOrigins that is neither "*" nor a scheme, host
// and optional port is an error.
func New(dir string, opts Options) (http.Handler, error) {
	cors, err := newCORS(opts.AllowedOrigins)
	if err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("serve %s: %w", dir, err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &handler{root: root, cors: cors, log: log, tags: newTagCache()}, nil
}

type handler struct {
	root *os.Root
	cors *cors
	log  *slog.Logger
	tags *tagCache
}

// allowedMethods is the Allow header of 405 and OPTIONS responses.
const allowedMethods = "GET, HEAD, OPTIONS"

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", ReferrerPolicy)

	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
	default:
		hdr.Set("Allow", allowedMethods)
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	rel, dirRequest, status := cleanPath(r.URL)
	if status != 0 {
		h.log.Debug("refused request path", "path", r.URL.EscapedPath(), "status", status)
		http.Error(w, strconv.Itoa(status)+" "+strings.ToLower(http.StatusText(status)), status)
		return
	}
	ft, known := typeOf(rel)
	if known && ft.cors {
		h.cors.apply(hdr, r)
	}
	if r.Method == http.MethodOptions {
		if known && ft.cors && isPreflight(r) {
			h.cors.preflight(hdr, r)
		} else {
			hdr.Set("Allow", allowedMethods)
		}
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if !known {
		if !dirRequest && h.isDir(rel) {
			// "/country" → "/country/", as a relative redirect, so that
			// the index's relative links resolve; only when there is an
			// index to show.
			if _, err := h.root.Stat(rel + "/index.html"); err == nil {
				u := path.Base(rel) + "/"
				if r.URL.RawQuery != "" {
					u += "?" + r.URL.RawQuery
				}
				w.Header().Set("Location", u) // not http.Redirect, which makes it absolute
				w.WriteHeader(http.StatusMovedPermanently)
				return
			}
		}
		http.NotFound(w, r)
		return
	}
	h.serveFile(w, r, rel, ft)
}

// cleanPath checks the request path and returns the slash-separated path
// of the file it names below the root; dirRequest is true when the path
// named a directory ("/", "/country/") and rel is its index.html. A
// non-zero status says why the path is refused: 400 for a path no link of
// ours produces (dot segments, backslashes, encoded slashes, empty
// segments, control characters, invalid UTF-8), 404 for hidden names.
func cleanPath(u *url.URL) (rel string, dirRequest bool, status int) {
	p := u.Path
	raw := strings.ToLower(u.EscapedPath())
	switch {
	case !strings.HasPrefix(p, "/"):
		return "", false, http.StatusBadRequest
	case strings.Contains(raw, "%2f"), strings.Contains(raw, "%5c"):
		return "", false, http.StatusBadRequest
	case !utf8.ValidString(p), strings.ContainsRune(p, '\\'),
		strings.IndexFunc(p, unicode.IsControl) >= 0:
		return "", false, http.StatusBadRequest
	}
	p = p[1:]
	if p == "" || strings.HasSuffix(p, "/") {
		dirRequest = true
		p += "index.html"
	}
	for seg := range strings.SplitSeq(p, "/") {
		switch {
		case seg == "", seg == ".", seg == "..":
			return "", false, http.StatusBadRequest
		case strings.HasPrefix(seg, "."):
			return "", false, http.StatusNotFound
		}
	}
	return p, dirRequest, 0
}

func (h *handler) isDir(rel string) bool {
	fi, err := h.root.Stat(rel)
	return err == nil && fi.IsDir()
}

// serveFile answers GET and HEAD for a file of a served type.
func (h *handler) serveFile(w http.ResponseWriter, r *http.Request, rel string, ft fileType) {
	// Stat before opening, so that a FIFO is never opened (which would
	// block). The root refuses paths whose symbolic links lead out of it.
	fi, err := h.root.Stat(rel)
	if err != nil || !fi.Mode().IsRegular() {
		h.notFound(w, r, rel, err)
		return
	}
	f, err := h.root.Open(rel)
	if err != nil {
		h.notFound(w, r, rel, err)
		return
	}
	defer f.Close()
	// The open file's own metadata: publish replaces files by renaming
	// new ones over them, so what f reads is what this says.
	if fi, err = f.Stat(); err != nil || !fi.Mode().IsRegular() {
		h.notFound(w, r, rel, err)
		return
	}

	var body io.Reader = f
	tag, ok := h.tags.get(rel, fi)
	if !ok {
		data, err := io.ReadAll(io.LimitReader(f, fi.Size()+1))
		if err != nil || int64(len(data)) != fi.Size() {
			h.log.Error("could not read a file to serve", "path", rel, "error", err)
			http.Error(w, "500 internal server error", http.StatusInternalServerError)
			return
		}
		tag = h.tags.put(rel, fi, data)
		body = bytes.NewReader(data)
	}

	hdr := w.Header()
	contentType := ft.contentType
	if ft.browserType != "" {
		hdr.Add("Vary", "Accept")
		if acceptsHTML(r.Header.Values("Accept")) {
			contentType = ft.browserType
		}
	}
	hdr.Set("Content-Type", contentType)
	hdr.Set("Cache-Control", ft.cacheControl)
	if ft.document {
		hdr.Set("Content-Security-Policy", ContentSecurityPolicy)
	}
	gz := false
	if ft.compress {
		hdr.Add("Vary", "Accept-Encoding")
		gz = acceptsGzip(r.Header.Values("Accept-Encoding"))
	}
	// The gzip variant is a different representation, so it gets its own
	// strong tag: compress/gzip writes the same bytes for the same input.
	etag := `"` + tag + `"`
	if gz {
		etag = `"` + tag + `-gz"`
	}
	modified := fi.ModTime().UTC().Truncate(time.Second)
	hdr.Set("ETag", etag)
	hdr.Set("Last-Modified", modified.Format(http.TimeFormat))

	if v := hdr.Values("Vary"); len(v) > 1 {
		hdr.Set("Vary", strings.Join(v, ", ")) // one line, for caches that read only one
	}

	if notModified(r, etag, modified) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if gz {
		hdr.Set("Content-Encoding", "gzip")
	} else {
		hdr.Set("Content-Length", strconv.FormatInt(fi.Size(), 10))
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	if err := copyBody(w, body, gz); err != nil {
		h.log.Debug("response cut short", "path", rel, "error", err)
	}
}

func (h *handler) notFound(w http.ResponseWriter, r *http.Request, rel string, err error) {
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		// Symbolic links out of the root, permissions: worth knowing.
		h.log.Warn("refused to serve a file", "path", rel, "error", err)
	}
	http.NotFound(w, r)
}

var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(io.Discard) }}

func copyBody(w io.Writer, body io.Reader, gz bool) error {
	if !gz {
		_, err := io.Copy(w, body)
		return err
	}
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(w)
	if _, err := io.Copy(zw, body); err != nil {
		return err
	}
	return zw.Close()
}

// notModified evaluates If-None-Match, or, when the request has none,
// If-Modified-Since (RFC 9110, section 13.2.2).
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header.Values("If-None-Match"); len(inm) > 0 {
		return etagListMatches(strings.Join(inm, ","), etag)
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" {
		return false
	}
	t, err := http.ParseTime(ims)
	return err == nil && !modified.After(t)
}

// etagListMatches reports whether the If-None-Match list matches etag by
// weak comparison: W/ prefixes are ignored, "*" matches anything.
func etagListMatches(list, etag string) bool {
	etag = strings.TrimPrefix(etag, "W/")
	for {
		list = strings.TrimLeft(list, " \t,")
		switch {
		case list == "":
			return false
		case list[0] == '*':
			return true
		}
		list = strings.TrimPrefix(list, "W/")
		if !strings.HasPrefix(list, `"`) {
			return false // malformed: no match, so a full response
		}
		end := strings.IndexByte(list[1:], '"')
		if end < 0 {
			return false
		}
		if list[:end+2] == etag {
			return true
		}
		list = list[end+2:]
	}
}

// acceptsGzip reports whether the Accept-Encoding header values accept
// gzip: named with a non-zero q, or covered by "*" when not named.
func acceptsGzip(values []string) bool {
	q := qualities(values)
	if v, ok := q["gzip"]; ok {
		return v > 0
	}
	if v, ok := q["x-gzip"]; ok {
		return v > 0
	}
	return q["*"] > 0
}

// acceptsHTML reports whether the Accept header values name text/html with
// a non-zero q, as browsers' navigations do; a wildcard does not count,
// since feed readers send */*.
func acceptsHTML(values []string) bool {
	return qualities(values)["text/html"] > 0
}

// qualities parses the values of an Accept or Accept-Encoding header into
// lower-cased names and their q (1 when not given, 0 when not a number).
func qualities(values []string) map[string]float64 {
	out := map[string]float64{}
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			name, params, _ := strings.Cut(part, ";")
			name = strings.ToLower(strings.TrimSpace(name))
			if name == "" {
				continue
			}
			q := 1.0
			for param := range strings.SplitSeq(params, ";") {
				k, val, _ := strings.Cut(param, "=")
				if strings.EqualFold(strings.TrimSpace(k), "q") {
					var err error
					if q, err = strconv.ParseFloat(strings.TrimSpace(val), 64); err != nil {
						q = 0
					}
				}
			}
			out[name] = q
		}
	}
	return out
}
