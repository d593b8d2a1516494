// Package config reads feeds.yaml, the one file that tells gleaner which
// partner feeds and pages to fetch and which feeds to publish.
//
// Call [Load] with the path of the file (or [Parse] with a reader); either
// returns a [Config] that is decoded strictly, defaulted and validated, or
// an error listing every problem at once, each with its line and field path:
//
//	feeds.yaml:7: sources[0].ulr: unknown field (did you mean "url"?)
//	feeds.yaml:12: sources[3].url: must be http or https (got "ftp://x")
//
// Every such error matches [ErrInvalid] with [errors.Is]; [errors.As] finds
// the individual [*Error] values.
//
// The annotated testdata/example.yaml documents every setting and its
// default. The CLI translates a Config into the plain values the pipeline
// stages take; no other package reads it.
package config

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"time"
)

// Config is a parsed feeds.yaml.
type Config struct {
	// Title names the whole collection; required.
	Title string `yaml:"title"`
	// Description says what the collection is about; optional.
	Description string `yaml:"description"`
	// BaseURL is the absolute http(s) URL the outputs are served from; it
	// always ends with "/". Required.
	BaseURL string `yaml:"base_url"`
	// HomeURL is the website the outputs link to; default BaseURL.
	HomeURL string `yaml:"home_url"`
	// Language is the BCP 47 tag of the outputs, such as "en" or "pt-BR";
	// default "en".
	Language string `yaml:"language"`
	// Contact is an http(s) or mailto: URL that partners can use to reach
	// whoever runs gleaner; it goes into the User-Agent. Default HomeURL.
	Contact string `yaml:"contact"`
	// Fetch tunes the HTTP client.
	Fetch Fetch `yaml:"fetch"`
	// Defaults holds the values a source takes when it does not set them.
	Defaults Defaults `yaml:"defaults"`
	// Sources are the partner feeds and pages, in the order written.
	Sources []Source `yaml:"sources"`
	// Outputs are the curated feeds to publish, in the order written.
	Outputs []Output `yaml:"outputs"`
	// PerSourceOutputs also publishes output/source/<id>.{atom,rss,json}
	// for every enabled source; default true.
	PerSourceOutputs bool `yaml:"per_source_outputs"`
	// VideoHosts are the hosts whose video players (iframes) may stay in
	// republished content, such as www.youtube-nocookie.com or
	// player.vimeo.com; empty: no iframe ever.
	VideoHosts []string `yaml:"video_hosts"`
	// Overrides are editors' corrections of single items.
	Overrides []Override `yaml:"overrides"`
	// PerCountryOutputs also publishes output/country/<CODE>.{atom,rss,json}
	// for every country that has items; default true.
	PerCountryOutputs bool `yaml:"per_country_outputs"`
	// PrayerOutput also publishes output/prayer.{atom,rss,json}: one entry
	// per article with prayer points; default true.
	PrayerOutput bool `yaml:"prayer_output"`
	// Serve tunes `gleaner serve`, which serves the output directory
	// over HTTP.
	Serve Serve `yaml:"serve"`

	// lines maps field paths ("sources[3].url") to the line they were
	// written on, so that Validate can point at them. Nil for a Config built
	// in Go.
	lines map[string]int
	// file is the name Parse was given.
	file string
}

// Serve tunes `gleaner serve`.
type Serve struct {
	// AllowedOrigins are the origins ("https://partner.example") whose
	// pages may read the feeds from their browsers (CORS), or ["*"] for
	// any; default ["*"]. An empty list allows none.
	AllowedOrigins []string `yaml:"allowed_origins"`
	// WebSubHub is the https URL of a WebSub hub to advertise in the feeds
	// and to ping when they change; optional.
	WebSubHub string `yaml:"websub_hub"`
}

// Fetch tunes the HTTP client shared by all sources.
type Fetch struct {
	// UserAgent replaces the default "gleaner/<version> (+<contact>)";
	// see [Config.UserAgent].
	UserAgent string `yaml:"user_agent"`
	// Timeout bounds one request, body included; default 30s. A source
	// may override it.
	Timeout Duration `yaml:"timeout"`
	// ConnectTimeout bounds dialling and the TLS handshake; default 10s.
	ConnectTimeout Duration `yaml:"connect_timeout"`
	// MaxBodySize is the largest response body read; a larger one is an
	// error, not truncated. Default 10MiB.
	MaxBodySize ByteSize `yaml:"max_body_size"`
	// Concurrency is how many requests run at once; default 8.
	Concurrency int `yaml:"concurrency"`
	// PerHost is how many of them may go to one host; default 2.
	PerHost int `yaml:"per_host"`
	// Retries is how many times a failed request is retried within a run,
	// after a short wait; default 1. A partner still failing is backed off
	// until a later run rather than waited for.
	Retries int `yaml:"retries"`
	// MaxRetryWait is the longest wait before a retry, Retry-After
	// included: a server asking for longer fails the source for this run.
	// Default 30s.
	MaxRetryWait Duration `yaml:"max_retry_wait"`
	// MaxBackoff caps how long a failing source is skipped between runs
	// (the wait doubles with each failed run); default 24h.
	MaxBackoff Duration `yaml:"max_backoff"`
}

