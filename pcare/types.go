package pcare

// Wire types: PCare's own names and JSON field names, exactly as the bridging
// catalog spells them (see ../shared/spec/pcare-protocol.md). They are the
// vocabulary of this package and of the simulator; the domain packages speak
// in their own types and convert at the adapter.

// List is PCare's list wrapper {count, list}.
type List[T any] struct {
	Count Int `json:"count"`
	List  []T `json:"list"`
}

// FieldMessage is PCare's {field, message} pair: the payload of a create
// (201: field "noUrut", "noKunjungan", "kdObatSK", "kdTindakanSK") and of
// each validation failure (412).
type FieldMessage struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Provider is a facility reference {kdProvider, nmProvider}.
type Provider struct {
	KdProvider string `json:"kdProvider"`
	NmProvider string `json:"nmProvider"`
}

// CodeName is PCare's {kode, nama} pair used for jnsKelas and jnsPeserta.
type CodeName struct {
	Kode string `json:"kode"`
	Nama string `json:"nama"`
}

// Asuransi is the participant's coordination-of-benefit insurer, if any.
type Asuransi struct {
	KdAsuransi OptString `json:"kdAsuransi"`
	NmAsuransi OptString `json:"nmAsuransi"`
	NoAsuransi OptString `json:"noAsuransi"`
	Cob        Bool      `json:"cob"`
}

// Peserta is a BPJS participant as GET peserta/... returns it.
type Peserta struct {
	NoKartu          string    `json:"noKartu"`
	Nama             string    `json:"nama"`
	HubunganKeluarga string    `json:"hubunganKeluarga"`
	Sex              string    `json:"sex"`
	TglLahir         Date      `json:"tglLahir"`
	TglMulaiAktif    Date      `json:"tglMulaiAktif"`
	TglAkhirBerlaku  Date      `json:"tglAkhirBerlaku"`
	KdProviderPst    *Provider `json:"kdProviderPst"`
	KdProviderGigi   *Provider `json:"kdProviderGigi"`
	JnsKelas         CodeName  `json:"jnsKelas"`
	JnsPeserta       CodeName  `json:"jnsPeserta"`
	GolDarah         OptString `json:"golDarah"`
	NoHP             OptString `json:"noHP"`
	NoKTP            OptString `json:"noKTP"`
	PstProl          OptString `json:"pstProl"`
	PstPrb           OptString `json:"pstPrb"`
	Aktif            Bool      `json:"aktif"`
	KetAktif         string    `json:"ketAktif"`
	Asuransi         *Asuransi `json:"asuransi"`
	Tunggakan        Int       `json:"tunggakan"`
}

// TKP codes (tempat kunjungan pertama): where the service happens.
const (
	TkpRawatJalan = "10" // RJTP
	TkpRawatInap  = "20" // RITP
	TkpPromotif   = "50" // promotif/preventif
)

// Pendaftaran is the body of POST pendaftaran: registering a visit.
type Pendaftaran struct {
	KdProviderPeserta string `json:"kdProviderPeserta"`
	TglDaftar         Date   `json:"tglDaftar"`
	NoKartu           string `json:"noKartu"`
	KdPoli            string `json:"kdPoli"`
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
}

// Poli is a clinic unit {kdPoli, nmPoli, poliSakit}.
type Poli struct {
	KdPoli    string `json:"kdPoli"`
	NmPoli    string `json:"nmPoli"`
	PoliSakit Bool   `json:"poliSakit"`
}

// Tkp is {kdTkp, nmTkp}.
type Tkp struct {
	KdTkp string `json:"kdTkp"`
	NmTkp string `json:"nmTkp"`
}

// PendaftaranItem is a registration as GET pendaftaran/... returns it. Note
// PCare's lowercase "tgldaftar" here, unlike the request's "tglDaftar".
type PendaftaranItem struct {
	NoUrut            string    `json:"noUrut"`
	TglDaftar         Date      `json:"tgldaftar"`
	ProviderPelayanan Provider  `json:"providerPelayanan"`
	Peserta           Peserta   `json:"peserta"`
	Poli              Poli      `json:"poli"`
	Keluhan           OptString `json:"keluhan"`
	KunjSakit         Bool      `json:"kunjSakit"`
	Status            OptString `json:"status"`
	Sistole           Int       `json:"sistole"`
	Diastole          Int       `json:"diastole"`
	BeratBadan        Int       `json:"beratBadan"`
	TinggiBadan       Int       `json:"tinggiBadan"`
	RespRate          Int       `json:"respRate"`
	HeartRate         Int       `json:"heartRate"`
	LingkarPerut      Int       `json:"lingkarPerut"`
	Tkp               Tkp       `json:"tkp"`
}

