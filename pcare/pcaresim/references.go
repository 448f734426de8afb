package pcaresim

import (
	"encoding/json"
	"net/http"
	"strings"

	"fktpdesk/pcare"
)

// Peserta and reference-list handlers: reads of immutable data, no lock.

func (s *Sim) getPesertaByCard(r *http.Request, _ []byte) reply {
	return s.peserta(r.PathValue("noKartu"), false)
}

func (s *Sim) getPesertaBy(r *http.Request, _ []byte) reply {
	switch strings.ToLower(r.PathValue("jenis")) {
	case "noka":
		return s.peserta(r.PathValue("nomor"), false)
	case "nik":
		return s.peserta(r.PathValue("nomor"), true)
	}
	return precondition("jenisKartu", "Jenis kartu harus noka atau nik.")
}

func (s *Sim) peserta(nomor string, byNIK bool) reply {
	var p *participant
	if byNIK {
		if !isDigits(nomor, 16) {
			return precondition("nik", "NIK harus 16 digit angka.")
		}
		p = s.data.byNIK[nomor]
	} else {
		if !isDigits(nomor, 13) {
			return precondition("noKartu", "Nomor kartu harus 13 digit angka.")
		}
		p = s.data.byCard[nomor]
	}
	if p == nil {
		return noContent()
	}
	return ok(json.RawMessage(p.json))
}

func (s *Sim) refDiagnosa(r *http.Request, _ []byte) reply {
	start, limit, bad := paging(r)
	if bad != nil {
		return *bad
	}
	kw := strings.ToLower(strings.TrimSpace(r.PathValue("keyword")))
	if kw == "" {
		return precondition("keyword", "Kata kunci diagnosa harus diisi.")
	}
	words := strings.Fields(kw)
	var found []pcare.Diagnosa
	for i, d := range s.refs.diag {
		// A code prefix ("a09", "i1") or every word somewhere in the code,
		// Indonesian or English name.
		match := strings.HasPrefix(strings.ToLower(d.KdDiag), kw)
		if !match {
			match = true
			for _, w := range words {
				if !strings.Contains(s.refs.diagSearch[i], w) {
					match = false
					break
				}
			}
		}
		if match {
			found = append(found, d)
		}
	}
	if len(found) == 0 {
		return noContent()
	}
	return ok(newList(found, start, limit))
}

func (s *Sim) refDokter(r *http.Request, _ []byte) reply {
	start, limit, bad := paging(r)
	if bad != nil {
		return *bad
	}
	return ok(newList(s.refs.dokter, start, limit))
}

func (s *Sim) refKesadaran(*http.Request, []byte) reply {
	return ok(newList(s.refs.kesadaran, 0, -1))
}

func (s *Sim) refPrognosa(*http.Request, []byte) reply {
	return ok(newList(s.refs.prognosa, 0, -1))
}

func (s *Sim) refPoli(r *http.Request, _ []byte) reply {
	start, limit, bad := paging(r)
	if bad != nil {
		return *bad
	}
	return ok(newList(s.refs.poli, start, limit))
}

func (s *Sim) refProvider(r *http.Request, _ []byte) reply {
	start, limit, bad := paging(r)
	if bad != nil {
		return *bad
	}
	all := append([]pcare.Provider{s.refs.clinicProvider()}, s.refs.fktps...)
	return ok(newList(all, start, limit))
}

func (s *Sim) refStatusPulang(r *http.Request, _ []byte) reply {
	switch strings.ToLower(r.PathValue("rawatInap")) {
	case "true":
		return ok(newList(s.refs.statusRI, 0, -1))
	case "false":
		return ok(newList(s.refs.statusRJ, 0, -1))
	}
	return precondition("rawatInap", "Parameter rawatInap harus true atau false.")
}

func (s *Sim) refAlergi(r *http.Request, _ []byte) reply {
	l, found := s.refs.alergi[r.PathValue("jenis")]
	if !found {
		return badRef("jenis", "Jenis alergi tidak ditemukan (01 makanan, 02 udara, 03 obat).")
	}
	return ok(newList(l, 0, -1))
}

func (s *Sim) refTindakan(r *http.Request, _ []byte) reply {
	start, limit, bad := paging(r)
	if bad != nil {
		return *bad
	}
	l, found := s.refs.tindakan[r.PathValue("kdTkp")]
	if !found {
		return badRef("kdTkp", "Kode TKP tidak ditemukan (10, 20, 50).")
	}
	return ok(newList(l, start, limit))
}

