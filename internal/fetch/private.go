package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"sync/atomic"
	"syscall"
	"time"
)

// Partner content is hostile input: a feed, a listing page or a redirect can
// point gleaner at http://169.254.169.254/ (cloud metadata), at a router's
// admin page or at anything else on the operator's own network. So unless a
// Request sets AllowPrivate, the client refuses to connect to any address
// in blockedPrefixes. The check is made on the address actually dialled,
// after DNS resolution and on every redirect hop, so neither a hostname
// that resolves to 127.0.0.1 nor DNS rebinding gets past it.
//
// Requests that allow private addresses use a separate transport, with its
// own connection pool: a connection opened for a source that may reach
// http://intranet:8080/ is never reused by one that may not.

// blockedPrefixes are the ranges never dialled without AllowPrivate. IPv4-
// mapped IPv6 addresses are unmapped first, and NAT64 and 6to4 addresses
// are judged by the IPv4 address they embed (see isPrivateAddr).
var blockedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),      // "this network"; 0.0.0.0 reaches the local host
	netip.MustParsePrefix("10.0.0.0/8"),     // private
	netip.MustParsePrefix("100.64.0.0/10"),  // carrier-grade NAT
	netip.MustParsePrefix("127.0.0.0/8"),    // loopback
	netip.MustParsePrefix("169.254.0.0/16"), // link-local, cloud metadata at 169.254.169.254
	netip.MustParsePrefix("172.16.0.0/12"),  // private
	netip.MustParsePrefix("192.0.0.0/24"),   // IETF protocol assignments
	netip.MustParsePrefix("192.168.0.0/16"), // private
	netip.MustParsePrefix("198.18.0.0/15"),  // network benchmarking
	netip.MustParsePrefix("224.0.0.0/4"),    // multicast
	netip.MustParsePrefix("240.0.0.0/4"),    // reserved, and broadcast 255.255.255.255
	netip.MustParsePrefix("::/96"),          // unspecified, loopback, IPv4-compatible
	netip.MustParsePrefix("64:ff9b:1::/48"), // local-use NAT64
	netip.MustParsePrefix("100::/64"),       // discard-only
	netip.MustParsePrefix("fc00::/7"),       // unique local (private)
	netip.MustParsePrefix("fe80::/10"),      // link-local
	netip.MustParsePrefix("fec0::/10"),      // site-local (deprecated)
	netip.MustParsePrefix("ff00::/8"),       // multicast
}

var (
	nat64Prefix = netip.MustParsePrefix("64:ff9b::/96") // well-known NAT64: IPv4 in the last 32 bits
	sixToFour   = netip.MustParsePrefix("2002::/16")    // 6to4: IPv4 in bits 16–47
)

// isPrivateAddr reports whether a is an address gleaner must not dial on a
// partner's behalf: loopback, private, link-local, unspecified, multicast,
// carrier-grade NAT or reserved, in any IPv4 or IPv6 spelling. An invalid
// address counts as private.
func isPrivateAddr(a netip.Addr) bool {
	if !a.IsValid() {
		return true
	}
	a = a.Unmap().WithZone("") // a zoned address never matches a prefix
	if a.Is6() {
		b := a.As16()
		switch {
		case nat64Prefix.Contains(a):
			return isPrivateAddr(netip.AddrFrom4([4]byte(b[12:16])))
		case sixToFour.Contains(a):
			return isPrivateAddr(netip.AddrFrom4([4]byte(b[2:6])))
		}
	}
	for _, p := range blockedPrefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// privateAddrError is why a connection was refused. It matches
// ErrPrivateAddress.
type privateAddrError struct{ addr netip.Addr }

func (e *privateAddrError) Error() string {
	return fmt.Sprintf("%v %s (set allow_private: true on the source to allow)", ErrPrivateAddress, e.addr)
}

func (e *privateAddrError) Is(target error) bool { return target == ErrPrivateAddress }

// checkAddr returns a *privateAddrError when a is private.
func checkAddr(a netip.Addr) error {
	if isPrivateAddr(a) {
		return &privateAddrError{addr: a.Unmap().WithZone("")}
	}
	return nil
}

// checkLiteralHost refuses a URL host that is itself a private IP address,
// before anything is sent. Host names are left to the dialler.
func checkLiteralHost(u *url.URL) error {
	if a, err := netip.ParseAddr(u.Hostname()); err == nil {
		return checkAddr(a)
	}
	return nil
}

// refusePrivate is a net.Dialer Control function: it runs after DNS
// resolution, just before connect(2), with the address really dialled.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot check address %q", ErrPrivateAddress, address)
	}
	return checkAddr(ap.Addr())
}

// hopKey is the context key of a *hop, set by attempt on every request the
// guarded transport sends.
type hopKey struct{}

