package dedupe

import (
	"bytes"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Threshold is the largest Hamming distance between two fingerprints that
// [Similar] accepts. TestThreshold measures it on short reports (about 170
// words) republished by three partners: with one light edit (a new title,
// an intro line, a closing appeal, an added sentence, other punctuation or
// spelling) copies are at most 10 bits apart, and 94% of copies with
// several edits at once are within 14; different stories, on the same
// country or under one partner's intro and appeal, are 19 bits apart or
// more. 14 leaves at least 4 bits on either side. (Without the weighting
// described at [Fingerprint], a copy with a closing appeal reached 17 bits
// and different stories came as close as 19: no threshold had a margin.)
const Threshold = 14

// MinWords is how many words both texts need before [Groups] compares them
// by fingerprint: a short summary is mostly boilerplate and its
// fingerprint says little.
const MinWords = 80

// Fingerprint returns the 64-bit SimHash of text. The text is
// lower-cased, accents are folded ("Eritréa" is "eritrea"), and each run of
// letters and digits is a word; every three consecutive words (a shingle)
// vote on each bit of the fingerprint with its hash. Texts that share most
// shingles have fingerprints a few bits apart; see [Similar]. Text without
// words has fingerprint 0.
//
// Shingles near either end of the text vote with less weight, rising from
// 1/8 at the first and last shingle to full weight 90 words in:
// partners put their own words (an intro line, a prayer appeal, a call to
// give) around a story they republish, so the middle of a text says most
// about which story it is.
//
// Scripts written without spaces between words (Chinese, Japanese, Thai)
// give a few long "words" and fingerprints that say little.
func Fingerprint(text string) uint64 {
	var s shingler
	fp, _ := s.fingerprint(text)
	return fp
}

// TextFingerprint returns the fingerprint [Groups] compares an item by:
// the [Fingerprint] of its text (content, or summary when content is
// empty, without HTML and without the closing "Originally published by …"
// paragraph), or 0 when that text has fewer than [MinWords] words. Store
// it with the item (model.Item.Fingerprint), so that finding duplicates
// needs no text. (A long text whose SimHash happens to be 0, one chance in
// 2⁶⁴, is treated as short.)
func TextFingerprint(content, summary string) uint64 {
	var s shingler
	return s.textFingerprint(content, summary)
}

func (s *shingler) textFingerprint(content, summary string) uint64 {
	fp, words := s.fingerprint(plainText(itemHTML(content, summary)))
	if words < MinWords {
		return 0
	}
	return fp
}

// edgeWords is how far from either end of a text a shingle's weight keeps
// rising: about a paragraph, longer than most intros and appeals.
const edgeWords = 90

// Similar reports whether two fingerprints are at most [Threshold] bits
// apart.
func Similar(a, b uint64) bool {
	return Distance(a, b) <= Threshold
}

// Distance returns the Hamming distance between two fingerprints: the
// number of bits in which they differ, 0 to 64.
func Distance(a, b uint64) int {
	return bits.OnesCount64(a ^ b)
}

// shingler computes fingerprints, reusing its buffer of shingle hashes.
type shingler struct{ hashes []uint64 }

// fingerprint returns the fingerprint of text and its number of words.
func (s *shingler) fingerprint(text string) (fp uint64, words int) {
	s.hashes = s.hashes[:0]
	var w0, w1 uint64 // the two words before the current one
	h := uint64(fnvOffset)
	inWord := false
	endWord := func() {
		words++
		if words >= 3 {
			s.hashes = append(s.hashes, mix(w0^bits.RotateLeft64(w1, 21)^bits.RotateLeft64(h, 42)))
		}
		w0, w1 = w1, h
		h = fnvOffset
		inWord = false
	}
	for i := 0; i < len(text); {
		r, n := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(text[i:])
		}
		i += n
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			h = fnvByte(h, byte(r))
			inWord = true
		case 'A' <= r && r <= 'Z':
			h = fnvByte(h, byte(r+'a'-'A'))
			inWord = true
		case r < utf8.RuneSelf:
			if inWord {
				endWord()
			}
		case unicode.Is(unicode.Mn, r):
			// A combining accent, as in decomposed text: folded away.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
			if f, ok := folds[r]; ok {
				for j := 0; j < len(f); j++ {
					h = fnvByte(h, f[j])
				}
			} else {
				var buf [utf8.UTFMax]byte
				for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
					h = fnvByte(h, c)
				}
			}
			inWord = true
		default:
			if inWord {
				endWord()
			}
		}
	}
	if inWord {
		endWord()
	}
	if words > 0 && words < 3 {
		// Too short for a shingle: the words themselves are the only one.
		s.hashes = append(s.hashes, mix(w0^bits.RotateLeft64(w1, 21)))
	}

	var sh simhash
	n := len(s.hashes)
	for i, h := range s.hashes {
		edge := min(i, n-1-i) // shingles between this one and the nearer end
		w := 1 + (maxWeight-1)*min(edge, edgeWords)/edgeWords
		sh.add(h, w)
	}
	return sh.sum(), words
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvByte(h uint64, c byte) uint64 { return (h ^ uint64(c)) * fnvPrime }

