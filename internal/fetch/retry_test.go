package fetch

import (
	"context"
	"math"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	const s, m = time.Second, time.Minute
	tests := []struct {
		failures  int
		base, max time.Duration
		want      time.Duration
	}{
		{0, s, m, 0},
		{-3, s, m, 0},
		{1, s, m, s},
		{2, s, m, 2 * s},
		{3, s, m, 4 * s},
		{6, s, m, 32 * s},
		{7, s, m, m},
		{1000, s, m, m},
		{1, 2 * m, m, m},                         // base beyond the cap
		{70, s, 0, time.Duration(math.MaxInt64)}, // no cap: saturates, no overflow
		{3, 0, m, 0},
	}
	for _, tt := range tests {
		if got := Backoff(tt.failures, tt.base, tt.max); got != tt.want {
			t.Errorf("Backoff(%d, %v, %v) = %v, want %v", tt.failures, tt.base, tt.max, got, tt.want)
		}
	}
}

func TestRetryWaitJitter(t *testing.T) {
	const base, maxWait = 100 * time.Millisecond, time.Second
	for n := 1; n <= 6; n++ {
		exact := Backoff(n, base, maxWait)
		lo, hi := time.Duration(float64(exact)*0.8), min(time.Duration(float64(exact)*1.2), maxWait)
		for range 200 {
			if got := retryWait(n, base, maxWait); got < lo || got > hi {
				t.Fatalf("retryWait(%d) = %v, want within [%v, %v]", n, got, lo, hi)
			}
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"120", 2 * time.Minute, true},
		{" 0 ", 0, true},
		{"3600", time.Hour, true},
		{"Sun, 01 Mar 2026 12:00:30 GMT", 30 * time.Second, true},
		{"Sunday, 01-Mar-26 13:00:00 GMT", time.Hour, true}, // RFC 850
		{"Sun Mar  1 12:01:00 2026", time.Minute, true},     // asctime
		{"Sun, 01 Mar 2026 11:00:00 GMT", 0, true},          // in the past
		{"99999999999999999999", time.Duration(math.MaxInt64), true},
		{"", 0, false},
		{"-5", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestHostKey(t *testing.T) {
	tests := map[string]string{
		"http://Example.ORG/feed":      "example.org:80",
		"https://example.org/feed":     "example.org:443",
		"https://example.org:8443/":    "example.org:8443",
		"http://[::1]:8080/":           "[::1]:8080",
		"http://user:pw@example.org/x": "example.org:80",
	}
	for in, want := range tests {
		u, err := url.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := hostKey(u); got != want {
			t.Errorf("hostKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRetryableStatus(t *testing.T) {
	for code := 100; code < 600; code++ {
		want := code == 408 || code == 425 || code == 429 || code == 500 || code == 502 || code == 503 || code == 504
		if got := retryableStatus(code); got != want {
			t.Errorf("retryableStatus(%d) = %v, want %v", code, got, want)
		}
	}
}

func TestLimiter(t *testing.T) {
	l := newLimiter(3, 2)
	var now, maxHost, maxAll atomic.Int64
	perHost := map[string]*atomic.Int64{"a:80": {}, "b:80": {}, "c:80": {}}
	bump := func(c, m *atomic.Int64) {
		n := c.Add(1)
		for {
			old := m.Load()
			if n <= old || m.CompareAndSwap(old, n) {
				return
			}
		}
	}
	var wg sync.WaitGroup
	for i := range 60 {
		key := []string{"a:80", "a:80", "b:80", "c:80"}[i%4]
		wg.Go(func() {
			release, err := l.acquire(context.Background(), key)
			if err != nil {
				t.Error(err)
				return
			}
			bump(perHost[key], &maxHost)
			bump(&now, &maxAll)
			time.Sleep(time.Millisecond)
			now.Add(-1)
			perHost[key].Add(-1)
			release()
			release() // idempotent
		})
	}
	wg.Wait()
	if maxHost.Load() > 2 || maxAll.Load() > 3 {
		t.Errorf("max per host %d (limit 2), max overall %d (limit 3)", maxHost.Load(), maxAll.Load())
	}
	if len(l.hosts) != 0 {
		t.Errorf("limiter kept %d idle host entries", len(l.hosts))
	}

	// A cancelled wait gives up and leaves no trace.
	release, _ := l.acquire(context.Background(), "a:80")
	release2, _ := l.acquire(context.Background(), "a:80")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := l.acquire(ctx, "a:80"); err == nil {
		t.Fatal("acquire beyond the per-host limit succeeded")
	}
	release()
	release2()
	if len(l.hosts) != 0 {
		t.Errorf("limiter kept %d idle host entries after a cancelled wait", len(l.hosts))
	}
}
