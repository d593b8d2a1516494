package validate_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The RELAX NG schemas under testdata/ are what `make validate` gives
// xmllint. These tests make sure they accept the clean documents of the
// table tests and reject a sample of broken ones, so that a schema that
// accepts everything cannot pass for a clean run. They need xmllint
// (apt-get install libxml2-utils) and skip without it.
func TestRelaxNGSchemas(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint is not installed (apt-get install libxml2-utils)")
	}
	dir := t.TempDir()
	check := func(schema, doc string) (bool, string) {
		f := filepath.Join(dir, "doc.xml")
		if err := os.WriteFile(f, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(xmllint, "--noout", "--nonet", "--relaxng", filepath.Join("testdata", schema), f).CombinedOutput()
		if strings.Contains(string(out), "failed to compile") {
			t.Fatalf("%s does not compile:\n%s", schema, out)
		}
		return err == nil, string(out)
	}
	for _, c := range []struct {
		schema, good string
		bad          map[string][2]string // name -> old, new
	}{
		{"atom.rng", goodAtom, map[string][2]string{
			"feed id missing":     {`<id>https://feeds.example.org/all.atom</id>`, ``},
			"entry title missing": {`<title>Un</title>`, ``},
			"date not xsd:dateTime": {`<updated>2024-05-06T07:08:09.5Z</updated>`,
				`<updated>Mon, 06 May 2024 07:08:09 GMT</updated>`},
			"two updated":            {`<updated>2024-05-06T07:08:09.5Z</updated>`, `<updated>2024-05-06T07:08:09Z</updated><updated>2024-05-06T07:08:09Z</updated>`},
			"text type":              {`<title type="text">Two</title>`, `<title type="plain">Two</title>`},
			"xhtml without div":      {`<div xmlns="http://www.w3.org/1999/xhtml"><p>Three</p></div>`, `<p xmlns="http://www.w3.org/1999/xhtml">Three</p>`},
			"html with elements":     {`<summary>Plain text summary.</summary>`, `<summary type="html"><p>x</p></summary>`},
			"link without href":      {`<link href="https://partner.example/2"/>`, `<link rel="alternate"/>`},
			"media type":             {`type="audio/mpeg"`, `type="mp3"`},
			"xml:lang":               {`<entry xml:lang="fr">`, `<entry xml:lang="fr_FR">`},
			"category without term":  {`<category term="NG"`, `<category`},
			"unknown atom element":   {`<generator version="1.0">gleaner</generator>`, `<generator version="1.0">gleaner</generator><modified>2024-05-06T07:08:09Z</modified>`},
			"metadata after entries": {"</entry>\n</feed>", "</entry><rights>r</rights>\n</feed>"},
		}},
		{"rss.rng", goodRSS, map[string][2]string{
			"version":               {`<rss version="2.0"`, `<rss version="0.92"`},
			"description missing":   {`<description>Everything.</description>`, ``},
			"channel link relative": {`<link>https://feeds.example.org/</link>`, `<link>/</link>`},
			"item empty":            {`<description>Only a description.</description>`, ``},
			"pubDate RFC 3339":      {`<pubDate>Sun, 05 May 2024 07:08:09 +0200</pubDate>`, `<pubDate>2024-05-05T07:08:09+02:00</pubDate>`},
			"two-digit year":        {`<pubDate>Sun, 05 May 2024 07:08:09 +0200</pubDate>`, `<pubDate>Sun, 05 May 24 07:08:09 +0200</pubDate>`},
			"guid not a URL": {`<guid isPermaLink="false">urn:uuid:db45f0cb-a8ff-5367-93ce-65e888748e65</guid>`,
				`<guid>db45f0cb-a8ff-5367-93ce-65e888748e65</guid>`},
			"guid a URN without isPermaLink": {`<guid isPermaLink="false">urn:uuid:db45f0cb-a8ff-5367-93ce-65e888748e65</guid>`,
				`<guid>urn:uuid:db45f0cb-a8ff-5367-93ce-65e888748e65</guid>`},
			"enclosure without length": {`length="0" `, ``},
			"author not an address":    {`<author>ann@partner.example (Ann)</author>`, `<author>Ann</author>`},
			"two titles":               {`<title>One</title>`, `<title>One</title><title>Again</title>`},
			"unknown element":          {`<docs>`, `<updated>x</updated><docs>`},
		}},
	} {
		t.Run(c.schema, func(t *testing.T) {
			if ok, out := check(c.schema, c.good); !ok {
				t.Fatalf("the clean document does not validate:\n%s", out)
			}
			for name, r := range c.bad {
				if !strings.Contains(c.good, r[0]) {
					t.Fatalf("%s: %q is not in the clean document", name, r[0])
				}
				if ok, _ := check(c.schema, strings.Replace(c.good, r[0], r[1], 1)); ok {
					t.Errorf("%s: the broken document validates", name)
				}
			}
		})
	}
}

