package pcaresim

import (
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"

	"fktpdesk/assets/refdata"
	"fktpdesk/pcare"
)

// refs is the simulator's master data. Lists backed by shared/data come from
// package refdata; everything marked SYNTHETIC below is invented (plausible
// codes and names, no real facility or person) because no verified public
// list exists. The app must load these lists from PCare at run time.
type refs struct {
	ppk        string
	clinicName string
	kc         *pcare.KantorCabang

	fktps []pcare.Provider // other FKTPs of the area (SYNTHETIC)

	poli       []pcare.Poli
	poliByCode map[string]pcare.Poli
	poliLetter map[string]string // noUrut prefix per poli

	dokter       []pcare.Dokter
	dokterByCode map[string]pcare.Dokter

	diag       []pcare.Diagnosa
	diagByCode map[string]pcare.Diagnosa
	diagSearch []string // lower-cased "code idName enName" per diag entry

	kesadaran    []pcare.Kesadaran
	prognosa     []pcare.Prognosa
	statusRJ     []pcare.StatusPulang
	statusRI     []pcare.StatusPulang
	statusByCode map[string]pcare.StatusPulang
	alergi       map[string][]pcare.Alergi // by jenis

	spesialis  []pcare.Spesialis
	subBySp    map[string][]pcare.SubSpesialis
	subByCode  map[string]pcare.SubSpesialis
	sarana     []pcare.Sarana
	khusus     []pcare.Khusus
	khususByKd map[string]pcare.Khusus

	hospitals  []hospital
	hospByCode map[string]*hospital

	tindakan       map[string][]pcare.TindakanRef // by kdTkp
	tindakanByCode map[string]pcare.TindakanRef
	obat           []pcare.ObatRef
	obatByCode     map[string]pcare.ObatRef

	taccName    map[int]string
	taccReasons map[int][]string // allowed alasanTacc; none for free text
}

// hospital is a SYNTHETIC referral target (FKRTL) and what it offers.
type hospital struct {
	kdPPK, nmPPK, alamat, telp, kelas, jadwal string
	distance                                  float64
	baseCap                                   int
	subs                                      map[string]bool
	sarana                                    map[string]bool
	khusus                                    map[string]bool
}

func (r *refs) clinicProvider() pcare.Provider {
	return pcare.Provider{KdProvider: r.ppk, NmProvider: r.clinicName}
}

