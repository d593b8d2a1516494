// Package pipeline runs one batch: fetch every due source, parse it, store
// what is new or changed, then curate and publish every output.
//
// Stage packages never import each other; they meet here. Build a [Runner]
// with a fetcher and a store, then call [Runner.Run] with a [Plan].
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/gleanerhq/gleaner/internal/fetch"
	"github.com/gleanerhq/gleaner/internal/model"
	"github.com/gleanerhq/gleaner/internal/sanitize"
	"github.com/gleanerhq/gleaner/internal/store"
)

// Plan is everything one run needs to know, translated from feeds.yaml by
// the CLI.
type Plan struct {
	Sources []model.Source
	// Outputs are the curated feeds to publish, per-source ones included.
	Outputs []model.Output
	Site    Site
	// OutputDir is where the feeds are written.
	OutputDir string
	// Concurrency bounds how many sources are worked on at once
	// (the fetcher bounds requests separately).
	Concurrency int
	// BackoffBase and MaxBackoff shape the cross-run backoff of a failing
	// source: base·2^(failures-1), capped.
	BackoffBase time.Duration
	MaxBackoff  time.Duration
	// IgnoreBackoff fetches every source even when it is backed off.
	IgnoreBackoff bool
	// PerCountry also publishes country/<CODE> for every country that has
	// items; PrayerOutput also publishes "prayer", the prayer points of
	// every article.
	PerCountry   bool
	PrayerOutput bool
	// Overrides are editors' corrections, applied to the stored items
	// before curation (the store keeps what partners published).
	Overrides []model.Override
}

// Site describes the publisher: gleaner's own outputs.
type Site struct {
	Title       string
	Description string
	BaseURL     string // where OutputDir is served, ends with "/"
	HomeURL     string
	Language    string
	Generator   string // "gleaner 1.2.0"
	Hub         string // a WebSub hub advertised in every feed; empty: none
}

// Runner runs plans. Its fields are its dependencies; Fetcher and Store are
// required.
type Runner struct {
	Fetcher *fetch.Client
	Store   *store.Store
	Logger  *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Sanitizer cleans every HTML fragment before it is stored;
	// sanitize.Default (no iframes) when nil.
	Sanitizer *sanitize.Sanitizer
	// Progress, when set, is called after each source is done (fetched,
	// failed, backed off or cut short by cancellation) with how many of
	// total are done, the source's ID and how many have failed so far. It
	// is called from the sources' goroutines, but never concurrently and
	// with done increasing by one each time, so it needs no locking of its
	// own; it should return quickly, as the next source's call waits.
	Progress func(done, total int, source string, failed int)

	cpuOnce sync.Once
	cpu     chan struct{} // see compute
}

// compute runs f, a stretch of CPU-bound work (parsing a feed or a page,
// extracting an article, finishing an item), holding one of GOMAXPROCS
// slots. Sources are fetched many at once because they mostly wait on the
// network; letting all of them compute at once as well only has them
// preempt one another, each evicting the other's working set from the
// caches, which costs CPU time for no more work done. f must not call
// compute.
func (r *Runner) compute(f func()) {
	r.cpuOnce.Do(func() { r.cpu = make(chan struct{}, runtime.GOMAXPROCS(0)) })
	r.cpu <- struct{}{}
	defer func() { <-r.cpu }()
	f()
}

// Log attribute keys, shared by every line the pipeline writes.
const (
	keySource   = "source"
	keyURL      = "url"
	keyStatus   = "status"
	keyError    = "error"
	keyNew      = "new"
	keyUpdated  = "updated"
	keyItems    = "items"
	keyDuration = "duration"
	keyOutput   = "output"
)

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now().UTC()
	}
	return time.Now().UTC()
}

