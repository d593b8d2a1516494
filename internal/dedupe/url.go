package dedupe

import (
	"net/url"
	"slices"
	"strings"
)

// CanonicalURL returns raw normalised for comparison, so that two links to
// the same article compare equal however a partner wrote them. It is for
// comparing, not for publishing: the result may not be a working link.
//
//   - The scheme http is folded to https; the host is lower-cased, without
//     "www." or "amp." in front, a trailing dot or a default port (80, 443);
//     user information and the fragment are dropped.
//   - AMP copies fold to the article: a "/amp" or "/amp/" path suffix, an
//     "/amp/" path prefix, a ".amp" file suffix, the query parameters
//     "amp=1" and "outputType=amp" (and the AMP viewer's amp_js_v, usqp…),
//     the "amp." host (a site's AMP host serves the site's stories) and
//     links through Google's AMP viewer (google.com/amp/s/…) or AMP cache
//     (….cdn.ampproject.org/c/s/…).
//   - The path loses "." and ".." segments, empty segments, a final
//     "index.html", "index.htm" or "index.php", and its trailing slash
//     (the root stays "/"). Its case is kept: paths are case-sensitive.
//   - Query parameters are sorted by key, then value; tracking ones
//     (utm_*, fbclid, gclid, dclid, msclkid, mc_cid, _ga, _hsenc, ref,
//     igshid, mkt_tok, s_kwcid and more, see trackingParams) are removed.
//   - Percent-encoding is normalised: escapes of unreserved characters are
//     decoded, other escapes upper-cased, characters that need escaping
//     are escaped.
//
// A string that is not an absolute http or https URL is returned trimmed of
// surrounding space, as it is. CanonicalURL is idempotent:
// CanonicalURL(CanonicalURL(x)) == CanonicalURL(x) for every x.
func CanonicalURL(raw string) string {
	s := strings.TrimSpace(raw)
	c, ok := canonical(s)
	if !ok {
		return s
	}
	// Defence in depth: were some odd input to normalise in more than one
	// step, comparing it as written is safer than a form that is not
	// stable. The fuzz test checks that canonical alone is idempotent.
	if c2, ok := canonical(c); !ok || c2 != c {
		return s
	}
	return c
}

// canonical does the work of CanonicalURL; ok is false when s is not an
// absolute http(s) URL.
func canonical(s string) (_ string, ok bool) {
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" || u.Host == "" {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return "", false
	}
	host, ok := canonicalHost(u)
	if !ok {
		return "", false
	}
	segs := segments(normalizeEscapes(u.EscapedPath(), pathByte))

	// An AMP viewer or cache link names the article after its prefix. The
	// inner link is shorter, so unwrapping ends.
	if inner, ok := ampCacheTarget(host, segs); ok {
		if u.RawQuery != "" {
			inner += "?" + u.RawQuery
		}
		if c, ok := canonical(inner); ok {
			return c, true
		}
	}

	p := canonicalPath(segs)
	q := canonicalQuery(u.RawQuery)
	var b strings.Builder
	b.Grow(len("https://") + len(host) + len(p) + 1 + len(q))
	b.WriteString("https://")
	b.WriteString(host)
	b.WriteString(p)
	if q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	return b.String(), true
}

// canonicalHost returns u's host lower-cased, without default port, trailing
// dot or "www."/"amp." labels in front.
func canonicalHost(u *url.URL) (string, bool) {
	name := strings.ToLower(u.Hostname())
	port := u.Port()
	if port == "80" || port == "443" {
		port = ""
	}
	if strings.Contains(name, ":") { // IPv6 literal
		name = "[" + name + "]"
	} else {
		name = strings.TrimRight(name, ".")
		for {
			rest, ok := strings.CutPrefix(name, "www.")
			if !ok {
				rest, ok = strings.CutPrefix(name, "amp.")
			}
			if !ok || !strings.Contains(rest, ".") {
				break
			}
			name = rest
		}
	}
	if name == "" {
		return "", false
	}
	for i := 0; i < len(name); i++ {
		if !hostByte(name[i]) {
			return "", false // not a host we can write back unambiguously
		}
	}
	if port != "" {
		name += ":" + port
	}
	return name, true
}

func hostByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' ||
		c == '[' || c == ']' || c == ':' || c >= 0x80
}

// ampCacheTarget returns the article URL behind a Google AMP viewer link
// (google.com/amp/s/example.org/story) or an AMP cache link
// (example-org.cdn.ampproject.org/c/s/example.org/story); "s" means https.
func ampCacheTarget(host string, segs []string) (string, bool) {
	var prefix []string
	switch {
	case host == "google.com" || strings.HasPrefix(host, "google.") && !strings.Contains(host[len("google."):], "."):
		prefix = []string{"amp"}
	case strings.HasSuffix(host, ".cdn.ampproject.org"):
		prefix = []string{"c", "v"}
	default:
		return "", false
	}
	if len(segs) < 2 || !slices.Contains(prefix, segs[0]) {
		return "", false
	}
	scheme, rest := "http://", segs[1:]
	if rest[0] == "s" {
		scheme, rest = "https://", rest[1:]
	}
	if len(rest) == 0 {
		return "", false
	}
	return scheme + strings.Join(rest, "/"), true
}

// segments splits an escaped path into its segments, resolving "." and
// ".." and dropping empty ones.
func segments(p string) []string {
	segs := make([]string, 0, strings.Count(p, "/")+1)
	for s := range strings.SplitSeq(p, "/") {
		switch s {
		case "", ".":
		case "..":
			if len(segs) > 0 {
				segs = segs[:len(segs)-1]
			}
		default:
			segs = append(segs, s)
		}
	}
	return segs
}

