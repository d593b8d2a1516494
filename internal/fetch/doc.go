// Package fetch is the one HTTP client every gleaner stage uses to read a
// partner's feed or page: politely, incrementally and defensively.
//
// Call [New] first: it fills in defaults, validates the [Options] (a
// UserAgent is required) and returns a [Client] that is safe for concurrent
// use and meant to be shared by the whole run. Then call [Client.Fetch] with a
// [Request] that carries the ETag and Last-Modified remembered from the
// previous run; a [Response] with NotModified set means nothing changed.
//
//	c, err := fetch.New(fetch.Options{UserAgent: "gleaner/1.2.0 (+https://example.org/contact)"})
//	...
//	resp, err := c.Fetch(ctx, fetch.Request{URL: src.URL, ETag: st.ETag, LastModified: st.LastModified,
//		AllowPrivate: src.AllowPrivate})
//
// # What Fetch guarantees
//
//   - ctx is honoured everywhere: waiting for a slot, connecting, reading the
//     body and sleeping between retries all stop as soon as it is done, and
//     the error then wraps ctx.Err().
//   - Each attempt has a total deadline (Options.Timeout, or Request.Timeout)
//     that includes reading the body, so a server that trickles bytes is cut
//     off; such an error wraps [ErrTimeout].
//   - The body is read through a size limit that fails with [ErrTooLarge]
//     rather than truncating; the limit applies to decompressed bytes.
//     An empty 200 body is [ErrEmptyBody].
//   - Body is always UTF-8 (see [ToUTF8]); Response.Charset says what it was.
//   - Transient failures (network errors, timeouts, 408, 425, 429, 500, 502,
//     503, 504) are retried with jittered exponential backoff; Retry-After on
//     429 and 503 is honoured, and when it asks for longer than
//     Options.MaxRetryWait the call fails at once with an [*Error] whose
//     RetryAfter tells the caller when to come back.
//   - Redirects are followed by hand, each hop under the per-host limit;
//     loops and long chains fail with [ErrRedirectLoop] and
//     [ErrTooManyRedirects]. Response.PermanentURL is set when every hop was
//     a 301 or 308, so the caller can ask the new URL next time.
//   - Unless the Request sets AllowPrivate, nothing is fetched from a
//     loopback, private, link-local, unspecified, multicast or
//     carrier-grade NAT address (IPv4 or IPv6, mapped forms included): the
//     address actually dialled is checked after DNS resolution and on every
//     redirect hop, so a host name resolving to 127.0.0.1, DNS rebinding and
//     a redirect to http://169.254.169.254/ all fail with
//     [ErrPrivateAddress], which is not retried. Partner content is hostile
//     input; only the operator can allow a partner on their own network.
//     Redirects to anything but http and https are refused too.
//   - Every failure is an [*Error] naming the URL (with any password
//     redacted); neither errors nor log lines ever contain a response body.
//
// # Politeness limits
//
// At most Options.MaxConcurrent requests are in flight in total and at most
// Options.MaxPerHost to one host:port. A request takes its host's slot first
// and the global slot second, and holds both only for one HTTP exchange
// (request, response, body); it holds neither while sleeping between retries
// and releases them between redirect hops. Because nobody ever waits for a
// host slot while holding the global one, requests queued behind a busy host
// do not occupy global slots that other hosts could use, and since every
// holder of a global slot is doing I/O that ends (bounded by the attempt
// deadline), the ordering cannot deadlock. Both semaphores are FIFO
// (golang.org/x/sync/semaphore), so waiters are served in arrival order.
//
// Tests of other packages should serve their partner sites with the helpers
// in package [github.com/gleanerhq/gleaner/internal/fetch/fetchtest].
package fetch
