package pcare

import (
	"bytes"
	"fmt"
	"time"
)

// DateLayout is PCare's date form, dd-MM-yyyy, used in paths and bodies alike.
// Sending yyyy-MM-dd is one of the classic integration bugs, so every date on
// the wire goes through Date.
const DateLayout = "02-01-2006"

// Date is a calendar day as PCare writes it. The zero Date marshals as null
// and an empty or null JSON value unmarshals to the zero Date, because PCare
// answers "" or null for dates it does not have (e.g. tglPulang).
type Date struct {
	t time.Time
}

// NewDate returns the calendar day of t (its year, month and day in t's own
// location), without a time of day.
func NewDate(t time.Time) Date {
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// D builds a Date from its parts.
func D(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// ParseDate reads dd-MM-yyyy. It also accepts yyyy-MM-dd, which some PCare
// answers (and older clients) use, so a stray ISO date is not data loss.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	for _, layout := range []string{DateLayout, "2006-01-02", "02/01/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return Date{t}, nil
		}
	}
	return Date{}, fmt.Errorf("pcare: date %q is not dd-MM-yyyy", s)
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns the day at midnight UTC.
func (d Date) Time() time.Time { return d.t }

// String is the wire form dd-MM-yyyy, or "" for the zero Date.
func (d Date) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// AddDays returns the date n days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Before reports whether d is an earlier day than o.
func (d Date) Before(o Date) bool { return d.t.Before(o.t) }

// After reports whether d is a later day than o.
func (d Date) After(o Date) bool { return d.t.After(o.t) }

// Equal reports whether d and o are the same day.
func (d Date) Equal(o Date) bool { return d.t.Equal(o.t) }

// MarshalJSON writes "dd-MM-yyyy", or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.t.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads "dd-MM-yyyy", "", or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*d = Date{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("pcare: date must be a JSON string, got %s", b)
	}
	v, err := ParseDate(string(b[1 : len(b)-1]))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
