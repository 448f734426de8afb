package pcaresim

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"

	"fktpdesk/pcare"
)

// Procedures (tindakan) and drugs (obat) of a visit. Both need an existing
// visit, and a visit cannot be deleted while it still has either.

type tindakanBody struct {
	KdTindakanSK pcare.Int       `json:"kdTindakanSK"`
	NoKunjungan  string          `json:"noKunjungan"`
	KdTindakan   string          `json:"kdTindakan"`
	Biaya        pcare.Int       `json:"biaya"`
	Keterangan   pcare.OptString `json:"keterangan"`
	Hasil        pcare.Int       `json:"hasil"`
}

// checkTindakan validates a procedure against its visit and the reference.
// The caller holds s.mu.
func (s *Sim) checkTindakan(b tindakanBody) (*visit, *reply) {
	v := s.st.visits[b.NoKunjungan]
	if v == nil {
		rep := precondition("noKunjungan", "Data kunjungan tidak ditemukan.")
		return nil, &rep
	}
	ref, found := s.refs.tindakanByCode[b.KdTindakan]
	if !found {
		rep := badRef("kdTindakan", "Kode tindakan tidak ditemukan.")
		return nil, &rep
	}
	if ref.MaxTarif > 0 && b.Biaya > ref.MaxTarif {
		rep := precondition("biaya", "Biaya melebihi tarif maksimal tindakan ("+strconv.Itoa(int(ref.MaxTarif))+").")
		return nil, &rep
	}
	if b.Biaya < 0 {
		rep := precondition("biaya", "Biaya tidak boleh negatif.")
		return nil, &rep
	}
	return v, nil
}