// mix is the splitmix64 finaliser: it spreads FNV's weak high bits so that
// every bit of a shingle's hash is a fair coin.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// simhash adds up, for each of 64 bits, the weight of the shingles whose
// hash sets it. The sums are kept eight to a word (one byte per bit) and
// spilled into wide counters before a byte can overflow: eight additions
// per shingle rather than sixty-four.
type simhash struct {
	packed [8]uint64 // packed[k] byte j sums bit 8k+j
	count  [64]int
	total  int // the weight of all shingles added
	room   int // weight that may still be added before a spill
}

// maxWeight is the weight of a shingle away from the ends of a text; a
// byte holds the sums of 255/maxWeight shingles before it must spill.
const maxWeight = 8

// spread[b] has byte j set to 1 when bit j of b is set.
var spread = func() (t [256]uint64) {
	for b := range 256 {
		for j := range 8 {
			if b>>j&1 == 1 {
				t[b] |= 1 << (8 * j)
			}
		}
	}
	return t
}()

// add adds a shingle's hash h with weight w, 1 to maxWeight.
func (s *simhash) add(h uint64, w int) {
	if s.room < w {
		s.spill()
	}
	for k := range 8 {
		s.packed[k] += spread[byte(h>>(8*k))] * uint64(w)
	}
	s.total += w
	s.room -= w
}

func (s *simhash) spill() {
	for k := range 8 {
		for j := range 8 {
			s.count[8*k+j] += int(s.packed[k] >> (8 * j) & 0xff)
		}
		s.packed[k] = 0
	}
	s.room = 255
}

// sum sets each bit that shingles of more than half the total weight set.
func (s *simhash) sum() uint64 {
	s.spill()
	var fp uint64
	for i, c := range s.count {
		if 2*c > s.total {
			fp |= 1 << i
		}
	}
	return fp
}

// folds maps lower-case accented Latin letters to their unaccented
// spelling. It covers Latin-1, Latin Extended-A and the Romanian and
// Vietnamese letters of Latin Extended-B; decomposed accents are dropped
// by fingerprint itself.
var folds = func() map[rune]string {
	m := make(map[rune]string)
	for _, p := range [][2]string{
		{"a", "àáâãäåāăąǎạảấầẩẫậắằẳẵặ"}, {"c", "çćĉċč"}, {"d", "ďđ"},
		{"e", "èéêëēĕėęěẹẻẽếềểễệ"}, {"g", "ĝğġģ"}, {"h", "ĥħ"},
		{"i", "ìíîïĩīĭįıǐỉị"}, {"j", "ĵ"}, {"k", "ķ"}, {"l", "ĺļľŀł"},
		{"n", "ñńņňŉ"}, {"o", "òóôõöøōŏőơǒọỏốồổỗộớờởỡợ"}, {"r", "ŕŗř"},
		{"s", "śŝşšș"}, {"t", "ţťŧț"}, {"u", "ùúûüũūŭůűųưǔụủứừửữự"},
		{"w", "ŵ"}, {"y", "ýÿŷỳỵỷỹ"}, {"z", "źżž"},
		{"ss", "ß"}, {"ae", "æ"}, {"oe", "œ"}, {"th", "þ"}, {"dh", "ð"},
	} {
		for _, r := range p[1] {
			m[r] = p[0]
		}
	}
	return m
}()

// itemHTML is the HTML whose text is fingerprinted: the content, or the
// summary when there is none.
func itemHTML(content, summary string) string {
	if strings.TrimSpace(content) != "" {
		return content
	}
	return summary
}

// attributionPrefix starts the paragraph gleaner ends every republished
// item with; it names the partner, so it differs between copies of one
// story and is not part of the story.
const attributionPrefix = "originally published by"

// plainText returns the text of an HTML fragment, one line per block,
// without script or style content and without a trailing attribution
// paragraph ("Originally published by …").
func plainText(fragment string) string {
	buf := make([]byte, 0, len(fragment))
	start := 0 // where the current paragraph starts in buf
	last := -1 // where the last complete paragraph starts
	flush := func() {
		buf = buf[:start+len(bytes.TrimRightFunc(buf[start:], unicode.IsSpace))]
		if len(buf) > start {
			last = start
			buf = append(buf, '\n')
			start = len(buf)
		}
	}
	z := html.NewTokenizer(strings.NewReader(fragment))
	skip := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.TextToken:
			if skip == 0 {
				text := z.Text()
				if len(buf) == start {
					text = bytes.TrimLeftFunc(text, unicode.IsSpace)
				}
				buf = append(buf, text...)
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case skipped[a]:
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case a == atom.Br:
				if len(buf) > start {
					buf = append(buf, ' ')
				}
			case blocks[a]:
				flush()
			}
		}
	}
	flush()
	if last >= 0 && hasPrefixFold(string(buf[last:min(len(buf), last+len(attributionPrefix))]), attributionPrefix) {
		buf = buf[:last]
	}
	return string(bytes.TrimRight(buf, "\n"))
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// blocks are elements that start a new paragraph.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Blockquote: true,
	atom.Pre: true, atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Table: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Figure: true,
	atom.Figcaption: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Hr: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Address: true,
}

// skipped are elements whose content is never article text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Object: true, atom.Svg: true, atom.Head: true,
}
