package config

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestServeDefaults pins the serve section's defaults: any origin may
// read the feeds, and no WebSub hub.
func TestServeDefaults(t *testing.T) {
	c, err := Parse(strings.NewReader(head), "feeds.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"*"}; !reflect.DeepEqual(c.Serve.AllowedOrigins, want) || c.Serve.WebSubHub != "" {
		t.Errorf("Serve = %+v, want AllowedOrigins %q and no hub", c.Serve, want)
	}
}

func TestServeParse(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // AllowedOrigins
	}{
		{"listed_origins", "serve:\n  allowed_origins: [https://partner.example, \"http://localhost:3000\"]\n",
			[]string{"https://partner.example", "http://localhost:3000"}},
		{"empty_list_allows_none", "serve:\n  allowed_origins: []\n", nil},
		{"null_keeps_default", "serve:\n  allowed_origins: ~\n", []string{"*"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(strings.NewReader(head+tt.yaml), "feeds.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(c.Serve.AllowedOrigins, tt.want) {
				t.Errorf("AllowedOrigins = %q, want %q", c.Serve.AllowedOrigins, tt.want)
			}
		})
	}
}

func TestServeErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string
	}{
		{
			name: "origin_with_path",
			yaml: "serve:\n  allowed_origins: [https://partner.example/]\n",
			want: `feeds.yaml:4: serve.allowed_origins[0]: must be an origin like "https://partner.example": scheme, host and port only (got "https://partner.example/")`,
		},
		{
			name: "origin_without_scheme",
			yaml: "serve:\n  allowed_origins: [partner.example]\n",
			want: `feeds.yaml:4: serve.allowed_origins[0]: must be an origin like "https://partner.example": scheme, host and port only (got "partner.example")`,
		},
		{
			name: "wildcard_not_alone",
			yaml: "serve:\n  allowed_origins: [\"*\", https://partner.example]\n",
			want: `feeds.yaml:4: serve.allowed_origins[0]: "*" allows every origin: list it alone`,
		},
		{
			name: "origin_twice_any_case",
			yaml: "serve:\n  allowed_origins:\n    - https://partner.example\n    - https://Partner.example\n",
			want: `feeds.yaml:6: serve.allowed_origins[1]: "https://Partner.example" is listed twice (first on line 5)`,
		},
		{
			name: "hub_not_https",
			yaml: "serve:\n  websub_hub: http://hub.example/\n",
			want: `feeds.yaml:4: serve.websub_hub: must be an https URL (got "http://hub.example/")`,
		},
		{
			name: "hub_not_a_url",
			yaml: "serve:\n  websub_hub: hub.example\n",
			want: `feeds.yaml:4: serve.websub_hub: must be an absolute URL starting with http:// or https:// (got "hub.example")`,
		},
		{
			name: "unknown_key",
			yaml: "serve:\n  allowed_origin: [\"*\"]\n",
			want: `feeds.yaml:4: serve.allowed_origin: unknown field (did you mean "allowed_origins"?)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(head+tt.yaml), "feeds.yaml")
			if err == nil {
				t.Fatalf("Parse succeeded, want %s", tt.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error does not match ErrInvalid: %v", err)
			}
			if err.Error() != tt.want {
				t.Errorf("Parse error:\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}