func buildRefs(ppk, clinicName string) *refs {
	if clinicName == "" {
		clinicName = "KLINIK PRATAMA SIMULASI SEHAT"
	}
	r := &refs{ppk: ppk, clinicName: clinicName}

	// SYNTHETIC: the clinic's BPJS branch and regional office. The region
	// codes are real Kemendagri ones (Kota Jakarta Pusat); the office names,
	// address and phone are invented.
	dati := &pcare.Dati{KdProp: "31", KdDati: "3171", NmDati: "KOTA JAKARTA PUSAT"}
	if reg, ok := refdata.RegencyByCode("3171"); ok {
		dati.NmDati = pcare.OptString(strings.ToUpper(reg.Name))
	}
	r.kc = &pcare.KantorCabang{
		KdKC: pcare.OptString(ppk[:4]), NmKC: "JAKARTA PUSAT",
		Alamat: "JL. SIMULASI RAYA NO. 14, JAKARTA PUSAT", Telp: "021-5550140", Fax: "021-5550141",
		Dati: dati,
		KdKR: &pcare.KantorRegional{KdKR: "01", NmKR: "KEDEPUTIAN WILAYAH DKI JAKARTA (SIMULASI)",
			Alamat: "JL. SIMULASI UTAMA NO. 1, JAKARTA", Telp: "021-5550100", Fax: "021-5550101"},
	}

	// SYNTHETIC: neighbouring FKTPs for participants registered elsewhere.
	for i, n := range []string{"PUSKESMAS KECAMATAN MENTENG", "PUSKESMAS KECAMATAN TANAH ABANG",
		"PUSKESMAS KELURAHAN KWITANG", "KLINIK PRATAMA MITRA SEHAT", "KLINIK PRATAMA BUNDA KASIH",
		"DR. HARYANTO (DOKTER PRAKTIK PERORANGAN)", "KLINIK PRATAMA MEDIKA UTAMA",
		"PUSKESMAS KECAMATAN GAMBIR", "DRG. LINDA KUSUMA (DOKTER GIGI)", "KLINIK PRATAMA CEMPAKA SARI"} {
		code := fmt.Sprintf("%sU%03d", ppk[:4], 201+i)
		if strings.HasPrefix(n, "PUSKESMAS") {
			code = fmt.Sprintf("%s%04d", ppk[:4], 101+i)
		}
		r.fktps = append(r.fktps, pcare.Provider{KdProvider: code, NmProvider: n})
	}

	// Poli: 001-003 verified (refdata); the rest SYNTHETIC.
	for _, p := range refdata.PoliFKTP() {
		r.poli = append(r.poli, pcare.Poli{KdPoli: p.Code, NmPoli: p.Name, PoliSakit: true})
	}
	r.poli = append(r.poli,
		pcare.Poli{KdPoli: "008", NmPoli: "POLI KB", PoliSakit: false},          // SYNTHETIC
		pcare.Poli{KdPoli: "011", NmPoli: "POLI IMUNISASI", PoliSakit: false},   // SYNTHETIC
		pcare.Poli{KdPoli: "020", NmPoli: "POLI PROLANIS", PoliSakit: false},    // SYNTHETIC
		pcare.Poli{KdPoli: "021", NmPoli: "POLI LABORATORIUM", PoliSakit: true}, // SYNTHETIC
	)
	r.poliByCode = make(map[string]pcare.Poli)
	r.poliLetter = make(map[string]string)
	for i, p := range r.poli {
		r.poliByCode[p.KdPoli] = p
		r.poliLetter[p.KdPoli] = string(rune('A' + i)) // 001 A, 002 B, 003 C, ...
	}

	// SYNTHETIC doctors.
	r.dokter = []pcare.Dokter{
		{KdDokter: "131489", NmDokter: "dr. Ayu Lestari Wibowo"},
		{KdDokter: "131502", NmDokter: "dr. Rahmat Hidayat"},
		{KdDokter: "131577", NmDokter: "dr. Sinta Maharani Siregar"},
		{KdDokter: "131604", NmDokter: "drg. Bayu Pratama"},
		{KdDokter: "131688", NmDokter: "dr. Nurul Aini Kusuma"},
		{KdDokter: "131720", NmDokter: "Bd. Euis Rahayu, A.Md.Keb"},
		{KdDokter: "131755", NmDokter: "dr. Teguh Santoso"},
	}
	r.dokterByCode = make(map[string]pcare.Dokter)
	for _, d := range r.dokter {
		r.dokterByCode[d.KdDokter] = d
	}

	// Diagnoses: ICD-10 from refdata; PCare shows the English name.
	icd := refdata.ICD10()
	r.diag = make([]pcare.Diagnosa, len(icd))
	r.diagSearch = make([]string, len(icd))
	r.diagByCode = make(map[string]pcare.Diagnosa, len(icd))
	for i, c := range icd {
		d := pcare.Diagnosa{KdDiag: c.Code, NmDiag: c.NameEN, NonSpesialis: pcare.Bool(refdata.IsNonSpecialist(c.Code))}
		r.diag[i] = d
		r.diagByCode[c.Code] = d
		r.diagSearch[i] = strings.ToLower(c.Code + " " + c.NameID + " " + c.NameEN)
	}

	for _, k := range refdata.Kesadaran() {
		r.kesadaran = append(r.kesadaran, pcare.Kesadaran{KdSadar: k.Code, NmSadar: k.Name})
	}
	for _, p := range refdata.Prognosa() {
		r.prognosa = append(r.prognosa, pcare.Prognosa{KdPrognosa: p.Code, NmPrognosa: p.Name})
	}
	// Which statuses belong to rawat jalan and rawat inap follows the
	// spec's code lists (§5.2); the names come from refdata.
	r.statusByCode = make(map[string]pcare.StatusPulang)
	for _, s := range refdata.StatusPulang() {
		sp := pcare.StatusPulang{KdStatusPulang: s.Code, NmStatusPulang: s.Name}
		r.statusByCode[s.Code] = sp
		if strings.Contains("1346", s.Code) {
			r.statusRJ = append(r.statusRJ, sp)
		}
		if strings.Contains("012469", s.Code) {
			r.statusRI = append(r.statusRI, sp)
		}
	}
	r.alergi = make(map[string][]pcare.Alergi)
	for _, a := range refdata.Alergi() {
		r.alergi[a.Jenis] = append(r.alergi[a.Jenis], pcare.Alergi{KdAlergi: a.Code, NmAlergi: a.Name})
	}

	r.buildSpecialists()
	r.buildHospitals()
	r.buildTindakanObat()

	r.taccName = make(map[int]string)
	r.taccReasons = make(map[int][]string)
	for _, t := range refdata.TACC() {
		r.taccName[t.Code] = t.Name
		if t.Reason != "" && !t.FreeText {
			r.taccReasons[t.Code] = append(r.taccReasons[t.Code], t.Reason)
		}
	}
	return r
}

