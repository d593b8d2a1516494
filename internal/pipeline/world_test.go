package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/gleanerhq/gleaner/internal/fetch"
	"github.com/gleanerhq/gleaner/internal/fetch/fetchtest"
	"github.com/gleanerhq/gleaner/internal/model"
	"github.com/gleanerhq/gleaner/internal/store"
)

// feedKind is the format a test source serves.
type feedKind string

const (
	kindRSS     feedKind = "rss"
	kindAtom    feedKind = "atom"
	kindJSON    feedKind = "json"
	kindRSS1252 feedKind = "rss-1252"
)

// testItem is one article of a test feed.
type testItem struct {
	guid, title, body string
	published         time.Time
}

// items returns n articles for source id, the newest first, numbered from
// start.
func items(id string, start, n int) []testItem {
	var out []testItem
	base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := start + n - 1; i >= start; i-- {
		out = append(out, testItem{
			guid:      fmt.Sprintf("%s-%d", id, i),
			title:     fmt.Sprintf("Story %d from %s – “quoted”", i, id),
			body:      fmt.Sprintf("<p>Paragraph one of story %d.</p><ul><li>That peace comes</li><li>For courage</li></ul><script>alert(%d)</script>", i, i),
			published: base.Add(time.Duration(i) * time.Hour),
		})
	}
	return out
}

// render serves items as a feed of the given kind, linking articles under
// base.
func render(kind feedKind, base, id string, its []testItem) (contentType string, body []byte) {
	var b bytes.Buffer
	link := func(it testItem) string { return base + "/" + id + "/" + it.guid + ".html" }
	switch kind {
	case kindRSS, kindRSS1252:
		enc := "UTF-8"
		if kind == kindRSS1252 {
			enc = "windows-1252"
		}
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="%s"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>%s</title><link>%s/%s/</link><description>d</description>`, enc, id, base, id)
		for _, it := range its {
			fmt.Fprintf(&b, `<item><title>%s</title><link>%s</link><guid isPermaLink="false">%s</guid><pubDate>%s</pubDate><category>A</category><category>B</category><description>Summary of %s</description><content:encoded><![CDATA[%s]]></content:encoded></item>`,
				it.title, link(it), it.guid, it.published.Format(time.RFC1123Z), it.guid, it.body)
		}
		b.WriteString(`</channel></rss>`)
		if kind == kindRSS1252 {
			out, err := charmap.Windows1252.NewEncoder().Bytes(b.Bytes())
			if err != nil {
				panic(err)
			}
			return "application/rss+xml", out
		}
		return "application/rss+xml; charset=utf-8", b.Bytes()
	case kindAtom:
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>%s</title><id>urn:%s</id><updated>2026-03-01T00:00:00Z</updated><link href="%s/%s/"/>`, id, id, base, id)
		for _, it := range its {
			fmt.Fprintf(&b, `<entry><title>%s</title><id>%s</id><link href="%s"/><updated>%s</updated><summary>Summary of %s</summary><content type="html"><![CDATA[%s]]></content></entry>`,
				it.title, it.guid, link(it), it.published.Format(time.RFC3339), it.guid, it.body)
		}
		b.WriteString(`</feed>`)
		return "application/atom+xml", b.Bytes()
	case kindJSON:
		fmt.Fprintf(&b, `{"version":"https://jsonfeed.org/version/1.1","title":%q,"home_page_url":"%s/%s/","items":[`, id, base, id)
		for i, it := range its {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"id":%q,"url":%q,"title":%q,"summary":"Summary of %s","content_html":%q,"date_published":%q,"tags":["A","B"]}`,
				it.guid, link(it), it.title, it.guid, it.body, it.published.Format(time.RFC3339))
		}
		b.WriteString(`]}`)
		return "application/feed+json", b.Bytes()
	}
	panic("unknown kind " + kind)
}

// world is a set of partner feeds on one httptest server, a store, and a
// runner whose clock the test moves.
type world struct {
	t      testing.TB
	srv    *fetchtest.Server
	store  *store.Store
	runner *Runner
	plan   Plan
	now    time.Time
	kinds  map[string]feedKind
}

func newWorld(t testing.TB, kinds map[string]feedKind, order []string) *world {
	t.Helper()
	w := &world{t: t, srv: fetchtest.NewServer(t), kinds: kinds, now: time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w.store = st
	client, err := fetch.New(fetch.Options{
		UserAgent:    "gleaner-test/1.0 (+https://example.org/)",
		Timeout:      700 * time.Millisecond,
		MaxRetries:   1,
		RetryBase:    5 * time.Millisecond,
		MaxRetryWait: 50 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	w.runner = &Runner{Fetcher: client, Store: st, Now: func() time.Time { return w.now }}
	w.plan = Plan{
		Site: Site{Title: "Test partners", BaseURL: "https://feeds.example.org/", Language: "en", Generator: "gleaner test"},
		Outputs: []model.Output{
			{ID: "all", Path: "all", Title: "Everything"},
		},
		OutputDir:   filepath.Join(t.TempDir(), "output"),
		BackoffBase: 15 * time.Minute,
		MaxBackoff:  24 * time.Hour,
	}
	w.plan.Sources = nil
	for _, id := range order {
		w.plan.Sources = append(w.plan.Sources, model.Source{ID: id, Name: "Partner " + strings.ToUpper(id), URL: w.srv.URL("/" + id + "/feed"), AllowPrivate: true})
		w.plan.Outputs = append(w.plan.Outputs, model.Output{ID: "source/" + id, Path: "source/" + id, Title: id, Sources: []string{id}})
	}
	return w
}

// serve makes source id serve its items.
func (w *world) serve(id string, its []testItem) {
	ct, body := render(w.kinds[id], w.srv.URL(""), id, its)
	w.srv.Handle("/"+id+"/feed", fetchtest.Static(ct, body))
}

// fail makes source id answer with h.
func (w *world) fail(id string, h http.Handler) { w.srv.Handle("/"+id+"/feed", h) }

// run runs the plan once and returns the report.
func (w *world) run() *model.RunReport {
	w.t.Helper()
	rep, err := w.runner.Run(context.Background(), w.plan)
	if err != nil {
		w.t.Fatalf("run: %v", err)
	}
	return rep
}

// status returns the report line of source id.
func status(rep *model.RunReport, id string) model.SourceReport {
	for _, s := range rep.Sources {
		if s.SourceID == id {
			return s
		}
	}
	return model.SourceReport{}
}

func storeQuery() store.Query { return store.Query{} }
