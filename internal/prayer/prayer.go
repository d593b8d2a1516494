package prayer

import (
	"bytes"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/gleanerhq/gleaner/internal/model"
)

// Limits of the shapes the package recognises.
const (
	// maxHeadingWords is the longest heading: "Bitte beten Sie für die
	// Christen in Odisha:" has eight words.
	maxHeadingWords = 12
	// maxLeadWords is how many lead words may come before a heading's
	// prayer word ("How can you pray", "Will you join us in praying").
	maxLeadWords = 4
	// maxPlainHeadingWords bounds a heading written as a plain line without
	// emphasis or closing punctuation ("Pray now").
	maxPlainHeadingWords = 6
	// maxItemWords and maxItemSentences bound a prayer point written as a
	// paragraph; a longer paragraph is the story resuming.
	maxItemWords     = 60
	maxItemSentences = 2
	// maxListItemWords bounds a list item.
	maxListItemWords = 90
)

// Find returns the prayer lists of an article, given its content as HTML
// (the sanitised article body), in page order; nil when it has none.
func Find(htmlFragment string) []model.PrayerList {
	if strings.TrimSpace(htmlFragment) == "" {
		return nil
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(htmlFragment))
	if err != nil {
		return nil
	}
	return find(lines(doc.Get(0), false))
}

// FindInPage returns the prayer lists of a whole article page: it first
// narrows the page to the article body (see the package documentation),
// leaving out headers, navigation, sidebars, widgets, banners, comments,
// related posts and footers, then finds the lists there as [Find] does.
func FindInPage(page []byte) []model.PrayerList {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(page))
	if err != nil {
		return nil
	}
	return find(lines(articleRegion(doc), true))
}

// found is a list while it is being found.
type found struct {
	at     int // index of the heading (or request) unit
	list   model.PrayerList
	praise bool // a praise heading without a prayer word
	god    bool // the heading names God
}

// find scans the units of an article for prayer headings and the items
// that follow them, then for paragraphs that are wholly requests to pray.
func find(us []unit) []model.PrayerList {
	used := make([]bool, len(us))
	var lists []found
	for i := 0; i < len(us); {
		h, ok := heading(us, i)
		if !ok {
			i++
			continue
		}
		items, end := collect(us, i, h)
		if len(items) == 0 {
			i++
			continue
		}
		for j := i; j < end; j++ {
			used[j] = true
		}
		lists = append(lists, found{at: i, list: model.PrayerList{Heading: us[i].text, Items: items}, praise: h.praise, god: h.god})
		i = end
	}

	// A praise list counts when it names God or stands beside a prayer
	// list; "Thanks to our donors" does neither.
	strong := false
	for _, f := range lists {
		strong = strong || !f.praise
	}
	kept := lists[:0]
	for _, f := range lists {
		if !f.praise || f.god || strong {
			kept = append(kept, f)
		}
	}
	lists = kept

	// Paragraphs that are wholly a request to pray, outside any list;
	// consecutive ones make one list.
	last := -2
	for i := range us {
		u := &us[i]
		if used[i] || u.li != nil || u.isHeadingTag() || u.links || !isRequest(u.text) {
			continue
		}
		if last >= 0 && last == prevLine(us, i) && lists[len(lists)-1].list.Heading == "" {
			l := &lists[len(lists)-1].list
			l.Items = append(l.Items, u.text)
		} else {
			lists = append(lists, found{at: i, list: model.PrayerList{Heading: "", Items: []string{u.text}}})
		}
		last = i
	}
	if len(lists) == 0 {
		return nil
	}
	sort.SliceStable(lists, func(a, b int) bool { return lists[a].at < lists[b].at })
	out := make([]model.PrayerList, len(lists))
	for i, f := range lists {
		out[i] = f.list
	}
	return out
}

// prevLine returns the index of the last unit with letters before i, or -1.
func prevLine(us []unit, i int) int {
	for j := i - 1; j >= 0; j-- {
		if us[j].hasLetters() {
			return j
		}
	}
	return -1
}

// headingInfo describes a prayer heading.
type headingInfo struct {
	marked  bool // set apart by markup (h1–h6, emphasis) or closing punctuation
	closing bool // ends with ":", "…", "?" or "!": it announces what follows
	topical bool // has words besides prayer, praise, God and lead words
	praise  bool // about praise or thanks, with no prayer word
	god     bool // names God
}

// heading reports whether unit i is a prayer heading: see the package
// documentation for the rule.
func heading(us []unit, i int) (headingInfo, bool) {
	u := &us[i]
	var h headingInfo
	if u.li != nil || u.links || u.words > maxHeadingWords || utf8.RuneCountInString(u.text) > 100 {
		return h, false
	}
	text := u.text
	if strings.ContainsFunc(text, isQuote) {
		return h, false
	}
	last, _ := utf8.DecodeLastRuneInString(text)
	ellipsis := strings.HasSuffix(text, "...") || last == '…'
	closing := ellipsis || last == ':' || last == '?' || last == '!'
	if last == '.' && !ellipsis {
		return h, false // a sentence
	}
	h.closing = closing
	switch {
	case u.isHeadingTag() || u.emph:
		h.marked = true
	case closing:
		h.marked = true
	case u.words <= maxPlainHeadingWords:
	default:
		return h, false
	}
	if isFurniture(text) {
		return h, false
	}
	ws := words(text)
	k := -1
	for j, w := range ws {
		if isPrayerWord(w) || praiseWords[w] {
			k = j
			break
		}
		if j >= maxLeadWords || !leadWords[w] {
			return h, false
		}
	}
	if k < 0 {
		return h, false
	}
	h.praise = true
	for _, w := range ws {
		switch {
		case isPrayerWord(w):
			h.praise = false
		case godWords[w]:
			h.god = true
		case !praiseWords[w] && !leadWords[w]:
			h.topical = true
		}
	}
	return h, true
}

