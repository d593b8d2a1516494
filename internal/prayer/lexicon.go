package prayer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The lexicons below are word lists, not phrases: the heading rule is the
// shape of a line (see the package documentation), and these only say which
// words are about praying, which may come before them, and which mark site
// furniture rather than an article's prayer points.

// prayerWords are the words, in every supported language, that make a line
// about praying: verbs in the imperative, first person plural and infinitive,
// and the nouns. Past tenses ("prayed", "betete") are left out on purpose: a
// line that tells what someone did is a story, not a call to pray.
var prayerWords = set(
	// English
	"pray", "prays", "praying", "prayer", "prayers", "prayerful", "prayerfully",
	"intercede", "intercession", "intercessions", "interceding",
	// Spanish
	"ora", "orad", "oren", "oremos", "orar", "orando", "oración", "oraciones",
	"oramos", "interceder", "intercesión", "intercedamos",
	// Portuguese
	"ore", "orem", "oração", "orações", "intercessão", "interceda", "intercedam",
	// French
	"prier", "priez", "prions", "prière", "prières", "intercédez", "intercédons",
	// German
	"beten", "betet", "bete", "betend", "fürbitte", "fürbitten",
)

// prayerPrefixes catch compounds: "Gebetsanliegen", "Gebetspunkte",
// "prayerline".
var prayerPrefixes = []string{"gebet", "fürbitt", "prayer"}

// praiseWords make a line about giving thanks. A praise heading ("Praise
// God", "Louons Dieu", "Damos gracias a Dios") counts when it names God or
// when the article also has a prayer list.
var praiseWords = set(
	"praise", "praises", "praising", "thank", "thanks", "thankful",
	"gracias", "alabemos", "alabanza", "alabado", "alabad", "agradecemos", "agradezcamos", "agradece",
	"agradeça", "agradeçam", "agradeçamos", "louve", "louvemos", "louvor", "graças",
	"louons", "louez", "louange", "remercions", "remerciez", "rendons",
	"danken", "dankt", "danke", "dank", "lob", "loben", "lobt", "preisen", "preist",
)

// godWords name God.
var godWords = set("god", "lord", "jesus", "christ", "dieu", "seigneur", "jésus", "dios", "señor",
	"deus", "senhor", "gott", "herrn", "herr")

// leadWords may come before the prayer word of a heading: question words,
// politeness, "ways/points/requests of", pronouns, conjunctions. A heading
// whose prayer word follows anything else ("Churches pray for peace") is a
// news headline, not a call to pray.
var leadWords = set(
	// English
	"please", "how", "you", "can", "could", "will", "would", "to", "ways", "way", "join", "us", "in",
	"let", "lets", "let's", "we", "invite", "ask", "and", "now", "today", "also", "continue", "keep",
	"our", "your", "some", "key", "specific", "daily", "weekly", "urgent", "points", "point", "requests",
	"request", "items", "topics", "for", "more", "do", "the", "a", "further", "special", "call",
	"answered", "answers", "time", "of", "with", "give", "s", "i", "should", "what", "here", "is",
	// Spanish
	"por", "favor", "cómo", "como", "puedes", "podemos", "vamos", "pedimos", "pedidos", "peticiones",
	"petición", "motivos", "de", "para", "damos", "demos", "únete", "unámonos", "juntos", "en", "y",
	"te", "invitamos", "nuestras", "sus", "hoy", "ahora",
	// Portuguese
	"você", "pode", "junte", "se", "nós", "em", "e", "convidamos", "agora", "hoje", "motivos", "pedido",
	// French
	"comment", "pouvons", "nous", "vous", "sujets", "sujet", "d", "motifs", "pour", "merci", "et",
	"ensemble", "continuons", "continuez", "à", "invitons", "maintenant", "aujourd", "hui",
	// German
	"bitte", "wie", "sie", "wir", "mit", "uns", "lasst", "können", "und", "zum", "jetzt", "heute",
)

