package pcaresim

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// registerPCare lists every PCare endpoint the simulator serves, as in the
// spec's endpoint table (§4). Paths are relative to /pcare-rest. Anything
// else, including the pre-2025 "POST kunjungan", gets PCare's 404
// "not registered for this service".
func (s *Sim) registerPCare(handle func(pattern string, write bool, fn pcareFunc)) {
	const read, write = false, true

	handle("GET peserta/{noKartu}", read, s.getPesertaByCard)
	handle("GET peserta/{jenis}/{nomor}", read, s.getPesertaBy)

	handle("POST pendaftaran", write, s.addPendaftaran)
	handle("GET pendaftaran/noUrut/{noUrut}/tglDaftar/{tgl}", read, s.getPendaftaran)
	handle("GET pendaftaran/tglDaftar/{tgl}/{start}/{limit}", read, s.listPendaftaran)
	handle("DELETE pendaftaran/peserta/{noKartu}/tglDaftar/{tgl}/noUrut/{noUrut}/kdPoli/{kdPoli}", write, s.deletePendaftaran)

	for _, v := range []string{"V1", "v1"} {
		handle("POST kunjungan/"+v, write, s.addKunjungan)
		handle("PUT kunjungan/"+v, write, s.editKunjungan)
		handle("DELETE kunjungan/"+v+"/{noKunjungan}", write, s.deleteKunjungan)
	}
	handle("DELETE kunjungan/{noKunjungan}", write, s.deleteKunjungan)
	handle("GET kunjungan/rujukan/{noKunjungan}", read, s.getRujukan)
	handle("GET kunjungan/peserta/{noKartu}", read, s.riwayat)

	handle("POST tindakan", write, s.addTindakan)
	handle("PUT tindakan", write, s.editTindakan)
	handle("GET tindakan/kunjungan/{noKunjungan}", read, s.listTindakan)
	handle("DELETE tindakan/{sk}/kunjungan/{noKunjungan}", write, s.deleteTindakan)

	handle("POST obat/kunjungan", write, s.addObat)
	handle("GET obat/kunjungan/{noKunjungan}", read, s.listObat)
	handle("DELETE obat/{sk}/kunjungan/{noKunjungan}", write, s.deleteObat)

	handle("GET diagnosa/{keyword}/{start}/{limit}", read, s.refDiagnosa)
	handle("GET dokter/{start}/{limit}", read, s.refDokter)
	handle("GET kesadaran", read, s.refKesadaran)
	handle("GET poli/fktp/{start}/{limit}", read, s.refPoli)
	handle("GET provider/{start}/{limit}", read, s.refProvider)
	handle("GET statuspulang/rawatInap/{rawatInap}", read, s.refStatusPulang)
	handle("GET alergi/jenis/{jenis}", read, s.refAlergi)
	handle("GET prognosa", read, s.refPrognosa)
	handle("GET tindakan/kdTkp/{kdTkp}/{start}/{limit}", read, s.refTindakan)
	handle("GET obat/dpho/{keyword}/{start}/{limit}", read, s.refObat)

	handle("GET spesialis", read, s.refSpesialis)
	handle("GET spesialis/{kdSpesialis}/subspesialis", read, s.refSubSpesialis)
	handle("GET spesialis/sarana", read, s.refSarana)
	handle("GET spesialis/khusus", read, s.refKhusus)
	handle("GET spesialis/rujuk/subspesialis/{kdSub}/sarana/{kdSarana}/tglEstRujuk/{tgl}", read, s.rujukSubSpesialis)
	handle("GET spesialis/rujuk/khusus/{kdKhusus}/noKartu/{noKartu}/tglEstRujuk/{tgl}", read, s.rujukKhusus)
	handle("GET spesialis/rujuk/khusus/{kdKhusus}/subspesialis/{kdSub}/noKartu/{noKartu}/tglEstRujuk/{tgl}", read, s.rujukKhusus)
}

// wib is Indonesia's western time zone, where "today" is for a clinic on
// Java or Sumatra. A fixed zone needs no tzdata in the binary.
var wib = time.FixedZone("WIB", 7*3600)

// today is the simulated date, dd-MM-yyyy.
func (s *Sim) today() time.Time {
	y, m, d := s.now().In(wib).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// parseDate reads PCare's dd-MM-yyyy strictly: yyyy-MM-dd is the classic
// client bug and must be refused, not guessed.
func parseDate(s string) (time.Time, bool) {
	if len(s) != 10 || s[2] != '-' || s[5] != '-' {
		return time.Time{}, false
	}
	t, err := time.Parse("02-01-2006", s)
	return t, err == nil
}

const msgDateFormat = "Format tanggal tidak sesuai, gunakan dd-MM-yyyy."

// paging reads {start}/{limit}. start is a 0-based row offset (the
// catalog's "row data awal"); limit is the page size.
func paging(r *http.Request) (start, limit int, bad *reply) {
	start, err1 := strconv.Atoi(r.PathValue("start"))
	limit, err2 := strconv.Atoi(r.PathValue("limit"))
	if err1 != nil || err2 != nil || start < 0 || limit < 0 {
		rep := precondition("start", "Parameter start dan limit harus bilangan bulat tidak negatif.")
		return 0, 0, &rep
	}
	return start, limit, nil
}

func isDigits(s string, n int) bool {
	return len(s) == n && strings.Trim(s, "0123456789") == ""
}
