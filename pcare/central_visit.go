package pcare

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
	"fktpdesk/referral"
)

var _ clinic.References = Central{}

// KunjunganFrom builds PCare's kunjungan body from a visit: both referral
// shapes, kdTacc as an int with -1 for none, and null for empty codes.
func KunjunganFrom(v clinic.Visit) Kunjungan {
	k := Kunjungan{
		NoKartu: v.CardNo, TglDaftar: NewDate(v.Date), KdPoli: v.PoliCode, Keluhan: v.Complaint,
		KdSadar: v.Consciousness, Sistole: v.Vitals.Systolic, Diastole: v.Vitals.Diastolic,
		BeratBadan: v.Vitals.WeightKg, TinggiBadan: v.Vitals.HeightCm, RespRate: v.Vitals.RespRate,
		HeartRate: v.Vitals.HeartRate, LingkarPerut: v.Vitals.WaistCm,
		KdStatusPulang: v.DischargeStatus, TglPulang: NewDate(v.DischargeDate), KdDokter: v.DoctorCode,
		KdTacc: TaccNone, Anamnesa: v.Anamnesis, AlergiMakan: v.AllergyFood, AlergiUdara: v.AllergyAir,
		AlergiObat: v.AllergyDrug, KdPrognosa: v.Prognosis, TerapiObat: v.TherapyDrugs,
		TerapiNonObat: v.TherapyOther, Bmhp: v.BMHP,
	}
	if v.Vitals.Temperature > 0 {
		k.Suhu = strconv.FormatFloat(v.Vitals.Temperature, 'f', 1, 64)
	}
	for i, d := range v.Diagnoses {
		switch i {
		case 0:
			k.KdDiag1 = d.Code
		case 1:
			k.KdDiag2 = OptString(d.Code)
		case 2:
			k.KdDiag3 = OptString(d.Code)
		}
	}
	if r := v.Referral; r != nil {
		if r.Kind == referral.Special {
			k.RujukLanjut = NewRujukKhusus(r.HospitalCode, NewDate(r.PlannedDate), r.SpecialCode, r.SubSpecialistCode, r.Note)
		} else {
			k.RujukLanjut = NewRujukSubSpesialis(r.HospitalCode, NewDate(r.PlannedDate), r.SubSpecialistCode, r.FacilityCode)
		}
		if r.TACC >= TaccTime && r.TACC <= TaccComorbidity {
			k.KdTacc, k.AlasanTacc = r.TACC, OptString(r.TACCReason)
		}
	}
	return k
}

// AddVisit sends a visit and returns noKunjungan (the referral number).
func (c Central) AddVisit(ctx context.Context, v clinic.Visit) (string, error) {
	no, err := c.C.AddKunjungan(ctx, KunjunganFrom(v))
	if err != nil {
		return "", domainError(err)
	}
	return no, nil
}

// VisitsOf lists a participant's visits at PCare, for reconciliation.
func (c Central) VisitsOf(ctx context.Context, cardNo string) ([]claims.RemoteVisit, error) {
	l, err := c.C.RiwayatKunjungan(ctx, cardNo)
	if err != nil {
		return nil, domainError(err)
	}
	out := make([]claims.RemoteVisit, 0, len(l.List))
	for _, h := range l.List {
		d := h.TglKunjungan
		if d.IsZero() {
			d = h.TglDaftar
		}
		out = append(out, claims.RemoteVisit{VisitNo: h.NoKunjungan, PoliCode: h.Poli.KdPoli, Date: d.Time()})
	}
	return out, nil
}

// Doctors lists the clinic's doctors (all pages).
func (c Central) Doctors(ctx context.Context) ([]clinic.Code, error) {
	var out []clinic.Code
	const pageSize = 100
	for start := 0; ; start += pageSize {
		l, err := c.C.Dokter(ctx, start, pageSize)
		if err != nil {
			return nil, domainError(err)
		}
		for _, d := range l.List {
			out = append(out, clinic.Code{Code: d.KdDokter, Name: d.NmDokter})
		}
		if len(l.List) < pageSize || len(out) >= int(l.Count) {
			return out, nil
		}
	}
}

// Diagnoses searches PCare's diagnosis reference.
func (c Central) Diagnoses(ctx context.Context, query string, limit int) ([]clinic.Diagnosis, error) {
	l, err := c.C.Diagnosa(ctx, query, 0, limit)
	if err != nil {
		return nil, domainError(err)
	}
	out := make([]clinic.Diagnosis, len(l.List))
	for i, d := range l.List {
		out[i] = clinic.Diagnosis{Code: d.KdDiag, Name: d.NmDiag, NonSpecialist: bool(d.NonSpesialis)}
	}
	return out, nil
}