// buildSpecialists makes the SYNTHETIC specialist, sub-specialist, sarana and
// khusus lists. Only the code shapes are grounded (spesialis "ANA",
// subspesialis "26", sarana "1", khusus THA/HEM/HDL/...): the mapping of
// codes to names is invented.
func (r *refs) buildSpecialists() {
	type sub struct{ kd, nm, poli string }
	specs := []struct {
		kd, nm string
		subs   []sub
	}{
		{"ANA", "ANAK", []sub{{"26", "ANAK", "ANA"}, {"27", "ANAK ALERGI IMUNOLOGI", "ANA"}, {"28", "ANAK GASTROHEPATOLOGI", "ANA"}}},
		{"INT", "PENYAKIT DALAM", []sub{{"3", "PENYAKIT DALAM", "INT"}, {"4", "GASTROENTEROHEPATOLOGI", "INT"}, {"5", "ENDOKRIN METABOLIK DIABETES", "INT"}, {"6", "HEMATOLOGI ONKOLOGI MEDIK", "INT"}, {"7", "GINJAL HIPERTENSI", "INT"}}},
		{"OBG", "OBSTETRI & GINEKOLOGI", []sub{{"30", "OBSTETRI & GINEKOLOGI", "OBG"}, {"31", "FETOMATERNAL", "OBG"}}},
		{"BED", "BEDAH", []sub{{"9", "BEDAH", "BED"}, {"10", "BEDAH DIGESTIF", "BED"}, {"11", "BEDAH ONKOLOGI", "BED"}}},
		{"JAN", "JANTUNG DAN PEMBULUH DARAH", []sub{{"14", "JANTUNG DAN PEMBULUH DARAH", "JAN"}}},
		{"PAR", "PARU", []sub{{"16", "PARU", "PAR"}}},
		{"SAR", "SARAF", []sub{{"18", "SARAF", "SAR"}}},
		{"MAT", "MATA", []sub{{"20", "MATA", "MAT"}, {"21", "MATA INFEKSI IMUNOLOGI", "MAT"}}},
		{"THT", "THT-KL", []sub{{"22", "THT-KL", "THT"}}},
		{"KLT", "KULIT DAN KELAMIN", []sub{{"24", "KULIT DAN KELAMIN", "KLT"}}},
		{"JIW", "KEDOKTERAN JIWA", []sub{{"33", "KEDOKTERAN JIWA", "JIW"}}},
		{"ORT", "ORTOPEDI DAN TRAUMATOLOGI", []sub{{"35", "ORTOPEDI DAN TRAUMATOLOGI", "ORT"}}},
		{"GIG", "GIGI", []sub{{"37", "BEDAH MULUT", "BDM"}, {"38", "KONSERVASI GIGI", "KON"}}},
		{"URO", "UROLOGI", []sub{{"40", "UROLOGI", "URO"}}},
	}
	r.subBySp = make(map[string][]pcare.SubSpesialis)
	r.subByCode = make(map[string]pcare.SubSpesialis)
	for _, s := range specs {
		r.spesialis = append(r.spesialis, pcare.Spesialis{KdSpesialis: s.kd, NmSpesialis: s.nm})
		for _, u := range s.subs {
			ss := pcare.SubSpesialis{KdSubSpesialis: u.kd, NmSubSpesialis: u.nm, KdPoliRujuk: pcare.OptString(u.poli)}
			r.subBySp[s.kd] = append(r.subBySp[s.kd], ss)
			r.subByCode[u.kd] = ss
		}
	}
	r.sarana = []pcare.Sarana{
		{KdSarana: "1", NmSarana: "REKAM MEDIK"}, {KdSarana: "2", NmSarana: "LABORATORIUM"},
		{KdSarana: "3", NmSarana: "RADIOLOGI"}, {KdSarana: "4", NmSarana: "REHABILITASI MEDIK"},
		{KdSarana: "5", NmSarana: "ENDOSKOPI"}, {KdSarana: "6", NmSarana: "HEMODIALISA"},
		{KdSarana: "7", NmSarana: "KEMOTERAPI"}, {KdSarana: "8", NmSarana: "RADIOTERAPI"},
	}
	r.khusus = []pcare.Khusus{
		{KdKhusus: "IGD", NmKhusus: "ALIH RAWAT IGD"}, {KdKhusus: "HDL", NmKhusus: "HEMODIALISA"},
		{KdKhusus: "JIW", NmKhusus: "JIWA"}, {KdKhusus: "KLT", NmKhusus: "KUSTA"},
		{KdKhusus: "PAR", NmKhusus: "TB-MDR"}, {KdKhusus: "KEM", NmKhusus: "KEMOTERAPI"},
		{KdKhusus: "RAT", NmKhusus: "RADIOTERAPI"}, {KdKhusus: "HIV", NmKhusus: "HIV-ODHA"},
		{KdKhusus: "THA", NmKhusus: "THALASEMIA"}, {KdKhusus: "HEM", NmKhusus: "HEMOFILIA"},
	}
	r.khususByKd = make(map[string]pcare.Khusus)
	for _, k := range r.khusus {
		r.khususByKd[k.KdKhusus] = k
	}
}

