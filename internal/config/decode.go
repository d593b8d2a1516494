package config

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Why decode walks the node tree itself: yaml.v3's Decoder.KnownFields
// catches unknown keys but stops at the first problem, and Node.Decode
// ignores KnownFields altogether. Walking the tree against the struct's
// yaml tags reports every unknown key, duplicate key and wrongly typed
// value at once, each with its field path and line, and records the line of
// every field for Validate.

// maxNodes bounds the nodes decode visits, aliases expanded, so that a
// small file of nested aliases ("billion laughs") cannot exhaust memory.
const maxNodes = 100_000

// decode reads one YAML document from r onto c and sets c.lines. It
// returns the paths the document gave a non-null value and every problem
// found; ok is false when c is not worth validating (the file is empty, not
// YAML, not a mapping, or too big once aliases are expanded).
func decode(r io.Reader, name string, c *Config) (set map[string]bool, errs Errors, ok bool) {
	dec := yaml.NewDecoder(r)
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, Errors{{File: name, Msg: "is empty"}}, false
		}
		return nil, Errors{syntaxError(name, err)}, false
	}
	if len(doc.Content) == 0 || isNull(doc.Content[0]) {
		return nil, Errors{{File: name, Msg: "is empty"}}, false
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, Errors{syntaxError(name, err)}, false
	case len(next.Content) > 0 && !isNull(next.Content[0]):
		return nil, Errors{{File: name, Line: next.Line, Msg: "a second YAML document starts here; a config file holds one"}}, false
	}

	root := doc.Content[0]
	if root.Kind == yaml.AliasNode {
		root = root.Alias
	}
	if root.Kind != yaml.MappingNode {
		return nil, Errors{{File: name, Line: root.Line, Msg: fmt.Sprintf("must be a mapping of settings such as title: and sources: (got %s)", describe(root))}}, false
	}
	d := &decoder{file: name, lines: map[string]int{}, set: map[string]bool{}, budget: maxNodes}
	d.value(root, reflect.ValueOf(c).Elem(), "")
	c.lines = d.lines
	if d.tooBig != nil {
		return nil, Errors{d.tooBig}, false // what was decoded is a fragment
	}
	return d.set, d.errs, true
}

// yamlLine matches yaml.v3's syntax errors. yaml.v3 leaves out "line N: "
// when the problem is on the first line (it takes line 0 for unknown), so
// those errors come out without a line.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func syntaxError(name string, err error) *Error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: name, Line: line, Msg: "invalid YAML: " + m[2]}
	}
	return &Error{File: name, Msg: "is not valid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

type decoder struct {
	file   string
	lines  map[string]int  // path → line of its key or list item
	set    map[string]bool // paths given a non-null value
	errs   Errors
	budget int    // nodes left to visit
	tooBig *Error // set when budget ran out
}

func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: n.Line, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// value decodes n onto v, which is addressable.
func (d *decoder) value(n *yaml.Node, v reflect.Value, path string) {
	if d.budget--; d.budget < 0 {
		if d.tooBig == nil {
			d.tooBig = &Error{File: d.file, Line: n.Line, Path: path, Msg: fmt.Sprintf("too many values (more than %d, aliases expanded)", maxNodes)}
		}
		return
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if isNull(n) {
		// Like yaml.v3: null empties a list and leaves a default alone.
		if v.Kind() == reflect.Slice {
			v.SetZero()
		}
		return
	}
	d.set[path] = true
	if u, ok := v.Addr().Interface().(yaml.Unmarshaler); ok {
		// Duration and ByteSize: their errors are written for this spot.
		if err := u.UnmarshalYAML(n); err != nil {
			d.errorf(n, path, "%s", err)
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.mapping(n, v, path)
	case reflect.Slice:
		d.list(n, v, path)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.errorf(n, path, "must be a string (got %s)", describe(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			d.errorf(n, path, "must be true or false (got %s)", describe(n))
			return
		}
		var b bool
		if err := n.Decode(&b); err != nil {
			d.errorf(n, path, "must be true or false (got %s)", describe(n))
			return
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
			d.errorf(n, path, "must be a whole number (got %s)", describe(n))
			return
		}
		p := reflect.New(v.Type())
		if err := n.Decode(p.Interface()); err != nil {
			d.errorf(n, path, "must be a whole number that fits (got %s)", describe(n))
			return
		}
		v.Set(p.Elem())
	default:
		panic("config: no decoding for field type " + v.Type().String())
	}
}

// mapping decodes a YAML mapping onto the struct v, field by yaml tag.
func (d *decoder) mapping(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "must be a mapping of settings (got %s)", describe(n))
		return
	}
	fields, names := yamlFields(v.Type())

	// Merge keys ("<<: *defaults") first, so that the mapping's own keys
	// override what they bring; of several merged mappings the first wins.
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k, val := n.Content[i], n.Content[i+1]; k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			if val.Kind == yaml.AliasNode {
				val = val.Alias
			}
			if val.Kind == yaml.SequenceNode {
				for j := len(val.Content) - 1; j >= 0; j-- {
					d.value(val.Content[j], v, path)
				}
			} else {
				d.value(val, v, path)
			}
		}
	}

	seen := map[string]int{} // key → line
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, path, "keys must be names (got %s)", describe(k))
			continue
		}
		child := k.Value
		if path != "" {
			child = path + "." + k.Value
		}
		if first, dup := seen[k.Value]; dup {
			d.errorf(k, child, "duplicate key (first set on line %d)", first)
			continue
		}
		seen[k.Value] = k.Line
		index, ok := fields[k.Value]
		if !ok {
			if hint := didYouMean(k.Value, names); hint != "" {
				d.errorf(k, child, "unknown field%s", hint)
			} else {
				d.errorf(k, child, "unknown field; known fields are %s", strings.Join(names, ", "))
			}
			continue
		}
		d.lines[child] = k.Line
		d.value(val, v.Field(index), child)
	}
}

// list decodes a YAML sequence onto the slice v.
func (d *decoder) list(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, path, "must be a list (got %s)", describe(n))
		return
	}
	if len(n.Content) == 0 {
		v.SetZero()
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		p := fmt.Sprintf("%s[%d]", path, i)
		d.lines[p] = item.Line
		d.value(item, s.Index(i), p)
	}
	v.Set(s)
}

// yamlFields returns the struct type's fields by yaml name, and the names
// in declaration order.
func yamlFields(t reflect.Type) (map[string]int, []string) {
	fields := map[string]int{}
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if !f.IsExported() || name == "" || name == "-" {
			continue
		}
		fields[name] = i
		names = append(names, name)
	}
	return fields, names
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names what n is, for "(got …)": a quoted scalar, "a list" or
// "a mapping".
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.AliasNode:
		return describe(n.Alias)
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	}
	return strconv.Quote(n.Value)
}

// didYouMean returns ` (did you mean "x"?)` for the candidate closest to s,
// or "" when none is close: at most one edit per three letters, case and
// "-" versus "_" aside.
func didYouMean(s string, candidates []string) string {
	fold := func(x string) string { return strings.ReplaceAll(strings.ToLower(x), "-", "_") }
	best, bestDist := "", -1
	for _, c := range candidates {
		dist := editDistance(fold(s), fold(c))
		if bestDist < 0 || dist < bestDist {
			best, bestDist = c, dist
		}
	}
	if bestDist < 0 || bestDist > max(1, len(best)/3) || bestDist >= len(s) {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbours each cost 1,
// so "ulr" is one edit from "url".
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows: two back, one back, current.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
