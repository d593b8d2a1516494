package listing

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxDateInput bounds the text ParseDate looks at: a date in a listing row
// sits near the start of a short string, and a long paragraph is not a date.
const maxDateInput = 256

// ParseDate reads a date as partners write it in listing pages and returns it
// in UTC (midnight when the text has no time). It reports false when s holds
// no complete date (day, month and year).
//
// It reads, anywhere in s, so that surrounding words are allowed ("Publié le
// 18 septembre 2017", "Posted on Sept. 18, 2017 by …"):
//
//   - whole-string RFC 3339 and RFC 1123/822 dates, with their time and zone;
//   - ISO dates and datetimes, "2017-09-18" and "2017-09-18T10:30:00+02:00",
//     and the slashed or dotted "2017/09/18";
//   - numeric day-first dates, "18/09/2017", "18.09.2017", "18-09-2017" and
//     two-digit years ("18.09.17", read as 2000–2069 or 1970–1999). Partners
//     are mostly outside the US, so day/month is the default: the month comes
//     first only when the first field is at most 12 and the second is over 12
//     ("09/18/2017");
//   - month names in English, Spanish, French, Portuguese, German (and
//     Italian), full or abbreviated, with or without a dot or accents, in the
//     orders partners use: "18 septembre 2017", "1er août 2020", "18 de
//     setembro de 2017", "18. September 2017", "Sept. 18, 2017", "September
//     18th, 2017", "2017 September 18".
//
// When several dates appear, the first one in the text wins.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) > maxDateInput {
		cut := maxDateInput
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
	best, bestPos := time.Time{}, -1
	try := func(t time.Time, pos int, ok bool) {
		if ok && (bestPos < 0 || pos < bestPos) {
			best, bestPos = t, pos
		}
	}
	try(isoDate(s))
	try(numericDate(s))
	try(namedDate(s))
	return best, bestPos >= 0
}

// wholeLayouts are tried on the whole trimmed string first: they carry a time
// and zone that the scanners below would drop.
var wholeLayouts = []string{
	time.RFC3339Nano,
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	time.RFC822Z,
	time.RFC822,
}

// plausibleYear keeps obvious nonsense ("0001", "9999") out of dates.
func plausibleYear(y int) bool { return y >= 1900 && y <= 2200 }

// date builds a UTC date, rejecting overflow ("31 February").
func date(y, m, d int) (time.Time, bool) {
	if !plausibleYear(y) || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

var isoRE = regexp.MustCompile(`(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s?(Z|[+-]\d{2}:?\d{2})?)?`)

// isoDate finds the first year-first date in s, with its time when written
// ISO-style.
func isoDate(s string) (time.Time, int, bool) {
	for _, m := range isoRE.FindAllStringSubmatchIndex(s, 4) {
		start, end := m[0], m[1]
		if digitAt(s, start-1) || (m[12] < 0 && digitAt(s, end)) {
			continue
		}
		sub := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return s[m[2*i]:m[2*i+1]]
		}
		if sub(2) != sub(4) {
			continue
		}
		y, _ := strconv.Atoi(sub(1))
		mo, _ := strconv.Atoi(sub(3))
		d, _ := strconv.Atoi(sub(5))
		t, ok := date(y, mo, d)
		if !ok {
			continue
		}
		if sub(6) != "" && sub(2) == "-" {
			h, _ := strconv.Atoi(sub(6))
			mi, _ := strconv.Atoi(sub(7))
			sec, _ := strconv.Atoi(sub(8))
			if h < 24 && mi < 60 && sec < 60 {
				loc := time.UTC
				if z := sub(9); z != "" && z != "Z" {
					zz := strings.ReplaceAll(z[1:], ":", "")
					zh, _ := strconv.Atoi(zz[:2])
					zm, _ := strconv.Atoi(zz[2:])
					off := zh*3600 + zm*60
					if z[0] == '-' {
						off = -off
					}
					loc = time.FixedZone("", off)
				}
				t = time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc).UTC()
			}
		}
		return t, start, true
	}
	return time.Time{}, 0, false
}

var numericRE = regexp.MustCompile(`(\d{1,2})([./-])(\d{1,2})([./-])(\d{2,4})`)

// numericDate finds the first day-first (or, when it must be, month-first)
// numeric date in s.
func numericDate(s string) (time.Time, int, bool) {
	for _, m := range numericRE.FindAllStringSubmatchIndex(s, 4) {
		start, end := m[0], m[1]
		if digitAt(s, start-1) || digitAt(s, end) {
			continue
		}
		// Part of a longer run of numbers ("01.23.45.67.89"), not a date.
		if start >= 2 && strings.ContainsRune("./-", rune(s[start-1])) && digitAt(s, start-2) {
			continue
		}
		if end+1 < len(s) && strings.ContainsRune("./-", rune(s[end])) && digitAt(s, end+1) {
			continue
		}
		if s[m[4]:m[5]] != s[m[8]:m[9]] {
			continue
		}
		a, _ := strconv.Atoi(s[m[2]:m[3]])
		b, _ := strconv.Atoi(s[m[6]:m[7]])
		ys := s[m[10]:m[11]]
		y, _ := strconv.Atoi(ys)
		switch len(ys) {
		case 2:
			if y < 70 {
				y += 2000
			} else {
				y += 1900
			}
		case 4:
		default:
			continue
		}
		d, mo := a, b
		if a <= 12 && b > 12 {
			d, mo = b, a
		}
		if t, ok := date(y, mo, d); ok {
			return t, start, true
		}
	}
	return time.Time{}, 0, false
}

