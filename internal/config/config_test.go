package config

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// head is a valid start of a config, so each case shows only its problem.
const head = "title: T\nbase_url: https://feeds.example.org/\n"

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string
	}{
		{
			name: "unknown_key_suggests_closest",
			yaml: head + "sources:\n  - id: a\n    ulr: https://a.example/feed\n",
			want: "feeds.yaml:4: sources[0].url: is required\n" +
				"feeds.yaml:5: sources[0].ulr: unknown field (did you mean \"url\"?)",
		},
		{
			name: "top_level_typo",
			yaml: head + "titel: x\n",
			want: `feeds.yaml:3: titel: unknown field (did you mean "title"?)`,
		},
		{
			name: "unknown_key_without_close_match_lists_known",
			yaml: head + "fetch:\n  proxy: http://p\n",
			want: "feeds.yaml:4: fetch.proxy: unknown field; known fields are user_agent, timeout, connect_timeout, max_body_size, concurrency, per_host, retries, max_retry_wait, max_backoff",
		},
		{
			name: "url_scheme",
			yaml: head + "sources:\n  - id: a\n    url: ftp://x\n",
			want: `feeds.yaml:5: sources[0].url: must be http or https (got "ftp://x")`,
		},
		{
			name: "url_relative",
			yaml: head + "sources:\n  - id: a\n    url: /feed\n",
			want: `feeds.yaml:5: sources[0].url: must be an absolute URL starting with http:// or https:// (got "/feed")`,
		},
		{
			name: "url_no_host",
			yaml: head + "sources:\n  - id: a\n    url: https:///feed\n",
			want: `feeds.yaml:5: sources[0].url: must have a host (got "https:///feed")`,
		},
		{
			name: "url_spaces",
			yaml: head + "sources:\n  - id: a\n    url: https://a.example/my feed\n",
			want: `feeds.yaml:5: sources[0].url: must not contain spaces (got "https://a.example/my feed")`,
		},
		{
			name: "base_url_missing",
			yaml: "title: T\n",
			want: `feeds.yaml: base_url: is required`,
		},
		{
			name: "duplicate_source_id_names_both_lines",
			yaml: head + "sources:\n  - id: a\n    url: https://a.example/\n  - id: b\n    url: https://b.example/\n  - id: a\n    url: https://c.example/\n",
			want: `feeds.yaml:8: sources[2].id: duplicate id "a" (first used on line 4)`,
		},
		{
			name: "duplicate_source_url",
			yaml: head + "sources:\n  - id: a\n    url: https://a.example/\n  - id: b\n    url: https://a.example/\n",
			want: `feeds.yaml:7: sources[1].url: same url as sources[0] (line 5)`,
		},
		{
			name: "duplicate_output_id",
			yaml: head + "outputs:\n  - id: all\n    title: A\n  - id: all\n    title: B\n",
			want: `feeds.yaml:6: outputs[1].id: duplicate id "all" (first used on line 4)`,
		},
		{
			name: "bad_id_chars",
			yaml: head + "sources:\n  - id: Open_Doors\n    url: https://a.example/\n",
			want: `feeds.yaml:4: sources[0].id: must be lower-case letters, digits and "-" (got "Open_Doors")`,
		},
		{
			name: "reserved_output_id",
			yaml: head + "outputs:\n  - id: source\n    title: S\n",
			want: `feeds.yaml:4: outputs[0].id: "source" is reserved for the per-source outputs`,
		},
		{
			name: "unknown_output_source",
			yaml: head + "sources:\n  - id: opendoors-uk\n    url: https://a.example/\noutputs:\n  - id: all\n    title: All\n    sources: [opendoors-uk, opendoors-u, nobody]\n",
			want: "feeds.yaml:9: outputs[0].sources[1]: unknown source \"opendoors-u\" (did you mean \"opendoors-uk\"?)\n" +
				"feeds.yaml:9: outputs[0].sources[2]: unknown source \"nobody\"",
		},
		{
			name: "output_title_missing",
			yaml: head + "outputs:\n  - id: all\n",
			want: `feeds.yaml:4: outputs[0].title: is required`,
		},
		{
			name: "bad_duration",
			yaml: head + "fetch:\n  timeout: fast\n",
			want: `feeds.yaml:4: fetch.timeout: must be a duration like 30s, 1h30m, 90d or 2w (got "fast")`,
		},
		{
			name: "duration_without_unit",
			yaml: head + "fetch:\n  timeout: 30\n",
			want: `feeds.yaml:4: fetch.timeout: must be a duration with a unit, like 30s or 90d (got 30)`,
		},
		{
			name: "zero_timeout",
			yaml: head + "fetch:\n  timeout: 0\n",
			want: `feeds.yaml:4: fetch.timeout: must be positive (got 0s)`,
		},
		{
			name: "bad_byte_size",
			yaml: head + "fetch:\n  max_body_size: 10 megs\n",
			want: `feeds.yaml:4: fetch.max_body_size: must be a size like 512KB, 10MiB or 1048576 (got "10 megs")`,
		},
		{
			name: "bad_int",
			yaml: head + "fetch:\n  concurrency: lots\n",
			want: `feeds.yaml:4: fetch.concurrency: must be a whole number (got "lots")`,
		},
		{
			name: "bad_bool",
			yaml: head + "per_source_outputs: yes\n",
			want: `feeds.yaml:3: per_source_outputs: must be true or false (got "yes")`,
		},
		{
			name: "string_given_a_list",
			yaml: head + "description: [a, b]\n",
			want: `feeds.yaml:3: description: must be a string (got a list)`,
		},
		{
			name: "list_given_a_string",
			yaml: head + "sources:\n  - id: a\n    url: https://a.example/\n    countries: KP\n",
			want: `feeds.yaml:6: sources[0].countries: must be a list (got "KP")`,
		},
		{
			name: "bad_country_code",
			yaml: head + "sources:\n  - id: a\n    url: https://a.example/\n    countries:\n      - kp\n      - KOR\n      - UK\n      - KP\n",
			want: "feeds.yaml:8: sources[0].countries[1]: must be an ISO 3166-1 alpha-2 code: two upper-case letters (got \"KOR\")\n" +
				"feeds.yaml:9: sources[0].countries[2]: must be an ISO 3166-1 alpha-2 code: the United Kingdom is \"GB\" (got \"UK\")\n" +
				"feeds.yaml:10: sources[0].countries[3]: \"KP\" is listed twice (first on line 7)",
		},
		{
			name: "bad_language",
			yaml: head + "language: english please\n",
			want: `feeds.yaml:3: language: must be a language tag like en or pt-BR (got "english please")`,
		},
		{
			name: "include_bad_regex",
			yaml: head + "outputs:\n  - id: a\n    title: A\n    include: [church, \"/(unclosed/\"]\n",
			want: "feeds.yaml:6: outputs[0].include[1]: not a valid regular expression: error parsing regexp: missing closing ): `(unclosed` (got \"/(unclosed/\")",
		},
		{
			name: "match_in_bad",
			yaml: head + "outputs:\n  - id: a\n    title: A\n    match_in: body\n",
			want: `feeds.yaml:6: outputs[0].match_in: must be title, text or both (got "body")`,
		},
		{
			name: "output_id_reserved_country",
			yaml: head + "outputs:\n  - id: country\n    title: A\n",
			want: `feeds.yaml:4: outputs[0].id: "country" is reserved for the per-country outputs`,
		},
		{
			name: "override_without_target",
			yaml: head + "overrides:\n  - title: New\n",
			want: `feeds.yaml:4: overrides[0]: needs url or id: the article to correct`,
		},
		{
			name: "override_block_and_pin",
			yaml: head + "overrides:\n  - url: https://a.example/x\n    block: true\n    pin: true\n",
			want: `feeds.yaml:5: overrides[0].block: a blocked item is never published: drop the other corrections`,
		},
		{
			name: "override_bad_country",
			yaml: head + "overrides:\n  - id: urn:x\n    add_countries: [XX1]\n",
			want: `feeds.yaml:5: overrides[0].add_countries[0]: must be an ISO 3166-1 alpha-2 code: two upper-case letters (got "XX1")`,
		},
		{
			name: "type_other",
			yaml: head + "sources:\n  - id: a\n    url: https://a.example/\n    type: rss\n",
			want: `feeds.yaml:6: sources[0].type: must be "feed", "page" or omitted (got "rss")`,
		},
		{
			name: "full_text_bad_value",
			yaml: head + "sources:\n  - id: a\n    url: https://a.example/\n    full_text: sometimes\n",
			want: `feeds.yaml:6: sources[0].full_text: must be "auto", "always" or "never" (got "sometimes")`,
		},
		{
			name: "defaults_full_text_bad_value_reported_once",
			yaml: head + "defaults:\n  full_text: yes please\nsources:\n  - id: a\n    url: https://a.example/\n",
			want: `feeds.yaml:4: defaults.full_text: must be "auto", "always" or "never" (got "yes please")`,
		},
		{
			name: "content_selector_invalid",
			yaml: head + "sources:\n  - id: a\n    url: https://a.example/\n    content_selector: \"div[\"\n    remove_selectors: \".share,\"\n",
			want: "feeds.yaml:6: sources[0].content_selector: not a valid CSS selector: expected identifier, found EOF instead (got \"div[\")\n" +
				"feeds.yaml:7: sources[0].remove_selectors: not a valid CSS selector: expected selector, found EOF instead (got \".share,\")",
		},
		{
			name: "listing_selector_invalid",
			yaml: head + "sources:\n  - id: a\n    url: https://a.example/\n    listing:\n      item: article\n      date: \"p::first-line\"\n",
			want: `feeds.yaml:8: sources[0].listing.date: not a valid CSS selector: pseudo-element first-line found, but pseudo-elements support is disabled (got "p::first-line")`,
		},
		{
			name: "listing_on_feed_source",
			yaml: head + "sources:\n  - id: a\n    url: https://a.example/\n    type: feed\n    listing:\n      item: article\n      link: h2 a\n",
			want: `feeds.yaml:7: sources[0].listing: is only used by sources of type "page"`,
		},
		{
			name: "listing_max_pages_on_feed_source",
			yaml: head + "sources:\n  - id: a\n    url: https://a.example/\n    type: feed\n    listing:\n      max_pages: 10\n",
			want: `feeds.yaml:7: sources[0].listing: is only used by sources of type "page"`,
		},
		{
			name: "listing_field_without_item",
			yaml: head + "sources:\n  - id: a\n    url: https://a.example/\n    listing:\n      link: h2 a\n      title: h2\n      date: time\n      date_layout: 2006-01-02\n",
			want: "feeds.yaml:7: sources[0].listing.link: needs listing.item, the element that holds each article\n" +
				"feeds.yaml:8: sources[0].listing.title: needs listing.item, the element that holds each article\n" +
				"feeds.yaml:9: sources[0].listing.date: needs listing.item, the element that holds each article\n" +
				"feeds.yaml:10: sources[0].listing.date_layout: needs listing.item, the element that holds each article",
		},
		{
			name: "date_layout_without_year",
			yaml: head + "sources:\n  - id: a\n    url: https://a.example/\n    type: page\n    listing:\n      item: article\n      date: time\n      date_layout: 02/01\n",
			want: `feeds.yaml:10: sources[0].listing.date_layout: must contain the year, as 2006 or 06 (got "02/01")`,
		},
		{
			name: "max_pages_out_of_range",
			yaml: head + "sources:\n  - id: a\n    url: https://a.example/\n    listing:\n      max_pages: -1\n  - id: b\n    url: https://b.example/\n    listing:\n      max_pages: 51\n",
			want: "feeds.yaml:7: sources[0].listing.max_pages: must be between 1 and 50, or 0 for the default 3 (got -1)\n" +
				"feeds.yaml:11: sources[1].listing.max_pages: must be between 1 and 50, or 0 for the default 3 (got 51)",
		},
		{
			name: "never_with_selectors",
			yaml: head + "sources:\n  - id: a\n    url: https://a.example/\n    full_text: never\n    content_selector: .entry-content\n    remove_selectors: .share\n",
			want: "feeds.yaml:7: sources[0].content_selector: is never used, since full_text is \"never\"\n" +
				"feeds.yaml:8: sources[0].remove_selectors: is never used, since full_text is \"never\"",
		},
		{
			name: "never_from_defaults_with_selector",
			yaml: head + "defaults:\n  full_text: never\nsources:\n  - id: a\n    url: https://a.example/\n    content_selector: .entry-content\n",
			want: `feeds.yaml:8: sources[0].content_selector: is never used, since full_text is "never" (from defaults.full_text)`,
		},
		{
			name: "connect_timeout_longer_than_timeout",
			yaml: head + "fetch:\n  timeout: 5s\n  connect_timeout: 10s\n",
			want: `feeds.yaml:5: fetch.connect_timeout: must not be longer than fetch.timeout (10s > 5s)`,
		},
		{
			name: "contact",
			yaml: head + "contact: ops at example\n",
			want: `feeds.yaml:3: contact: must be an http(s) URL or an email address (got "ops at example")`,
		},
		{
			name: "empty_file",
			yaml: "",
			want: `feeds.yaml is empty`,
		},
		{
			name: "comments_only",
			yaml: "# nothing yet\n\n",
			want: `feeds.yaml is empty`,
		},
		{
			name: "document_marker_only",
			yaml: "---\n",
			want: `feeds.yaml is empty`,
		},
		{
			name: "syntax_error_keeps_yaml_line",
			yaml: head + "sources:\n  - id: a\n    url: https://a.example/: x: y\n",
			want: `feeds.yaml:5: invalid YAML: mapping values are not allowed in this context`,
		},
		{
			name: "syntax_error_on_first_line",
			yaml: "title: a: b\n",
			want: `feeds.yaml is not valid YAML: mapping values are not allowed in this context`,
		},
		{
			name: "tab_indentation",
			yaml: head + "fetch:\n\ttimeout: 1s\n",
			want: `feeds.yaml:4: invalid YAML: found character that cannot start any token`,
		},
		{
			name: "two_documents",
			yaml: head + "---\ntitle: U\n",
			want: `feeds.yaml:3: a second YAML document starts here; a config file holds one`,
		},
		{
			name: "duplicate_mapping_key",
			yaml: head + "fetch:\n  retries: 1\n  retries: 3\n",
			want: `feeds.yaml:5: fetch.retries: duplicate key (first set on line 4)`,
		},
		{
			name: "duplicate_top_level_key",
			yaml: head + "title: U\n",
			want: `feeds.yaml:3: title: duplicate key (first set on line 1)`,
		},
		{
			name: "top_level_not_a_mapping",
			yaml: "- title: T\n",
			want: `feeds.yaml:1: must be a mapping of settings such as title: and sources: (got a list)`,
		},
		{
			name: "source_not_a_mapping",
			yaml: head + "sources:\n  - https://a.example/\n",
			want: `feeds.yaml:4: sources[0]: must be a mapping of settings (got "https://a.example/")`,
		},
		{
			name: "all_problems_at_once_sorted_by_line",
			yaml: "base_url: ftp://x\nsources:\n  - id: A\n    url: https://a.example/\n    timout: 1s\nfetch:\n  retries: -1\n",
			want: "feeds.yaml: title: is required\n" +
				"feeds.yaml:1: base_url: must be http or https (got \"ftp://x\")\n" +
				"feeds.yaml:3: sources[0].id: must be lower-case letters, digits and \"-\" (got \"A\")\n" +
				"feeds.yaml:5: sources[0].timout: unknown field (did you mean \"timeout\"?)\n" +
				"feeds.yaml:7: fetch.retries: must not be negative (got -1)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(strings.NewReader(tt.yaml), "feeds.yaml")
			if err == nil {
				t.Fatalf("Parse succeeded, want error:\n%s\nconfig: %+v", tt.want, c)
			}
			if c != nil {
				t.Errorf("Parse returned a Config with its error")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Parse error:\n%s\nwant:\n%s", got, tt.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("errors.Is(err, ErrInvalid) = false for %T", err)
			}
			var e *Error
			if !errors.As(err, &e) || e.File != "feeds.yaml" {
				t.Errorf("errors.As(err, *Error) = %v, %+v", errors.As(err, &e), e)
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		name string
		yaml string
	}{
		{"null_lists", head + "sources: ~\noutputs:\nfetch:\n"},
		{"empty_lists", head + "sources: []\noutputs: []\n"},
		{"null_countries", head + "sources:\n  - id: a\n    url: https://a.example/\n    countries: ~\n"},
		{"type_feed", head + "sources:\n  - id: a\n    url: https://a.example/\n    type: feed\n"},
		{"type_page", head + "sources:\n  - id: a\n    url: https://a.example/\n    type: page\n"},
		{"trailing_empty_document", head + "---\n"},
		{"document_end_marker", head + "...\n"},
		{"full_text_modes", head + "defaults:\n  full_text: never\nsources:\n  - id: a\n    url: https://a.example/\n  - id: b\n    url: https://b.example/\n    full_text: always\n    content_selector: article\n"},
		{"listing_max_pages_only", head + "sources:\n  - id: a\n    url: https://a.example/\n    listing:\n      max_pages: 50\n"},
		{"listing_on_auto_type", head + "sources:\n  - id: a\n    url: https://a.example/\n    listing:\n      item: li.post\n      date_layout: Jan 2, 06\n      max_pages: 1\n"},
		{"merge_key", head + "sources:\n  - &base\n    id: a\n    url: https://a.example/\n    max_items: 5\n  - <<: *base\n    id: b\n    url: https://b.example/\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Parse(strings.NewReader(tt.yaml), "feeds.yaml"); err != nil {
				t.Fatalf("Parse:\n%v", err)
			}
		})
	}
}

