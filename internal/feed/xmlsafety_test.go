package feed

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// gofeed reads XML with encoding/xml, which does not process DTDs: it
// neither fetches external entities (XXE) nor expands internal ones, so a
// "billion laughs" document cannot blow up. In non-strict mode, which gofeed
// uses, an undeclared entity reference is kept as literal text. These tests
// pin that: each hostile feed must parse (or fail) quickly, within a small
// memory budget, with nothing read from disk and nothing expanded.
func TestXMLEntitiesAreNotExpanded(t *testing.T) {
	secretFile := t.TempDir() + "/secret.txt"
	const secret = "TOP-SECRET-CONTENT"
	if err := os.WriteFile(secretFile, []byte(secret), 0o600); err != nil {
		t.Fatal(err)
	}

	var laughs strings.Builder
	laughs.WriteString(`<!ENTITY lol0 "lollollollollollollollollollol">`)
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&laughs, `<!ENTITY lol%d "%s">`, i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10))
	}

	tests := []struct {
		name, doctype, use string
	}{
		{"billion laughs", laughs.String(), "&lol9;"},
		{"external entity", `<!ENTITY xxe SYSTEM "file://` + secretFile + `">`, "&xxe;"},
		{"external parameter entity", `<!ENTITY % remote SYSTEM "file://` + secretFile + `"> %remote;`, "&xxe;"},
	}
	for _, tt := range tests {
		for _, format := range []string{"rss", "atom"} {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				var body string
				if format == "rss" {
					body = `<?xml version="1.0"?><!DOCTYPE rss [` + tt.doctype + `]>
<rss version="2.0"><channel><title>` + tt.use + `</title>
<item><guid>1</guid><title>` + tt.use + `</title><description>` + tt.use + `</description></item></channel></rss>`
				} else {
					body = `<?xml version="1.0"?><!DOCTYPE feed [` + tt.doctype + `]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>` + tt.use + `</title>
<entry><id>1</id><title>` + tt.use + `</title><content type="html">` + tt.use + `</content></entry></feed>`
				}

				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				type result struct {
					out string
					err error
				}
				done := make(chan result, 1)
				go func() {
					meta, items, err := Parse([]byte(body), testOptions)
					var out strings.Builder
					out.WriteString(meta.Title)
					for _, it := range items {
						out.WriteString(it.Title + it.Summary + it.Content)
					}
					done <- result{out.String(), err}
				}()
				var r result
				select {
				case r = <-done:
				case <-time.After(10 * time.Second):
					t.Fatal("Parse did not return within 10s")
				}
				runtime.ReadMemStats(&after)

				if grown := after.TotalAlloc - before.TotalAlloc; grown > 16<<20 {
					t.Errorf("Parse allocated %d MiB for a %d-byte feed", grown>>20, len(body))
				}
				if strings.Contains(r.out, secret) {
					t.Errorf("external entity was read: %q", r.out)
				}
				if len(r.out) > 10*len(body) {
					t.Errorf("output of %d bytes from a %d-byte feed: entities were expanded", len(r.out), len(body))
				}
				t.Logf("err=%v out=%.80q", r.err, r.out)
			})
		}
	}
}