// Specialists lists specialities.
func (c Central) Specialists(ctx context.Context) ([]clinic.Code, error) {
	l, err := c.C.Spesialis(ctx)
	if err != nil {
		return nil, domainError(err)
	}
	out := make([]clinic.Code, len(l.List))
	for i, s := range l.List {
		out[i] = clinic.Code{Code: s.KdSpesialis, Name: s.NmSpesialis}
	}
	return out, nil
}

// SubSpecialists lists a speciality's sub-specialities.
func (c Central) SubSpecialists(ctx context.Context, specialist string) ([]clinic.SubSpecialist, error) {
	l, err := c.C.SubSpesialis(ctx, specialist)
	if err != nil {
		return nil, domainError(err)
	}
	out := make([]clinic.SubSpecialist, len(l.List))
	for i, s := range l.List {
		out[i] = clinic.SubSpecialist{Code: s.KdSubSpesialis, Name: s.NmSubSpesialis, PoliCode: string(s.KdPoliRujuk), Specialist: specialist}
	}
	return out, nil
}

// Facilities lists the facilities (sarana) a referral may need.
func (c Central) Facilities(ctx context.Context) ([]clinic.Code, error) {
	l, err := c.C.Sarana(ctx)
	if err != nil {
		return nil, domainError(err)
	}
	out := make([]clinic.Code, len(l.List))
	for i, s := range l.List {
		out[i] = clinic.Code{Code: s.KdSarana, Name: s.NmSarana}
	}
	return out, nil
}

// SpecialCases lists the special referral cases (khusus).
func (c Central) SpecialCases(ctx context.Context) ([]clinic.Code, error) {
	l, err := c.C.Khusus(ctx)
	if err != nil {
		return nil, domainError(err)
	}
	out := make([]clinic.Code, len(l.List))
	for i, s := range l.List {
		out[i] = clinic.Code{Code: s.KdKhusus, Name: s.NmKhusus}
	}
	return out, nil
}

// Hospitals lists the hospitals that take referral r on its planned date.
func (c Central) Hospitals(ctx context.Context, r referral.Referral, cardNo string) ([]clinic.Hospital, error) {
	var l List[FaskesRujukan]
	var err error
	if r.Kind == referral.Special {
		l, err = c.C.FaskesRujukanKhusus(ctx, r.SpecialCode, r.SubSpecialistCode, cardNo, NewDate(r.PlannedDate))
	} else {
		l, err = c.C.FaskesRujukanSubSpesialis(ctx, r.SubSpecialistCode, r.FacilityCode, NewDate(r.PlannedDate))
	}
	if err != nil {
		return nil, domainError(err)
	}
	out := make([]clinic.Hospital, len(l.List))
	for i, h := range l.List {
		out[i] = clinic.Hospital{Code: h.KdPPK, Name: h.NmPPK, Address: string(h.AlamatPPK), Phone: string(h.TelpPPK),
			Class: string(h.Kelas), Branch: string(h.NmKC), Distance: h.Distance, Schedule: string(h.Jadwal),
			Referred: int(h.JmlRujuk), Capacity: int(h.Kapasitas), LoadPct: h.Persentase,
			Available: h.Kapasitas == 0 || h.JmlRujuk < h.Kapasitas}
	}
	return out, nil
}

// ReferralDetail fetches PCare's referral detail for printing a letter,
// also for referrals made outside the app (e.g. in PCare web).
func (c Central) ReferralDetail(ctx context.Context, no string) (*Rujukan, error) {
	r, err := c.C.Rujukan(ctx, strings.TrimSpace(no))
	if err != nil {
		return nil, domainError(err)
	}
	return r, nil
}

