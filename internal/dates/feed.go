package dates

import (
	"strings"
	"time"
	"unicode"
)

// ParseTime reads a whole string that is a date with an optional time of
// day and zone, as feeds write the dates a strict RFC 822/3339 parser
// misses: month and weekday names in the languages of [Month] ("lunes, 2 de
// enero de 2024 10:30"), ordinals ("January 2nd, 2024"), abbreviations with
// a dot ("Jan. 2, 2024 3:30 pm"), 12-hour clocks in lower case, and zone
// abbreviations read with their offset (see [ZoneOffset]). The string is
// first reduced by [Normalise], then tried against fixed layouts. Dates
// without a zone are read as UTC; the result keeps its zone.
func ParseTime(s string) (time.Time, bool) {
	n := Normalise(s)
	if n == "" {
		return time.Time{}, false
	}
	for _, layout := range timeLayouts {
		t, err := time.Parse(layout, n)
		if err != nil {
			continue
		}
		if name, offset := t.Zone(); name != "" && name != "UTC" {
			if want, ok := zoneOffsets[name]; ok && want != offset {
				t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(),
					t.Nanosecond(), time.FixedZone(name, want))
			}
		}
		return t, true
	}
	return time.Time{}, false
}

// ZoneOffset returns the offset, in seconds east of UTC, of a zone
// abbreviation news sites write ("SAST", "EAT", "IST", "CEST").
func ZoneOffset(abbr string) (int, bool) {
	off, ok := zoneOffsets[abbr]
	return off, ok
}

// timeLayouts are tried, in order, on a string Normalise has reduced:
// English full month names, no commas or weekdays, single spaces.
var timeLayouts = []string{
	"2 January 2006 15:04:05 -0700",
	"2 January 2006 15:04:05 MST",
	"2 January 2006 15:04:05",
	"2 January 2006 15:04 -0700",
	"2 January 2006 15:04 MST",
	"2 January 2006 15:04",
	"2 January 2006 3:04 PM",
	"2 January 2006 3:04:05 PM",
	"2 January 2006",
	"January 2 2006 15:04:05 -0700",
	"January 2 2006 15:04:05 MST",
	"January 2 2006 15:04:05",
	"January 2 2006 15:04 MST",
	"January 2 2006 15:04",
	"January 2 2006 3:04 PM",
	"January 2 2006 3:04:05 PM",
	"January 2 2006",
	"2006 January 2",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006/01/02",
	"2.1.2006 15:04:05",
	"2.1.2006 15:04",
	"2.1.2006",
	"20060102T150405Z0700",
	"20060102",
}

// zoneOffsets are the zone abbreviations read with their offset, in
// seconds. time.Parse gives any other abbreviation a zero offset, which is
// at most a day off: kept, as better than no date.
var zoneOffsets = map[string]int{
	"UT": 0, "GMT": 0, "Z": 0, "WET": 0,
	"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
	"WEST": 3600, "BST": 3600, "CET": 3600, "WAT": 3600,
	"CEST": 2 * 3600, "EET": 2 * 3600, "SAST": 2 * 3600, "CAT": 2 * 3600,
	"EEST": 3 * 3600, "EAT": 3 * 3600, "MSK": 3 * 3600,
	"PKT": 5 * 3600, "IST": 5*3600 + 1800, "WIB": 7 * 3600, "ICT": 7 * 3600,
	"SGT": 8 * 3600, "HKT": 8 * 3600, "PHT": 8 * 3600, "AWST": 8 * 3600,
	"JST": 9 * 3600, "KST": 9 * 3600, "AEST": 10 * 3600, "AEDT": 11 * 3600,
	"NZST": 12 * 3600, "NZDT": 13 * 3600,
}

// timeNoise are the words Normalise drops: weekdays and connectives ("de",
// "à", "um", "at").
var timeNoise = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		monday mon tuesday tue tues wednesday wed thursday thu thurs friday fri saturday sat sunday sun
		lunes martes miércoles miercoles jueves viernes sábado sabado domingo
		lundi mardi mercredi jeudi vendredi samedi dimanche
		segunda-feira terça-feira terca-feira quarta-feira quinta-feira sexta-feira
		montag dienstag mittwoch donnerstag freitag samstag sonntag
		lunedì lunedi martedì martedi mercoledì mercoledi giovedì giovedi venerdì venerdi sabato
		de del le à a las às um at on uhr h the of`) {
		timeNoise[w] = true
	}
}

// Normalise reduces a date string to English words without commas,
// weekdays, connectives or ordinals, and a trailing "(UTC)" comment:
// "lunes, 2 de enero de 2024" becomes "2 January 2024".
func Normalise(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '('); i > 0 { // "… +0000 (UTC)"
		s = s[:i]
	}
	words := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	out := words[:0]
	for _, w := range words {
		lw := strings.ToLower(strings.TrimSuffix(w, "."))
		if timeNoise[lw] {
			continue
		}
		if m, ok := Month(lw); ok {
			out = append(out, m.String())
			continue
		}
		switch lw {
		case "am", "pm", "a.m", "p.m":
			w = strings.ToUpper(strings.ReplaceAll(lw, ".", ""))
		default:
			w = stripOrdinal(w)
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

// stripOrdinal turns "2nd", "1st", "1er", "1º" and "2." into the bare day
// number; other words come back as they were.
func stripOrdinal(w string) string {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 || i > 2 {
		return w
	}
	switch strings.ToLower(w[i:]) {
	case "st", "nd", "rd", "th", "er", "º", "ª", ".":
		return w[:i]
	}
	return w
}
