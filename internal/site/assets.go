package site

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"strings"
	"text/template"
)

// stylesheet is feed.xsl, the same for every site: it reads everything it
// shows from the feed it is applied to.
//
//go:embed assets/feed.xsl
var stylesheet []byte

//go:embed assets/embed.js.tmpl
var embedSource string

var embedTemplate = template.Must(template.New(EmbedFile).Parse(embedSource))

// renderEmbed returns embed.js for d. The site's title and address are
// written as JSON string literals, which are JavaScript string literals
// with <, > and & escaped, so they cannot end the script.
func renderEmbed(d *Data) ([]byte, error) {
	title, err := json.Marshal(d.Title)
	if err != nil {
		return nil, err
	}
	home, err := json.Marshal(d.BaseURL + IndexFile)
	if err != nil {
		return nil, err
	}
	comment := strings.NewReplacer("*/", "* /", "<", "%3C", "\n", "", "\r", "")
	var buf bytes.Buffer
	err = embedTemplate.Execute(&buf, map[string]string{
		"File":      EmbedFile,
		"Src":       comment.Replace(d.BaseURL + EmbedFile),
		"TitleJSON": string(title),
		"HomeJSON":  string(home),
	})
	return buf.Bytes(), err
}
