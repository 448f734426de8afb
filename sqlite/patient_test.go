package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"fktpdesk/clinic"
)

func participant(card, nik, name string) clinic.Participant {
	return clinic.Participant{
		CardNo: card, NIK: nik, Name: name, Sex: clinic.Female,
		BirthDate: time.Date(1985, 4, 12, 0, 0, 0, 0, time.UTC), Relationship: "Peserta", Phone: "081234567890",
		Active: true, StatusText: "AKTIF", TypeCode: "21", TypeName: "PBI (APBN)", ClassCode: "3", ClassName: "KELAS III",
		ProviderCode: "0114U163", ProviderName: "Klinik Sehat", Prolanis: "DM",
		ValidUntil: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
	}
}

func countRows(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.read.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSaveEligibilityCreatesThenUpdates(t *testing.T) {
	ctx := context.Background()
	db, clk := openTest(t)
	p := participant("0001234567890", "3273015204850001", "SITI AMINAH")
	id, err := db.SaveEligibility(ctx, clinic.Eligibility{Participant: p, CheckedAt: testStart, RegisteredHere: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Patient(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	want := clinic.Patient{ID: id, RecordNo: "RM-000001", NIK: p.NIK, CardNo: p.CardNo, Name: p.Name, Sex: p.Sex,
		BirthDate: p.BirthDate, Phone: p.Phone, CreatedAt: stamped(testStart), UpdatedAt: stamped(testStart)}
	if got != want {
		t.Fatalf("patient = %+v\nwant      %+v", got, want)
	}

	// A later answer with a corrected name and no phone: the name is
	// PCare's, the phone stays ours, and there is still one patient.
	clk.Add(time.Hour)
	p.Name, p.Phone = "SITI AMINAH RAHAYU", ""
	id2, err := db.SaveEligibility(ctx, clinic.Eligibility{Participant: p, CheckedAt: clk.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if id2 != id {
		t.Fatalf("second answer made patient %d, want the same %d", id2, id)
	}
	got, _ = db.Patient(ctx, id)
	if got.Name != "SITI AMINAH RAHAYU" || got.Phone != "081234567890" || !got.UpdatedAt.Equal(clk.Now()) {
		t.Errorf("updated patient = %+v", got)
	}
	if n := countRows(t, db, "patients"); n != 1 {
		t.Errorf("%d patients, want 1", n)
	}
	if n := countRows(t, db, "eligibility"); n != 2 {
		t.Errorf("%d eligibility rows, want 2 (every answer kept)", n)
	}
	// The new name is what search finds.
	if ps, _ := db.SearchPatients(ctx, "rahayu", 10); len(ps) != 1 {
		t.Errorf("search for the new name found %v", ps)
	}
}

func TestSaveEligibilityMatchesByNIK(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	// A patient first known only by NIK (registered as umum).
	id, err := db.SaveEligibility(ctx, clinic.Eligibility{Participant: participant("", "3273015204850001", "BUDI")})
	if err != nil {
		t.Fatal(err)
	}
	// PCare now answers with the card: same person, card filled in.
	p := participant("0001234567890", "3273015204850001", "BUDI SANTOSO")
	id2, err := db.SaveEligibility(ctx, clinic.Eligibility{Participant: p})
	if err != nil {
		t.Fatal(err)
	}
	if id2 != id {
		t.Fatalf("NIK match made a new patient %d, want %d", id2, id)
	}
	got, _ := db.Patient(ctx, id)
	if got.CardNo != p.CardNo || got.Name != p.Name {
		t.Errorf("patient = %+v", got)
	}
	// A replacement card for the same NIK updates the card.
	p.CardNo = "0009999999999"
	if id3, err := db.SaveEligibility(ctx, clinic.Eligibility{Participant: p}); err != nil || id3 != id {
		t.Fatalf("new card: id %d, %v; want %d", id3, err, id)
	}
	if got, _ := db.Patient(ctx, id); got.CardNo != "0009999999999" {
		t.Errorf("card = %s, want the new one", got.CardNo)
	}
	if n := countRows(t, db, "patients"); n != 1 {
		t.Errorf("%d patients, want 1", n)
	}
}

func TestSaveEligibilityNIKHeldByAnotherPatient(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	a, _ := db.SaveEligibility(ctx, clinic.Eligibility{Participant: participant("0001111111111", "3273010101800001", "A")})
	b, _ := db.SaveEligibility(ctx, clinic.Eligibility{Participant: participant("0002222222222", "3273010101800002", "B")})
	// PCare says A's card has B's NIK: the card wins, B keeps its NIK.
	id, err := db.SaveEligibility(ctx, clinic.Eligibility{Participant: participant("0001111111111", "3273010101800002", "A2")})
	if err != nil {
		t.Fatal(err)
	}
	if id != a {
		t.Fatalf("matched %d, want %d (by card)", id, a)
	}
	pa, _ := db.Patient(ctx, a)
	pb, _ := db.Patient(ctx, b)
	if pa.Name != "A2" || pa.NIK != "3273010101800001" || pb.NIK != "3273010101800002" {
		t.Errorf("a = %+v, b = %+v", pa, pb)
	}
	// The answer itself is kept as PCare gave it.
	e, err := db.LastEligibility(ctx, clinic.IDNIK, "3273010101800002")
	if err != nil || e.PatientID != a {
		t.Errorf("LastEligibility by NIK = %+v, %v", e, err)
	}
}

func TestLastEligibility(t *testing.T) {
	ctx := context.Background()
	db, clk := openTest(t)
	_, err := db.LastEligibility(ctx, clinic.IDCard, "0001234567890")
	wantCode(t, err, clinic.ENOTFOUND)

	p := participant("0001234567890", "3273015204850001", "SITI")
	old := testStart.Add(-48 * time.Hour)
	id, err := db.SaveEligibility(ctx, clinic.Eligibility{Participant: p, CheckedAt: old})
	if err != nil {
		t.Fatal(err)
	}
	newer := p
	newer.Active, newer.StatusText, newer.Arrears = false, "TIDAK AKTIF", 150000
	if _, err := db.SaveEligibility(ctx, clinic.Eligibility{Participant: newer, CheckedAt: testStart, RegisteredHere: true}); err != nil {
		t.Fatal(err)
	}
	// Stored later, fetched earlier: fetch time decides what is newest.
	clk.Add(time.Hour)
	if _, err := db.SaveEligibility(ctx, clinic.Eligibility{Participant: p, CheckedAt: old.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct {
		kind clinic.IDKind
		num  string
	}{{clinic.IDCard, "0001234567890"}, {clinic.IDCard, "0001 2345 67890"}, {clinic.IDNIK, "3273015204850001"}} {
		e, err := db.LastEligibility(ctx, q.kind, q.num)
		if err != nil {
			t.Fatalf("%s %s: %v", q.kind, q.num, err)
		}
		if e.Verified || e.PatientID != id || !e.CheckedAt.Equal(testStart) || !e.RegisteredHere {
			t.Errorf("%s: eligibility = %+v", q.kind, e)
		}
		if e.Participant != newer {
			t.Errorf("participant = %+v\nwant          %+v", e.Participant, newer)
		}
	}
	_, err = db.LastEligibility(ctx, clinic.IDNIK, "3273015204850009")
	wantCode(t, err, clinic.ENOTFOUND)
	_, err = db.LastEligibility(ctx, "passport", "123")
	wantCode(t, err, clinic.EINVALID)
}

func TestPatientNotFound(t *testing.T) {
	db, _ := openTest(t)
	_, err := db.Patient(context.Background(), 42)
	wantCode(t, err, clinic.ENOTFOUND)
}

func TestSearchPatients(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	names := []string{
		"Budi Santoso",        // RM-000001
		"Budiman Hartono",     // RM-000002
		"Siti Nurhaliza",      // RM-000003
		"Sinta Dewi",          // RM-000004
		"Ṣinta Maharani",      // RM-000005
		"Siñta Rahayu",        // RM-000006
		"I Made Santosa",      // RM-000007
		"Ni Luh Putu Ayu",     // RM-000008
		"Ahmad Ma'ruf",        // RM-000009
		"AND OR NOT Siregar",  // RM-000010: operators as names must be text
		"Rina \"Nana\" Lubis", // RM-000011
	}
	for i, n := range names {
		card := fmt.Sprintf("00012345%05d", i)
		nik := fmt.Sprintf("32730152048500%02d", i+1)
		if _, err := db.SaveEligibility(ctx, clinic.Eligibility{Participant: participant(card, nik, n)}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		q    string
		want []string // names, in order
	}{
		{"budi", []string{"Budi Santoso", "Budiman Hartono"}},
		{"BUDI SANT", []string{"Budi Santoso"}},
		{"sant budi", []string{"Budi Santoso"}}, // words in any order
		{"santo", []string{"Budi Santoso", "I Made Santosa"}},
		{"sinta", []string{"Sinta Dewi", "Siñta Rahayu", "Ṣinta Maharani"}},
		{"ṣinta rah", []string{"Siñta Rahayu"}},
		{"  siti   nur ", []string{"Siti Nurhaliza"}},
		{"luh ayu", []string{"Ni Luh Putu Ayu"}},
		{"maruf", nil},                       // an apostrophe splits the word, as it does when indexed
		{"ma'ruf", []string{"Ahmad Ma'ruf"}}, // typed as written
		{"and", []string{"AND OR NOT Siregar"}},
		{"nana", []string{"Rina \"Nana\" Lubis"}},
		{"xyz", nil},
		// By number.
		{"0001234500002", []string{"Siti Nurhaliza"}},
		{"0001 2345 00002", []string{"Siti Nurhaliza"}},
		{"3273015204850004", []string{"Sinta Dewi"}},
		{"3273.0152.0485.0004", []string{"Sinta Dewi"}},
		{"RM-000007", []string{"I Made Santosa"}},
		{"rm7", []string{"I Made Santosa"}},
		{"RM 000007", []string{"I Made Santosa"}},
		{"7", []string{"I Made Santosa"}},
		{"00012345", nil}, // a partial card number is no record number
		{"", nil},
	}
	for _, tt := range tests {
		ps, err := db.SearchPatients(ctx, tt.q, 10)
		if err != nil {
			t.Errorf("%q: %v", tt.q, err)
			continue
		}
		var got []string
		for _, p := range ps {
			got = append(got, p.Name)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("SearchPatients(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}

	// Nothing typed can be FTS5 syntax.
	for _, q := range []string{`"`, `*`, `AND`, `OR`, `NOT`, `NEAR`, `-`, `(`, `)`, `budi)`, `"budi`, `budi*`, `^budi`,
		`name:budi`, `{name}: budi`, `budi + sant`, `NEAR(budi sant)`, `'`, `:`, `\`, "\u0301", "budi\x00"} {
		if _, err := db.SearchPatients(ctx, q, 10); err != nil {
			t.Errorf("SearchPatients(%q): %v", q, err)
		}
	}

	// The limit holds.
	if ps, _ := db.SearchPatients(ctx, "s", 2); len(ps) != 2 {
		t.Errorf("limit 2 gave %d", len(ps))
	}
}

func FuzzMatchQuery(f *testing.F) {
	db, _ := openTest(f)
	ctx := context.Background()
	if _, err := db.SaveEligibility(ctx, clinic.Eligibility{Participant: participant("0001234567890", "", "Budi Santoso")}); err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"budi", `"`, "AND (", "ṣinta", "rm12", "a*b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := db.SearchPatients(ctx, q, 5); err != nil {
			t.Fatalf("SearchPatients(%q) (match %q): %v", q, matchQuery(q), err)
		}
	})
}

func TestSearchPatientsBroadQuery(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	err := db.update(ctx, func(tx *sql.Tx) error {
		for i := range rankedMatches + 10 {
			if _, err := tx.Exec(`INSERT INTO patients (name, created_at, updated_at) VALUES (?, '', '')`,
				fmt.Sprintf("Wati %c%04d", 'A'+rune(i%26), i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := db.SearchPatients(ctx, "wat", 20)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 20 {
		t.Fatalf("%d results, want the limit 20", len(ps))
	}
	// Too many to rank: the newest matches, shown by name.
	for i, p := range ps {
		if p.ID <= rankedMatches+10-20 {
			t.Errorf("result %d is patient %d, not one of the 20 newest", i, p.ID)
		}
		if i > 0 && strings.ToLower(ps[i-1].Name) > strings.ToLower(p.Name) {
			t.Errorf("not by name: %q before %q", ps[i-1].Name, p.Name)
		}
	}
}
