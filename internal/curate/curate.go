// Package curate chooses and orders the items of one output. It is pure:
// items in, items out, no I/O, so every rule is a table test.
//
// Call [Select] with the stored items and an output's spec.
package curate

import (
	"html"
	"slices"
	"strings"
	"time"

	"github.com/gleanerhq/gleaner/internal/model"
)

// Select returns the items of out, newest first: those of out's sources (all
// sources when out names none), about one of its countries (when it names
// any), with prayer points (when it asks), published within out.MaxAge of
// now, at most out.MaxItems of them. Ties on the published time are broken by ID, so the
// order is stable from run to run. Items with the same ID appear once.
func Select(items []model.Item, out model.Output, now time.Time) []model.Item {
	return SelectWith(items, out, now, Text)
}

// SelectWith is [Select] with the plain text of an item for out's keyword
// filters given by text, which is called only for the items that pass
// every other filter, and only when out has keyword filters on the text:
// a caller that holds items without their text (store.Query.Heads) loads
// it there.
func SelectWith(items []model.Item, out model.Output, now time.Time, text func(model.Item) string) []model.Item {
	var sources map[string]bool
	if len(out.Sources) > 0 {
		sources = make(map[string]bool, len(out.Sources))
		for _, s := range out.Sources {
			sources[s] = true
		}
	}
	var cutoff time.Time
	if out.MaxAge > 0 {
		cutoff = now.Add(-out.MaxAge)
	}
	f := compile(out)
	// Items in order already (the store's order) can stop at MaxItems,
	// unless pinned items further down must come first.
	enough := -1
	if out.MaxItems > 0 && len(out.Pinned) == 0 && slices.IsSortedFunc(items, Newest) {
		enough = out.MaxItems
	}
	// Sized by what is kept, not by the pool: a per-country output keeps
	// a few of thousands.
	seen := make(map[string]bool)
	var sel []model.Item
	for _, it := range items {
		if len(sel) == enough {
			break
		}
		if sources != nil && !sources[it.SourceID] {
			continue
		}
		if !cutoff.IsZero() && it.Published.Before(cutoff) {
			continue
		}
		if len(out.Countries) > 0 && !anyIn(it.Countries, out.Countries) {
			continue
		}
		if (out.PrayerOnly || out.Prayer) && !hasPrayer(it) {
			continue
		}
		if seen[it.ID] {
			continue
		}
		if !f.empty() && !f.keep(it, func() string { return text(it) }) {
			continue
		}
		seen[it.ID] = true
		sel = append(sel, it)
	}
	if !slices.IsSortedFunc(sel, Newest) { // the store's order already is
		slices.SortStableFunc(sel, Newest)
	}
	if len(out.Pinned) > 0 {
		rank := make(map[string]int, len(out.Pinned))
		for i, id := range out.Pinned {
			rank[id] = i + 1
		}
		slices.SortStableFunc(sel, func(a, b model.Item) int {
			ra, rb := rank[a.ID], rank[b.ID]
			switch {
			case ra > 0 && rb > 0:
				return ra - rb
			case ra > 0:
				return -1
			case rb > 0:
				return 1
			}
			return 0
		})
	}
	if out.MaxItems > 0 && len(sel) > out.MaxItems {
		sel = sel[:out.MaxItems]
	}
	return sel
}

// anyIn reports whether a and b share an element.
func anyIn(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

func hasPrayer(it model.Item) bool {
	for _, l := range it.Prayer {
		if len(l.Items) > 0 {
			return true
		}
	}
	return false
}

// Text is an item's text for keyword filters: its content (or summary)
// with tags stripped.
func Text(it model.Item) string {
	body := it.Content
	if strings.TrimSpace(body) == "" {
		body = it.Summary
	}
	var b strings.Builder
	in := false
	for _, r := range body {
		switch {
		case r == '<':
			in = true
			b.WriteByte(' ')
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return html.UnescapeString(b.String())
}

// Newest orders items newest published first, then by ID.
func Newest(a, b model.Item) int {
	if c := b.Published.Compare(a.Published); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}
