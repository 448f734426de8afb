package pcaresim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"fktpdesk/pcare"
)

// kunjunganBody is POST/PUT kunjungan/V1 as sent: dates as strings (strict
// dd-MM-yyyy), rujukLanjut raw so its shape can be judged the way PCare's
// .NET code does, kdTacc a pointer so "missing" is visible.
type kunjunganBody struct {
	NoKunjungan         pcare.OptString `json:"noKunjungan"`
	NoKartu             string          `json:"noKartu"`
	TglDaftar           string          `json:"tglDaftar"`
	KdPoli              string          `json:"kdPoli"`
	Keluhan             pcare.OptString `json:"keluhan"`
	KdSadar             pcare.OptString `json:"kdSadar"`
	Sistole             pcare.Int       `json:"sistole"`
	Diastole            pcare.Int       `json:"diastole"`
	BeratBadan          pcare.Int       `json:"beratBadan"`
	TinggiBadan         pcare.Int       `json:"tinggiBadan"`
	RespRate            pcare.Int       `json:"respRate"`
	HeartRate           pcare.Int       `json:"heartRate"`
	LingkarPerut        pcare.Int       `json:"lingkarPerut"`
	KdStatusPulang      pcare.OptString `json:"kdStatusPulang"`
	TglPulang           pcare.OptString `json:"tglPulang"`
	KdDokter            pcare.OptString `json:"kdDokter"`
	KdDiag1             pcare.OptString `json:"kdDiag1"`
	KdDiag2             pcare.OptString `json:"kdDiag2"`
	KdDiag3             pcare.OptString `json:"kdDiag3"`
	KdPoliRujukInternal pcare.OptString `json:"kdPoliRujukInternal"`
	RujukLanjut         json.RawMessage `json:"rujukLanjut"`
	KdTacc              *pcare.Int      `json:"kdTacc"`
	AlasanTacc          pcare.OptString `json:"alasanTacc"`
	Anamnesa            pcare.OptString `json:"anamnesa"`
	AlergiMakan         pcare.OptString `json:"alergiMakan"`
	AlergiUdara         pcare.OptString `json:"alergiUdara"`
	AlergiObat          pcare.OptString `json:"alergiObat"`
	KdPrognosa          pcare.OptString `json:"kdPrognosa"`
	TerapiObat          pcare.OptString `json:"terapiObat"`
	TerapiNonObat       pcare.OptString `json:"terapiNonObat"`
	Bmhp                pcare.OptString `json:"bmhp"`
	Suhu                pcare.OptString `json:"suhu"`
}

const msgBelumDaftar = "Belum melakukan pendaftaran pada poli tersebut."

// isObject reports whether raw JSON is an object; absent and null are
// "nothing", anything else (a string, number, array) is a JValue to .NET.
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || bytes.Equal(raw, []byte("null")):
		return "null"
	case raw[0] == '{':
		return "object"
	}
	return "scalar"
}

// parseRujuk reads rujukLanjut for a referral status. PCare dereferences
// rujukLanjut and one of its nested objects without checking them, so a
// null or scalar in those places is its 500 JValue error, reproduced here.
func parseRujuk(raw json.RawMessage) (*rujukData, *reply) {
	jv := jvalueError()
	if jsonKind(raw) != "object" {
		return nil, &jv
	}
	var rl struct {
		KdPPK        pcare.OptString `json:"kdppk"`
		TglEstRujuk  pcare.OptString `json:"tglEstRujuk"`
		SubSpesialis json.RawMessage `json:"subSpesialis"`
		Khusus       json.RawMessage `json:"khusus"`
	}
	if json.Unmarshal(raw, &rl) != nil {
		return nil, &jv
	}
	subK, khK := jsonKind(rl.SubSpesialis), jsonKind(rl.Khusus)
	if subK == "scalar" || khK == "scalar" || (subK == "null" && khK == "null") {
		return nil, &jv
	}
	if subK == "object" && khK == "object" {
		rep := precondition("rujukLanjut", "Isi salah satu: subSpesialis atau khusus.")
		return nil, &rep
	}
	d := &rujukData{KdPPK: string(rl.KdPPK), TglEstRujuk: string(rl.TglEstRujuk)}
	if subK == "object" {
		var sub struct {
			KdSubSpesialis1 pcare.OptString `json:"kdSubSpesialis1"`
			KdSarana        pcare.OptString `json:"kdSarana"`
		}
		if json.Unmarshal(rl.SubSpesialis, &sub) != nil {
			return nil, &jv
		}
		d.KdSubSpesialis, d.KdSarana = string(sub.KdSubSpesialis1), string(sub.KdSarana)
		if d.KdSubSpesialis == "" {
			// Clients that send "kdSubSpesialis" (without the 1) land here.
			rep := precondition("kdSubSpesialis1", "Subspesialis rujukan belum diisi.")
			return nil, &rep
		}
	} else {
		var kh struct {
			KdKhusus       pcare.OptString `json:"kdKhusus"`
			KdSubSpesialis pcare.OptString `json:"kdSubSpesialis"`
			Catatan        pcare.OptString `json:"catatan"`
		}
		if json.Unmarshal(rl.Khusus, &kh) != nil {
			return nil, &jv
		}
		d.KdKhusus, d.KdSubKhusus, d.Catatan = string(kh.KdKhusus), string(kh.KdSubSpesialis), string(kh.Catatan)
		if d.KdKhusus == "" {
			rep := precondition("kdKhusus", "Kode khusus rujukan belum diisi.")
			return nil, &rep
		}
	}
	return d, nil
}