// openers are the first words of a prayer point written as a paragraph:
// "That …", "For …", "Pray for …", "Que …", "Pour …", "Dass …", "Für …".
var openers = set(
	"that", "for", "pray", "praying", "praise", "thank", "thanks", "ask", "may", "let", "lord", "god",
	"father", "jesus", "please", "protection", "wisdom", "healing", "comfort", "strength", "safety",
	"provision", "peace", "courage", "justice", "freedom", "release",
	"que", "qu", "por", "para", "ora", "ore", "oremos", "orem", "pidamos", "gracias", "demos", "damos",
	"dios", "señor", "alabemos", "pelo", "pela", "pelos", "pelas", "agradeça", "deus", "senhor", "louve",
	"pour", "afin", "priez", "prions", "louons", "remercions", "merci", "dieu", "seigneur",
	"dass", "für", "um", "beten", "betet", "bitte", "danken", "danke", "gott", "herr", "lob",
)

// furnitureWords mark site furniture: app and newsletter promotions, prayer
// calendars, sharing and giving buttons. A heading holding one is not a
// prayer heading.
var furnitureWords = set(
	"app", "apps", "download", "downloads", "subscribe", "subscription", "newsletter", "newsletters",
	"signup", "inbox", "email", "mail", "whatsapp", "sms", "iphone", "android", "ios", "podcast",
	"calendar", "calendrier", "calendario", "calendário", "share", "donate", "donation", "donations",
	"boletín", "boletim", "suscríbete", "suscribirse", "suscribirme", "cadastre", "cadastrar", "cadastro",
	"inscris", "inscrivez", "inscription", "abonnez", "abonner", "abonnieren", "anmelden", "bestellen",
	"spenden", "spende", "donar", "herunterladen", "baixe", "télécharger", "téléchargez", "compartilhe",
	"partager", "partagez", "teilen", "compartir", "comparte", "cookies", "copyright", "telegram",
)

// furnitureSubstrings catch compounds and multi-word furniture.
var furnitureSubstrings = []string{"kalender", "e-mail", "sign up", "sign-up", "©", "newsletter"}

// requestFurniture is the narrower list a whole-paragraph request is
// checked against: a request may well mention sharing or giving, but not
// an app or a mailing list.
var requestFurniture = set("app", "apps", "download", "subscribe", "newsletter", "inbox", "email",
	"whatsapp", "sms", "iphone", "android", "ios", "calendar", "calendrier", "calendario", "cadastre",
	"inscrivez", "abonnez", "abonnieren", "anmelden", "bestellen", "baixe", "téléchargez", "herunterladen",
	"suscríbete", "boletín")

// stopStarts begin a line that ends a list: buttons and block titles that
// follow an article's last paragraph.
var stopStarts = []string{
	"share", "donate", "give now", "give today", "subscribe", "sign up", "download", "read more",
	"follow us", "get the app", "related", "more news", "tags", "tagged", "print", "leave a reply",
	"compartilhe", "leia também", "doe agora", "partager", "partagez", "à lire aussi", "faire un don",
	"je m’inscris", "je m'inscris", "mots-clés", "teilen", "spenden", "jetzt spenden", "weitere meldungen",
	"suscríbete", "donar", "etiquetas", "noticias relacionadas", "compartir", "©",
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// normalize collapses every run of white space (non-breaking and other
// Unicode spaces included) into one space and trims the ends.
func normalize(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// words splits s into lower-cased words of letters and digits; apostrophes
// and hyphens separate words ("l’Égypte" → "l", "égypte").
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
}

func isPrayerWord(w string) bool {
	if prayerWords[w] {
		return true
	}
	for _, p := range prayerPrefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// isFurniture reports whether a short line (a heading) is site furniture.
func isFurniture(text string) bool {
	lower := strings.ToLower(text)
	for _, s := range furnitureSubstrings {
		if strings.Contains(lower, s) {
			return true
		}
	}
	for _, w := range words(lower) {
		if furnitureWords[w] {
			return true
		}
	}
	return false
}

// isRequestFurniture reports whether a paragraph that asks for prayer is in
// fact a promotion ("Pray every day with our prayer app").
func isRequestFurniture(text string) bool {
	lower := strings.ToLower(text)
	if strings.Contains(lower, "e-mail") || strings.Contains(lower, "sign up") || strings.Contains(lower, "©") ||
		strings.Contains(lower, "kalender") {
		return true
	}
	for _, w := range words(lower) {
		if requestFurniture[w] {
			return true
		}
	}
	return false
}

// isStopLine reports whether a line ends a list: a sharing, giving or
// subscription button, a related-posts title, a copyright line, an app
// promotion.
func isStopLine(text string) bool {
	lower := strings.ToLower(strings.TrimLeftFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '©' }))
	for _, s := range stopStarts {
		if strings.HasPrefix(lower, s) {
			rest := lower[len(s):]
			if rest == "" {
				return true
			}
			r, _ := utf8.DecodeRuneInString(rest)
			if !unicode.IsLetter(r) {
				return true
			}
		}
	}
	if strings.Contains(lower, "newsletter") || strings.Contains(lower, "©") || strings.Contains(lower, "copyright") {
		return true
	}
	ws := words(lower)
	app, promo := false, false
	for _, w := range ws {
		switch w {
		case "app", "apps":
			app = true
		case "download", "iphone", "android", "ios", "baixe", "téléchargez", "herunterladen":
			promo = true
		}
	}
	return app && promo
}