func (s *Sim) refObat(r *http.Request, _ []byte) reply {
	start, limit, bad := paging(r)
	if bad != nil {
		return *bad
	}
	kw := strings.ToLower(strings.TrimSpace(r.PathValue("keyword")))
	var found []pcare.ObatRef
	for _, o := range s.refs.obat {
		if strings.HasPrefix(o.KdObat, kw) || strings.Contains(strings.ToLower(o.NmObat), kw) {
			found = append(found, o)
		}
	}
	if len(found) == 0 {
		return noContent()
	}
	return ok(newList(found, start, limit))
}

func (s *Sim) refSpesialis(*http.Request, []byte) reply {
	return ok(newList(s.refs.spesialis, 0, -1))
}

func (s *Sim) refSubSpesialis(r *http.Request, _ []byte) reply {
	l, found := s.refs.subBySp[r.PathValue("kdSpesialis")]
	if !found {
		return badRef("kdSpesialis", "Kode spesialis tidak ditemukan.")
	}
	return ok(newList(l, 0, -1))
}

func (s *Sim) refSarana(*http.Request, []byte) reply { return ok(newList(s.refs.sarana, 0, -1)) }

func (s *Sim) refKhusus(*http.Request, []byte) reply { return ok(newList(s.refs.khusus, 0, -1)) }

// checkEstDate validates a planned referral date: dd-MM-yyyy, not in the past.
func (s *Sim) checkEstDate(tgl string) *reply {
	t, valid := parseDate(tgl)
	if !valid {
		rep := precondition("tglEstRujuk", msgDateFormat)
		return &rep
	}
	if t.Before(s.today()) {
		rep := precondition("tglEstRujuk", "Tanggal estimasi rujuk tidak boleh kurang dari tanggal hari ini.")
		return &rep
	}
	return nil
}

// rujukSubSpesialis lists hospitals that take a sub-specialist referral. A
// kdSarana of "0" (what clients send for none) means no facility is needed.
func (s *Sim) rujukSubSpesialis(r *http.Request, _ []byte) reply {
	sub, sarana, tgl := r.PathValue("kdSub"), r.PathValue("kdSarana"), r.PathValue("tgl")
	if bad := s.checkEstDate(tgl); bad != nil {
		return *bad
	}
	if _, found := s.refs.subByCode[sub]; !found {
		return badRef("kdSubSpesialis", "Kode subspesialis tidak ditemukan.")
	}
	if sarana != "0" && !s.hasSarana(sarana) {
		return badRef("kdSarana", "Kode sarana tidak ditemukan.")
	}
	var out []pcare.FaskesRujukan
	for i := range s.refs.hospitals {
		h := &s.refs.hospitals[i]
		if h.subs[sub] && (sarana == "0" || h.sarana[sarana]) {
			out = append(out, s.refs.faskes(h, "sub"+sub, tgl))
		}
	}
	if len(out) == 0 {
		return noContent()
	}
	return ok(newList(out, 0, -1))
}

func (s *Sim) hasSarana(kd string) bool {
	for _, x := range s.refs.sarana {
		if x.KdSarana == kd {
			return true
		}
	}
	return false
}

// rujukKhusus lists hospitals for a special case. THA and HEM need a
// sub-specialist (the longer path); the others must not have one.
func (s *Sim) rujukKhusus(r *http.Request, _ []byte) reply {
	kd, sub, noKartu, tgl := r.PathValue("kdKhusus"), r.PathValue("kdSub"), r.PathValue("noKartu"), r.PathValue("tgl")
	if bad := s.checkEstDate(tgl); bad != nil {
		return *bad
	}
	if _, found := s.refs.khususByKd[kd]; !found {
		return badRef("kdKhusus", "Kode khusus tidak ditemukan.")
	}
	switch {
	case khususWithSub[kd] && sub == "":
		return precondition("kdSubSpesialis", "Rujukan khusus "+kd+" wajib mengisi subspesialis.")
	case !khususWithSub[kd] && sub != "":
		return precondition("kdSubSpesialis", "Subspesialis hanya untuk rujukan khusus THA dan HEM.")
	}
	if sub != "" {
		if _, found := s.refs.subByCode[sub]; !found {
			return badRef("kdSubSpesialis", "Kode subspesialis tidak ditemukan.")
		}
	}
	if s.data.byCard[noKartu] == nil {
		return precondition("noKartu", "Peserta tidak ditemukan.")
	}
	var out []pcare.FaskesRujukan
	for i := range s.refs.hospitals {
		h := &s.refs.hospitals[i]
		if h.khusus[kd] {
			out = append(out, s.refs.faskes(h, "khusus"+kd+sub, tgl))
		}
	}
	if len(out) == 0 {
		return noContent()
	}
	return ok(newList(out, 0, -1))
}
