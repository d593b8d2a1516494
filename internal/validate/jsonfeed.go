package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"time"
)

// JSON Feed versions.
const (
	jsonFeed11 = "https://jsonfeed.org/version/1.1"
	jsonFeed10 = "https://jsonfeed.org/version/1"
)

// JSONFeed checks b as a JSON Feed 1.1 document (jsonfeed.org/version/1.1).
func JSONFeed(b []byte) []Problem {
	var r report
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		r.errorf("document", "not JSON: %v", err)
		return r.ps
	}
	if d.More() {
		r.errorf("document", "more than one JSON value")
	}
	top, ok := v.(map[string]any)
	if !ok {
		r.errorf("document", "a JSON Feed is an object, not %s", jsonKind(v))
		return r.ps
	}
	j := jsonChecker{r: &r}
	j.feed(top)
	return r.ps
}

type jsonChecker struct{ r *report }

var (
	jsonFeedKeys = set("version", "title", "home_page_url", "feed_url", "description", "user_comment", "next_url",
		"icon", "favicon", "authors", "author", "language", "expired", "hubs", "items")
	jsonItemKeys = set("id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
		"banner_image", "date_published", "date_modified", "authors", "author", "tags", "language", "attachments")
	jsonAuthorKeys     = set("name", "url", "avatar")
	jsonAttachmentKeys = set("url", "mime_type", "title", "size_in_bytes", "duration_in_seconds")
	jsonHubKeys        = set("type", "url")
)

func (j *jsonChecker) feed(f map[string]any) {
	j.keys("", f, jsonFeedKeys)
	switch v, ok := f["version"]; {
	case !ok:
		j.r.errorf("version", "missing; it is %q", jsonFeed11)
	case v == jsonFeed10:
		j.r.warnf("version", "JSON Feed 1.0; this is checked as %s", jsonFeed11)
	case v != jsonFeed11:
		j.r.errorf("version", "%s is not %q", show(v), jsonFeed11)
	}
	if s, ok := j.str(f, "", "title", true); ok && isBlank(s) {
		j.r.errorf("title", "the title is empty")
	}
	for _, k := range []string{"home_page_url", "feed_url", "next_url", "icon", "favicon"} {
		j.url(f, "", k, false)
	}
	if _, ok := f["feed_url"]; !ok {
		j.r.warnf("feed_url", "missing: a feed should give its own URL")
	}
	for _, k := range []string{"description", "user_comment"} {
		j.str(f, "", k, false)
	}
	j.language(f, "")
	if v, ok := f["expired"]; ok {
		if _, isBool := v.(bool); !isBool {
			j.r.errorf("expired", "%s is not a boolean", show(v))
		}
	}
	j.authors(f, "")
	if hubs, ok := j.array(f, "", "hubs", false); ok {
		for i, h := range hubs {
			p := fmt.Sprintf("hubs[%d]", i)
			o, ok := h.(map[string]any)
			if !ok {
				j.r.errorf(p, "a hub is an object, not %s", jsonKind(h))
				continue
			}
			j.keys(p+".", o, jsonHubKeys)
			j.str(o, p+".", "type", true)
			j.url(o, p+".", "url", true)
		}
	}
	items, ok := j.array(f, "", "items", true)
	if !ok {
		return
	}
	ids := make(map[string]string)
	for i, it := range items {
		p := fmt.Sprintf("items[%d]", i)
		o, ok := it.(map[string]any)
		if !ok {
			j.r.errorf(p, "an item is an object, not %s", jsonKind(it))
			continue
		}
		j.item(o, p, ids)
	}
}

func (j *jsonChecker) item(it map[string]any, p string, ids map[string]string) {
	pre := p + "."
	j.keys(pre, it, jsonItemKeys)
	switch id, ok := it["id"]; {
	case !ok:
		j.r.errorf(pre+"id", "missing; every item has a unique id")
	default:
		s, isStr := id.(string)
		if !isStr {
			j.r.errorf(pre+"id", "%s: the id must be a string", show(id))
			break
		}
		if isBlank(s) {
			j.r.errorf(pre+"id", "the id is empty")
			break
		}
		if first, dup := ids[s]; dup {
			j.r.errorf(pre+"id", "id %q is also the id of %s", s, first)
		} else {
			ids[s] = p
		}
	}
	_, html := it["content_html"]
	_, text := it["content_text"]
	if !html && !text {
		j.r.errorf(p, "an item must have content_html or content_text")
	}
	for _, k := range []string{"title", "content_html", "content_text", "summary"} {
		j.str(it, pre, k, false)
	}
	for _, k := range []string{"url", "external_url", "image", "banner_image"} {
		j.url(it, pre, k, false)
	}
	pub := j.date(it, pre, "date_published")
	mod := j.date(it, pre, "date_modified")
	if !pub.IsZero() && !mod.IsZero() && mod.Before(pub) {
		j.r.warnf(pre+"date_modified", "before date_published")
	}
	j.language(it, pre)
	j.authors(it, pre)
	if tags, ok := j.array(it, pre, "tags", false); ok {
		for i, t := range tags {
			if s, ok := t.(string); !ok || isBlank(s) {
				j.r.errorf(fmt.Sprintf("%stags[%d]", pre, i), "%s: a tag is a non-empty string", show(t))
			}
		}
	}
	if atts, ok := j.array(it, pre, "attachments", false); ok {
		for i, a := range atts {
			ap := fmt.Sprintf("%sattachments[%d]", pre, i)
			o, ok := a.(map[string]any)
			if !ok {
				j.r.errorf(ap, "an attachment is an object, not %s", jsonKind(a))
				continue
			}
			j.keys(ap+".", o, jsonAttachmentKeys)
			j.url(o, ap+".", "url", true)
			if s, ok := j.str(o, ap+".", "mime_type", true); ok && !mediaTypeRE.MatchString(s) {
				j.r.errorf(ap+".mime_type", "%q is not a media type", s)
			}
			j.str(o, ap+".", "title", false)
			for _, k := range []string{"size_in_bytes", "duration_in_seconds"} {
				if v, ok := o[k]; ok {
					n, isNum := v.(json.Number)
					if f, err := n.Float64(); !isNum || err != nil || f < 0 {
						j.r.errorf(ap+"."+k, "%s is not a non-negative number", show(v))
					}
				}
			}
		}
	}
}

