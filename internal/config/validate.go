package config

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/andybalholm/cascadia"
)

// Validate reports every problem in c as [Errors], sorted by line, or nil.
// It checks the normal form [Parse] produces (base_url ending in "/",
// upper-case country codes), so a Config built in Go should be written in
// that form; its errors then have Line 0.
func (c *Config) Validate() error {
	return c.validate(nil).err()
}

var (
	idPattern       = regexp.MustCompile(`^[a-z0-9-]+$`)
	languagePattern = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)
	countryPattern  = regexp.MustCompile(`^[A-Z]{2}$`)
)

// reservedOutputIDs are output ids gleaner publishes itself.
var reservedOutputIDs = map[string]string{
	"source":  "the per-source outputs",
	"country": "the per-country outputs",
	"prayer":  "the prayer-points output",
}

// validator collects problems, skipping paths (and what is under them)
// that decode already reported.
type validator struct {
	c    *Config
	skip map[string]bool
	errs Errors
}

// validate checks c; prior are decode's problems, whose paths it does not
// report again.
func (c *Config) validate(prior Errors) Errors {
	v := &validator{c: c, skip: map[string]bool{}}
	for _, e := range prior {
		v.skip[e.Path] = true
	}
	v.config()
	return v.errs
}

func (v *validator) errorf(path, format string, args ...any) {
	for p := path; p != ""; p = parent(p) {
		if v.skip[p] {
			return
		}
	}
	v.errs = append(v.errs, &Error{File: v.c.file, Line: v.c.line(path), Path: path, Msg: fmt.Sprintf(format, args...)})
}

// line returns the line path was written on, or the line of its nearest
// written parent ("sources[2]" for a missing "sources[2].url"), or 0.
func (c *Config) line(path string) int {
	for ; path != ""; path = parent(path) {
		if n, ok := c.lines[path]; ok {
			return n
		}
	}
	return 0
}

// parent returns the path one level up: "sources[2]" for "sources[2].url",
// "sources" for "sources[2]", "" for "sources".
func parent(path string) string {
	return path[:max(0, strings.LastIndexAny(path, ".["))]
}

func (v *validator) config() {
	c := v.c
	if strings.TrimSpace(c.Title) == "" {
		v.errorf("title", "is required")
	}
	if v.url("base_url", c.BaseURL, true) {
		if u, _ := url.Parse(c.BaseURL); u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(c.BaseURL, "?") {
			v.errorf("base_url", "must not have a query or fragment (got %q)", c.BaseURL)
		} else if !strings.HasSuffix(c.BaseURL, "/") {
			v.errorf("base_url", "must end with \"/\" (got %q)", c.BaseURL)
		}
	}
	// home_url and contact default to base_url and home_url: check them
	// only where they differ, so one bad URL is reported once.
	if c.HomeURL != c.BaseURL {
		v.url("home_url", c.HomeURL, false)
	}
	if c.Contact != c.HomeURL && c.Contact != c.BaseURL {
		v.contact("contact", c.Contact)
	}
	v.language("language", c.Language)
	v.fetch()
	v.serve()
	if c.Defaults.MaxItems < 0 {
		v.errorf("defaults.max_items", "must not be negative (got %d)", c.Defaults.MaxItems)
	}
	v.language("defaults.language", c.Defaults.Language)
	v.fullText("defaults.full_text", c.Defaults.FullText)

	ids := map[string]string{}  // source id → path of its first use
	urls := map[string]string{} // source url → path of its first use
	for i, s := range c.Sources {
		v.source(fmt.Sprintf("sources[%d]", i), s, ids, urls)
	}
	outIDs := map[string]string{}
	for i, o := range c.Outputs {
		v.output(fmt.Sprintf("outputs[%d]", i), o, outIDs)
	}
	for i, o := range c.Overrides {
		v.override(fmt.Sprintf("overrides[%d]", i), o)
	}
	for i, h := range c.VideoHosts {
		if h == "" || strings.ContainsAny(h, "/: ") || !strings.Contains(h, ".") {
			v.errorf(fmt.Sprintf("video_hosts[%d]", i), "must be a host name such as player.vimeo.com (got %q)", h)
		}
	}
}

