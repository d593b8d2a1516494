package serve

import (
	"crypto/sha256"
	"encoding/base64"
	"os"
	"sync"
)

// tagCache remembers the content hash of each file served, keyed by its
// path and valid while the file is the same one (same inode, size and
// modification time), so that a file is hashed once per version rather
// than once per request. publish replaces a file by renaming a new one
// over it, which gives it a new inode.
type tagCache struct {
	mu sync.Mutex
	m  map[string]tagEntry
}

type tagEntry struct {
	info os.FileInfo
	tag  string
}

// maxTags bounds the cache; past it the cache starts afresh. An output
// directory holds a few thousand files at most.
const maxTags = 20000

func newTagCache() *tagCache { return &tagCache{m: map[string]tagEntry{}} }

// get returns the tag of the file at rel when fi describes the version it
// was computed for.
func (c *tagCache) get(rel string, fi os.FileInfo) (string, bool) {
	c.mu.Lock()
	e, ok := c.m[rel]
	c.mu.Unlock()
	if !ok || !sameVersion(e.info, fi) {
		return "", false
	}
	return e.tag, true
}

// put computes the tag of data, the content of the version fi describes,
// and remembers it.
func (c *tagCache) put(rel string, fi os.FileInfo, data []byte) string {
	sum := sha256.Sum256(data)
	tag := base64.RawURLEncoding.EncodeToString(sum[:18])
	c.mu.Lock()
	if len(c.m) >= maxTags {
		clear(c.m)
	}
	c.m[rel] = tagEntry{info: fi, tag: tag}
	c.mu.Unlock()
	return tag
}

func sameVersion(a, b os.FileInfo) bool {
	return a.Size() == b.Size() && a.ModTime().Equal(b.ModTime()) && os.SameFile(a, b)
}
