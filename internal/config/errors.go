package config

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// ErrInvalid is matched, through [errors.Is], by every error [Parse],
// [Load] and [Config.Validate] return for a config that is wrong, as opposed
// to one that could not be read.
var ErrInvalid = errors.New("invalid config")

// Error is one problem in a config: where it is and what is wrong.
//
// Error prints as "File:Line: Path: Msg", leaving out what is unknown:
//
//	feeds.yaml:12: sources[3].url: must be http or https (got "ftp://x")
//	sources[3].url: must be http or https (got "ftp://x")   (a Config built in Go)
//
// An error about the whole file has neither Line nor Path, and its Msg reads
// after the file name: "feeds.yaml is empty".
type Error struct {
	File string // the name given to Parse, or the path given to Load; may be empty
	Line int    // 1-based line in File; 0 when unknown
	Path string // field path such as "sources[3].url"; empty for the whole file
	Msg  string // what is wrong, lower case, quoting the bad value
}

func (e *Error) Error() string {
	if e.Line == 0 && e.Path == "" {
		if e.File == "" {
			return "config " + e.Msg
		}
		return e.File + " " + e.Msg
	}
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			b.WriteString(":" + strconv.Itoa(e.Line))
		}
		b.WriteString(": ")
	} else if e.Line > 0 {
		b.WriteString("line " + strconv.Itoa(e.Line) + ": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Is reports whether target is [ErrInvalid].
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// Errors is every problem found in one config, sorted by line. Its Error
// method prints one problem per line.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, so that [errors.As] finds an [*Error] and
// [errors.Is] finds [ErrInvalid].
func (es Errors) Unwrap() []error {
	errs := make([]error, len(es))
	for i, e := range es {
		errs[i] = e
	}
	return errs
}

// Is reports whether target is [ErrInvalid], so that even an empty Errors
// matches it.
func (es Errors) Is(target error) bool { return target == ErrInvalid }

// maxErrors is how many problems are listed before "has N more problems":
// past that, the first ones are what to fix.
const maxErrors = 50

// sorted orders es by line, keeping the order of discovery among equal
// lines; problems without a line (a missing top-level field) come first.
// Past maxErrors it keeps the first ones and counts the rest.
func (es Errors) sorted() Errors {
	sort.SliceStable(es, func(i, j int) bool { return es[i].Line < es[j].Line })
	if len(es) > maxErrors {
		more := &Error{File: es[0].File, Msg: fmt.Sprintf("has %d more problems", len(es)-maxErrors)}
		es = append(es[:maxErrors:maxErrors], more)
	}
	return es
}

// err returns es as an error, or nil when there is no problem.
func (es Errors) err() error {
	if len(es) == 0 {
		return nil
	}
	return es.sorted()
}
