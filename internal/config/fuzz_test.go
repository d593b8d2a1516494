package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// FuzzParse checks that Parse never panics, that every error it returns
// matches ErrInvalid, and that an accepted config, written back out, parses
// to itself.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(head + "sources:\n  - id: a\n    url: https://a.example/\n    countries: [kp]\n"))
	f.Add([]byte("title: a: b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(bytes.NewReader(data), "fuzz.yaml")
		if err != nil {
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "fuzz.yaml") {
				t.Fatalf("error is not ErrInvalid or does not name the file: %v", err)
			}
			return
		}
		out, err := yaml.Marshal(c)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		again, err := Parse(bytes.NewReader(out), "again.yaml")
		if err != nil {
			t.Fatalf("accepted config does not parse back:\n%s\n%v", out, err)
		}
		if out2, _ := yaml.Marshal(again); !bytes.Equal(out, out2) {
			t.Fatalf("not a fixed point:\n%s\n---\n%s", out, out2)
		}
	})
}
