package feed

import (
	"testing"
	"time"
)

func TestFeedDate(t *testing.T) {
	gofeedTime := time.Date(2024, 1, 15, 10, 30, 0, 0, time.FixedZone("X", 3600))
	tests := []struct {
		name    string
		raw     string
		parsed  *time.Time
		want    time.Time
		wantRaw string
	}{
		{"gofeed's parse wins, in UTC", " Mon, 15 Jan 2024 10:30:00 +0100 ", &gofeedTime, gofeedTime.UTC(), "Mon, 15 Jan 2024 10:30:00 +0100"},
		{"a zone gofeed reads as UTC", "Mon, 15 Jan 2024 10:30:00 EAT", &gofeedTime, time.Date(2024, 1, 15, 7, 30, 0, 0, time.UTC), "Mon, 15 Jan 2024 10:30:00 EAT"},
		{"our layouts when gofeed fails", "15 de enero de 2024", nil, time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC), "15 de enero de 2024"},
		{"unparseable: zero time, raw kept", "Pentecost", nil, time.Time{}, "Pentecost"},
		{"nothing", "  ", nil, time.Time{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, raw := feedDate(tt.raw, tt.parsed)
			if !got.Equal(tt.want) || raw != tt.wantRaw {
				t.Errorf("feedDate = %v, %q; want %v, %q", got, raw, tt.want, tt.wantRaw)
			}
			if !got.IsZero() && got.Location() != time.UTC {
				t.Errorf("feedDate = %v, not UTC", got)
			}
		})
	}
}