// checkRujuk validates a referral's codes and dates against the master data.
func (s *Sim) checkRujuk(d *rujukData, status, tglDaftar string) *reply {
	fail := func(rep reply) *reply { return &rep }
	est, valid := parseDate(d.TglEstRujuk)
	if !valid {
		return fail(precondition("tglEstRujuk", msgDateFormat))
	}
	if daftar, _ := parseDate(tglDaftar); est.Before(daftar) {
		return fail(precondition("tglEstRujuk", "Tanggal estimasi rujuk tidak boleh kurang dari tanggal kunjungan."))
	}
	h := s.refs.hospByCode[d.KdPPK]
	if h == nil {
		horizontal := false
		for _, f := range s.refs.fktps {
			horizontal = horizontal || f.KdProvider == d.KdPPK
		}
		if !(status == pcare.StatusPulangHoriz && horizontal) {
			return fail(badRef("kdppk", "Kode PPK rujukan tidak ditemukan."))
		}
	}
	if d.KdSubSpesialis != "" {
		if _, found := s.refs.subByCode[d.KdSubSpesialis]; !found {
			return fail(badRef("kdSubSpesialis1", "Kode subspesialis tidak ditemukan."))
		}
		if d.KdSarana != "" && d.KdSarana != "0" && !s.hasSarana(d.KdSarana) {
			return fail(badRef("kdSarana", "Kode sarana tidak ditemukan."))
		}
		if h != nil && !h.subs[d.KdSubSpesialis] {
			return fail(precondition("kdppk", "Faskes rujukan tidak melayani subspesialis tersebut."))
		}
		return nil
	}
	if _, found := s.refs.khususByKd[d.KdKhusus]; !found {
		return fail(badRef("kdKhusus", "Kode khusus tidak ditemukan."))
	}
	switch {
	case khususWithSub[d.KdKhusus] && d.KdSubKhusus == "":
		return fail(precondition("kdSubSpesialis", "Rujukan khusus "+d.KdKhusus+" wajib mengisi subspesialis."))
	case !khususWithSub[d.KdKhusus] && d.KdSubKhusus != "":
		return fail(precondition("kdSubSpesialis", "Subspesialis hanya untuk rujukan khusus THA dan HEM."))
	}
	if d.KdSubKhusus != "" {
		if _, found := s.refs.subByCode[d.KdSubKhusus]; !found {
			return fail(badRef("kdSubSpesialis", "Kode subspesialis tidak ditemukan."))
		}
	}
	if h != nil && !h.khusus[d.KdKhusus] {
		return fail(precondition("kdppk", "Faskes rujukan tidak melayani rujukan khusus tersebut."))
	}
	return nil
}

