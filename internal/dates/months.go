package dates

import (
	"strings"
	"time"
)

// Month returns the month a word names, in English, Spanish, French,
// Portuguese, German or Italian, full or abbreviated, in any case, with or
// without accents or a trailing dot: "September", "Sept.", "septembre",
// "setembro", "März", "févr.", "ott".
func Month(word string) (time.Month, bool) {
	m := monthNames[Fold(strings.TrimSuffix(word, "."))]
	return m, m != 0
}

// Fold lower-cases a word and drops the accents month names carry: "Févr"
// becomes "fevr", "März" "marz".
func Fold(w string) string {
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

// monthNames maps folded month names and abbreviations in en, es, fr, pt,
// de and it to their month: the one table of the package.
var monthNames = map[string]time.Month{}

// fillers are the connectives and ordinal suffixes that may sit between the
// parts of a date ("1er", "2nd", "1º", "18 de setembro de 2017", "the 18th
// of September").
var fillers = map[string]bool{}

func init() {
	names := [12]string{
		"january jan enero ene janvier janv janeiro januar janner jaenner gennaio gen",
		"february feb febr febrero fevrier fevr fev fevereiro februar febbraio",
		"march mar marzo mars marco marz maerz mrz",
		"april apr abril abr avril avr aprile",
		"may mayo mai maio maggio mag",
		"june jun junio juin junho juni giugno giu",
		"july jul julio juillet juil julho juli luglio lug",
		"august aug agosto ago aout aou",
		"september sep sept septiembre setiembre set septembre setembro settembre",
		"october oct octubre octobre outubro out oktober okt ottobre ott",
		"november nov noviembre novembre novembro",
		"december dec diciembre dic decembre dezembro dez dezember dicembre",
	}
	for i, ns := range names {
		for _, n := range strings.Fields(ns) {
			monthNames[n] = time.Month(i + 1)
		}
	}
	for _, w := range strings.Fields("de del do da of the le la el em im am den dem on en er re st nd rd th o a º ª e") {
		fillers[w] = true
	}
}
