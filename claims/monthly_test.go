package claims

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"

	"fktpdesk/clinic"
)

func d(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }

func TestCategory(t *testing.T) {
	for name, want := range map[string]string{
		"Paket Persalinan Per Vaginam Normal": CatMaternity,
		"ANC (Antenatal Care) K1":             CatMaternity,
		"PNC kunjungan nifas":                 CatMaternity,
		"Pelayanan KB suntik":                 CatFamily,
		"Pemasangan IUD":                      CatFamily,
		"Ambulans darat":                      CatAmbulance,
		"Rawat inap tingkat pertama per hari": CatInpatient,
		"Krioterapi IVA positif":              CatScreening,
		"Protesa gigi":                        CatDental,
		"Jahit luka":                          CatOther,
	} {
		if got := Category(name); got != want {
			t.Errorf("Category(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestBuildMonthly(t *testing.T) {
	lines := []ClaimLine{
		{VisitID: 1, Date: d(2026, 11, 3), PatientName: "Siti", Name: "ANC K1", Amount: 50000},
		{VisitID: 2, Date: d(2026, 11, 3), PatientName: "Ani", Name: "Paket Persalinan Per Vaginam Normal", Amount: 1000000},
		{VisitID: 3, Date: d(2026, 11, 30), PatientName: "Budi", Name: "Pelayanan KB suntik", Amount: 15000},
		{VisitID: 4, Date: d(2026, 12, 1), PatientName: "Luar", Name: "ANC K2", Amount: 50000},  // next month
		{VisitID: 5, Date: d(2026, 10, 31), PatientName: "Luar", Name: "ANC K2", Amount: 50000}, // last month
	}
	c := BuildMonthly(d(2026, 11, 17), clinic.Facility{PPK: "0114U163"}, lines)
	if c.Count != 3 || c.Total != 1065000 || len(c.Groups) != 2 {
		t.Fatalf("claim %+v", c)
	}
	if c.Groups[0].Category != CatMaternity || c.Groups[0].Count != 2 || c.Groups[0].Amount != 1050000 ||
		c.Groups[1].Category != CatFamily || c.Groups[1].Amount != 15000 {
		t.Fatalf("groups %+v", c.Groups)
	}
	if c.Lines[0].PatientName != "Ani" || c.Lines[2].PatientName != "Budi" {
		t.Fatalf("order %+v", c.Lines)
	}
	if !c.Month.Equal(d(2026, 11, 1)) || !c.Deadline.Equal(d(2026, 12, 10)) {
		t.Fatalf("month %v deadline %v", c.Month, c.Deadline)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, c); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0][8] != "biaya" || rows[1][4] != "Ani" || rows[1][8] != "1000000" || rows[4][8] != "1065000" {
		t.Fatalf("csv %v", rows)
	}
	var sum int64
	for _, g := range c.Groups {
		sum += g.Amount
	}
	if sum != c.Total {
		t.Fatalf("groups add up to %d, total %d", sum, c.Total)
	}
}

func TestDeadlineAndReminder(t *testing.T) {
	if got := Deadline(d(2026, 12, 5)); !got.Equal(d(2027, 1, 10)) {
		t.Fatalf("December's claim is due %v", got)
	}
	for _, tt := range []struct {
		now   time.Time
		due   bool
		month time.Month
		days  int
	}{
		{d(2026, 12, 1), true, time.November, 9},
		{d(2026, 12, 10), true, time.November, 0},
		{d(2026, 12, 11), false, time.November, -1},
		{d(2026, 11, 22), false, time.October, -12},
	} {
		due, month, days := ReminderDue(tt.now, nil)
		if due != tt.due || month.Month() != tt.month || days != tt.days {
			t.Errorf("%v: due %v month %v days %d, want %v %v %d", tt.now.Format("02-01"), due, month.Month(), days, tt.due, tt.month, tt.days)
		}
	}
	// Once November's claim is exported, December's first days are quiet;
	// another month's export does not count.
	exported := []Submission{{Month: d(2026, 11, 1), At: d(2026, 12, 2)}}
	if due, _, _ := ReminderDue(d(2026, 12, 5), exported); due {
		t.Error("reminded of a month already exported")
	}
	if due, _, _ := ReminderDue(d(2026, 12, 5), []Submission{{Month: d(2026, 10, 1)}}); !due {
		t.Error("October's export silenced November's reminder")
	}
	c := BuildMonthly(d(2026, 11, 1), clinic.Facility{}, []ClaimLine{{Date: d(2026, 11, 3), Amount: 90000, Name: "ANC"}})
	s := SubmissionOf(c, d(2026, 12, 2), ExportedApp, "fpk-2026-11.pdf", "bidan")
	if s.Outdated(c) || s.Services != 1 || s.Total != 90000 || !s.Month.Equal(d(2026, 11, 1)) {
		t.Errorf("submission %+v", s)
	}
	c.Count, c.Total = 2, 180000
	if !s.Outdated(c) {
		t.Error("a claim that grew since its export is not outdated")
	}
}
