package fetch_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/gleanerhq/gleaner/internal/fetch"
	"github.com/gleanerhq/gleaner/internal/fetch/fetchtest"
)

// Fetch a feed, then fetch it again with the remembered validators.
func ExampleClient_Fetch() {
	// In tests, fetchtest.NewServer(t) adds routing and a request log.
	srv := httptest.NewServer(fetchtest.Static("application/rss+xml; charset=ISO-8859-1",
		[]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>Caf`+"\xe9</title></rss>")))
	defer srv.Close()

	c, err := fetch.New(fetch.Options{UserAgent: "gleaner/1.2.0 (+https://example.org/contact)"})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	// The test server is on loopback, which only AllowPrivate reaches.
	resp, err := c.Fetch(ctx, fetch.Request{URL: srv.URL + "/feed.xml", AllowPrivate: true})
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.StatusCode, resp.ContentType, resp.Charset)
	fmt.Println(string(resp.Body))

	again, err := c.Fetch(ctx, fetch.Request{URL: srv.URL + "/feed.xml", ETag: resp.ETag, LastModified: resp.LastModified, AllowPrivate: true})
	if err != nil {
		panic(err)
	}
	fmt.Println(again.StatusCode, again.NotModified)
	// Output:
	// 200 application/rss+xml windows-1252
	// <?xml version="1.0" encoding="UTF-8"?><rss><title>Café</title></rss>
	// 304 true
}

// A server that asks for more patience than MaxRetryWait allows: Fetch
// returns at once and the caller schedules the next attempt.
func ExampleError_retryAfter() {
	srv := httptest.NewServer(fetchtest.Status(http.StatusTooManyRequests, http.Header{"Retry-After": {"3600"}}))
	defer srv.Close()

	c, _ := fetch.New(fetch.Options{UserAgent: "gleaner/1.2.0 (+https://example.org/contact)"})
	_, err := c.Fetch(context.Background(), fetch.Request{URL: srv.URL + "/feed.xml", AllowPrivate: true})
	var fe *fetch.Error
	if errors.As(err, &fe) {
		fmt.Println(fe.StatusCode, fe.Temporary, fe.RetryAfter)
	}
	// Output:
	// 429 true 1h0m0s
}

func ExampleToUTF8() {
	body, charset, _ := fetch.ToUTF8([]byte("\x93Oremos por el Per\xfa\x94"), "text/plain; charset=utf-8")
	fmt.Println(string(body), charset)
	// Output:
	// “Oremos por el Perú” windows-1252
}

func ExampleBackoff() {
	for failures := 1; failures <= 5; failures++ {
		fmt.Print(fetch.Backoff(failures, 15*time.Minute, 6*time.Hour), " ")
	}
	// Output:
	// 15m0s 30m0s 1h0m0s 2h0m0s 4h0m0s
}