// TACC codes (Time, Age, Complication, Comorbidity): the reason a
// non-specialist diagnosis is nevertheless referred. PCare wants an int, and
// -1 (not 0, which older clients send) for none.
const (
	TaccNone          = -1
	TaccTime          = 1
	TaccAge           = 2
	TaccComplication  = 3
	TaccComorbidity   = 4
	StatusPulangRujuk = "4" // rujuk vertikal (rujuk lanjut)
	StatusPulangHoriz = "6" // rujuk horizontal
)

// RujukSubSpesialis is the sub-specialist shape of a referral.
type RujukSubSpesialis struct {
	// KdSubSpesialis1 is spelled with the 1: "kdSubSpesialis" is silently ignored.
	KdSubSpesialis1 string    `json:"kdSubSpesialis1"`
	KdSarana        OptString `json:"kdSarana"`
}

// RujukKhusus is the special-case shape (haemodialysis, thalassaemia, ...).
type RujukKhusus struct {
	KdKhusus string `json:"kdKhusus"`
	// KdSubSpesialis is only for THA and HEM; null otherwise.
	KdSubSpesialis OptString `json:"kdSubSpesialis"`
	Catatan        string    `json:"catatan"`
}

// RujukLanjut is a referral to a hospital: exactly one of SubSpesialis or
// Khusus. Build it with NewRujukSubSpesialis or NewRujukKhusus.
type RujukLanjut struct {
	KdPPK        string             `json:"kdppk"`
	TglEstRujuk  Date               `json:"tglEstRujuk"`
	SubSpesialis *RujukSubSpesialis `json:"subSpesialis"`
	Khusus       *RujukKhusus       `json:"khusus"`
}

// NewRujukSubSpesialis builds a referral to a sub-specialist at hospital kdPPK.
func NewRujukSubSpesialis(kdPPK string, tglEstRujuk Date, kdSubSpesialis, kdSarana string) *RujukLanjut {
	return &RujukLanjut{KdPPK: kdPPK, TglEstRujuk: tglEstRujuk,
		SubSpesialis: &RujukSubSpesialis{KdSubSpesialis1: kdSubSpesialis, KdSarana: OptString(kdSarana)}}
}

// NewRujukKhusus builds a special-case referral; kdSubSpesialis only for THA/HEM.
func NewRujukKhusus(kdPPK string, tglEstRujuk Date, kdKhusus, kdSubSpesialis, catatan string) *RujukLanjut {
	return &RujukLanjut{KdPPK: kdPPK, TglEstRujuk: tglEstRujuk,
		Khusus: &RujukKhusus{KdKhusus: kdKhusus, KdSubSpesialis: OptString(kdSubSpesialis), Catatan: catatan}}
}

// Kunjungan is the body of POST/PUT kunjungan/V1: the examination record.
type Kunjungan struct {
	NoKunjungan         OptString    `json:"noKunjungan"`
	NoKartu             string       `json:"noKartu"`
	TglDaftar           Date         `json:"tglDaftar"`
	KdPoli              string       `json:"kdPoli"`
	Keluhan             string       `json:"keluhan"`
	KdSadar             string       `json:"kdSadar"`
	Sistole             int          `json:"sistole"`
	Diastole            int          `json:"diastole"`
	BeratBadan          int          `json:"beratBadan"`
	TinggiBadan         int          `json:"tinggiBadan"`
	RespRate            int          `json:"respRate"`
	HeartRate           int          `json:"heartRate"`
	LingkarPerut        int          `json:"lingkarPerut"`
	KdStatusPulang      string       `json:"kdStatusPulang"`
	TglPulang           Date         `json:"tglPulang"`
	KdDokter            string       `json:"kdDokter"`
	KdDiag1             string       `json:"kdDiag1"`
	KdDiag2             OptString    `json:"kdDiag2"`
	KdDiag3             OptString    `json:"kdDiag3"`
	KdPoliRujukInternal OptString    `json:"kdPoliRujukInternal"`
	RujukLanjut         *RujukLanjut `json:"rujukLanjut"`
	KdTacc              int          `json:"kdTacc"`
	AlasanTacc          OptString    `json:"alasanTacc"`
	Anamnesa            string       `json:"anamnesa"`
	AlergiMakan         string       `json:"alergiMakan"`
	AlergiUdara         string       `json:"alergiUdara"`
	AlergiObat          string       `json:"alergiObat"`
	KdPrognosa          string       `json:"kdPrognosa"`
	TerapiObat          string       `json:"terapiObat"`
	TerapiNonObat       string       `json:"terapiNonObat"`
	Bmhp                string       `json:"bmhp"`
	Suhu                string       `json:"suhu"`
}

