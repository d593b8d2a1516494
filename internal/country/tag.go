package country

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Doc is an article to tag.
type Doc struct {
	Title string
	// Text is the extracted article's plain text only, paragraphs separated
	// by blank lines: never menus or sidebars.
	Text string
	// Categories are the feed's own categories or tags for the article.
	Categories []string
	// SourceCountries are the partner's configured focus countries: a prior
	// that breaks ties, never sufficient alone.
	SourceCountries []string
	// Language is a hint (en, es, fr, pt, de…); every language is matched
	// anyway.
	Language string
}

// Score is how strongly an article is about one country, as [Explain]
// reports it.
type Score struct {
	Code   string
	Score  float64
	Tagged bool
	// Evidence lists the mentions that counted, as zone:text, with ×n for
	// repeats and "(list)" for a mention inside an enumeration.
	Evidence []string
}

// The scoring constants. See the package documentation for the rule.
const (
	minScore   = 3.0  // a country needs at least this much evidence
	minShare   = 0.5  // … and at least this share of the top country's,
	headShare  = 0.3  // or this share when the title or dateline names it
	priorBonus = 1.0  // added to a focus country of the source that is mentioned
	listFactor = 0.25 // a mention inside an enumeration of three or more
	maxTags    = 5
)

type zone uint8

const (
	zoneTitle zone = iota
	zoneDateline
	zoneLead
	zoneBody
	zoneCategory
)

var zoneNames = [...]string{"title", "dateline", "lead", "body", "category"}
var zoneWeights = [...]float64{3, 3, 1.5, 1, 2}

// Tagger tags articles with the countries they are about. Its methods are
// safe for concurrent use. The zero value is not usable: call [NewTagger],
// or use the package-level [Tag] that shares one built on first use.
type Tagger struct {
	g *gazetteer
}

// NewTagger builds a tagger from the embedded gazetteer.
func NewTagger() (*Tagger, error) {
	g, err := parseGazetteer(gazetteerTSV)
	if err != nil {
		return nil, err
	}
	return &Tagger{g: g}, nil
}

var defaultTagger = sync.OnceValue(func() *Tagger {
	t, err := NewTagger()
	if err != nil {
		panic("country: " + err.Error()) // the embedded table is tested
	}
	return t
})

// Tag returns the ISO 3166-1 alpha-2 codes of the countries d is about, most
// relevant first; nil when no country is clearly its subject.
func Tag(d Doc) []string { return defaultTagger().Tag(d) }

// Explain returns every country d mentions with its score and evidence,
// highest first: the working behind [Tag].
func Explain(d Doc) []Score { return defaultTagger().Explain(d) }

// Name returns the English short name of a country code ("KP" → "North
// Korea"), or "" for a code it does not know.
func Name(code string) string { return defaultTagger().g.names[strings.ToUpper(code)] }

// Tag returns the codes of the countries d is about; see [Tag].
func (t *Tagger) Tag(d Doc) []string {
	var out []string
	for _, s := range t.score(d, false) {
		if s.Tagged {
			out = append(out, s.Code)
		}
	}
	return out
}

// Explain reports the scores behind [Tagger.Tag].
func (t *Tagger) Explain(d Doc) []Score { return t.score(d, true) }

// mention is one match of a gazetteer entry in one segment of the article.
type mention struct {
	e       *entry
	seg     int // index into analysis.segs
	i, n    int // first token and token count
	zone    zone
	codes   []string
	list    int  // size of the enumeration it stands in (0: none)
	support bool // counts only where its country has other evidence
	dropped bool // a person, or support without other evidence: not counted
}

type segment struct {
	toks  []token
	zones []zone
}

type analysis struct {
	segs     []segment
	mentions []mention
}

