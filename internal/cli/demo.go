package cli

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gleanerhq/gleaner"
	"github.com/gleanerhq/gleaner/internal/config"
	"github.com/gleanerhq/gleaner/internal/demo"
)

// demoBaseURL is where the demo pretends output/ is served: the feeds' self
// links and the index page use it.
const demoBaseURL = "http://localhost:8080/"

type demoCmd struct {
	output string
	state  string
	world  string
	serve  bool
	common commonFlags
}

func (*demoCmd) name() string { return "demo" }
func (*demoCmd) synopsis() string {
	return "serve the bundled sample world of partner sites on loopback and run once against it"
}

const demoExample = `  gleaner demo                 # leaves the feeds in ./output
  gleaner demo --serve         # then keeps the sample world up until Ctrl-C`

func (c *demoCmd) run(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, c, "demo [flags]", demoExample)
	fs.StringVar(&c.output, "output", "output", "`directory` the feeds are written to")
	fs.StringVar(&c.state, "state", "", "state `database` (default: a fresh one in a temporary directory)")
	fs.StringVar(&c.world, "world", "", "serve this corpus `directory` instead of the bundled one")
	fs.BoolVar(&c.serve, "serve", false, "keep serving the sample world after the run, until interrupted")
	fs.BoolVar(&c.common.verbose, "v", false, "verbose: log debug lines too")
	fs.BoolVar(&c.common.quiet, "quiet", false, "log only errors")
	fs.StringVar(&c.common.logFormat, "log-format", "text", "log `format`: text or json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	prog := newProgress(e.stderr, c.common.quiet)
	log, err := c.common.logger(prog)
	if err != nil {
		return err
	}
	world := gleaner.Corpus()
	if c.world != "" {
		world = os.DirFS(c.world)
	}
	sites, err := demo.LoadSites(world)
	if err != nil {
		return err
	}
	base, stop, err := demo.Serve(ctx, world, "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer stop()
	fmt.Fprintf(e.stdout, "sample world of %d partner sites served at %s\n", len(sites), base)

	state := c.state
	if state == "" {
		dir, err := os.MkdirTemp("", "gleaner-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		state = filepath.Join(dir, "gleaner.db")
	}
	yml := demo.ConfigYAML(base, demoBaseURL, sites)
	cfg, err := config.Parse(strings.NewReader(string(yml)), "demo feeds.yaml")
	if err != nil {
		return fmt.Errorf("demo config: %w", err)
	}
	flags := commonFlags{state: state, output: c.output}
	runErr := runBatch(ctx, e, log, cfg, runOptions{common: flags, maxDuration: defaultMaxDuration, progress: prog})

	files, err := listFiles(c.output)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\nfiles in %s/:\n", c.output)
	for _, f := range files {
		fmt.Fprintf(e.stdout, "  %s\n", f)
	}
	if runErr != nil {
		return runErr
	}
	if c.serve {
		fmt.Fprintf(e.stdout, "\nserving the sample world at %s until interrupted (Ctrl-C)\n", base)
		<-ctx.Done()
	}
	return nil
}

// listFiles lists the regular files under dir, slash-separated and sorted,
// with their sizes.
func listFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, fmt.Sprintf("%-40s %7d bytes", filepath.ToSlash(rel), info.Size()))
		return nil
	})
	sort.Strings(out)
	return out, err
}
