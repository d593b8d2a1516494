// Package validate checks published feeds against their specifications:
// Atom 1.0 (RFC 4287), RSS 2.0 (the RSS Advisory Board's profile) and
// JSON Feed 1.1. It is gleaner's own structural check, written from the
// specifications rather than from internal/publish, so that it catches
// what the publisher gets wrong; `make validate` runs independent
// validators (xmllint with a RELAX NG schema, feedparser, jsonschema) over
// the same files.
//
// [Atom], [RSS] and [JSONFeed] check one document; [File] picks the check
// by extension and also matches the feed's self URL against its name;
// [Dir] checks every feed under a directory.
package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Severity says whether a Problem breaks the specification (Error) or goes
// against what it recommends (Warning).
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Problem is one finding about a document.
type Problem struct {
	Severity Severity
	Path     string // the element or key: "feed/entry[2]/updated", "items[0].id"
	Message  string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s: %s: %s", p.Severity, p.Path, p.Message)
}

// Errors counts the problems of severity Error.
func Errors(ps []Problem) int {
	n := 0
	for _, p := range ps {
		if p.Severity == Error {
			n++
		}
	}
	return n
}

// report collects problems.
type report struct{ ps []Problem }

func (r *report) errorf(path, format string, a ...any) {
	r.ps = append(r.ps, Problem{Error, path, fmt.Sprintf(format, a...)})
}

func (r *report) warnf(path, format string, a ...any) {
	r.ps = append(r.ps, Problem{Warning, path, fmt.Sprintf(format, a...)})
}

// Dir checks every feed under dir: .atom and .rss files, and .json files
// that are JSON Feeds (an object with "version" or "items"; other JSON,
// like status.json, is left alone). The map has one key per feed checked,
// its slash-separated path relative to dir, with its problems (none for a
// clean feed).
func Dir(dir string) (map[string][]Problem, error) {
	out := make(map[string][]Problem)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ext := filepath.Ext(p)
		if ext != ".atom" && ext != ".rss" && ext != ".json" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if ext == ".json" && !isJSONFeed(b) {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		out[rel] = File(rel, b)
		return nil
	})
	return out, err
}

// Names returns the keys of a Dir result, sorted.
func Names(m map[string][]Problem) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func isJSONFeed(b []byte) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(b, &top) != nil {
		return true // not an object: let JSONFeed say so
	}
	_, v := top["version"]
	_, i := top["items"]
	return v || i
}

// File checks b as the feed format its name's extension says (.atom, .rss,
// .json), and that the feed's self URL (atom:link rel="self", feed_url)
// ends with name: a feed published as country/PK.rss must say so. name is
// slash-separated, relative to where the feeds are served.
func File(name string, b []byte) []Problem {
	var ps []Problem
	var self, selfPath string
	switch path.Ext(name) {
	case ".atom":
		ps = Atom(b)
		self, selfPath = atomSelf(b), "feed/link[@rel=self]"
	case ".rss":
		ps = RSS(b)
		self, selfPath = rssSelf(b), "rss/channel/atom:link[@rel=self]"
	case ".json":
		ps = JSONFeed(b)
		self, selfPath = jsonSelf(b), "feed_url"
	default:
		return []Problem{{Error, name, "not a feed: the extension is not .atom, .rss or .json"}}
	}
	if self != "" {
		if u, err := url.Parse(self); err == nil && !strings.HasSuffix(u.Path, "/"+strings.TrimPrefix(name, "/")) {
			ps = append(ps, Problem{Error, selfPath, fmt.Sprintf("self URL %q does not end with the file's path %q", self, name)})
		}
	}
	return ps
}

// absURL reports whether s is an absolute URI (IRI): a scheme, then
// something. http(s) URLs also need a host.
func absURL(s string) bool {
	if s == "" || strings.TrimSpace(s) != s || strings.ContainsAny(s, " \t\r\n<>\"") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || !schemeRE.MatchString(u.Scheme) {
		return false
	}
	if u.Scheme == "http" || u.Scheme == "https" {
		return u.Host != ""
	}
	return u.Opaque != "" || u.Host != "" || u.Path != ""
}

var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*$`)

// rfc3339RE is RFC 3339's date-time (section 5.6) as Atom restricts it:
// uppercase T and Z (RFC 4287 section 3.3).
var rfc3339RE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`)

// parseRFC3339 parses an RFC 3339 date-time, strictly.
func parseRFC3339(s string) (time.Time, error) {
	if !rfc3339RE.MatchString(s) {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 date-time (like 2006-01-02T15:04:05Z)", s)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a valid date-time: %v", s, err)
	}
	return t, nil
}

// langRE is a well-formed language tag as RFC 3066 has it (and RFC 4287's
// schema): the BCP 47 tags feeds use are a subset.
var langRE = regexp.MustCompile(`^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$`)

// mediaTypeRE is a type/subtype, with optional parameters.
var mediaTypeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(\s*;.*)?$`)

func trimmed(s string) string { return strings.TrimSpace(s) }

// isBlank reports whether s is empty or only white space.
func isBlank(s string) bool { return len(bytes.TrimSpace([]byte(s))) == 0 }