func (t *Tagger) score(d Doc, explain bool) []Score {
	a := &analysis{}
	a.addSegment(d.Title, nil)
	for _, c := range d.Categories {
		a.addSegment(c, func(int) zone { return zoneCategory })
	}
	byline, dl, lead := textZones(d.Text)
	a.addSegment(d.Text, func(off int) zone {
		switch {
		case off < byline:
			return zoneBody
		case off < dl:
			return zoneDateline
		case off < lead:
			return zoneLead
		}
		return zoneBody
	})
	for si := range a.segs {
		a.match(t.g, si)
	}
	a.people()
	a.commonNouns()
	a.enumerations()
	prior := map[string]bool{}
	for _, c := range d.SourceCountries {
		prior[strings.ToUpper(strings.TrimSpace(c))] = true
	}
	a.resolve(prior)

	scores := map[string]*Score{}
	evidence := map[string]map[string]int{}
	head := map[string]bool{} // named in the title or dateline, outside a list
	for _, m := range a.mentions {
		if m.dropped || len(m.codes) != 1 {
			continue
		}
		w := m.weight()
		if w == 0 {
			continue
		}
		c := m.codes[0]
		s := scores[c]
		if s == nil {
			s = &Score{Code: c}
			scores[c] = s
			evidence[c] = map[string]int{}
		}
		s.Score += w
		if (m.zone == zoneTitle || m.zone == zoneDateline) && m.list < 3 && !m.support && m.e.weight() >= 0.8 {
			head[c] = true
		}
		if explain {
			ev := zoneNames[m.zone] + ":" + a.text(m)
			if m.list >= 3 {
				ev += " (list)"
			}
			if m.support {
				ev += " (support)"
			}
			evidence[c][ev]++
		}
	}
	for c, s := range scores {
		if prior[c] {
			s.Score += priorBonus
			if explain {
				evidence[c]["source focus"]++
			}
		}
	}
	out := make([]Score, 0, len(scores))
	for _, s := range scores {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(x, y Score) int {
		if c := cmp.Compare(y.Score, x.Score); c != 0 {
			return c
		}
		return strings.Compare(x.Code, y.Code)
	})
	tagged := 0
	for i := range out {
		s := &out[i]
		s.Score = float64(int(s.Score*100+0.5)) / 100
		share := minShare
		if head[s.Code] {
			share = headShare
		}
		if s.Score >= minScore && s.Score >= share*out[0].Score && tagged < maxTags {
			s.Tagged = true
			tagged++
		}
		if explain {
			for ev, n := range evidence[s.Code] {
				if n > 1 {
					ev = fmt.Sprintf("%s ×%d", ev, n)
				}
				s.Evidence = append(s.Evidence, ev)
			}
			slices.SortFunc(s.Evidence, compareEvidence)
		}
	}
	return out
}

// compareEvidence orders evidence by zone, then text.
func compareEvidence(x, y string) int {
	zx, _, _ := strings.Cut(x, ":")
	zy, _, _ := strings.Cut(y, ":")
	if c := cmp.Compare(slices.Index(zoneNames[:], zx), slices.Index(zoneNames[:], zy)); c != 0 {
		return c
	}
	return strings.Compare(x, y)
}

// weight is what m adds to its country's score.
func (m *mention) weight() float64 {
	w := m.e.weight() * zoneWeights[m.zone]
	if m.list >= 3 {
		w *= listFactor
	}
	return w
}

func (a *analysis) text(m mention) string {
	toks := a.segs[m.seg].toks
	var b strings.Builder
	for k := m.i; k < m.i+m.n; k++ {
		if k > m.i {
			b.WriteByte(' ')
		}
		b.WriteString(toks[k].raw)
	}
	return b.String()
}

func (a *analysis) addSegment(s string, zoneAt func(off int) zone) {
	toks := tokenize(s)
	zones := make([]zone, len(toks))
	for i, t := range toks {
		if zoneAt == nil {
			zones[i] = zoneTitle
		} else {
			zones[i] = zoneAt(t.start)
		}
	}
	a.segs = append(a.segs, segment{toks: toks, zones: zones})
}

// datelineRE matches a dateline: "LAGOS, Nigeria (Partner News) –",
// "KADUNA –", "ASMARA, Érythrée –", or a mixed-case place when a source in
// brackets follows it: "Lagos, Nigeria (Morning Star News) –".
var datelineRE = regexp.MustCompile(`^\s*(?:` +
	`\p{Lu}[\p{Lu}\p{M}'’.\-]+(?:\s+\p{Lu}[\p{Lu}\p{M}'’.\-]*){0,3}` +
	`(?:\s*,\s*[^,()\n–—:]{2,40}){0,2}(?:\s*\([^()\n]{1,60}\))?` +
	`|` +
	`\p{Lu}[\p{L}\p{M}'’.\-]*(?:\s+\p{Lu}[\p{L}\p{M}'’.\-]*){0,3}` +
	`(?:\s*,\s*[^,()\n–—:]{2,40}){0,2}\s*\([^()\n]{1,60}\)` +
	`)\s*(?:[–—]|--?)\s`)

// leadWords is the length below which the first paragraph (a quotation, a
// one-line summary) is read together with the second as the lead.
const leadWords = 25

// bylineRE matches a byline paragraph before the dateline: "By Chad Miller".
var bylineRE = regexp.MustCompile(`^\s*(?i:by|por|par|von|de|di)\s+\p{Lu}[^\n]{0,60}\n[ \t\r]*\n`)

