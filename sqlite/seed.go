package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"fktpdesk/assets/refdata"
	"fktpdesk/clinic"
)

// seedBatch is how many patients one Seed transaction inserts: large enough
// that commits (an fsync each) don't dominate, small enough that a cancelled
// seed keeps most of its work and the WAL stays modest.
const seedBatch = 20000

// Seed adds n synthetic patients for demos, training and benchmarks: varied
// Indonesian names (a few with diacritics, as they arrive from other
// systems), NIKs with real district codes and a valid birth date and sex,
// 13-digit card numbers and phone numbers. The same seed gives the same
// patients. It never collides with patients already stored, so it can be
// run on a database in use — but the records are fake: never seed a
// clinic's real database.
func Seed(ctx context.Context, db *DB, n int, seed int64) error {
	if n <= 0 {
		return nil
	}
	g := newSeeder(seed, db.Now())
	if err := db.view(ctx, g.loadTaken(ctx)); err != nil {
		return err
	}
	for done := 0; done < n; {
		batch := min(seedBatch, n-done)
		err := db.update(ctx, func(tx *sql.Tx) error {
			return g.insert(ctx, tx, batch)
		})
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		done += batch
	}
	return nil
}

// seedRows is how many patients one INSERT statement carries. Each
// statement is a savepoint at which FTS5 flushes its pending terms to disk;
// one statement per row made the flush most of the work.
const seedRows = 250

// insert adds n patients inside tx, seedRows per statement.
func (g *seeder) insert(ctx context.Context, tx *sql.Tx, n int) error {
	b, err := newBulk(ctx, tx, "patients", "nik", "card_no", "name", "sex", "birth_date", "phone", "address", "created_at", "updated_at")
	if err != nil {
		return err
	}
	defer b.close()
	created := stamp(g.now)
	for range n {
		p := g.patient()
		if err := b.add(p.NIK, p.CardNo, p.Name, p.Sex, day(p.BirthDate), p.Phone, p.Address, created, created); err != nil {
			return err
		}
	}
	return b.flush()
}

// bulk inserts rows into one table inside a transaction, many rows per
// INSERT statement: the seeders' millions of rows would spend most of
// their time in per-statement overhead otherwise.
type bulk struct {
	ctx   context.Context
	tx    *sql.Tx
	head  string // INSERT INTO t (cols) VALUES
	tuple string // (?, ?, ...)
	ncols int
	per   int // rows per full statement
	full  *sql.Stmt
	args  []any
}

func newBulk(ctx context.Context, tx *sql.Tx, table string, cols ...string) (*bulk, error) {
	b := &bulk{ctx: ctx, tx: tx, ncols: len(cols),
		head:  "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ",
		tuple: "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")",
		// seedRows, within SQLite's 32,766 bound variables.
		per: min(seedRows, 32000/len(cols)),
	}
	var err error
	if b.full, err = b.prepare(b.per); err != nil {
		return nil, err
	}
	b.args = make([]any, 0, b.per*b.ncols)
	return b, nil
}

func (b *bulk) prepare(rows int) (*sql.Stmt, error) {
	return b.tx.PrepareContext(b.ctx, b.head+strings.TrimSuffix(strings.Repeat(b.tuple+", ", rows), ", "))
}

// add queues one row, inserting a full statement's worth when it has one.
func (b *bulk) add(vals ...any) error {
	if len(vals) != b.ncols {
		return fmt.Errorf("seed: %d values for %d columns", len(vals), b.ncols)
	}
	b.args = append(b.args, vals...)
	if len(b.args) < b.per*b.ncols {
		return nil
	}
	_, err := b.full.ExecContext(b.ctx, b.args...)
	b.args = b.args[:0]
	return err
}

// flush inserts the rows still queued.
func (b *bulk) flush() error {
	rows := len(b.args) / b.ncols
	if rows == 0 {
		return nil
	}
	st, err := b.prepare(rows)
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = st.ExecContext(b.ctx, b.args...)
	b.args = b.args[:0]
	return err
}

func (b *bulk) close() { b.full.Close() }

