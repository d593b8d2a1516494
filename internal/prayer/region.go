package prayer

import (
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// articleRegion narrows a whole page to its article body, by generic
// signals only:
//
//  1. the root is the heaviest [itemprop=articleBody], else the heaviest
//     <article>, else <main> or [role=main], else <body>, skipping page
//     furniture (see isNoise) throughout;
//  2. inside it, the element whose own paragraphs hold the most text is the
//     body (readability's "top candidate");
//  3. the body grows to its parent while the parent adds at least a
//     quarter more text of its own (blocks split into several boxes, as
//     Squarespace does), never past the root.
//
// Weights are letters of text outside links, so that menus, tag lists and
// related-post lists weigh nothing.
func articleRegion(doc *goquery.Document) *html.Node {
	body := findAtom(doc.Get(0), atom.Body)
	if body == nil {
		return doc.Get(0)
	}
	weight := map[*html.Node]int{} // only elements outside furniture get one
	noise := map[*html.Node]bool{}
	var weigh func(n *html.Node, link bool) int
	weigh = func(n *html.Node, link bool) int {
		total := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if !link {
					total += utf8.RuneCountInString(strings.TrimSpace(c.Data))
				}
			case html.ElementNode:
				if isNoise(c, true) {
					noise[c] = true
					continue
				}
				total += weigh(c, link || c.DataAtom == atom.A)
			}
		}
		weight[n] = total
		return total
	}
	weigh(body, false)

	root := heaviest(doc.Find("[itemprop=articleBody]"), weight)
	if root == nil {
		root = heaviest(doc.Find("article"), weight)
	}
	if root == nil {
		root = heaviest(doc.Find("main, [role=main]"), weight)
	}
	if root == nil {
		root = body
	}

	// The top candidate: the element whose direct paragraphs weigh most.
	best, bestScore := root, -1
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		score := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				score += utf8.RuneCountInString(strings.TrimSpace(c.Data))
			case html.ElementNode:
				if noise[c] {
					continue
				}
				if paragraphAtoms[c.DataAtom] || (c.DataAtom == atom.Div && !hasBlockChild(c)) {
					score += weight[c]
				}
			}
		}
		if score > bestScore {
			best, bestScore = n, score
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && !noise[c] && !inlineAtoms[c.DataAtom] {
				visit(c)
			}
		}
	}
	visit(root)

	cur := best
	for cur != root {
		p := cur.Parent
		for p != root && weight[p]-weight[cur] < 20 {
			p = p.Parent
		}
		if extra := weight[p] - weight[cur]; extra*4 >= weight[cur] {
			cur = p
			continue
		}
		break
	}
	return cur
}

// paragraphAtoms hold an article's running text.
var paragraphAtoms = map[atom.Atom]bool{
	atom.P: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Pre: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
}

// heaviest returns the heaviest of the selected elements, or nil when none
// weighs anything. Elements inside furniture have no weight.
func heaviest(sel *goquery.Selection, weight map[*html.Node]int) *html.Node {
	var best *html.Node
	for _, n := range sel.Nodes {
		if weight[n] > 0 && (best == nil || weight[n] > weight[best]) {
			best = n
		}
	}
	return best
}

func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && !inlineAtoms[c.DataAtom] && c.DataAtom != atom.Br {
			return true
		}
	}
	return false
}

func findAtom(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findAtom(c, a); f != nil {
			return f
		}
	}
	return nil
}
