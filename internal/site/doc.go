// Package site writes the human side of gleaner's output directory: the
// pages and helpers that sit beside the feeds.
//
// Start with [Write]: given a [Data] describing every published feed, the
// newest items and the newest prayer points, it writes
//
//   - index.html: a small, accessible, JavaScript-free page listing every
//     feed with its Atom, RSS and JSON links, the newest items and the
//     newest prayer points per country;
//   - feeds.opml: an OPML 2.0 list of every feed, to import into a reader;
//   - feed.xsl: an XSLT 1.0 stylesheet that shows an Atom or RSS feed as a
//     readable page in a browser (see [StylesheetHref]);
//   - embed.js: a dependency-free script partners paste into their pages
//     to show the newest items of one JSON Feed.
//
// # Determinism
//
// Every file is a pure function of the Data: nothing reads the clock, and
// [Data.Updated] dates the page. Write goes through [publish.WriteFile], so
// an unchanged run rewrites nothing.
//
// # Safety
//
// Feed data never reaches a browser as markup: index.html is escaped by
// html/template and links only http and https URLs; feed.xsl shows entry
// text with xsl:value-of and never disables output escaping; embed.js
// builds its elements with createElement and textContent.
package site
