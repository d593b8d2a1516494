// Package dates reads dates as news sites and feeds write them, in English,
// Spanish, French, Portuguese, German and Italian. It is shared by the
// article extractor (dates inside visible text), the listing reader (a
// string that holds a date) and the feed reader (feed date strings gofeed
// could not read). It uses the standard library only.
package dates

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxParseInput bounds the text Parse looks at: a date sits near the start
// of a short string, and a long paragraph is not a date.
const maxParseInput = 256

// Parse reads the first date in s and returns it in UTC (midnight when s has
// no time of day). Surrounding words are allowed ("Publié le 18 septembre
// 2017", "Posted on Sept. 18, 2017 by …"); only the first 256 bytes are
// read. Whole-string RFC 3339 and RFC 1123/822 dates keep their time and
// zone. Otherwise the forms are those of [Find], with ambiguous slashed
// dates read day-first.
func Parse(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) > maxParseInput {
		cut := maxParseInput
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	if s == "" {
		return time.Time{}, false
	}
	if strings.IndexByte(s, ':') > 0 { // every whole layout has a time
		for _, layout := range wholeLayouts {
			if t, err := time.Parse(layout, s); err == nil && plausibleYear(t.Year()) {
				return t.UTC(), true
			}
		}
	}
	t, _, ok := Find(s, false)
	if !ok {
		return time.Time{}, false
	}
	return t.UTC().Truncate(time.Second), true
}

// wholeLayouts are tried by Parse on the whole trimmed string first: they
// carry a time and zone that the scanner would drop.
var wholeLayouts = []string{
	time.RFC3339Nano,
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	time.RFC822Z,
	time.RFC822,
}

// Find returns the first date written in s, and the date as written there.
// It reads:
//
//   - ISO 8601 and its HTML forms: "2017-09-18", "2017-09-18T10:30:00+02:00",
//     "2017-09-18 10:30", "2017/09/18", "2017.09.18"; a dashed date keeps
//     its time of day and zone;
//   - numeric day-first dates: "18/09/2017", "18.09.2017", "18-09-2017",
//     "18.09.17" (two-digit years are 1970–2069). A date whose second number
//     is above 12 is read month-first ("09/18/2017"); an ambiguous slashed
//     one is read day-first unless monthFirst ("02/03/2020" is February 3rd
//     then). A run of numbers ("01.23.45.67.89") is not a date;
//   - month names and abbreviations (see [Month]) with the day before or
//     after the month, or year first, with ordinals and connectives between:
//     "18 September 2017", "Sept. 18, 2017", "September 18th, 2017", "1er
//     août 2020", "18 de setembro de 2017", "18. September 2017", "the 18th
//     of September 2017", "2017 September 18".
//
// Only years from 1900 to 2199 count. Dates without a time are midnight UTC.
func Find(s string, monthFirst bool) (t time.Time, raw string, ok bool) {
	toks := tokens(s)
	for i := range toks {
		if t, end, ok := dateAt(s, toks, i, monthFirst); ok {
			return t, strings.TrimSpace(s[toks[i].start:end]), true
		}
	}
	return time.Time{}, "", false
}

// token is a run of letters or of digits.
type token struct {
	s          string     // folded word, or the digits
	start, end int        // byte offsets in the input
	num        int        // value of a digit run of up to 4 digits, else -1
	width      int        // digits in a digit run, 0 for words
	month      time.Month // non-zero for a month name
	filler     bool       // a connective or ordinal suffix
}

func (t token) isDay() bool  { return t.width >= 1 && t.width <= 2 && t.num >= 1 && t.num <= 31 }
func (t token) isYear() bool { return t.width == 4 }