// digitAt reports whether s[i] is an ASCII digit; false out of range.
func digitAt(s string, i int) bool { return i >= 0 && i < len(s) && s[i] >= '0' && s[i] <= '9' }

type dateToken struct {
	num   int        // value of a number token, -1 for words
	width int        // digits in a number token
	month time.Month // non-zero for a month name
	pos   int        // byte offset in the input
}

// namedDate finds the first date written with a month name.
func namedDate(s string) (time.Time, int, bool) {
	toks := dateTokens(s)
	for i := range toks {
		if i+2 >= len(toks) {
			break
		}
		a, b, c := toks[i], toks[i+1], toks[i+2]
		var y, m, d int
		switch {
		case a.isDay() && b.month != 0 && c.isYear(): // 18 septembre 2017
			d, m, y = a.num, int(b.month), c.num
		case a.month != 0 && b.isDay() && c.isYear(): // September 18, 2017
			d, m, y = b.num, int(a.month), c.num
		case a.isYear() && b.month != 0 && c.isDay(): // 2017 September 18
			d, m, y = c.num, int(b.month), a.num
		default:
			continue
		}
		if t, ok := date(y, m, d); ok {
			return t, a.pos, true
		}
	}
	return time.Time{}, 0, false
}

func (t dateToken) isDay() bool  { return t.num >= 1 && t.num <= 31 && t.width <= 2 }
func (t dateToken) isYear() bool { return t.width == 4 }

// dateTokens splits s into numbers, month names and other words, dropping
// connectives and ordinal suffixes ("de", "of", "1er", "2nd", "1º") so that
// the three parts of a date end up adjacent.
func dateTokens(s string) []dateToken {
	var toks []dateToken
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= '0' && r <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			n, w := 0, j-i
			if w <= 4 {
				n, _ = strconv.Atoi(s[i:j])
			} else {
				n = -1
			}
			toks = append(toks, dateToken{num: n, width: w, pos: i})
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(s) {
				r2, sz := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) {
					break
				}
				j += sz
			}
			w := foldWord(s[i:j])
			switch {
			case dateFiller[w]:
			case monthNames[w] != 0:
				toks = append(toks, dateToken{num: -1, month: monthNames[w], pos: i})
			default:
				toks = append(toks, dateToken{num: -1, pos: i})
			}
			i = j
		default:
			i += size
		}
	}
	return toks
}

// foldWord lower-cases a word and drops the accents month names carry.
func foldWord(w string) string {
	w = strings.ToLower(w)
	if !strings.ContainsFunc(w, func(r rune) bool { return r >= 0x80 }) {
		return w
	}
	return accentFolder.Replace(w)
}

var accentFolder = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ä", "a", "ã", "a",
	"ç", "c",
	"é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "ì", "i", "î", "i", "ï", "i",
	"ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o",
	"ú", "u", "ù", "u", "û", "u", "ü", "u",
	"ñ", "n",
)

// dateFiller are the words and ordinal suffixes that may sit between the
// parts of a date.
var dateFiller = map[string]bool{}

// monthNames maps folded month names and abbreviations in en, es, fr, pt,
// de and it to their month.
var monthNames = map[string]time.Month{}

func init() {
	names := [12]string{
		"january jan enero ene janvier janv janeiro januar janner jaenner gennaio",
		"february feb febrero fevrier fevr fev fevereiro februar febbraio",
		"march mar marzo mars marco marz maerz mrz",
		"april apr abril abr avril avr aprile",
		"may mayo mai maio maggio",
		"june jun junio juin junho juni giugno",
		"july jul julio juillet juil julho juli luglio",
		"august aug agosto ago aout",
		"september sep sept septiembre setiembre set septembre setembro settembre",
		"october oct octubre octobre outubro out oktober okt ottobre",
		"november nov noviembre novembre novembro",
		"december dec diciembre dic decembre dezembro dez dezember dicembre",
	}
	for i, ns := range names {
		for _, n := range strings.Fields(ns) {
			monthNames[n] = time.Month(i + 1)
		}
	}
	// Connectives between date parts, and ordinal suffixes split off a
	// number by the tokenizer ("1er" → "1", "er").
	for _, w := range strings.Fields("de del do da of the le la el em im am den dem on en er re st nd rd th o a º ª e") {
		dateFiller[w] = true
	}
}