// canonicalPath joins path segments without the AMP, index and
// trailing-slash variants, removed until none is left.
func canonicalPath(segs []string) string {
	for changed := true; changed && len(segs) > 0; {
		changed = false
		last := segs[len(segs)-1]
		switch {
		case last == "amp" || last == "index.html" || last == "index.htm" || last == "index.php":
			segs = segs[:len(segs)-1]
			changed = true
		case segs[0] == "amp":
			segs = segs[1:]
			changed = true
		case strings.HasSuffix(last, ".amp.html") && len(last) > len(".amp.html"):
			segs[len(segs)-1] = strings.TrimSuffix(last, ".amp.html") + ".html"
			changed = true
		case strings.HasSuffix(last, ".amp") && len(last) > len(".amp"):
			segs[len(segs)-1] = strings.TrimSuffix(last, ".amp")
			changed = true
		}
	}
	return "/" + strings.Join(segs, "/")
}

// canonicalQuery removes empty, tracking and AMP parameters from a raw query,
// normalises their escapes and sorts them by key, then value.
func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type param struct{ k, v, kv string }
	var ps []param
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		part = normalizeEscapes(part, queryByte)
		k, v, _ := strings.Cut(part, "=")
		if dropParam(k, v) {
			continue
		}
		ps = append(ps, param{k, v, part})
	}
	slices.SortFunc(ps, func(a, b param) int {
		if c := strings.Compare(a.k, b.k); c != 0 {
			return c
		}
		return strings.Compare(a.kv, b.kv)
	})
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.kv)
	}
	return b.String()
}

// dropParam reports whether a query parameter (key and value with
// normalised escapes) is tracking or an AMP switch.
func dropParam(k, v string) bool {
	if k == "" {
		return v == ""
	}
	lk := strings.ToLower(k)
	switch lk {
	case "amp":
		return v == "" || v == "1" || strings.EqualFold(v, "true")
	case "outputtype":
		return strings.EqualFold(v, "amp")
	case "usqp", "aoh":
		return true // set by the AMP viewer
	}
	return strings.HasPrefix(lk, "amp_") || isTracking(lk)
}

// trackingParams are query parameters that say how a reader arrived, never
// which article they read: Google and Microsoft ads (gclid, dclid, msclkid,
// wbraid…), social networks (fbclid, igshid, twclid, ttclid…), Mailchimp
// (mc_cid, mc_eid), HubSpot (_hsenc, _hsmi), Google Analytics (_ga, _gl),
// Marketo (mkt_tok), Yandex (yclid), Adobe (s_kwcid, cmpid) and referrer tags.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "gbraid": true,
	"wbraid": true, "msclkid": true, "mc_cid": true, "mc_eid": true, "_ga": true,
	"_gl": true, "_hsenc": true, "_hsmi": true, "ref": true, "ref_src": true,
	"ref_url": true, "igshid": true, "igsh": true, "yclid": true, "mkt_tok": true,
	"cmpid": true, "s_kwcid": true, "twclid": true, "ttclid": true, "li_fat_id": true,
	"srsltid": true, "ncid": true, "sr_share": true, "vero_id": true, "oly_enc_id": true,
	"oly_anon_id": true, "rb_clickid": true, "_openstat": true, "fb_action_ids": true,
	"fb_action_types": true, "fb_source": true, "fb_ref": true, "at_medium": true,
	"at_campaign": true,
}

// trackingPrefixes start whole families of tracking parameters: Google
// Analytics campaigns (utm_source…), Matomo and Piwik (mtm_…, pk_…) and
// HubSpot ads (hsa_…).
var trackingPrefixes = []string{"utm_", "mtm_", "pk_", "hsa_"}

// isTracking reports whether the lower-case, escape-normalised key lk is a
// tracking parameter.
func isTracking(lk string) bool {
	if trackingParams[lk] {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(lk, p) {
			return true
		}
	}
	return false
}

// normalizeEscapes rewrites an escaped URL component so that equal
// components are equal strings: escapes of unreserved characters are
// decoded, other escapes upper-cased, bytes that allowed does not accept
// (and a '%' that starts no escape) escaped.
func normalizeEscapes(s string, allowed func(byte) bool) string {
	const hex = "0123456789ABCDEF"
	var b []byte // nil until the first change
	for i := 0; i < len(s); i++ {
		c := s[i]
		var out []byte
		var n int // bytes of s consumed beyond i
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			d := unhex(s[i+1])<<4 | unhex(s[i+2])
			n = 2
			if unreserved(d) {
				out = []byte{d}
			} else {
				out = []byte{'%', hex[d>>4], hex[d&15]}
			}
		case c == '%' || !allowed(c):
			out = []byte{'%', hex[c>>4], hex[c&15]}
		default:
			if b != nil {
				b = append(b, c)
			}
			continue
		}
		if b == nil {
			if string(out) == s[i:i+1+n] {
				i += n
				continue
			}
			b = append(make([]byte, 0, len(s)+8), s[:i]...)
		}
		b = append(b, out...)
		i += n
	}
	if b == nil {
		return s
	}
	return string(b)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// unreserved are the characters RFC 3986 says never need escaping.
func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// pathByte reports whether c may appear unescaped in a path.
func pathByte(c byte) bool {
	return unreserved(c) || strings.IndexByte("!$&'()*+,;=:@/", c) >= 0
}

// queryByte reports whether c may appear unescaped in a query parameter;
// '&' separates parameters and so never appears inside one.
func queryByte(c byte) bool {
	return unreserved(c) || strings.IndexByte("!$'()*+,;=:@/?", c) >= 0
}
