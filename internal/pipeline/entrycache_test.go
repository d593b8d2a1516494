package pipeline

import (
	"fmt"
	"testing"

	"github.com/gleanerhq/gleaner/internal/publish"
)

func TestEntryCache(t *testing.T) {
	c := newEntryCache(3)
	put := func(ids ...int) {
		for _, i := range ids {
			c.put(fmt.Sprint(i), publish.Entry{ID: fmt.Sprint(i)})
		}
	}
	has := func(i int) bool {
		e, ok := c.get(fmt.Sprint(i))
		if ok && e.ID != fmt.Sprint(i) {
			t.Fatalf("get(%d) = entry %s", i, e.ID)
		}
		return ok
	}
	put(1, 2, 3)
	if !has(1) || !has(2) || !has(3) {
		t.Fatal("entries lost before the cache was full")
	}
	put(4, 5) // 1–3 become the old generation
	if !has(1) {
		t.Fatal("an entry of the old generation was lost")
	}
	// 1 moved to the current generation beside 4 and 5: the next put
	// retires the generation of 4, 5, 1, and 2 and 3 are gone.
	put(6)
	for _, c := range []struct {
		id   int
		want bool
	}{{2, false}, {3, false}, {1, true}, {4, true}, {5, true}, {6, true}} {
		if has(c.id) != c.want {
			t.Errorf("entry %d cached: %v, want %v", c.id, !c.want, c.want)
		}
	}
	if n := len(c.cur) + len(c.old); n > 2*3 {
		t.Errorf("%d entries held; the bound is %d", n, 2*3)
	}
}
