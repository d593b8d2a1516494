// Package publish renders gleaner's curated feeds as Atom, RSS 2.0 and JSON
// Feed 1.1 and writes them atomically into the output directory.
//
// Start with [Write]: it renders a [Feed] in every format of [Formats] and
// writes output/<Path>.atom, .rss and .json, leaving files whose bytes have
// not changed untouched. [Render] and [WriteFile] are the two halves, for
// callers that want only one.
//
// # Determinism
//
// Rendering is a pure function of the [Feed]: it never reads the clock, never
// invents IDs and normalises every time to UTC with second precision, so an
// unchanged run produces byte-identical files and [WriteFile] rewrites
// nothing. A Feed with no Updated time takes its newest entry's date, or the
// Unix epoch when it has no entries.
//
// # Content
//
// The pipeline hands over sanitised HTML and plain text; this package never
// sanitises. It only encodes: plain text is escaped for the place it goes
// (an RSS description is HTML, so its text is HTML-escaped there), and
// characters XML cannot carry are replaced with U+FFFD.
//
// # gorilla/feeds
//
// The documents are built with github.com/gorilla/feeds and extended through
// its own structs: gleaner's wrappers embed [feeds.AtomFeed],
// [feeds.AtomEntry], [feeds.RssFeedXml], [feeds.RssFeed], [feeds.RssItem],
// [feeds.JSONFeed] and [feeds.JSONItem] and add what gorilla lacks (several
// categories and authors, Atom source, generator and xml:lang, RSS
// dc:creator, source and atom:link, JSON Feed language and the "_gleaner"
// extension), shadowing gorilla's single-valued fields of the same name.
package publish
