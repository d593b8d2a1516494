package fetch

import (
	"bytes"
	"cmp"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultAccept is the Accept header sent when Request.Accept is empty: feed
// formats first, HTML (listing pages) next, anything else last.
const DefaultAccept = "application/rss+xml, application/atom+xml, application/feed+json, " +
	"application/json, application/xml, text/xml, text/html;q=0.8, */*;q=0.5"

// Defaults applied by [New] to zero-valued [Options] fields.
const (
	DefaultTimeout        = 30 * time.Second
	DefaultConnectTimeout = 10 * time.Second
	DefaultMaxBodySize    = 10 << 20
	DefaultMaxConcurrent  = 8
	DefaultMaxPerHost     = 2
	DefaultMaxRetries     = 1
	DefaultRetryBase      = 250 * time.Millisecond
	DefaultMaxRetryWait   = 30 * time.Second
	DefaultMaxRedirects   = 5
)

// Log attribute keys.
const (
	logKeyURL      = "url"
	logKeyStatus   = "status"
	logKeyAttempt  = "attempt"
	logKeyWait     = "wait"
	logKeyErr      = "err"
	logKeyBytes    = "bytes"
	logKeyCharset  = "charset"
	logKeyDuration = "duration"
	logKeyLocation = "location"
)

// drainLimit is how much of an unwanted body (error page, redirect) is read
// so that the connection can be reused; beyond it the connection is dropped.
const drainLimit = 64 << 10

// Options configures a [Client]. Zero values take the defaults noted.
type Options struct {
	// UserAgent is sent with every request; required. Name the software and
	// a contact, e.g. "gleaner/1.2.0 (+https://example.org/contact)".
	UserAgent string
	// Timeout is the total deadline of one attempt, including redirects and
	// reading the body (default 30s). A server that trickles bytes is cut off.
	Timeout time.Duration
	// ConnectTimeout bounds dialling and the TLS handshake (default 10s).
	// Ignored when Transport is set.
	ConnectTimeout time.Duration
	// HeaderTimeout bounds the wait for a response header (default Timeout).
	// Ignored when Transport is set.
	HeaderTimeout time.Duration
	// MaxBodySize is the largest body accepted, after decompression
	// (default 10 MiB). A larger body fails with ErrTooLarge.
	MaxBodySize int64
	// MaxConcurrent bounds in-flight requests in total (default 8).
	MaxConcurrent int
	// MaxPerHost bounds in-flight requests per host:port (default 2). It is
	// also the transport's MaxConnsPerHost.
	MaxPerHost int
	// MaxRetries is how many times a transient failure is retried within one
	// Fetch (default 1; negative for none): a partner still failing is
	// better backed off until a later run than waited for.
	MaxRetries int
	// RetryBase is the first backoff (default 250ms), doubled with ±20% jitter
	// for each further retry.
	RetryBase time.Duration
	// MaxRetryWait is the longest single wait inside one Fetch (default
	// 30s). A Retry-After longer than this is not waited for: Fetch fails
	// with an *Error whose RetryAfter says when to come back.
	MaxRetryWait time.Duration
	// MaxRedirects is how many redirects are followed (default 5; negative
	// for none: any redirect then fails with ErrTooManyRedirects).
	MaxRedirects int
	// Logger receives debug lines per response and info lines per retry;
	// never bodies. Default: discard.
	Logger *slog.Logger
	// Transport replaces the default tuned *http.Transport, for tests. Its
	// own timeouts and connection limits then apply instead of
	// ConnectTimeout, HeaderTimeout and MaxConnsPerHost; everything else
	// (deadline, size cap, per-host limit, retries, the refusal of private
	// addresses) still holds. Requests without AllowPrivate go through a
	// guarded copy of it (see Request.AllowPrivate), so a test serving on
	// loopback must set AllowPrivate.
	Transport http.RoundTripper
}

// withDefaults returns o with zero fields defaulted, or an error naming the
// first invalid field.
func (o Options) withDefaults() (Options, error) {
	invalid := func(field string, v any) (Options, error) {
		return o, fmt.Errorf("%w: %s must not be negative (got %v)", ErrInvalidOptions, field, v)
	}
	switch {
	case strings.TrimSpace(o.UserAgent) == "":
		return o, fmt.Errorf("%w: UserAgent is required", ErrInvalidOptions)
	case strings.ContainsAny(o.UserAgent, "\r\n"):
		return o, fmt.Errorf("%w: UserAgent must be one line (got %q)", ErrInvalidOptions, o.UserAgent)
	case o.Timeout < 0:
		return invalid("Timeout", o.Timeout)
	case o.ConnectTimeout < 0:
		return invalid("ConnectTimeout", o.ConnectTimeout)
	case o.HeaderTimeout < 0:
		return invalid("HeaderTimeout", o.HeaderTimeout)
	case o.MaxBodySize < 0:
		return invalid("MaxBodySize", o.MaxBodySize)
	case o.MaxConcurrent < 0:
		return invalid("MaxConcurrent", o.MaxConcurrent)
	case o.MaxPerHost < 0:
		return invalid("MaxPerHost", o.MaxPerHost)
	case o.RetryBase < 0:
		return invalid("RetryBase", o.RetryBase)
	case o.MaxRetryWait < 0:
		return invalid("MaxRetryWait", o.MaxRetryWait)
	}
	def := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.Timeout, DefaultTimeout)
	def(&o.ConnectTimeout, DefaultConnectTimeout)
	def(&o.HeaderTimeout, o.Timeout)
	def(&o.RetryBase, DefaultRetryBase)
	def(&o.MaxRetryWait, DefaultMaxRetryWait)
	if o.MaxBodySize == 0 {
		o.MaxBodySize = DefaultMaxBodySize
	}
	if o.MaxConcurrent == 0 {
		o.MaxConcurrent = DefaultMaxConcurrent
	}
	if o.MaxPerHost == 0 {
		o.MaxPerHost = DefaultMaxPerHost
	}
	switch {
	case o.MaxRetries == 0:
		o.MaxRetries = DefaultMaxRetries
	case o.MaxRetries < 0:
		o.MaxRetries = 0
	}
	switch {
	case o.MaxRedirects == 0:
		o.MaxRedirects = DefaultMaxRedirects
	case o.MaxRedirects < 0:
		o.MaxRedirects = 0
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o, nil
}

// Client fetches URLs under one set of [Options]. It is safe for concurrent
// use; share one per run so that the concurrency limits mean something.
type Client struct {
	opts Options
	// public serves requests without AllowPrivate: its dialler refuses
	// private addresses. private serves the others, with its own
	// connection pool so that the two never share a connection.
	public, private *http.Client
	limiter         *limiter
	log             *slog.Logger
}

// New validates opts, applies defaults and returns a Client. The error wraps
// [ErrInvalidOptions].
func New(opts Options) (*Client, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	var public, private http.RoundTripper
	if o.Transport != nil {
		public, private = guardTransport(o.Transport), o.Transport
	} else {
		public, private = newGuardedTransport(o), newTransport(o)
	}
	httpClient := func(rt http.RoundTripper) *http.Client {
		return &http.Client{
			Transport: rt,
			// Redirects are followed by hand in attempt, one limiter slot
			// (and one check of the address) per hop.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	return &Client{
		opts:    o,
		public:  httpClient(public),
		private: httpClient(private),
		limiter: newLimiter(o.MaxConcurrent, o.MaxPerHost),
		log:     o.Logger,
	}, nil
}

// idleConnTimeout closes a keep-alive connection unused this long.
const idleConnTimeout = 5 * time.Second

// newTransport is the default transport: environment proxy, HTTP/2, bounded
// dial, handshake and header waits, at most MaxPerHost connections per host,
// and transparent gzip (Accept-Encoding is left to the transport, which then
// decompresses, so the size cap sees decompressed bytes).
func newTransport(o Options) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = o.ConnectTimeout
	t.ResponseHeaderTimeout = o.HeaderTimeout
	t.MaxConnsPerHost = o.MaxPerHost
	t.MaxIdleConnsPerHost = o.MaxPerHost
	// Room for the idle connections of every host in use at once, so that
	// a busy host's idle connection is not closed to make room for
	// another's and then dialled again beside its replacement.
	t.MaxIdleConns = max(t.MaxIdleConns, 2*o.MaxPerHost*o.MaxConcurrent)
	// A partner's requests (its feed, then its article pages) follow one
	// another within milliseconds, and the next run is minutes away: an
	// idle connection kept longer only holds a socket and two goroutines.
	t.IdleConnTimeout = idleConnTimeout
	t.DisableCompression = false
	return t
}

// CloseIdleConnections closes idle keep-alive connections of the transports.
func (c *Client) CloseIdleConnections() {
	c.public.CloseIdleConnections()
	c.private.CloseIdleConnections()
}

// Request is one URL to fetch, with the validators remembered from the last
// successful fetch.
type Request struct {
	URL          string
	ETag         string        // sent as If-None-Match
	LastModified string        // sent as If-Modified-Since
	Accept       string        // default DefaultAccept
	Timeout      time.Duration // overrides Options.Timeout when > 0
	// AllowPrivate permits connecting to loopback, private, link-local and
	// other non-public addresses (see the package documentation). Leave it
	// false for every URL that came from a partner, unless the operator
	// allowed it for that partner; without it such a connection fails
	// with ErrPrivateAddress, on the first hop or after a redirect.
	AllowPrivate bool
}

// Response is a successful fetch: a 2xx with a body, or a 304.
type Response struct {
	RequestURL string
	// URL is the final URL after redirects.
	URL string
	// PermanentURL is set when there was at least one redirect and every
	// hop was permanent (301 or 308): ask this URL next time.
	PermanentURL string
	StatusCode   int
	// NotModified reports a 304; Body is then nil.
	NotModified bool
	Header      http.Header
	// ContentType is the media type, lower case, without parameters. Use it
	// rather than Header's Content-Type, whose charset no longer applies.
	ContentType string
	// Charset is the charset Body was decoded from ("utf-8" when it already
	// was); empty for a 304.
	Charset string
	// Body is always UTF-8, without a BOM, and an XML declaration in it says
	// encoding="UTF-8" (see ToUTF8).
	Body []byte
	// ETag and LastModified are the validators to send next time. On a 304
	// that does not repeat them they are the ones from the Request.
	ETag         string
	LastModified string
	// Attempts is how many attempts the fetch took (1 without retries).
	Attempts int
}

// Fetch GETs req.URL, following redirects and retrying transient failures as
// configured. It returns a Response for a 2xx with a non-empty body or a 304,
// and an [*Error] otherwise. Cancelling ctx stops it at once, whatever it is
// doing; the error then wraps ctx.Err().
func (c *Client) Fetch(ctx context.Context, req Request) (*Response, error) {
	u, err := parseHTTPURL(req.URL)
	if err != nil {
		return nil, &Error{URL: req.URL, Err: err}
	}
	shown := req.URL
	if _, ok := u.User.Password(); ok {
		shown = u.Redacted()
	}
	timeout := c.opts.Timeout
	if req.Timeout > 0 {
		timeout = req.Timeout
	}
	log := c.log.With(logKeyURL, shown)

	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, &Error{URL: shown, Attempts: attempt - 1, Err: err}
		}
		start := time.Now()
		resp, ferr := c.attempt(ctx, u, req, timeout)
		if ferr == nil {
			resp.Attempts = attempt
			log.Debug("fetched", logKeyStatus, resp.StatusCode, logKeyAttempt, attempt,
				logKeyBytes, len(resp.Body), logKeyCharset, resp.Charset,
				logKeyDuration, time.Since(start))
			return resp, nil
		}
		ferr.URL, ferr.Attempts = shown, attempt
		if ctx.Err() != nil || !ferr.Temporary || attempt > c.opts.MaxRetries {
			return nil, ferr
		}
		wait := retryWait(attempt, c.opts.RetryBase, c.opts.MaxRetryWait)
		if ferr.RetryAfter > 0 {
			if ferr.RetryAfter > c.opts.MaxRetryWait {
				return nil, ferr
			}
			wait = max(wait, ferr.RetryAfter)
		}
		log.Info("fetch failed, retrying", logKeyAttempt, attempt, logKeyErr, ferr.Error(), logKeyWait, wait)
		if err := sleep(ctx, wait); err != nil {
			ferr.Err, ferr.Temporary = err, false
			return nil, ferr
		}
	}
}