// IsReferral reports whether the discharge status sends the patient onward,
// which makes rujukLanjut mandatory.
func IsReferral(kdStatusPulang string) bool {
	return kdStatusPulang == StatusPulangRujuk || kdStatusPulang == StatusPulangHoriz
}

// Diagnosa is {kdDiag, nmDiag, nonSpesialis}.
type Diagnosa struct {
	KdDiag       string `json:"kdDiag"`
	NmDiag       string `json:"nmDiag"`
	NonSpesialis Bool   `json:"nonSpesialis"`
}

// Dokter is {kdDokter, nmDokter}.
type Dokter struct {
	KdDokter string `json:"kdDokter"`
	NmDokter string `json:"nmDokter"`
}

// Kesadaran is {kdSadar, nmSadar}.
type Kesadaran struct {
	KdSadar string `json:"kdSadar"`
	NmSadar string `json:"nmSadar"`
}

// StatusPulang is {kdStatusPulang, nmStatusPulang}.
type StatusPulang struct {
	KdStatusPulang string `json:"kdStatusPulang"`
	NmStatusPulang string `json:"nmStatusPulang"`
}

// Prognosa is {kdPrognosa, nmPrognosa}.
type Prognosa struct {
	KdPrognosa string `json:"kdPrognosa"`
	NmPrognosa string `json:"nmPrognosa"`
}

// Alergi is {kdAlergi, nmAlergi}; jenis 01 makanan, 02 udara, 03 obat.
type Alergi struct {
	KdAlergi string `json:"kdAlergi"`
	NmAlergi string `json:"nmAlergi"`
}

// Allergy kinds for GET alergi/jenis/{jenis}.
const (
	AlergiMakanan = "01"
	AlergiUdara   = "02"
	AlergiObat    = "03"
)

// Spesialis is {kdSpesialis, nmSpesialis}.
type Spesialis struct {
	KdSpesialis string `json:"kdSpesialis"`
	NmSpesialis string `json:"nmSpesialis"`
}

// SubSpesialis is {kdSubSpesialis, nmSubSpesialis, kdPoliRujuk}.
type SubSpesialis struct {
	KdSubSpesialis string    `json:"kdSubSpesialis"`
	NmSubSpesialis string    `json:"nmSubSpesialis"`
	KdPoliRujuk    OptString `json:"kdPoliRujuk"`
}

// Sarana is {kdSarana, nmSarana}.
type Sarana struct {
	KdSarana string `json:"kdSarana"`
	NmSarana string `json:"nmSarana"`
}

// Khusus is {kdKhusus, nmKhusus}.
type Khusus struct {
	KdKhusus string `json:"kdKhusus"`
	NmKhusus string `json:"nmKhusus"`
}

// FaskesRujukan is a hospital that can take a referral on a given date.
type FaskesRujukan struct {
	KdPPK      string    `json:"kdppk"`
	NmPPK      string    `json:"nmppk"`
	AlamatPPK  OptString `json:"alamatPpk"`
	TelpPPK    OptString `json:"telpPpk"`
	Kelas      OptString `json:"kelas"`
	NmKC       OptString `json:"nmkc"`
	Distance   float64   `json:"distance"`
	Jadwal     OptString `json:"jadwal"`
	JmlRujuk   Int       `json:"jmlRujuk"`
	Kapasitas  Int       `json:"kapasitas"`
	Persentase float64   `json:"persentase"`
}

