package pcaresim

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"fktpdesk/assets/refdata"
	"fktpdesk/pcare"
)

// participant is one synthetic BPJS participant: the peserta answer, its
// kind, and that answer already encoded (participants never change, and
// peserta is by far the most frequent call).
type participant struct {
	pcare.Peserta
	kind Kind
	json []byte
}

// dataset is the immutable participant population of one seed.
type dataset struct {
	list   []*participant
	byCard map[string]*participant
	byNIK  map[string]*participant
}

// Synthetic names. They are common Indonesian given names and family names
// (Javanese, Sundanese, Balinese, Batak marga, Arabic-derived), combined at
// random: any resemblance to a real person is chance.
var (
	maleNames = []string{"AGUS", "BUDI", "BAMBANG", "DEDI", "EKO", "FAJAR", "HENDRA", "JOKO", "RUDI",
		"SLAMET", "SUTRISNO", "WAHYU", "YUSUF", "AHMAD", "MUHAMMAD", "RIZKY", "DIMAS", "ANDI", "ARIF",
		"HADI", "TEGUH", "IMAM", "RAHMAT", "ILHAM", "BAYU", "GILANG", "IRFAN", "PUTU", "MADE", "ASEP",
		"UJANG", "DADANG", "IWAN", "DARMAWAN", "HERU", "YOGA", "ADITYA", "FIRMAN", "SUPRIYADI", "TAUFIK"}
	femaleNames = []string{"SITI", "SRI", "DEWI", "RATNA", "WULAN", "AYU", "INDAH", "LESTARI", "NUR",
		"RINA", "YUNI", "FITRI", "PUTRI", "NURUL", "DIAN", "EKA", "MEGA", "WATI", "SARI", "ANI",
		"ENDANG", "KARTINI", "RAHAYU", "ANISA", "AISYAH", "INTAN", "NINING", "EUIS", "NENENG", "KOMANG",
		"SUSI", "TITIN", "YULIANA", "NOVITA", "MAYA", "RINI", "ELIS", "UMI", "HALIMAH", "FATIMAH"}
	familyNames = []string{"SAPUTRA", "WIJAYA", "KUSUMA", "PRATAMA", "HIDAYAT", "SANTOSO", "SETIAWAN",
		"NUGROHO", "SIREGAR", "NASUTION", "SIMANJUNTAK", "HARAHAP", "LUBIS", "SITOMPUL", "PURBA",
		"GINTING", "TARIGAN", "SEMBIRING", "HUTAPEA", "MANURUNG", "RAHMAN", "HAKIM", "SYAHPUTRA",
		"GUNAWAN", "SUSANTO", "HARTONO", "PRASETYO", "WIBOWO", "KURNIAWAN", "FIRMANSYAH", "RAMADHAN",
		"SUHENDRA", "MULYADI", "SUPRAPTO", "HALIM", "SIAGIAN"}
	femaleFamilyNames = []string{"SURYANI", "WAHYUNI", "HANDAYANI", "ANGGRAINI", "PERMATASARI",
		"RAHMAWATI", "PUSPITASARI", "SULISTYOWATI", "KURNIASIH", "MARLINA", "NINGSIH", "FEBRIANTI"}
	phonePrefixes = []string{"0811", "0812", "0813", "0821", "0822", "0852", "0853", "0814", "0815",
		"0816", "0856", "0857", "0858", "0817", "0818", "0819", "0859", "0877", "0878", "0831",
		"0838", "0895", "0896", "0897", "0881", "0882", "0889"}
	bloodTypes = []string{"A", "B", "AB", "O"}
)