// khususWithSub are the special cases that name a sub-specialist (the
// spesialis/rujuk/khusus/{kd}/subspesialis/... path and kdSubSpesialis).
var khususWithSub = map[string]bool{"THA": true, "HEM": true}

// buildHospitals makes the SYNTHETIC referral hospitals: invented names,
// addresses, phone numbers and codes in the clinic's branch.
func (r *refs) buildHospitals() {
	allSubs := make([]string, 0, len(r.subByCode))
	for kd := range r.subByCode {
		allSubs = append(allSubs, kd)
	}
	slices.Sort(allSubs)
	set := func(items ...string) map[string]bool {
		m := make(map[string]bool)
		for _, it := range items {
			m[it] = true
		}
		return m
	}
	type h struct {
		nm, alamat, kelas, jadwal string
		dist                      float64
		cap                       int
		everySub                  bool
		subs, sarana, khusus      []string
	}
	list := []h{
		{"RSUD SIMULASI KOTA", "JL. KESEHATAN RAYA NO. 2", "B", "Senin - Jumat : 08.00 - 14.00 ; Sabtu : 08.00 - 12.00", 3.2, 60, true,
			nil, []string{"1", "2", "3", "4", "5", "6", "7"}, []string{"IGD", "HDL", "JIW", "KLT", "PAR", "KEM", "HIV", "THA", "HEM"}},
		{"RS UMUM SEJAHTERA MEDIKA", "JL. MERDEKA TIMUR NO. 45", "C", "Senin - Sabtu : 08.00 - 15.00", 5.8, 40, false,
			[]string{"26", "27", "3", "5", "7", "30", "9", "14", "20", "22", "24", "35"}, []string{"1", "2", "3", "4", "6"}, []string{"IGD", "HDL"}},
		{"RSIA BUNDA SIMULASI", "JL. MELATI NO. 8", "C", "Senin - Jumat : 09.00 - 16.00", 4.1, 30, false,
			[]string{"26", "27", "28", "30", "31"}, []string{"1", "2", "3"}, []string{"IGD"}},
		{"RS ISLAM SIMULASI", "JL. PEMUDA NO. 101", "B", "Senin - Kamis : 08.00 - 14.00 ; Jumat : 08.00 - 11.00", 7.5, 50, false,
			[]string{"26", "3", "4", "5", "6", "7", "10", "11", "14", "16", "18", "20", "21", "22", "33", "37", "38", "40"}, []string{"1", "2", "3", "4", "5", "6", "7", "8"}, []string{"IGD", "HDL", "KEM", "RAT", "THA", "HEM"}},
		{"RSUP SIMULASI NASIONAL", "JL. DIPONEGORO NO. 71", "A", "Senin - Jumat : 07.30 - 14.00", 9.9, 80, true,
			nil, []string{"1", "2", "3", "4", "5", "6", "7", "8"}, []string{"IGD", "HDL", "JIW", "PAR", "KEM", "RAT", "HIV", "THA", "HEM"}},
		{"RS KHUSUS JIWA SIMULASI", "JL. SEJAHTERA NO. 3", "B", "Senin - Jumat : 08.00 - 13.00", 12.4, 25, false,
			[]string{"33", "18"}, []string{"1", "2"}, []string{"JIW", "IGD"}},
		{"RS PARU SIMULASI", "JL. RESPIRASI NO. 12", "B", "Senin - Jumat : 08.00 - 14.00", 15.0, 25, false,
			[]string{"16", "3"}, []string{"1", "2", "3"}, []string{"PAR", "IGD"}},
		{"RS SWASTA MITRA KELUARGA SIMULASI", "JL. GATOT SUBROTO KAV. 9", "C", "Senin - Sabtu : 08.00 - 20.00", 6.3, 35, false,
			[]string{"26", "3", "9", "20", "22", "24", "30", "35", "40"}, []string{"1", "2", "3", "4"}, []string{"IGD", "HDL"}},
		{"RSUD KECAMATAN SIMULASI", "JL. PASAR BARU NO. 5", "D", "Senin - Jumat : 08.00 - 14.00", 2.7, 20, false,
			[]string{"26", "3", "9", "30"}, []string{"1", "2"}, []string{"IGD"}},
	}
	r.hospByCode = make(map[string]*hospital)
	for i, x := range list {
		subs := x.subs
		if x.everySub {
			subs = allSubs
		}
		r.hospitals = append(r.hospitals, hospital{
			kdPPK: fmt.Sprintf("%sR%03d", r.ppk[:4], 1+i), nmPPK: x.nm, alamat: x.alamat,
			telp: fmt.Sprintf("021-555%04d", 2000+37*i), kelas: x.kelas, jadwal: x.jadwal,
			distance: x.dist, baseCap: x.cap,
			subs: set(subs...), sarana: set(x.sarana...), khusus: set(x.khusus...),
		})
	}
	for i := range r.hospitals {
		r.hospByCode[r.hospitals[i].kdPPK] = &r.hospitals[i]
	}
}