// override checks one editor's correction.
func (v *validator) override(p string, o Override) {
	switch {
	case o.URL == "" && o.ID == "":
		v.errorf(p, "needs url or id: the article to correct")
	case o.URL != "" && o.ID != "":
		v.errorf(p+".id", "give url or id, not both")
	case o.URL != "":
		v.url(p+".url", o.URL, true)
	}
	if !o.Block && !o.Pin && o.Title == "" && o.Countries == nil && len(o.AddCountries) == 0 && len(o.RemoveCountries) == 0 {
		v.errorf(p, "says nothing to do: set block, pin, title, countries, add_countries or remove_countries")
	}
	if o.Block && (o.Pin || o.Title != "" || o.Countries != nil || len(o.AddCountries)+len(o.RemoveCountries) > 0) {
		v.errorf(p+".block", "a blocked item is never published: drop the other corrections")
	}
	v.countries(p+".countries", o.Countries)
	v.countries(p+".add_countries", o.AddCountries)
	v.countries(p+".remove_countries", o.RemoveCountries)
}

// patterns checks an output's include or exclude list: keywords, or
// regular expressions between slashes.
func (v *validator) patterns(p string, list []string) {
	for i, s := range list {
		path := fmt.Sprintf("%s[%d]", p, i)
		switch {
		case strings.TrimSpace(s) == "":
			v.errorf(path, "is empty")
		case len(s) >= 2 && strings.HasPrefix(s, "/") && strings.HasSuffix(s, "/"):
			if _, err := regexp.Compile(s[1 : len(s)-1]); err != nil {
				v.errorf(path, "not a valid regular expression: %v (got %q)", err, s)
			}
		}
	}
}

func (v *validator) fetch() {
	f := v.c.Fetch
	if strings.IndexFunc(f.UserAgent, unicode.IsControl) >= 0 {
		v.errorf("fetch.user_agent", "must not contain control characters (got %q)", f.UserAgent)
	}
	v.positive("fetch.timeout", f.Timeout)
	if v.positive("fetch.connect_timeout", f.ConnectTimeout) && f.Timeout > 0 && f.ConnectTimeout > f.Timeout {
		v.errorf("fetch.connect_timeout", "must not be longer than fetch.timeout (%s > %s)", f.ConnectTimeout, f.Timeout)
	}
	if f.MaxBodySize <= 0 {
		v.errorf("fetch.max_body_size", "must be positive (got %s)", f.MaxBodySize)
	}
	if f.Concurrency < 1 {
		v.errorf("fetch.concurrency", "must be at least 1 (got %d)", f.Concurrency)
	}
	if f.PerHost < 1 {
		v.errorf("fetch.per_host", "must be at least 1 (got %d)", f.PerHost)
	}
	if f.Retries < 0 {
		v.errorf("fetch.retries", "must not be negative (got %d)", f.Retries)
	}
	v.nonNegative("fetch.max_retry_wait", f.MaxRetryWait)
	v.nonNegative("fetch.max_backoff", f.MaxBackoff)
}

func (v *validator) serve() {
	s := v.c.Serve
	seen := map[string]string{} // lower-cased origin → path of its first mention
	for i, o := range s.AllowedOrigins {
		p := fmt.Sprintf("serve.allowed_origins[%d]", i)
		key := strings.ToLower(o)
		if first, dup := seen[key]; dup {
			v.errorf(p, "%q is listed twice (first on line %d)", o, v.c.line(first))
			continue
		}
		seen[key] = p
		if o == "*" {
			if len(s.AllowedOrigins) > 1 {
				v.errorf(p, "\"*\" allows every origin: list it alone")
			}
			continue
		}
		if msg := checkOrigin(o); msg != "" {
			v.errorf(p, "%s (got %q)", msg, o)
		}
	}
	if s.WebSubHub != "" && v.url("serve.websub_hub", s.WebSubHub, false) {
		if u, _ := url.Parse(s.WebSubHub); !strings.EqualFold(u.Scheme, "https") {
			v.errorf("serve.websub_hub", "must be an https URL (got %q)", s.WebSubHub)
		}
	}
}