// Markers.

type markerKind int

const (
	noMarker markerKind = iota
	bulletMarker
	numberMarker
	letterMarker
)

// marker is a list marker typed into a paragraph.
type marker struct {
	kind markerKind
	char rune // the bullet, for bulletMarker
}

var (
	numberRE = regexp.MustCompile(`^\(?\d{1,2}[.)]\s+`)
	letterRE = regexp.MustCompile(`^\(?[a-hA-H]\)\s+`)
)

// bullets are the characters partners type as list markers.
const bullets = "•·●○◦▪▫■□►▶➤➢→✓✔✗*-–—~+"

// stripMarker removes a typed list marker ("• ", "– ", "- ", "1. ", "2) ")
// from the start of a normalised line and reports which it was.
func stripMarker(s string) (marker, string) {
	if loc := numberRE.FindStringIndex(s); loc != nil {
		return marker{kind: numberMarker}, strings.TrimSpace(s[loc[1]:])
	}
	if loc := letterRE.FindStringIndex(s); loc != nil {
		return marker{kind: letterMarker}, strings.TrimSpace(s[loc[1]:])
	}
	r, size := utf8.DecodeRuneInString(s)
	if r != utf8.RuneError && strings.ContainsRune(bullets, r) {
		rest := s[size:]
		// A hyphen or plus glued to a word ("-5°C", "+30") is not a marker.
		if (r == '-' || r == '+' || r == '*' || r == '~') && !strings.HasPrefix(rest, " ") {
			return marker{}, s
		}
		return marker{kind: bulletMarker, char: r}, strings.TrimSpace(rest)
	}
	return marker{}, s
}

// StripMarker removes a typed list marker ("• ", "– ", "1. ") from the
// start of s after normalising its white space: the form in which [Find]
// returns items, and the form labels are compared in.
func StripMarker(s string) string {
	_, rest := stripMarker(normalize(s))
	return rest
}

// Sentences and requests.

// sentenceEnd finds a sentence boundary: a full stop, question or
// exclamation mark, maybe closed by a quote or bracket, then space and a
// capital or an opening quote.
var sentenceEnd = regexp.MustCompile(`[.!?…]["”’»)]?\s+["“„«‘(]?\p{Lu}`)

