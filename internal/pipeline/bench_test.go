package pipeline

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchWorld is a world of n sources in rotating formats, 20 items each.
func benchWorld(b *testing.B, n int) *world {
	kinds := map[string]feedKind{}
	var order []string
	all := []feedKind{kindRSS, kindAtom, kindJSON, kindRSS1252}
	for i := range n {
		id := fmt.Sprintf("s%03d", i)
		kinds[id] = all[i%len(all)]
		order = append(order, id)
	}
	w := newWorld(b, kinds, order)
	w.plan.Concurrency = 16
	for _, id := range order {
		w.serve(id, items(id, 1, 20))
	}
	return w
}

// BenchmarkRun measures one whole run (fetch over loopback, parse, store,
// curate, publish 201 outputs × 3 formats) of a world of 200 sources with
// 20 items each: "first" on an empty state, "unchanged" when every source
// answers 304. cpu-ms/op is user+system CPU of the whole process.
func BenchmarkRun(b *testing.B) {
	b.Run("first/200-sources", func(b *testing.B) {
		b.ReportAllocs()
		var cpu time.Duration
		for b.Loop() {
			b.StopTimer()
			w := benchWorld(b, 200)
			c0 := cpuTime()
			b.StartTimer()
			rep, err := w.runner.Run(context.Background(), w.plan)
			b.StopTimer()
			cpu += cpuTime() - c0
			if err != nil || rep.Count("ok") != 200 {
				b.Fatalf("run: %v, %d ok", err, rep.Count("ok"))
			}
			b.StartTimer()
		}
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
		b.ReportMetric(4000, "items/op")
	})
	b.Run("unchanged/200-sources", func(b *testing.B) {
		b.ReportAllocs()
		w := benchWorld(b, 200)
		if _, err := w.runner.Run(context.Background(), w.plan); err != nil {
			b.Fatal(err)
		}
		var cpu time.Duration
		b.ResetTimer()
		for b.Loop() {
			c0 := cpuTime()
			rep, err := w.runner.Run(context.Background(), w.plan)
			cpu += cpuTime() - c0
			if err != nil || rep.Count("not_modified") != 200 || len(rep.FilesWritten) != 0 {
				b.Fatalf("run: %v, %d not modified, %d written", err, rep.Count("not_modified"), len(rep.FilesWritten))
			}
		}
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	})
}
