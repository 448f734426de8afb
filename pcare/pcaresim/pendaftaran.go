package pcaresim

import (
	"encoding/json"
	"net/http"
	"strconv"

	"fktpdesk/pcare"
)

// pendaftaranBody is POST pendaftaran as sent. Dates stay strings so a
// yyyy-MM-dd date is refused rather than read; numbers and booleans are
// read as tolerantly as PCare's .NET binder does.
type pendaftaranBody struct {
	KdProviderPeserta string          `json:"kdProviderPeserta"`
	TglDaftar         string          `json:"tglDaftar"`
	NoKartu           string          `json:"noKartu"`
	KdPoli            string          `json:"kdPoli"`
	Keluhan           pcare.OptString `json:"keluhan"`
	KunjSakit         pcare.Bool      `json:"kunjSakit"`
	Sistole           pcare.Int       `json:"sistole"`
	Diastole          pcare.Int       `json:"diastole"`
	BeratBadan        pcare.Int       `json:"beratBadan"`
	TinggiBadan       pcare.Int       `json:"tinggiBadan"`
	RespRate          pcare.Int       `json:"respRate"`
	LingkarPerut      pcare.Int       `json:"lingkarPerut"`
	HeartRate         pcare.Int       `json:"heartRate"`
	RujukBalik        pcare.Int       `json:"rujukBalik"`
	KdTkp             pcare.OptString `json:"kdTkp"`
}

var tkpNames = map[string]string{
	pcare.TkpRawatJalan: "RJTP",
	pcare.TkpRawatInap:  "RITP",
	pcare.TkpPromotif:   "Promotif",
}

func badBody() reply {
	return precondition("request", "Format data tidak valid (JSON).")
}

