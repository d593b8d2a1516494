package dates

import (
	"strings"
	"testing"
	"time"
)

// parseCases pin the date forms partners write, language by language. Each
// is run through Parse (want: RFC 3339 in UTC, "" for no date) and, when the
// string is not a whole RFC 1123 date, through Find with the same result in
// UTC.
var parseCases = []struct {
	in   string
	want string
}{
	// English
	{"September 18, 2017", "2017-09-18T00:00:00Z"},
	{"Sept. 18, 2017", "2017-09-18T00:00:00Z"},
	{"Sep 18 2017", "2017-09-18T00:00:00Z"},
	{"18 Sep 2017", "2017-09-18T00:00:00Z"},
	{"18th September 2017", "2017-09-18T00:00:00Z"},
	{"August 21st, 2017", "2017-08-21T00:00:00Z"},
	{"Posted on Monday, 18 September 2017 by Admin", "2017-09-18T00:00:00Z"},
	{"2017 September 18", "2017-09-18T00:00:00Z"},
	// Spanish
	{"18 de septiembre de 2017", "2017-09-18T00:00:00Z"},
	{"18 de setiembre de 2017", "2017-09-18T00:00:00Z"},
	{"lunes, 2 de enero de 2024", "2024-01-02T00:00:00Z"},
	{"7 febrero, 2024", "2024-02-07T00:00:00Z"},
	{"15 dic. 2023", "2023-12-15T00:00:00Z"},
	// French
	{"18 septembre 2017", "2017-09-18T00:00:00Z"},
	{"1er août 2020", "2020-08-01T00:00:00Z"},
	{"Publié le 3 févr. 2021", "2021-02-03T00:00:00Z"},
	{"mercredi 24 décembre 2014", "2014-12-24T00:00:00Z"},
	{"12 janv. 2026", "2026-01-12T00:00:00Z"},
	// Portuguese
	{"18 de setembro de 2017", "2017-09-18T00:00:00Z"},
	{"1º de maio de 2020", "2020-05-01T00:00:00Z"},
	{"21 ago. 2017", "2017-08-21T00:00:00Z"},
	{"Publicado em 2 de março de 2022", "2022-03-02T00:00:00Z"},
	{"10 out 2019", "2019-10-10T00:00:00Z"},
	// German
	{"18. September 2017", "2017-09-18T00:00:00Z"},
	{"Mittwoch, 18. Oktober 2017", "2017-10-18T00:00:00Z"},
	{"3. Okt. 2017", "2017-10-03T00:00:00Z"},
	{"am 1. März 2018", "2018-03-01T00:00:00Z"},
	{"12. Dez 2019", "2019-12-12T00:00:00Z"},
	{"5. Jänner 2021", "2021-01-05T00:00:00Z"},
	// Italian, for good measure
	{"18 settembre 2017", "2017-09-18T00:00:00Z"},
	// Numeric, day first unless it cannot be
	{"18/09/2017", "2017-09-18T00:00:00Z"},
	{"05/09/2017", "2017-09-05T00:00:00Z"}, // ambiguous: day first
	{"09/28/2017", "2017-09-28T00:00:00Z"}, // second field > 12: month first
	{"18.09.2017", "2017-09-18T00:00:00Z"},
	{"18.9.2017", "2017-09-18T00:00:00Z"},
	{"18-09-2017", "2017-09-18T00:00:00Z"},
	{"18.09.17", "2017-09-18T00:00:00Z"},
	{"Datum: 18.09.2017, 10:30 Uhr", "2017-09-18T00:00:00Z"},
	// ISO and machine forms
	{"2017-09-18", "2017-09-18T00:00:00Z"},
	{"2017/09/18", "2017-09-18T00:00:00Z"},
	{"2017-09-18T10:30:00+02:00", "2017-09-18T08:30:00Z"},
	{"2017-09-18T10:30:00Z", "2017-09-18T10:30:00Z"},
	{"2017-09-18 10:30", "2017-09-18T10:30:00Z"},
	{"2024-03-05T09:12:00.000+0000", "2024-03-05T09:12:00Z"},
	{"Mon, 18 Sep 2017 10:30:00 +0200", "2017-09-18T08:30:00Z"},
	{"Posted on 2017-07-30T16:45:00+02:00", "2017-07-30T14:45:00Z"},
	// The first date wins
	{"18 septembre 2017 (mis à jour le 2018-01-02)", "2017-09-18T00:00:00Z"},
	// Not dates
	{"", ""},
	{"September 2017", ""},
	{"18 September", ""},
	{"31 février 2021", ""},
	{"2017-13-01", ""},
	{"32/01/2017", ""},
	{"Page 1 of 12", ""},
	{"Call 01.23.45.67.89", ""},
	{"In 2014, the town fell", ""},
	{"il y a 3 jours", ""},
	{"ID 123456789", ""},
	{"9999-01-01", ""},
	// Italian and year-first, in every reader
	{"18 settembre 2017", "2017-09-18T00:00:00Z"},
	{"5 ott. 2022", "2022-10-05T00:00:00Z"},
	{"2017 September 18", "2017-09-18T00:00:00Z"},
	// A range: the first date
	{"10/05/2019-12/05/2019", "2019-05-10T00:00:00Z"},
}

