package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"fktpdesk/assets/refdata"
	"fktpdesk/claims"
	"fktpdesk/clinic"
)

// SeedPerDay is how many registrations SeedVisits puts on each day: a busy
// Puskesmas. A million visits are then eleven years of history.
const SeedPerDay = 250

// seedVisitBatch is how many registrations one SeedVisits transaction
// carries (with their visits and outbox items, about six rows each).
const seedVisitBatch = 10000

// SeedVisits adds n synthetic examined visits of the seeded card holders,
// SeedPerDay registrations a day on the days up to and including today
// (db.Now()), each with its visit record, procedures and drugs, and every
// outbox item already sent, with PCare numbers: the history a clinic
// accumulates. Today's last third of registrations are still waiting for
// the doctor (they have no visit yet). About one visit in six has a
// non-capitation procedure with a fee, so a month's claim has real lines.
// Like Seed, it is for benchmarks and training only; it needs patients
// with card numbers (Seed makes them) and never sends anything.
func SeedVisits(ctx context.Context, db *DB, n int, seed int64) error {
	if n <= 0 {
		return nil
	}
	g := &visitSeeder{rng: rand.New(rand.NewPCG(uint64(seed), 0x76697369)), ppk: "0114U163"}
	if err := db.view(ctx, g.loadPatients(ctx)); err != nil {
		return err
	}
	if len(g.patients) == 0 {
		return clinic.Errorf(clinic.EINVALID, "Tidak ada pasien dengan nomor kartu untuk diberi kunjungan: isi pasien dulu.")
	}
	if f, err := db.Facility(ctx); err == nil && f.PPK != "" {
		g.ppk = f.PPK
	}
	g.diagnoses = seedDiagnoses()

	now := db.Now()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	waiting := SeedPerDay / 3
	total := n + waiting
	days := (total + SeedPerDay - 1) / SeedPerDay
	first := today.AddDate(0, 0, -(days - 1))
	// The oldest day takes the remainder, so today is a full day.
	perDay := func(d int) int {
		if d == 0 && total%SeedPerDay != 0 {
			return total % SeedPerDay
		}
		return SeedPerDay
	}
	type slot struct {
		date time.Time
		seq  int
	}
	var batch []slot
	visits := 0
	for d := 0; d < days; d++ {
		date := first.AddDate(0, 0, d)
		for i := range perDay(d) {
			batch = append(batch, slot{date, i})
			if len(batch) == seedVisitBatch || (d == days-1 && i == perDay(d)-1) {
				err := db.update(ctx, func(tx *sql.Tx) error {
					// Rows of the three tables go in as each writer fills up, so
					// a visit may reach the table before its registration.
					if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
						return err
					}
					if err := g.nextIDs(ctx, tx); err != nil {
						return err
					}
					w, err := g.writers(ctx, tx)
					if err != nil {
						return err
					}
					defer w.close()
					for _, s := range batch {
						examined := visits < n
						if err := g.add(w, s.date, s.seq, examined); err != nil {
							return err
						}
						if examined {
							visits++
						}
					}
					return w.flush()
				})
				if err != nil {
					return fmt.Errorf("seed visits: %w", err)
				}
				batch = batch[:0]
			}
		}
	}
	return nil
}

type seedPatient struct {
	id         int64
	card, name string
}

type visitSeeder struct {
	rng       *rand.Rand
	ppk       string
	patients  []seedPatient
	diagnoses []clinic.Diagnosis
	// The next row ids: items point at each other and at their records,
	// so ids are assigned here, inside the write transaction.
	regID, visitID, itemID int64
	// PCare's per-day numbers, for the outbox's remote column.
	day          string
	queueNo, seq int
}

func (g *visitSeeder) loadPatients(ctx context.Context) func(tx *sql.Tx) error {
	return func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, card_no, name FROM patients WHERE card_no <> '' ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p seedPatient
			if err := rows.Scan(&p.id, &p.card, &p.name); err != nil {
				return err
			}
			g.patients = append(g.patients, p)
		}
		return rows.Err()
	}
}