// checkOrigin checks a web origin as browsers send it in the Origin
// header: scheme, host and optional port, nothing else.
func checkOrigin(o string) string {
	const want = `must be an origin like "https://partner.example": scheme, host and port only`
	if msg := checkURL(o); msg != "" {
		return want
	}
	u, _ := url.Parse(o)
	if u.Path != "" || u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(o, "?#") {
		return want
	}
	return ""
}

func (v *validator) source(p string, s Source, ids, urls map[string]string) {
	if v.id(p+".id", s.ID) {
		if first, ok := ids[s.ID]; ok {
			v.errorf(p+".id", "duplicate id %q (first used on line %d)", s.ID, v.c.line(first))
		} else {
			ids[s.ID] = p + ".id"
		}
	}
	if v.url(p+".url", s.URL, true) {
		if first, ok := urls[s.URL]; ok {
			v.errorf(p+".url", "same url as %s (line %d)", strings.TrimSuffix(first, ".url"), v.c.line(first))
		} else {
			urls[s.URL] = p + ".url"
		}
	}
	switch s.Type {
	case TypeAuto, TypeFeed, TypePage:
	default:
		v.errorf(p+".type", "must be %q, %q or omitted (got %q)", TypeFeed, TypePage, s.Type)
	}
	v.url(p+".home_url", s.HomeURL, false)
	v.language(p+".language", s.Language)
	v.countries(p+".countries", s.Countries)
	v.nonNegative(p+".timeout", s.Timeout)
	if s.MaxItems < 0 {
		v.errorf(p+".max_items", "must not be negative (got %d)", s.MaxItems)
	}
	// A source that inherits defaults.full_text is checked there.
	if s.FullText != v.c.Defaults.FullText || v.written(p+".full_text") {
		v.fullText(p+".full_text", s.FullText)
	}
	v.selector(p+".content_selector", s.ContentSelector)
	v.selector(p+".remove_selectors", s.RemoveSelectors)
	if s.FullText == FullTextNever {
		from := ""
		if v.c.lines != nil && !v.written(p+".full_text") {
			from = " (from defaults.full_text)"
		}
		for _, f := range []struct{ key, sel string }{{"content_selector", s.ContentSelector}, {"remove_selectors", s.RemoveSelectors}} {
			if f.sel != "" {
				v.errorf(p+"."+f.key, "is never used, since full_text is %q%s", FullTextNever, from)
			}
		}
	}
	v.listing(p+".listing", s)
}

// listing checks a source's listing overrides.
func (v *validator) listing(p string, s Source) {
	l := s.Listing
	if s.Type == TypeFeed {
		// max_pages is filled in for every source, so only another value
		// shows that the file set it.
		if l != (Listing{MaxPages: l.MaxPages}) || (l.MaxPages != 0 && l.MaxPages != defaultMaxPages) {
			v.errorf(p, "is only used by sources of type %q", TypePage)
		}
		return
	}
	const needsItem = "needs listing.item, the element that holds each article"
	v.selector(p+".item", l.Item)
	for _, f := range []struct{ key, sel string }{{"link", l.Link}, {"title", l.Title}, {"date", l.Date}} {
		if v.selector(p+"."+f.key, f.sel) && l.Item == "" {
			v.errorf(p+"."+f.key, needsItem)
		}
	}
	if l.DateLayout != "" {
		// "06" is the two-digit year and part of "2006", the four-digit
		// one; no other element of a Go layout contains it.
		if !strings.Contains(l.DateLayout, "06") {
			v.errorf(p+".date_layout", "must contain the year, as 2006 or 06 (got %q)", l.DateLayout)
		}
		if l.Item == "" {
			v.errorf(p+".date_layout", needsItem)
		}
	}
	if l.MaxPages < 0 || l.MaxPages > maxMaxPages {
		v.errorf(p+".max_pages", "must be between 1 and %d, or 0 for the default %d (got %d)", maxMaxPages, defaultMaxPages, l.MaxPages)
	}
}