func (r *Runner) logger() *slog.Logger {
	if r.Logger != nil {
		return r.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// publishTimeout bounds publishing, which runs to completion even when the
// run is cancelled: half-written sets of feeds are worse than a late exit.
const publishTimeout = 2 * time.Minute

// Run fetches and stores every source of p, then publishes every output.
// A failing source is recorded in the report and does not stop the others;
// only a fatal error (the store or the output directory failing) is
// returned, and the report says how far the run got. When ctx is cancelled
// mid-run, sources not yet fetched are reported as skipped and what was
// stored is still published.
func (r *Runner) Run(ctx context.Context, p Plan) (*model.RunReport, error) {
	if r.Fetcher == nil || r.Store == nil {
		return nil, errors.New("pipeline: runner needs a fetcher and a store")
	}
	started := r.now()
	rep := &model.RunReport{Started: started}
	id, err := r.Store.StartRun(ctx, started)
	if err != nil {
		return rep, fmt.Errorf("pipeline: %w", err)
	}
	rep.ID = id

	rep.Sources, err = r.fetchAll(ctx, p, started)
	if err != nil {
		return rep, err
	}

	// Publishing runs even when ctx was cancelled during fetching (a run
	// deadline or a signal): what was stored is published. It gets its own
	// short-lived context so that a cancelled run still leaves complete
	// feeds behind.
	pubCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), publishTimeout)
	defer cancel()
	if err := r.publishAll(pubCtx, p, rep); err != nil {
		return rep, err
	}
	rep.Finished = r.now()
	if err := r.Store.FinishRun(pubCtx, *rep); err != nil {
		return rep, fmt.Errorf("pipeline: %w", err)
	}
	return rep, nil
}