// LetterFrom fills a referral letter from PCare's referral detail; base,
// usually built from the local record, supplies what PCare leaves out. For
// the referral's identity (number, dates, facility, hospital, patient,
// diagnoses) PCare wins; for what the doctor wrote (the note), the local
// record does.
func LetterFrom(r *Rujukan, base referral.Letter) referral.Letter {
	l := base
	set := func(dst *string, v string) {
		if strings.TrimSpace(v) != "" {
			*dst = v
		}
	}
	setT := func(dst *time.Time, d Date) {
		if !d.IsZero() {
			*dst = d.Time()
		}
	}
	set(&l.Number, r.NoRujukan)
	setT(&l.VisitDate, r.TglKunjungan)
	setT(&l.PlannedDate, r.TglEstRujuk)
	setT(&l.ValidUntil, r.TglAkhirRujuk)
	set(&l.Schedule, string(r.Jadwal))
	if r.PPK != nil {
		set(&l.FacilityCode, r.PPK.KdPPK)
		set(&l.FacilityName, r.PPK.NmPPK)
		if kc := r.PPK.KC; kc != nil {
			set(&l.BranchOffice, string(kc.NmKC))
			if kc.Dati != nil {
				set(&l.RegencyCode, string(kc.Dati.KdDati))
				set(&l.RegencyName, string(kc.Dati.NmDati))
			}
			if kc.KdKR != nil {
				set(&l.RegionalOffice, string(kc.KdKR.NmKR))
			}
		}
	}
	if r.PPKRujuk != nil {
		set(&l.ToHospitalCode, r.PPKRujuk.KdPPK)
		set(&l.ToHospital, r.PPKRujuk.NmPPK)
	}
	if r.Poli != nil {
		set(&l.ToPoli, r.Poli.NmPoli)
	}
	set(&l.CardNo, r.NokaPst)
	set(&l.PatientName, r.NmPst)
	setT(&l.BirthDate, r.TglLahir)
	set(&l.Sex, string(r.Sex))
	if p := strings.TrimSpace(string(r.Pisa)); p != "" {
		l.Dependent = p != "1" // pisa 1 = peserta (utama)
	}
	var diags []referral.Diagnosis
	for _, d := range []*DiagRef{r.Diag1, r.Diag2, r.Diag3} {
		if d != nil && d.KdDiag != "" {
			diags = append(diags, referral.Diagnosis{Code: d.KdDiag, Name: d.NmDiag})
		}
	}
	if len(diags) > 0 {
		l.Diagnoses = diags
	}
	// The doctor's own note wins: PCare's sub-specialist shape has no
	// field for it, and its catatan may hold something else.
	if strings.TrimSpace(l.Notes) == "" {
		set(&l.Notes, string(r.Catatan))
	}
	if r.Dokter != nil {
		set(&l.DoctorName, r.Dokter.NmDokter)
	}
	if r.Tacc != nil && strings.TrimSpace(string(r.Tacc.NmTacc)) != "" && !strings.EqualFold(string(r.Tacc.NmTacc), "Tanpa TACC") {
		l.TACC = strings.TrimSpace(string(r.Tacc.NmTacc) + ": " + string(r.Tacc.AlasanTacc))
	}
	set(&l.InfoDenda, string(r.InfoDenda))
	return l
}

// Procedures lists the procedures of a place of service (all pages).
func (c Central) Procedures(ctx context.Context, tkp string) ([]clinic.ProcedureRef, error) {
	var out []clinic.ProcedureRef
	const pageSize = 100
	for start := 0; ; start += pageSize {
		l, err := c.C.TindakanRef(ctx, tkp, start, pageSize)
		if err != nil {
			return nil, domainError(err)
		}
		for _, t := range l.List {
			out = append(out, clinic.ProcedureRef{Code: t.KdTindakan, Name: t.NmTindakan, MaxFee: int64(t.MaxTarif), WithValue: bool(t.WithValue)})
		}
		if len(l.List) < pageSize || len(out) >= int(l.Count) {
			return out, nil
		}
	}
}

// Drugs searches the DPHO drug list.
func (c Central) Drugs(ctx context.Context, query string, limit int) ([]clinic.DrugRef, error) {
	l, err := c.C.ObatDPHO(ctx, query, 0, limit)
	if err != nil {
		return nil, domainError(err)
	}
	out := make([]clinic.DrugRef, len(l.List))
	for i, o := range l.List {
		out[i] = clinic.DrugRef{Code: o.KdObat, Name: o.NmObat, Stock: int(o.Sedia)}
	}
	return out, nil
}

// TindakanFrom builds PCare's tindakan body for a visit's procedure.
func TindakanFrom(noKunjungan string, p clinic.Procedure) Tindakan {
	return Tindakan{NoKunjungan: noKunjungan, KdTindakan: p.Code, Biaya: int(p.Fee), Keterangan: p.Note, Hasil: p.Result}
}

