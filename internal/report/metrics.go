package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// WriteMetrics writes the metrics of run to w in the Prometheus text
// exposition format (version 0.0.4), each with its HELP and TYPE lines, for
// node_exporter's textfile collector. Every metric is a gauge: the run
// metrics describe the last run only (a later run replaces them, so
// "items new" is not a counter), and the per-source ones are the sources'
// standing after it. A run without an Outcome reports gleaner_run_success
// as 0.
func WriteMetrics(w io.Writer, run Run) error {
	st := Build(run)
	bw := bufio.NewWriter(w)
	m := &metricWriter{w: bw}

	rs := st.LastRun
	if rs == nil {
		rs = &RunStatus{}
	}
	success := 0.0
	if rs.Success != nil && *rs.Success {
		success = 1
	}
	m.gauge("gleaner_run_start_timestamp_seconds", "When the last gleaner run started, in seconds since the Unix epoch.")
	m.sample(nil, unixSeconds(rs.Started))
	m.gauge("gleaner_run_duration_seconds", "How long the last gleaner run took, fetching and publishing.")
	m.sample(nil, rs.DurationSeconds)
	m.gauge("gleaner_run_success", "1 if the last gleaner run exited 0 (feeds published, not every source failed), else 0.")
	m.sample(nil, success)
	m.gauge("gleaner_run_deadline_reached", "1 if the last gleaner run hit its --max-duration and skipped sources, else 0.")
	m.sample(nil, boolValue(rs.DeadlineReached))
	m.gauge("gleaner_sources", "Sources of the last gleaner run, by how they fared.")
	counts := map[string]int{
		"ok": rs.Sources.OK, "not_modified": rs.Sources.NotModified, "failed": rs.Sources.Failed,
		"backed_off": rs.Sources.BackedOff, "skipped": rs.Sources.Skipped,
	}
	for _, s := range Statuses {
		m.sample([]string{"status", string(s)}, float64(counts[string(s)]))
	}
	m.gauge("gleaner_items_new", "Items the last gleaner run stored for the first time.")
	m.sample(nil, float64(rs.ItemsNew))
	m.gauge("gleaner_items_updated", "Stored items the last gleaner run found changed and updated.")
	m.sample(nil, float64(rs.ItemsUpdated))
	m.gauge("gleaner_files_written", "Feed files the last gleaner run wrote (unchanged ones are left alone).")
	m.sample(nil, float64(rs.FilesWritten))

	m.gauge("gleaner_source_up", "1 if the source's latest fetch succeeded (fetched or not modified), else 0.")
	for _, s := range st.Sources {
		m.sample([]string{"source", s.ID}, boolValue(sourceUp(s)))
	}
	m.gauge("gleaner_source_last_success_timestamp_seconds", "When the source was last fetched successfully, in seconds since the Unix epoch; 0 if never.")
	for _, s := range st.Sources {
		m.sample([]string{"source", s.ID}, unixSeconds(s.LastSuccess))
	}
	m.gauge("gleaner_source_consecutive_failures", "Runs in a row in which fetching the source failed.")
	for _, s := range st.Sources {
		m.sample([]string{"source", s.ID}, float64(s.ConsecutiveFailures))
	}
	m.gauge("gleaner_source_items", "Items of the source held in gleaner's store.")
	for _, s := range st.Sources {
		m.sample([]string{"source", s.ID}, float64(s.StoredItems))
	}
	if m.err != nil {
		return m.err
	}
	return bw.Flush()
}

// sourceUp is whether a source's latest fetch succeeded: it has succeeded
// once and has not failed since.
func sourceUp(s SourceStatus) bool {
	return s.ConsecutiveFailures == 0 && !s.LastSuccess.IsZero()
}

// metricWriter writes one metric family after another, remembering the
// family's name for its samples and the first write error.
type metricWriter struct {
	w    *bufio.Writer
	name string
	err  error
}

func (m *metricWriter) gauge(name, help string) {
	m.name = name
	m.printf("# HELP %s %s\n# TYPE %s gauge\n", name, escapeHelp(help), name)
}

// sample writes one sample of the current family; labels are name, value
// pairs.
func (m *metricWriter) sample(labels []string, v float64) {
	var b strings.Builder
	b.WriteString(m.name)
	if len(labels) > 0 {
		b.WriteByte('{')
		for i := 0; i+1 < len(labels); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `%s="%s"`, labels[i], EscapeLabelValue(labels[i+1]))
		}
		b.WriteByte('}')
	}
	m.printf("%s %s\n", b.String(), formatValue(v))
}

func (m *metricWriter) printf(format string, a ...any) {
	if m.err == nil {
		_, m.err = fmt.Fprintf(m.w, format, a...)
	}
}

var (
	labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
)

// EscapeLabelValue escapes a label value for the text exposition format:
// backslash, double quote and line feed become \\, \" and \n.
func EscapeLabelValue(s string) string { return labelEscaper.Replace(s) }

// escapeHelp escapes HELP text: backslash and line feed.
func escapeHelp(s string) string { return helpEscaper.Replace(s) }

// formatValue writes v without an exponent, as short as it round-trips:
// timestamps stay readable ("1775044800.25", not "1.77504480025e+09").
func formatValue(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func unixSeconds(t time.Time) float64 {
	if t.IsZero() {
		return 0
	}
	return float64(t.UnixMilli()) / 1e3
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
