package cli

import (
	"context"
	"fmt"
	"runtime"
)

type versionCmd struct{}

func (*versionCmd) name() string     { return "version" }
func (*versionCmd) synopsis() string { return "print gleaner's version" }

func (c *versionCmd) run(_ context.Context, e *env, args []string) error {
	fs := newFlagSet(e, c, "version", "  gleaner version")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "gleaner %s (%s, %s/%s)\n", version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