func (g *visitSeeder) nextIDs(ctx context.Context, tx *sql.Tx) error {
	return tx.QueryRowContext(ctx, `SELECT (SELECT coalesce(max(id), 0) FROM registrations),
		(SELECT coalesce(max(id), 0) FROM visits), (SELECT coalesce(max(id), 0) FROM outbox)`).
		Scan(&g.regID, &g.visitID, &g.itemID)
}

type visitWriters struct{ regs, visits, items *bulk }

func (g *visitSeeder) writers(ctx context.Context, tx *sql.Tx) (*visitWriters, error) {
	regs, err := newBulk(ctx, tx, "registrations", "id", "patient_id", "card_no", "provider_code", "date", "poli_code",
		"poli_name", "sick", "tkp", "complaint", "weight_kg", "height_cm", "systolic", "diastolic", "resp_rate", "heart_rate",
		"waist_cm", "temperature", "queue_no", "visit_status", "created_at")
	if err != nil {
		return nil, err
	}
	visits, err := newBulk(ctx, tx, "visits", "id", "registration_id", "card_no", "date", "poli_code", "discharge_status",
		"visit_no", "record", "created_at")
	if err != nil {
		regs.close()
		return nil, err
	}
	items, err := newBulk(ctx, tx, "outbox", "id", "kind", "op", "entity_id", "line", "depends_on", "state", "attempts",
		"next_attempt", "remote", "day", "created_at", "updated_at")
	if err != nil {
		regs.close()
		visits.close()
		return nil, err
	}
	return &visitWriters{regs, visits, items}, nil
}

// flush inserts what the writers still hold.
func (w *visitWriters) flush() error {
	for _, b := range []*bulk{w.regs, w.visits, w.items} {
		if err := b.flush(); err != nil {
			return err
		}
	}
	return nil
}

func (w *visitWriters) close() {
	w.regs.close()
	w.visits.close()
	w.items.close()
}

// poliShare is how a Puskesmas's registrations spread over its polis.
var poliShare = []struct {
	code, name string
	percent    int
}{{"001", "POLI UMUM", 62}, {"002", "POLI GIGI & MULUT", 10}, {"003", "POLI KIA", 16}, {"008", "POLI KB", 7}, {"021", "POLI LANSIA", 5}}

func (g *visitSeeder) poli() (code, name string) {
	r := g.rng.IntN(100)
	for _, p := range poliShare {
		if r < p.percent {
			return p.code, p.name
		}
		r -= p.percent
	}
	return poliShare[0].code, poliShare[0].name
}