// isHeadingLike reports whether unit i ends a list: any heading element, a
// short emphasised line, or another prayer heading.
func isHeadingLike(us []unit, i int) bool {
	u := &us[i]
	if u.li != nil {
		return false
	}
	if u.isHeadingTag() || (u.emph && u.words <= maxHeadingWords) {
		return true
	}
	_, ok := heading(us, i)
	return ok
}

// listMode is the form a list's items take.
type listMode int

const (
	modeNone   listMode = iota
	modeList            // <li> elements
	modeMarked          // paragraphs with typed markers
	modePlain           // paragraphs without markers
)

// collect gathers the items after the heading at h: list items, or
// paragraphs (maybe with typed markers, maybe split by <br>), until the next
// heading, the end of the heading's block, a change of form, a long
// paragraph, or furniture. It returns the items and the index after the
// last one.
func collect(us []unit, h int, info headingInfo) (items []string, end int) {
	next := -1
	for j := h + 1; j < len(us); j++ {
		if us[j].hasLetters() {
			next = j
			break
		}
	}
	if next < 0 {
		return nil, h + 1
	}
	// The heading's block: the smallest element holding the heading and
	// what follows it. A box holding both ends where the box ends.
	box := commonAncestor(us[h].block, us[next].block)

	end = h + 1
	mode := modeNone
	var mark marker // the first item's marker: later items use the same kind
	openerMode := false
	intro := false // one introductory line may come between heading and items
scan:
	for j := next; j < len(us); j++ {
		u := &us[j]
		if !u.hasLetters() {
			continue
		}
		if !contains(box, u.block) {
			break scan
		}
		if !intro && len(items) == 0 && u.li == nil && !u.isHeadingTag() && !u.emph &&
			strings.HasSuffix(u.text, ":") && u.words <= maxItemWords {
			intro = true
			// "Please pray for these needs:" introduces the items.
			continue
		}
		if isHeadingLike(us, j) || u.links || isStopLine(u.text) {
			break scan
		}
		m, item := stripMarker(u.text)
		if item == "" {
			continue
		}
		if u.li != nil {
			if mode != modeNone && mode != modeList {
				break scan
			}
			if len(strings.Fields(item)) > maxListItemWords {
				break scan
			}
			mode = modeList
			items = append(items, item)
			end = j + 1
			continue
		}
		if mode == modeList {
			break scan
		}
		if strings.HasSuffix(item, ":") {
			break scan // a new introduction
		}
		if len(strings.Fields(item)) > maxItemWords || len(sentences(item)) > maxItemSentences {
			break scan
		}
		switch mode {
		case modeNone:
			if m.kind != noMarker {
				mode, mark = modeMarked, m
				break // the switch: the item is taken
			}
			mode = modePlain
			openerMode = startsWithOpener(item)
			if !openerMode && (!info.marked || !pointShaped(item)) {
				break scan
			}
		case modeMarked:
			if m.kind != mark.kind {
				break scan
			}
		case modePlain:
			if m.kind != noMarker || (openerMode && !startsWithOpener(item)) || (!openerMode && !pointShaped(item)) {
				break scan
			}
		}
		items = append(items, item)
		end = j + 1
	}
	if mode == modePlain && len(items) == 1 && info.topical && !info.closing && endsSentence(items[0]) && !isRequest(items[0]) {
		// One sentence after a section title that merely mentions
		// prayer ("Prayer vigils across the country" / "For three
		// nights, …") is the story going on.
		return nil, h + 1
	}
	return items, end
}

// startsWithOpener reports whether an item begins the way prayer points do:
// "That …", "For …", "Que …", "Pour …", "Dass …".
func startsWithOpener(s string) bool {
	ws := words(s)
	return len(ws) > 0 && (openers[ws[0]] || isPrayerWord(ws[0]) || praiseWords[ws[0]])
}

// pointShaped reports whether a paragraph without an opener still looks
// like a prayer point rather than the story resuming: a phrase without a
// full stop ("Protection for Pastor Emmanuel"), or a very short sentence.
func pointShaped(s string) bool {
	return !endsSentence(s) || len(strings.Fields(s)) <= 8
}

func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool { return isQuote(r) || r == ')' || unicode.IsSpace(r) })
	return strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "...")
}

func commonAncestor(a, b *html.Node) *html.Node {
	seen := map[*html.Node]bool{}
	for n := a; n != nil; n = n.Parent {
		seen[n] = true
	}
	for n := b; n != nil; n = n.Parent {
		if seen[n] {
			return n
		}
	}
	return nil
}

// contains reports whether n is box or lies inside it.
func contains(box, n *html.Node) bool {
	if box == nil {
		return true
	}
	for ; n != nil; n = n.Parent {
		if n == box {
			return true
		}
	}
	return false
}