// attempt performs one attempt: the redirect chain and the final body, all
// under one deadline. The returned *Error has URL and Attempts unset.
func (c *Client) attempt(ctx context.Context, u *url.URL, req Request, timeout time.Duration) (*Response, *Error) {
	release, err := c.limiter.acquire(ctx, hostKey(u))
	if err != nil {
		return nil, &Error{Err: err}
	}
	defer func() { release() }()

	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cur := u
	hc := c.public
	if req.AllowPrivate {
		hc = c.private
	}
	// fail classifies err from the transport or a body read.
	fail := func(err error) *Error {
		if errors.Is(err, ErrPrivateAddress) {
			return refused(u, cur, err)
		}
		switch {
		case ctx.Err() != nil:
			return &Error{Err: ctx.Err()}
		case errors.Is(actx.Err(), context.DeadlineExceeded):
			return &Error{Temporary: true, Err: fmt.Errorf("%w after %s", ErrTimeout, timeout)}
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // our Error already names the URL
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			// %v, not %w: net/http's timeouts claim to be
			// context.DeadlineExceeded, which is reserved for the caller's ctx.
			return &Error{Temporary: true, Err: fmt.Errorf("%w: %v", ErrTimeout, err)}
		}
		return &Error{Temporary: temporaryNetError(err), Err: err}
	}

	visited := []string{urlKey(u)}
	permanent := true
	for {
		if !req.AllowPrivate {
			// An address in the URL is refused before anything is
			// sent; a host name is checked by the dialler once resolved.
			if err := checkLiteralHost(cur); err != nil {
				return nil, refused(u, cur, err)
			}
		}
		hreq, err := http.NewRequestWithContext(withHop(actx), http.MethodGet, cur.String(), nil)
		if err != nil {
			return nil, &Error{Err: err}
		}
		hreq.Header.Set("User-Agent", c.opts.UserAgent)
		hreq.Header.Set("Accept", cmp.Or(req.Accept, DefaultAccept))
		if req.ETag != "" {
			hreq.Header.Set("If-None-Match", req.ETag)
		}
		if req.LastModified != "" {
			hreq.Header.Set("If-Modified-Since", req.LastModified)
		}
		hresp, err := hc.Do(hreq)
		if err != nil {
			return nil, fail(err)
		}

		loc := hresp.Header.Get("Location")
		if !isRedirect(hresp.StatusCode) || loc == "" {
			defer hresp.Body.Close()
			resp, ferr := c.finish(hresp, req, cur, permanent && len(visited) > 1)
			if ferr != nil && ferr.Err != nil && !isOurs(ferr.Err) {
				return nil, fail(ferr.Err)
			}
			return resp, ferr
		}

		// A redirect: give the connection back before taking the next hop.
		drain(hresp.Body)
		release()
		next, err := cur.Parse(loc)
		switch {
		case err != nil:
			return nil, &Error{Err: fmt.Errorf("bad redirect location: %w", err)}
		case next.Scheme != "http" && next.Scheme != "https" || next.Host == "":
			return nil, &Error{Err: fmt.Errorf("redirect to unsupported URL %s", next.Redacted())}
		}
		c.log.Debug("redirect", logKeyURL, cur.Redacted(), logKeyStatus, hresp.StatusCode,
			logKeyLocation, next.Redacted())
		permanent = permanent && (hresp.StatusCode == http.StatusMovedPermanently ||
			hresp.StatusCode == http.StatusPermanentRedirect)
		key := urlKey(next)
		for _, v := range visited {
			if v == key {
				return nil, &Error{Err: fmt.Errorf("%w: back to %s after %d hops", ErrRedirectLoop, next.Redacted(), len(visited))}
			}
		}
		if len(visited) > c.opts.MaxRedirects {
			return nil, &Error{Err: fmt.Errorf("%w: more than %d", ErrTooManyRedirects, c.opts.MaxRedirects)}
		}
		visited = append(visited, key)
		cur = next
		release, err = c.limiter.acquire(actx, hostKey(cur))
		if err != nil {
			release = func() {}
			return nil, fail(err)
		}
	}
}

