package country

import (
	"slices"
	"strings"
)

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// honorifics before a name make it a person: "Pastor Jordan", "By Chad".
var honorifics = wordSet(`by mr mrs ms miss dr rev reverend pastor pastora pasteur father fr brother
	br sister bishop elder deacon evangelist imam sheikh padre hermano hermana irmao irma frere
	soeur herr frau pfarrer bruder schwester sr sra`)

// nameParticles may stand between a given name and a surname.
var nameParticles = wordSet(`van von ter ten`)

// notSurnames are capitalised words that follow a country name without
// making it a person's first name: "Jordan Valley", "Chad Christians",
// "Israel Defense Forces".
var notSurnames = wordSet(`christians christian church churches catholic catholics baptist baptists
	evangelical evangelicals protestant protestants orthodox muslims muslim islamic jews jewish
	government president prime army police forces defense defence military ministry embassy
	parliament state states valley river basin street road avenue university college national
	international times post today news airways airlines council authority commission committee
	court supreme high republic kingdom bible society mission ministries partners open doors
	christen kirche kirchen gemeinde gemeinden regierung cristianos iglesia iglesias chretiens
	eglise eglises cristaos igreja igrejas monday tuesday wednesday thursday friday saturday sunday
	january february march april may june july august september october november december`)

// locatives before a name keep it a place even when the same word names a
// person elsewhere in the article: "Chad Smith, our director in Chad".
var locatives = wordSet(`in to from into across throughout inside within en au aux dans nach im em no na`)

// statesWords after a name (or after an enumeration of names) make them
// states of a country: "Niger State", "Niger, Kaduna and Zamfara states".
var statesWords = wordSet(`state states estado estados etat etats staat staaten bundesstaat bundesstaaten`)

// connectors may stand between the items of an enumeration.
var connectors = wordSet(`and or nor as well also y e et ou und oder sowie o u ni the el la los las le
	les l a os der die das den dem des in im en au aux du de do da dos no na nos nas nach to from al
	del dans em ins`)

// people drops the mentions of names that this article uses as a person's
// name: "Chad Williams, our West Africa director … For Chad and the team".
func (a *analysis) people() {
	persons := map[*entry]bool{}
	for k := range a.mentions {
		m := &a.mentions[k]
		if !m.e.has(flagPerson) {
			continue
		}
		toks := a.segs[m.seg].toks
		person := false
		if j := m.i + m.n; j < len(toks) {
			t := toks[j]
			if t.gap == 0 && nameParticles[t.fold] && !t.upper && j+1 < len(toks) && toks[j+1].gap == 0 {
				t, j = toks[j+1], j+1 // "Jos van Dijk"
			}
			if t.gap == 0 && t.upper && !t.caps && !notSurnames[t.fold] && !a.startsMention(m.seg, j) {
				person = true
			}
		}
		if m.i > 0 {
			t := toks[m.i-1]
			if honorifics[t.fold] && toks[m.i].gap&^(gapDot|gapSentence) == 0 {
				person = true
			}
		}
		if person {
			m.dropped = true
			persons[m.e] = true
		}
	}
	if len(persons) == 0 {
		return
	}
	for k := range a.mentions {
		m := &a.mentions[k]
		if m.dropped || (m.zone != zoneLead && m.zone != zoneBody) || !persons[m.e] {
			continue
		}
		if m.i > 0 && locatives[a.segs[m.seg].toks[m.i-1].fold] {
			continue
		}
		m.dropped = true
	}
}

func (a *analysis) startsMention(seg, i int) bool {
	for _, m := range a.mentions {
		if m.seg == seg && m.i == i {
			return true
		}
	}
	return false
}

// commonNouns turns the mentions of a name that is also a common noun into
// support when the article uses the noun: "carve the turkey", Thanksgiving.
func (a *analysis) commonNouns() {
	checked := map[*entry]bool{}
	for k := range a.mentions {
		m := &a.mentions[k]
		if !m.e.has(flagCommon) {
			continue
		}
		noun, done := checked[m.e]
		if !done {
			noun = a.usesNoun(m.e)
			checked[m.e] = noun
		}
		if noun {
			m.support = true
		}
	}
}

func (a *analysis) usesNoun(e *entry) bool {
	for _, s := range a.segs {
		for _, t := range s.toks {
			if slices.Contains(e.common, t.fold) {
				return true
			}
			if len(e.toks) == 1 && t.fold == e.toks[0] && !t.upper {
				return true
			}
		}
	}
	return false
}

// enumerations finds lists of names ("in Iran, Pakistan, India and China"),
// which weigh little, and reads a name that is also a state as that state
// when "State" or "states" follows it or its list.
func (a *analysis) enumerations() {
	ms := a.mentions
	for start := 0; start < len(ms); {
		end := start + 1
		for end < len(ms) && a.linked(ms[end-1], ms[end]) {
			end++
		}
		size := 0
		for k := start; k < end; k++ {
			if !ms[k].dropped {
				size++
			}
		}
		if size >= 2 {
			for k := start; k < end; k++ {
				ms[k].list = size
			}
		}
		last := ms[end-1]
		closedByStates := false
		if j := last.i + last.n; j < len(a.segs[last.seg].toks) {
			t := a.segs[last.seg].toks[j]
			closedByStates = t.gap == 0 && statesWords[t.fold]
		}
		for k := start; k < end; k++ {
			m := &ms[k]
			if m.e.sub == "" {
				continue
			}
			if closedByStates {
				m.codes = []string{m.e.sub}
				m.support = false
			}
		}
		start = end
	}
}

// linked reports whether n follows m in the same enumeration: only commas
// and a few connecting words ("and", "et", "und", "in") stand between them.
func (a *analysis) linked(m, n mention) bool {
	if m.seg != n.seg || n.i < m.i+m.n {
		return false
	}
	toks := a.segs[m.seg].toks
	between := n.i - (m.i + m.n)
	if between > 3 {
		return false
	}
	sep := false
	for k := m.i + m.n; k <= n.i; k++ {
		if toks[k].gap&^gapComma != 0 {
			return false
		}
		if toks[k].gap&gapComma != 0 {
			sep = true
		}
		if k < n.i {
			if !connectors[toks[k].fold] {
				return false
			}
			sep = true
		}
	}
	return sep
}

// resolve picks one country for each shared name (Korea, Congo, Georgia,
// Punjab) and drops the support-only mentions of countries that have no
// other evidence.
func (a *analysis) resolve(prior map[string]bool) {
	evidence := map[string]float64{}
	for _, m := range a.mentions {
		if m.dropped || m.support || len(m.codes) != 1 {
			continue
		}
		evidence[m.codes[0]] += m.weight()
	}
	for k := range a.mentions {
		m := &a.mentions[k]
		if m.dropped || m.codes == nil {
			continue
		}
		if len(m.codes) > 1 {
			best, bestEv := "", 0.0
			for _, c := range m.codes {
				if evidence[c] > bestEv {
					best, bestEv = c, evidence[c]
				}
			}
			if best == "" {
				for _, c := range m.codes {
					if prior[c] {
						best = c
						break
					}
				}
			}
			if best == "" && !m.e.has(flagNoDefault) && !m.support {
				best = m.codes[0]
			}
			if best == "" {
				m.dropped = true
				continue
			}
			m.codes = []string{best}
		}
		if m.support && evidence[m.codes[0]] == 0 {
			m.dropped = true
		}
	}
}