// Participant types. Only 21 and 22 are verified codes (shared/data
// jenis_peserta.csv); the others are SYNTHETIC codes with plausible names,
// because BPJS's full code table is not public.
var (
	jnsPBIAPBN = pcare.CodeName{Kode: "21", Nama: "PBI (APBN)"}
	jnsPBIAPBD = pcare.CodeName{Kode: "22", Nama: "PBI (APBD)"}
	jnsPPU     = pcare.CodeName{Kode: "11", Nama: "PEKERJA PENERIMA UPAH"} // SYNTHETIC code
	jnsPBPU    = pcare.CodeName{Kode: "13", Nama: "PEKERJA MANDIRI"}       // SYNTHETIC code
	jnsBP      = pcare.CodeName{Kode: "15", Nama: "BUKAN PEKERJA"}         // SYNTHETIC code
)

var kelas = map[string]pcare.CodeName{
	"1": {Kode: "1", Nama: "KELAS I"},
	"2": {Kode: "2", Nama: "KELAS II"},
	"3": {Kode: "3", Nama: "KELAS III"},
}

// Monthly contribution per class for self-paying participants, used to make
// arrears whole months (Perpres 64/2020 amounts; kelas III is the
// participant's share).
var iuran = map[string]int{"1": 150000, "2": 100000, "3": 35000}

// Status texts for inactive participants. PCare's exact ketAktif wording for
// these cases is not publicly documented: these are SYNTHETIC, modelled on
// what clinic software shows (any text other than "AKTIF" means inactive).
var (
	ketInactivePBI = []string{"TIDAK AKTIF", "NON AKTIF KARENA PBI DINONAKTIFKAN", "NON AKTIF DI AKHIR BULAN"}
	ketArrears     = []string{"TIDAK AKTIF KARENA TUNGGAKAN", "NON AKTIF KARENA PREMI"}
)

// kindOf spreads the kinds evenly through the population so any prefix of it
// has the same mix: per 20 participants 11 active here (55%), 3 active
// elsewhere, 2 inactive PBI, 2 in arrears and 2 dependents.
func kindOf(i int) Kind {
	switch r := i % 20; {
	case r < 11:
		return KindActiveHere
	case r < 14:
		return KindActiveElsewhere
	case r < 16:
		return KindInactivePBI
	case r < 18:
		return KindArrears
	default:
		return KindDependent
	}
}

// generator holds what must stay unique while the population is built.
type generator struct {
	rng       *rand.Rand
	refs      *refs
	districts []refdata.District
	cards     map[string]bool
	nikSeq    map[string]int
}

// generate builds n participants from seed. The result depends on nothing
// but seed, n and the embedded reference data: not on the clock.
func generate(seed int64, n int, r *refs) *dataset {
	g := &generator{
		rng:       rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15)),
		refs:      r,
		districts: refdata.Districts(),
		cards:     make(map[string]bool, n),
		nikSeq:    make(map[string]int, n),
	}
	d := &dataset{byCard: make(map[string]*participant, n), byNIK: make(map[string]*participant, n)}
	var head *participant // the latest household head a dependent can join
	for i := 0; i < n; i++ {
		k := kindOf(i)
		var p *participant
		if k == KindDependent && head != nil {
			p = g.dependent(head)
		} else {
			if k == KindDependent {
				k = KindActiveHere // the very first ones have no household yet
			}
			p = g.person(k)
			if k == KindActiveHere && (p.JnsPeserta == jnsPPU || p.JnsPeserta == jnsPBPU) {
				head = p
			}
		}
		body, err := json.Marshal(p.Peserta)
		if err != nil {
			panic(err) // plain data: cannot happen
		}
		p.json = body
		d.list = append(d.list, p)
		d.byCard[p.NoKartu] = p
		d.byNIK[string(p.NoKTP)] = p
	}
	return d
}

func (g *generator) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

