package fetch

import (
	"context"
	"net"
	"net/url"
	"strings"
	"sync"

	"golang.org/x/sync/semaphore"
)

// limiter bounds in-flight exchanges globally and per host:port. See the
// package documentation for the ordering argument: host slot first, global
// slot second, both released together.
type limiter struct {
	global  *semaphore.Weighted
	perHost int64

	mu    sync.Mutex
	hosts map[string]*hostSlot // only hosts with a holder or waiter
}

type hostSlot struct {
	sem  *semaphore.Weighted
	refs int // holders + waiters; the entry is dropped at 0
}

func newLimiter(global, perHost int) *limiter {
	return &limiter{
		global:  semaphore.NewWeighted(int64(global)),
		perHost: int64(perHost),
		hosts:   make(map[string]*hostSlot),
	}
}

// acquire blocks until the caller may start one exchange with host key, or
// ctx is done. The returned release must be called exactly once.
func (l *limiter) acquire(ctx context.Context, key string) (release func(), err error) {
	l.mu.Lock()
	h := l.hosts[key]
	if h == nil {
		h = &hostSlot{sem: semaphore.NewWeighted(l.perHost)}
		l.hosts[key] = h
	}
	h.refs++
	l.mu.Unlock()

	if err := h.sem.Acquire(ctx, 1); err != nil {
		l.unref(key, h)
		return nil, err
	}
	if err := l.global.Acquire(ctx, 1); err != nil {
		h.sem.Release(1)
		l.unref(key, h)
		return nil, err
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			l.global.Release(1)
			h.sem.Release(1)
			l.unref(key, h)
		})
	}, nil
}

func (l *limiter) unref(key string, h *hostSlot) {
	l.mu.Lock()
	defer l.mu.Unlock()
	h.refs--
	if h.refs == 0 {
		delete(l.hosts, key)
	}
}

// hostKey is the limiter key for u: lower-case host and explicit port.
func hostKey(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}
