package claims

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"fktpdesk/clinic"
)

// ClaimLine is one non-capitation service PCare accepted: a procedure with a
// fee, filed under a visit. The fee is what BPJS pays on top of capitation.
type ClaimLine struct {
	VisitID     int64
	VisitNo     string // noKunjungan
	Date        time.Time
	CardNo      string
	PatientName string
	Code        string // kdTindakan
	Name        string
	Amount      int64 // rupiah
	Category    string
	PCareID     string // kdTindakanSK
}

// ClaimGroup sums the lines of one service category.
type ClaimGroup struct {
	Category string
	Count    int
	Amount   int64
}

// MonthlyClaim is the non-capitation claim of one month, as the FPK
// (Formulir Pengajuan Klaim) and its detail list present it.
type MonthlyClaim struct {
	Month    time.Time // first day of the month
	Facility clinic.Facility
	Groups   []ClaimGroup
	Lines    []ClaimLine
	Count    int
	Total    int64
	// Deadline is the 10th of the following month: claims are collective,
	// monthly and complete by then (BPJS letter 1189/VI-03/0415).
	Deadline time.Time
}

// Categories of non-capitation services, as the claim groups them.
const (
	CatMaternity = "Pelayanan kebidanan dan neonatal (ANC, persalinan, PNC)"
	CatFamily    = "Pelayanan Keluarga Berencana (KB)"
	CatInpatient = "Rawat inap tingkat pertama (RITP)"
	CatAmbulance = "Ambulans"
	CatScreening = "Skrining dan pemeriksaan penunjang"
	CatDental    = "Protesa gigi"
	CatOther     = "Pelayanan non-kapitasi lainnya"
)

// Category sorts a procedure into a claim category by its name: PCare's
// tindakan reference has no category field, but its names follow the
// service (e.g. "Paket Persalinan Per Vaginam Normal", "Pelayanan KB").
func Category(procedureName string) string {
	n := " " + strings.ToLower(procedureName) + " "
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(n, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("persalinan", " anc", "antenatal", " pnc", "postnatal", "nifas", "neonat", "bayi baru lahir", "kebidanan"):
		return CatMaternity
	case has(" kb", "keluarga berencana", "iud", "implan", "suntik kb", "vasektomi", "tubektomi"):
		return CatFamily
	case has("rawat inap", "ritp"):
		return CatInpatient
	case has("ambulan"):
		return CatAmbulance
	case has("skrining", "krioterapi", "iva", "pap smear", "laboratorium", "penunjang"):
		return CatScreening
	case has("protesa", "gigi tiruan"):
		return CatDental
	}
	return CatOther
}

// MonthOf returns the first day of t's month.
func MonthOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// Deadline is the last day to submit the claim of month: the 10th of the
// following month.
func Deadline(month time.Time) time.Time {
	m := MonthOf(month)
	return time.Date(m.Year(), m.Month()+1, 10, 0, 0, 0, 0, time.UTC)
}

// ReminderDue reports whether the claim of the previous month is still to be
// submitted on now's day (the 1st to the 10th) — it is not once exported has
// that month — and which month it is, so the app can remind the claims
// officer before the deadline.
func ReminderDue(now time.Time, exported []Submission) (due bool, month time.Time, daysLeft int) {
	month = MonthOf(now).AddDate(0, -1, 0)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	dl := Deadline(month)
	days := int(dl.Sub(today).Hours() / 24)
	_, done := SubmissionFor(exported, month)
	return days >= 0 && days <= 9 && !done, month, days
}

// How a month's claim was exported.
const (
	ExportedApp = "app"     // the claims screen saved its FPK
	ExportedCLI = "fktpctl" // fktpctl claim wrote it
)

// Submission records that a month's claim was exported for submission to
// the BPJS branch office: its FPK was written. A month with one is not
// reminded of; un-marking it (a wrong month, a claim to redo) forgets it.
type Submission struct {
	Month time.Time // first day of the month
	At    time.Time
	Via   string // ExportedApp or ExportedCLI
	Path  string // the FPK file, or the folder fktpctl wrote to
	By    string // the user
	// Services and Total are the claim as exported.
	Services int
	Total    int64
}

// SubmissionOf is the record of exporting claim c.
func SubmissionOf(c MonthlyClaim, at time.Time, via, path, by string) Submission {
	return Submission{Month: MonthOf(c.Month), At: at, Via: via, Path: path, By: by, Services: c.Count, Total: c.Total}
}

// Outdated reports whether claim c has changed since it was exported (PCare
// accepted more services, or a procedure was changed or deleted): the FPK
// on paper no longer matches.
func (s Submission) Outdated(c MonthlyClaim) bool { return s.Services != c.Count || s.Total != c.Total }

// SubmissionFor finds month's export among subs.
func SubmissionFor(subs []Submission, month time.Time) (Submission, bool) {
	m := MonthOf(month)
	for _, s := range subs {
		if MonthOf(s.Month).Equal(m) {
			return s, true
		}
	}
	return Submission{}, false
}

// BuildMonthly groups a month's accepted lines into the claim. Lines
// outside the month are ignored; groups come out in a fixed order, lines
// by date then patient.
func BuildMonthly(month time.Time, f clinic.Facility, lines []ClaimLine) MonthlyClaim {
	m := MonthOf(month)
	end := m.AddDate(0, 1, 0)
	c := MonthlyClaim{Month: m, Facility: f, Deadline: Deadline(m)}
	byCat := map[string]*ClaimGroup{}
	for _, l := range lines {
		if l.Date.Before(m) || !l.Date.Before(end) {
			continue
		}
		if l.Category == "" {
			l.Category = Category(l.Name)
		}
		c.Lines = append(c.Lines, l)
		g := byCat[l.Category]
		if g == nil {
			g = &ClaimGroup{Category: l.Category}
			byCat[l.Category] = g
		}
		g.Count++
		g.Amount += l.Amount
		c.Count++
		c.Total += l.Amount
	}
	for _, cat := range []string{CatMaternity, CatFamily, CatInpatient, CatAmbulance, CatScreening, CatDental, CatOther} {
		if g := byCat[cat]; g != nil {
			c.Groups = append(c.Groups, *g)
		}
	}
	sort.SliceStable(c.Lines, func(i, j int) bool {
		if !c.Lines[i].Date.Equal(c.Lines[j].Date) {
			return c.Lines[i].Date.Before(c.Lines[j].Date)
		}
		return c.Lines[i].PatientName < c.Lines[j].PatientName
	})
	return c
}

// WriteCSV writes the claim's detail list, one row per service, with a
// header row; amounts in whole rupiah, dates dd-mm-yyyy, for spreadsheets
// and the branch office.
func WriteCSV(w io.Writer, c MonthlyClaim) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"no", "tanggal", "no_kunjungan", "no_kartu", "nama_peserta", "kode_tindakan",
		"nama_tindakan", "kategori", "biaya"}); err != nil {
		return err
	}
	for i, l := range c.Lines {
		if err := cw.Write([]string{strconv.Itoa(i + 1), l.Date.Format("02-01-2006"), l.VisitNo, l.CardNo, l.PatientName,
			l.Code, l.Name, l.Category, strconv.FormatInt(l.Amount, 10)}); err != nil {
			return err
		}
	}
	if err := cw.Write([]string{"", "", "", "", "", "", "JUMLAH", fmt.Sprintf("%d layanan", c.Count), strconv.FormatInt(c.Total, 10)}); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
