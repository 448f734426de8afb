package pcaresim

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// The mutable state: what clinics have written. Every change is an entry;
// the same apply function runs live and when the journal is replayed, so a
// restart rebuilds exactly what was answered before.

// registration is a stored pendaftaran.
type registration struct {
	NoUrut            string `json:"noUrut"`
	Seq               int    `json:"seq"` // the number part of noUrut
	TglDaftar         string `json:"tglDaftar"`
	NoKartu           string `json:"noKartu"`
	KdPoli            string `json:"kdPoli"`
	KdProviderPeserta string `json:"kdProviderPeserta"`
	Keluhan           string `json:"keluhan"`
	KunjSakit         bool   `json:"kunjSakit"`
	Sistole           int    `json:"sistole"`
	Diastole          int    `json:"diastole"`
	BeratBadan        int    `json:"beratBadan"`
	TinggiBadan       int    `json:"tinggiBadan"`
	RespRate          int    `json:"respRate"`
	LingkarPerut      int    `json:"lingkarPerut"`
	HeartRate         int    `json:"heartRate"`
	RujukBalik        int    `json:"rujukBalik"`
	KdTkp             string `json:"kdTkp"`

	visit string // noKunjungan of its visit, rebuilt by apply
}

func regKey(tgl, noUrut string) string { return tgl + "|" + noUrut }

func (r *registration) key() string { return regKey(r.TglDaftar, r.NoUrut) }

// rujukData is a stored rujukLanjut: either the sub-specialist or the
// special-case shape.
type rujukData struct {
	KdPPK          string `json:"kdppk"`
	TglEstRujuk    string `json:"tglEstRujuk"`
	KdSubSpesialis string `json:"kdSubSpesialis,omitempty"`
	KdSarana       string `json:"kdSarana,omitempty"`
	KdKhusus       string `json:"kdKhusus,omitempty"`
	KdSubKhusus    string `json:"kdSubKhusus,omitempty"`
	Catatan        string `json:"catatan,omitempty"`
}

// visit is a stored kunjungan.
type visit struct {
	NoKunjungan    string     `json:"noKunjungan"`
	MMYY           string     `json:"mmyy"`
	Seq            int        `json:"seq"`
	RegKey         string     `json:"regKey"`
	NoKartu        string     `json:"noKartu"`
	TglDaftar      string     `json:"tglDaftar"`
	KdPoli         string     `json:"kdPoli"`
	Keluhan        string     `json:"keluhan"`
	KdSadar        string     `json:"kdSadar"`
	Sistole        int        `json:"sistole"`
	Diastole       int        `json:"diastole"`
	BeratBadan     int        `json:"beratBadan"`
	TinggiBadan    int        `json:"tinggiBadan"`
	RespRate       int        `json:"respRate"`
	HeartRate      int        `json:"heartRate"`
	LingkarPerut   int        `json:"lingkarPerut"`
	KdStatusPulang string     `json:"kdStatusPulang"`
	TglPulang      string     `json:"tglPulang"`
	KdDokter       string     `json:"kdDokter"`
	KdDiag         [3]string  `json:"kdDiag"`
	KdPoliInternal string     `json:"kdPoliRujukInternal"`
	Rujuk          *rujukData `json:"rujuk,omitempty"`
	KdTacc         int        `json:"kdTacc"`
	AlasanTacc     string     `json:"alasanTacc"`
	Anamnesa       string     `json:"anamnesa"`
	AlergiMakan    string     `json:"alergiMakan"`
	AlergiUdara    string     `json:"alergiUdara"`
	AlergiObat     string     `json:"alergiObat"`
	KdPrognosa     string     `json:"kdPrognosa"`
	TerapiObat     string     `json:"terapiObat"`
	TerapiNonObat  string     `json:"terapiNonObat"`
	Bmhp           string     `json:"bmhp"`
	Suhu           string     `json:"suhu"`
}

