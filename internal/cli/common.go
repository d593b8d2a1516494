package cli

import (
	"flag"
	"io"
	"log/slog"
	"strings"
)

// commonFlags are the flags every pipeline command shares.
type commonFlags struct {
	config    string
	state     string
	output    string
	verbose   bool
	quiet     bool
	logFormat string
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "config", "feeds.yaml", "path of the `feeds.yaml` to read")
	fs.StringVar(&c.state, "state", "gleaner.db", "path of the SQLite state `database`")
	fs.StringVar(&c.output, "output", "output", "`directory` the feeds are written to")
	fs.BoolVar(&c.verbose, "v", false, "verbose: log debug lines too")
	fs.BoolVar(&c.verbose, "verbose", false, "same as -v")
	fs.BoolVar(&c.quiet, "quiet", false, "log only errors (the summary line is still printed)")
	fs.StringVar(&c.logFormat, "log-format", "text", "log `format`: text (for people) or json (for machines)")
}

// logger builds the one logger of a run, writing to w.
func (c *commonFlags) logger(w io.Writer) (*slog.Logger, error) {
	level := slog.LevelInfo
	switch {
	case c.quiet:
		level = slog.LevelError
	case c.verbose:
		level = slog.LevelDebug
	}
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(c.logFormat) {
	case "text", "":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usageErrorf("--log-format: want text or json (got %q)", c.logFormat)
}