// faskes is a hospital as the referral lists show it on a date. Capacity and
// load vary with the date, deterministically, so a test can rely on them and
// a trainer sees them change from day to day.
func (r *refs) faskes(h *hospital, key, date string) pcare.FaskesRujukan {
	f := fnv.New32a()
	f.Write([]byte(h.kdPPK + "|" + key + "|" + date))
	v := int(f.Sum32())
	capacity := h.baseCap/2 + v%(h.baseCap+1)
	used := (v / 101) % (capacity + 1)
	return pcare.FaskesRujukan{
		KdPPK: h.kdPPK, NmPPK: h.nmPPK, AlamatPPK: pcare.OptString(h.alamat), TelpPPK: pcare.OptString(h.telp),
		Kelas: pcare.OptString(h.kelas), NmKC: r.kc.NmKC, Distance: h.distance, Jadwal: pcare.OptString(h.jadwal),
		JmlRujuk: pcare.Int(used), Kapasitas: pcare.Int(capacity),
		Persentase: math.Round(float64(used)/float64(capacity)*10000) / 100,
	}
}

// buildTindakanObat makes the SYNTHETIC procedure and DPHO drug references.
// Names follow PCare's web UI (including the non-capitation packages such
// as "Paket Persalinan Per Vaginam Normal"); codes and tariffs are invented
// but in the range of Permenkes 3/2023.
func (r *refs) buildTindakanObat() {
	t := func(kd, nm string, tarif int, withValue bool) pcare.TindakanRef {
		return pcare.TindakanRef{KdTindakan: kd, NmTindakan: nm, MaxTarif: pcare.Int(tarif), WithValue: pcare.Bool(withValue)}
	}
	r.tindakan = map[string][]pcare.TindakanRef{
		pcare.TkpRawatJalan: {
			t("01001", "Pemeriksaan Gula Darah Sewaktu", 0, true),
			t("01002", "Pemeriksaan Kolesterol Total", 0, true),
			t("01003", "Perawatan Luka", 0, false),
			t("01004", "Insisi Abses", 0, false),
			t("01005", "Ekstraksi Kuku", 0, false),
			t("01006", "Pencabutan Gigi Permanen", 0, false),
			t("01007", "Tumpatan Gigi Komposit", 0, false),
			t("01008", "Pemasangan Infus", 0, false),
			t("01009", "Nebulisasi", 0, false),
			t("01010", "EKG", 0, false),
			t("02001", "ANC", 90000, false),
			t("02002", "PNC", 90000, false),
			t("02003", "Pelayanan KB - Pemasangan IUD/Implan", 150000, false),
			t("02004", "Pelayanan KB - Suntik", 20000, false),
			t("02005", "Pelayanan KB - Pencabutan IUD/Implan", 125000, false),
			t("02006", "Ambulans", 500000, true),
			t("02007", "Skrining IVA dan Krioterapi", 150000, false),
			t("02008", "Pemeriksaan Penunjang Rujuk Balik", 0, true),
		},
		pcare.TkpRawatInap: {
			t("03001", "Paket Persalinan Per Vaginam Normal", 1000000, false),
			t("03002", "Paket Persalinan Per Vaginam dengan Tindakan Emergensi Dasar", 1200000, false),
			t("03003", "Pelayanan Pra Rujukan Komplikasi Kebidanan", 250000, false),
			t("03004", "Rawat Inap Tingkat Pertama (per hari)", 200000, false),
			t("03005", "Perawatan Bayi Baru Lahir dengan Komplikasi", 300000, false),
			t("02006", "Ambulans", 500000, true),
		},
		pcare.TkpPromotif: {
			t("05001", "Penyuluhan Kesehatan Kelompok", 0, false),
			t("05002", "Skrining Riwayat Kesehatan", 0, false),
			t("05003", "Imunisasi Dasar", 0, false),
			t("05004", "Senam Prolanis", 0, false),
		},
	}
	r.tindakanByCode = make(map[string]pcare.TindakanRef)
	for _, list := range r.tindakan {
		for _, x := range list {
			r.tindakanByCode[x.KdTindakan] = x
		}
	}
	o := func(kd, nm string, sedia int) pcare.ObatRef {
		return pcare.ObatRef{KdObat: kd, NmObat: nm, Sedia: pcare.Int(sedia)}
	}
	r.obat = []pcare.ObatRef{
		o("160100001", "Amlodipin tablet 5 mg", 1200), o("160100002", "Amlodipin tablet 10 mg", 800),
		o("160100011", "Kaptopril tablet 25 mg", 950), o("160100021", "Hidroklorotiazid tablet 25 mg", 400),
		o("160200001", "Metformin HCl tablet 500 mg", 2000), o("160200002", "Glibenklamid tablet 5 mg", 700),
		o("160200003", "Glimepirid tablet 2 mg", 650), o("160300001", "Simvastatin tablet 20 mg", 900),
		o("160400001", "Parasetamol tablet 500 mg", 5000), o("160400002", "Parasetamol sirup 120 mg/5 mL", 300),
		o("160400011", "Ibuprofen tablet 400 mg", 1500), o("160500001", "Amoksisilin kapsul 500 mg", 3000),
		o("160500002", "Amoksisilin sirup kering 125 mg/5 mL", 250), o("160500011", "Kotrimoksazol tablet 480 mg", 800),
		o("160600001", "Antasida DOEN tablet kunyah", 1800), o("160600002", "Omeprazol kapsul 20 mg", 1100),
		o("160700001", "Salbutamol tablet 2 mg", 600), o("160700002", "Salbutamol inhaler 100 mcg/dosis", 40),
		o("160800001", "Oralit serbuk 200 mL", 1000), o("160800002", "Zinc tablet dispersibel 20 mg", 900),
		o("160900001", "Tablet Tambah Darah (Fe + Asam Folat)", 4000), o("161000001", "Vitamin B kompleks tablet", 2500),
		o("161100001", "Deksametason tablet 0,5 mg", 1000), o("161100002", "CTM (Klorfeniramin maleat) tablet 4 mg", 2200),
		o("161200001", "Insulin glargine 100 IU/mL pen", 30),
	}
	r.obatByCode = make(map[string]pcare.ObatRef)
	for _, x := range r.obat {
		r.obatByCode[x.KdObat] = x
	}
}
