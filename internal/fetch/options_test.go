package fetch

import (
	"net/http"
	"testing"
	"time"
)

func TestNewDefaultsAndTransport(t *testing.T) {
	c, err := New(Options{UserAgent: "ua", Timeout: 20 * time.Second, MaxPerHost: 3, MaxRetries: -1, MaxRedirects: -1})
	if err != nil {
		t.Fatal(err)
	}
	o := c.opts
	if o.ConnectTimeout != DefaultConnectTimeout || o.HeaderTimeout != 20*time.Second ||
		o.MaxBodySize != DefaultMaxBodySize || o.MaxConcurrent != DefaultMaxConcurrent ||
		o.MaxRetries != 0 || o.MaxRedirects != 0 || o.RetryBase != DefaultRetryBase ||
		o.MaxRetryWait != DefaultMaxRetryWait || o.Logger == nil {
		t.Errorf("defaults not applied: %+v", o)
	}
	for name, hc := range map[string]*http.Client{"public": c.public, "private": c.private} {
		tr, ok := hc.Transport.(*http.Transport)
		if !ok {
			t.Fatalf("default %s transport is %T", name, hc.Transport)
		}
		if tr.MaxConnsPerHost != 3 || tr.ResponseHeaderTimeout != 20*time.Second ||
			tr.TLSHandshakeTimeout != DefaultConnectTimeout || tr.DisableCompression {
			t.Errorf("%s transport: MaxConnsPerHost %d, ResponseHeaderTimeout %v, TLSHandshakeTimeout %v, DisableCompression %v",
				name, tr.MaxConnsPerHost, tr.ResponseHeaderTimeout, tr.TLSHandshakeTimeout, tr.DisableCompression)
		}
		if hc.Timeout != 0 {
			t.Errorf("%s http.Client.Timeout = %v: deadlines belong to ctx", name, hc.Timeout)
		}
	}
	if c.public.Transport == c.private.Transport {
		t.Error("requests that may reach private addresses share a connection pool with those that may not")
	}
}
