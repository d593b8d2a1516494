package extract

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ParseDate finds the first date written in s and returns it. It reads
// what article pages show and what their markup carries:
//
//   - ISO 8601 and its HTML forms: "2017-09-18", "2017-09-18T10:30:00+02:00",
//     "2017-09-18 10:30", "2017/09/18";
//   - numeric day-first dates: "18/09/2017", "18.09.2017", "18-09-2017",
//     "18/09/17"; a slashed date whose second number is above 12 is read
//     month-first ("09/18/2017"), and one that could be either is read
//     day-first, as everywhere but the United States writes it (Extract
//     reads en-US pages month-first);
//   - month names and abbreviations in English, French, Spanish,
//     Portuguese and German, with the day before or after the month:
//     "18 September 2017", "Sept. 18, 2017", "Monday, March 2, 2020",
//     "18 septembre 2017", "1er août 2020", "18 de setembro de 2017",
//     "18. September 2017", "Mar 12, 2019".
//
// Surrounding words are ignored ("Publié le 1er août 2020", "Posted
// Monday, March 2, 2020 by …"). Only years from 1900 to 2199 count, so that
// other numbers are not taken for dates. A time of day and a zone are kept
// when the ISO form gives them; other dates are midnight UTC.
func ParseDate(s string) (time.Time, bool) {
	return parseDate(s, false)
}

// parseDate is ParseDate with the reading of ambiguous slashed dates chosen:
// monthFirst reads "02/03/2020" as February 3rd.
func parseDate(s string, monthFirst bool) (time.Time, bool) {
	t, _, ok := findDate(s, monthFirst)
	return t, ok
}

// findDate is parseDate that also returns the date as written in s.
func findDate(s string, monthFirst bool) (time.Time, string, bool) {
	toks := dateTokens(s)
	for i := range toks {
		if t, end, ok := dateAt(s, toks, i, monthFirst); ok {
			return t, strings.TrimSpace(s[toks[i].start:end]), true
		}
	}
	return time.Time{}, "", false
}

// dateToken is a run of letters or of digits in a date string, with the
// byte that follows it.
type dateToken struct {
	s          string // lower-cased word or digits
	start, end int    // byte offsets in the input
	num        int    // value of a digit run, -1 for words
	next       byte   // the byte right after the token, 0 at the end
}

func dateTokens(s string) []dateToken {
	var toks []dateToken
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r < utf8.RuneSelf && r >= '0' && r <= '9':
			j := i
			v := 0
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				if j-i < 9 {
					v = v*10 + int(s[j]-'0')
				}
				j++
			}
			toks = append(toks, dateToken{s: s[i:j], start: i, end: j, num: v})
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
			toks = append(toks, dateToken{s: strings.ToLower(s[i:j]), start: i, end: j, num: -1})
			i = j
		default:
			i += n
		}
	}
	for k := range toks {
		if toks[k].end < len(s) {
			toks[k].next = s[toks[k].end]
		}
	}
	return toks
}

// sep returns the punctuation between tokens a and b (exclusive), spaces
// removed.
func sep(s string, toks []dateToken, a, b int) string {
	return strings.TrimSpace(s[toks[a].end:toks[b].start])
}

// dateAt tries to read a date starting at token i; end is the byte offset
// where it ends.
func dateAt(s string, toks []dateToken, i int, monthFirst bool) (t time.Time, end int, ok bool) {
	d, last, ok := dateAtTok(s, toks, i, monthFirst)
	if !ok {
		return time.Time{}, 0, false
	}
	if last < 0 { // ISO date-time: -last is its length
		return d, toks[i].start - last, true
	}
	return d, toks[last].end, true
}