// written reports whether the file gave path a key.
func (v *validator) written(path string) bool {
	_, ok := v.c.lines[path]
	return ok
}

// fullText checks a full-text mode; "" means FullTextAuto.
func (v *validator) fullText(path, mode string) {
	switch mode {
	case "", FullTextAuto, FullTextAlways, FullTextNever:
	default:
		v.errorf(path, "must be %q, %q or %q (got %q)", FullTextAuto, FullTextAlways, FullTextNever, mode)
	}
}

// selector checks an optional CSS selector group, as goquery's Find
// reads it, and reports whether it is set and valid.
func (v *validator) selector(path, sel string) bool {
	if sel == "" {
		return false
	}
	if _, err := cascadia.ParseGroup(sel); err != nil {
		v.errorf(path, "not a valid CSS selector: %s (got %q)", err, sel)
		return false
	}
	return true
}

func (v *validator) output(p string, o Output, ids map[string]string) {
	if v.id(p+".id", o.ID) {
		if reason, ok := reservedOutputIDs[o.ID]; ok {
			v.errorf(p+".id", "%q is reserved for %s", o.ID, reason)
		} else if first, ok := ids[o.ID]; ok {
			v.errorf(p+".id", "duplicate id %q (first used on line %d)", o.ID, v.c.line(first))
		} else {
			ids[o.ID] = p + ".id"
		}
	}
	if strings.TrimSpace(o.Title) == "" {
		v.errorf(p+".title", "is required")
	}
	v.language(p+".language", o.Language)
	if len(o.Sources) > 0 {
		known := make([]string, len(v.c.Sources))
		for i, s := range v.c.Sources {
			known[i] = s.ID
		}
		seen := map[string]string{} // id → path of its first mention
		for i, id := range o.Sources {
			path := fmt.Sprintf("%s.sources[%d]", p, i)
			if first, ok := seen[id]; ok {
				v.errorf(path, "%q is listed twice (first on line %d)", id, v.c.line(first))
				continue
			}
			seen[id] = path
			if !slices.Contains(known, id) {
				v.errorf(path, "unknown source %q%s", id, didYouMean(id, known))
			}
		}
	}
	v.countries(p+".countries", o.Countries)
	if o.MaxItems < 0 {
		v.errorf(p+".max_items", "must not be negative (got %d)", o.MaxItems)
	}
	v.nonNegative(p+".max_age", o.MaxAge)
	for i, l := range o.Languages {
		v.language(fmt.Sprintf("%s.languages[%d]", p, i), l)
	}
	v.patterns(p+".include", o.Include)
	v.patterns(p+".exclude", o.Exclude)
	switch o.MatchIn {
	case "", "title", "text", "both":
	default:
		v.errorf(p+".match_in", "must be title, text or both (got %q)", o.MatchIn)
	}
}

// id checks a required source or output id and reports whether it is
// well-formed.
func (v *validator) id(path, id string) bool {
	switch {
	case id == "":
		v.errorf(path, "is required")
	case !idPattern.MatchString(id):
		v.errorf(path, "must be lower-case letters, digits and \"-\" (got %q)", id)
	default:
		return true
	}
	return false
}

// url checks an absolute http(s) URL and reports whether it is one; an
// empty optional URL is fine but reported as false.
func (v *validator) url(path, raw string, required bool) bool {
	if raw == "" {
		if required {
			v.errorf(path, "is required")
		}
		return false
	}
	if msg := checkURL(raw); msg != "" {
		v.errorf(path, "%s (got %q)", msg, raw)
		return false
	}
	return true
}

