// Package country tags an article with the countries it is about, as ISO
// 3166-1 alpha-2 codes, precisely enough that a per-country feed ("Pray for
// North Korea") carries no stray stories.
//
// Call [Tag] with a [Doc]; [Name] gives the English name of a code for feed
// categories, and [Explain] shows the evidence behind a tag. [Tag] builds its
// gazetteer once, on first use, and is safe for concurrent use.
//
// # The gazetteer
//
// data/gazetteer.tsv lists, for every ISO 3166-1 country (and Kosovo, XK),
// its English short name, other and official names, historic names (Burma,
// Zaire, Ceylon, Persia), names in Spanish, French, Portuguese and German,
// demonyms (Eritrean, iranische, nigérians, afegãos), capitals and the cities
// and regions persecution news names (Jos, Kaduna, Qaraqosh, Kandhamal, Cabo
// Delgado, Kachin State). Matching folds case and accents, reads any
// apostrophe or hyphen as a word break, and takes the longest name at each
// point: Papua New Guinea before Guinea, South Sudan before Sudan, Niger
// State (a Nigerian state) before Niger. Names need a capital letter unless
// the table says otherwise; acronyms (DRC, UK, US) match their case exactly.
// The header of the table documents its flags.
//
// # The scoring rule
//
// Every mention adds to its country's score:
//
//	name, demonym    1.0    capital, city, region    0.8
//	signal           0.5    (Kim Jong-un, Uyghur); "weak" rows count half
//
// times the weight of where it stands:
//
//	title 3   dateline 3   lead paragraph 1.5   feed category 2   body 1
//
// A mention inside an enumeration of three or more names ("in Iran, Pakistan,
// India and China") counts a quarter. A focus country of the source
// ([Doc.SourceCountries]) that the article mentions gains 1.0; one it does
// not mention gains nothing, so the prior breaks ties but never tags alone.
//
// A country is tagged when its score is at least 3 and at least half the top
// score (three tenths when the title or dateline names it by a name that is not
// weak), at most five,
// most relevant first. So a title or a dateline tags on its own, a single
// passing mention never does, and a country named now and then in an article
// about another stays out.
//
// Before scoring, context decides what a name means:
//
//   - a shared name (Korea, Congo, Georgia, Punjab, Kashmir, Tripoli) takes
//     the candidate the rest of the article names, else the source's focus,
//     else its default; Korea and Congo have none, so alone they tag nothing;
//     Georgia beside Atlanta is the US state;
//   - a name that is also a given name (Jordan, Chad, Israel) followed by a
//     capitalised surname or preceded by a title (Pastor, By) is a person,
//     and so are its other bare uses in that article;
//   - a name that is also a common noun (Turkey) only supports other evidence
//     when the article uses the noun (turkey, Thanksgiving);
//   - a name that is also a state (Niger) is the state when "State" or
//     "states" follows it or its enumeration;
//   - a word that is only sometimes a place (Plateau, Beni, Victoria) counts
//     only where its country already has other evidence.
//
// # Region words
//
// Region words (Middle East, Central Asia, the Sahel, Holy Land, Moyen-Orient,
// Naher Osten, Gulf of Guinea) tag no country: an article about "a Central
// Asian city" is tagged with nothing rather than with a guess. They are in the
// table only so that a country inside them (Guinea in Gulf of Guinea, Indian
// in Indian Ocean) is not read.
package country
