package fetch_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gleanerhq/gleaner/internal/fetch"
	"github.com/gleanerhq/gleaner/internal/fetch/fetchtest"
)

func TestFetchRefusesLoopbackUnlessAllowed(t *testing.T) {
	srv := fetchtest.NewServer(t)
	srv.Handle("/feed", fetchtest.Static("application/rss+xml", []byte(rss)))
	c := newClient(t, nil)

	_, err := c.Fetch(context.Background(), fetch.Request{URL: srv.URL("/feed")})
	if !errors.Is(err, fetch.ErrPrivateAddress) {
		t.Fatalf("error = %v, want ErrPrivateAddress", err)
	}
	want := "fetch " + srv.URL("/feed") + ": refusing to connect to private address 127.0.0.1 (set allow_private: true on the source to allow)"
	if err.Error() != want {
		t.Errorf("error\n  %s\nwant\n  %s", err, want)
	}
	if fe := asError(t, err); fe.Temporary || fe.Attempts != 1 {
		t.Errorf("Temporary %v, Attempts %d; want false, 1 (never retried)", fe.Temporary, fe.Attempts)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("the server got %d requests", n)
	}

	resp, err := c.Fetch(context.Background(), fetch.Request{URL: srv.URL("/feed"), AllowPrivate: true})
	if err != nil || string(resp.Body) != rss {
		t.Fatalf("with AllowPrivate: %v", err)
	}
}

// TestFetchRefusesBeforeConnecting checks that nothing reaches a private
// address at all, not even a TCP handshake: an address in the URL is
// refused at once, and a host name once resolved, before connect(2).
func TestFetchRefusesBeforeConnecting(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	c := newClient(t, nil)
	for _, u := range []string{
		"http://127.0.0.1:%d/feed",
		"http://localhost:%d/feed", // a name that resolves to loopback
		"http://[::ffff:127.0.0.1]:%d/feed",
		"http://0.0.0.0:%d/feed",
	} {
		u = fmt.Sprintf(u, port)
		_, err := c.Fetch(context.Background(), fetch.Request{URL: u})
		if !errors.Is(err, fetch.ErrPrivateAddress) {
			t.Errorf("%s: error = %v, want ErrPrivateAddress", u, err)
		}
	}
	ln.(*net.TCPListener).SetDeadline(time.Now().Add(20 * time.Millisecond))
	if conn, err := ln.Accept(); err == nil {
		conn.Close()
		t.Error("a connection reached the private listener")
	}
}

// TestFetchAllowedConnectionNotShared checks that a keep-alive connection
// opened for a request that may reach loopback is not reused by one that
// may not.
func TestFetchAllowedConnectionNotShared(t *testing.T) {
	srv := fetchtest.NewServer(t)
	srv.Handle("/feed", fetchtest.Static("application/rss+xml", []byte(rss)))
	u := strings.Replace(srv.URL("/feed"), "127.0.0.1", "localhost", 1)
	c := newClient(t, nil)
	if _, err := c.Fetch(context.Background(), fetch.Request{URL: u, AllowPrivate: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Fetch(context.Background(), fetch.Request{URL: u}); !errors.Is(err, fetch.ErrPrivateAddress) {
		t.Errorf("second request, on the idle connection of the first: error = %v, want ErrPrivateAddress", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("the server got %d requests, want 1", n)
	}
}

// roundTripperFunc is a RoundTripper that is not an *http.Transport.
type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestFetchCustomTransportStillRefuses(t *testing.T) {
	srv := fetchtest.NewServer(t)
	srv.Handle("/feed", fetchtest.Static("application/rss+xml", []byte(rss)))
	u := strings.Replace(srv.URL("/feed"), "127.0.0.1", "localhost", 1)
	for name, tr := range map[string]http.RoundTripper{
		"*http.Transport": http.DefaultTransport.(*http.Transport).Clone(),
		"other":           roundTripperFunc(http.DefaultTransport.RoundTrip),
	} {
		t.Run(name, func(t *testing.T) {
			srv.Reset()
			c := newClient(t, func(o *fetch.Options) { o.Transport = tr })
			if _, err := c.Fetch(context.Background(), fetch.Request{URL: u}); !errors.Is(err, fetch.ErrPrivateAddress) {
				t.Errorf("error = %v, want ErrPrivateAddress", err)
			}
			if n := len(srv.Requests()); n != 0 {
				t.Errorf("the server got %d requests", n)
			}
			if _, err := c.Fetch(context.Background(), fetch.Request{URL: u, AllowPrivate: true}); err != nil {
				t.Errorf("with AllowPrivate: %v", err)
			}
		})
	}
}
