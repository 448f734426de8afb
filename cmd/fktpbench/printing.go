package main

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"fktpdesk/printing"
	"fktpdesk/referral"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// letter is a full referral letter: three diagnoses, notes, TACC.
func letter(i int) referral.Letter {
	return referral.Letter{
		Number: fmt.Sprintf("0114U1631126Y%06d", i+1), RegionalOffice: "Jawa Barat", BranchOffice: "Kota Simulasi",
		FacilityCode: "0114U163", FacilityName: "KLINIK PRATAMA SIMULASI", RegencyCode: "0171", RegencyName: "KOTA SIMULASI",
		ToPoli: "Penyakit Dalam - Ginjal Hipertensi", ToHospitalCode: "0114R001", ToHospital: "RSUD KOTA SIMULASI",
		PatientName: "SITI AMINAH", BirthDate: day(1974, time.August, 7), CardNo: "0001234567890", Dependent: true, Sex: "P",
		Diagnoses: []referral.Diagnosis{{Code: "I10", Name: "Hipertensi esensial (primer)"},
			{Code: "E11.9", Name: "Diabetes melitus tipe 2 tanpa komplikasi"}, {Code: "N18.3", Name: "Penyakit ginjal kronik stadium 3"}},
		Notes: "Tekanan darah 170/100 mmHg meski amlodipin 10 mg; kreatinin 1,8 mg/dL.", Given: "Amlodipin 1x10 mg, Metformin 2x500 mg",
		TACC: "Time: < 3 Hari", VisitDate: day(2026, time.November, 22), PlannedDate: day(2026, time.November, 25),
		Schedule: "Senin - Jumat 08:00 - 12:00", ValidUntil: day(2027, time.February, 22), DoctorName: "dr. Andi Pratama",
		InfoDenda: "Peserta tidak memiliki tunggakan iuran.",
	}
}

// runPrinting times one letter and a batch of 100 in one PDF, as the
// printing screen makes them.
func runPrinting(_ context.Context, _ []string) ([]result, error) {
	var buf bytes.Buffer
	one := letter(0)
	runs, err := perOp(7, 20, 500*time.Millisecond, func() error {
		buf.Reset()
		return printing.WriteLetter(&buf, one)
	})
	if err != nil {
		return nil, err
	}
	out := []result{timed("printing.letter", "ms", runs, fmt.Sprintf("%d B PDF", buf.Len()))}
	batch := make([]referral.Letter, 100)
	for i := range batch {
		batch[i] = letter(i)
	}
	runs, err = perOp(5, 1, 0, func() error {
		buf.Reset()
		return printing.WriteLetters(&buf, batch)
	})
	if err != nil {
		return nil, err
	}
	return append(out, timed("printing.batch100", "ms", runs, fmt.Sprintf("%d B PDF", buf.Len()))), nil
}