func TestParseDefaults(t *testing.T) {
	c, err := Parse(strings.NewReader(`
title: T
base_url: https://feeds.example.org/news
sources:
  - id: a
    url: https://a.example/feed
  - id: b
    url: https://b.example/feed
    timeout: 5s
    max_items: 0
    enabled: false
    countries: [kp, Cn]
    language: PT_br
    full_text: always
    listing:
      max_pages: 1
outputs:
  - id: all
    title: All
  - id: none
    title: None
    max_items: 0
    language: es
`), "feeds.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Title = "T"
	want.BaseURL = "https://feeds.example.org/news/"
	want.HomeURL = want.BaseURL
	want.Contact = want.BaseURL
	want.Sources = []Source{
		{ID: "a", Name: "a", URL: "https://a.example/feed", Timeout: Duration(30 * time.Second), MaxItems: 100, Enabled: true,
			FullText: "auto", Listing: Listing{MaxPages: 3}},
		{ID: "b", Name: "b", URL: "https://b.example/feed", Timeout: Duration(5 * time.Second), MaxItems: 0, Enabled: false,
			Countries: []string{"KP", "CN"}, Language: "pt-BR", FullText: "always", Listing: Listing{MaxPages: 1}},
	}
	want.Outputs = []Output{
		{ID: "all", Title: "All", Language: "en", MaxItems: 50},
		{ID: "none", Title: "None", Language: "es", MaxItems: 0},
	}
	c.lines, c.file = nil, ""
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Parse:\n%s\nwant:\n%s", dump(t, c), dump(t, want))
	}
	if got := c.EnabledSources(); len(got) != 1 || got[0].ID != "a" {
		t.Errorf("EnabledSources = %+v, want only a", got)
	}
	if got, want := c.UserAgent("1.2.3"), "gleaner/1.2.3 (+https://feeds.example.org/news/)"; got != want {
		t.Errorf("UserAgent = %q, want %q", got, want)
	}
}

