package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gleanerhq/gleaner/internal/config"
	"github.com/gleanerhq/gleaner/internal/serve"
)

type serveCmd struct {
	common        commonFlags
	addr          string
	every         time.Duration
	ignoreBackoff bool
}

func (*serveCmd) name() string { return "serve" }
func (*serveCmd) synopsis() string {
	return "serve the output directory over HTTP, optionally running the batch on an interval"
}

const serveExample = `  # serve ./output on port 8080 and refresh it every 30 minutes:
  gleaner serve --config /etc/gleaner/feeds.yaml --state /var/lib/gleaner/gleaner.db \
      --output /var/lib/gleaner/output --addr 127.0.0.1:8080 --every 30m`

// minEvery keeps an in-process schedule polite to partners.
const minEvery = time.Minute

// shutdownTimeout is how long requests in flight get to finish once
// gleaner serve is told to stop.
const shutdownTimeout = 5 * time.Second

// pingTimeout bounds the WebSub pings after one batch.
const pingTimeout = time.Minute

func (c *serveCmd) run(ctx context.Context, e *env, args []string) error {
	flags := newFlagSet(e, c, "serve [flags]", serveExample)
	c.common.register(flags)
	flags.StringVar(&c.addr, "addr", "127.0.0.1:8080", "`host:port` to listen on")
	flags.DurationVar(&c.every, "every", 0, "run the batch at start and then at this `interval`, in-process (0: only serve)")
	flags.BoolVar(&c.ignoreBackoff, "ignore-backoff", false, "with --every: fetch sources that are backed off after failures too")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageErrorf("serve takes no arguments (got %q)", flags.Args())
	}
	if c.every < 0 || (c.every > 0 && c.every < minEvery) {
		return usageErrorf("--every: must be 0 or at least %s (got %s)", minEvery, c.every).
			withHint("partners are fetched at most every minute; use gleaner run from cron for other schedules")
	}
	log, err := c.common.logger(e.stderr)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(c.common.config)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.common.output, 0o755); err != nil {
		return fmt.Errorf("create output directory: %w", err)
	}
	handler, err := serve.New(c.common.output, serve.Options{AllowedOrigins: cfg.Serve.AllowedOrigins, Logger: log})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return &exitError{code: ExitFailed, msg: fmt.Sprintf("serve: %v", err),
			hint: "pick another --addr, or stop what is listening there"}
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(e.stdout, "serving %s at http://%s/\n", c.common.output, ln.Addr())

	// runCtx ends the schedule on a signal or when the server fails.
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	var wg sync.WaitGroup
	if c.every > 0 {
		batch := func(ctx context.Context) error { return c.batch(ctx, e, log, cfg) }
		wg.Go(func() { serve.Every(runCtx, c.every, log, batch) })
	}

	var serveErr error
	select {
	case <-runCtx.Done():
	case serveErr = <-served:
		stop()
	}
	log.Info("shutting down: finishing requests in flight", "timeout", shutdownTimeout)
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		log.Warn("requests still in flight were cut off", "error", err)
		_ = srv.Close()
	}
	wg.Wait() // the batch in progress publishes what it has, then returns
	if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", serveErr)
	}
	return nil
}

// batch runs one batch and, when a WebSub hub is configured, pings it for
// every feed the batch rewrote.
func (c *serveCmd) batch(ctx context.Context, e *env, log *slog.Logger, cfg *config.Config) error {
	hub := cfg.Serve.WebSubHub
	var before map[string]fileVersion
	if hub != "" {
		before = feedVersions(c.common.output)
	}
	err := runOnce(ctx, e, log, cfg, c.common, c.ignoreBackoff)
	if hub != "" {
		topics := changedTopics(before, feedVersions(c.common.output), cfg.BaseURL)
		// Feeds published as the batch was interrupted are news too.
		pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), pingTimeout)
		defer cancel()
		if perr := serve.PingHub(pctx, nil, hub, topics); perr != nil {
			log.Warn("could not tell the WebSub hub about every changed feed", "hub", hub, "error", perr)
		} else if len(topics) > 0 {
			log.Info("told the WebSub hub about changed feeds", "hub", hub, "feeds", len(topics))
		}
	}
	return err
}

// fileVersion tells one version of a file from the next: publish renames a
// new file over the old one, so the modification time changes.
type fileVersion struct {
	size    int64
	modTime time.Time
}

// feedVersions lists the feeds (.atom, .rss, .json) under dir by
// slash-separated relative path, hidden and temporary files left out.
func feedVersions(dir string) map[string]fileVersion {
	out := map[string]fileVersion{}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a file gone since the listing: not a feed to ping
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		switch path.Ext(d.Name()) {
		case ".atom", ".rss", ".json":
		default:
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err == nil {
			out[filepath.ToSlash(rel)] = fileVersion{size: info.Size(), modTime: info.ModTime()}
		}
		return nil
	})
	return out
}

// changedTopics returns the self URLs (baseURL + path) of the feeds that
// are new or changed in after, sorted.
func changedTopics(before, after map[string]fileVersion, baseURL string) []string {
	var topics []string
	for rel, v := range after {
		if old, ok := before[rel]; !ok || old.size != v.size || !old.modTime.Equal(v.modTime) {
			topics = append(topics, baseURL+rel)
		}
	}
	sort.Strings(topics)
	return topics
}
