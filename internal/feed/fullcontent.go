package feed

import (
	"strings"
	"unicode/utf8"
)

// isFullContent reports whether content is believed to hold the whole
// article, by the rule in the package documentation: content is not empty,
// its text is not the summary's repeated, and it does not look truncated.
func isFullContent(summary, content fragment) bool {
	if strings.TrimSpace(content.html) == "" {
		return false
	}
	if s := summary.text; s != "" && strings.HasPrefix(s, content.text) {
		return false
	}
	return !looksTruncated(content.text)
}

// truncationMarkers are lower-case phrases that, near the end of a text,
// mean the text is an excerpt.
var truncationMarkers = []string{
	"[…]", "[...]", "[&hellip;]",
	"read more", "continue reading", "keep reading", "full story",
	"leer más", "leer mas", "seguir leyendo", "sigue leyendo",
	"lire la suite", "en savoir plus",
	"leia mais", "continuar lendo", "continue lendo",
	"weiterlesen", "mehr lesen",
}

// tailLength is how many bytes at the end of a text are searched for
// a truncation marker: enough for "Continue reading <the title> →".
const tailLength = 80

// footerLength bounds how far from the end the WordPress footer is looked
// for: its title and site name rarely run past a few hundred bytes.
const footerLength = 512

// looksTruncated reports whether a text ends like an excerpt: a marker in
// its last tailLength bytes or an ellipsis at its end, once a WordPress
// footer is set aside.
func looksTruncated(text string) bool {
	t := text
	if len(t) > footerLength {
		t = t[runeStart(t, len(t)-footerLength):]
	}
	t = strings.ToLower(t)
	// WordPress SEO plugins append this line to excerpts and full posts
	// alike; the marker, if any, comes before it.
	if i := strings.LastIndex(t, "the post "); i >= 0 && strings.Contains(t[i:], " appeared first on ") {
		t = strings.TrimSpace(t[:i])
	}
	if tail := strings.TrimRight(t, " →»›>"); strings.HasSuffix(tail, "…") || strings.HasSuffix(tail, "...") {
		return true
	}
	if len(t) > tailLength {
		t = t[runeStart(t, len(t)-tailLength):]
	}
	for _, m := range truncationMarkers {
		if strings.Contains(t, m) {
			return true
		}
	}
	return false
}

// runeStart returns the first offset at or after i that begins a rune.
func runeStart(s string, i int) int {
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return i
}
