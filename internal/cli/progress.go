package cli

import (
	"fmt"
	"io"
	"log/slog"
	"sync"
	"unicode/utf8"
)

// progress shows how far a run has got. On a terminal it is one line on
// stderr, "[12/40] opendoors-uk … 2 errors", redrawn in place as sources
// finish; log lines written meanwhile go through it, so they scroll above
// the line instead of being torn by it. Anywhere else (cron, a pipe, a
// file) nothing is redrawn: each step is a structured debug log line, and
// the pipeline's own per-source lines say the rest.
//
// A nil *progress shows nothing; its methods are safe to call.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	live  bool // redraw in place
	width int  // columns of the terminal; 0 when unknown
	line  string
	log   *slog.Logger
}

// clearLine returns the cursor to the start of the line and erases it.
const clearLine = "\r\x1b[K"

// newProgress returns the progress display for a run writing to w: live
// when w is a terminal and the run is not --quiet.
func newProgress(w io.Writer, quiet bool) *progress {
	width, tty := terminalWidth(w)
	return &progress{w: w, live: tty && !quiet, width: width}
}

// Write writes a log line to the underlying writer, keeping the progress
// line below it.
func (p *progress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.line == "" {
		return p.w.Write(b)
	}
	io.WriteString(p.w, clearLine)
	n, err := p.w.Write(b)
	io.WriteString(p.w, p.line)
	return n, err
}

// hook returns the pipeline's Progress callback, or nil when there is
// nothing to show.
func (p *progress) hook(log *slog.Logger) func(done, total int, source string, failed int) {
	if p == nil {
		return nil
	}
	p.log = log
	return p.update
}

func (p *progress) update(done, total int, source string, failed int) {
	text := progressText(done, total, source, failed)
	if !p.live {
		if p.log != nil {
			p.log.Debug("progress", "done", done, "total", total, "source", source, "failed", failed)
		}
		return
	}
	if p.width > 1 && utf8.RuneCountInString(text) > p.width-1 {
		// A line wider than the terminal wraps, and \r then redraws only
		// its last part: cut it to fit.
		r := []rune(text)
		text = string(r[:p.width-2]) + "…"
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.line = text
	io.WriteString(p.w, clearLine+text)
}

// clear erases the progress line, before the summary is printed.
func (p *progress) clear() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.line != "" {
		io.WriteString(p.w, clearLine)
		p.line = ""
	}
}

// progressText is "[12/40] opendoors-uk", with "… 2 errors" once some
// sources have failed.
func progressText(done, total int, source string, failed int) string {
	s := fmt.Sprintf("[%d/%d] %s", done, total, source)
	switch {
	case failed == 1:
		s += " … 1 error"
	case failed > 1:
		s += fmt.Sprintf(" … %d errors", failed)
	}
	return s
}