// finish turns the final response of a chain into a Response or an *Error.
// Errors from reading the body are returned raw for attempt to classify;
// errors it creates itself wrap one of the package's sentinels (isOurs).
func (c *Client) finish(hresp *http.Response, req Request, final *url.URL, permanent bool) (*Response, *Error) {
	code := hresp.StatusCode
	resp := &Response{
		RequestURL:   req.URL,
		URL:          final.String(),
		StatusCode:   code,
		Header:       hresp.Header,
		ContentType:  mediaType(hresp.Header.Get("Content-Type")),
		ETag:         hresp.Header.Get("ETag"),
		LastModified: hresp.Header.Get("Last-Modified"),
	}
	if permanent {
		resp.PermanentURL = resp.URL
	}
	switch {
	case code == http.StatusNotModified:
		drain(hresp.Body)
		resp.NotModified = true
		resp.ETag = cmp.Or(resp.ETag, req.ETag)
		resp.LastModified = cmp.Or(resp.LastModified, req.LastModified)
		return resp, nil
	case code < 200 || code > 299:
		drain(hresp.Body)
		e := &Error{StatusCode: code, Temporary: retryableStatus(code)}
		if code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable {
			e.RetryAfter, _ = ParseRetryAfter(hresp.Header.Get("Retry-After"), time.Now())
		}
		return nil, e
	}

	limit := c.opts.MaxBodySize
	var body io.Reader = hresp.Body
	switch enc := strings.ToLower(strings.TrimSpace(hresp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
		// hresp.Uncompressed: the transport already decompressed; then
		// ContentLength is -1 and the cap below sees decompressed bytes.
		if hresp.ContentLength > limit {
			return nil, &Error{Err: fmt.Errorf("%w (Content-Length %d, limit %d bytes)", ErrTooLarge, hresp.ContentLength, limit)}
		}
	case "gzip", "x-gzip":
		// Only when a custom Transport did not decompress (the default one
		// asks for gzip itself and removes the header): same cap, after
		// decompression.
		zr, err := gzip.NewReader(hresp.Body)
		if err != nil {
			return nil, readError(err)
		}
		defer zr.Close()
		body = zr
	default:
		return nil, &Error{Err: fmt.Errorf("%w: unsupported Content-Encoding %q", errUnusable, enc)}
	}

	var buf bytes.Buffer
	if hresp.ContentLength > 0 && !hresp.Uncompressed {
		buf.Grow(int(hresp.ContentLength) + 1)
	}
	n, err := buf.ReadFrom(io.LimitReader(body, limit+1))
	switch {
	case err != nil:
		return nil, readError(err)
	case n > limit:
		return nil, &Error{Err: fmt.Errorf("%w (limit %d bytes)", ErrTooLarge, limit)}
	case n == 0:
		return nil, &Error{Err: ErrEmptyBody}
	}
	utf8Body, charset, err := ToUTF8(buf.Bytes(), hresp.Header.Get("Content-Type"))
	if err != nil {
		return nil, &Error{Err: fmt.Errorf("%w: decode body: %w", errUnusable, err)}
	}
	resp.Body, resp.Charset = utf8Body, charset
	return resp, nil
}

// refused is the error for a connection refused because the address is
// private: never retried, and naming the redirect target when it was not
// the URL asked for.
func refused(asked, hop *url.URL, err error) *Error {
	if pe, ok := asPrivateAddrError(err); ok {
		err = pe // without the dial and url.Error wrapping around it
	}
	if hop != asked {
		err = fmt.Errorf("redirect to %s: %w", hop.Redacted(), err)
	}
	return &Error{Err: err}
}

// errUnusable marks a body that arrived whole but cannot be used; it is not
// retried.
var errUnusable = errors.New("unusable response")

// isOurs reports whether finish built err itself (as opposed to a transport
// or read error that attempt must classify).
func isOurs(err error) bool {
	return errors.Is(err, ErrTooLarge) || errors.Is(err, ErrEmptyBody) || errors.Is(err, errUnusable)
}

// readError wraps an error from reading the body: a compressed stream that
// is broken (rather than cut short) is unusable; anything else is left for
// attempt to classify.
func readError(err error) *Error {
	var ce flate.CorruptInputError
	if errors.Is(err, gzip.ErrHeader) || errors.Is(err, gzip.ErrChecksum) || errors.As(err, &ce) {
		return &Error{Err: fmt.Errorf("%w: %w", errUnusable, err)}
	}
	return &Error{Err: err}
}

func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// drain reads a little of an unwanted body, so the connection can be
// reused, and closes it.
func drain(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, drainLimit)
	_ = body.Close()
}

// parseHTTPURL accepts only absolute http and https URLs with a host.
func parseHTTPURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("invalid URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("invalid URL: scheme must be http or https (got %q)", u.Scheme)
	}
	if u.Host == "" {
		return nil, errors.New("invalid URL: no host")
	}
	return u, nil
}

// urlKey identifies a URL for loop detection: the fragment is never sent.
func urlKey(u *url.URL) string {
	v := *u
	v.Fragment, v.RawFragment = "", ""
	return v.String()
}

// mediaType returns the lower-case media type of a Content-Type value.
func mediaType(contentType string) string {
	if contentType == "" {
		return ""
	}
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}