// checkKunjungan applies every rule that does not need the stored state and
// returns the visit to store (without number and registration link).
func (s *Sim) checkKunjungan(b kunjunganBody) (*visit, *reply) {
	fail := func(rep reply) (*visit, *reply) { return nil, &rep }
	if _, valid := parseDate(b.TglDaftar); !valid {
		return fail(precondition("tglDaftar", msgDateFormat))
	}
	if b.TglPulang != "" {
		if _, valid := parseDate(string(b.TglPulang)); !valid {
			return fail(precondition("tglPulang", msgDateFormat))
		}
	}
	if s.data.byCard[b.NoKartu] == nil {
		return fail(precondition("noKartu", "Peserta tidak ditemukan."))
	}
	status := string(b.KdStatusPulang)
	var rujuk *rujukData
	if pcare.IsReferral(status) {
		var bad *reply
		if rujuk, bad = parseRujuk(b.RujukLanjut); bad != nil {
			return nil, bad
		}
	}

	refs := s.refs
	if _, found := refs.poliByCode[b.KdPoli]; !found {
		return fail(badRef("kdPoli", "Kode poli tidak ditemukan."))
	}
	if !hasCode(refs.kesadaran, string(b.KdSadar), func(k pcare.Kesadaran) string { return k.KdSadar }) {
		return fail(badRef("kdSadar", "Kode kesadaran tidak ditemukan."))
	}
	if _, found := refs.statusByCode[status]; !found {
		return fail(badRef("kdStatusPulang", "Kode status pulang tidak ditemukan."))
	}
	if _, found := refs.dokterByCode[string(b.KdDokter)]; !found {
		return fail(badRef("kdDokter", "Kode dokter tidak ditemukan."))
	}
	diags := [3]string{string(b.KdDiag1), string(b.KdDiag2), string(b.KdDiag3)}
	for i, d := range diags {
		if d == "" && i > 0 {
			continue
		}
		if _, found := refs.diagByCode[d]; !found {
			return fail(badRef(fmt.Sprintf("kdDiag%d", i+1), "Kode diagnosa tidak ditemukan."))
		}
	}
	if b.KdPrognosa != "" && !hasCode(refs.prognosa, string(b.KdPrognosa), func(p pcare.Prognosa) string { return p.KdPrognosa }) {
		return fail(badRef("kdPrognosa", "Kode prognosa tidak ditemukan."))
	}
	if b.KdPoliRujukInternal != "" {
		if _, found := refs.poliByCode[string(b.KdPoliRujukInternal)]; !found {
			return fail(badRef("kdPoliRujukInternal", "Kode poli rujuk internal tidak ditemukan."))
		}
	}
	for _, a := range []struct{ field, jenis, code string }{
		{"alergiMakan", pcare.AlergiMakanan, string(b.AlergiMakan)},
		{"alergiUdara", pcare.AlergiUdara, string(b.AlergiUdara)},
		{"alergiObat", pcare.AlergiObat, string(b.AlergiObat)},
	} {
		if a.code != "" && !hasCode(refs.alergi[a.jenis], a.code, func(x pcare.Alergi) string { return x.KdAlergi }) {
			return fail(badRef(a.field, "Kode alergi tidak ditemukan."))
		}
	}
	if rujuk != nil {
		if bad := s.checkRujuk(rujuk, status, b.TglDaftar); bad != nil {
			return nil, bad
		}
	}

	// TACC: -1 is none, and 0 (what old clients send) means none too.
	tacc := pcare.TaccNone
	if b.KdTacc != nil && int(*b.KdTacc) != 0 {
		tacc = int(*b.KdTacc)
	}
	if _, known := refs.taccName[tacc]; !known {
		return fail(precondition("kdTacc", "Kode TACC tidak valid (-1, 1, 2, 3, 4)."))
	}
	if rujuk != nil && tacc == pcare.TaccNone && refs.diagByCode[diags[0]].NonSpesialis {
		return fail(precondition("kdTacc", "Diagnosa "+diags[0]+" termasuk diagnosa non spesialistik. Rujukan wajib mengisi TACC dan alasan TACC."))
	}
	if tacc != pcare.TaccNone {
		alasan := strings.TrimSpace(string(b.AlasanTacc))
		if reasons := refs.taccReasons[tacc]; len(reasons) > 0 {
			if !hasCode(reasons, alasan, func(x string) string { return x }) {
				return fail(precondition("alasanTacc", "Alasan TACC tidak sesuai dengan referensi TACC."))
			}
		} else if alasan == "" {
			return fail(precondition("alasanTacc", "Alasan TACC harus diisi."))
		}
	}

	return &visit{
		NoKartu: b.NoKartu, TglDaftar: b.TglDaftar, KdPoli: b.KdPoli, Keluhan: string(b.Keluhan),
		KdSadar: string(b.KdSadar), Sistole: int(b.Sistole), Diastole: int(b.Diastole),
		BeratBadan: int(b.BeratBadan), TinggiBadan: int(b.TinggiBadan), RespRate: int(b.RespRate),
		HeartRate: int(b.HeartRate), LingkarPerut: int(b.LingkarPerut), KdStatusPulang: status,
		TglPulang: string(b.TglPulang), KdDokter: string(b.KdDokter), KdDiag: diags,
		KdPoliInternal: string(b.KdPoliRujukInternal), Rujuk: rujuk, KdTacc: tacc,
		AlasanTacc: string(b.AlasanTacc), Anamnesa: string(b.Anamnesa), AlergiMakan: string(b.AlergiMakan),
		AlergiUdara: string(b.AlergiUdara), AlergiObat: string(b.AlergiObat), KdPrognosa: string(b.KdPrognosa),
		TerapiObat: string(b.TerapiObat), TerapiNonObat: string(b.TerapiNonObat), Bmhp: string(b.Bmhp),
		Suhu: string(b.Suhu),
	}, nil
}