type seeder struct {
	rng       *rand.Rand
	now       time.Time
	districts []refdata.District
	niks      map[string]bool
	cards     map[string]bool
}

func newSeeder(seed int64, now time.Time) *seeder {
	return &seeder{
		rng:       rand.New(rand.NewPCG(uint64(seed), 0x666b7470)),
		now:       now,
		districts: refdata.Districts(),
		niks:      make(map[string]bool),
		cards:     make(map[string]bool),
	}
}

// loadTaken reads the NIKs and card numbers already stored, so generated
// ones never hit the unique indexes.
func (g *seeder) loadTaken(ctx context.Context) func(tx *sql.Tx) error {
	return func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT nik, card_no FROM patients`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var nik, card string
			if err := rows.Scan(&nik, &card); err != nil {
				return err
			}
			g.niks[nik] = true
			g.cards[card] = true
		}
		return rows.Err()
	}
}

func (g *seeder) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func (g *seeder) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.rng.IntN(10))
	}
	return string(b)
}

func (g *seeder) patient() clinic.Patient {
	var p clinic.Patient
	female := g.rng.IntN(2) == 0
	p.Sex = clinic.Male
	if female {
		p.Sex = clinic.Female
	}
	p.Name = g.name(female)

	// Ages spread over a clinic's patients: children to the elderly.
	ageDays := g.rng.IntN(85 * 365)
	p.BirthDate = time.Date(g.now.Year(), g.now.Month(), g.now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -ageDays)

	dist := g.districts[g.rng.IntN(len(g.districts))]
	// A few newborns have no NIK yet; general (umum) patients no card.
	if g.rng.IntN(100) >= 2 {
		p.NIK = g.nik(dist.Code, p.BirthDate, female)
	}
	if g.rng.IntN(100) >= 5 {
		p.CardNo = g.card()
	}
	if g.rng.IntN(100) >= 10 {
		p.Phone = "08" + g.pick(phonePrefixes) + g.digits(7+g.rng.IntN(2))
	}
	addr := fmt.Sprintf("%s %s No. %d, RT %03d/RW %03d, Kec. %s", g.pick(streetKinds), g.pick(streetNames),
		1+g.rng.IntN(150), 1+g.rng.IntN(15), 1+g.rng.IntN(12), titleCase(dist.Name))
	if r, ok := refdata.RegencyByCode(dist.RegencyCode); ok {
		addr += ", " + titleCase(r.Name)
	}
	p.Address = addr
	return p
}

// nik builds a NIK with the structure ParseNIK checks: district code, birth
// day (plus 40 for women), month, two-digit year, and a non-zero sequence.
func (g *seeder) nik(district string, birth time.Time, female bool) string {
	d := birth.Day()
	if female {
		d += 40
	}
	base := fmt.Sprintf("%s%02d%02d%02d", district, d, int(birth.Month()), birth.Year()%100)
	for {
		nik := fmt.Sprintf("%s%04d", base, 1+g.rng.IntN(9999))
		if !g.niks[nik] {
			g.niks[nik] = true
			return nik
		}
	}
}

// card makes a 13-digit number in the shape of BPJS cards (leading zeros).
func (g *seeder) card() string {
	for {
		c := "000" + g.digits(10)
		if !g.cards[c] {
			g.cards[c] = true
			return c
		}
	}
}

// name composes a name the way Indonesian names vary: one word (common in
// Java), a given name with a family or second name, Balinese birth-order
// names, Batak and Minahasa marga, Arabic-derived compounds.
func (g *seeder) name(female bool) string {
	given, second := maleNames, maleSecond
	if female {
		given, second = femaleNames, femaleSecond
	}
	var parts []string
	switch r := g.rng.IntN(100); {
	case r < 20:
		parts = []string{g.pick(given)}
	case r < 27:
		prefix := "I"
		if female {
			prefix = "Ni"
		}
		parts = []string{prefix, g.pick(balineseOrder), g.pick(given)}
	case r < 42:
		parts = []string{g.pick(given), g.pick(marga)}
	case r < 52:
		lead := "Muhammad"
		if female {
			lead = g.pick([]string{"Siti", "Nur", "Nurul"})
		}
		parts = []string{lead, g.pick(given)}
	case r < 80:
		parts = []string{g.pick(given), g.pick(second)}
	default:
		parts = []string{g.pick(given), g.pick(second), g.pick(second)}
	}
	// Names copied from other systems sometimes carry diacritics; search
	// must find them typed plainly.
	if g.rng.IntN(100) < 3 {
		i := g.rng.IntN(len(parts))
		parts[i] = accent(parts[i], g.rng)
	}
	return strings.Join(parts, " ")
}

var accents = map[rune][]rune{
	'a': {'á', 'à', 'â', 'ä'}, 'e': {'é', 'è', 'ê', 'ë'}, 'i': {'í', 'ï'}, 'o': {'ó', 'ö', 'ô'},
	'u': {'ú', 'ü', 'û'}, 'n': {'ñ'}, 's': {'ṣ', 'š'}, 'c': {'ç'},
}

// accent puts a diacritic on the first letter of w that can carry one.
func accent(w string, rng *rand.Rand) string {
	rs := []rune(w)
	for i, r := range rs {
		if alts, ok := accents[r]; ok {
			rs[i] = alts[rng.IntN(len(alts))]
			return string(rs)
		}
	}
	return w
}

// titleCase turns refdata's upper-case region names into "Kota Bandung".
func titleCase(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

var phonePrefixes = []string{"11", "12", "13", "21", "22", "23", "52", "53", "14", "15", "16", "55", "56", "57", "58",
	"17", "18", "19", "59", "77", "78", "31", "32", "33", "38", "95", "96", "97", "98", "99", "81", "82", "83", "85",
	"87", "88", "89"}

var streetKinds = []string{"Jl.", "Jl.", "Jl.", "Gg.", "Jl. Raya", "Komp.", "Perum"}

var streetNames = []string{"Merdeka", "Sudirman", "Diponegoro", "Gatot Subroto", "Ahmad Yani", "Kartini", "Pemuda",
	"Veteran", "Pahlawan", "Mawar", "Melati", "Kenanga", "Anggrek", "Cempaka", "Flamboyan", "Dahlia", "Teratai",
	"Kebon Jeruk", "Pasar Baru", "Imam Bonjol", "Hasanuddin", "Pattimura", "Cut Nyak Dien", "Teuku Umar", "Sisingamangaraja",
	"Siliwangi", "Pajajaran", "Majapahit", "Sriwijaya", "Gajah Mada", "Hayam Wuruk", "Kaliurang", "Malioboro", "Dr. Sutomo",
	"Basuki Rahmat", "Mangga Dua", "Nusa Indah", "Cendrawasih", "Rajawali", "Kutilang", "Pelita", "Harapan", "Sejahtera"}

var maleNames = []string{"Budi", "Agus", "Ahmad", "Andi", "Bambang", "Joko", "Slamet", "Eko", "Dedi", "Hendra",
	"Rudi", "Yudi", "Wahyu", "Dwi", "Tri", "Adi", "Bayu", "Rizky", "Fajar", "Arif", "Hadi", "Sugeng", "Suparman",
	"Sutrisno", "Sukirman", "Paijo", "Tukiman", "Asep", "Ujang", "Dadang", "Cecep", "Ade", "Iwan", "Irwan", "Indra",
	"Yusuf", "Ilham", "Hasan", "Husein", "Abdul", "Rahmat", "Hidayat", "Taufik", "Firman", "Gilang", "Reza", "Dimas",
	"Aditya", "Kevin", "Yohanes", "Petrus", "Paulus", "Markus", "Stefanus", "Heru", "Teguh", "Bagus", "Putu", "Kadek",
	"Komang", "Ketut", "Made", "Gede", "Wayan", "Nyoman", "Ridwan", "Syahrul", "Zulkifli", "Fauzi", "Hamzah", "Imam",
	"Lukman", "Mulyadi", "Nanang", "Oki", "Purnomo", "Rahmad", "Santoso", "Sutarno", "Tono", "Usman", "Wawan", "Yanto",
	"Zainal", "Anton", "Benny", "Chandra", "Daniel", "Edi", "Ferry", "Galih", "Haris", "Januar", "Krisna", "Lutfi"}

var femaleNames = []string{"Siti", "Sri", "Dewi", "Ani", "Ratna", "Wati", "Sinta", "Rina", "Yuni", "Lestari",
	"Ayu", "Putri", "Intan", "Fitri", "Nurul", "Indah", "Wulan", "Dian", "Eka", "Mega", "Ratih", "Endang", "Sumarni",
	"Suharti", "Tuminah", "Painem", "Sulastri", "Neneng", "Euis", "Enok", "Imas", "Cucu", "Nining", "Yanti", "Yulia",
	"Kartika", "Anisa", "Aisyah", "Fatimah", "Khadijah", "Zahra", "Nabila", "Salsabila", "Aulia", "Maya", "Novi",
	"Rini", "Tuti", "Umi", "Vina", "Winda", "Yohana", "Maria", "Theresia", "Agustina", "Magdalena", "Lusiana", "Meiliana",
	"Herlina", "Erna", "Fransiska", "Gita", "Hana", "Irma", "Julia", "Kurniasih", "Lina", "Marlina", "Nani", "Oktaviani",
	"Puspita", "Rahayu", "Susanti", "Triana", "Utami", "Veronika", "Widya", "Yasmin", "Zulaikha", "Citra", "Bunga",
	"Cahaya", "Diah", "Elok", "Farida", "Hartini", "Juwita", "Kasih", "Listya", "Melati", "Nia", "Purwati", "Rosita"}

var maleSecond = []string{"Santoso", "Setiawan", "Saputra", "Pratama", "Wibowo", "Gunawan", "Kurniawan", "Hidayat",
	"Nugroho", "Susanto", "Wijaya", "Hermawan", "Firmansyah", "Ramadhan", "Prasetyo", "Purnomo", "Syahputra",
	"Maulana", "Rahman", "Hakim", "Sutanto", "Budiman", "Permana", "Hartono", "Sudrajat", "Suryadi", "Kusuma",
	"Wirawan", "Mahendra", "Nugraha", "Iskandar", "Effendi", "Sanjaya", "Hamdani", "Arifin", "Fauzan", "Ananda"}

var femaleSecond = []string{"Lestari", "Wulandari", "Rahayu", "Handayani", "Purnamasari", "Kusumawati", "Anggraini",
	"Safitri", "Permatasari", "Puspitasari", "Susanti", "Yuliana", "Oktaviani", "Rahmawati", "Sari", "Utami", "Wahyuni",
	"Fitriani", "Maharani", "Novitasari", "Ramadhani", "Nurhaliza", "Amalia", "Aprilia", "Febriani", "Kartikasari",
	"Indriani", "Setyaningsih", "Pertiwi", "Kurniasari", "Damayanti", "Hapsari", "Ningsih", "Astuti", "Suryani"}

var marga = []string{"Siregar", "Nasution", "Harahap", "Lubis", "Simanjuntak", "Sitompul", "Hutapea", "Pardede",
	"Sinaga", "Simatupang", "Panjaitan", "Tampubolon", "Situmorang", "Manurung", "Sembiring", "Ginting", "Tarigan",
	"Manullang", "Pasaribu", "Silalahi", "Napitupulu", "Sihombing", "Damanik", "Purba", "Saragih", "Batubara",
	"Rumondor", "Lumenta", "Sumampouw", "Wenas", "Pangemanan", "Tanoto", "Halim", "Tanjung", "Chaniago", "Piliang",
	"Koto", "Sikumbang", "Daeng", "Pattiasina", "Latuconsina", "Tuasikal", "Wattimena", "Rumbiak", "Kogoya"}

var balineseOrder = []string{"Wayan", "Putu", "Gede", "Made", "Kadek", "Nengah", "Nyoman", "Komang", "Ketut"}