// add writes one registration on date (the seq-th of the day) with its
// outbox item and, when examined, its visit, procedures, drugs and their
// items.
func (g *visitSeeder) add(w *visitWriters, date time.Time, seq int, examined bool) error {
	d := day(date)
	if d != g.day {
		g.day, g.queueNo, g.seq = d, 0, 0
	}
	p := g.patients[g.rng.IntN(len(g.patients))]
	poli, poliName := g.poli()
	// Arrivals from 07:30 over the morning, evenly.
	at := date.Add(7*time.Hour + 30*time.Minute + time.Duration(seq)*5*time.Hour/SeedPerDay)
	created := stamp(at)
	v := clinic.Vitals{WeightKg: 45 + g.rng.IntN(40), HeightCm: 145 + g.rng.IntN(35), Systolic: 100 + g.rng.IntN(70),
		RespRate: 16 + g.rng.IntN(8), HeartRate: 64 + g.rng.IntN(40), WaistCm: 65 + g.rng.IntN(40),
		Temperature: 36 + float64(g.rng.IntN(25))/10}
	v.Diastolic = v.Systolic - 35 - g.rng.IntN(15)
	complaint := seedComplaints[g.rng.IntN(len(seedComplaints))]
	g.queueNo++
	queueNo := fmt.Sprintf("A%d", g.queueNo)
	status := clinic.VisitWaiting
	if examined {
		status = clinic.VisitExamined
	}
	g.regID++
	regID := g.regID
	if err := w.regs.add(regID, p.id, p.card, g.ppk, d, poli, poliName, true, clinic.TKPOutpatient, complaint,
		v.WeightKg, v.HeightCm, v.Systolic, v.Diastolic, v.RespRate, v.HeartRate, v.WaistCm, v.Temperature,
		queueNo, status, created); err != nil {
		return err
	}
	regItem, err := g.item(w, claims.KindRegistration, regID, 0, 0, queueNo, d, at)
	if err != nil || !examined {
		return err
	}

	g.visitID++
	g.seq++
	visitNo := fmt.Sprintf("%s%sY%06d", g.ppk, date.Format("0106"), g.seq)
	vis := clinic.Visit{RegistrationID: regID, CardNo: p.card, PoliCode: poli, PoliName: poliName, Date: date,
		PatientName: p.name, Complaint: complaint, Anamnesis: complaint + ", sejak " + fmt.Sprint(1+g.rng.IntN(5)) + " hari",
		Consciousness: "01", Vitals: v, Diagnoses: []clinic.Diagnosis{g.diagnoses[g.rng.IntN(len(g.diagnoses))]},
		AllergyFood: "00", AllergyAir: "00", AllergyDrug: "00", Prognosis: "02", DoctorCode: fmt.Sprint(100 + g.rng.IntN(4)),
		DoctorName: seedDoctors[g.rng.IntN(len(seedDoctors))], DischargeStatus: clinic.DischargeOutpatient,
		DischargeDate: date, CreatedAt: stamped(at.Add(20 * time.Minute))}
	vis.Procedures = g.procedures(poli)
	for range 1 + g.rng.IntN(3) {
		vis.Drugs = append(vis.Drugs, seedDrugs[g.rng.IntN(len(seedDrugs))])
	}
	vis.TherapyDrugs = fmt.Sprintf("%d macam obat", len(vis.Drugs))
	rec, err := json.Marshal(vis)
	if err != nil {
		return err
	}
	visitAt := at.Add(20 * time.Minute)
	if err := w.visits.add(g.visitID, regID, p.card, d, poli, vis.DischargeStatus, visitNo, string(rec), stamp(visitAt)); err != nil {
		return err
	}
	visitItem, err := g.item(w, claims.KindVisit, g.visitID, 0, regItem, visitNo, d, visitAt)
	if err != nil {
		return err
	}
	for i := range vis.Procedures {
		if _, err := g.item(w, claims.KindProcedure, g.visitID, i, visitItem, fmt.Sprint(g.itemID+1), d, visitAt); err != nil {
			return err
		}
	}
	for i := range vis.Drugs {
		if _, err := g.item(w, claims.KindDrug, g.visitID, i, visitItem, fmt.Sprint(g.itemID+1), d, visitAt); err != nil {
			return err
		}
	}
	return nil
}

// item queues one sent outbox item and returns its id.
func (g *visitSeeder) item(w *visitWriters, kind string, entity int64, line int, dependsOn int64, remote, d string, at time.Time) (int64, error) {
	g.itemID++
	var dep any
	if dependsOn != 0 {
		dep = dependsOn
	}
	sent := stamp(at.Add(time.Duration(1+g.rng.IntN(30)) * time.Second))
	return g.itemID, w.items.add(g.itemID, kind, claims.OpAdd, entity, line, dep, clinic.SyncSent, 1, stamp(at), remote, d, stamp(at), sent)
}

// procedures are what a poli's visit typically carries: antenatal care and
// family planning (non-capitation, with a fee) at KIA and KB, a blood
// test or wound care (capitation, no fee) now and then at the others.
func (g *visitSeeder) procedures(poli string) []clinic.Procedure {
	r := g.rng.IntN(100)
	pick := func(list []clinic.Procedure) []clinic.Procedure {
		return []clinic.Procedure{list[g.rng.IntN(len(list))]}
	}
	switch {
	case poli == "003" && r < 70:
		return pick(seedKIA)
	case poli == "008" && r < 80:
		return pick(seedKB)
	case r < 12:
		return pick(seedCapitation)
	case r < 14:
		return []clinic.Procedure{{Code: "02007", Name: "Skrining IVA dan Krioterapi", Fee: 150000, MaxFee: 150000}}
	}
	return nil
}

