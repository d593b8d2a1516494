package pipeline

import (
	"github.com/gleanerhq/gleaner/internal/dedupe"
	"github.com/gleanerhq/gleaner/internal/model"
)

// duplicates knows which stored items are the same story: republished by
// several partners, or re-sent by one partner under new GUIDs. Each output
// carries a story once, as the copy first seen, crediting every partner
// that carried it; the copy's ID is the one first published, so no entry
// ID changes when a later copy arrives.
type duplicates struct {
	group   map[string]int    // item ID → group
	members map[int][]credit  // group → every copy, in first-seen order
	order   map[string]int    // item ID → rank for keeping: lower is kept
	sources map[string]string // item ID → source ID
	names   map[string]string // source ID → partner name
}

func newDuplicates(items []model.Item, sources map[string]model.Source, metas map[string]model.FeedMeta) *duplicates {
	d := &duplicates{
		group:   make(map[string]int, len(items)),
		members: make(map[int][]credit),
		order:   make(map[string]int, len(items)),
		sources: make(map[string]string, len(items)),
	}
	for g, grp := range dedupe.Groups(items) {
		all := append([]model.Item{grp.Keep}, grp.Others...)
		for rank, it := range all {
			d.group[it.ID] = g
			d.order[it.ID] = rank
			d.sources[it.ID] = it.SourceID
			if len(all) > 1 {
				name := firstNonEmpty(sources[it.SourceID].Name, metas[it.SourceID].Title, it.SourceID)
				d.members[g] = append(d.members[g], credit{SourceID: it.SourceID, Name: name, URL: it.URL})
			}
		}
	}
	return d
}

// collapse keeps one copy of each story in pool: the first seen among
// those pool holds. Order is kept.
func (d *duplicates) collapse(pool []model.Item) []model.Item {
	best := make(map[int]string, len(pool))
	for _, it := range pool {
		g, ok := d.group[it.ID]
		if !ok {
			continue
		}
		if cur, ok := best[g]; !ok || d.order[it.ID] < d.order[cur] {
			best[g] = it.ID
		}
	}
	out := make([]model.Item, 0, len(best))
	for _, it := range pool {
		if g, ok := d.group[it.ID]; !ok || best[g] == it.ID {
			out = append(out, it)
		}
	}
	return out
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
