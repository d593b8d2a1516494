package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gleanerhq/gleaner/internal/fetch/fetchtest"
)

func TestIsPrivateAddr(t *testing.T) {
	tests := []struct {
		addr    string
		private bool
	}{
		// Loopback.
		{"127.0.0.1", true},
		{"127.255.255.254", true},
		{"::1", true},
		// Private.
		{"10.0.0.1", true},
		{"10.255.255.255", true},
		{"172.16.0.1", true},
		{"172.31.255.255", true},
		{"172.32.0.1", false},
		{"172.15.255.255", false},
		{"192.168.0.1", true},
		{"192.169.0.1", false},
		{"fc00::1", true},
		{"fd12:3456:789a::1", true},
		// Link-local, cloud metadata included.
		{"169.254.169.254", true},
		{"169.254.0.1", true},
		{"fe80::1", true},
		{"fe80::1%eth0", true},
		{"febf::1", true},
		{"fec0::1", true}, // site-local
		// Unspecified and "this network".
		{"0.0.0.0", true},
		{"0.1.2.3", true},
		{"::", true},
		// Multicast and broadcast.
		{"224.0.0.1", true},
		{"239.255.255.250", true},
		{"255.255.255.255", true},
		{"ff02::1", true},
		{"ff0e::1", true},
		// Carrier-grade NAT.
		{"100.64.0.1", true},
		{"100.127.255.255", true},
		{"100.63.255.255", false},
		{"100.128.0.1", false},
		// Other reserved ranges.
		{"192.0.0.8", true},
		{"198.18.0.1", true},
		{"240.0.0.1", true},
		{"100::1", true},
		// IPv4-mapped and IPv4-compatible IPv6 forms.
		{"::ffff:127.0.0.1", true},
		{"::ffff:10.0.0.1", true},
		{"::ffff:169.254.169.254", true},
		{"::ffff:0.0.0.0", true},
		{"::ffff:8.8.8.8", false},
		{"::127.0.0.1", true},
		{"::8.8.8.8", true},
		// NAT64 and 6to4 embed an IPv4 address, which decides.
		{"64:ff9b::7f00:1", true},
		{"64:ff9b::a9fe:a9fe", true},
		{"64:ff9b::808:808", false},
		{"64:ff9b:1::808:808", true}, // local-use NAT64
		{"2002:7f00:1::1", true},
		{"2002:a00:1::1", true},
		{"2002:808:808::1", false},
		// Public.
		{"8.8.8.8", false},
		{"1.1.1.1", false},
		{"93.184.215.14", false},
		{"2606:4700:4700::1111", false},
		{"2001:4860:4860::8888", false},
	}
	for _, tt := range tests {
		a := netip.MustParseAddr(tt.addr)
		if got := isPrivateAddr(a); got != tt.private {
			t.Errorf("isPrivateAddr(%s) = %v, want %v", tt.addr, got, tt.private)
		}
	}
	if !isPrivateAddr(netip.Addr{}) {
		t.Error("the zero Addr is not refused")
	}
}

func TestRefusePrivateDialAddress(t *testing.T) {
	for addr, wantErr := range map[string]bool{
		"127.0.0.1:80":       true,
		"[::1]:443":          true,
		"[fe80::1%lo]:80":    true,
		"169.254.169.254:80": true,
		"8.8.8.8:53":         false,
		"[2606:4700::1]:80":  false,
		"localhost:80":       true, // not an address: cannot be checked, so refused
		"pipe":               true,
	} {
		err := refusePrivate("tcp", addr, nil)
		if (err != nil) != wantErr || err != nil && !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("refusePrivate(%q) = %v, want an ErrPrivateAddress: %v", addr, err, wantErr)
		}
	}
}

// proxiedClient returns a client whose guarded transport sends every
// request, except those to localhost, through proxy: the way an operator's
// HTTP_PROXY would (loopback is never proxied). It lets a test serve a
// "public" first hop from loopback.
func proxiedClient(t *testing.T, proxy *fetchtest.Server) *Client {
	t.Helper()
	c, err := New(Options{UserAgent: "gleaner-test", Timeout: 2 * time.Second, RetryBase: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	pu, _ := url.Parse(proxy.URL(""))
	c.public.Transport.(*http.Transport).Proxy = guardProxy(func(r *http.Request) (*url.URL, error) {
		if r.URL.Hostname() == "localhost" {
			return nil, nil
		}
		return pu, nil
	})
	return c
}

func TestFetchRedirectToPrivateAddress(t *testing.T) {
	proxy := fetchtest.NewServer(t) // plays the public partner, reached through the proxy
	inside := fetchtest.NewServer(t)
	inside.Handle("/secret", fetchtest.Static("text/plain", []byte("internal")))
	insidePort := strings.TrimPrefix(inside.URL(""), "http://127.0.0.1:")
	c := proxiedClient(t, proxy)
	const partner = "http://93.184.215.14"

	proxy.Handle("/feed", fetchtest.Static("application/rss+xml", []byte("<rss/>")))
	resp, err := c.Fetch(context.Background(), Request{URL: partner + "/feed"})
	if err != nil || string(resp.Body) != "<rss/>" {
		t.Fatalf("public address through the proxy: %v", err)
	}

	for _, tt := range []struct{ to, wantMsg string }{
		// Refused from the URL alone, before anything is sent.
		{"http://169.254.169.254/latest/meta-data/",
			"fetch " + partner + "/metadata: redirect to http://169.254.169.254/latest/meta-data/: refusing to connect to private address 169.254.169.254 (set allow_private: true on the source to allow)"},
		{"http://[::ffff:127.0.0.1]:" + insidePort + "/secret", "refusing to connect to private address 127.0.0.1 "},
		// A name: refused by the dialler, once resolved.
		{"http://localhost:" + insidePort + "/secret", "refusing to connect to private address "},
	} {
		proxy.Handle("/metadata", fetchtest.Redirect(http.StatusFound, tt.to))
		_, err := c.Fetch(context.Background(), Request{URL: partner + "/metadata"})
		if !errors.Is(err, ErrPrivateAddress) || !strings.Contains(err.Error(), tt.wantMsg) {
			t.Errorf("redirect to %s: error %v, want one containing %q", tt.to, err, tt.wantMsg)
		}
		var fe *Error
		if errors.As(err, &fe) && (fe.Temporary || fe.Attempts != 1) {
			t.Errorf("redirect to %s: Temporary %v, Attempts %d; want false, 1", tt.to, fe.Temporary, fe.Attempts)
		}
	}
	if n := len(inside.Requests()); n != 0 {
		t.Errorf("the private server got %d requests", n)
	}
}

func TestFetchThroughProxyChecksTarget(t *testing.T) {
	proxy := fetchtest.NewServer(t)
	c := proxiedClient(t, proxy)
	pu, _ := url.Parse(proxy.URL(""))
	// Proxy everything, localhost included: the target is then resolved
	// before the request goes to the proxy.
	c.public.Transport.(*http.Transport).Proxy = guardProxy(http.ProxyURL(pu))
	for _, target := range []string{"http://localhost/", "http://127.0.0.2/", "http://[::1]/", "http://10.1.2.3/"} {
		_, err := c.Fetch(context.Background(), Request{URL: target})
		if !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("%s through a proxy: error %v, want ErrPrivateAddress", target, err)
		}
	}
	if n := len(proxy.Requests()); n != 0 {
		t.Errorf("the proxy was asked %d times for private targets", n)
	}
}
