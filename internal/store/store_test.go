package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gleanerhq/gleaner/internal/model"
)

// openTest opens a store at path (":memory:" or a file name inside a fresh
// temporary directory) and closes it when the test ends.
func openTest(t testing.TB, path string) *Store {
	t.Helper()
	if path != ":memory:" {
		path = filepath.Join(t.TempDir(), path)
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(%q): %v", path, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// bothKinds runs f against an in-memory and a file-backed store.
func bothKinds(t *testing.T, f func(t *testing.T, s *Store)) {
	for _, path := range []string{":memory:", "gleaner.db"} {
		t.Run(path, func(t *testing.T) { f(t, openTest(t, path)) })
	}
}

func pragma(t *testing.T, s *Store, name string) string {
	t.Helper()
	var v string
	if err := s.w.QueryRow("PRAGMA " + name).Scan(&v); err != nil {
		t.Fatalf("PRAGMA %s: %v", name, err)
	}
	return v
}

func TestOpenPragmas(t *testing.T) {
	tests := []struct {
		path        string
		journalMode string
	}{
		{":memory:", "memory"},
		{"gleaner.db", "wal"},
		{"odd ?name#%.db", "wal"}, // URI syntax in a file name is escaped
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			s := openTest(t, tt.path)
			for name, want := range map[string]string{
				"journal_mode": tt.journalMode,
				"foreign_keys": "1",
				"synchronous":  "1", // NORMAL
				"busy_timeout": fmt.Sprint(busyTimeout.Milliseconds()),
				"user_version": fmt.Sprint(len(migrations)),
			} {
				if got := pragma(t, s, name); got != want {
					t.Errorf("PRAGMA %s = %q, want %q", name, got, want)
				}
			}
			if tt.path != ":memory:" {
				file := s.path(t)
				if filepath.Base(file) != tt.path {
					t.Errorf("database file is %q, want base name %q", file, tt.path)
				}
				if _, err := os.Stat(file); err != nil {
					t.Errorf("database file not created: %v", err)
				}
			}
		})
	}
}

// path returns the file behind the store's main database.
func (s *Store) path(t *testing.T) string {
	t.Helper()
	var seq int
	var name, file string
	if err := s.w.QueryRow("PRAGMA database_list").Scan(&seq, &name, &file); err != nil {
		t.Fatalf("PRAGMA database_list: %v", err)
	}
	return file
}

func TestReadPoolIsQueryOnly(t *testing.T) {
	s := openTest(t, "gleaner.db")
	_, err := s.r.Exec(`DELETE FROM items`)
	if err == nil {
		t.Fatal("write through the read pool succeeded, want an error")
	}
}

func TestOpenMissingDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "dir", "gleaner.db")
	s, err := Open(context.Background(), path)
	if err == nil {
		s.Close()
		t.Fatal("Open in a missing directory succeeded, want an error")
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the path %q", err, path)
	}
}

func TestMigrationsRunOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "gleaner.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	if _, err := s.UpsertItems(ctx, []model.Item{testItem("a", "1", now)}, now); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopening must not re-run migration 1: its CREATE TABLEs would fail,
	// and the item would be gone if the schema were rebuilt.
	for range 2 {
		s, err = Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		if got := pragma(t, s, "user_version"); got != fmt.Sprint(len(migrations)) {
			t.Errorf("user_version = %s, want %d", got, len(migrations))
		}
		if n, err := s.CountItems(ctx); err != nil || n != 1 {
			t.Errorf("CountItems after reopen = %d, %v; want 1", n, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "gleaner.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec(fmt.Sprintf("PRAGMA user_version = %d", len(migrations)+1)); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(ctx, path)
	if err == nil {
		s.Close()
		t.Fatal("Open of a newer schema succeeded, want an error")
	}
	if !errors.Is(err, ErrSchemaTooNew) {
		t.Errorf("error %q does not wrap ErrSchemaTooNew", err)
	}
	if want := fmt.Sprintf("schema version %d", len(migrations)+1); !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
}

func TestIntegrityCheck(t *testing.T) {
	bothKinds(t, func(t *testing.T, s *Store) {
		now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
		if _, err := s.UpsertItems(context.Background(), []model.Item{testItem("a", "1", now)}, now); err != nil {
			t.Fatal(err)
		}
		if err := s.IntegrityCheck(context.Background()); err != nil {
			t.Errorf("IntegrityCheck: %v", err)
		}
	})
}

func TestFetchState(t *testing.T) {
	ctx := context.Background()
	fetched := time.Date(2025, 3, 1, 12, 30, 15, 123456789, time.FixedZone("CET", 3600))
	tests := []struct {
		name string
		puts []model.FetchState
		url  string
		want model.FetchState
	}{
		{
			name: "unknown URL is zero with URL set",
			url:  "https://a.example/feed",
			want: model.FetchState{URL: "https://a.example/feed"},
		},
		{
			name: "every field round-trips, time in UTC",
			puts: []model.FetchState{{
				URL: "https://a.example/feed", ETag: `W/"abc"`, LastModified: "Sat, 01 Mar 2025 11:30:15 GMT",
				PermanentURL: "https://b.example/feed", LastStatus: 200, LastFetched: fetched,
			}},
			url: "https://a.example/feed",
			want: model.FetchState{
				URL: "https://a.example/feed", ETag: `W/"abc"`, LastModified: "Sat, 01 Mar 2025 11:30:15 GMT",
				PermanentURL: "https://b.example/feed", LastStatus: 200, LastFetched: fetched.UTC(),
			},
		},
		{
			name: "a later put replaces, zero time stays zero",
			puts: []model.FetchState{
				{URL: "https://a.example/feed", ETag: `"1"`, LastStatus: 200, LastFetched: fetched},
				{URL: "https://a.example/feed", LastStatus: 500},
			},
			url:  "https://a.example/feed",
			want: model.FetchState{URL: "https://a.example/feed", LastStatus: 500},
		},
		{
			name: "URLs are independent",
			puts: []model.FetchState{
				{URL: "https://a.example/feed", ETag: `"a"`},
				{URL: "https://b.example/feed", ETag: `"b"`},
			},
			url:  "https://a.example/feed",
			want: model.FetchState{URL: "https://a.example/feed", ETag: `"a"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t, ":memory:")
			for _, st := range tt.puts {
				if err := s.PutFetchState(ctx, st); err != nil {
					t.Fatalf("PutFetchState: %v", err)
				}
			}
			got, err := s.FetchState(ctx, tt.url)
			if err != nil {
				t.Fatalf("FetchState: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FetchState(%q)\n got %+v\nwant %+v", tt.url, got, tt.want)
			}
			// The batch calls agree: all puts in one transaction, then
			// the URL read among others.
			s2 := openTest(t, ":memory:")
			if err := s2.PutFetchStates(ctx, tt.puts); err != nil {
				t.Fatalf("PutFetchStates: %v", err)
			}
			all, err := s2.FetchStates(ctx, []string{tt.url, "https://other.example/"})
			if err != nil {
				t.Fatalf("FetchStates: %v", err)
			}
			if !reflect.DeepEqual(all[tt.url], tt.want) || all["https://other.example/"] != (model.FetchState{URL: "https://other.example/"}) {
				t.Errorf("FetchStates: %+v, want %+v and a zero state", all, tt.want)
			}
		})
	}

	t.Run("empty URL is an error", func(t *testing.T) {
		s := openTest(t, ":memory:")
		if err := s.PutFetchState(ctx, model.FetchState{ETag: "x"}); err == nil {
			t.Error("PutFetchState with empty URL succeeded")
		}
		// In a batch, the error rolls back the whole batch.
		err := s.PutFetchStates(ctx, []model.FetchState{{URL: "https://a.example/", ETag: "a"}, {ETag: "x"}})
		if err == nil {
			t.Error("PutFetchStates with an empty URL succeeded")
		}
		if st, _ := s.FetchState(ctx, "https://a.example/"); st.ETag != "" {
			t.Errorf("a failed batch stored %+v", st)
		}
	})
}

func TestHealth(t *testing.T) {
	ctx := context.Background()
	loc := time.FixedZone("BRT", -3*3600)
	full := model.SourceHealth{
		SourceID:    "opendoors-uk",
		LastSuccess: time.Date(2025, 3, 1, 9, 0, 0, 1, loc),
		LastAttempt: time.Date(2025, 3, 2, 9, 0, 0, 2, loc),
		LastError:   "fetch https://a.example/feed: 503 Service Unavailable",
		Failures:    3,
		NextAttempt: time.Date(2025, 3, 2, 17, 0, 0, 0, loc),
		Meta: model.FeedMeta{
			Title: "Open Doors", Description: "News", HomeURL: "https://a.example/",
			FeedURL: "https://a.example/feed", Language: "en-GB", ImageURL: "https://a.example/logo.png",
			Authors: []model.Person{{Name: "Press office", Email: "press@a.example", URL: "https://a.example/press"}},
			Format:  "rss 2.0",
		},
	}
	wantFull := full
	wantFull.LastSuccess = full.LastSuccess.UTC()
	wantFull.LastAttempt = full.LastAttempt.UTC()
	wantFull.NextAttempt = full.NextAttempt.UTC()

	tests := []struct {
		name string
		puts []model.SourceHealth
		id   string
		want model.SourceHealth
	}{
		{name: "unknown source is zero with ID set", id: "x", want: model.SourceHealth{SourceID: "x"}},
		{name: "every field round-trips", puts: []model.SourceHealth{full}, id: full.SourceID, want: wantFull},
		{
			name: "a later put replaces",
			puts: []model.SourceHealth{full, {SourceID: full.SourceID, LastSuccess: full.LastSuccess}},
			id:   full.SourceID,
			want: model.SourceHealth{SourceID: full.SourceID, LastSuccess: full.LastSuccess.UTC()},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t, ":memory:")
			for _, h := range tt.puts {
				if err := s.PutHealth(ctx, h); err != nil {
					t.Fatalf("PutHealth: %v", err)
				}
			}
			got, err := s.Health(ctx, tt.id)
			if err != nil {
				t.Fatalf("Health: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Health(%q)\n got %+v\nwant %+v", tt.id, got, tt.want)
			}
		})
	}

	t.Run("AllHealth is ordered by source ID", func(t *testing.T) {
		s := openTest(t, ":memory:")
		if all, err := s.AllHealth(ctx); err != nil || len(all) != 0 {
			t.Fatalf("AllHealth on empty store = %v, %v", all, err)
		}
		for _, id := range []string{"c", "a", "b"} {
			if err := s.PutHealth(ctx, model.SourceHealth{SourceID: id, Failures: len(id)}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.PutHealth(ctx, full); err != nil {
			t.Fatal(err)
		}
		all, err := s.AllHealth(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range all {
			ids = append(ids, h.SourceID)
		}
		if want := []string{"a", "b", "c", "opendoors-uk"}; !reflect.DeepEqual(ids, want) {
			t.Errorf("AllHealth IDs = %q, want %q", ids, want)
		}
		if !reflect.DeepEqual(all[3], wantFull) {
			t.Errorf("AllHealth[3]\n got %+v\nwant %+v", all[3], wantFull)
		}
	})
}

func TestRuns(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, ":memory:")

	if _, ok, err := s.LastRun(ctx); err != nil || ok {
		t.Fatalf("LastRun on empty store: ok=%v err=%v, want false, nil", ok, err)
	}

	cet := time.FixedZone("CET", 3600)
	started := time.Date(2025, 3, 1, 6, 0, 0, 500, cet)
	id, err := s.StartRun(ctx, started)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.LastRun(ctx); ok {
		t.Error("LastRun returned an unfinished run")
	}
	report := model.RunReport{
		ID:       id,
		Started:  started,
		Finished: started.Add(90 * time.Second),
		Sources: []model.SourceReport{
			{SourceID: "a", URL: "https://a.example/feed", Status: model.StatusOK, HTTPStatus: 200,
				Items: 10, New: 3, Updated: 1, Duration: 1500 * time.Millisecond},
			{SourceID: "b", URL: "https://b.example/feed", Status: model.StatusFailed, HTTPStatus: 503,
				Error: "fetch: 503", NextAttempt: started.Add(time.Hour), Duration: time.Second},
			{SourceID: "c", URL: "https://c.example/feed", Status: model.StatusNotModified, HTTPStatus: 304},
		},
		FilesWritten: []string{"all.atom", "all.rss"},
		FilesKept:    4,
		Published:    true,
	}
	if err := s.FinishRun(ctx, report); err != nil {
		t.Fatal(err)
	}
	if report.Sources[1].NextAttempt.Location() != cet {
		t.Error("FinishRun modified the caller's report")
	}

	want := report
	want.Started = started.UTC()
	want.Finished = report.Finished.UTC()
	want.Sources = append([]model.SourceReport(nil), report.Sources...)
	want.Sources[1].NextAttempt = report.Sources[1].NextAttempt.UTC()
	got, ok, err := s.LastRun(ctx)
	if err != nil || !ok {
		t.Fatalf("LastRun: ok=%v err=%v", ok, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LastRun\n got %+v\nwant %+v", got, want)
	}

	var okCount, failed, notModified, newItems, updated, files, published int
	err = s.w.QueryRow(`SELECT sources_ok, sources_failed, sources_not_modified, items_new, items_updated,
		files_written, published FROM runs WHERE id = ?`, id).Scan(
		&okCount, &failed, &notModified, &newItems, &updated, &files, &published)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := []int{okCount, failed, notModified, newItems, updated, files, published},
		[]int{1, 1, 1, 3, 1, 2, 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("summary columns = %v, want %v", got, want)
	}

	// A later finished run is the last; an unfinished one after it is not.
	id2, err := s.StartRun(ctx, started.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if id2 <= id {
		t.Errorf("second run ID %d not after first %d", id2, id)
	}
	if err := s.FinishRun(ctx, model.RunReport{ID: id2, Finished: started.Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StartRun(ctx, started.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, ok, err = s.LastRun(ctx)
	if err != nil || !ok {
		t.Fatalf("LastRun: ok=%v err=%v", ok, err)
	}
	if got.ID != id2 || !got.Started.Equal(started.Add(time.Hour)) {
		t.Errorf("LastRun = run %d started %v, want run %d started %v (from StartRun)",
			got.ID, got.Started, id2, started.Add(time.Hour))
	}

	for _, bad := range []int64{0, -1, id2 + 100} {
		if err := s.FinishRun(ctx, model.RunReport{ID: bad}); err == nil {
			t.Errorf("FinishRun(ID %d) succeeded, want an error", bad)
		}
	}
}

// TestConcurrentUpserts has one goroutine per source writing while others
// read, as the pipeline does, on a file database: no call may fail with
// SQLITE_BUSY or lose an item.
func TestConcurrentUpserts(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "gleaner.db")
	const (
		sources = 8
		batches = 5
		perRun  = 40
	)
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	errs := make(chan error, 2*sources)
	for g := range sources {
		src := fmt.Sprintf("source-%d", g)
		wg.Go(func() {
			for b := range batches {
				items := make([]model.Item, perRun)
				for i := range items {
					items[i] = testItem(src, fmt.Sprintf("%d-%d", b, i), now.Add(time.Duration(i)*time.Minute))
				}
				if _, err := s.UpsertItems(ctx, items, now); err != nil {
					errs <- err
					return
				}
				// Re-upserting the same batch changes nothing.
				res, err := s.UpsertItems(ctx, items, now.Add(time.Hour))
				if err != nil {
					errs <- err
					return
				}
				if res.Unchanged != perRun {
					errs <- fmt.Errorf("%s batch %d: re-upsert %+v, want all unchanged", src, b, res)
					return
				}
				if err := s.PutFetchState(ctx, model.FetchState{URL: src, LastStatus: 200 + b}); err != nil {
					errs <- err
					return
				}
			}
		})
		wg.Go(func() {
			for range batches {
				if _, err := s.Items(ctx, Query{Sources: []string{src}, Limit: 10}); err != nil {
					errs <- err
					return
				}
				if _, err := s.FetchState(ctx, src); err != nil {
					errs <- err
					return
				}
				if _, err := s.CountItems(ctx); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n, err := s.CountItems(ctx); err != nil || n != sources*batches*perRun {
		t.Errorf("CountItems = %d, %v; want %d", n, err, sources*batches*perRun)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}