// TindakanRef is a procedure from the reference {kdTindakan, nmTindakan, maxTarif, withValue}.
type TindakanRef struct {
	KdTindakan string `json:"kdTindakan"`
	NmTindakan string `json:"nmTindakan"`
	MaxTarif   Int    `json:"maxTarif"`
	WithValue  Bool   `json:"withValue"`
}

// ObatRef is a DPHO drug {kdObat, nmObat, sedia}.
type ObatRef struct {
	KdObat string `json:"kdObat"`
	NmObat string `json:"nmObat"`
	Sedia  Int    `json:"sedia"`
}

// Tindakan is a procedure done in a visit (POST/PUT tindakan); its amount
// (biaya) is what non-capitation claims pay.
type Tindakan struct {
	KdTindakanSK int    `json:"kdTindakanSK"`
	NoKunjungan  string `json:"noKunjungan"`
	KdTindakan   string `json:"kdTindakan"`
	Biaya        int    `json:"biaya"`
	Keterangan   string `json:"keterangan"`
	Hasil        int    `json:"hasil"`
}

// TindakanItem is a procedure as GET tindakan/kunjungan/{no} lists it.
type TindakanItem struct {
	KdTindakanSK Int       `json:"kdTindakanSK"`
	KdTindakan   string    `json:"kdTindakan"`
	NmTindakan   string    `json:"nmTindakan"`
	Biaya        Int       `json:"biaya"`
	Keterangan   OptString `json:"keterangan"`
	Hasil        Int       `json:"hasil"`
}