func TestParse(t *testing.T) {
	for _, c := range parseCases {
		got, ok := Parse(c.in)
		if c.want == "" {
			if ok {
				t.Errorf("Parse(%q) = %v, want no date", c.in, got)
			}
			continue
		}
		if !ok {
			t.Errorf("Parse(%q): no date, want %s", c.in, c.want)
			continue
		}
		if s := got.Format(time.RFC3339); s != c.want || got.Location() != time.UTC {
			t.Errorf("Parse(%q) = %s (%v), want %s", c.in, s, got.Location(), c.want)
		}
	}
}

// TestFindAgreesWithParse runs parseCases through Find, which differs from
// Parse only in keeping the zone and in not reading whole RFC 1123 strings.
func TestFindAgreesWithParse(t *testing.T) {
	for _, c := range parseCases {
		if c.in == "Mon, 18 Sep 2017 10:30:00 +0200" {
			continue
		}
		got, _, ok := Find(c.in, false)
		s := ""
		if ok {
			s = got.UTC().Format(time.RFC3339)
		}
		if s != c.want {
			t.Errorf("Find(%q) = %q, want %q", c.in, s, c.want)
		}
	}
}

// TestFind pins what the article extractor reads in visible text; the zone
// of an ISO date-time is kept.
func TestFind(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339, "" for no date
	}{
		{"18 September 2017", "2017-09-18T00:00:00Z"},
		{"September 18th, 2017", "2017-09-18T00:00:00Z"},
		{"18th Sept 2017", "2017-09-18T00:00:00Z"},
		{"the 18th of September 2017", "2017-09-18T00:00:00Z"},
		{"Donnerstag, 18. September 2017", "2017-09-18T00:00:00Z"},
		{"quinta-feira, 18 de setembro de 2017", "2017-09-18T00:00:00Z"},
		{"09/18/2017", "2017-09-18T00:00:00Z"}, // second number above 12: month first
		{"02/03/2020", "2020-03-02T00:00:00Z"}, // ambiguous: day first
		{"18/09/17", "2017-09-18T00:00:00Z"},
		{"2017-09-18T10:30:00+02:00", "2017-09-18T10:30:00+02:00"},
		{"2017-09-18T10:30:00.123Z", "2017-09-18T10:30:00Z"},
		{"Publié le 1er août 2020", "2020-08-01T00:00:00Z"},
		{"1º de maio de 2021", "2021-05-01T00:00:00Z"},
		{"3. März 2020", "2020-03-03T00:00:00Z"},
		{"Posted Monday, March 2, 2020 by Grace Adeyemi", "2020-03-02T00:00:00Z"},
		{"Vie, 27/04/2018 - 10:15", "2018-04-27T00:00:00Z"},
		{"Mar 12, 2019", "2019-03-12T00:00:00Z"},
		{"12 déc. 2023", "2023-12-12T00:00:00Z"},
		{"5 okt 2022", "2022-10-05T00:00:00Z"},
		{"31 February 2020", ""},
		{"Call 1-800-555-0142", ""},
		{"version 2.4.1", ""},
		{"3 min read", ""},
		{"Mon, 18 Sep 2017 10:30:00 +0200", "2017-09-18T00:00:00Z"}, // the date only
	}
	for _, tt := range tests {
		got, _, ok := Find(tt.in, false)
		s := ""
		if ok {
			s = got.Format(time.RFC3339)
		}
		if s != tt.want {
			t.Errorf("Find(%q) = %q, want %q", tt.in, s, tt.want)
		}
	}
	if got, _, _ := Find("02/03/2020", true); got.Month() != time.February {
		t.Errorf("month-first 02/03/2020 = %v", got)
	}
	if got, _, _ := Find("13/03/2020", true); got.Month() != time.March {
		t.Errorf("month-first 13/03/2020 = %v", got)
	}
}

