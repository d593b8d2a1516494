package corpus

import (
	"math"
	"testing"

	"github.com/gleanerhq/gleaner"
)

func TestLoadBundled(t *testing.T) {
	c, err := Load(gleaner.Corpus())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Articles) < 35 || len(c.Sites) < 6 {
		t.Fatalf("%d articles on %d sites; want 35+ on 6+", len(c.Articles), len(c.Sites))
	}
	for _, a := range c.Articles {
		body, _, err := c.PageUTF8(a, "http://127.0.0.1:1")
		if err != nil {
			t.Fatal(err)
		}
		if len(body) == 0 {
			t.Errorf("%s: empty page", a.URL)
		}
		if _, ok := c.Sites[a.Site]; !ok {
			t.Errorf("%s: unknown site %s", a.URL, a.Site)
		}
	}
}

func TestTextScore(t *testing.T) {
	tests := []struct {
		got, want string
		f1        float64
	}{
		{"one two three four five", "one two three four five", 1},
		{"", "", 1},
		{"one two three four five", "", 0},
		{"a b c d e f", "a b c d x y", 1.0 / 3}, // 1 of 3 shingles each way: P = R = 1/3
	}
	for _, tt := range tests {
		if got := TextScore(tt.got, tt.want).F1; math.Abs(got-tt.f1) > 1e-9 {
			t.Errorf("TextScore(%q, %q) = %v, want %v", tt.got, tt.want, got, tt.f1)
		}
	}
}
