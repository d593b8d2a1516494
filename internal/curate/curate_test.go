package curate

import (
	"testing"
	"time"

	"github.com/gleanerhq/gleaner/internal/model"
)

func TestSelect(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	item := func(id, src string, age time.Duration) model.Item {
		return model.Item{ID: id, SourceID: src, Published: now.Add(-age)}
	}
	items := []model.Item{
		item("a", "s1", 3*day),
		item("b", "s2", 1*day),
		item("c", "s1", 1*day), // same time as b: ID breaks the tie
		item("d", "s2", 40*day),
		item("b", "s2", 1*day), // duplicate ID
	}
	items[0].Countries = []string{"KP", "CN"}
	items[1].Countries = []string{"NG"}
	items[2].Prayer = []model.PrayerList{{Heading: "Pray now", Items: []string{"That…"}}}
	items[3].Prayer = []model.PrayerList{{Heading: "Pray now"}} // a heading without points
	tests := []struct {
		name string
		out  model.Output
		want []string
	}{
		{"everything newest first", model.Output{}, []string{"b", "c", "a", "d"}},
		{"by source", model.Output{Sources: []string{"s1"}}, []string{"c", "a"}},
		{"max items", model.Output{MaxItems: 2}, []string{"b", "c"}},
		{"max age", model.Output{MaxAge: 30 * day}, []string{"b", "c", "a"}},
		{"combined", model.Output{Sources: []string{"s2"}, MaxAge: 30 * day, MaxItems: 5}, []string{"b"}},
		{"unknown source", model.Output{Sources: []string{"nope"}}, nil},
		{"by country", model.Output{Countries: []string{"CN", "IR"}}, []string{"a"}},
		{"prayer only", model.Output{PrayerOnly: true}, []string{"c"}},
		{"prayer output", model.Output{Prayer: true}, []string{"c"}},
		{"country and source", model.Output{Countries: []string{"NG"}, Sources: []string{"s1"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Select(items, tt.out, now)
			var ids []string
			for _, it := range got {
				ids = append(ids, it.ID)
			}
			if len(ids) != len(tt.want) {
				t.Fatalf("got %v, want %v", ids, tt.want)
			}
			for i := range ids {
				if ids[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", ids, tt.want)
				}
			}
		})
	}
}