// hop is per-request state shared between the guarded transport's Proxy
// function and its dialler.
type hop struct {
	// viaProxy is set when the request goes through the operator's proxy:
	// the dial is then to the proxy, and the target was checked before.
	viaProxy atomic.Bool
}

// withHop returns ctx carrying a fresh *hop.
func withHop(ctx context.Context) context.Context {
	return context.WithValue(ctx, hopKey{}, new(hop))
}

func viaProxy(ctx context.Context) bool {
	h, _ := ctx.Value(hopKey{}).(*hop)
	return h != nil && h.viaProxy.Load()
}

// guardProxy wraps a transport's Proxy function. When a request goes
// through a proxy, gleaner cannot see the address the proxy will connect
// to, so the target host is resolved here and refused if any of its
// addresses is private. When the lookup fails (some networks resolve names
// only at the proxy) the proxy decides: an egress proxy is where such
// networks enforce their own rules.
func guardProxy(proxy func(*http.Request) (*url.URL, error)) func(*http.Request) (*url.URL, error) {
	if proxy == nil {
		return nil
	}
	return func(req *http.Request) (*url.URL, error) {
		p, err := proxy(req)
		if err != nil || p == nil {
			return p, err
		}
		if err := checkResolved(req.Context(), req.URL.Hostname(), true); err != nil {
			return nil, err
		}
		if h, ok := req.Context().Value(hopKey{}).(*hop); ok {
			h.viaProxy.Store(true)
		}
		return p, nil
	}
}

// checkResolved resolves host (unless it is an address) and refuses it if
// any of its addresses is private. A failed lookup is an error unless
// lenient.
func checkResolved(ctx context.Context, host string, lenient bool) error {
	if a, err := netip.ParseAddr(host); err == nil {
		return checkAddr(a)
	}
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		if lenient {
			return nil
		}
		return err
	}
	for _, a := range addrs {
		if err := checkAddr(a); err != nil {
			return err
		}
	}
	return nil
}

// newGuardedTransport is the default transport with a dialler that refuses
// private addresses (except the operator's proxy).
func newGuardedTransport(o Options) *http.Transport {
	t := newTransport(o)
	plain := &net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second}
	guarded := &net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second, Control: refusePrivate}
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if viaProxy(ctx) {
			return plain.DialContext(ctx, network, addr)
		}
		return guarded.DialContext(ctx, network, addr)
	}
	t.Proxy = guardProxy(t.Proxy)
	return t
}

// guardTransport returns a copy of a caller's RoundTripper (Options.Transport)
// that refuses private addresses. An *http.Transport is cloned and its
// dialler checks the address each new connection reached before a byte is
// written; any other RoundTripper is wrapped in a check of the resolved
// host, which is the best that can be done without seeing the dial.
func guardTransport(rt http.RoundTripper) http.RoundTripper {
	t, ok := rt.(*http.Transport)
	if !ok {
		return resolveGuard{rt}
	}
	t = t.Clone()
	dial := t.DialContext
	if dial == nil && t.Dial != nil {
		dial = func(_ context.Context, network, addr string) (net.Conn, error) { return t.Dial(network, addr) }
	}
	if dial == nil {
		dial = (&net.Dialer{Control: refusePrivate}).DialContext
	}
	t.DialContext = checkedDial(dial)
	t.Dial = nil
	tlsDial := t.DialTLSContext
	if tlsDial == nil && t.DialTLS != nil {
		tlsDial = func(_ context.Context, network, addr string) (net.Conn, error) { return t.DialTLS(network, addr) }
	}
	if tlsDial != nil {
		t.DialTLSContext = checkedDial(tlsDial)
	}
	t.DialTLS = nil
	t.Proxy = guardProxy(t.Proxy)
	return t
}

// checkedDial wraps a dial function: a connection whose remote address is
// private (or not an IP address at all) is closed before use.
func checkedDial(dial func(context.Context, string, string) (net.Conn, error)) func(context.Context, string, string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dial(ctx, network, addr)
		if err != nil || viaProxy(ctx) {
			return conn, err
		}
		if err := refusePrivate(network, conn.RemoteAddr().String(), nil); err != nil {
			_ = conn.Close()
			return nil, err
		}
		return conn, nil
	}
}

// resolveGuard checks a request's host before handing it to a RoundTripper
// that gleaner cannot look inside.
type resolveGuard struct{ rt http.RoundTripper }

func (g resolveGuard) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := checkResolved(req.Context(), req.URL.Hostname(), false); err != nil {
		return nil, err
	}
	return g.rt.RoundTrip(req)
}

// CloseIdleConnections passes the call on.
func (g resolveGuard) CloseIdleConnections() {
	if c, ok := g.rt.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// asPrivateAddrError finds a refused connection in a transport error.
func asPrivateAddrError(err error) (*privateAddrError, bool) {
	var pe *privateAddrError
	ok := errors.As(err, &pe)
	return pe, ok
}
