package fetch_test

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"github.com/gleanerhq/gleaner/internal/fetch"
)

// utf16 encodes BMP-only s as UTF-16 (LE or BE) with a BOM.
func utf16(s string, bigEndian bool) []byte {
	out := []byte{0xFF, 0xFE}
	if bigEndian {
		out = []byte{0xFE, 0xFF}
	}
	for _, r := range s {
		if bigEndian {
			out = append(out, byte(r>>8), byte(r))
		} else {
			out = append(out, byte(r), byte(r>>8))
		}
	}
	return out
}

func TestToUTF8(t *testing.T) {
	const feedUTF8 = `<?xml version="1.0" encoding="UTF-8"?><rss><title>Café “Oremos” €5</title></rss>`
	tests := []struct {
		name        string
		body        []byte
		contentType string
		want        string
		wantCharset string
	}{
		{"windows-1252 header: curly quotes, euro, e-acute",
			[]byte("\x93Oremos\x94 \x80 5 caf\xe9"), "text/plain; charset=windows-1252",
			"“Oremos” € 5 café", "windows-1252"},
		{"ISO-8859-1 header decodes as windows-1252",
			[]byte("caf\xe9 \x80"), "text/html; charset=ISO-8859-1",
			"café €", "windows-1252"},
		{"latin1 alias and quoted charset parameter",
			[]byte("caf\xe9"), `text/plain; charset="latin1"`,
			"café", "windows-1252"},
		{"UTF-16LE with BOM, XML feed: declaration rewritten, BOM gone",
			utf16(`<?xml version="1.0" encoding="UTF-16"?><rss><title>Café “Oremos” €5</title></rss>`, false),
			"application/rss+xml", feedUTF8, "utf-16le"},
		{"UTF-16BE with BOM beats a wrong header",
			utf16(`<?xml version="1.0" encoding="utf-16"?><rss><title>Café “Oremos” €5</title></rss>`, true),
			"application/xml; charset=iso-8859-1", feedUTF8, "utf-16be"},
		{"UTF-8 with BOM: BOM stripped",
			append([]byte{0xEF, 0xBB, 0xBF}, feedUTF8...), "application/rss+xml",
			feedUTF8, "utf-8"},
		{"mislabelled utf-8 header over cp1252 bytes",
			[]byte("\x93Oremos\x94 caf\xe9"), "text/xml; charset=utf-8",
			"“Oremos” café", "windows-1252"},
		{"utf-8 header wrong, XML declaration right",
			[]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><t>caf` + "\xe9</t>"), "text/xml; charset=utf-8",
			`<?xml version="1.0" encoding="UTF-8"?><t>café</t>`, "windows-1252"},
		{"XML declaration only",
			[]byte(`<?xml version='1.0' encoding='windows-1252'?>` + "\n<t>\x93hi\x94</t>"), "application/xml",
			"<?xml version='1.0' encoding='UTF-8'?>\n<t>“hi”</t>", "windows-1252"},
		{"header wins over XML declaration, which is rewritten",
			[]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><t>café</t>`), "text/xml; charset=utf-8",
			`<?xml version="1.0" encoding="UTF-8"?><t>café</t>`, "utf-8"},
		{"legacy header over valid UTF-8 that declares UTF-8",
			[]byte(`<?xml version="1.0" encoding="utf-8"?><t>café</t>`), "text/xml; charset=iso-8859-1",
			`<?xml version="1.0" encoding="utf-8"?><t>café</t>`, "utf-8"},
		{"HTML meta charset",
			[]byte("<!doctype html><html><head><meta charset=\"windows-1252\"><title>\x93Pray\x94</title></head><body>caf\xe9</body></html>"),
			"text/html",
			"<!doctype html><html><head><meta charset=\"windows-1252\"><title>“Pray”</title></head><body>café</body></html>", "windows-1252"},
		{"HTML meta http-equiv, content type sniffed",
			[]byte("<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=iso-8859-15\"></head><body>\xa4</body></html>"),
			"",
			"<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=iso-8859-15\"></head><body>€</body></html>", "iso-8859-15"},
		{"meta after body is ignored",
			[]byte("<html><body>caf\xc3\xa9<meta charset=\"koi8-r\"></body></html>"), "text/html",
			"<html><body>café<meta charset=\"koi8-r\"></body></html>", "utf-8"},
		{"meta claiming utf-16 in an ASCII document means utf-8",
			[]byte(`<html><head><meta charset="utf-16"></head><body>café</body></html>`), "text/html",
			`<html><head><meta charset="utf-16"></head><body>café</body></html>`, "utf-8"},
		{"JSON is not scanned for meta tags",
			[]byte(`{"content_html":"<meta charset=\"koi8-r\">café"}`), "application/feed+json",
			`{"content_html":"<meta charset=\"koi8-r\">café"}`, "utf-8"},
		{"unknown label ignored",
			[]byte("café"), "text/plain; charset=x-no-such-thing",
			"café", "utf-8"},
		{"nothing declared, valid UTF-8",
			[]byte("Oremos por Perú"), "",
			"Oremos por Perú", "utf-8"},
		{"nothing declared, invalid UTF-8",
			[]byte("Per\xfa"), "",
			"Perú", "windows-1252"},
		{"UTF-8 with one stray cp1252 quote keeps its UTF-8",
			[]byte("Perú \x93Oremos\x94"), "text/plain; charset=utf-8",
			"Perú “Oremos”", "windows-1252"},
		{"malformed Content-Type still yields its charset",
			[]byte("caf\xe9"), "text/html; charset=windows-1252; ;",
			"café", "windows-1252"},
		{"empty body", nil, "text/xml", "", "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := bytes.Clone(tt.body)
			got, charset, err := fetch.ToUTF8(tt.body, tt.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want || charset != tt.wantCharset {
				t.Errorf("ToUTF8 = %q, %q\nwant      %q, %q", got, charset, tt.want, tt.wantCharset)
			}
			if !bytes.Equal(tt.body, in) {
				t.Errorf("ToUTF8 modified its input")
			}
		})
	}
}

func FuzzToUTF8(f *testing.F) {
	f.Add([]byte("\x93caf\xe9\x94"), "text/plain; charset=utf-8")
	f.Add(utf16(`<?xml version="1.0" encoding="UTF-16"?><a/>`, false), "application/xml")
	f.Add([]byte(`<?xml version="1.0" encoding="koi8-r"?><a>`+"\xc1</a>"), "")
	f.Add([]byte(`<meta http-equiv="content-type" content="text/html; charset=shift_jis">`), "text/html")
	f.Add([]byte{0xFE, 0xFF, 0xD8}, "text/xml; charset=utf-16")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		got, charset, err := fetch.ToUTF8(body, contentType)
		if err != nil {
			return
		}
		if !utf8.Valid(got) {
			t.Errorf("ToUTF8(%q, %q) = %q (%s): not valid UTF-8", body, contentType, got, charset)
		}
		if bytes.HasPrefix(got, []byte{0xEF, 0xBB, 0xBF}) && bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}) {
			t.Errorf("ToUTF8 kept the BOM")
		}
		// UTF-8 in, nothing declared otherwise: unchanged.
		if contentType == "" && utf8.Valid(body) && !bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}) &&
			charset == "utf-8" && !bytes.Contains(body, []byte("encoding")) && !bytes.Equal(got, body) {
			t.Errorf("ToUTF8 changed valid UTF-8: %q → %q", body, got)
		}
	})
}