// authors checks "authors" (1.1) and the deprecated "author" (1.0).
func (j *jsonChecker) authors(o map[string]any, pre string) {
	if a, ok := o["author"]; ok {
		j.r.warnf(pre+"author", "deprecated in JSON Feed 1.1: use authors")
		j.author(a, pre+"author")
	}
	as, ok := j.array(o, pre, "authors", false)
	if !ok {
		return
	}
	for i, a := range as {
		j.author(a, fmt.Sprintf("%sauthors[%d]", pre, i))
	}
}

func (j *jsonChecker) author(a any, p string) {
	o, ok := a.(map[string]any)
	if !ok {
		j.r.errorf(p, "an author is an object, not %s", jsonKind(a))
		return
	}
	j.keys(p+".", o, jsonAuthorKeys)
	j.str(o, p+".", "name", false)
	j.url(o, p+".", "url", false)
	j.url(o, p+".", "avatar", false)
	_, n := o["name"]
	_, u := o["url"]
	_, av := o["avatar"]
	if !n && !u && !av {
		j.r.errorf(p, "an author has at least one of name, url and avatar")
	}
}

// extKeyRE is an extension's key: an underscore, then a letter or digit.
var extKeyRE = regexp.MustCompile(`^_[A-Za-z0-9]`)

// keys reports keys the spec does not define: extensions start with an
// underscore and are objects.
func (j *jsonChecker) keys(pre string, o map[string]any, known map[string]bool) {
	names := make([]string, 0, len(o))
	for k := range o {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		switch {
		case known[k]:
		case extKeyRE.MatchString(k):
			if _, ok := o[k].(map[string]any); !ok {
				j.r.warnf(pre+k, "an extension is an object, not %s (JSON Feed 1.1, Extensions)", jsonKind(o[k]))
			}
		case len(k) > 0 && k[0] == '_':
			j.r.warnf(pre+k, "an extension's name is an underscore followed by a letter or digit")
		default:
			j.r.warnf(pre+k, "not a JSON Feed 1.1 key: extensions start with an underscore")
		}
	}
}

// str returns o[k] as a string, reporting a missing required key or a
// value of another type.
func (j *jsonChecker) str(o map[string]any, pre, k string, required bool) (string, bool) {
	v, ok := o[k]
	if !ok {
		if required {
			j.r.errorf(pre+k, "missing")
		}
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		j.r.errorf(pre+k, "%s is not a string", show(v))
	}
	return s, ok
}

func (j *jsonChecker) url(o map[string]any, pre, k string, required bool) {
	if s, ok := j.str(o, pre, k, required); ok && !absURL(s) {
		j.r.errorf(pre+k, "%q is not an absolute URL", s)
	}
}

func (j *jsonChecker) date(o map[string]any, pre, k string) time.Time {
	s, ok := j.str(o, pre, k, false)
	if !ok {
		return time.Time{}
	}
	t, err := parseRFC3339(s)
	if err != nil {
		j.r.errorf(pre+k, "%v", err)
	}
	return t
}

func (j *jsonChecker) language(o map[string]any, pre string) {
	if s, ok := j.str(o, pre, "language", false); ok && !langRE.MatchString(s) {
		j.r.errorf(pre+"language", "%q is not a well-formed language tag (RFC 5646)", s)
	}
}

func (j *jsonChecker) array(o map[string]any, pre, k string, required bool) ([]any, bool) {
	v, ok := o[k]
	if !ok {
		if required {
			j.r.errorf(pre+k, "missing; it is an array, empty if need be")
		}
		return nil, false
	}
	a, ok := v.([]any)
	if !ok {
		j.r.errorf(pre+k, "%s is not an array", show(v))
	}
	return a, ok
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func show(v any) string {
	switch v.(type) {
	case string, json.Number, bool, nil:
		b, _ := json.Marshal(v)
		return string(b)
	}
	return jsonKind(v)
}

// jsonSelf returns the feed's feed_url, if any.
func jsonSelf(b []byte) string {
	var f struct {
		FeedURL string `json:"feed_url"`
	}
	_ = json.Unmarshal(b, &f)
	return f.FeedURL
}
