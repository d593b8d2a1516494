package country

import (
	"bufio"
	_ "embed"
	"fmt"
	"slices"
	"strings"
)

//go:embed data/gazetteer.tsv
var gazetteerTSV string

// kind is what a gazetteer name is to its country.
type kind uint8

const (
	kindName kind = iota
	kindAlt
	kindHist
	kindLangName
	kindDemonym
	kindLangDemonym
	kindCapital
	kindCity
	kindRegion
	kindSignal
	kindSupra
)

var kindNames = map[string]kind{
	"name": kindName, "alt": kindAlt, "hist": kindHist, "lang-name": kindLangName,
	"demonym": kindDemonym, "lang-demonym": kindLangDemonym, "capital": kindCapital,
	"city": kindCity, "region": kindRegion, "signal": kindSignal, "supra": kindSupra,
}

func (k kind) String() string {
	for s, kk := range kindNames {
		if kk == k {
			return s
		}
	}
	return "?"
}

// isDemonym reports whether k names people or is an adjective.
func (k kind) isDemonym() bool { return k == kindDemonym || k == kindLangDemonym }

// rowFlag is a gazetteer row's matching rule; see the header of gazetteer.tsv.
type rowFlag uint16

const (
	flagCS rowFlag = 1 << iota
	flagLC
	flagCtx
	flagPerson
	flagCommon
	flagWeak
	flagNoDefault
)

// entry is one gazetteer row, or one inflected form of a row.
type entry struct {
	codes   []string // nil for region words
	kind    kind
	text    string   // as in the table
	toks    []string // folded tokens
	orig    []string // tokens as written, for case-sensitive rows
	gaps    []gap    // punctuation between the tokens as written
	flags   rowFlag
	common  []string // words that show a common-noun sense (turkey: thanksgiving)
	sub     string   // a country of which this is also a state (Niger: NG)
	line    int
	derived bool // an inflected form, not a row of the table
}

func (e *entry) has(f rowFlag) bool { return e.flags&f != 0 }

// weight is what one mention of e is worth before zones and context.
func (e *entry) weight() float64 {
	w := 1.0
	switch e.kind {
	case kindCapital, kindCity, kindRegion:
		w = 0.8
	case kindSignal:
		w = 0.5
	case kindSupra:
		w = 0
	}
	if e.has(flagWeak) {
		w /= 2
	}
	return w
}

// gazetteer is the parsed table, indexed by first folded token.
type gazetteer struct {
	byFirst map[string][]*entry // longest first
	names   map[string]string   // code → English short name
	rows    []*entry            // the table's rows, in order
}