func tokens(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= '0' && r <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			v := -1
			if j-i <= 4 {
				v = 0
				for k := i; k < j; k++ {
					v = v*10 + int(s[k]-'0')
				}
			}
			toks = append(toks, token{s: s[i:j], start: i, end: j, num: v, width: j - i})
			i = j
		case unicode.IsLetter(r):
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) {
					break
				}
				j += n2
			}
			w := Fold(s[i:j])
			toks = append(toks, token{s: w, start: i, end: j, num: -1, month: monthNames[w], filler: fillers[w]})
			i = j
		default:
			i += n
		}
	}
	return toks
}

// sep returns the punctuation between tokens a and b, spaces removed.
func sep(s string, toks []token, a, b int) string {
	return strings.TrimSpace(s[toks[a].end:toks[b].start])
}

// skipFillers returns the index of the first token from j that is not a
// connective or an ordinal suffix.
func skipFillers(toks []token, j int) int {
	for j < len(toks) && toks[j].filler {
		j++
	}
	return j
}

func digitAt(s string, i int) bool { return i >= 0 && i < len(s) && s[i] >= '0' && s[i] <= '9' }

func isDateSep(c byte) bool { return c == '.' || c == '/' || c == '-' }

// dateAt reads a date starting at token i and returns where it ends.
func dateAt(s string, toks []token, i int, monthFirst bool) (time.Time, int, bool) {
	t := toks[i]
	if t.width > 0 {
		three := i+2 < len(toks) && toks[i+1].width > 0 && toks[i+2].width > 0
		// ISO: yyyy-mm-dd, yyyy/mm/dd, yyyy.mm.dd.
		if three && t.width == 4 && toks[i+1].width <= 2 && toks[i+2].width <= 2 {
			s1, s2 := sep(s, toks, i, i+1), sep(s, toks, i+1, i+2)
			if s1 == s2 && len(s1) == 1 && isDateSep(s1[0]) {
				if d, ok := mkDate(t.num, toks[i+1].num, toks[i+2].num); ok {
					if s1 == "-" {
						if full, end, ok := clock(s, toks[i+2].end, d); ok {
							return full, end, true
						}
					}
					return d, toks[i+2].end, true
				}
			}
		}
		// Numeric day-first: dd/mm/yyyy, dd.mm.yyyy, dd-mm-yyyy, and yy forms.
		if three && t.width <= 2 && toks[i+1].width <= 2 && (toks[i+2].width == 2 || toks[i+2].width == 4) {
			s1, s2 := sep(s, toks, i, i+1), sep(s, toks, i+1, i+2)
			start, end := t.start, toks[i+2].end
			// Part of a longer run of numbers ("01.23.45.67.89"), not a date.
			run := len(s1) == 1 && ((start >= 2 && s[start-1] == s1[0] && digitAt(s, start-2)) ||
				(end+1 < len(s) && s[end] == s1[0] && digitAt(s, end+1)))
			if s1 == s2 && len(s1) == 1 && isDateSep(s1[0]) && !run {
				year := toks[i+2].num
				if toks[i+2].width == 2 {
					if year < 70 {
						year += 2000
					} else {
						year += 1900
					}
				}
				a, b := t.num, toks[i+1].num
				day, month := a, b
				if s1 == "/" && (b > 12 || (monthFirst && a <= 12)) {
					day, month = b, a
				}
				if d, ok := mkDate(year, month, day); ok {
					return d, end, true
				}
			}
		}
		// Day before the month name: "18 September 2017", "1er août 2020",
		// "18 de setembro de 2017", "18th of Sept 2017".
		if t.isDay() {
			j := skipFillers(toks, i+1)
			if j < len(toks) && toks[j].month != 0 {
				k := skipFillers(toks, j+1)
				if k < len(toks) && toks[k].isYear() {
					if d, ok := mkDate(toks[k].num, int(toks[j].month), t.num); ok {
						return d, toks[k].end, true
					}
				}
			}
		}
		// Year first: "2017 September 18".
		if t.isYear() {
			j := skipFillers(toks, i+1)
			if j < len(toks) && toks[j].month != 0 {
				k := skipFillers(toks, j+1)
				if k < len(toks) && toks[k].isDay() {
					if d, ok := mkDate(t.num, int(toks[j].month), toks[k].num); ok {
						return d, toks[k].end, true
					}
				}
			}
		}
		return time.Time{}, 0, false
	}
	// Month name first: "September 18, 2017", "Sept. 18 2017", "March 2nd,
	// 2020"; "September 2017" is not a date.
	if t.month == 0 {
		return time.Time{}, 0, false
	}
	j := skipFillers(toks, i+1)
	if j >= len(toks) || !toks[j].isDay() {
		return time.Time{}, 0, false
	}
	k := skipFillers(toks, j+1)
	if k < len(toks) && toks[k].isYear() {
		if d, ok := mkDate(toks[k].num, int(t.month), toks[j].num); ok {
			return d, toks[k].end, true
		}
	}
	return time.Time{}, 0, false
}