func TestDefault(t *testing.T) {
	d := Default()
	f := d.Fetch
	if d.Language != "en" || !d.PerSourceOutputs || d.Defaults.MaxItems != 100 || d.Defaults.FullText != "auto" ||
		f.Timeout != Duration(30*time.Second) || f.ConnectTimeout != Duration(10*time.Second) ||
		f.MaxBodySize != 10<<20 || f.Concurrency != 8 || f.PerHost != 2 || f.Retries != 1 ||
		f.MaxRetryWait != Duration(30*time.Second) || f.MaxBackoff != Duration(24*time.Hour) || f.UserAgent != "" {
		t.Errorf("Default() = %+v", d)
	}
	// Default is fresh each time: callers may change it.
	d.Fetch.Retries = 9
	if Default().Fetch.Retries != 1 {
		t.Error("Default shares state between calls")
	}
}

func TestContact(t *testing.T) {
	c, err := Parse(strings.NewReader(head+"contact: ops@example.org\nfetch:\n  user_agent: custom/1\n"), "feeds.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Contact != "mailto:ops@example.org" {
		t.Errorf("Contact = %q, want mailto:ops@example.org", c.Contact)
	}
	if got := c.UserAgent("1"); got != "custom/1" {
		t.Errorf("UserAgent = %q, want the configured one", got)
	}
}

