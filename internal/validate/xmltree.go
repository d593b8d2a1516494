package validate

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Namespaces the checks know.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsXHTML   = "http://www.w3.org/1999/xhtml"
	nsXML     = "http://www.w3.org/XML/1998/namespace"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
)

// node is one element of a parsed document: enough of a DOM for the checks.
type node struct {
	Name     xml.Name
	Attr     []xml.Attr
	Children []*node
	Text     string // the character data directly inside the element
	Parent   *node
	Line     int
	// undeclared holds the prefixes used on this element or its
	// attributes without a namespace declaration in scope.
	undeclared []string
}

// attr returns the value of the attribute with the given namespace and
// local name, and whether it is present.
func (n *node) attr(space, local string) (string, bool) {
	for _, a := range n.Attr {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// children returns the child elements with the given namespace and name.
func (n *node) children(space, local string) []*node {
	var out []*node
	for _, c := range n.Children {
		if c.Name.Space == space && c.Name.Local == local {
			out = append(out, c)
		}
	}
	return out
}

// child returns the first such child, or nil.
func (n *node) child(space, local string) *node {
	for _, c := range n.Children {
		if c.Name.Space == space && c.Name.Local == local {
			return c
		}
	}
	return nil
}

// path is the element's location for a Problem: "feed/entry[3]/title".
func (n *node) path() string {
	root := n
	for root.Parent != nil {
		root = root.Parent
	}
	var parts []string
	for e := n; e != nil; e = e.Parent {
		p := qname(e.Name)
		if e.Name.Space == nsAtom && root.Name.Space != nsAtom {
			p = "atom:" + p // Atom elements inside RSS
		}
		if e.Parent != nil {
			i, same := 0, 0
			for _, s := range e.Parent.Children {
				if s.Name == e.Name {
					same++
					if s == e {
						i = same
					}
				}
			}
			if same > 1 {
				p = fmt.Sprintf("%s[%d]", p, i)
			}
		}
		parts = append(parts, p)
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, "/")
}

// qname writes a name the way a reader of the feed would: well-known
// namespaces by their usual prefix.
func qname(n xml.Name) string {
	switch n.Space {
	case "", nsAtom:
		return n.Local
	case nsDC:
		return "dc:" + n.Local
	case nsContent:
		return "content:" + n.Local
	case nsXHTML:
		return "xhtml:" + n.Local
	case nsXML:
		return "xml:" + n.Local
	}
	return "{" + n.Space + "}" + n.Local
}

// parseXML reads b into a tree. It fails on anything that is not
// well-formed XML, on a DOCTYPE (feeds have no business with entities), and
// on a document with more than one root element.
func parseXML(b []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	// A prolog other than UTF-8 needs a CharsetReader; gleaner writes UTF-8
	// and so should anything this package is asked about.
	var root, cur *node
	scopes := []map[string]bool{{"xml": true, "xmlns": true}}
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root != nil && cur == nil {
				return nil, fmt.Errorf("line %d: a second root element <%s>", line, t.Name.Local)
			}
			// encoding/xml leaves an undeclared prefix in Name.Space;
			// track the declarations to tell the two apart.
			scope := make(map[string]bool)
			for k := range scopes[len(scopes)-1] {
				scope[k] = true
			}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" {
					scope[a.Name.Local] = true
				}
			}
			scopes = append(scopes, scope)
			n := &node{Name: t.Name, Parent: cur, Line: line}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					continue
				}
				n.Attr = append(n.Attr, a)
			}
			n.undeclared = undeclaredPrefixes(t, scope)
			if cur != nil {
				cur.Children = append(cur.Children, n)
			} else {
				root = n
			}
			cur = n
		case xml.EndElement:
			cur = cur.Parent
			scopes = scopes[:len(scopes)-1]
		case xml.CharData:
			if cur != nil {
				cur.Text += string(t)
			} else if len(bytes.TrimSpace(t)) > 0 {
				return nil, fmt.Errorf("line %d: text outside the root element", line)
			}
		case xml.Directive:
			return nil, fmt.Errorf("line %d: <!%s>: feeds must not have a DOCTYPE", line, firstWord(string(t)))
		}
	}
	if root == nil {
		return nil, errors.New("no root element")
	}
	return root, nil
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return s
}

// undeclaredPrefixes returns the prefixes of t's name and attributes that
// encoding/xml could not resolve: it leaves the bare prefix as the space.
func undeclaredPrefixes(t xml.StartElement, scope map[string]bool) []string {
	var out []string
	check := func(n xml.Name) {
		if n.Space == "" || strings.Contains(n.Space, ":") || strings.Contains(n.Space, "/") {
			return // no prefix, or a resolved namespace URI
		}
		if !scope[n.Space] {
			out = append(out, n.Space)
		}
	}
	check(t.Name)
	for _, a := range t.Attr {
		if a.Name.Space == "xmlns" {
			continue
		}
		check(a.Name)
	}
	return out
}

// walk calls f on n and every element under it, in document order.
func walk(n *node, f func(*node)) {
	f(n)
	for _, c := range n.Children {
		walk(c, f)
	}
}