// plausibleYear keeps obvious nonsense ("0001", "9999") out of dates.
func plausibleYear(y int) bool { return y >= 1900 && y <= 2199 }

// mkDate builds a UTC date, rejecting overflow ("31 February").
func mkDate(y, m, d int) (time.Time, bool) {
	if !plausibleYear(y) || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// clock reads an ISO time of day that follows a date at s[i:]: "T10:30",
// " 10:30:00", "T10:30:00.123+02:00", "T10:30:00 -0700", "T10:30Z". It
// returns the date with that time and its zone (UTC when none is written),
// and where the time ends.
func clock(s string, i int, d time.Time) (time.Time, int, bool) {
	if i >= len(s) || (s[i] != 'T' && s[i] != ' ') {
		return time.Time{}, 0, false
	}
	p := i + 1
	num := func(min, max int) (int, bool) {
		q := p
		for q < len(s) && q-p < max && digitAt(s, q) {
			q++
		}
		if q-p < min {
			return 0, false
		}
		v := 0
		for _, c := range s[p:q] {
			v = v*10 + int(c-'0')
		}
		p = q
		return v, true
	}
	h, ok := num(1, 2)
	if !ok || p >= len(s) || s[p] != ':' {
		return time.Time{}, 0, false
	}
	p++
	mi, ok := num(2, 2)
	if !ok || digitAt(s, p) {
		return time.Time{}, 0, false
	}
	sec, nsec := 0, 0
	if p+2 < len(s)+0 && s[p] == ':' && digitAt(s, p+1) && digitAt(s, p+2) && !digitAt(s, p+3) {
		p++
		sec, _ = num(2, 2)
		if p+1 < len(s) && (s[p] == '.' || s[p] == ',') && digitAt(s, p+1) {
			p++
			q, scale := p, 100000000
			for q < len(s) && digitAt(s, q) {
				nsec += int(s[q]-'0') * scale
				scale /= 10
				q++
			}
			p = q
		}
	}
	if h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, 0, false
	}
	loc := time.UTC
	switch z := p; {
	case z < len(s) && s[z] == 'Z':
		p = z + 1
	default:
		if z < len(s) && s[z] == ' ' {
			z++
		}
		if z < len(s) && (s[z] == '+' || s[z] == '-') {
			q := z + 1
			digits := ""
			for q < len(s) && len(digits) < 4 && (digitAt(s, q) || (s[q] == ':' && len(digits) == 2)) {
				if s[q] != ':' {
					digits += s[q : q+1]
				}
				q++
			}
			if len(digits) == 4 && !digitAt(s, q) {
				zh := int(digits[0]-'0')*10 + int(digits[1]-'0')
				zm := int(digits[2]-'0')*10 + int(digits[3]-'0')
				if zh < 24 && zm < 60 {
					off := zh*3600 + zm*60
					if s[z] == '-' {
						off = -off
					}
					loc = time.FixedZone("", off)
					p = q
				}
			}
		}
	}
	return time.Date(d.Year(), d.Month(), d.Day(), h, mi, sec, nsec, loc), p, true
}