// tindakanRec is a stored procedure of a visit.
type tindakanRec struct {
	SK          int    `json:"kdTindakanSK"`
	NoKunjungan string `json:"noKunjungan"`
	KdTindakan  string `json:"kdTindakan"`
	Biaya       int    `json:"biaya"`
	Keterangan  string `json:"keterangan"`
	Hasil       int    `json:"hasil"`
}

// obatRec is a stored drug of a visit.
type obatRec struct {
	SK            int     `json:"kdObatSK"`
	NoKunjungan   string  `json:"noKunjungan"`
	Racikan       bool    `json:"racikan"`
	KdRacikan     string  `json:"kdRacikan"`
	ObatDPHO      bool    `json:"obatDPHO"`
	KdObat        string  `json:"kdObat"`
	Signa1        float64 `json:"signa1"`
	Signa2        float64 `json:"signa2"`
	JmlObat       float64 `json:"jmlObat"`
	JmlPermintaan float64 `json:"jmlPermintaan"`
	NmObatNonDPHO string  `json:"nmObatNonDPHO"`
}

// Journal operations.
const (
	opReg     = "reg"
	opUnreg   = "unreg"
	opVisit   = "visit" // add or edit
	opUnvisit = "unvisit"
	opTind    = "tind" // add or edit
	opUntind  = "untind"
	opObat    = "obat"
	opUnobat  = "unobat"
)

// entry is one state change, as journalled.
type entry struct {
	Op    string        `json:"op"`
	Reg   *registration `json:"reg,omitempty"`
	Visit *visit        `json:"visit,omitempty"`
	Tind  *tindakanRec  `json:"tind,omitempty"`
	Obat  *obatRec      `json:"obat,omitempty"`
	Key   string        `json:"key,omitempty"` // what a delete removes
	SK    int           `json:"sk,omitempty"`
	Write Write         `json:"write"`
}

type state struct {
	regs        map[string]*registration
	regsByDate  map[string][]*registration // in registration order
	deletedRegs map[string]bool
	urutSeq     map[string]int // tglDaftar|kdPoli -> last noUrut number

	visits     map[string]*visit
	visitOrder []string
	visitSeq   map[string]int // MMYY -> last sequence

	tindakan map[int]*tindakanRec
	tindSeq  int
	obat     map[int]*obatRec
	obatSeq  int

	writes []Write
}

func newState() *state {
	return &state{
		regs: map[string]*registration{}, regsByDate: map[string][]*registration{},
		deletedRegs: map[string]bool{}, urutSeq: map[string]int{},
		visits: map[string]*visit{}, visitSeq: map[string]int{},
		tindakan: map[int]*tindakanRec{}, obat: map[int]*obatRec{},
	}
}

// apply performs one change. Counters only ever grow, from the numbers in
// the entries themselves, so numbers are never handed out twice, even
// after deletes and restarts.
func (st *state) apply(e entry) error {
	switch e.Op {
	case opReg:
		r := e.Reg
		st.regs[r.key()] = r
		st.regsByDate[r.TglDaftar] = append(st.regsByDate[r.TglDaftar], r)
		k := r.TglDaftar + "|" + r.KdPoli
		st.urutSeq[k] = max(st.urutSeq[k], r.Seq)
	case opUnreg:
		r, found := st.regs[e.Key]
		if !found {
			return fmt.Errorf("unreg %s: no such registration", e.Key)
		}
		delete(st.regs, e.Key)
		day := st.regsByDate[r.TglDaftar]
		for i, x := range day {
			if x == r {
				st.regsByDate[r.TglDaftar] = append(day[:i:i], day[i+1:]...)
				break
			}
		}
		st.deletedRegs[e.Key] = true
	case opVisit:
		v := e.Visit
		if old, found := st.visits[v.NoKunjungan]; found {
			if r := st.regs[old.RegKey]; r != nil && old.RegKey != v.RegKey {
				r.visit = ""
			}
		} else {
			st.visitOrder = append(st.visitOrder, v.NoKunjungan)
		}
		st.visits[v.NoKunjungan] = v
		if r := st.regs[v.RegKey]; r != nil {
			r.visit = v.NoKunjungan
		}
		st.visitSeq[v.MMYY] = max(st.visitSeq[v.MMYY], v.Seq)
	case opUnvisit:
		v, found := st.visits[e.Key]
		if !found {
			return fmt.Errorf("unvisit %s: no such visit", e.Key)
		}
		if r := st.regs[v.RegKey]; r != nil {
			r.visit = ""
		}
		delete(st.visits, e.Key)
		for i, no := range st.visitOrder {
			if no == e.Key {
				st.visitOrder = append(st.visitOrder[:i:i], st.visitOrder[i+1:]...)
				break
			}
		}
	case opTind:
		st.tindakan[e.Tind.SK] = e.Tind
		st.tindSeq = max(st.tindSeq, e.Tind.SK)
	case opUntind:
		delete(st.tindakan, e.SK)
	case opObat:
		st.obat[e.Obat.SK] = e.Obat
		st.obatSeq = max(st.obatSeq, e.Obat.SK)
	case opUnobat:
		delete(st.obat, e.SK)
	default:
		return fmt.Errorf("unknown operation %q", e.Op)
	}
	st.writes = append(st.writes, e.Write)
	return nil
}

