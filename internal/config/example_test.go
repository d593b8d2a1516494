package config_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gleanerhq/gleaner/internal/config"
)

func ExampleParse() {
	const feedsYAML = `
title: News from our partners
base_url: https://feeds.example.org
sources:
  - id: opendoors-uk
    url: https://www.example.org/feed/
    countries: [kp]
outputs:
  - id: all
    title: Everything
`
	c, err := config.Parse(strings.NewReader(feedsYAML), "feeds.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	s := c.Sources[0]
	fmt.Println(c.BaseURL, s.Name, s.Countries, s.Timeout, s.MaxItems, s.Enabled)
	fmt.Println(c.UserAgent("1.0"))
	// Output:
	// https://feeds.example.org/ opendoors-uk [KP] 30s 100 true
	// gleaner/1.0 (+https://feeds.example.org/)
}

func ExampleParse_errors() {
	const feedsYAML = `
title: News from our partners
base_url: https://feeds.example.org/
sources:
  - id: opendoors-uk
    ulr: https://www.example.org/feed/
  - id: opendoors-uk
    url: ftp://www.example.org/feed/
`
	_, err := config.Parse(strings.NewReader(feedsYAML), "feeds.yaml")
	fmt.Println(err)
	fmt.Println(errors.Is(err, config.ErrInvalid))
	// Output:
	// feeds.yaml:5: sources[0].url: is required
	// feeds.yaml:6: sources[0].ulr: unknown field (did you mean "url"?)
	// feeds.yaml:7: sources[1].id: duplicate id "opendoors-uk" (first used on line 5)
	// feeds.yaml:8: sources[1].url: must be http or https (got "ftp://www.example.org/feed/")
	// true
}
