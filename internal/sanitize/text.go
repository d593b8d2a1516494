package sanitize

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blocks are elements that start a new paragraph in the text rendering.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Blockquote: true,
	atom.Pre: true, atom.Ul: true, atom.Ol: true, atom.Table: true,
	atom.Figure: true, atom.Figcaption: true, atom.Section: true,
	atom.Article: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Hr: true, atom.Dl: true, atom.Address: true,
}

// skipped are elements whose content is never text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Object: true, atom.Svg: true, atom.Head: true,
}

// Text renders an HTML fragment as plain text: paragraphs and other blocks
// separated by a blank line, each list item and table row on its own line,
// <br> as a line break, whitespace inside a line collapsed.
func Text(fragment string) string {
	if strings.TrimSpace(fragment) == "" {
		return ""
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), ctx)
	if err != nil {
		return strings.TrimSpace(fragment)
	}
	var w textWriter
	for _, n := range nodes {
		w.node(n)
	}
	return w.String()
}

// textWriter accumulates lines; a pending break is written lazily so that
// nested blocks do not stack blank lines.
type textWriter struct {
	out   strings.Builder
	line  strings.Builder
	brk   int // 0 none, 1 line break, 2 paragraph break
	space bool
}

func (w *textWriter) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.ElementNode:
	default:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.node(c)
		}
		return
	}
	if skipped[n.DataAtom] {
		return
	}
	switch {
	case n.DataAtom == atom.Br:
		w.flush(1)
		return
	case n.DataAtom == atom.Li || n.DataAtom == atom.Tr || n.DataAtom == atom.Dt || n.DataAtom == atom.Dd:
		w.flush(1)
		defer w.flush(1)
	case blocks[n.DataAtom]:
		w.flush(2)
		defer w.flush(2)
	case n.DataAtom == atom.Td || n.DataAtom == atom.Th:
		if w.line.Len() > 0 {
			w.space = true
		}
	case n.DataAtom == atom.Img:
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c)
	}
}

func (w *textWriter) text(s string) {
	if s == "" {
		return
	}
	r := []rune(s)
	if isSpace(r[0]) {
		w.space = true
	}
	for i, f := range strings.FieldsFunc(s, isSpace) {
		if (i > 0 || w.space) && w.line.Len() > 0 {
			w.line.WriteByte(' ')
		}
		w.line.WriteString(f)
		w.space = false
	}
	if isSpace(r[len(r)-1]) {
		w.space = true
	}
}

// flush ends the current line; kind 1 is a line break, 2 a paragraph break.
func (w *textWriter) flush(kind int) {
	if w.line.Len() > 0 {
		if w.out.Len() > 0 {
			if w.brk >= 2 {
				w.out.WriteString("\n\n")
			} else {
				w.out.WriteString("\n")
			}
		}
		w.out.WriteString(w.line.String())
		w.line.Reset()
		w.brk = 0
	}
	w.space = false
	if kind > w.brk {
		w.brk = kind
	}
}

func (w *textWriter) String() string {
	w.flush(0)
	return w.out.String()
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\u00a0':
		return true
	}
	return false
}
