// Package dedupe finds the copies of one story that several partners
// published, so that each output carries it once and credits every
// partner. It is pure: items in, groups out.
//
// Call [Groups] with the items of an output; publish each group's Keep
// and credit the sources of its Others.
//
// # When two items are the same story
//
// Two items are copies when their links are the same article once
// normalised by [CanonicalURL], or when both texts have at least
// [MinWords] words and their fingerprints ([Fingerprint]) are [Similar]:
// a SimHash of word shingles, which survives a new title, a partner's
// intro line or other punctuation. Copies of copies are copies. Items of one source are
// never copies by text, even through another source's copy: a partner's
// own series and updates share boilerplate but are different stories.
//
// # Stable IDs
//
// A group's Keep is its item seen first, so a copy arriving later joins
// the group without changing the ID that was published for it.
package dedupe

import (
	"cmp"
	"math/bits"
	"slices"
	"time"

	"github.com/gleanerhq/gleaner/internal/model"
)

// Group is one story and its copies.
type Group struct {
	// Keep is the item to publish: the one with the earliest FirstSeen,
	// then the earliest Published, then the least ID. Its ID is the one
	// readers already have, so a later copy never changes it.
	Keep model.Item
	// Others are the copies of Keep from the same or other sources, in
	// input order.
	Others []model.Item
}

// Groups puts every item in exactly one group, the groups in the input
// order of their Keep. Items are in one group when their canonical URLs
// are equal, or when both have [MinWords] words of text and [Similar]
// fingerprints and come from different sources; and so on transitively,
// except that a text match never joins two groups that hold items of the
// same source. Matches by text are taken closest first, so a copy that
// resembles two of a partner's stories joins the one it is nearest to.
//
// An item's fingerprint is its Fingerprint field, as [TextFingerprint]
// computed it when the item was enriched; when that is 0, Groups computes
// it from the item's Content and Summary, which only costs time when they
// were loaded.
func Groups(items []model.Item) []Group {
	n := len(items)
	if n == 0 {
		return nil
	}
	uf := newUnionFind(n)

	byURL := make(map[string]int, n)
	for i := range items {
		u := CanonicalURL(items[i].URL)
		if u == "" {
			continue
		}
		if j, ok := byURL[u]; ok {
			uf.union(j, i)
		} else {
			byURL[u] = i
		}
	}

	fps := make([]uint64, n)
	long := make([]bool, n)
	var sh shingler
	for i := range items {
		fp := items[i].Fingerprint
		if fp == 0 {
			fp = sh.textFingerprint(items[i].Content, items[i].Summary)
		}
		fps[i], long[i] = fp, fp != 0
	}
	pairs := similarPairs(items, fps, long)
	if len(pairs) > 0 {
		// The sources in each group so far: a text match may not join
		// two groups that share one.
		sources := make(map[int][]string)
		for i := range items {
			r := uf.find(i)
			if s := items[i].SourceID; !slices.Contains(sources[r], s) {
				sources[r] = append(sources[r], s)
			}
		}
		for _, p := range pairs {
			ri, rj := uf.find(p.i), uf.find(p.j)
			if ri == rj || overlap(sources[ri], sources[rj]) {
				continue
			}
			r := uf.union(ri, rj)
			merged := append(sources[ri], sources[rj]...)
			delete(sources, ri)
			delete(sources, rj)
			sources[r] = merged
		}
	}

	// Collect the members of each group in input order.
	members := make(map[int][]int)
	var roots []int
	for i := range items {
		r := uf.find(i)
		if _, ok := members[r]; !ok {
			roots = append(roots, r)
		}
		members[r] = append(members[r], i)
	}
	type draft struct {
		keep int
		idx  []int
	}
	drafts := make([]draft, 0, len(roots))
	for _, r := range roots {
		idx := members[r]
		keep := idx[0]
		for _, i := range idx[1:] {
			if before(&items[i], &items[keep]) {
				keep = i
			}
		}
		drafts = append(drafts, draft{keep, idx})
	}
	slices.SortFunc(drafts, func(a, b draft) int { return cmp.Compare(a.keep, b.keep) })
	groups := make([]Group, len(drafts))
	for g, d := range drafts {
		groups[g].Keep = items[d.keep]
		if len(d.idx) > 1 {
			groups[g].Others = make([]model.Item, 0, len(d.idx)-1)
			for _, i := range d.idx {
				if i != d.keep {
					groups[g].Others = append(groups[g].Others, items[i])
				}
			}
		}
	}
	return groups
}

// before reports whether a should be kept rather than b: seen first, then
// published first, then the lesser ID. A zero time (an item not stored
// yet, or without a date) counts as later than any other.
func before(a, b *model.Item) bool {
	if c := compareTime(a.FirstSeen, b.FirstSeen); c != 0 {
		return c < 0
	}
	if c := compareTime(a.Published, b.Published); c != 0 {
		return c < 0
	}
	return a.ID < b.ID
}

func compareTime(a, b time.Time) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Compare(b)
}

func overlap(a, b []string) bool {
	for _, s := range a {
		if slices.Contains(b, s) {
			return true
		}
	}
	return false
}

// pair is two items, i < j, whose fingerprints are d bits apart.
type pair struct{ d, i, j int }

