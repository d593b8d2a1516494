package publish

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestWriteFileCreatesParentDirs(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "source", "opendoors-uk", "feed.atom")
	changed, err := WriteFile(path, []byte("one"))
	if err != nil || !changed {
		t.Fatalf("WriteFile = %v, %v; want true, nil", changed, err)
	}
	checkFile(t, path, "one")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != fileMode {
		t.Errorf("mode = %v, want %v", fi.Mode().Perm(), os.FileMode(fileMode))
	}
	checkNoTemp(t, filepath.Dir(path))
}

func TestWriteFileUnchangedKeepsMtime(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "all.rss")
	if _, err := WriteFile(path, []byte("same")); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}

	changed, err := WriteFile(path, []byte("same"))
	if err != nil || changed {
		t.Fatalf("WriteFile(same bytes) = %v, %v; want false, nil", changed, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !fi.ModTime().Equal(old) {
		t.Errorf("mtime = %v, want it untouched at %v", fi.ModTime(), old)
	}
	checkNoTemp(t, dir)
}

func TestWriteFileReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "all.json")
	for _, content := range []string{"first version", "second", "same length!!"} {
		changed, err := WriteFile(path, []byte(content))
		if err != nil || !changed {
			t.Fatalf("WriteFile(%q) = %v, %v; want true, nil", content, changed, err)
		}
		checkFile(t, path, content)
	}
	checkNoTemp(t, dir)
}

// TestWriteFileErrorLeavesNoTemp makes the rename fail (a non-empty
// directory is in the way) after the temporary file was written.
func TestWriteFileErrorLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "all.atom")
	if err := os.MkdirAll(filepath.Join(path, "child"), 0o755); err != nil {
		t.Fatal(err)
	}
	changed, err := WriteFile(path, []byte("data"))
	if err == nil || changed {
		t.Fatalf("WriteFile over a directory = %v, %v; want false and an error", changed, err)
	}
	checkNoTemp(t, dir)
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	f := severalCategoriesFeed()
	want := []string{"source/opendoors-uk.atom", "source/opendoors-uk.rss", "source/opendoors-uk.json"}

	res, err := Write(t.Context(), dir, f)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Written, want) || len(res.Unchanged) != 0 {
		t.Errorf("first Write = %+v, want all written", res)
	}
	for i, format := range Formats {
		data, err := Render(f, format)
		if err != nil {
			t.Fatal(err)
		}
		checkFile(t, filepath.Join(dir, filepath.FromSlash(want[i])), string(data))
	}

	res, err = Write(t.Context(), dir, f)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Unchanged, want) || len(res.Written) != 0 {
		t.Errorf("second Write = %+v, want all unchanged", res)
	}
	checkNoTemp(t, filepath.Join(dir, "source"))
}

func TestWriteInvalidFeedWritesNothing(t *testing.T) {
	dir := t.TempDir()
	f := basicFeed()
	f.Entries[0].ID = ""
	if _, err := Write(t.Context(), dir, f); !errors.Is(err, ErrInvalidFeed) {
		t.Fatalf("Write = %v, want ErrInvalidFeed", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Write left %d files behind", len(entries))
	}
}

func TestWriteCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	dir := t.TempDir()
	if _, err := Write(ctx, dir, basicFeed()); !errors.Is(err, context.Canceled) {
		t.Fatalf("Write = %v, want context.Canceled", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Write wrote %d files after cancellation", len(entries))
	}
}

func checkFile(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s = %q, want %q", path, got, want)
	}
}

func checkNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left in %s", e.Name(), dir)
		}
	}
}