// dateAtTok reads a date at token i and returns the index of its last
// token, or minus the byte length of an ISO date-time.
func dateAtTok(s string, toks []dateToken, i int, monthFirst bool) (time.Time, int, bool) {
	t := toks[i]
	if t.num >= 0 {
		// ISO: yyyy-mm-dd or yyyy/mm/dd.
		if len(t.s) == 4 && i+2 < len(toks) && toks[i+1].num >= 0 && toks[i+2].num >= 0 {
			s1, s2 := sep(s, toks, i, i+1), sep(s, toks, i+1, i+2)
			if (s1 == "-" && s2 == "-") || (s1 == "/" && s2 == "/") || (s1 == "." && s2 == ".") {
				if d, ok := mkDate(t.num, toks[i+1].num, toks[i+2].num); ok && len(toks[i+1].s) <= 2 && len(toks[i+2].s) <= 2 {
					if s1 == "-" {
						if full, n, ok := isoTime(s[t.start:]); ok {
							return full, -n, true
						}
					}
					return d, i + 2, true
				}
			}
		}
		// Numeric day-first: dd/mm/yyyy, dd.mm.yyyy, dd-mm-yyyy, and yy forms.
		if len(t.s) <= 2 && i+2 < len(toks) && toks[i+1].num >= 0 && toks[i+2].num >= 0 && len(toks[i+1].s) <= 2 {
			s1, s2 := sep(s, toks, i, i+1), sep(s, toks, i+1, i+2)
			if s1 == s2 && (s1 == "/" || s1 == "." || s1 == "-") {
				y := toks[i+2]
				year := y.num
				switch len(y.s) {
				case 4:
				case 2:
					year += 2000
				default:
					return time.Time{}, 0, false
				}
				a, b := t.num, toks[i+1].num
				day, month := a, b
				if s1 == "/" && (b > 12 || (monthFirst && a <= 12)) {
					day, month = b, a
				}
				if d, ok := mkDate(year, month, day); ok {
					return d, i + 2, true
				}
			}
		}
		// Day before the month name: "18 September 2017", "18. September
		// 2017", "1er août 2020", "18 de setembro de 2017", "18th Sept 2017".
		if t.num >= 1 && t.num <= 31 && len(t.s) <= 2 {
			j := i + 1
			if j < len(toks) && ordinalSuffix[toks[j].s] && toks[j].start == t.end {
				j++
			}
			if j < len(toks) && (toks[j].s == "de" || toks[j].s == "of") {
				j++
			}
			if j < len(toks) {
				if m, ok := months[toks[j].s]; ok {
					if y, k, ok := yearAfter(toks, j+1); ok {
						if d, ok := mkDate(y, m, t.num); ok {
							return d, k, true
						}
					}
				}
			}
		}
		return time.Time{}, 0, false
	}
	// Month name first: "September 18, 2017", "Sept. 18 2017", "March 2nd,
	// 2020", and "September 2017" is not a date.
	m, ok := months[t.s]
	if !ok || i+1 >= len(toks) {
		return time.Time{}, 0, false
	}
	d := toks[i+1]
	if d.num < 1 || d.num > 31 || len(d.s) > 2 {
		return time.Time{}, 0, false
	}
	j := i + 2
	if j < len(toks) && ordinalSuffix[toks[j].s] && toks[j].start == d.end {
		j++
	}
	if y, k, ok := yearAfter(toks, j); ok {
		if dt, ok := mkDate(y, m, d.num); ok {
			return dt, k, true
		}
	}
	return time.Time{}, 0, false
}

// yearAfter reads a four-digit year at token j, skipping a "de", and
// returns its token index.
func yearAfter(toks []dateToken, j int) (int, int, bool) {
	if j < len(toks) && toks[j].s == "de" {
		j++
	}
	if j < len(toks) && toks[j].num >= 0 && len(toks[j].s) == 4 {
		return toks[j].num, j, true
	}
	return 0, 0, false
}

func mkDate(y, m, d int) (time.Time, bool) {
	if y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 31 February
		return time.Time{}, false
	}
	return t, true
}

// isoLayouts are the ISO 8601 forms with a time of day, longest first.
var isoLayouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05.999999999-0700",
	"2006-01-02T15:04:05-0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05-0700",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
}

// isoTime parses an ISO date-time at the start of s and returns its length.
func isoTime(s string) (time.Time, int, bool) {
	end := len(s)
	for i, r := range s {
		if r != ' ' && r != 'T' && r != ':' && r != '-' && r != '+' && r != '.' && r != 'Z' && (r < '0' || r > '9') {
			end = i
			break
		}
	}
	v := strings.TrimSpace(s[:end])
	for _, l := range isoLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t, len(v), true
		}
	}
	return time.Time{}, 0, false
}

var ordinalSuffix = map[string]bool{"st": true, "nd": true, "rd": true, "th": true, "er": true, "e": true, "º": true, "ª": true, "o": true, "a": true}

// months maps month names and abbreviations in en, fr, es, pt and de to
// their number. Abbreviations may be followed by a full stop, which the
// tokenizer drops.
var months = func() map[string]int {
	m := map[string]int{}
	add := func(n int, names ...string) {
		for _, s := range names {
			m[s] = n
		}
	}
	add(1, "january", "jan", "janvier", "janv", "enero", "ene", "janeiro", "januar", "jänner", "jaenner")
	add(2, "february", "feb", "febr", "février", "fevrier", "févr", "fevr", "febrero", "fevereiro", "fev", "februar")
	add(3, "march", "mar", "mars", "marzo", "março", "marco", "märz", "maerz", "mär", "mrz")
	add(4, "april", "apr", "avril", "avr", "abril", "abr")
	add(5, "may", "mai", "mayo", "maio")
	add(6, "june", "jun", "juin", "junio", "junho", "juni")
	add(7, "july", "jul", "juillet", "juil", "julio", "julho", "juli")
	add(8, "august", "aug", "août", "aout", "agosto", "ago")
	add(9, "september", "sep", "sept", "septembre", "septiembre", "setiembre", "setembro", "set")
	add(10, "october", "oct", "octobre", "octubre", "outubro", "out", "oktober", "okt")
	add(11, "november", "nov", "novembre", "noviembre", "novembro")
	add(12, "december", "dec", "décembre", "decembre", "déc", "diciembre", "dic", "dezembro", "dez", "dezember")
	return m
}()