func (s *Sim) addTindakan(_ *http.Request, body []byte) reply {
	var b tindakanBody
	if json.Unmarshal(body, &b) != nil {
		return badBody()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v, bad := s.checkTindakan(b)
	if bad != nil {
		return *bad
	}
	t := &tindakanRec{SK: s.st.tindSeq + 1, NoKunjungan: v.NoKunjungan, KdTindakan: b.KdTindakan,
		Biaya: int(b.Biaya), Keterangan: string(b.Keterangan), Hasil: int(b.Hasil)}
	sk := strconv.Itoa(t.SK)
	w := Write{Kind: "tindakan", NoKartu: v.NoKartu, TglDaftar: v.TglDaftar, KdPoli: v.KdPoli, Remote: sk}
	if err := s.commit(entry{Op: opTind, Tind: t, Write: w}); err != nil {
		return storageError()
	}
	return created(pcare.FieldMessage{Field: "kdTindakanSK", Message: sk})
}

func (s *Sim) editTindakan(_ *http.Request, body []byte) reply {
	var b tindakanBody
	if json.Unmarshal(body, &b) != nil {
		return badBody()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.st.tindakan[int(b.KdTindakanSK)]
	if old == nil || old.NoKunjungan != b.NoKunjungan {
		return precondition("kdTindakanSK", "Data tindakan tidak ditemukan pada kunjungan tersebut.")
	}
	v, bad := s.checkTindakan(b)
	if bad != nil {
		return *bad
	}
	t := &tindakanRec{SK: old.SK, NoKunjungan: old.NoKunjungan, KdTindakan: b.KdTindakan,
		Biaya: int(b.Biaya), Keterangan: string(b.Keterangan), Hasil: int(b.Hasil)}
	sk := strconv.Itoa(t.SK)
	w := Write{Kind: "edit-tindakan", NoKartu: v.NoKartu, TglDaftar: v.TglDaftar, KdPoli: v.KdPoli, Remote: sk}
	if err := s.commit(entry{Op: opTind, Tind: t, Write: w}); err != nil {
		return storageError()
	}
	return reply{code: 200, msg: "OK", payload: pcare.FieldMessage{Field: "kdTindakanSK", Message: sk}, committed: true}
}

func (s *Sim) listTindakan(r *http.Request, _ []byte) reply {
	no := r.PathValue("noKunjungan")
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.visits[no] == nil {
		return noContent()
	}
	items := []pcare.TindakanItem{}
	for _, sk := range sortedKeys(s.st.tindakan) {
		t := s.st.tindakan[sk]
		if t.NoKunjungan != no {
			continue
		}
		items = append(items, pcare.TindakanItem{KdTindakanSK: pcare.Int(t.SK), KdTindakan: t.KdTindakan,
			NmTindakan: s.refs.tindakanByCode[t.KdTindakan].NmTindakan, Biaya: pcare.Int(t.Biaya),
			Keterangan: pcare.OptString(t.Keterangan), Hasil: pcare.Int(t.Hasil)})
	}
	return ok(newList(items, 0, -1))
}

func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (s *Sim) deleteTindakan(r *http.Request, _ []byte) reply {
	sk, _ := strconv.Atoi(r.PathValue("sk"))
	no := r.PathValue("noKunjungan")
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.tindakan[sk]
	if t == nil || t.NoKunjungan != no {
		return precondition("kdTindakanSK", "Data tindakan tidak ditemukan pada kunjungan tersebut.")
	}
	v := s.st.visits[no]
	w := Write{Kind: "delete-tindakan", NoKartu: v.NoKartu, TglDaftar: v.TglDaftar, KdPoli: v.KdPoli, Remote: strconv.Itoa(sk)}
	if err := s.commit(entry{Op: opUntind, SK: sk, Write: w}); err != nil {
		return storageError()
	}
	return reply{code: 200, msg: "OK", committed: true}
}

type obatBody struct {
	KdObatSK      pcare.Int       `json:"kdObatSK"`
	NoKunjungan   string          `json:"noKunjungan"`
	Racikan       pcare.Bool      `json:"racikan"`
	KdRacikan     pcare.OptString `json:"kdRacikan"`
	ObatDPHO      pcare.Bool      `json:"obatDPHO"`
	KdObat        pcare.OptString `json:"kdObat"`
	Signa1        float64         `json:"signa1"`
	Signa2        float64         `json:"signa2"`
	JmlObat       float64         `json:"jmlObat"`
	JmlPermintaan float64         `json:"jmlPermintaan"`
	NmObatNonDPHO pcare.OptString `json:"nmObatNonDPHO"`
}

// addObat records a drug. Its answer is an array of {field, message}, with
// kdObatSK among them, as PCare's is.
func (s *Sim) addObat(_ *http.Request, body []byte) reply {
	var b obatBody
	if json.Unmarshal(body, &b) != nil {
		return badBody()
	}
	if b.ObatDPHO {
		if _, found := s.refs.obatByCode[string(b.KdObat)]; !found {
			return badRef("kdObat", "Kode obat DPHO tidak ditemukan.")
		}
	} else if b.NmObatNonDPHO == "" {
		return precondition("nmObatNonDPHO", "Nama obat non DPHO harus diisi.")
	}
	if b.JmlObat <= 0 {
		return precondition("jmlObat", "Jumlah obat harus lebih dari 0.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.st.visits[b.NoKunjungan]
	if v == nil {
		return precondition("noKunjungan", "Data kunjungan tidak ditemukan.")
	}
	o := &obatRec{SK: s.st.obatSeq + 1, NoKunjungan: v.NoKunjungan, Racikan: bool(b.Racikan),
		KdRacikan: string(b.KdRacikan), ObatDPHO: bool(b.ObatDPHO), KdObat: string(b.KdObat),
		Signa1: b.Signa1, Signa2: b.Signa2, JmlObat: b.JmlObat, JmlPermintaan: b.JmlPermintaan,
		NmObatNonDPHO: string(b.NmObatNonDPHO)}
	sk := strconv.Itoa(o.SK)
	w := Write{Kind: "obat", NoKartu: v.NoKartu, TglDaftar: v.TglDaftar, KdPoli: v.KdPoli, Remote: sk}
	if err := s.commit(entry{Op: opObat, Obat: o, Write: w}); err != nil {
		return storageError()
	}
	return created([]pcare.FieldMessage{{Field: "kdObatSK", Message: sk}, {Field: "kdRacikan", Message: o.KdRacikan}})
}

func (s *Sim) listObat(r *http.Request, _ []byte) reply {
	no := r.PathValue("noKunjungan")
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.visits[no] == nil {
		return noContent()
	}
	items := []pcare.ObatItem{}
	for _, sk := range sortedKeys(s.st.obat) {
		o := s.st.obat[sk]
		if o.NoKunjungan != no {
			continue
		}
		ref := s.refs.obatByCode[o.KdObat]
		if !o.ObatDPHO {
			ref = pcare.ObatRef{KdObat: o.KdObat, NmObat: o.NmObatNonDPHO}
		}
		items = append(items, pcare.ObatItem{KdObatSK: pcare.Int(o.SK), KdRacikan: pcare.OptString(o.KdRacikan),
			Racikan: pcare.Bool(o.Racikan), ObatDPHO: pcare.Bool(o.ObatDPHO), Obat: ref,
			Signa1: o.Signa1, Signa2: o.Signa2, JmlObat: o.JmlObat, JmlPermintaan: o.JmlPermintaan,
			NmObatNonDPHO: pcare.OptString(o.NmObatNonDPHO)})
	}
	return ok(newList(items, 0, -1))
}

func (s *Sim) deleteObat(r *http.Request, _ []byte) reply {
	sk, _ := strconv.Atoi(r.PathValue("sk"))
	no := r.PathValue("noKunjungan")
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.st.obat[sk]
	if o == nil || o.NoKunjungan != no {
		return precondition("kdObatSK", "Data obat tidak ditemukan pada kunjungan tersebut.")
	}
	v := s.st.visits[no]
	w := Write{Kind: "delete-obat", NoKartu: v.NoKartu, TglDaftar: v.TglDaftar, KdPoli: v.KdPoli, Remote: strconv.Itoa(sk)}
	if err := s.commit(entry{Op: opUnobat, SK: sk, Write: w}); err != nil {
		return storageError()
	}
	return reply{code: 200, msg: "OK", committed: true}
}
