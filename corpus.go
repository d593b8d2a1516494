// Package gleaner holds the labelled corpus of partner sites in
// testdata/corpus: the sample world that `gleaner demo` serves on loopback
// and that the extraction, prayer and country evaluations measure against.
//
// The program itself lives in cmd/gleaner and internal/.
package gleaner

import (
	"embed"
	"io/fs"
)

//go:embed testdata/corpus
var corpus embed.FS

// Corpus returns the corpus: labels.json and sites/<id>/… at its root.
func Corpus() fs.FS {
	sub, err := fs.Sub(corpus, "testdata/corpus")
	if err != nil {
		panic(err) // the pattern above guarantees the directory
	}
	return sub
}
