//go:build !linux

package cli

import "io"

// terminalWidth reports whether w is a terminal; off Linux gleaner does not
// check and draws no progress line.
func terminalWidth(io.Writer) (width int, ok bool) { return 0, false }
