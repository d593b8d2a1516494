// Command gleaner gathers partner ministries' news and republishes it as
// curated Atom, RSS and JSON feeds. See README.md, or run gleaner --help.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/gleanerhq/gleaner/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
