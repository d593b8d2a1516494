package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gleanerhq/gleaner/internal/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// cases returns the inputs testdata/<case>.json, each a Run as JSON.
func cases(t *testing.T) map[string]Run {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/*.json: %v", err)
	}
	runs := make(map[string]Run)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var run Run
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&run); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		runs[strings.TrimSuffix(filepath.Base(f), ".json")] = run
	}
	return runs
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it):\n%s", path, diff(want, got))
	}
}

// diff lists the lines that differ, want first.
func diff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n- %s\n+ %s\n", i+1, wl, gl)
		}
	}
	return b.String()
}

func TestStatusJSONGolden(t *testing.T) {
	for name, run := range cases(t) {
		t.Run(name, func(t *testing.T) {
			got, err := JSON(run)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, name+".status.golden", got)

			// Idempotence: the golden decodes into a Status that encodes
			// to the same bytes, so readers can round-trip it.
			var st Status
			if err := json.Unmarshal(got, &st); err != nil {
				t.Fatal(err)
			}
			again, err := json.MarshalIndent(st, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(append(again, '\n'), got) {
				t.Errorf("status does not round-trip:\n%s", diff(got, append(again, '\n')))
			}
		})
	}
}

func TestMetricsGolden(t *testing.T) {
	for name, run := range cases(t) {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteMetrics(&b, run); err != nil {
				t.Fatal(err)
			}
			golden(t, name+".prom.golden", b.Bytes())
		})
	}
}

// The exposition format, as far as gleaner uses it: HELP and TYPE lines,
// then samples "name{label="value",…} value" with escaped label values.
var (
	helpLine   = regexp.MustCompile(`^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (?:[^\\\n]|\\\\|\\n)*$`)
	typeLine   = regexp.MustCompile(`^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$`)
	sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\\\|\\"|\\n)*")(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\\\|\\"|\\n)*")*\})? (\S+)$`)
)

// checkExposition fails the test for every line of text that is not well
// formed, for a sample without a TYPE line before it, for a family whose
// lines are not together and for a series given twice.
func checkExposition(t *testing.T, text string) {
	t.Helper()
	if !strings.HasSuffix(text, "\n") {
		t.Errorf("metrics do not end with a line feed")
	}
	typed := map[string]bool{}
	helped := map[string]bool{}
	series := map[string]bool{}
	current := ""
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		n := i + 1
		switch {
		case strings.HasPrefix(line, "# HELP "):
			m := helpLine.FindStringSubmatch(line)
			if m == nil {
				t.Errorf("line %d: malformed HELP: %q", n, line)
				continue
			}
			if helped[m[1]] {
				t.Errorf("line %d: second HELP for %s", n, m[1])
			}
			helped[m[1]] = true
			current = m[1]
		case strings.HasPrefix(line, "# TYPE "):
			m := typeLine.FindStringSubmatch(line)
			if m == nil {
				t.Errorf("line %d: malformed TYPE: %q", n, line)
				continue
			}
			if typed[m[1]] || m[1] != current {
				t.Errorf("line %d: TYPE for %s out of place", n, m[1])
			}
			typed[m[1]] = true
		case strings.HasPrefix(line, "#") || line == "":
			t.Errorf("line %d: unexpected line %q", n, line)
		default:
			m := sampleLine.FindStringSubmatch(line)
			if m == nil {
				t.Errorf("line %d: malformed sample: %q", n, line)
				continue
			}
			if !typed[m[1]] || m[1] != current {
				t.Errorf("line %d: sample of %s without its HELP and TYPE just before", n, m[1])
			}
			if _, err := strconv.ParseFloat(m[3], 64); err != nil {
				t.Errorf("line %d: value %q: %v", n, m[3], err)
			}
			if strings.HasSuffix(m[1], "_total") && !strings.Contains(text, "# TYPE "+m[1]+" counter") {
				t.Errorf("line %d: %s is named like a counter but is not one", n, m[1])
			}
			key := m[1] + m[2]
			if series[key] {
				t.Errorf("line %d: series %s given twice", n, key)
			}
			series[key] = true
		}
	}
	for name := range helped {
		if !typed[name] {
			t.Errorf("%s has HELP but no TYPE", name)
		}
	}
}

func TestMetricsAreWellFormed(t *testing.T) {
	runs := cases(t)
	// A source ID that needs escaping: feeds.yaml forbids it, the format
	// must survive it anyway.
	odd := runs["mixed_sources"]
	odd.Report.Sources = append(append([]model.SourceReport(nil), odd.Report.Sources...),
		model.SourceReport{SourceID: "a\"b\\c\nd", Status: model.StatusOK})
	runs["odd_label"] = odd
	runs["empty"] = Run{}
	for name, run := range runs {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteMetrics(&b, run); err != nil {
				t.Fatal(err)
			}
			checkExposition(t, b.String())
			for _, want := range []string{
				"gleaner_run_start_timestamp_seconds", "gleaner_run_duration_seconds", "gleaner_run_success",
				`gleaner_sources{status="ok"}`, `gleaner_sources{status="not_modified"}`, `gleaner_sources{status="failed"}`,
				`gleaner_sources{status="backed_off"}`, `gleaner_sources{status="skipped"}`,
				"gleaner_items_new", "gleaner_items_updated", "gleaner_files_written",
			} {
				if !strings.Contains(b.String(), "\n"+want+" ") {
					t.Errorf("no sample %s", want)
				}
			}
		})
	}
}

func TestEscapeLabelValue(t *testing.T) {
	for in, want := range map[string]string{
		"opendoors-uk": "opendoors-uk",
		`say "hi"`:     `say \"hi\"`,
		`C:\feeds`:     `C:\\feeds`,
		"two\nlines":   `two\nlines`,
		"ünïcode":      "ünïcode",
	} {
		if got := EscapeLabelValue(in); got != want {
			t.Errorf("EscapeLabelValue(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBuildWithoutRunListsTheStoredSources(t *testing.T) {
	last := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
	st := Build(Run{
		Health:      []model.SourceHealth{{SourceID: "b", Failures: 2, LastError: "boom"}, {SourceID: "a", LastSuccess: last}},
		StoredItems: map[string]int{"a": 3},
	})
	if st.LastRun != nil {
		t.Errorf("LastRun = %+v, want nil without a report", st.LastRun)
	}
	if len(st.Sources) != 2 || st.Sources[0].ID != "a" || st.Sources[1].ID != "b" {
		t.Fatalf("Sources = %+v, want a then b", st.Sources)
	}
	if a := st.Sources[0]; a.StoredItems != 3 || !a.LastSuccess.Equal(last) || a.Status != "" {
		t.Errorf("a = %+v", a)
	}
	if b := st.Sources[1]; b.ConsecutiveFailures != 2 || b.Error != "boom" {
		t.Errorf("b = %+v", b)
	}
}

func TestUnknownOutcomeIsLeftOut(t *testing.T) {
	run := cases(t)["mixed_sources"]
	run.Outcome = nil
	b, err := JSON(run)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte(`"success"`)) || bytes.Contains(b, []byte(`"exit_code"`)) {
		t.Errorf("status without an outcome claims one:\n%s", b)
	}
	var m bytes.Buffer
	if err := WriteMetrics(&m, run); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.String(), "\ngleaner_run_success 0\n") {
		t.Errorf("a run of unknown outcome is not reported as unsuccessful")
	}
}