// python is Debian's interpreter with the modules independent.py uses, or
// "" (the test then skips).
func python(t *testing.T) string {
	t.Helper()
	const py = "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import feedparser, jsonschema").Run(); err != nil {
		t.Skip("needs Debian's python3-feedparser and python3-jsonschema")
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint is not installed (apt-get install libxml2-utils)")
	}
	return py
}

// The JSON Feed schema accepts the clean document and rejects broken ones.
func TestJSONFeedSchema(t *testing.T) {
	py := python(t)
	const script = `
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
errs = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
print("\n".join(e.message for e in errs))
sys.exit(1 if errs else 0)
`
	dir := t.TempDir()
	check := func(doc string) (bool, string) {
		f := filepath.Join(dir, "feed.json")
		if err := os.WriteFile(f, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(py, "-c", script, filepath.Join("testdata", "jsonfeed-1.1.schema.json"), f).CombinedOutput()
		return err == nil, string(out)
	}
	if ok, out := check(goodJSON); !ok {
		t.Fatalf("the clean document does not validate:\n%s", out)
	}
	for name, r := range map[string][2]string{
		"version 1.0":          {`"https://jsonfeed.org/version/1.1"`, `"https://jsonfeed.org/version/1"`},
		"title missing":        {`"title": "All",`, ``},
		"items missing":        {`"items": [`, `"things": [`},
		"unknown key":          {`"language": "en",`, `"language": "en", "lang": "en",`},
		"extension not object": {`"_gleaner": {"source": "partner", "countries": ["NG"]}`, `"_gleaner": "partner"`},
		"id a number":          {`{"id": "2", `, `{"id": 2, `},
		"no content":           {`"content_text": "Two"`, `"title": "Two"`},
		"url relative":         {`"url": "https://partner.example/1"`, `"url": "/1"`},
		"date not RFC 3339":    {`"date_published": "2024-05-05T07:08:09+02:00"`, `"date_published": "2024-05-05"`},
		"author empty":         {`"authors": [{"name": "Ann"}]`, `"authors": [{}]`},
		"attachment mime_type": {`, "mime_type": "audio/mpeg"`, ``},
		"tag not a string":     {`"tags": ["Prayer", "Nigeria"]`, `"tags": ["Prayer", 3]`},
		"language":             {`"language": "fr"`, `"language": "fr_FR"`},
	} {
		if !strings.Contains(goodJSON, r[0]) {
			t.Fatalf("%s: %q is not in the clean document", name, r[0])
		}
		if ok, _ := check(strings.Replace(goodJSON, r[0], r[1], 1)); ok {
			t.Errorf("%s: the broken document validates", name)
		}
	}
}

// independent.py passes a clean set of feeds and fails a broken one, with
// the exit codes make validate relies on.
func TestIndependentScript(t *testing.T) {
	py := python(t)
	run := func(files map[string]string) (int, string) {
		dir := t.TempDir()
		for name, s := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		out, err := exec.Command(py, "independent.py", dir).CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		} else if err != nil {
			t.Fatal(err)
		}
		return 0, string(out)
	}
	clean := map[string]string{"all.atom": goodAtom, "all.rss": goodRSS, "all.json": goodJSON, "status.json": `{"last_run": {}}`}
	code, out := run(clean)
	if code != 0 || !strings.Contains(out, "3 feeds (1 Atom, 1 RSS, 1 JSON Feed), 0 errors, 0 warnings") {
		t.Fatalf("clean feeds: exit %d:\n%s", code, out)
	}
	broken := map[string]string{
		"all.atom": strings.Replace(goodAtom, `<id>https://partner.example/2</id>`, ``, 1),
		"all.rss":  strings.Replace(goodRSS, `<guid isPermaLink="false">`, `<guid>`, 1),
		"all.json": strings.Replace(goodJSON, `{"id": "2", `, `{"id": "urn:uuid:db45f0cb-a8ff-5367-93ce-65e888748e65", `, 1),
	}
	code, out = run(broken)
	if code != 1 {
		t.Fatalf("broken feeds: exit %d, want 1:\n%s", code, out)
	}
	for _, want := range []string{"all.atom: error: xmllint", "all.atom: error: feedparser: entry 2 has no id",
		"all.rss: error: xmllint rss.rng: all.rss:17: element guid", "all.json: error: json: items[1].id"} {
		if !strings.Contains(out, want) {
			t.Errorf("broken feeds: no %q in:\n%s", want, out)
		}
	}
	// Warnings fail the run too.
	twoEnclosures := strings.Replace(goodRSS, `<enclosure `, `<enclosure url="https://partner.example/1b.mp3" length="0" type="audio/mpeg"/><enclosure `, 1)
	code, out = run(map[string]string{"all.rss": twoEnclosures})
	if code != 1 || !strings.Contains(out, "0 errors, 1 warnings") {
		t.Errorf("two enclosures: exit %d, want 1 with one warning:\n%s", code, out)
	}
}
