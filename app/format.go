package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"fktpdesk/clinic"
)

// formatRupiah writes an amount the way Indonesians read money:
// "Rp 1.250.000" (dots group thousands; rupiah has no cents in practice).
func formatRupiah(amount int64) string {
	neg := amount < 0
	if neg {
		amount = -amount
	}
	digits := strconv.FormatInt(amount, 10)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(d)
	}
	if neg {
		return "-Rp " + b.String()
	}
	return "Rp " + b.String()
}

// formatAgo says how old a stored answer is, coarsely: the desk needs
// "minutes or days?", not seconds.
func formatAgo(then, now time.Time) string {
	d := now.Sub(then)
	switch {
	case d < time.Minute:
		return lang.L("ago.now")
	case d < time.Hour:
		return lang.L("ago.minutes", map[string]any{"N": int(d / time.Minute)})
	case d < 24*time.Hour:
		return lang.L("ago.hours", map[string]any{"N": int(d / time.Hour)})
	}
	return lang.L("ago.days", map[string]any{"N": int(d / (24 * time.Hour))})
}

// formatDate shows a date the way a desk reads it at a glance: "22 Nov
// 2026", the month in the UI's language ("Mei", "Agu", "Okt", "Des" in
// Bahasa Indonesia). Date inputs still take dd-mm-yyyy, as on the KTP.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return fmt.Sprintf("%02d %s %d", t.Day(), lang.L(fmt.Sprintf("month.short.%d", int(t.Month()))), t.Year())
}

// formatDateTime is formatDate with the time of day, "22 Nov 2026 14:05".
func formatDateTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return formatDate(t) + t.Format(" 15:04")
}

func sexText(s string) string {
	switch s {
	case clinic.Male:
		return lang.L("sex.male")
	case clinic.Female:
		return lang.L("sex.female")
	}
	return "—"
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
