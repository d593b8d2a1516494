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
	tr, ok := c.http.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("default transport is %T", c.http.Transport)
	}
	if tr.MaxConnsPerHost != 3 || tr.ResponseHeaderTimeout != 20*time.Second ||
		tr.TLSHandshakeTimeout != DefaultConnectTimeout || tr.DisableCompression {
		t.Errorf("transport: MaxConnsPerHost %d, ResponseHeaderTimeout %v, TLSHandshakeTimeout %v, DisableCompression %v",
			tr.MaxConnsPerHost, tr.ResponseHeaderTimeout, tr.TLSHandshakeTimeout, tr.DisableCompression)
	}
	if c.http.Timeout != 0 {
		t.Errorf("http.Client.Timeout = %v: deadlines belong to ctx", c.http.Timeout)
	}
}
