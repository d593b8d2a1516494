package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Result lists the files one [Write] call published, as slash-separated
// paths relative to its directory.
type Result struct {
	Written   []string // replaced or created
	Unchanged []string // already held the same bytes; left untouched
}

// Write renders f in every format of [Formats] and writes each to
// dir/<f.Path><ext> with [WriteFile]. Every format is rendered before any
// file is written, so a feed that does not render leaves its files as they
// were. ctx is checked before each write.
func Write(ctx context.Context, dir string, f *Feed) (Result, error) {
	var res Result
	data := make([][]byte, len(Formats))
	for i, format := range Formats {
		b, err := Render(f, format)
		if err != nil {
			return res, fmt.Errorf("render %s%s: %w", f.Path, format.Ext(), err)
		}
		data[i] = b
	}
	for i, format := range Formats {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		rel := f.Path + format.Ext()
		changed, err := WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), data[i])
		if err != nil {
			return res, fmt.Errorf("publish %s: %w", rel, err)
		}
		if changed {
			res.Written = append(res.Written, rel)
		} else {
			res.Unchanged = append(res.Unchanged, rel)
		}
	}
	return res, nil
}

// fileMode is the mode of written feeds: they are served to the public.
const fileMode = 0o644

// WriteFile atomically replaces the file at path with data, creating its
// parent directories, and reports whether it wrote. When the file already
// holds exactly data it is left alone, modification time included, and
// changed is false.
//
// The data goes to a temporary file in the same directory, which is synced,
// renamed over path and removed again on any failure; the directory is then
// synced so the rename survives a crash. Readers see the old file or the
// new one, never a partial one. An error after the rename (syncing the
// directory) comes with changed true.
func WriteFile(path string, data []byte) (changed bool, err error) {
	same, err := holds(path, data)
	if err != nil {
		return false, err
	}
	if same {
		return false, nil
	}

	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return false, err
	}
	renamed := false
	defer func() {
		if !renamed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return false, err
	}
	if err := tmp.Chmod(fileMode); err != nil {
		return false, err
	}
	if err := tmp.Sync(); err != nil {
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return false, err
	}
	renamed = true
	if err := syncDir(dir); err != nil {
		return true, fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return true, nil
}

// holds reports whether path is a regular file whose content is data.
// Anything else at path (nothing, a directory) is not, and is left for the
// rename to replace or fail on.
func holds(path string, data []byte) (bool, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false, nil
	}
	old, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	return bytes.Equal(old, data), nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// staleAfter is how old a temporary file must be before RemoveStale takes
// it for the leftover of a killed run rather than a write in progress.
const staleAfter = 10 * time.Minute

// RemoveStale deletes the temporary files (".<name>.tmp-*") that a run
// killed in the middle of WriteFile left under dir, once they are older
// than a few minutes. It returns how many it removed.
func RemoveStale(dir string, now time.Time) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		name := d.Name()
		if d.IsDir() || !strings.HasPrefix(name, ".") || !strings.Contains(name, ".tmp-") {
			return nil
		}
		info, err := d.Info()
		if err != nil || now.Sub(info.ModTime()) < staleAfter {
			return nil
		}
		if err := os.Remove(p); err == nil {
			n++
		}
		return nil
	})
	return n, err
}
