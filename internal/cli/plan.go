package cli

import (
	"log/slog"
	"time"

	"github.com/gleanerhq/gleaner/internal/config"
	"github.com/gleanerhq/gleaner/internal/fetch"
	"github.com/gleanerhq/gleaner/internal/model"
	"github.com/gleanerhq/gleaner/internal/pipeline"
)

// backoffBase is the first wait after a source fails a run; it doubles
// with every further failed run, up to fetch.max_backoff.
const backoffBase = 15 * time.Minute

// planFromConfig translates feeds.yaml into the pipeline's plain values:
// config stops here.
func planFromConfig(cfg *config.Config, outputDir string) pipeline.Plan {
	p := pipeline.Plan{
		Site: pipeline.Site{
			Title:       cfg.Title,
			Description: cfg.Description,
			BaseURL:     cfg.BaseURL,
			HomeURL:     cfg.HomeURL,
			Language:    cfg.Language,
			Generator:   "gleaner " + version(),
			Hub:         cfg.Serve.WebSubHub,
		},
		OutputDir:    outputDir,
		Concurrency:  cfg.Fetch.Concurrency,
		BackoffBase:  backoffBase,
		MaxBackoff:   time.Duration(cfg.Fetch.MaxBackoff),
		PerCountry:   cfg.PerCountryOutputs,
		PrayerOutput: cfg.PrayerOutput,
	}
	for _, s := range cfg.EnabledSources() {
		p.Sources = append(p.Sources, model.Source{
			ID:        s.ID,
			Name:      s.Name,
			URL:       s.URL,
			Type:      model.SourceType(s.Type),
			HomeURL:   s.HomeURL,
			Language:  s.Language,
			Countries: s.Countries,
			Timeout:   time.Duration(s.Timeout),
			MaxItems:  s.MaxItems,

			FullText:        model.FullTextMode(s.FullText),
			ContentSelector: s.ContentSelector,
			RemoveSelectors: s.RemoveSelectors,
			Listing: model.ListingRules{
				Item: s.Listing.Item, Link: s.Listing.Link, Title: s.Listing.Title,
				Date: s.Listing.Date, DateLayout: s.Listing.DateLayout, MaxPages: s.Listing.MaxPages,
			},
			AllowPrivate: s.AllowPrivate,
		})
	}
	for _, o := range cfg.Outputs {
		p.Outputs = append(p.Outputs, model.Output{
			ID:          o.ID,
			Path:        o.ID,
			Title:       o.Title,
			Description: o.Description,
			HomeURL:     cfg.HomeURL,
			Language:    o.Language,
			Sources:     o.Sources,
			Countries:   o.Countries,
			PrayerOnly:  o.PrayerOnly,
			Languages:   o.Languages,
			Include:     o.Include,
			Exclude:     o.Exclude,
			MatchIn:     matchIn(o.MatchIn),
			PerCountry:  o.PerCountry,
			PerSource:   o.PerSource,
			MaxItems:    o.MaxItems,
			MaxAge:      time.Duration(o.MaxAge),
		})
	}
	for _, o := range cfg.Overrides {
		p.Overrides = append(p.Overrides, model.Override{
			URL: o.URL, ID: o.ID, Block: o.Block, Pin: o.Pin, Title: o.Title,
			Countries: o.Countries, AddCountries: o.AddCountries, RemoveCountries: o.RemoveCountries,
		})
	}
	if cfg.PerSourceOutputs {
		for _, s := range p.Sources {
			home := s.HomeURL
			if home == "" {
				home = cfg.HomeURL
			}
			p.Outputs = append(p.Outputs, model.Output{
				ID:          "source/" + s.ID,
				Path:        "source/" + s.ID,
				Title:       s.Name,
				Description: "News from " + s.Name + ", republished by " + cfg.Title + ".",
				HomeURL:     home,
				Language:    s.Language,
				Sources:     []string{s.ID},
				MaxItems:    50,
			})
		}
	}
	return p
}

// matchIn maps feeds.yaml's match_in to the model's ("" is both).
func matchIn(s string) string {
	if s == "both" {
		return ""
	}
	return s
}

// fetchOptions translates the fetch section of feeds.yaml.
func fetchOptions(cfg *config.Config, log *slog.Logger) fetch.Options {
	return fetch.Options{
		UserAgent:      cfg.UserAgent(version()),
		Timeout:        time.Duration(cfg.Fetch.Timeout),
		ConnectTimeout: time.Duration(cfg.Fetch.ConnectTimeout),
		MaxBodySize:    int64(cfg.Fetch.MaxBodySize),
		MaxConcurrent:  cfg.Fetch.Concurrency,
		MaxPerHost:     cfg.Fetch.PerHost,
		MaxRetries:     cfg.Fetch.Retries,
		MaxRetryWait:   time.Duration(cfg.Fetch.MaxRetryWait),
		Logger:         log,
	}
}
