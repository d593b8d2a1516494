package fetch

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinel errors wrapped by [*Error]; test for them with [errors.Is].
var (
	// ErrTooLarge means the (decompressed) body exceeded Options.MaxBodySize.
	// Fetch never returns a truncated body.
	ErrTooLarge = errors.New("response body too large")
	// ErrEmptyBody means a successful response had no body at all.
	ErrEmptyBody = errors.New("empty response body")
	// ErrTooManyRedirects means the chain was longer than Options.MaxRedirects.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrRedirectLoop means a redirect pointed back to a URL already visited
	// in the same chain.
	ErrRedirectLoop = errors.New("redirect loop")
	// ErrTimeout means one attempt did not complete in time: connecting,
	// waiting for the response header, or reading the whole body. It is
	// distinct from the caller's own ctx deadline, which surfaces as
	// context.DeadlineExceeded.
	ErrTimeout = errors.New("timed out")
	// ErrPrivateAddress means the URL, or a redirect, led to a loopback,
	// private, link-local or other non-public address and the Request did
	// not set AllowPrivate. It is not retried.
	ErrPrivateAddress = errors.New("refusing to connect to private address")
	// ErrInvalidOptions is wrapped by the errors [New] returns.
	ErrInvalidOptions = errors.New("invalid fetch options")
)

// Error is the error [Client.Fetch] returns for every failure.
type Error struct {
	// URL is the requested URL, with any password redacted.
	URL string
	// StatusCode is the unexpected HTTP status (anything but 2xx and 304)
	// that failed the fetch; 0 when the failure was something else, such as
	// a network error, a timeout or an oversized body.
	StatusCode int
	// RetryAfter is the delay a 429 or 503 response asked for, 0 if none.
	// When it exceeds Options.MaxRetryWait, Fetch does not wait: the caller
	// should schedule its next attempt no earlier than this.
	RetryAfter time.Duration
	// Temporary reports a transient failure (network error, timeout, 408,
	// 425, 429, 500, 502, 503, 504) that may succeed later.
	Temporary bool
	// Attempts is how many attempts were made, 0 if none could start.
	Attempts int
	// Err is the underlying cause; nil for a plain unexpected status.
	Err error
}

// Error returns "fetch <url>: …". It never contains a response body.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("fetch ")
	b.WriteString(e.URL)
	b.WriteString(": ")
	sep := ""
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, "status %d", e.StatusCode)
		if t := http.StatusText(e.StatusCode); t != "" {
			b.WriteString(" " + t)
		}
		sep = ": "
	}
	if e.Err != nil {
		b.WriteString(sep + e.Err.Error())
	} else if sep == "" {
		b.WriteString("failed")
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (%d attempts)", e.Attempts)
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }
