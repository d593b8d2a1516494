package feed

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	tests := []struct {
		in   string
		want time.Time // zero: must not parse
	}{
		{"2024-01-15", utc(2024, 1, 15, 0, 0)},
		{"02 Jan 2024 15:04 MST", utc(2024, 1, 2, 22, 4)},
		{"Monday, January 15, 2024", utc(2024, 1, 15, 0, 0)},
		{"January 15th, 2024", utc(2024, 1, 15, 0, 0)},
		{"Jan. 15, 2024 3:30 pm", utc(2024, 1, 15, 15, 30)},
		{"lunes, 15 de enero de 2024 10:30", utc(2024, 1, 15, 10, 30)},
		{"15 janvier 2024", utc(2024, 1, 15, 0, 0)},
		{"mercredi 1er mai 2024 à 08:15", utc(2024, 5, 1, 8, 15)},
		{"15 de março de 2024", utc(2024, 3, 15, 0, 0)},
		{"Montag, 2. Dezember 2024, 09:00 Uhr", utc(2024, 12, 2, 9, 0)},
		{"15.01.2024", utc(2024, 1, 15, 0, 0)},
		{"Mon, 15 Jan 2024 10:30:00 +0000 (UTC)", utc(2024, 1, 15, 10, 30)},
		{"Mon, 15 Jan 2024 10:30:00 SAST", utc(2024, 1, 15, 8, 30)},
		{"2024-01-15 10:30:00.123 +0300", time.Date(2024, 1, 15, 7, 30, 0, 123e6, time.UTC)},
		{"Pentecost Sunday", time.Time{}},
		{"yesterday", time.Time{}},
		{"", time.Time{}},
		{"32 January 2024", time.Time{}},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in)
		if tt.want.IsZero() {
			if ok {
				t.Errorf("parseDate(%q) = %v, want no date", tt.in, got)
			}
			continue
		}
		if !ok || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
}

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
