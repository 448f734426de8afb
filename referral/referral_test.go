package referral

import (
	"strings"
	"testing"
	"time"
)

var visit = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

func sub() Referral {
	return Referral{Kind: SubSpecialist, HospitalCode: "0114R001", SubSpecialistCode: "26",
		PlannedDate: visit.AddDate(0, 0, 2), TACC: TACCNone}
}

func fields(ps []Problem) string {
	var f []string
	for _, p := range ps {
		f = append(f, p.Field)
	}
	return strings.Join(f, ",")
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		r      func(Referral) Referral
		nonSpc bool
		want   string
	}{
		{"complete sub-specialist", func(r Referral) Referral { return r }, false, ""},
		{"no kind", func(r Referral) Referral { r.Kind = ""; return r }, false, "Kind"},
		{"no sub-specialist", func(r Referral) Referral { r.SubSpecialistCode = ""; return r }, false, "SubSpecialistCode"},
		{"no hospital, no date", func(r Referral) Referral { r.HospitalCode, r.PlannedDate = "", time.Time{}; return r }, false, "HospitalCode,PlannedDate"},
		{"date before the visit", func(r Referral) Referral { r.PlannedDate = visit.AddDate(0, 0, -1); return r }, false, "PlannedDate"},
		{"non-specialist without TACC", func(r Referral) Referral { return r }, true, "TACC"},
		{"non-specialist with TACC 0 (old clients' none)", func(r Referral) Referral { r.TACC = 0; return r }, true, "TACC"},
		{"non-specialist with Time", func(r Referral) Referral { r.TACC, r.TACCReason = TACCTime, ">= 7 Hari"; return r }, true, ""},
		{"Time with a reason of Age", func(r Referral) Referral { r.TACC, r.TACCReason = TACCTime, ">= 55 Tahun"; return r }, true, "TACCReason"},
		{"Complication as free text", func(r Referral) Referral {
			r.TACC, r.TACCReason = TACCComplication, "E11.5 - Diabetes dengan komplikasi"
			return r
		}, true, ""},
		{"Complication without a code", func(r Referral) Referral { r.TACC, r.TACCReason = TACCComplication, "komplikasi"; return r }, true, "TACCReason"},
		{"unknown TACC", func(r Referral) Referral { r.TACC = 9; return r }, false, "TACC"},
		{"special case", func(r Referral) Referral {
			r.Kind, r.SubSpecialistCode, r.SpecialCode = Special, "", "HDL"
			return r
		}, false, ""},
		{"thalassaemia needs a sub-specialist", func(r Referral) Referral {
			r.Kind, r.SubSpecialistCode, r.SpecialCode = Special, "", "THA"
			return r
		}, false, "SubSpecialistCode"},
		{"haemodialysis takes none", func(r Referral) Referral { r.Kind, r.SpecialCode = Special, "HDL"; return r }, false, "SubSpecialistCode"},
	}
	for _, tt := range tests {
		if got := fields(tt.r(sub()).Check(visit, tt.nonSpc)); got != tt.want {
			t.Errorf("%s: problems %q, want %q", tt.name, got, tt.want)
		}
	}
	if ps := sub().Check(visit, true); !strings.Contains(ps[0].Message, "TACC") {
		t.Errorf("TACC message %q", ps[0].Message)
	}
}

func TestValidity(t *testing.T) {
	r := sub() // planned 24-11-2026
	if got := r.Until().Format("02-01-2006"); got != "21-02-2027" {
		t.Fatalf("90 days inclusive from 24-11-2026 end on 21-02-2027, got %s", got)
	}
	r.ValidUntil = time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)
	if got := r.Until().Format("02-01-2006"); got != "31-01-2027" {
		t.Fatalf("PCare's date must win, got %s", got)
	}
	for _, tt := range []struct {
		now  time.Time
		want Validity
	}{
		{visit, Valid},
		{time.Date(2027, 1, 23, 0, 0, 0, 0, time.UTC), Valid},
		{time.Date(2027, 1, 24, 0, 0, 0, 0, time.UTC), ExpiringSoon},
		{time.Date(2027, 1, 31, 23, 0, 0, 0, time.UTC), ExpiringSoon},
		{time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), Expired},
	} {
		if got := r.ValidityOn(tt.now); got != tt.want {
			t.Errorf("on %s: %s, want %s", tt.now.Format("02-01-2006"), got, tt.want)
		}
	}
}

func TestTACCText(t *testing.T) {
	r := sub()
	if r.TACCText() != "" {
		t.Fatal("no TACC printed as something")
	}
	r.TACC, r.TACCReason = TACCAge, ">= 55 Tahun"
	if r.TACCText() != "Age: >= 55 Tahun" {
		t.Fatalf("%q", r.TACCText())
	}
}
