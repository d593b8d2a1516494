package country

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldMap maps a letter with diacritics to its folded ASCII form.
var foldMap = func() map[rune]string {
	m := make(map[rune]string, 520)
	for _, pair := range strings.Fields(foldPairs) {
		r, n := utf8.DecodeRuneInString(pair)
		m[r] = pair[n:]
	}
	return m
}()

// gap describes the characters between two tokens.
type gap uint8

const (
	gapComma    gap = 1 << iota // ,
	gapDot                      // .
	gapSentence                 // ! ? ; : and a full stop followed by space
	gapPara                     // a blank line
	gapBracket                  // ( ) [ ] « » quotes
	gapOther                    // anything else that is not space, hyphen or apostrophe
)

// token is one word of a text: a run of letters, digits and combining marks.
// Apostrophes and hyphens separate tokens, so "d’Ivoire", "d'Ivoire" and
// "Guinea-Bissau" read the same however they are typed.
type token struct {
	raw   string // as written
	fold  string // lower case, accents removed
	upper bool   // starts with an upper-case letter
	caps  bool   // every letter upper case, at least two letters
	gap   gap    // what separates it from the token before
	start int    // byte offset in the text
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	if unicode.Is(unicode.Lm, r) { // ʼ ʻ: apostrophes, not letters
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// tokenize splits s into tokens.
func tokenize(s string) []token {
	toks := make([]token, 0, len(s)/6)
	var g gap
	var b strings.Builder
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			g |= gapOf(s, i, r)
			i += n
			continue
		}
		start := i
		ascii, lower := true, true
		uppers, lowers := 0, 0
		for i < len(s) {
			r, n = utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) {
				break
			}
			switch {
			case 'A' <= r && r <= 'Z':
				lower = false
				uppers++
			case 'a' <= r && r <= 'z':
				lowers++
			case r >= utf8.RuneSelf:
				ascii = false
				if unicode.IsUpper(r) {
					uppers++
				} else if unicode.IsLower(r) {
					lowers++
				}
			}
			i += n
		}
		raw := s[start:i]
		t := token{raw: raw, gap: g, start: start}
		first, _ := utf8.DecodeRuneInString(raw)
		t.upper = unicode.IsUpper(first)
		t.caps = uppers >= 2 && lowers == 0
		switch {
		case ascii && lower:
			t.fold = raw
		case ascii:
			t.fold = strings.ToLower(raw)
		default:
			t.fold = foldString(&b, raw)
		}
		toks = append(toks, t)
		g = 0
	}
	return toks
}

// gapOf classifies the separator rune r at s[i].
func gapOf(s string, i int, r rune) gap {
	switch r {
	case ' ', '\t', '\u00a0', '\u202f', '\u2009', '-', '\u2010', '\u2011', '\'', '’', '‘', '`', '´', 'ʼ', 'ʻ':
		return 0
	case '\n':
		for j := i + 1; j < len(s); j++ {
			switch s[j] {
			case '\n':
				return gapPara
			case ' ', '\t', '\r':
				continue
			}
			break
		}
		return 0
	case '\r':
		return 0
	case ',':
		return gapComma
	case '.':
		if i+1 >= len(s) || s[i+1] == ' ' || s[i+1] == '\n' {
			return gapDot | gapSentence
		}
		return gapDot
	case '!', '?', ';', ':', '…':
		return gapSentence
	case '(', ')', '[', ']', '«', '»', '"', '“', '”', '„':
		return gapBracket
	case '–', '—':
		return gapOther
	}
	return gapOther
}

// foldString lower-cases s and removes its diacritics.
func foldString(b *strings.Builder, s string) string {
	b.Reset()
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
			// a combining mark of decomposed text: drop it
		default:
			if f, ok := foldMap[r]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
		}
	}
	return b.String()
}

// fold returns the folded tokens of s, for looking names up.
func fold(s string) []string {
	toks := tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.fold
	}
	return out
}