// similarPairs returns every pair of long items from different sources
// whose fingerprints are [Similar], closest first (then by i, then j).
//
// Comparing all pairs would take n² steps. Instead each fingerprint is cut
// into [bands] bands, and each band is indexed by its value. Two
// fingerprints at most Threshold bits apart differ in at most
// Threshold/bands bits in at least one band (pigeonhole), so probing each
// band's index with every value within that radius of an item's band
// finds every similar pair, and few others.
func similarPairs(items []model.Item, fps []uint64, long []bool) []pair {
	var ids []int32 // the long items
	for i, ok := range long {
		if ok {
			ids = append(ids, int32(i))
		}
	}
	if len(ids) < 2 {
		return nil
	}
	var index [bands]bandIndex
	for b := range bands {
		index[b] = newBandIndex(b, ids, fps)
	}
	var pairs []pair
	for _, i := range ids {
		fi := fps[i]
		for b := range bands {
			v := bandValue(fi, b)
			for _, m := range probeMasks[b] {
				// Buckets list items in input order: stop at i, so that
				// each pair is seen from its first item only.
				x := &index[b]
				lo, hi := x.start[v^m], x.start[v^m+1]
				for k := hi - 1; k >= lo && x.ids[k] > i; k-- {
					fj := x.fps[k]
					d := Distance(fi, fj)
					if d > Threshold || !firstBand(fi^fj, b) {
						continue
					}
					j := x.ids[k]
					if items[i].SourceID != items[j].SourceID {
						pairs = append(pairs, pair{d, int(i), int(j)})
					}
				}
			}
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if c := cmp.Compare(a.d, b.d); c != 0 {
			return c
		}
		if c := cmp.Compare(a.i, b.i); c != 0 {
			return c
		}
		return cmp.Compare(a.j, b.j)
	})
	return pairs
}

// bands is how many bands a fingerprint is cut into for the candidate
// search. Measured on 5,000 random fingerprints (BenchmarkSimilarPairs),
// eight 8-bit bands probed within radius 1 (9 probes a band) took 18 ms,
// five 13-bit bands within radius 2 (92 probes) 30 ms and four 16-bit
// bands within radius 3 (697 probes) 90 ms. Comparing all pairs took 16 ms
// at that size: eight bands make 3.5 times fewer comparisons, each dearer.
// All grow with n²; in the tens of thousands of items, five bands, which
// compare 18 times fewer pairs than all, would be the better choice.
const bands = 8

// radius is how many bits one band of two similar fingerprints differs in
// at most, in at least one band.
const radius = Threshold / bands

// The pigeonhole needs bands*(radius+1) > Threshold: this array length is
// negative, and the package does not compile, when it fails.
var _ [bands*(radius+1) - Threshold - 1]struct{}

// bandShift and bandMask place each band in a fingerprint: the first
// 64 % bands bands are one bit wider than the others.
var bandShift, bandMask = func() (shift [bands]int, mask [bands]uint64) {
	s := 0
	for b := range bands {
		w := 64 / bands
		if b < 64%bands {
			w++
		}
		shift[b], mask[b] = s, 1<<w-1
		s += w
	}
	return shift, mask
}()

func bandValue(fp uint64, b int) uint32 {
	return uint32(fp >> bandShift[b] & bandMask[b])
}

// firstBand reports whether b is the first band in which two fingerprints
// that differ in the bits of x are within radius: the one band in which
// the search keeps their pair.
func firstBand(x uint64, b int) bool {
	for k := range b {
		if bits.OnesCount64(x>>bandShift[k]&bandMask[k]) <= radius {
			return false
		}
	}
	return true
}

// probeMasks[b] are the masks of band b's width with at most radius bits
// set: XORed with a band value, the values within radius of it.
var probeMasks = func() (m [bands][]uint32) {
	for b := range bands {
		for x := uint32(0); uint64(x) <= bandMask[b]; x++ {
			if bits.OnesCount32(x) <= radius {
				m[b] = append(m[b], x)
			}
		}
	}
	return m
}()

// bandIndex lists the items by the value of one band of their
// fingerprint: the items with value v are ids[start[v]:start[v+1]], in
// input order, and fps holds their fingerprints alongside.
type bandIndex struct {
	start []int32
	ids   []int32
	fps   []uint64
}

func newBandIndex(b int, ids []int32, fps []uint64) bandIndex {
	start := make([]int32, bandMask[b]+2)
	for _, i := range ids {
		start[bandValue(fps[i], b)+1]++
	}
	for v := 1; v < len(start); v++ {
		start[v] += start[v-1]
	}
	next := slices.Clone(start[:len(start)-1])
	x := bandIndex{start, make([]int32, len(ids)), make([]uint64, len(ids))}
	for _, i := range ids {
		v := bandValue(fps[i], b)
		x.ids[next[v]], x.fps[next[v]] = i, fps[i]
		next[v]++
	}
	return x
}

// unionFind is a disjoint-set forest with path halving and union by size.
type unionFind struct{ parent, size []int }

func newUnionFind(n int) *unionFind {
	uf := &unionFind{make([]int, n), make([]int, n)}
	for i := range uf.parent {
		uf.parent[i], uf.size[i] = i, 1
	}
	return uf
}

func (uf *unionFind) find(i int) int {
	for uf.parent[i] != i {
		uf.parent[i] = uf.parent[uf.parent[i]]
		i = uf.parent[i]
	}
	return i
}

// union joins the sets of i and j and returns the new root.
func (uf *unionFind) union(i, j int) int {
	ri, rj := uf.find(i), uf.find(j)
	if ri == rj {
		return ri
	}
	if uf.size[ri] < uf.size[rj] {
		ri, rj = rj, ri
	}
	uf.parent[rj] = ri
	uf.size[ri] += uf.size[rj]
	return ri
}
