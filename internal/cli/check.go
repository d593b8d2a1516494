package cli

import (
	"context"
	"fmt"
)

type checkCmd struct {
	config string
}

func (*checkCmd) name() string     { return "check" }
func (*checkCmd) synopsis() string { return "validate feeds.yaml and say what is wrong with it" }

const checkExample = `  gleaner check --config feeds.yaml
  feeds.yaml:14: sources[2].url: must be an absolute http or https URL (got "www.example.org/feed")`

func (c *checkCmd) run(_ context.Context, e *env, args []string) error {
	fs := newFlagSet(e, c, "check [flags]", checkExample)
	fs.StringVar(&c.config, "config", "feeds.yaml", "path of the `feeds.yaml` to check")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("check takes no arguments (got %q)", fs.Args())
	}
	cfg, err := loadConfig(c.config)
	if err != nil {
		return err
	}
	plan := planFromConfig(cfg, "output")
	fmt.Fprintf(e.stdout, "%s: ok: %d sources (%d enabled), %d outputs\n", c.config, len(cfg.Sources), len(plan.Sources), len(plan.Outputs))
	for _, s := range plan.Sources {
		t := string(s.Type)
		if t == "" {
			t = "auto"
		}
		fmt.Fprintf(e.stdout, "  source %-24s %-5s %s\n", s.ID, t, s.URL)
	}
	for _, o := range plan.Outputs {
		fmt.Fprintf(e.stdout, "  output %-24s %s.{atom,rss,json}\n", o.ID, o.Path)
	}
	return nil
}