func checkURL(raw string) string {
	if strings.IndexFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return "must not contain spaces"
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "is not a valid URL"
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "":
		return "must be an absolute URL starting with http:// or https://"
	default:
		return "must be http or https"
	}
	if u.Opaque != "" || u.Host == "" || u.Hostname() == "" {
		return "must have a host"
	}
	if u.User != nil {
		return "must not contain a user name or password"
	}
	return ""
}

// contact checks an http(s) or mailto: URL.
func (v *validator) contact(path, raw string) {
	if addr, ok := strings.CutPrefix(raw, "mailto:"); ok {
		if !isEmail(addr) {
			v.errorf(path, "must be an http(s) URL or an email address (got %q)", raw)
		}
		return
	}
	if msg := checkURL(raw); msg != "" {
		v.errorf(path, "must be an http(s) URL or an email address (got %q)", raw)
	}
}

func isEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.ContainsAny(s, " \t\r\n<>,;:\"") && !strings.Contains(domain, "@")
}

func (v *validator) language(path, tag string) {
	if tag != "" && !languagePattern.MatchString(tag) {
		v.errorf(path, "must be a language tag like en or pt-BR (got %q)", tag)
	}
}

func (v *validator) countries(path string, codes []string) {
	seen := map[string]string{} // code → path of its first mention
	for i, code := range codes {
		p := fmt.Sprintf("%s[%d]", path, i)
		first, dup := seen[code]
		if !dup {
			seen[code] = p
		}
		switch {
		case dup:
			v.errorf(p, "%q is listed twice (first on line %d)", code, v.c.line(first))
		case code == "UK":
			v.errorf(p, "must be an ISO 3166-1 alpha-2 code: the United Kingdom is \"GB\" (got %q)", code)
		case !countryPattern.MatchString(code):
			v.errorf(p, "must be an ISO 3166-1 alpha-2 code: two upper-case letters (got %q)", code)
		}
	}
}

func (v *validator) positive(path string, d Duration) bool {
	if d <= 0 {
		v.errorf(path, "must be positive (got %s)", d)
		return false
	}
	return true
}

func (v *validator) nonNegative(path string, d Duration) {
	if d < 0 {
		v.errorf(path, "must not be negative (got %s)", d)
	}
}

// Normalisation, applied by Parse before validation.

// withSlash adds the final "/" to a base URL that is otherwise valid, so
// that an invalid one is reported as written.
func withSlash(u string) string {
	if u != "" && !strings.HasSuffix(u, "/") && !strings.ContainsAny(u, "?#") && checkURL(u) == "" {
		return u + "/"
	}
	return u
}

// normContact turns a bare email address into a mailto: URL.
func normContact(s string) string {
	if !strings.Contains(s, ":") && isEmail(s) {
		return "mailto:" + s
	}
	return s
}

// normLanguage writes a language tag in its usual case: "pt_br" → "pt-BR",
// "zh-hant-tw" → "zh-Hant-TW". Tags of the wrong shape are left for
// validation.
func normLanguage(tag string) string {
	tag = strings.ReplaceAll(tag, "_", "-")
	if !languagePattern.MatchString(tag) {
		return tag
	}
	parts := strings.Split(tag, "-")
	for i, p := range parts {
		switch {
		case i == 0:
			parts[i] = strings.ToLower(p)
		case len(p) == 2:
			parts[i] = strings.ToUpper(p)
		case len(p) == 4:
			parts[i] = strings.ToUpper(p[:1]) + strings.ToLower(p[1:])
		default:
			parts[i] = strings.ToLower(p)
		}
	}
	return strings.Join(parts, "-")
}

// normCountries upper-cases the codes.
func normCountries(codes []string) []string {
	for i, c := range codes {
		codes[i] = strings.ToUpper(c)
	}
	return codes
}