// TestValidateGoConfig checks a Config built in Go: problems have no line.
func TestValidateGoConfig(t *testing.T) {
	c := Default()
	c.Title = "T"
	c.BaseURL = "https://feeds.example.org/"
	c.Sources = []Source{{ID: "a", URL: "https://a.example/", Enabled: true}}
	c.Outputs = []Output{{ID: "all", Title: "All", Sources: []string{"a"}}}
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	c.Sources[0].URL = "ftp://x"
	c.Sources[0].Countries = []string{"kp"}
	err := c.Validate()
	want := "sources[0].url: must be http or https (got \"ftp://x\")\n" +
		"sources[0].countries[0]: must be an ISO 3166-1 alpha-2 code: two upper-case letters (got \"kp\")"
	if err == nil || err.Error() != want {
		t.Fatalf("Validate:\n%v\nwant:\n%s", err, want)
	}
	var es Errors
	if !errors.As(err, &es) || len(es) != 2 || es[0].Line != 0 || es[0].Path != "sources[0].url" {
		t.Errorf("errors.As(Errors) = %+v", es)
	}
	if !errors.Is(err, ErrInvalid) {
		t.Error("errors.Is(err, ErrInvalid) = false")
	}
}

// TestValidateAfterParseKeepsLines checks that a parsed Config changed in
// Go still reports the lines of the file.
func TestValidateAfterParseKeepsLines(t *testing.T) {
	c, err := Parse(strings.NewReader(head+"sources:\n  - id: a\n    url: https://a.example/\n"), "feeds.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c.Sources[0].URL = "mailto:x@y"
	want := `feeds.yaml:5: sources[0].url: must be http or https (got "mailto:x@y")`
	if err := c.Validate(); err == nil || err.Error() != want {
		t.Errorf("Validate = %v, want %s", err, want)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "feeds.yaml")
	if err := os.WriteFile(path, []byte(head+"sources:\n  - id: a\n    url: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	want := path + `:5: sources[0].url: must be an absolute URL starting with http:// or https:// (got "x")`
	if err == nil || err.Error() != want {
		t.Errorf("Load = %v, want %s", err, want)
	}

	_, err = Load(filepath.Join(dir, "missing.yaml"))
	if !errors.Is(err, os.ErrNotExist) || errors.Is(err, ErrInvalid) {
		t.Errorf("Load(missing) = %v, want a not-exist error that is not ErrInvalid", err)
	}
	if err != nil && !strings.HasPrefix(err.Error(), "read config: ") {
		t.Errorf("Load(missing) = %q, want it to start with \"read config: \"", err)
	}
}

// TestParseAliasBomb checks that a small file whose aliases expand to
// many values fails quickly with one clear error.
func TestParseAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString(head + "sources:\n  - &s {id: a, url: \"https://a.example/\", countries: [")
	b.WriteString(strings.Repeat("KP, ", 500) + "KP]}\n")
	b.WriteString(strings.Repeat("  - *s\n", 500))
	_, err := Parse(strings.NewReader(b.String()), "feeds.yaml")
	want := "feeds.yaml:4: sources[198].countries[2]: too many values (more than 100000, aliases expanded)"
	if err == nil || err.Error() != want {
		t.Errorf("Parse(alias bomb) = %.500v, want %s", err, want)
	}
}

// TestParseManyProblems checks that a hopeless file gives a readable
// number of errors.
func TestParseManyProblems(t *testing.T) {
	_, err := Parse(strings.NewReader(head+"sources:\n"+strings.Repeat("  - {id: A}\n", 100)), "feeds.yaml")
	var es Errors
	if !errors.As(err, &es) || len(es) != maxErrors+1 {
		t.Fatalf("Parse = %d errors, want %d", len(es), maxErrors+1)
	}
	if got, want := es[maxErrors].Error(), "feeds.yaml has 150 more problems"; got != want {
		t.Errorf("last error = %q, want %q", got, want)
	}
}

// TestExampleGolden parses testdata/example.yaml, compares the resolved
// config with testdata/example.golden (rewritten by go test -update), then
// parses the golden to show that the resolved form is a fixed point.
func TestExampleGolden(t *testing.T) {
	c, err := Load(filepath.Join("testdata", "example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	got := dump(t, c)
	golden := filepath.Join("testdata", "example.golden")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("resolved example.yaml differs from %s (go test -update rewrites it):\n%s", golden, lineDiff(string(want), string(got)))
	}

	again, err := Parse(bytes.NewReader(got), "example.golden")
	if err != nil {
		t.Fatalf("Parse(golden): %v", err)
	}
	if regot := dump(t, again); !bytes.Equal(regot, got) {
		t.Errorf("golden does not parse back to itself:\n%s", lineDiff(string(got), string(regot)))
	}

	// Spot checks, so that -update cannot quietly bless a regression.
	if c.BaseURL != "https://feeds.example.org/" || len(c.Sources) != 3 || len(c.Outputs) != 4 ||
		!reflect.DeepEqual(c.Sources[0].Countries, []string{"KP", "CN"}) ||
		c.Sources[1].Timeout != Duration(30*time.Second) || c.Sources[1].MaxItems != 100 || c.Sources[1].Listing.Link != "h2 a" || c.Sources[1].Listing.MaxPages != 5 ||
		c.Sources[1].ContentSelector != ".entry-content" || c.Sources[1].FullText != FullTextAuto ||
		c.Defaults.FullText != FullTextAuto || c.Sources[2].Listing.MaxPages != 3 ||
		c.Sources[2].Enabled || c.Sources[2].Name != "old-partner" ||
		time.Duration(c.Outputs[0].MaxAge) != 90*24*time.Hour || c.Outputs[1].MaxItems != 50 || !c.Outputs[2].PrayerOnly ||
		len(c.Outputs[3].Include) != 4 || c.Outputs[3].MatchIn != "title" || len(c.Overrides) != 3 || !c.Overrides[1].Block ||
		!reflect.DeepEqual(c.Overrides[0].AddCountries, []string{"KP"}) {
		t.Errorf("example.yaml parsed to unexpected values:\n%s", got)
	}
	if ids := c.EnabledSources(); len(ids) != 2 {
		t.Errorf("EnabledSources = %d sources, want 2", len(ids))
	}
}

func dump(t *testing.T, c *Config) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// lineDiff lists the lines that differ, enough to see what changed.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  - " + wl + "\n  + " + gl + "\n")
		}
	}
	return b.String()
}
