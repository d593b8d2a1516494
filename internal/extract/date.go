package extract

import (
	"time"

	"github.com/gleanerhq/gleaner/internal/dates"
)

// ParseDate finds the first date written in s and returns it: ISO 8601 and
// its HTML forms, numeric day-first dates (month-first when the second
// number is above 12), and month names in English, French, Spanish,
// Portuguese, German and Italian, with surrounding words ignored ("Publié le
// 1er août 2020"). See [dates.Find] for the forms read. A time of day and a
// zone are kept when the ISO form gives them; other dates are midnight UTC.
func ParseDate(s string) (time.Time, bool) {
	return parseDate(s, false)
}

// parseDate is ParseDate with the reading of ambiguous slashed dates chosen:
// monthFirst reads "02/03/2020" as February 3rd.
func parseDate(s string, monthFirst bool) (time.Time, bool) {
	t, _, ok := dates.Find(s, monthFirst)
	return t, ok
}

// findDate is parseDate that also returns the date as written in s.
func findDate(s string, monthFirst bool) (time.Time, string, bool) {
	return dates.Find(s, monthFirst)
}
