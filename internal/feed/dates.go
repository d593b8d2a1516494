package feed

import (
	"strings"
	"time"

	"github.com/gleanerhq/gleaner/internal/dates"
)

// feedDate turns a date as the feed wrote it, and gofeed's parse of it, into
// a UTC time and the trimmed raw string. gofeed's value wins (unless the
// date names a zone gofeed reads as UTC, see foreignZone); a string gofeed
// could not read is tried with dates.ParseTime (month names in six
// languages, ordinals, lower-case clocks, foreign zones); failing that, the
// time is zero and only the raw string is kept.
func feedDate(raw string, parsed *time.Time) (time.Time, string) {
	raw = strings.TrimSpace(raw)
	if parsed != nil && !parsed.IsZero() {
		if foreignZone(raw) {
			if t, ok := dates.ParseTime(raw); ok {
				return t.UTC(), raw
			}
		}
		return parsed.UTC(), raw
	}
	if raw == "" {
		return time.Time{}, ""
	}
	if t, ok := dates.ParseTime(raw); ok {
		return t.UTC(), raw
	}
	return time.Time{}, raw
}

// foreignZone reports whether a date ends in a zone abbreviation that
// gofeed reads as UTC but dates.ZoneOffset knows, such as SAST or EAT:
// dates.ParseTime reads those right.
func foreignZone(raw string) bool {
	f := strings.Fields(raw)
	if len(f) == 0 {
		return false
	}
	zone := f[len(f)-1]
	_, known := dates.ZoneOffset(zone)
	return known && !gofeedZones[zone]
}

// gofeedZones are the zone abbreviations gofeed resolves itself.
var gofeedZones = map[string]bool{
	"UT": true, "GMT": true, "UTC": true, "Z": true, "EST": true, "EDT": true, "CST": true,
	"CDT": true, "MST": true, "MDT": true, "PST": true, "PDT": true, "WET": true,
	"WEST": true, "BST": true, "CET": true, "CEST": true, "EET": true, "EEST": true,
}
