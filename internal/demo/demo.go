// Package demo serves a world of partner sites on loopback: the labelled
// corpus bundled with gleaner (see the root package), or any directory laid
// out the same way. `gleaner demo` and the end-to-end tests fetch from it.
//
// Call [LoadSites] to read the sites, [NewHandler] or [Serve] to serve them,
// and [ConfigYAML] for a feeds.yaml that points at the served world.
package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"path"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Site is one partner site of the world, as its site.yaml describes it.
type Site struct {
	ID          string `yaml:"-"`
	Name        string `yaml:"name"`
	Kind        string `yaml:"kind"`  // rss | atom | jsonfeed | page
	Entry       string `yaml:"entry"` // feed or listing page, relative to the site
	FullContent bool   `yaml:"full_content"`
	Charset     string `yaml:"charset"`
	Language    string `yaml:"language"`
	Notes       string `yaml:"notes"`
}

// IsFeed reports whether the site publishes a feed.
func (s Site) IsFeed() bool { return s.Kind != "page" }

// Placeholder is the text every served file has in place of the server's
// own address.
const Placeholder = "{{BASE}}"

// LoadSites reads sites/*/site.yaml from fsys, sorted by ID.
func LoadSites(fsys fs.FS) ([]Site, error) {
	entries, err := fs.ReadDir(fsys, "sites")
	if err != nil {
		return nil, fmt.Errorf("demo: read sites: %w", err)
	}
	var sites []Site
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		b, err := fs.ReadFile(fsys, path.Join("sites", e.Name(), "site.yaml"))
		if err != nil {
			return nil, fmt.Errorf("demo: site %s: %w", e.Name(), err)
		}
		var s Site
		if err := yaml.Unmarshal(b, &s); err != nil {
			return nil, fmt.Errorf("demo: site %s: site.yaml: %w", e.Name(), err)
		}
		s.ID = e.Name()
		if s.Entry == "" {
			return nil, fmt.Errorf("demo: site %s: site.yaml: entry is missing", s.ID)
		}
		sites = append(sites, s)
	}
	sort.Slice(sites, func(i, j int) bool { return sites[i].ID < sites[j].ID })
	return sites, nil
}

// modTime is the Last-Modified of every served file: the world is static.
var modTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// NewHandler serves fsys's sites/<id>/<path> at /<id>/<path>, with every
// {{BASE}} replaced by the address the request was sent to. Responses carry
// an ETag and Last-Modified and honour conditional requests, so a second
// run sees 304s like it would from a well-behaved partner.
func NewHandler(fsys fs.FS) (http.Handler, error) {
	sites, err := LoadSites(fsys)
	if err != nil {
		return nil, err
	}
	charsets := make(map[string]string)
	for _, s := range sites {
		charsets[s.ID] = s.Charset
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if p == "" || p == "." {
			serveIndex(w, sites)
			return
		}
		if strings.HasSuffix(r.URL.Path, "/") {
			p += "/index.html"
		}
		site, _, _ := strings.Cut(p, "/")
		b, err := fs.ReadFile(fsys, path.Join("sites", p))
		if err != nil || path.Base(p) == "site.yaml" {
			http.NotFound(w, r)
			return
		}
		b = bytes.ReplaceAll(b, []byte(Placeholder), []byte("http://"+r.Host))
		sum := sha256.Sum256(b)
		w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
		w.Header().Set("Content-Type", contentType(p, charsets[site]))
		http.ServeContent(w, r, "", modTime, bytes.NewReader(b))
	}), nil
}

// contentType is what a partner's server would say for the file at p.
func contentType(p, charset string) string {
	var t string
	switch path.Ext(p) {
	case ".xml":
		t = "application/xml"
		if strings.Contains(p, "atom") {
			t = "application/atom+xml"
		} else if strings.Contains(p, "rss") || strings.Contains(p, "feed") {
			t = "application/rss+xml"
		}
	case ".rdf":
		t = "application/rdf+xml"
	case ".json":
		t = "application/feed+json"
	default:
		t = mime.TypeByExtension(path.Ext(p))
		if t == "" {
			t = "application/octet-stream"
		}
		t, _, _ = strings.Cut(t, ";")
	}
	if charset == "" {
		charset = "utf-8"
	}
	return t + "; charset=" + charset
}

func serveIndex(w http.ResponseWriter, sites []Site) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintln(w, "<!doctype html><title>gleaner demo world</title><h1>Partner sites</h1><ul>")
	for _, s := range sites {
		fmt.Fprintf(w, "<li><a href=\"/%s/%s\">%s</a> (%s)</li>\n", s.ID, s.Entry, s.Name, s.Kind)
	}
	fmt.Fprintln(w, "</ul>")
}

// Serve serves fsys on addr (use "127.0.0.1:0" for a free port) until ctx
// is done or the returned stop function is called. It returns the base URL,
// e.g. "http://127.0.0.1:41234".
func Serve(ctx context.Context, fsys fs.FS, addr string) (base string, stop func(), err error) {
	h, err := NewHandler(fsys)
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("demo: listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = err // the listener is ours; nothing to report to
		}
	}()
	stopCtx, cancel := context.WithCancel(ctx)
	go func() {
		<-stopCtx.Done()
		shut, c := context.WithTimeout(context.Background(), 2*time.Second)
		defer c()
		_ = srv.Shutdown(shut)
	}()
	return "http://" + ln.Addr().String(), cancel, nil
}

// ConfigYAML returns a feeds.yaml for the world served at base: one source
// per site (a feed, or a listing page for sites without one), and an "all"
// output. outBase is the
// config's base_url (where output/ would be served).
func ConfigYAML(base, outBase string, sites []Site) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# feeds.yaml for the demo world served at %s\n", base)
	fmt.Fprintf(&b, "title: News from our partners (demo)\n")
	fmt.Fprintf(&b, "description: A sample world of partner sites served on loopback.\n")
	fmt.Fprintf(&b, "base_url: %s\n", outBase)
	fmt.Fprintf(&b, "contact: https://github.com/gleanerhq/gleaner\n")
	fmt.Fprintf(&b, "sources:\n")
	for _, s := range sites {
		typ := "feed"
		if !s.IsFeed() {
			typ = "page" // no feed: gleaner reads the listing page and each article
		}
		fmt.Fprintf(&b, "  - id: %s\n    name: %q\n    url: %s/%s/%s\n    type: %s\n    home_url: %s/%s/index.html\n",
			s.ID, s.Name, base, s.ID, s.Entry, typ, base, s.ID)
		if s.Language != "" {
			fmt.Fprintf(&b, "    language: %s\n", s.Language)
		}
		b.WriteString("    allow_private: true  # the demo world is served on loopback\n")
	}
	b.WriteString(`outputs:
  - id: all
    title: Everything
    description: Every story from every partner.
    max_items: 0
  - id: good-news
    title: Good news
    description: Believers released, freed or acquitted, in every partner language.
    include: [released, freed, acquitted, liberados, libérés, "/freigelassen|libertad|acquitt?ement/"]
  - id: africa
    title: Africa
    description: Stories about Nigeria, Eritrea, Egypt, Mozambique and the DRC.
    countries: [NG, ER, EG, MZ, CD]
`)
	return b.Bytes()
}
