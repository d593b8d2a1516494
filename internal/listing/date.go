package listing

import (
	"time"

	"github.com/gleanerhq/gleaner/internal/dates"
)

// ParseDate reads a date as partners write it in listing pages and returns it
// in UTC (midnight when the text has no time). It reports false when s holds
// no complete date (day, month and year). Surrounding words are allowed
// ("Publié le 18 septembre 2017", "Posted on Sept. 18, 2017 by …"), and the
// first date in the text wins; numeric dates are read day-first unless the
// second field is over 12 ("09/18/2017"). See [dates.Parse].
func ParseDate(s string) (time.Time, bool) {
	return dates.Parse(s)
}

// foldWord lower-cases a word and drops the accents month names carry.
func foldWord(w string) string { return dates.Fold(w) }
