package validate_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gleanerhq/gleaner/internal/cli"
	"github.com/gleanerhq/gleaner/internal/validate"
)

var dirFlag = flag.String("dir", "", "check the feeds already published in this `directory` instead of running the demo")

// TestDemoFeeds publishes the bundled sample world the way `gleaner demo`
// does (its sites served on loopback, the whole pipeline, every output:
// all, prayer, country/XX, source/xx, good-news, africa) and checks every
// feed written: no errors and no warnings. With -dir it checks that
// directory instead (make validate uses it).
func TestDemoFeeds(t *testing.T) {
	dir := *dirFlag
	if dir == "" {
		if testing.Short() {
			t.Skip("runs the whole demo pipeline")
		}
		dir = filepath.Join(t.TempDir(), "output")
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		var stdout, stderr bytes.Buffer
		state := filepath.Join(t.TempDir(), "gleaner.db")
		if code := cli.Run(ctx, []string{"demo", "--quiet", "--output", dir, "--state", state}, &stdout, &stderr); code != cli.ExitOK {
			t.Fatalf("gleaner demo exited %d:\n%s%s", code, stdout.String(), stderr.String())
		}
	}
	got, err := validate.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, name := range validate.Names(got) {
		kinds[filepath.Ext(name)]++
		for _, p := range got[name] {
			t.Errorf("%s: %v", name, p)
		}
	}
	t.Logf("checked %d feeds in %s: %v", len(got), dir, kinds)
	// Every output is published in all three formats.
	if kinds[".atom"] == 0 || kinds[".atom"] != kinds[".rss"] || kinds[".rss"] != kinds[".json"] {
		t.Errorf("feeds by format: %v; want the same number of .atom, .rss and .json, at least one each", kinds)
	}
	if *dirFlag == "" {
		for _, want := range []string{"all.atom", "prayer.rss", "good-news.json", "africa.atom"} {
			if _, ok := got[want]; !ok {
				t.Errorf("%s was not checked (files: %s)", want, strings.Join(validate.Names(got), " "))
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "status.json")); err == nil {
			if _, ok := got["status.json"]; ok {
				t.Error("status.json was checked as a JSON Feed")
			}
		}
	}
}