func hasCode[T any](items []T, code string, key func(T) string) bool {
	for _, it := range items {
		if key(it) == code {
			return true
		}
	}
	return false
}

// freeRegistration finds the participant's registration for that day and
// poli that has no visit yet (or is the one given). The caller holds s.mu.
func (s *Sim) freeRegistration(v *visit, own string) (*registration, *reply) {
	matched := false
	for _, reg := range s.st.regsByDate[v.TglDaftar] {
		if reg.NoKartu != v.NoKartu || reg.KdPoli != v.KdPoli {
			continue
		}
		matched = true
		if reg.visit == "" || reg.key() == own {
			return reg, nil
		}
	}
	rep := precondition("noKartu", msgBelumDaftar)
	if matched {
		rep = precondition("noKartu", "Peserta sudah memiliki data kunjungan pada pendaftaran tersebut.")
	}
	return nil, &rep
}

func (s *Sim) addKunjungan(_ *http.Request, body []byte) reply {
	var b kunjunganBody
	if json.Unmarshal(body, &b) != nil {
		return badBody()
	}
	v, bad := s.checkKunjungan(b)
	if bad != nil {
		return *bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	reg, bad := s.freeRegistration(v, "")
	if bad != nil {
		return *bad
	}
	// noKunjungan (= referral number): PPK, MMYY of the visit, "Y", and a
	// six-digit sequence per month.
	v.MMYY = v.TglDaftar[3:5] + v.TglDaftar[8:10]
	v.Seq = s.st.visitSeq[v.MMYY] + 1
	v.NoKunjungan = fmt.Sprintf("%s%sY%06d", s.creds.PPK, v.MMYY, v.Seq)
	v.RegKey = reg.key()
	w := Write{Kind: "kunjungan", NoKartu: v.NoKartu, TglDaftar: v.TglDaftar, KdPoli: v.KdPoli, Remote: v.NoKunjungan}
	if err := s.commit(entry{Op: opVisit, Visit: v, Write: w}); err != nil {
		return storageError()
	}
	return created(pcare.FieldMessage{Field: "noKunjungan", Message: v.NoKunjungan})
}

func (s *Sim) editKunjungan(_ *http.Request, body []byte) reply {
	var b kunjunganBody
	if json.Unmarshal(body, &b) != nil {
		return badBody()
	}
	no := string(b.NoKunjungan)
	s.mu.Lock()
	old := s.st.visits[no]
	s.mu.Unlock()
	if old == nil {
		return precondition("noKunjungan", "Data kunjungan tidak ditemukan.")
	}
	v, bad := s.checkKunjungan(b)
	if bad != nil {
		return *bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old = s.st.visits[no]
	if old == nil { // deleted meanwhile
		return precondition("noKunjungan", "Data kunjungan tidak ditemukan.")
	}
	reg, bad := s.freeRegistration(v, old.RegKey)
	if bad != nil {
		return *bad
	}
	v.NoKunjungan, v.MMYY, v.Seq, v.RegKey = old.NoKunjungan, old.MMYY, old.Seq, reg.key()
	w := Write{Kind: "edit-kunjungan", NoKartu: v.NoKartu, TglDaftar: v.TglDaftar, KdPoli: v.KdPoli, Remote: v.NoKunjungan}
	if err := s.commit(entry{Op: opVisit, Visit: v, Write: w}); err != nil {
		return storageError()
	}
	return reply{code: 200, msg: "OK", payload: pcare.FieldMessage{Field: "noKunjungan", Message: v.NoKunjungan}, committed: true}
}

func (s *Sim) deleteKunjungan(r *http.Request, _ []byte) reply {
	no := r.PathValue("noKunjungan")
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.st.visits[no]
	if v == nil {
		return precondition("noKunjungan", "Data kunjungan tidak ditemukan.")
	}
	for _, t := range s.st.tindakan {
		if t.NoKunjungan == no {
			return precondition("noKunjungan", "Data kunjungan tidak dapat dihapus karena masih ada data tindakan. Hapus tindakan terlebih dahulu.")
		}
	}
	for _, o := range s.st.obat {
		if o.NoKunjungan == no {
			return precondition("noKunjungan", "Data kunjungan tidak dapat dihapus karena masih ada data obat. Hapus obat terlebih dahulu.")
		}
	}
	w := Write{Kind: "delete-kunjungan", NoKartu: v.NoKartu, TglDaftar: v.TglDaftar, KdPoli: v.KdPoli, Remote: no}
	if err := s.commit(entry{Op: opUnvisit, Key: no, Write: w}); err != nil {
		return storageError()
	}
	return reply{code: 200, msg: "OK", committed: true}
}

// getRujukan answers what the referral letter needs; visits that are not
// referrals have no rujukan (no content).
func (s *Sim) getRujukan(r *http.Request, _ []byte) reply {
	s.mu.Lock()
	v := s.st.visits[r.PathValue("noKunjungan")]
	s.mu.Unlock()
	if v == nil || v.Rujuk == nil {
		return noContent()
	}
	// A stored visit is immutable (edits replace it), so v is safe to read.
	p := s.data.byCard[v.NoKartu]
	refs := s.refs
	tglDaftar, _ := parseDate(v.TglDaftar)
	est, _ := parseDate(v.Rujuk.TglEstRujuk)
	rj := pcare.Rujukan{
		NoRujukan:     v.NoKunjungan,
		TglKunjungan:  pcare.NewDate(tglDaftar),
		TglEstRujuk:   pcare.NewDate(est),
		TglAkhirRujuk: pcare.NewDate(est).AddDays(89), // valid 90 days, the first included
		PPK: &pcare.PPKRujukan{KdPPK: refs.ppk, NmPPK: refs.clinicName,
			Alamat: "JL. SIMULASI NO. 163, JAKARTA PUSAT", KC: refs.kc},
		NokaPst:  p.NoKartu,
		NmPst:    p.Nama,
		TglLahir: p.TglLahir,
		Sex:      pcare.OptString(p.Sex),
		Dokter:   ptr(refs.dokterByCode[v.KdDokter]),
		Catatan:  pcare.OptString(v.Rujuk.Catatan),
	}
	rj.Pisa, rj.KetPisa = pisa(p.HubunganKeluarga)
	if h := refs.hospByCode[v.Rujuk.KdPPK]; h != nil {
		rj.PPKRujuk = &pcare.PPKRef{KdPPK: h.kdPPK, NmPPK: h.nmPPK}
		rj.Jadwal = pcare.OptString(h.jadwal)
	} else {
		for _, f := range refs.fktps {
			if f.KdProvider == v.Rujuk.KdPPK {
				rj.PPKRujuk = &pcare.PPKRef{KdPPK: f.KdProvider, NmPPK: f.NmProvider}
			}
		}
	}
	rj.Poli = rujukPoli(refs, v.Rujuk)
	for i, d := range v.KdDiag {
		if d == "" {
			continue
		}
		ref := &pcare.DiagRef{KdDiag: d, NmDiag: refs.diagByCode[d].NmDiag}
		switch i {
		case 0:
			rj.Diag1 = ref
		case 1:
			rj.Diag2 = ref
		case 2:
			rj.Diag3 = ref
		}
	}
	rj.Tacc = &pcare.TaccRef{NmTacc: pcare.OptString(refs.taccName[v.KdTacc]), AlasanTacc: pcare.OptString(v.AlasanTacc)}
	if rj.Catatan == "" {
		rj.Catatan = pcare.OptString(v.TerapiObat)
	}
	return ok(rj)
}

func ptr[T any](v T) *T { return &v }

// pisa is the family position code on the letter. SYNTHETIC mapping: 1
// peserta, 2 suami, 3 istri, 4 anak.
func pisa(hubungan string) (pcare.OptString, pcare.OptString) {
	switch hubungan {
	case "Suami":
		return "2", "SUAMI"
	case "Istri":
		return "3", "ISTRI"
	case "Anak":
		return "4", "ANAK"
	}
	return "1", "PESERTA"
}

// rujukPoli is the receiving clinic a referral names.
func rujukPoli(refs *refs, d *rujukData) *pcare.Poli {
	if d.KdSubSpesialis != "" {
		sub := refs.subByCode[d.KdSubSpesialis]
		return &pcare.Poli{KdPoli: string(sub.KdPoliRujuk), NmPoli: sub.NmSubSpesialis}
	}
	k := refs.khususByKd[d.KdKhusus]
	return &pcare.Poli{KdPoli: k.KdKhusus, NmPoli: k.NmKhusus}
}

// riwayat lists a participant's visits at this clinic, oldest first.
func (s *Sim) riwayat(r *http.Request, _ []byte) reply {
	p := s.data.byCard[r.PathValue("noKartu")]
	if p == nil {
		return noContent()
	}
	s.mu.Lock()
	var vs []*visit
	for _, no := range s.st.visitOrder {
		if v := s.st.visits[no]; v.NoKartu == p.NoKartu {
			vs = append(vs, v)
		}
	}
	regTkp := make(map[string]string, len(vs))
	for _, v := range vs {
		if reg := s.st.regs[v.RegKey]; reg != nil {
			regTkp[v.NoKunjungan] = reg.KdTkp
		}
	}
	s.mu.Unlock()

	refs := s.refs
	items := make([]pcare.RiwayatKunjungan, 0, len(vs))
	for _, v := range vs {
		tgl, _ := parseDate(v.TglDaftar)
		it := pcare.RiwayatKunjungan{
			NoKunjungan:       v.NoKunjungan,
			TglKunjungan:      pcare.NewDate(tgl),
			TglDaftar:         pcare.NewDate(tgl),
			ProviderPelayanan: refs.clinicProvider(),
			Peserta: pcare.RiwayatPeserta{NoKartu: p.NoKartu, Nama: p.Nama,
				HubunganKeluarga: pcare.OptString(p.HubunganKeluarga), Sex: pcare.OptString(p.Sex),
				TglLahir: p.TglLahir, KdPpkPst: pcare.OptString(p.KdProviderPst.KdProvider),
				JnsKelas: pcare.OptString(p.JnsKelas.Nama)},
			Poli:         refs.poliByCode[v.KdPoli],
			Keluhan:      pcare.OptString(v.Keluhan),
			Sistole:      pcare.Int(v.Sistole),
			Diastole:     pcare.Int(v.Diastole),
			BeratBadan:   pcare.Int(v.BeratBadan),
			TinggiBadan:  pcare.Int(v.TinggiBadan),
			RespRate:     pcare.Int(v.RespRate),
			HeartRate:    pcare.Int(v.HeartRate),
			Catatan:      pcare.OptString(v.Anamnesa),
			Dokter:       ptr(refs.dokterByCode[v.KdDokter]),
			StatusPulang: ptr(refs.statusByCode[v.KdStatusPulang]),
			Tkp:          &pcare.Tkp{KdTkp: regTkp[v.NoKunjungan], NmTkp: tkpNames[regTkp[v.NoKunjungan]]},
		}
		if p.KdProviderGigi != nil {
			it.Peserta.KdPpkGigi = pcare.OptString(p.KdProviderGigi.KdProvider)
		}
		if tp, _ := parseDate(v.TglPulang); !tp.IsZero() {
			it.TglPulang = pcare.NewDate(tp)
		}
		switch p.PstProl {
		case "DM":
			it.ProgProlanis = &pcare.Program{KdProgram: "01", NmProgram: "Diabetes Melitus"}
		case "HT":
			it.ProgProlanis = &pcare.Program{KdProgram: "02", NmProgram: "Hipertensi"}
		}
		for i, d := range v.KdDiag {
			if d == "" {
				continue
			}
			dg := refs.diagByCode[d]
			switch i {
			case 0:
				it.Diagnosa1 = &dg
			case 1:
				it.Diagnosa2 = &dg
			case 2:
				it.Diagnosa3 = &dg
			}
		}
		for _, k := range refs.kesadaran {
			if k.KdSadar == v.KdSadar {
				it.Kesadaran = ptr(k)
			}
		}
		if v.KdPoliInternal != "" {
			it.PoliRujukInternal = ptr(refs.poliByCode[v.KdPoliInternal])
		}
		if v.Rujuk != nil {
			it.PoliRujukLanjut = rujukPoli(refs, v.Rujuk)
			if h := refs.hospByCode[v.Rujuk.KdPPK]; h != nil {
				it.ProviderRujukLanjut = &pcare.Provider{KdProvider: h.kdPPK, NmProvider: h.nmPPK}
			} else {
				it.ProviderRujukLanjut = &pcare.Provider{KdProvider: v.Rujuk.KdPPK}
			}
		}
		items = append(items, it)
	}
	return ok(newList(items, 0, -1))
}