var (
	seedKIA = []clinic.Procedure{{Code: "02001", Name: "ANC", Fee: 90000, MaxFee: 90000},
		{Code: "02002", Name: "PNC", Fee: 90000, MaxFee: 90000}}
	seedKB = []clinic.Procedure{{Code: "02004", Name: "Pelayanan KB - Suntik", Fee: 20000, MaxFee: 20000},
		{Code: "02003", Name: "Pelayanan KB - Pemasangan IUD/Implan", Fee: 150000, MaxFee: 150000}}
	seedCapitation = []clinic.Procedure{{Code: "01001", Name: "Pemeriksaan Gula Darah Sewaktu", Result: 140},
		{Code: "01003", Name: "Perawatan Luka"}, {Code: "01009", Name: "Nebulisasi"}}
	seedDrugs = []clinic.Drug{
		{Code: "130100101", Name: "Parasetamol tablet 500 mg", DPHO: true, Signa1: 3, Signa2: 1, Quantity: 10, Requested: 10},
		{Code: "120101501", Name: "Amoksisilin kapsul 500 mg", DPHO: true, Signa1: 3, Signa2: 1, Quantity: 15, Requested: 15},
		{Code: "210100401", Name: "Amlodipin tablet 5 mg", DPHO: true, Signa1: 1, Signa2: 1, Quantity: 30, Requested: 30},
		{Code: "220200201", Name: "Metformin tablet 500 mg", DPHO: true, Signa1: 2, Signa2: 1, Quantity: 60, Requested: 60},
		{Code: "170100301", Name: "Antasida DOEN tablet kunyah", DPHO: true, Signa1: 3, Signa2: 1, Quantity: 10, Requested: 10},
		{Code: "100300101", Name: "CTM tablet 4 mg", DPHO: true, Signa1: 3, Signa2: 1, Quantity: 10, Requested: 10},
		{Code: "", Name: "Vitamin B kompleks tablet", Signa1: 1, Signa2: 1, Quantity: 10, Requested: 10},
		{Code: "150100201", Name: "Tablet tambah darah", DPHO: true, Signa1: 1, Signa2: 1, Quantity: 30, Requested: 30},
	}
	seedComplaints = []string{"Demam", "Batuk pilek", "Sakit kepala", "Nyeri ulu hati", "Kontrol tekanan darah",
		"Kontrol gula darah", "Gatal-gatal", "Nyeri gigi", "Periksa kehamilan", "Suntik KB", "Diare", "Nyeri sendi",
		"Sesak napas", "Luka di kaki", "Pusing dan lemas"}
	seedDoctors = []string{"dr. Andi Pratama", "dr. Siti Rahmawati", "drg. Dewi Lestari", "dr. Bambang Santoso"}
)

// seedDiagnoses are the diagnoses a Puskesmas writes most, with their
// names and non-specialist flags from the embedded ICD-10 tables.
func seedDiagnoses() []clinic.Diagnosis {
	var out []clinic.Diagnosis
	for _, code := range []string{"J06.9", "I10", "K30", "E11.9", "M79.1", "K04.1", "Z34.9", "Z30.4", "A09",
		"L30.9", "J00", "R51", "M54.5", "K29.7", "J45.9", "R50.9", "B35.4", "H10.9"} {
		if c, ok := refdata.ICD10ByCode(code); ok {
			out = append(out, clinic.Diagnosis{Code: c.Code, Name: c.Name(), NonSpecialist: refdata.IsNonSpecialist(c.Code)})
		}
	}
	if len(out) == 0 {
		out = append(out, clinic.Diagnosis{Code: "J06.9", Name: "ISPA"})
	}
	return out
}
