// Package cli is gleaner's command line: one type per subcommand, flag
// parsing, logging set-up, the translation of feeds.yaml into plain values
// for the pipeline, and the mapping of outcomes to exit codes.
//
// [Run] is the whole program; cmd/gleaner only calls it.
package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// Version is stamped at build time with
// -ldflags "-X github.com/gleanerhq/gleaner/internal/cli.Version=v1.2.3";
// otherwise it comes from the module's build information.
var Version = ""

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// Exit codes, documented in README.md. Cron wrappers branch on them.
const (
	ExitOK          = 0   // published (sources that failed are listed in the summary)
	ExitFailed      = 1   // nothing could be published, or a fatal error
	ExitUsage       = 2   // bad usage or a bad feeds.yaml
	ExitLocked      = 75  // another run holds the state database's lock (EX_TEMPFAIL: try again later)
	ExitInterrupted = 130 // stopped by SIGINT or SIGTERM
)

// command is one subcommand.
type command interface {
	name() string
	synopsis() string
	run(ctx context.Context, env *env, args []string) error
}

// env is what every command gets: where to write.
type env struct {
	stdout, stderr io.Writer
}

func commands() []command {
	return []command{&runCmd{}, &statusCmd{}, &checkCmd{}, &parseCmd{}, &extractCmd{}, &tagCmd{}, &demoCmd{}, &serveCmd{}, &versionCmd{}}
}

const mainUsage = `gleaner gathers partner ministries' news and republishes it as curated feeds.

Usage:
  gleaner <command> [flags]

Commands:
%s
Run 'gleaner <command> --help' for a command's flags and an example.

Example:
  gleaner check --config feeds.yaml && gleaner run --config feeds.yaml
`

// Run is the program: it runs the subcommand named by args[0] and returns
// the process exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		printMainUsage(stderr)
		return ExitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		printMainUsage(stdout)
		return ExitOK
	case "-version", "--version":
		args[0] = "version"
	}
	for _, c := range commands() {
		if c.name() == args[0] {
			err := c.run(ctx, e, args[1:])
			return report(e, err, ctx)
		}
	}
	return report(e, usageErrorf("unknown command %q", args[0]).withHint("run 'gleaner --help' to list the commands"), ctx)
}

func printMainUsage(w io.Writer) {
	var b strings.Builder
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name(), c.synopsis())
	}
	fmt.Fprintf(w, mainUsage, b.String())
}

// usageError is a mistake in how gleaner was called, or in feeds.yaml.
type usageError struct {
	msg  string
	hint string
}

func usageErrorf(format string, a ...any) *usageError {
	return &usageError{msg: fmt.Sprintf(format, a...)}
}

func (e *usageError) withHint(h string) *usageError { e.hint = h; return e }
func (e *usageError) Error() string                 { return e.msg }

// exitError carries an exit code chosen by a command, with an optional
// message already printed or still to print.
type exitError struct {
	code int
	msg  string
	hint string
}

func (e *exitError) Error() string { return e.msg }

// report prints err the way people act on it and maps it to an exit code:
// "gleaner: <what>" then "hint: <fix>" when there is an obvious fix.
func report(e *env, err error, ctx context.Context) int {
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	code, hint := exitCode(err, ctx)
	if msg := err.Error(); msg != "" {
		fmt.Fprintf(e.stderr, "gleaner: %s\n", msg)
	}
	if hint != "" {
		fmt.Fprintf(e.stderr, "hint: %s\n", hint)
	}
	return code
}

// exitCode maps the error a command returned to the process exit code and
// the hint that goes with it.
func exitCode(err error, ctx context.Context) (code int, hint string) {
	var ue *usageError
	var xe *exitError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return ExitOK, ""
	case errors.As(err, &ue):
		return ExitUsage, ue.hint
	case errors.As(err, &xe):
		return xe.code, xe.hint
	case ctx.Err() != nil:
		return ExitInterrupted, ""
	}
	return ExitFailed, ""
}

// newFlagSet returns a flag set whose usage prints the command's synopsis,
// usage line, flags and an example.
func newFlagSet(e *env, c command, usage, example string) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name(), flag.ContinueOnError)
	fs.SetOutput(&flagOutput{env: e})
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "%s\n\nUsage:\n  gleaner %s\n\nFlags:\n", c.synopsis(), usage)
		fs.PrintDefaults()
		fmt.Fprintf(w, "\nExample:\n%s\n", example)
	}
	return fs
}

// flagOutput is where a command's flag set prints. While parseFlags runs it
// holds what the flag package prints, so that help that was asked for goes
// to stdout and a bad flag gets one error line with a hint instead of a page
// of usage; otherwise it writes to stderr.
type flagOutput struct {
	env     *env
	parsing bool
	buf     bytes.Buffer
}

func (o *flagOutput) Write(p []byte) (int, error) {
	if o.parsing {
		return o.buf.Write(p)
	}
	return o.env.stderr.Write(p)
}

// parseFlags parses args, turning flag errors into usage errors with a
// hint. Help that was asked for (-h, --help) goes to stdout, so that it can
// be paged or grepped.
func parseFlags(fs *flag.FlagSet, args []string) error {
	out, _ := fs.Output().(*flagOutput)
	if out != nil {
		out.parsing = true
		defer func() { out.parsing = false; out.buf.Reset() }()
	}
	err := fs.Parse(args)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		if out != nil {
			_, _ = out.env.stdout.Write(out.buf.Bytes())
		}
		return err
	default:
		return usageErrorf("%s: %v", fs.Name(), err).withHint(fmt.Sprintf("run 'gleaner %s --help' for its flags", fs.Name()))
	}
}
