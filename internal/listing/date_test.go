package listing

import (
	"testing"
	"time"
)

// TestParseDate pins the date forms partners write, language by language.
func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // RFC 3339 in UTC; "" for no date
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
	} {
		got, ok := ParseDate(c.in)
		if c.want == "" {
			if ok {
				t.Errorf("ParseDate(%q) = %v, want no date", c.in, got)
			}
			continue
		}
		if !ok {
			t.Errorf("ParseDate(%q): no date, want %s", c.in, c.want)
			continue
		}
		if s := got.Format(time.RFC3339); s != c.want || got.Location() != time.UTC {
			t.Errorf("ParseDate(%q) = %s (%v), want %s", c.in, s, got.Location(), c.want)
		}
	}
}
