package feed

import (
	"strings"
	"time"
	"unicode"
)

// feedDate turns a date as the feed wrote it, and gofeed's parse of it, into
// a UTC time and the trimmed raw string. gofeed's value wins (unless the
// date names a zone gofeed reads as UTC, see foreignZone); a string gofeed
// could not read is tried with parseDate; failing that, the time is zero and
// only the raw string is kept.
func feedDate(raw string, parsed *time.Time) (time.Time, string) {
	raw = strings.TrimSpace(raw)
	if parsed != nil && !parsed.IsZero() {
		if foreignZone(raw) {
			if t, ok := parseDate(raw); ok {
				return t.UTC(), raw
			}
		}
		return parsed.UTC(), raw
	}
	if raw == "" {
		return time.Time{}, ""
	}
	if t, ok := parseDate(raw); ok {
		return t.UTC(), raw
	}
	return time.Time{}, raw
}

// foreignZone reports whether a date ends in a zone abbreviation that
// gofeed reads as UTC but zoneOffsets knows, such as SAST or EAT: parseDate
// reads those right.
func foreignZone(raw string) bool {
	f := strings.Fields(raw)
	if len(f) == 0 {
		return false
	}
	zone := f[len(f)-1]
	_, known := zoneOffsets[zone]
	return known && !gofeedZones[zone]
}

// gofeedZones are the zone abbreviations gofeed resolves itself.
var gofeedZones = map[string]bool{
	"UT": true, "GMT": true, "UTC": true, "Z": true, "EST": true, "EDT": true, "CST": true,
	"CDT": true, "MST": true, "MDT": true, "PST": true, "PDT": true, "WET": true,
	"WEST": true, "BST": true, "CET": true, "CEST": true, "EET": true, "EEST": true,
}

// parseDate reads the dates gofeed's long layout list misses, which partner
// CMSs do write: month and weekday names in Spanish, French, Portuguese,
// German and Italian ("lunes, 2 de enero de 2024"), ordinals ("January 2nd,
// 2024"), abbreviations with a dot ("Jan. 2, 2024"), 12-hour clocks in lower
// case, and zone names gofeed does not know. The string is first reduced to
// English words without commas, weekdays or connectives ("2 January 2024"),
// then tried against dateLayouts. Dates without a zone are read as UTC.
func parseDate(s string) (time.Time, bool) {
	n := normaliseDate(s)
	if n == "" {
		return time.Time{}, false
	}
	for _, layout := range dateLayouts {
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

// dateLayouts are tried, in order, on a string normaliseDate has reduced:
// English full month names, no commas or weekdays, single spaces.
var dateLayouts = []string{
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

// months maps month names and abbreviations, in the languages partners
// write, to the English name time.Parse reads.
var months = map[string]string{}

// dateNoise are the words dropped from a date: weekdays and connectives
// ("de", "à", "um", "at") in the same languages.
var dateNoise = map[string]bool{}

func init() {
	names := [12][]string{
		{"january", "jan", "enero", "ene", "janvier", "janv", "janeiro", "januar", "jänner", "gennaio", "gen"},
		{"february", "feb", "febrero", "février", "fevrier", "févr", "fevr", "fév", "fev", "fevereiro", "februar", "febbraio"},
		{"march", "mar", "marzo", "mars", "março", "marco", "märz", "marz", "mär"},
		{"april", "apr", "abril", "abr", "avril", "avr", "aprile"},
		{"may", "mayo", "mai", "maio", "maggio", "mag"},
		{"june", "jun", "junio", "juin", "junho", "juni", "giugno", "giu"},
		{"july", "jul", "julio", "juillet", "juil", "julho", "juli", "luglio", "lug"},
		{"august", "aug", "agosto", "ago", "août", "aout", "aoû"},
		{"september", "sep", "sept", "septiembre", "setiembre", "set", "septembre", "setembro", "settembre"},
		{"october", "oct", "octubre", "octobre", "outubro", "out", "oktober", "okt", "ottobre", "ott"},
		{"november", "nov", "noviembre", "novembre", "novembro"},
		{"december", "dec", "diciembre", "dic", "décembre", "decembre", "déc", "dezembro", "dez", "dezember", "dicembre"},
	}
	for i, ns := range names {
		for _, n := range ns {
			months[n] = time.Month(i + 1).String()
		}
	}
	for _, w := range strings.Fields(`
		monday mon tuesday tue tues wednesday wed thursday thu thurs friday fri saturday sat sunday sun
		lunes martes miércoles miercoles jueves viernes sábado sabado domingo
		lundi mardi mercredi jeudi vendredi samedi dimanche
		segunda-feira terça-feira terca-feira quarta-feira quinta-feira sexta-feira
		montag dienstag mittwoch donnerstag freitag samstag sonntag
		lunedì lunedi martedì martedi mercoledì mercoledi giovedì giovedi venerdì venerdi sabato
		de del le à a las às um at on uhr h the of`) {
		dateNoise[w] = true
	}
}

// normaliseDate reduces a date to what dateLayouts read; see parseDate.
func normaliseDate(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '('); i > 0 { // "… +0000 (UTC)"
		s = s[:i]
	}
	words := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	out := words[:0]
	for _, w := range words {
		lw := strings.ToLower(strings.TrimSuffix(w, "."))
		switch {
		case dateNoise[lw]:
			continue
		case months[lw] != "":
			w = months[lw]
		case lw == "am" || lw == "pm" || lw == "a.m" || lw == "p.m":
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