// parseGazetteer reads the table.
func parseGazetteer(src string) (*gazetteer, error) {
	g := &gazetteer{byFirst: map[string][]*entry{}, names: map[string]string{}}
	sc := bufio.NewScanner(strings.NewReader(src))
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		e, err := parseRow(line)
		if err != nil {
			return nil, fmt.Errorf("gazetteer.tsv:%d: %w", n, err)
		}
		e.line = n
		g.rows = append(g.rows, e)
		if e.kind == kindName {
			if _, ok := g.names[e.codes[0]]; !ok {
				g.names[e.codes[0]] = e.text
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, e := range g.rows {
		seen[strings.Join(e.toks, " ")] = true
	}
	for _, e := range g.rows {
		g.add(e)
		for _, v := range variants(e) {
			key := strings.Join(v.toks, " ")
			if seen[key] {
				continue // an explicit row wins over a derived form
			}
			seen[key] = true
			g.add(v)
		}
	}
	for _, list := range g.byFirst {
		slices.SortStableFunc(list, func(a, b *entry) int { return len(b.toks) - len(a.toks) })
	}
	return g, nil
}

func (g *gazetteer) add(e *entry) {
	g.byFirst[e.toks[0]] = append(g.byFirst[e.toks[0]], e)
}

func parseRow(line string) (*entry, error) {
	f := strings.Split(line, "\t")
	if len(f) < 3 {
		return nil, fmt.Errorf("want code, kind, text: %q", line)
	}
	e := &entry{text: f[2]}
	k, ok := kindNames[f[1]]
	if !ok {
		return nil, fmt.Errorf("unknown kind %q", f[1])
	}
	e.kind = k
	if f[0] != "-" {
		e.codes = strings.Split(f[0], "|")
		for _, c := range e.codes {
			if len(c) != 2 || strings.ToUpper(c) != c {
				return nil, fmt.Errorf("bad code %q", c)
			}
		}
	} else if k != kindSupra {
		return nil, fmt.Errorf("code - is for kind supra")
	}
	if len(f) > 3 && f[3] != "" {
		for _, fl := range strings.Split(f[3], ",") {
			name, val, _ := strings.Cut(fl, "=")
			switch name {
			case "cs":
				e.flags |= flagCS
			case "lc":
				e.flags |= flagLC
			case "ctx":
				e.flags |= flagCtx
			case "person":
				e.flags |= flagPerson
			case "weak":
				e.flags |= flagWeak
			case "nodefault":
				e.flags |= flagNoDefault
			case "common":
				e.flags |= flagCommon
				if val != "" {
					e.common = strings.Split(val, "|")
				}
			case "sub":
				e.sub = val
			default:
				return nil, fmt.Errorf("unknown flag %q", fl)
			}
		}
	}
	if k == kindSupra {
		e.flags |= flagLC // region words block whatever their case
	}
	toks := tokenize(e.text)
	if len(toks) == 0 {
		return nil, fmt.Errorf("empty text")
	}
	for i, t := range toks {
		e.toks = append(e.toks, t.fold)
		e.orig = append(e.orig, t.raw)
		if i > 0 {
			e.gaps = append(e.gaps, t.gap)
		}
	}
	return e, nil
}

// variants returns the inflected forms of e: plurals and the feminine and
// declined forms of demonyms (nigérianes, iraníes, afegãos, iranische), and
// the German genitive of a one-word name (Nigerias).
func variants(e *entry) []*entry {
	if e.has(flagCS) {
		return nil
	}
	last := e.toks[len(e.toks)-1]
	var forms []string
	switch {
	case e.kind.isDemonym():
		forms = inflect(last)
	case (e.kind == kindName || e.kind == kindAlt || e.kind == kindLangName || e.kind == kindHist) &&
		len(e.toks) == 1 && len(last) >= 4 && !strings.HasSuffix(last, "s"):
		forms = []string{last + "s"}
	}
	out := make([]*entry, 0, len(forms))
	for _, f := range forms {
		v := *e
		v.toks = append(slices.Clone(e.toks[:len(e.toks)-1]), f)
		v.derived = true
		out = append(out, &v)
	}
	return out
}

// inflect returns the other forms of a demonym's last word, in every
// language the tagger reads. Forms that exist in no language cost only a
// map entry.
func inflect(w string) []string {
	var out []string
	add := func(s ...string) {
		for _, x := range s {
			if x != w && !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
	}
	add(w + "s")
	cut := func(n int) string { return w[:len(w)-n] }
	switch {
	case strings.HasSuffix(w, "isch"): // de: iranisch → iranische, iranischen…
		add(w+"e", w+"en", w+"er", w+"es", w+"em")
	case strings.HasSuffix(w, "ao"): // pt: afegão → afegã, afegãos, afegães
		add(cut(2)+"a", cut(2)+"aos", cut(2)+"aes", cut(2)+"as")
	case strings.HasSuffix(w, "o"): // es, pt: eritreo → eritrea, eritreos, eritreas
		add(cut(1)+"a", cut(1)+"os", cut(1)+"as")
	case strings.HasSuffix(w, "eu"): // pt: eritreu → eritreia, eritreus
		add(cut(2)+"eia", cut(2)+"eias")
	case strings.HasSuffix(w, "ien"), strings.HasSuffix(w, "een"): // fr: iranien → iranienne(s)
		add(w+"ne", w+"nes")
	case strings.HasSuffix(w, "ais"), strings.HasSuffix(w, "ois"): // fr: congolais → congolaise(s)
		add(w+"e", w+"es")
	case strings.HasSuffix(w, "ese"): // en, de: Chinese → Chinesen, Chinesin
		add(w+"n", cut(1)+"in", cut(1)+"innen")
	case strings.HasSuffix(w, "es"): // es, pt: japonés, japonês → japonesa(s), japoneses
		add(w+"a", w+"as", w+"es")
	case strings.HasSuffix(w, "er"): // de: Iraner → Iranerin, Iranerinnen, Iranern
		add(w+"n", w+"in", w+"innen")
	case strings.HasSuffix(w, "e"): // de: Afghane → Afghanen, Afghanin; fr, es: belge, -ense
		add(w+"n", cut(1)+"in", cut(1)+"innen")
	case strings.HasSuffix(w, "i"): // es: iraní → iraníes
		add(w + "es")
	case strings.HasSuffix(w, "an"), strings.HasSuffix(w, "in"), strings.HasSuffix(w, "ol"), strings.HasSuffix(w, "al"):
		// fr: afghan → afghane(s); es: alemán → alemana, alemanes; español → española
		add(w+"e", w+"es", w+"a", w+"as")
	}
	return out
}