func TestFindRaw(t *testing.T) {
	for in, want := range map[string]string{
		"Publié le 1er août 2020 par Marie":       "1er août 2020",
		"Posted Monday, March 2, 2020 by Grace":   "March 2, 2020",
		"Vie, 27/04/2018 - 10:15":                 "27/04/2018",
		"Updated 2017-09-18T10:30:00+02:00 today": "2017-09-18T10:30:00+02:00",
		"the 18th of September 2017.":             "18th of September 2017",
		"no date here":                            "",
	} {
		if _, raw, _ := Find(in, false); raw != want {
			t.Errorf("Find(%q) raw = %q, want %q", in, raw, want)
		}
	}
}

func TestMonth(t *testing.T) {
	for in, want := range map[string]time.Month{
		"September": 9, "Sept.": 9, "sept": 9, "septembre": 9, "septiembre": 9, "setembro": 9, "settembre": 9,
		"März": 3, "mär": 3, "Mrz": 3, "févr.": 2, "FÉVRIER": 2, "Jänner": 1, "gennaio": 1, "août": 8, "aoû": 8,
		"dic.": 12, "Dezember": 12, "okt": 10, "ott": 10, "out": 10, "maio": 5, "maggio": 5,
	} {
		if got, ok := Month(in); !ok || got != want {
			t.Errorf("Month(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "the", "monday", "janvierr", "1er"} {
		if got, ok := Month(in); ok {
			t.Errorf("Month(%q) = %v, want none", in, got)
		}
	}
}

// TestParseTime pins the feed date strings gofeed cannot read.
func TestParseTime(t *testing.T) {
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
		{"15 de enero de 2024", utc(2024, 1, 15, 0, 0)},
		{"Mon, 15 Jan 2024 10:30:00 EAT", utc(2024, 1, 15, 7, 30)},
		{"giovedì 5 ott. 2024", utc(2024, 10, 5, 0, 0)},
		{"Pentecost Sunday", time.Time{}},
		{"Pentecost", time.Time{}},
		{"yesterday", time.Time{}},
		{"", time.Time{}},
		{"32 January 2024", time.Time{}},
	}
	for _, tt := range tests {
		got, ok := ParseTime(tt.in)
		if tt.want.IsZero() {
			if ok {
				t.Errorf("ParseTime(%q) = %v, want no date", tt.in, got)
			}
			continue
		}
		if !ok || !got.Equal(tt.want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
	if off, ok := ZoneOffset("IST"); !ok || off != 5*3600+1800 {
		t.Errorf("ZoneOffset(IST) = %d, %v", off, ok)
	}
}

// FuzzParse checks that the readers never panic, that Parse returns a UTC
// time in a plausible year or the zero time, and that Find's raw string is
// in its input.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"18 septembre 2017", "1er août 2020", "Sept. 18, 2017", "18/09/2017",
		"2017-09-18T10:30:00+02:00", "18. September 2017", "18 de setembro de 2017", "Mon, 18 Sep 2017 10:30:00 +0200",
		"01.23.45.67.89", "2017-09-18T25:61:00+99:99", "9999999999-1-1", "2017-09-18T10:30:00.123456789999Z",
		"lunes, 15 de enero de 2024 10:30", "Jan. 15, 2024 3:30 pm"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := Parse(s)
		if !ok {
			if !d.IsZero() {
				t.Errorf("Parse(%q) = %v, false: want the zero time", s, d)
			}
		} else if d.Location() != time.UTC || d.Year() < 1899 || d.Year() > 2201 {
			t.Errorf("Parse(%q) = %v", s, d)
		}
		for _, mf := range []bool{false, true} {
			d, raw, ok := Find(s, mf)
			if ok != (raw != "") || (ok && !strings.Contains(s, raw)) || (ok && (d.Year() < 1900 || d.Year() > 2199)) {
				t.Errorf("Find(%q, %v) = %v, %q, %v", s, mf, d, raw, ok)
			}
		}
		ParseTime(s)
	})
}