// Obat is a drug given in a visit (POST obat/kunjungan).
type Obat struct {
	KdObatSK      int     `json:"kdObatSK"`
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

// ObatItem is a drug as GET obat/kunjungan/{no} lists it.
type ObatItem struct {
	KdObatSK      Int       `json:"kdObatSK"`
	KdRacikan     OptString `json:"kdRacikan"`
	Racikan       Bool      `json:"racikan"`
	ObatDPHO      Bool      `json:"obatDPHO"`
	Obat          ObatRef   `json:"obat"`
	Signa1        float64   `json:"signa1"`
	Signa2        float64   `json:"signa2"`
	JmlObat       float64   `json:"jmlObat"`
	JmlPermintaan float64   `json:"jmlPermintaan"`
	NmObatNonDPHO OptString `json:"nmObatNonDPHO"`
}

// Program is a Prolanis programme reference {kdProgram, nmProgram}.
type Program struct {
	KdProgram OptString `json:"kdProgram"`
	NmProgram OptString `json:"nmProgram"`
}

// RiwayatKunjungan is one visit of a participant's history
// (GET kunjungan/peserta/{noKartu}). Its peserta is PCare's flattened shape.
type RiwayatKunjungan struct {
	NoKunjungan         string         `json:"noKunjungan"`
	TglKunjungan        Date           `json:"tglKunjungan"`
	ProviderPelayanan   Provider       `json:"providerPelayanan"`
	Peserta             RiwayatPeserta `json:"peserta"`
	Poli                Poli           `json:"poli"`
	ProgProlanis        *Program       `json:"progProlanis"`
	Keluhan             OptString      `json:"keluhan"`
	Diagnosa1           *Diagnosa      `json:"diagnosa1"`
	Diagnosa2           *Diagnosa      `json:"diagnosa2"`
	Diagnosa3           *Diagnosa      `json:"diagnosa3"`
	Kesadaran           *Kesadaran     `json:"kesadaran"`
	Sistole             Int            `json:"sistole"`
	Diastole            Int            `json:"diastole"`
	BeratBadan          Int            `json:"beratBadan"`
	TinggiBadan         Int            `json:"tinggiBadan"`
	RespRate            Int            `json:"respRate"`
	HeartRate           Int            `json:"heartRate"`
	Catatan             OptString      `json:"catatan"`
	PemFisikLain        OptString      `json:"pemFisikLain"`
	Dokter              *Dokter        `json:"dokter"`
	StatusPulang        *StatusPulang  `json:"statusPulang"`
	Tkp                 *Tkp           `json:"tkp"`
	PoliRujukInternal   *Poli          `json:"poliRujukInternal"`
	PoliRujukLanjut     *Poli          `json:"poliRujukLanjut"`
	ProviderRujukLanjut *Provider      `json:"providerRujukLanjut"`
	TglPulang           Date           `json:"tglPulang"`
	TglDaftar           Date           `json:"tglDaftar"`
}

// RiwayatPeserta is the flattened participant inside a history item.
type RiwayatPeserta struct {
	NoKartu          string    `json:"noKartu"`
	Nama             string    `json:"nama"`
	HubunganKeluarga OptString `json:"hubunganKeluarga"`
	Sex              OptString `json:"sex"`
	TglLahir         Date      `json:"tglLahir"`
	KdPpkPst         OptString `json:"kdPpkPst"`
	KdPpkGigi        OptString `json:"kdPpkGigi"`
	JnsKelas         OptString `json:"jnsKelas"`
}

// Dati is a regency {kdProp, kdDati, nmDati}.
type Dati struct {
	KdProp OptString `json:"kdProp"`
	KdDati OptString `json:"kdDati"`
	NmDati OptString `json:"nmDati"`
}

// KantorRegional is BPJS's regional office (Kedeputian Wilayah).
type KantorRegional struct {
	KdKR   OptString `json:"kdKR"`
	NmKR   OptString `json:"nmKR"`
	Alamat OptString `json:"alamat"`
	Telp   OptString `json:"telp"`
	Fax    OptString `json:"fax"`
}

// KantorCabang is BPJS's branch office.
type KantorCabang struct {
	KdKC   OptString       `json:"kdKC"`
	NmKC   OptString       `json:"nmKC"`
	Alamat OptString       `json:"alamat"`
	Telp   OptString       `json:"telp"`
	Fax    OptString       `json:"fax"`
	Dati   *Dati           `json:"dati"`
	KdKR   *KantorRegional `json:"kdKR"`
}

// PPKRujukan is the referring facility with its BPJS branch.
type PPKRujukan struct {
	KdPPK  string        `json:"kdPPK"`
	NmPPK  string        `json:"nmPPK"`
	Alamat OptString     `json:"alamat"`
	KC     *KantorCabang `json:"kc"`
}

// PPKRef is {kdPPK, nmPPK}.
type PPKRef struct {
	KdPPK string `json:"kdPPK"`
	NmPPK string `json:"nmPPK"`
}

// DiagRef is {kdDiag, nmDiag}.
type DiagRef struct {
	KdDiag string `json:"kdDiag"`
	NmDiag string `json:"nmDiag"`
}

// TaccRef is the printed TACC reason {nmTacc, alasanTacc}.
type TaccRef struct {
	NmTacc     OptString `json:"nmTacc"`
	AlasanTacc OptString `json:"alasanTacc"`
}

// Rujukan is a referral's detail for printing (GET kunjungan/rujukan/{no}).
type Rujukan struct {
	NoRujukan     string      `json:"noRujukan"`
	TglKunjungan  Date        `json:"tglKunjungan"`
	TglEstRujuk   Date        `json:"tglEstRujuk"`
	TglAkhirRujuk Date        `json:"tglAkhirRujuk"`
	Jadwal        OptString   `json:"jadwal"`
	PPK           *PPKRujukan `json:"ppk"`
	PPKRujuk      *PPKRef     `json:"ppkRujuk"`
	Poli          *Poli       `json:"poli"`
	NokaPst       string      `json:"nokaPst"`
	NmPst         string      `json:"nmPst"`
	TglLahir      Date        `json:"tglLahir"`
	Pisa          OptString   `json:"pisa"`
	KetPisa       OptString   `json:"ketPisa"`
	Sex           OptString   `json:"sex"`
	Diag1         *DiagRef    `json:"diag1"`
	Diag2         *DiagRef    `json:"diag2"`
	Diag3         *DiagRef    `json:"diag3"`
	Catatan       OptString   `json:"catatan"`
	Dokter        *Dokter     `json:"dokter"`
	Tacc          *TaccRef    `json:"tacc"`
	InfoDenda     OptString   `json:"infoDenda"`
}
