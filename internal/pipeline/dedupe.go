package pipeline

import (
	"slices"

	"github.com/gleanerhq/gleaner/internal/dedupe"
	"github.com/gleanerhq/gleaner/internal/model"
)

// duplicates knows which stored items are the same story: republished by
// several partners, or re-sent by one partner under new GUIDs. Each output
// carries a story once, as the copy first seen, crediting every partner
// that carried it; the copy's ID is the one first published, so no entry
// ID changes when a later copy arrives. Only stories with copies are
// kept: every other item is its own story, and costs no memory here.
type duplicates struct {
	group   map[string]int   // item ID → group
	members map[int][]credit // group → every copy, in first-seen order
	order   map[string]int   // item ID → rank for keeping: lower is kept
}

func newDuplicates(items []model.Item, sources map[string]model.Source, metas map[string]model.FeedMeta) *duplicates {
	d := &duplicates{
		group:   make(map[string]int),
		members: make(map[int][]credit),
		order:   make(map[string]int),
	}
	for g, grp := range dedupe.Groups(items) {
		if len(grp.Others) == 0 {
			continue
		}
		all := append([]model.Item{grp.Keep}, grp.Others...)
		for rank, it := range all {
			d.group[it.ID] = g
			d.order[it.ID] = rank
			name := firstNonEmpty(sources[it.SourceID].Name, metas[it.SourceID].Title, it.SourceID)
			d.members[g] = append(d.members[g], credit{SourceID: it.SourceID, Name: name, URL: it.URL})
		}
	}
	return d
}

// collapse keeps one copy of each story in pool: the first seen among
// those pool holds. Order is kept. The result is a new slice; see
// collapseInPlace.
func (d *duplicates) collapse(pool []model.Item) []model.Item {
	return d.collapseInPlace(slices.Clone(pool))
}

// collapseInPlace is collapse reusing pool's array, which it overwrites.
func (d *duplicates) collapseInPlace(pool []model.Item) []model.Item {
	kept, _ := d.split(pool, false)
	return kept
}

// split is collapseInPlace that, when asked, also returns in a new slice
// the copies it left out, for the outputs of their own partners.
func (d *duplicates) split(pool []model.Item, wantCopies bool) (kept, copies []model.Item) {
	if len(d.group) == 0 {
		return pool, nil
	}
	best := make(map[int]string) // group → the ID kept
	for _, it := range pool {
		g, ok := d.group[it.ID]
		if !ok {
			continue
		}
		if cur, ok := best[g]; !ok || d.order[it.ID] < d.order[cur] {
			best[g] = it.ID
		}
	}
	dropped := func(it model.Item) bool {
		g, ok := d.group[it.ID]
		return ok && best[g] != it.ID
	}
	if wantCopies {
		for _, it := range pool {
			if dropped(it) {
				copies = append(copies, it)
			}
		}
	}
	return slices.DeleteFunc(pool, dropped), copies
}

// credits returns the other partners that carried it's story, each once,
// its own source left out.
func (d *duplicates) credits(it model.Item) []credit {
	g, ok := d.group[it.ID]
	if !ok {
		return nil
	}
	var out []credit
	seen := map[string]bool{it.SourceID: true}
	for _, c := range d.members[g] {
		if !seen[c.SourceID] {
			seen[c.SourceID] = true
			out = append(out, c)
		}
	}
	return out
}
