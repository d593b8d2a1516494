// Package prayer finds the prayer lists at the end of partner articles: a
// heading such as "Pray now…", "Please pray", "Oremos por…", "Prions pour
// le Pakistan" or "Gebetsanliegen", followed by the points ("That …",
// "For …", "Pray for …").
//
// Call [Find] on an article's content HTML (the sanitised body the pipeline
// stores); call [FindInPage] on a whole article page, as the evaluation does.
// Both return []model.PrayerList in page order, nil when there is none.
//
// Everything works on the DOM (goquery), one line at a time: a line is the
// text of a paragraph, heading or list item, or one <br>-separated line of
// it, and always a contiguous run of the page's text, so every heading and
// item found is a substring of the page's white-space-normalised text.
//
// # The heading rule
//
// No list of heading strings is kept. A line is a prayer heading when it
// has the shape of one:
//
//   - it is short: at most 12 words and 100 characters, not inside a list
//     item, not wholly a link, without quotation marks, and not a sentence
//     (it does not end with a full stop; "…" and "..." are fine);
//   - it is set apart: an <h1>–<h6>; or a paragraph, div or line wholly in
//     <strong>, <b>, <em> or <i>; or a plain line that ends with ":", "…"
//     or "?"; or a plain line of at most six words ("Pray now");
//   - it is about praying: within its first five words comes a word of the
//     multilingual prayer lexicon (pray, prayer, praying, intercede; orar,
//     ore, oremos, oración, oração; prier, prions, priez, prière; beten,
//     Gebet…, Fürbitte…) or of the praise lexicon (praise, thanks, gracias,
//     agradeça, louons, danken…), and every word before it is a lead word
//     (please, how, you, can, will, join, us, ways, points, sujets, de,
//     pedidos, vamos, bitte, wie, Sie…). So "Will you pray?", "Sujets de
//     prière" and "Bitte beten Sie für die Christen in Odisha:" are
//     headings, and "Churches pray for peace" is a headline;
//   - it is not furniture: no word of app, download, newsletter, subscribe,
//     inbox, e-mail, WhatsApp, calendar, share, donate and their
//     equivalents.
//
// A praise heading ("Praise God", "Louons Dieu", "Damos gracias a Dios")
// counts when it names God or when the article also has a prayer list.
//
// # Items
//
// A heading counts only when items follow it, within the heading's block
// (the smallest element holding the heading and what follows it: a box
// ends its list) and until the next heading-like line, a wholly-linked
// line, or furniture ("Share this", "Donate", "Subscribe", an app
// promotion). One introductory line ending with ":" may come first. Items
// take one form:
//
//   - <li> elements of one or more adjacent lists, paragraphs inside an
//     item included;
//   - paragraphs with a typed marker ("•", "–", "-", "1.", "2)"), each
//     with the marker of the first, which is stripped;
//   - plain paragraphs or <br>-separated lines: each must start the way a
//     prayer point does ("That", "For", "Pray", "Que", "Por", "Pour",
//     "Dass", "Für"…), or, under a heading set apart by markup, at least
//     read like a point rather than the story resuming (no full stop, or
//     very short). A paragraph of more than 60 words or 2 sentences ends
//     the list, and a lone sentence after a topical section title
//     ("Prayer vigils across the country") is the story, not a point.
//
// Items keep their words exactly, white space normalised (non-breaking
// spaces become spaces) and typed markers stripped.
//
// # Requests without a heading
//
// Outside any list, a paragraph that is wholly a request to pray, every
// sentence of it starting with one ("Please pray for …", "Pray that …",
// "Bitte beten Sie für …", "Priez pour …", "Ore pelos …", "Oremos por …"),
// is a list of one item with an empty heading. Consecutive ones make one
// list. A sentence that merely mentions prayer, a quoted request, and a
// promotion ("Pray every day with our prayer app") are not requests.
//
// # Narrowing a page
//
// [FindInPage] first narrows the page to the article body by generic
// signals only: page furniture is skipped by tag (nav, aside, footer, form,
// a header holding the title or navigation), by ARIA role and by class or
// id words (sidebar, widget, comment, share, related, newsletter,
// subscribe, banner, cookie, menu, footer…); the root is the heaviest
// [itemprop=articleBody], else <article>, else <main>, else <body>; the
// body is the element inside it whose own paragraphs hold the most text,
// grown to its parent while the parent adds a quarter more text of its
// own. Text weight counts letters outside links.
package prayer