// between returns a random day in [from, to].
func (g *generator) between(from, to time.Time) time.Time {
	days := int(to.Sub(from).Hours() / 24)
	return from.AddDate(0, 0, g.rng.IntN(days+1))
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func (g *generator) cardNumber() string {
	for {
		// "0001" + 9 digits: the shape of real card numbers in public samples.
		c := fmt.Sprintf("0001%09d", g.rng.IntN(1_000_000_000))
		if !g.cards[c] {
			g.cards[c] = true
			return c
		}
	}
}

// nik builds a 16-digit NIK the way Dukcapil does: the kecamatan code
// (province, regency, district: taken from a real Kemendagri row), the birth
// date as DDMMYY with 40 added to the day for women, and a sequence number
// from 0001 among people sharing those twelve digits.
func (g *generator) nik(birth time.Time, sex string) string {
	dist := g.districts[g.rng.IntN(len(g.districts))]
	dd := birth.Day()
	if sex == "P" {
		dd += 40
	}
	prefix := fmt.Sprintf("%s%02d%02d%02d", dist.Code, dd, int(birth.Month()), birth.Year()%100)
	g.nikSeq[prefix]++
	return fmt.Sprintf("%s%04d", prefix, g.nikSeq[prefix])
}

func (g *generator) name(sex string) string {
	given := maleNames
	if sex == "P" {
		given = femaleNames
	}
	parts := []string{g.pick(given)}
	if g.chance(0.35) {
		parts = append(parts, g.pick(given))
	}
	if g.chance(0.8) {
		fam := familyNames
		if sex == "P" && g.chance(0.4) {
			fam = femaleFamilyNames
		}
		parts = append(parts, g.pick(fam))
	}
	if len(parts) == 2 && parts[0] == parts[1] {
		parts = parts[:1]
	}
	return strings.Join(parts, " ")
}

func (g *generator) phone() string {
	if g.chance(0.1) {
		return "" // PCare sends "" when the participant left no number
	}
	n := 7 + g.rng.IntN(2)
	var b strings.Builder
	b.WriteString(g.pick(phonePrefixes))
	for range n {
		b.WriteByte(byte('0' + g.rng.IntN(10)))
	}
	return b.String()
}

// person makes a participant of kind k who is the card holder ("Peserta").
func (g *generator) person(k Kind) *participant {
	sex := "L"
	if g.chance(0.52) {
		sex = "P"
	}
	birth := g.between(day(1941, 1, 1), day(2008, 12, 31))
	if g.chance(0.12) {
		birth = g.between(day(2009, 1, 1), day(2025, 12, 31)) // children who hold their own PBI card
	}
	p := &participant{kind: k}
	p.Peserta = pcare.Peserta{
		NoKartu:          g.cardNumber(),
		Nama:             g.name(sex),
		HubunganKeluarga: "Peserta",
		Sex:              sex,
		TglLahir:         pcare.NewDate(birth),
		NoKTP:            pcare.OptString(g.nik(birth, sex)),
		NoHP:             pcare.OptString(g.phone()),
		GolDarah:         "0",
		Asuransi:         &pcare.Asuransi{},
	}
	if g.chance(0.4) {
		p.GolDarah = pcare.OptString(g.pick(bloodTypes))
	}
	start := birth
	if first := day(2014, 1, 1); start.Before(first) {
		start = first // JKN began on 1 January 2014
	}
	p.TglMulaiAktif = pcare.NewDate(g.between(start, day(2025, 12, 31)))

	switch k {
	case KindActiveHere, KindActiveElsewhere:
		switch x := g.rng.Float64(); {
		case x < 0.35:
			p.JnsPeserta, p.JnsKelas = jnsPBIAPBN, kelas["3"]
		case x < 0.50:
			p.JnsPeserta, p.JnsKelas = jnsPBIAPBD, kelas["3"]
		case x < 0.75:
			p.JnsPeserta, p.JnsKelas = jnsPPU, kelas[g.pick([]string{"1", "2"})]
		case x < 0.90:
			p.JnsPeserta, p.JnsKelas = jnsPBPU, kelas[g.pick([]string{"1", "2", "3"})]
		default:
			p.JnsPeserta, p.JnsKelas = jnsBP, kelas[g.pick([]string{"1", "2"})]
		}
		p.Aktif, p.KetAktif = true, "AKTIF"
		p.TglAkhirBerlaku = pcare.D(2040, time.January, 1)
		if p.JnsPeserta == jnsPPU && g.chance(0.1) {
			// Coordination of benefit with a (synthetic) private insurer.
			p.Asuransi = &pcare.Asuransi{KdAsuransi: "A0001", NmAsuransi: "ASURANSI SIMULASI SEJAHTERA",
				NoAsuransi: pcare.OptString(fmt.Sprintf("SIM%07d", g.rng.IntN(10_000_000))), Cob: true}
		}
	case KindInactivePBI:
		p.JnsPeserta, p.JnsKelas = jnsPBIAPBN, kelas["3"]
		if g.chance(0.4) {
			p.JnsPeserta = jnsPBIAPBD
		}
		p.KetAktif = g.pick(ketInactivePBI)
		p.TglAkhirBerlaku = pcare.NewDate(g.between(day(2024, 1, 1), day(2025, 12, 31)))
	case KindArrears:
		p.JnsPeserta = jnsPBPU
		if g.chance(0.25) {
			p.JnsPeserta = jnsBP
		}
		kl := g.pick([]string{"1", "2", "3", "3"})
		p.JnsKelas = kelas[kl]
		p.KetAktif = g.pick(ketArrears)
		p.Tunggakan = pcare.Int(iuran[kl] * (1 + g.rng.IntN(24)))
		p.TglAkhirBerlaku = pcare.NewDate(g.between(day(2024, 1, 1), day(2025, 12, 31)))
	}

	if k == KindActiveElsewhere {
		f := g.refs.fktps[g.rng.IntN(len(g.refs.fktps))]
		p.KdProviderPst = &f
		if g.chance(0.5) {
			p.KdProviderGigi = &f
		}
	} else {
		// Inactive participants keep the FKTP they were registered at.
		c := g.refs.clinicProvider()
		p.KdProviderPst = &c
		if g.chance(0.6) {
			p.KdProviderGigi = &c
		}
	}
	if bool(p.Aktif) && birth.Before(day(1986, 1, 1)) && g.chance(0.15) {
		prog := g.pick([]string{"DM", "HT"})
		p.PstProl = pcare.OptString(prog)
		if g.chance(0.4) {
			p.PstPrb = pcare.OptString(prog)
		}
	}
	return p
}

// dependent makes a family member of head: the spouse or a child, with the
// head's card type, class and FKTP.
func (g *generator) dependent(head *participant) *participant {
	var sex, rel string
	var birth time.Time
	hb := head.TglLahir.Time()
	if g.chance(0.4) {
		rel, sex = "Istri", "P"
		if head.Sex == "P" {
			rel, sex = "Suami", "L"
		}
		birth = g.between(hb.AddDate(-8, 0, 0), hb.AddDate(8, 0, 0))
	} else {
		rel, sex = "Anak", "L"
		if g.chance(0.5) {
			sex = "P"
		}
		from := hb.AddDate(18, 0, 0)
		if y := day(2001, 1, 1); from.Before(y) {
			from = y // children older than about 25 leave the family card
		}
		to := day(2025, 12, 31)
		if from.After(to) {
			from = to.AddDate(-1, 0, 0)
		}
		birth = g.between(from, to)
	}
	name := g.name(sex)
	if rel == "Anak" && g.chance(0.5) {
		// Batak marga and many family names pass to the children.
		if parts := strings.Fields(head.Nama); len(parts) > 1 {
			name = strings.Fields(name)[0] + " " + parts[len(parts)-1]
		}
	}
	p := &participant{kind: KindDependent}
	p.Peserta = head.Peserta
	p.Asuransi = &pcare.Asuransi{}
	p.NoKartu = g.cardNumber()
	p.Nama = name
	p.HubunganKeluarga = rel
	p.Sex = sex
	p.TglLahir = pcare.NewDate(birth)
	p.NoKTP = pcare.OptString(g.nik(birth, sex))
	p.NoHP = pcare.OptString(g.phone())
	p.GolDarah = "0"
	p.PstProl, p.PstPrb = "", ""
	if birth.After(p.TglMulaiAktif.Time()) {
		p.TglMulaiAktif = pcare.NewDate(birth)
	}
	return p
}