// commit journals an entry (when there is a journal) and applies it. The
// caller holds s.mu. A write the journal could not keep is not applied:
// the client gets a 500 and nothing changed, as with a database failure.
func (s *Sim) commit(e entry) error {
	e.Write.At = s.now()
	if s.journal != nil {
		if err := s.journal.append(e); err != nil {
			s.log.Error("journal write failed", "err", err)
			return err
		}
	}
	return s.st.apply(e)
}

// journal is the state file: one JSON entry per line, appended and fsync'd
// before the client gets its answer. Appending keeps a write cheap however
// long the file grows; a process killed mid-append leaves at most one torn
// last line, which the next start cuts off.
type journal struct {
	f    *os.File
	size int64 // length of the complete entries
}

func openJournal(path string, st *state) (*journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("pcaresim: state file: %w", err)
	}
	good, err := replay(f, st)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("pcaresim: state file %s: %w", path, err)
	}
	if err := f.Truncate(good); err != nil {
		f.Close()
		return nil, fmt.Errorf("pcaresim: state file %s: %w", path, err)
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	return &journal{f: f, size: good}, nil
}

// replay applies every complete entry and returns the length of the file
// that holds them. Only the very last line may be damaged (a torn append);
// damage anywhere else is an error, not something to skip silently.
func replay(f *os.File, st *state) (int64, error) {
	r := bufio.NewReaderSize(f, 1<<16)
	var good int64
	for line := 1; ; line++ {
		b, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			// A line without its newline was cut short by a crash.
			return good, nil
		}
		if err != nil {
			return 0, err
		}
		var e entry
		if jerr := json.Unmarshal(bytes.TrimSpace(b), &e); jerr != nil {
			if _, perr := r.Peek(1); errors.Is(perr, io.EOF) {
				return good, nil // torn last line
			}
			return 0, fmt.Errorf("line %d: %w", line, jerr)
		}
		if aerr := st.apply(e); aerr != nil {
			return 0, fmt.Errorf("line %d: %w", line, aerr)
		}
		good += int64(len(b))
	}
}

func (j *journal) append(e entry) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if _, err := j.f.Write(b); err != nil {
		// Cut a partial line off so later entries do not follow garbage.
		_ = j.f.Truncate(j.size)
		_, _ = j.f.Seek(j.size, io.SeekStart)
		return err
	}
	if err := j.f.Sync(); err != nil {
		// Not durable means not answered: take it back out.
		_ = j.f.Truncate(j.size)
		_, _ = j.f.Seek(j.size, io.SeekStart)
		return err
	}
	j.size += int64(len(b))
	return nil
}

func (j *journal) truncate() error {
	if err := j.f.Truncate(0); err != nil {
		return err
	}
	if _, err := j.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	j.size = 0
	return j.f.Sync()
}

func (j *journal) close() error {
	err := j.f.Sync()
	return errors.Join(err, j.f.Close())
}
