package config

import (
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"0", 0},
		{"0s", 0},
		{"30s", 30 * time.Second},
		{"1h30m", 90 * time.Minute},
		{"1.5h", 90 * time.Minute},
		{"250ms", 250 * time.Millisecond},
		{"90d", 90 * 24 * time.Hour},
		{"2w", 14 * 24 * time.Hour},
		{"1w2d", 9 * 24 * time.Hour},
		{"1d12h", 36 * time.Hour},
		{"0.5d", 12 * time.Hour},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "fast", "30", "-1h", "+1h", "1h 30m", "d", "1.2.3d", "1x", "5y", "1e3s", "99999999999w"} {
		if got, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error", in, got)
		}
	}
}

func TestDurationString(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"},
		{30 * time.Second, "30s"},
		{90 * time.Minute, "1h30m"},
		{24 * time.Hour, "1d"},
		{36 * time.Hour, "1d12h"},
		{90 * 24 * time.Hour, "90d"},
		{14 * 24 * time.Hour, "2w"},
		{1500 * time.Millisecond, "1.5s"},
		{-time.Second, "-1s"},
	}
	for _, tt := range tests {
		if got := Duration(tt.in).String(); got != tt.want {
			t.Errorf("Duration(%v).String() = %q, want %q", tt.in, got, tt.want)
		}
		if tt.in < 0 {
			continue
		}
		back, err := ParseDuration(tt.want)
		if err != nil || back != tt.in {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v (round trip)", tt.want, back, err, tt.in)
		}
	}
}

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"0", 0},
		{"1048576", 1 << 20},
		{"100B", 100},
		{"512KB", 512_000},
		{"512kb", 512_000},
		{"10MB", 10_000_000},
		{"10MiB", 10 << 20},
		{"10 MiB", 10 << 20},
		{"1GiB", 1 << 30},
		{"2GB", 2_000_000_000},
		{"1.5MiB", 3 << 19},
		{"64KiB", 64 << 10},
	}
	for _, tt := range tests {
		got, err := ParseByteSize(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseByteSize(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "MiB", "lots", "-1", "+1", "10 megs", "10M", "1e400", "NaN", "inf", "0x10", "1_000", "99999999999GiB"} {
		if got, err := ParseByteSize(in); err == nil {
			t.Errorf("ParseByteSize(%q) = %v, want an error", in, got)
		}
	}
}

func TestByteSizeString(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{0, "0B"},
		{1, "1B"},
		{1000001, "1000001B"},
		{512_000, "500KiB"},
		{10 << 20, "10MiB"},
		{10_000_000, "10MB"},
		{3 << 30, "3GiB"},
	}
	for _, tt := range tests {
		if got := ByteSize(tt.in).String(); got != tt.want {
			t.Errorf("ByteSize(%d).String() = %q, want %q", tt.in, got, tt.want)
		}
		if back, err := ParseByteSize(tt.want); err != nil || back != tt.in {
			t.Errorf("ParseByteSize(%q) = %v, %v; want %v (round trip)", tt.want, back, err, tt.in)
		}
	}
}

// TestUnitsYAML decodes both types through yaml.v3 alone, as a caller
// outside Parse would, and checks the error text Parse puts after the path.
func TestUnitsYAML(t *testing.T) {
	var v struct {
		D Duration `yaml:"d"`
		S ByteSize `yaml:"s"`
	}
	if err := yaml.Unmarshal([]byte("d: 2w\ns: 4096\n"), &v); err != nil {
		t.Fatal(err)
	}
	if v.D != Duration(14*24*time.Hour) || v.S != 4096 {
		t.Errorf("got %v, %v", v.D, v.S)
	}
	out, err := yaml.Marshal(v)
	if err != nil || string(out) != "d: 2w\ns: 4KiB\n" {
		t.Errorf("Marshal = %q, %v", out, err)
	}

	for _, tt := range []struct{ in, want string }{
		{"d: [1s]", `must be a duration like 30s, 1h30m, 90d or 2w (got a list)`},
		{"d: 30", `must be a duration with a unit, like 30s or 90d (got 30)`},
		{"s: {a: 1}", `must be a size like 512KB, 10MiB or 1048576 (got a mapping)`},
		{"s: -5", `must be a size like 512KB, 10MiB or 1048576 (got "-5")`},
	} {
		err := yaml.Unmarshal([]byte(tt.in), &v)
		if err == nil || !strings.HasSuffix(err.Error(), tt.want) {
			t.Errorf("Unmarshal(%q) = %v, want …%s", tt.in, err, tt.want)
		}
	}
}

func TestDurationText(t *testing.T) {
	var d Duration
	if err := d.UnmarshalText([]byte("3d")); err != nil || d != Duration(72*time.Hour) {
		t.Errorf("UnmarshalText(3d) = %v, %v", d, err)
	}
	if err := d.UnmarshalText([]byte("soon")); err == nil {
		t.Error("UnmarshalText(soon) succeeded")
	}
	var s ByteSize
	if err := s.UnmarshalText([]byte("2MiB")); err != nil || s != 2<<20 {
		t.Errorf("UnmarshalText(2MiB) = %v, %v", s, err)
	}
}

func TestDidYouMean(t *testing.T) {
	known := []string{"id", "name", "url", "type", "home_url", "language", "countries", "timeout", "max_items", "enabled", "full_text", "content_selector", "remove_selectors", "listing"}
	for _, tt := range []struct{ in, want string }{
		{"ulr", "url"},
		{"URL", "url"},
		{"home-url", "home_url"},
		{"homeurl", "home_url"},
		{"contries", "countries"},
		{"timout", "timeout"},
		{"maxitems", "max_items"},
		{"fulltext", "full_text"},
		{"full-text", "full_text"},
		{"content_selectors", "content_selector"},
		{"remove_selector", "remove_selectors"},
		{"listings", "listing"},
		{"selectors", ""},
		{"lang", ""},
		{"x", ""},
		{"proxy", ""},
	} {
		want := ""
		if tt.want != "" {
			want = ` (did you mean "` + tt.want + `"?)`
		}
		if got := didYouMean(tt.in, known); got != want {
			t.Errorf("didYouMean(%q) = %q, want %q", tt.in, got, want)
		}
	}
}
