package serve

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// cors answers cross-origin reads of the feeds.
type cors struct {
	any     bool            // "*": any origin, no credentials
	origins map[string]bool // lower-cased origins allowed
}

func newCORS(allowed []string) (*cors, error) {
	c := &cors{origins: map[string]bool{}}
	for _, o := range allowed {
		if o == "*" {
			c.any = true
			continue
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil || strings.ContainsAny(o, "?#") {
			return nil, fmt.Errorf("serve: allowed origin %q: want scheme, host and optional port, like https://partner.example", o)
		}
		c.origins[strings.ToLower(o)] = true
	}
	return c, nil
}

// allowed returns the Access-Control-Allow-Origin value for the request,
// or "" when its origin may not read the response.
func (c *cors) allowed(r *http.Request) string {
	if c.any {
		return "*"
	}
	if o := r.Header.Get("Origin"); o != "" && c.origins[strings.ToLower(o)] {
		return o
	}
	return ""
}

// apply sets the CORS headers of a response to GET, HEAD or OPTIONS.
// With a list of origins the answer depends on the request's Origin, so
// caches are told to vary on it even when the origin is not allowed.
func (c *cors) apply(h http.Header, r *http.Request) {
	if !c.any && len(c.origins) > 0 {
		h.Add("Vary", "Origin")
	}
	if o := c.allowed(r); o != "" {
		h.Set("Access-Control-Allow-Origin", o)
		// Last-Modified is safelisted already; ETag lets a page make its
		// own conditional requests.
		h.Set("Access-Control-Expose-Headers", "ETag")
	}
}

// preflight adds the answer to a preflight request: reads (GET, HEAD)
// with conditional headers, for an allowed origin. For any other request
// the browser finds no permission and blocks the read.
func (c *cors) preflight(h http.Header, r *http.Request) {
	if c.allowed(r) == "" {
		return
	}
	switch r.Header.Get("Access-Control-Request-Method") {
	case http.MethodGet, http.MethodHead:
	default:
		return
	}
	h.Set("Access-Control-Allow-Methods", "GET, HEAD")
	h.Set("Access-Control-Allow-Headers", "If-None-Match, If-Modified-Since, Cache-Control")
	h.Set("Access-Control-Max-Age", "7200") // Chromium's cap
}

func isPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get("Origin") != "" &&
		r.Header.Get("Access-Control-Request-Method") != ""
}