// textZones returns where a byline, the dateline and the lead end in text.
func textZones(text string) (byline, dateline, lead int) {
	if m := bylineRE.FindStringIndex(text); m != nil && countWords(text[:m[1]]) <= 6 {
		byline = m[1]
	}
	dateline = byline
	if m := datelineRE.FindStringIndex(text[byline:]); m != nil {
		dateline = byline + m[1]
	}
	lead = paraEnd(text, dateline)
	if countWords(text[dateline:lead]) < leadWords {
		lead = paraEnd(text, lead)
	}
	return byline, dateline, lead
}

// countWords counts the space-separated words of s.
func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		space := s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r'
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

var blankLineRE = regexp.MustCompile(`\n[ \t\r]*\n`)

// paraEnd returns the end of the paragraph that starts at or after from.
func paraEnd(text string, from int) int {
	for from < len(text) && (text[from] == '\n' || text[from] == '\r' || text[from] == ' ') {
		from++
	}
	if loc := blankLineRE.FindStringIndex(text[from:]); loc != nil {
		return from + loc[0]
	}
	return len(text)
}

// match finds the gazetteer's names in one segment, longest first.
func (a *analysis) match(g *gazetteer, si int) {
	seg := a.segs[si]
	toks := seg.toks
	for i := 0; i < len(toks); {
		e := g.longest(toks, i)
		if e == nil {
			e = g.compound(toks[i])
		}
		if e == nil {
			i++
			continue
		}
		n := len(e.toks)
		a.mentions = append(a.mentions, mention{
			e: e, seg: si, i: i, n: n, zone: seg.zones[i], codes: e.codes,
			support: e.has(flagCtx),
		})
		i += n
	}
}

// longest returns the longest entry that matches at toks[i], or nil.
func (g *gazetteer) longest(toks []token, i int) *entry {
next:
	for _, e := range g.byFirst[toks[i].fold] {
		n := len(e.toks)
		if i+n > len(toks) {
			continue
		}
		for k := 1; k < n; k++ {
			t := toks[i+k]
			if t.fold != e.toks[k] || t.gap&gapPara != 0 || t.gap&^e.gaps[k-1] != 0 {
				continue next
			}
		}
		switch {
		case e.has(flagCS):
			if e.derived {
				continue
			}
			for k := 0; k < n; k++ {
				if toks[i+k].raw != e.orig[k] {
					continue next
				}
			}
			if inCapsRun(toks, i, n) {
				continue
			}
		case e.has(flagLC):
		default:
			// Every capitalised word of the name is capitalised in the text
			// ("La Réunion", not "la réunion"), but for designators: Niger
			// state, Gaza strip.
			for k := 0; k < n; k++ {
				if !toks[i+k].upper && isUpperInitial(e.orig[k]) && (k == 0 || !designators[e.toks[k]]) {
					continue next
				}
			}
		}
		return e
	}
	return nil
}

// designators are the words of a place name that writers often leave in
// lower case: "Plateau state", "the Gaza strip".
var designators = wordSet(`state states province provinces region regions district districts city
	county island islands valley plain plains mountains hills strip oblast governorate department
	territory territories estado estados etat etats staat provincia provincias distrito`)

func isUpperInitial(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// inCapsRun reports whether toks[i:i+n] sits inside upper-case text, where
// an acronym such as US cannot be told from a word.
func inCapsRun(toks []token, i, n int) bool {
	before := i > 0 && toks[i-1].caps && toks[i].gap&(gapSentence|gapPara) == 0
	after := i+n < len(toks) && toks[i+n].caps && toks[i+n].gap&(gapSentence|gapPara) == 0
	return before || after
}

// compassPrefixes are the German compass words that join a country name:
// Nordirak, Ostkongo, nordsyrischen.
var compassPrefixes = []string{"nordost", "nordwest", "sudost", "sudwest", "nord", "sud", "ost", "west", "zentral"}

// compound reads a German compass compound (Nordnigeria, nordsyrischen) as
// the country it qualifies. America is left out: Südamerika is a continent.
func (g *gazetteer) compound(t token) *entry {
	for _, p := range compassPrefixes {
		rest, ok := strings.CutPrefix(t.fold, p)
		if !ok || len(rest) < 4 {
			continue
		}
		for _, e := range g.byFirst[rest] {
			if len(e.toks) != 1 || e.has(flagCS) || e.codes == nil || slices.Contains(e.codes, "US") {
				continue
			}
			switch e.kind {
			case kindName, kindAlt, kindLangName, kindDemonym, kindLangDemonym:
				if e.has(flagLC) || t.upper {
					return e
				}
			}
		}
	}
	return nil
}