// fetchAll works on every source with bounded concurrency. Per-source
// failures land in the reports; a returned error is fatal.
func (r *Runner) fetchAll(ctx context.Context, p Plan, started time.Time) ([]model.SourceReport, error) {
	reports := make([]model.SourceReport, len(p.Sources))
	g, gctx := errgroup.WithContext(ctx)
	limit := p.Concurrency
	if limit <= 0 {
		limit = 8
	}
	g.SetLimit(limit)
	var (
		mu            sync.Mutex // serialises r.Progress and guards its counts
		done, nFailed int
	)
	progress := func(rep model.SourceReport) {
		if r.Progress == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		done++
		if rep.Status == model.StatusFailed {
			nFailed++
		}
		r.Progress(done, len(p.Sources), rep.SourceID, nFailed)
	}
	for i, src := range p.Sources {
		reports[i] = model.SourceReport{SourceID: src.ID, URL: src.URL, Status: model.StatusSkipped}
		if gctx.Err() != nil {
			continue
		}
		g.Go(func() error {
			if gctx.Err() != nil {
				progress(reports[i])
				return nil
			}
			// Each task writes only its own slot.
			rep, err := r.runSource(gctx, p, src, started)
			reports[i] = rep
			progress(rep)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return reports, err
	}
	return reports, nil
}

// runSource fetches, parses and stores one source. A non-nil error is
// fatal; a source's own failure is in the report.
//
// Items are stored as first seen at runStart, the same instant for every
// source of a run, so that among copies of one story that arrive in the
// same run the earliest published is the one kept (see duplicates).
func (r *Runner) runSource(ctx context.Context, p Plan, src model.Source, runStart time.Time) (rep model.SourceReport, err error) {
	log := r.logger().With(keySource, src.ID)
	rep = model.SourceReport{SourceID: src.ID, URL: src.URL}
	// The store is local and quick: what was fetched is stored even when
	// the run is cancelled meanwhile. Only the network waits on ctx.
	sctx := context.WithoutCancel(ctx)
	start := r.now()
	began := time.Now() // wall time, whatever clock the runner is given
	defer func() { rep.Duration = time.Since(began) }()

	health, err := r.Store.Health(sctx, src.ID)
	if err != nil {
		return rep, fatal(err)
	}
	if !p.IgnoreBackoff && start.Before(health.NextAttempt) {
		rep.Status = model.StatusBackedOff
		rep.NextAttempt = health.NextAttempt
		rep.Error = health.LastError
		log.Info("backed off after earlier failures", "failures", health.Failures, "next_attempt", health.NextAttempt.Format(time.RFC3339))
		return rep, nil
	}

	items, meta, res, ferr := r.fetchSource(ctx, src, health.Meta, log)
	if res != nil {
		rep.HTTPStatus = res.StatusCode
		if res.PermanentURL != "" {
			log.Warn("source moved permanently; gleaner now asks the new address (update feeds.yaml)", keyURL, res.PermanentURL)
		}
	}
	health.LastAttempt = start
	if ferr != nil {
		if ctx.Err() != nil && errors.Is(ferr, ctx.Err()) {
			rep.Status = model.StatusSkipped
			rep.Error = "run cancelled: " + context.Cause(ctx).Error()
			return rep, nil
		}
		var fe *fetch.Error
		if errors.As(ferr, &fe) && fe.StatusCode != 0 {
			rep.HTTPStatus = fe.StatusCode
		}
		health.Failures++
		health.LastError = ferr.Error()
		wait := fetch.Backoff(health.Failures, p.BackoffBase, p.MaxBackoff)
		if fe != nil && fe.RetryAfter > wait {
			wait = fe.RetryAfter
		}
		health.NextAttempt = start.Add(wait)
		rep.Status = model.StatusFailed
		rep.Error = ferr.Error()
		rep.NextAttempt = health.NextAttempt
		if err := r.Store.PutHealth(sctx, health); err != nil {
			return rep, fatal(err)
		}
		log.Error("source failed", keyError, ferr, "failures", health.Failures, "next_attempt", health.NextAttempt.Format(time.RFC3339))
		return rep, nil
	}

	health.Failures = 0
	health.LastError = ""
	health.NextAttempt = time.Time{}
	health.LastSuccess = start
	if res.NotModified {
		rep.Status = model.StatusNotModified
		if err := r.Store.PutHealth(sctx, health); err != nil {
			return rep, fatal(err)
		}
		log.Debug("not modified")
		return rep, nil
	}

	if src.MaxItems > 0 && len(items) > src.MaxItems {
		items = items[:src.MaxItems]
	}
	changed, err := r.enrich(ctx, src, items, log)
	if err != nil {
		return rep, err
	}
	up, err := r.Store.UpsertItems(sctx, changed, runStart)
	if err != nil {
		return rep, fatal(err)
	}
	// Validators are saved only after the items are stored, so a crash in
	// between means a full fetch next time, never a lost update.
	if pendingRetries(changed) {
		// Some article pages failed: forget the feed's validators so that
		// the next run reads the feed again and retries them, even when
		// the feed itself has not changed.
		res.ETag, res.LastModified = "", ""
	}
	if err := r.saveFetchState(sctx, src.URL, res); err != nil {
		return rep, err
	}
	health.Meta = meta
	if err := r.Store.PutHealth(sctx, health); err != nil {
		return rep, fatal(err)
	}
	rep.Status = model.StatusOK
	rep.Items, rep.New, rep.Updated = len(items), up.New, up.Updated
	log.Info("source fetched", keyItems, len(items), keyNew, up.New, keyUpdated, up.Updated)
	return rep, nil
}

// fatal wraps an error that must stop the run: the store failed.
func fatal(err error) error { return fmt.Errorf("pipeline: %w", err) }

// attribution is the line that ends every republished item.
func attribution(it *model.Item, src model.Source, also []credit) string {
	name := src.Name
	if name == "" {
		name = src.ID
	}
	link := it.URL
	if link == "" {
		link = src.HomeURL
	}
	var b strings.Builder
	b.WriteString(`<p class="gleaner-attribution">Originally published by `)
	b.WriteString(linked(name, link))
	for i, c := range also {
		switch {
		case i == 0:
			b.WriteString("; also published by ")
		case i == len(also)-1:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(linked(c.Name, c.URL))
	}
	b.WriteString(".</p>")
	return b.String()
}

// credit is another partner that carried the same story.
type credit struct {
	SourceID string `json:"source"`
	Name     string `json:"name"`
	URL      string `json:"url,omitempty"` // its copy of the story
}

// linked is name as a link to u, or plain when u is not a usable URL.
func linked(name, u string) string {
	if pu, err := url.Parse(u); err != nil || u == "" || (pu.Scheme != "http" && pu.Scheme != "https") {
		return escape(name)
	}
	return fmt.Sprintf(`<a href="%s">%s</a>`, escape(u), escape(name))
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")

func escape(s string) string { return htmlEscaper.Replace(s) }