// Defaults are the per-source settings a source inherits when it does not
// set them itself.
type Defaults struct {
	// MaxItems caps the items kept from one fetch of a source; 0 means no
	// cap. Default 100.
	MaxItems int `yaml:"max_items"`
	// Language is the BCP 47 tag assumed for a source's items when neither
	// the source nor its feed names one; default none.
	Language string `yaml:"language"`
	// FullText is the full-text mode of a source that sets none; default
	// FullTextAuto.
	FullText string `yaml:"full_text"`
}

// Source types: how a source's URL is read.
const (
	TypeAuto = ""     // detect from the first response
	TypeFeed = "feed" // RSS, Atom or JSON Feed
	TypePage = "page" // a news listing page without a feed
)

// Source is one partner feed or page.
type Source struct {
	// ID is [a-z0-9-]+, unique and stable: it is part of every stored item
	// ID and of the output/source/<id> paths. Required.
	ID string `yaml:"id"`
	// Name is the partner's name, used for attribution; default ID.
	Name string `yaml:"name"`
	// URL is the absolute http(s) URL of the feed or listing page;
	// required.
	URL string `yaml:"url"`
	// Type is TypeFeed, TypePage or TypeAuto (omitted).
	Type string `yaml:"type"`
	// HomeURL is the partner's website, for attribution links; optional.
	HomeURL string `yaml:"home_url"`
	// Language is the BCP 47 tag assumed when the feed names none;
	// default Defaults.Language.
	Language string `yaml:"language"`
	// Countries are the ISO 3166-1 alpha-2 codes (upper case) the partner
	// focuses on; optional.
	Countries []string `yaml:"countries"`
	// Timeout overrides Fetch.Timeout for this source; Parse sets it to
	// Fetch.Timeout when the file does not, and 0 also means Fetch.Timeout.
	Timeout Duration `yaml:"timeout"`
	// MaxItems caps the items kept from one fetch; 0 means no cap. Parse
	// sets it to Defaults.MaxItems when the file does not.
	MaxItems int `yaml:"max_items"`
	// Enabled is false for a source that is kept in the file but not
	// fetched. Parse sets it to true when the file does not; a Source built
	// in Go must set it.
	Enabled bool `yaml:"enabled"`
	// FullText is FullTextAuto, FullTextAlways or FullTextNever: whether
	// the article page is fetched for an item's full text. Parse sets it
	// to Defaults.FullText when the file does not; "" also means
	// FullTextAuto.
	FullText string `yaml:"full_text"`
	// ContentSelector is a CSS selector group ("a, b") for the article
	// body on an article page; when it matches, it overrides automatic
	// extraction. Optional.
	ContentSelector string `yaml:"content_selector"`
	// RemoveSelectors is a CSS selector group for what to drop from the
	// body (share buttons, related articles); optional.
	RemoveSelectors string `yaml:"remove_selectors"`
	// Listing overrides how a listing page is read; used only by sources
	// whose type is page or detected as page.
	Listing Listing `yaml:"listing"`
	// AllowPrivate lets gleaner fetch this source's URL, and the links and
	// pages found in its content, from loopback, private and link-local
	// addresses (127.0.0.1, 10.x, 192.168.x, 169.254.x, fc00::/7, …),
	// which are otherwise refused; default false. Set it only for a
	// partner on your own network, or a test world on loopback.
	AllowPrivate bool `yaml:"allow_private"`
}

// Full-text modes: when the article page of a feed item is fetched.
const (
	FullTextAuto   = "auto"   // when the item has no content or only a summary
	FullTextAlways = "always" // for every item
	FullTextNever  = "never"  // never: the feed's content is all there is
)