// addPendaftaran registers a participant at a poli for a day. Like PCare it
// does not refuse a second registration of the same participant, day and
// poli: it stores another one, which is how duplicates show up in tests.
func (s *Sim) addPendaftaran(_ *http.Request, body []byte) reply {
	var b pendaftaranBody
	if json.Unmarshal(body, &b) != nil {
		return badBody()
	}
	tgl, valid := parseDate(b.TglDaftar)
	if !valid {
		return precondition("tglDaftar", msgDateFormat)
	}
	if tgl.After(s.today()) {
		return precondition("tglDaftar", "Tanggal pendaftaran tidak boleh melebihi tanggal hari ini.")
	}
	p := s.data.byCard[b.NoKartu]
	if p == nil {
		return precondition("noKartu", "Peserta tidak ditemukan.")
	}
	if !p.Aktif {
		return precondition("noKartu", "Peserta tidak aktif ("+p.KetAktif+"), tidak dapat didaftarkan.")
	}
	if b.KdProviderPeserta != "" && b.KdProviderPeserta != p.KdProviderPst.KdProvider {
		return precondition("kdProviderPeserta", "kdProviderPeserta tidak sesuai dengan provider peserta.")
	}
	if _, found := s.refs.poliByCode[b.KdPoli]; !found {
		return badRef("kdPoli", "Kode poli tidak ditemukan.")
	}
	tkp := string(b.KdTkp)
	if tkp == "" {
		tkp = pcare.TkpRawatJalan
	}
	if _, found := tkpNames[tkp]; !found {
		return badRef("kdTkp", "Kode TKP tidak ditemukan.")
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	seq := s.st.urutSeq[b.TglDaftar+"|"+b.KdPoli] + 1
	reg := &registration{
		NoUrut: s.refs.poliLetter[b.KdPoli] + strconv.Itoa(seq), Seq: seq,
		TglDaftar: b.TglDaftar, NoKartu: b.NoKartu, KdPoli: b.KdPoli,
		KdProviderPeserta: p.KdProviderPst.KdProvider, Keluhan: string(b.Keluhan), KunjSakit: bool(b.KunjSakit),
		Sistole: int(b.Sistole), Diastole: int(b.Diastole), BeratBadan: int(b.BeratBadan),
		TinggiBadan: int(b.TinggiBadan), RespRate: int(b.RespRate), LingkarPerut: int(b.LingkarPerut),
		HeartRate: int(b.HeartRate), RujukBalik: int(b.RujukBalik), KdTkp: tkp,
	}
	w := Write{Kind: "pendaftaran", NoKartu: reg.NoKartu, TglDaftar: reg.TglDaftar, KdPoli: reg.KdPoli, Remote: reg.NoUrut}
	if err := s.commit(entry{Op: opReg, Reg: reg, Write: w}); err != nil {
		return storageError()
	}
	return created(pcare.FieldMessage{Field: "noUrut", Message: reg.NoUrut})
}

func storageError() reply {
	return reply{code: 500, msg: "Terjadi kesalahan pada server saat menyimpan data."}
}

// pendaftaranItem renders a registration in PCare's GET shape (with its
// lowercase "tgldaftar"). The caller holds s.mu.
func (s *Sim) pendaftaranItem(reg *registration) pcare.PendaftaranItem {
	p := s.data.byCard[reg.NoKartu]
	tgl, _ := parseDate(reg.TglDaftar)
	status := "Belum dilayani"
	if reg.visit != "" {
		status = "Sudah dilayani"
	}
	return pcare.PendaftaranItem{
		NoUrut: reg.NoUrut, TglDaftar: pcare.NewDate(tgl),
		ProviderPelayanan: s.refs.clinicProvider(), Peserta: p.Peserta, Poli: s.refs.poliByCode[reg.KdPoli],
		Keluhan: pcare.OptString(reg.Keluhan), KunjSakit: pcare.Bool(reg.KunjSakit), Status: pcare.OptString(status),
		Sistole: pcare.Int(reg.Sistole), Diastole: pcare.Int(reg.Diastole), BeratBadan: pcare.Int(reg.BeratBadan),
		TinggiBadan: pcare.Int(reg.TinggiBadan), RespRate: pcare.Int(reg.RespRate), HeartRate: pcare.Int(reg.HeartRate),
		LingkarPerut: pcare.Int(reg.LingkarPerut),
		Tkp:          pcare.Tkp{KdTkp: reg.KdTkp, NmTkp: tkpNames[reg.KdTkp]},
	}
}

func (s *Sim) getPendaftaran(r *http.Request, _ []byte) reply {
	tgl := r.PathValue("tgl")
	if _, valid := parseDate(tgl); !valid {
		return precondition("tglDaftar", msgDateFormat)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	reg := s.st.regs[regKey(tgl, r.PathValue("noUrut"))]
	if reg == nil {
		return noContent()
	}
	return ok(s.pendaftaranItem(reg))
}

func (s *Sim) listPendaftaran(r *http.Request, _ []byte) reply {
	tgl := r.PathValue("tgl")
	if _, valid := parseDate(tgl); !valid {
		return precondition("tglDaftar", msgDateFormat)
	}
	start, limit, bad := paging(r)
	if bad != nil {
		return *bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	regs := s.st.regsByDate[tgl]
	if len(regs) == 0 {
		return noContent()
	}
	items := make([]pcare.PendaftaranItem, 0, len(regs))
	for _, reg := range regs {
		items = append(items, s.pendaftaranItem(reg))
	}
	return ok(newList(items, start, limit))
}

// deletePendaftaran removes a registration that has no visit. Deleting one
// that was already deleted answers 304 ("data tidak bisa diubah"), which
// clients treat as "already gone".
func (s *Sim) deletePendaftaran(r *http.Request, _ []byte) reply {
	tgl, noUrut := r.PathValue("tgl"), r.PathValue("noUrut")
	if _, valid := parseDate(tgl); !valid {
		return precondition("tglDaftar", msgDateFormat)
	}
	key := regKey(tgl, noUrut)
	s.mu.Lock()
	defer s.mu.Unlock()
	reg := s.st.regs[key]
	if reg == nil {
		if s.st.deletedRegs[key] {
			return reply{code: http.StatusNotModified, msg: "Data tidak bisa diubah, data pendaftaran sudah dihapus."}
		}
		return precondition("noUrut", "Data pendaftaran tidak ditemukan.")
	}
	if reg.NoKartu != r.PathValue("noKartu") || reg.KdPoli != r.PathValue("kdPoli") {
		return precondition("noKartu", "Data pendaftaran tidak sesuai dengan nomor kartu dan poli.")
	}
	if reg.visit != "" {
		return precondition("noUrut", "Data pendaftaran tidak dapat dihapus karena sudah ada data kunjungan. Hapus kunjungan terlebih dahulu.")
	}
	w := Write{Kind: "delete-pendaftaran", NoKartu: reg.NoKartu, TglDaftar: reg.TglDaftar, KdPoli: reg.KdPoli, Remote: reg.NoUrut}
	if err := s.commit(entry{Op: opUnreg, Key: key, Write: w}); err != nil {
		return storageError()
	}
	return reply{code: 200, msg: "OK", committed: true}
}
