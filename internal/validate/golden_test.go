package validate_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gleanerhq/gleaner/internal/validate"
)

// TestPublishGoldens checks internal/publish's golden files, the feeds its
// table tests render from hand-made entries (edge cases the demo world
// may not have: missing dates and authors, enclosures, odd languages):
// no errors.
func TestPublishGoldens(t *testing.T) {
	files, err := filepath.Glob("../publish/testdata/*.golden")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skip("no golden files in internal/publish/testdata")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".golden") // x.atom, x.rss, x.json
		switch filepath.Ext(name) {
		case ".atom", ".rss", ".json":
		default:
			continue
		}
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var ps []validate.Problem
			switch filepath.Ext(name) {
			case ".atom":
				ps = validate.Atom(b)
			case ".rss":
				ps = validate.RSS(b)
			case ".json":
				ps = validate.JSONFeed(b)
			}
			// The goldens include hostile text on purpose (markup-looking
			// titles kept as text): warnings are shown, errors fail.
			for _, p := range ps {
				if p.Severity == validate.Error {
					t.Errorf("%v", p)
				} else {
					t.Logf("%v", p)
				}
			}
		})
	}
}