// Listing overrides gleaner's generic reading of a listing page. Each
// selector is one CSS selector group ("a, b" selects both); an empty one
// leaves the job to the generic rules. Link, Title, Date and DateLayout
// need Item.
type Listing struct {
	// Item selects one element per article.
	Item string `yaml:"item"`
	// Link selects, inside an item, the link to the article.
	Link string `yaml:"link"`
	// Title selects, inside an item, the article's title.
	Title string `yaml:"title"`
	// Date selects, inside an item, the article's date.
	Date string `yaml:"date"`
	// DateLayout is the Go time layout of Date's text, such as
	// "02/01/2006"; it must include the year ("2006" or "06").
	DateLayout string `yaml:"date_layout"`
	// MaxPages is how many listing pages are read, following pagination:
	// 1 is only the listing page itself; at most 50. Parse sets it to 3
	// when the file does not, and 0 also means 3.
	MaxPages int `yaml:"max_pages"`
}

// Output is one curated feed, published as output/<id>.atom, .rss and
// .json.
type Output struct {
	// ID is [a-z0-9-]+, unique, and not "source" (reserved for the
	// per-source outputs). Required.
	ID string `yaml:"id"`
	// Title is the feed's title; required.
	Title string `yaml:"title"`
	// Description is the feed's subtitle; optional.
	Description string `yaml:"description"`
	// Language is the feed's BCP 47 tag; default Config.Language.
	Language string `yaml:"language"`
	// Sources limits the output to these source IDs; empty means all.
	Sources []string `yaml:"sources"`
	// Countries limits the output to items tagged with any of these ISO
	// 3166-1 alpha-2 codes; empty means all.
	Countries []string `yaml:"countries"`
	// PrayerOnly limits the output to items that carry prayer points.
	PrayerOnly bool `yaml:"prayer_only"`
	// MaxItems caps the items in the feed; 0 means no cap. Default 50.
	MaxItems int `yaml:"max_items"`
	// MaxAge drops items published longer ago; 0 means no limit (the
	// default).
	MaxAge Duration `yaml:"max_age"`
	// Languages limits the output to items in these languages (matched
	// by primary subtag: "pt" takes pt-BR); empty means all.
	Languages []string `yaml:"languages"`
	// Include keeps only items matching one of these keywords or phrases
	// (case-insensitive, whole words) or /regular expressions/; empty
	// means all.
	Include []string `yaml:"include"`
	// Exclude drops items matching any of these, in the same form.
	Exclude []string `yaml:"exclude"`
	// MatchIn says where include and exclude look: title, text or both
	// (the default).
	MatchIn string `yaml:"match_in"`
	// PerCountry also publishes <id>/country/<CODE>.* for every country
	// among the output's items: the same selection, one country each.
	PerCountry bool `yaml:"per_country"`
	// PerSource also publishes <id>/source/<source-id>.* for every source
	// of the output: the same selection, one partner each.
	PerSource bool `yaml:"per_source"`
}

// Override is an editor's correction of one item, found by its article
// URL or its published ID.
type Override struct {
	URL             string   `yaml:"url"`
	ID              string   `yaml:"id"`
	Block           bool     `yaml:"block"`            // never publish it
	Pin             bool     `yaml:"pin"`              // first in every output that carries it
	Title           string   `yaml:"title"`            // replaces its title
	Countries       []string `yaml:"countries"`        // replaces its countries
	AddCountries    []string `yaml:"add_countries"`    // added to its countries
	RemoveCountries []string `yaml:"remove_countries"` // removed from its countries
}

// What Default and Parse fill in; the field comments say the same.
const (
	defaultLanguage         = "en"
	defaultSourceMaxItems   = 100
	defaultOutputMaxItems   = 50
	defaultTimeout          = 30 * time.Second
	defaultConnectTimeout   = 10 * time.Second
	defaultMaxBodySize      = 10 << 20
	defaultConcurrency      = 8
	defaultPerHost          = 2
	defaultRetries          = 1
	defaultMaxRetryWait     = 30 * time.Second
	defaultMaxBackoff       = 24 * time.Hour
	defaultPerSourceOutputs = true
	defaultPerCountry       = true
	defaultPrayerOutput     = true
	defaultFullText         = FullTextAuto
	defaultMaxPages         = 3
	maxMaxPages             = 50
)

// maxConfigSize bounds what Parse reads; a feeds.yaml is a few kilobytes.
const maxConfigSize = 10 << 20