// sentences splits a normalised paragraph into sentences.
func sentences(s string) []string {
	var out []string
	start := 0
	for _, loc := range sentenceEnd.FindAllStringIndex(s, -1) {
		cut := loc[0] + strings.IndexFunc(s[loc[0]:loc[1]], unicode.IsSpace)
		head := strings.TrimSpace(s[start:cut])
		// "Rev. Dr. Smith", "D.C. ": an abbreviation, not a boundary.
		if ws := strings.Fields(head); len(ws) == 0 || isAbbrev(ws[len(ws)-1]) {
			continue
		}
		out = append(out, head)
		start = cut
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

var abbrevs = set("mr.", "mrs.", "ms.", "dr.", "rev.", "st.", "fr.", "sr.", "jr.", "prof.", "gen.", "col.", "lt.", "sgt.", "no.", "vs.", "etc.", "e.g.", "i.e.", "sra.", "sr.", "dra.", "mme.", "m.", "hr.", "fr.", "z.b.", "bzw.")

func isAbbrev(w string) bool {
	lw := strings.ToLower(w)
	if abbrevs[lw] {
		return true
	}
	// Initials: "D.C.", "J."
	first, _ := utf8.DecodeRuneInString(w)
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return unicode.IsUpper(first) && letters <= 2 && strings.HasSuffix(w, ".") && utf8.RuneCountInString(w) <= 4
}

// requestRE matches the start of a sentence that asks the reader to pray, in
// any supported language: "Please pray for", "Pray that", "Will you join us
// in praying", "Oremos por", "Ore pelos", "Priez pour", "Bitte beten Sie".
var requestRE = regexp.MustCompile(`^(?:` + strings.Join([]string{
	// English
	`(?:(?:please|do|also|and|now|so)\s+)*(?:(?:continue|keep\s+on|remember)\s+to\s+)?pray(?:ing)?\b`,
	`(?:will|would|can|could)\s+you\s+(?:please\s+)?(?:join\s+us\s+(?:in\s+pray|and\s+pray|in\s+prayer)|pray|keep\s+praying|continue\s+to\s+pray)`,
	`(?:let\s+us|let’s|let's|lets)\s+pray\b`,
	`(?:please\s+)?join\s+us\s+(?:in\s+pray|in\s+prayer|as\s+we\s+pray|to\s+pray)`,
	`(?:we|i)\s+(?:ask|invite|urge|encourage)\s+you\s+to\s+pray\b`,
	`(?:please\s+)?(?:keep|remember|hold|lift(?:\s+up)?)\s+.{1,80}?\s+in\s+(?:your\s+)?prayers?\b`,
	`(?:please\s+)?ask\s+(?:god|the\s+lord|jesus)\b`,
	// Spanish and Portuguese
	`(?:por\s+favor,?\s+)?(?:ora|oren|orad|oremos|orar|ore|orem|vamos\s+orar|continúa\s+orando|continue\s+orando|continuem\s+orando|sigamos\s+orando)\b`,
	`(?:te|les|os)\s+(?:pedimos|invitamos)\s+(?:que\s+or|a\s+orar)`,
	`(?:pedimos|pidamos)\s+(?:oración|oração|orações|oraciones)\b`,
	`(?:convidamos|pedimos)\s+(?:você|vocês|que)\s+(?:a\s+)?or`,
	// French
	`(?:merci\s+de\s+|veuillez\s+|continuez\s+à\s+|continuons\s+à\s+|nous\s+vous\s+invitons\s+à\s+|n[’']oubliez\s+pas\s+de\s+)?(?:priez|prions|prier)\b`,
	// German
	`(?:bitte\s+)?(?:beten\s+sie|betet|bete|beten\s+wir)\b`,
	`lasst\s+uns\s+(?:.{0,40}\s+)?beten\b`,
	`wir\s+bitten\s+(?:sie|euch)\b.{0,80}\bbeten\b`,
}, "|") + `)`)

// requestStarts are the first words requestRE can match: a cheap test
// before the expression.
var requestStarts = set("please", "do", "also", "and", "now", "so", "continue", "keep", "remember",
	"pray", "praying", "will", "would", "can", "could", "let", "lets", "join", "we", "i", "hold", "lift",
	"ask", "por", "ora", "oren", "orad", "oremos", "orar", "ore", "orem", "vamos", "continúa",
	"continuem", "sigamos", "te", "les", "os", "pedimos", "pidamos", "convidamos", "merci", "veuillez",
	"continuez", "continuons", "nous", "n", "priez", "prions", "prier", "bitte", "beten", "betet", "bete",
	"lasst", "wir")

// isRequest reports whether a whole paragraph is a request to pray: every
// sentence of it asks the reader to pray.
func isRequest(text string) bool {
	text = strings.TrimLeftFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !isQuote(r)
	})
	if text == "" || isQuote([]rune(text)[0]) {
		return false
	}
	end := strings.IndexFunc(text, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(text)
	}
	if !requestStarts[strings.ToLower(text[:end])] {
		return false
	}
	if strings.HasSuffix(text, ":") || len(strings.Fields(text)) > 90 || isRequestFurniture(text) {
		return false
	}
	for _, s := range sentences(text) {
		if !requestRE.MatchString(strings.ToLower(s)) {
			return false
		}
	}
	return true
}

func isQuote(r rune) bool {
	return strings.ContainsRune("\"“”„«»‘‹›", r)
}
