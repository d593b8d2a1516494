package config

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

const (
	day  = 24 * time.Hour
	week = 7 * day
)

// Duration is a [time.Duration] written the way people write them in
// feeds.yaml: Go syntax ("30s", "1h30m") plus days and weeks ("90d", "2w",
// "1d12h"). A bare number other than 0 is rejected, because "timeout: 30"
// is ambiguous. Convert with time.Duration(d).
type Duration time.Duration

// ParseDuration parses a non-negative duration in Go syntax extended with
// the units "d" (24h) and "w" (7d).
func ParseDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, errors.New("empty duration")
	}
	if s == "0" {
		return 0, nil
	}
	var total time.Duration
	rest := s
	for rest != "" {
		// One segment: a number, then a unit made of letters (or µ).
		i := 0
		for i < len(rest) && (rest[i] == '.' || '0' <= rest[i] && rest[i] <= '9') {
			i++
		}
		j := i
		for j < len(rest) && rest[j] != '.' && (rest[j] < '0' || rest[j] > '9') {
			j++
		}
		num, unit := rest[:i], rest[i:j]
		if num == "" || unit == "" {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		var d time.Duration
		switch unit {
		case "d", "w":
			f, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return 0, fmt.Errorf("invalid duration %q", s)
			}
			mult := day
			if unit == "w" {
				mult = week
			}
			if f*float64(mult) > math.MaxInt64 {
				return 0, fmt.Errorf("duration %q is too large", s)
			}
			d = time.Duration(f * float64(mult))
		default:
			var err error
			if d, err = time.ParseDuration(num + unit); err != nil {
				return 0, fmt.Errorf("invalid duration %q", s)
			}
		}
		if total > math.MaxInt64-d {
			return 0, fmt.Errorf("duration %q is too large", s)
		}
		total += d
		rest = rest[j:]
	}
	return total, nil
}

// String formats d so that ParseDuration reads it back: whole weeks as
// "2w", whole days as "90d" or "1d12h", shorter spans in Go syntax
// without zero units ("1h30m", not "1h30m0s").
func (d Duration) String() string {
	td := time.Duration(d)
	switch {
	case td == 0:
		return "0s"
	case td < 0 || td%time.Second != 0:
		return td.String()
	case td%week == 0:
		return strconv.FormatInt(int64(td/week), 10) + "w"
	}
	var b strings.Builder
	for _, u := range []struct {
		unit string
		size time.Duration
	}{{"d", day}, {"h", time.Hour}, {"m", time.Minute}, {"s", time.Second}} {
		if n := td / u.size; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10) + u.unit)
			td -= n * u.size
		}
	}
	return b.String()
}

const durationHint = `must be a duration like 30s, 1h30m, 90d or 2w`

// UnmarshalYAML decodes a duration scalar; errors are the text [Parse]
// shows after the field path.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("%s (got %s)", durationHint, describe(n))
	}
	if n.ShortTag() == "!!int" && n.Value != "0" {
		return fmt.Errorf("must be a duration with a unit, like 30s or 90d (got %s)", n.Value)
	}
	v, err := ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("%s (got %q)", durationHint, n.Value)
	}
	*d = Duration(v)
	return nil
}

// MarshalText formats d with [Duration.String].
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses text with [ParseDuration], so that a Duration can
// also be a command-line flag (flag.TextVar).
func (d *Duration) UnmarshalText(text []byte) error {
	v, err := ParseDuration(string(text))
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// ByteSize is a number of bytes written with an optional unit: "1048576",
// "512KB" (decimal: 512,000), "10MiB" (binary: 10×2²⁰). Units are B, KB,
// MB, GB, KiB, MiB and GiB, in any case, with an optional space before.
type ByteSize int64

var byteUnits = []struct {
	unit string
	size int64
}{
	// Longest suffixes first, so "KiB" is not read as "B".
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9},
	{"b", 1},
}

// ParseByteSize parses a non-negative size such as "10MiB", "512KB",
// "1.5 MB" or "4096".
func ParseByteSize(s string) (int64, error) {
	num, mult := strings.TrimSpace(s), int64(1)
	lower := strings.ToLower(num)
	for _, u := range byteUnits {
		if strings.HasSuffix(lower, u.unit) {
			num, mult = strings.TrimSpace(num[:len(num)-len(u.unit)]), u.size
			break
		}
	}
	if num == "" || num[0] == '-' || num[0] == '+' {
		return 0, fmt.Errorf("invalid size %q", s)
	}
	if n, err := strconv.ParseInt(num, 10, 64); err == nil {
		if n > math.MaxInt64/mult {
			return 0, fmt.Errorf("size %q is too large", s)
		}
		return n * mult, nil
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || strings.ContainsAny(num, "xXpP_") {
		return 0, fmt.Errorf("invalid size %q", s)
	}
	if f*float64(mult) >= math.MaxInt64 {
		return 0, fmt.Errorf("size %q is too large", s)
	}
	return int64(f * float64(mult)), nil
}

// String formats s in the largest unit that holds it exactly, preferring
// binary units: "10MiB", "512KB", "1000001B".
func (s ByteSize) String() string {
	n := int64(s)
	if n > 0 {
		for _, u := range []struct {
			unit string
			size int64
		}{{"GiB", 1 << 30}, {"GB", 1e9}, {"MiB", 1 << 20}, {"MB", 1e6}, {"KiB", 1 << 10}, {"KB", 1e3}} {
			if n%u.size == 0 {
				return strconv.FormatInt(n/u.size, 10) + u.unit
			}
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}

const byteSizeHint = `must be a size like 512KB, 10MiB or 1048576`

// UnmarshalYAML decodes a size scalar; errors are the text [Parse] shows
// after the field path.
func (s *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("%s (got %s)", byteSizeHint, describe(n))
	}
	v, err := ParseByteSize(n.Value)
	if err != nil {
		return fmt.Errorf("%s (got %q)", byteSizeHint, n.Value)
	}
	*s = ByteSize(v)
	return nil
}

// MarshalText formats s with [ByteSize.String].
func (s ByteSize) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses text with [ParseByteSize].
func (s *ByteSize) UnmarshalText(text []byte) error {
	v, err := ParseByteSize(string(text))
	if err != nil {
		return err
	}
	*s = ByteSize(v)
	return nil
}