// Default returns a Config holding every default and no sources or
// outputs. Parse decodes onto it; it is not valid on its own, since Title
// and BaseURL have no default.
func Default() *Config {
	return &Config{
		Language: defaultLanguage,
		Fetch: Fetch{
			Timeout:        Duration(defaultTimeout),
			ConnectTimeout: Duration(defaultConnectTimeout),
			MaxBodySize:    defaultMaxBodySize,
			Concurrency:    defaultConcurrency,
			PerHost:        defaultPerHost,
			Retries:        defaultRetries,
			MaxRetryWait:   Duration(defaultMaxRetryWait),
			MaxBackoff:     Duration(defaultMaxBackoff),
		},
		Defaults:          Defaults{MaxItems: defaultSourceMaxItems, FullText: defaultFullText},
		PerSourceOutputs:  defaultPerSourceOutputs,
		PerCountryOutputs: defaultPerCountry,
		PrayerOutput:      defaultPrayerOutput,
		Serve:             Serve{AllowedOrigins: []string{"*"}},
	}
}

// Load reads and parses the config file at path; see [Parse]. Errors name
// the path as given.
func Load(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	defer f.Close()
	return Parse(f, path)
}

// Parse reads one YAML document from r, decodes it strictly onto
// [Default], fills in the per-source and per-output defaults, normalises
// (base_url gains a final "/", country codes become upper case) and
// validates. name, such as "feeds.yaml", starts every error line.
//
// A config problem is returned as [Errors], every problem at once; a read
// error from r is returned wrapped. Parse has no side effects.
func Parse(r io.Reader, name string) (*Config, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxConfigSize+1))
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", name, err)
	}
	if len(data) > maxConfigSize {
		return nil, Errors{{File: name, Msg: fmt.Sprintf("is larger than %s", ByteSize(maxConfigSize))}}
	}
	c := Default()
	c.file = name
	set, errs, ok := decode(bytes.NewReader(data), name, c)
	if !ok {
		return nil, errs.sorted() // nothing sensible to validate
	}
	c.applyDefaults(set)
	errs = append(errs, c.validate(errs)...)
	if len(errs) > 0 {
		return nil, errs.sorted()
	}
	return c, nil
}

// applyDefaults fills in what the file left out; set holds the paths the
// file gave a non-null value.
func (c *Config) applyDefaults(set map[string]bool) {
	c.BaseURL = withSlash(c.BaseURL)
	if c.HomeURL == "" {
		c.HomeURL = c.BaseURL
	}
	c.Language = normLanguage(c.Language)
	if c.Contact == "" {
		c.Contact = c.HomeURL
	} else {
		c.Contact = normContact(c.Contact)
	}
	c.Defaults.Language = normLanguage(c.Defaults.Language)
	if !set["serve.allowed_origins"] {
		c.Serve.AllowedOrigins = []string{"*"} // null too, as the file header says
	}
	if c.Defaults.FullText == "" {
		c.Defaults.FullText = defaultFullText
	}
	for i := range c.Sources {
		s, p := &c.Sources[i], fmt.Sprintf("sources[%d].", i)
		if s.Name == "" {
			s.Name = s.ID
		}
		if s.Language == "" {
			s.Language = c.Defaults.Language
		}
		s.Language = normLanguage(s.Language)
		s.Countries = normCountries(s.Countries)
		if !set[p+"timeout"] {
			s.Timeout = c.Fetch.Timeout
		}
		if !set[p+"max_items"] {
			s.MaxItems = c.Defaults.MaxItems
		}
		if !set[p+"enabled"] {
			s.Enabled = true
		}
		if s.FullText == "" {
			s.FullText = c.Defaults.FullText
		}
		if s.Listing.MaxPages == 0 {
			s.Listing.MaxPages = defaultMaxPages
		}
	}
	for i := range c.Outputs {
		o, p := &c.Outputs[i], fmt.Sprintf("outputs[%d].", i)
		if o.Language == "" {
			o.Language = c.Language
		}
		o.Language = normLanguage(o.Language)
		o.Countries = normCountries(o.Countries)
		if !set[p+"max_items"] {
			o.MaxItems = defaultOutputMaxItems
		}
	}
}

// EnabledSources returns the sources to fetch, in file order.
func (c *Config) EnabledSources() []Source {
	var out []Source
	for _, s := range c.Sources {
		if s.Enabled {
			out = append(out, s)
		}
	}
	return out
}

// UserAgent returns Fetch.UserAgent if set, else
// "gleaner/<version> (+<contact>)", so partners can tell who is fetching
// and how to reach them.
func (c *Config) UserAgent(version string) string {
	if c.Fetch.UserAgent != "" {
		return c.Fetch.UserAgent
	}
	ua := "gleaner/" + version
	if c.Contact != "" {
		ua += " (+" + c.Contact + ")"
	}
	return ua
}