// ObatFrom builds PCare's obat body for a visit's drug line.
func ObatFrom(noKunjungan string, d clinic.Drug) Obat {
	o := Obat{NoKunjungan: noKunjungan, Racikan: d.Compound, ObatDPHO: d.DPHO, KdObat: d.Code,
		Signa1: d.Signa1, Signa2: d.Signa2, JmlObat: d.Quantity, JmlPermintaan: d.Requested}
	if !d.DPHO {
		o.NmObatNonDPHO = d.Name
	}
	if o.JmlPermintaan == 0 {
		o.JmlPermintaan = d.Quantity
	}
	return o
}

// AddProcedure files a procedure under a visit and returns kdTindakanSK.
func (c Central) AddProcedure(ctx context.Context, visitNo string, p clinic.Procedure) (string, error) {
	id, err := c.C.AddTindakan(ctx, TindakanFrom(visitNo, p))
	if err != nil {
		return "", domainError(err)
	}
	return id, nil
}

// ProceduresOf lists a visit's procedures at PCare, for reconciliation.
func (c Central) ProceduresOf(ctx context.Context, visitNo string) ([]claims.RemoteLine, error) {
	l, err := c.C.ListTindakan(ctx, visitNo)
	if err != nil {
		return nil, domainError(err)
	}
	out := make([]claims.RemoteLine, len(l.List))
	for i, t := range l.List {
		out[i] = claims.RemoteLine{ID: strconv.Itoa(int(t.KdTindakanSK)), Code: t.KdTindakan, Amount: float64(t.Biaya),
			Note: string(t.Keterangan), Result: int(t.Hasil)}
	}
	return out, nil
}

// AddDrug files a drug under a visit and returns kdObatSK.
func (c Central) AddDrug(ctx context.Context, visitNo string, d clinic.Drug) (string, error) {
	id, err := c.C.AddObat(ctx, ObatFrom(visitNo, d))
	if err != nil {
		return "", domainError(err)
	}
	return id, nil
}

// DrugsOf lists a visit's drugs at PCare, for reconciliation; a non-DPHO
// drug is known by its name.
func (c Central) DrugsOf(ctx context.Context, visitNo string) ([]claims.RemoteLine, error) {
	l, err := c.C.ListObat(ctx, visitNo)
	if err != nil {
		return nil, domainError(err)
	}
	out := make([]claims.RemoteLine, len(l.List))
	for i, o := range l.List {
		code := o.Obat.KdObat
		if !bool(o.ObatDPHO) && o.NmObatNonDPHO != "" {
			code = string(o.NmObatNonDPHO)
		}
		out[i] = claims.RemoteLine{ID: strconv.Itoa(int(o.KdObatSK)), Code: code, Amount: o.JmlObat}
	}
	return out, nil
}

// EditVisit sends a changed visit under its number.
func (c Central) EditVisit(ctx context.Context, v clinic.Visit) error {
	k := KunjunganFrom(v)
	k.NoKunjungan = OptString(v.VisitNo)
	if err := c.C.EditKunjungan(ctx, k); err != nil {
		return domainError(err)
	}
	return nil
}

// DeleteVisit deletes a visit at PCare; a 304 (already gone) counts as done.
// PCare refuses while the visit still has procedures or drugs.
func (c Central) DeleteVisit(ctx context.Context, visitNo string) error {
	return orDomainError(c.C.DeleteKunjungan(ctx, visitNo))
}

// EditProcedure changes procedure id (kdTindakanSK) of a visit.
func (c Central) EditProcedure(ctx context.Context, visitNo, id string, p clinic.Procedure) error {
	t := TindakanFrom(visitNo, p)
	sk, err := strconv.Atoi(id)
	if err != nil {
		return &clinic.Error{Code: clinic.EINTERNAL, Message: "Nomor tindakan PCare tidak valid: " + id, Err: err}
	}
	t.KdTindakanSK = sk
	return orDomainError(c.C.EditTindakan(ctx, t))
}

// DeleteProcedure deletes procedure id of a visit; already gone is done.
func (c Central) DeleteProcedure(ctx context.Context, visitNo, id string) error {
	return orDomainError(c.C.DeleteTindakan(ctx, id, visitNo))
}

// DeleteDrug deletes drug id (kdObatSK) of a visit; already gone is done.
func (c Central) DeleteDrug(ctx context.Context, visitNo, id string) error {
	return orDomainError(c.C.DeleteObat(ctx, id, visitNo))
}

// orDomainError is domainError for a call that may have succeeded.
func orDomainError(err error) error {
	if err == nil {
		return nil
	}
	return domainError(err)
}
