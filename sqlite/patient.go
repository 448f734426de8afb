package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"fktpdesk/clinic"
)

// SaveEligibility stores a PCare answer and creates or updates the patient
// it describes. The patient is found by card number, else by NIK, so the
// same person never gets two records; PCare's name, sex, birth date, NIK,
// card number and phone then replace ours, except where PCare sent nothing.
func (db *DB) SaveEligibility(ctx context.Context, e clinic.Eligibility) (int64, error) {
	p := e.Participant
	p.CardNo = clinic.NormalizeNumber(p.CardNo)
	p.NIK = clinic.NormalizeNumber(p.NIK)
	if p.CardNo == "" && p.NIK == "" {
		return 0, clinic.Errorf(clinic.EINVALID, "Jawaban PCare tanpa nomor kartu dan NIK tidak dapat disimpan.")
	}
	js, err := json.Marshal(p)
	if err != nil {
		return 0, storeErr(err)
	}
	now := db.Now()
	fetched := e.CheckedAt
	if fetched.IsZero() {
		fetched = now
	}
	var id int64
	err = db.update(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = upsertParticipant(ctx, tx, p, now); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO eligibility
			(patient_id, card_no, nik, fetched_at, active, provider_code, registered_here, participant)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			id, p.CardNo, p.NIK, stamp(fetched), p.Active, p.ProviderCode, e.RegisteredHere, string(js))
		return err
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// Both queries repeat their partial index's condition (the column is not
// empty): SQLite uses a partial index only when the query implies its
// condition, and it cannot know what a bound parameter holds. Without it
// every lookup by NIK or card scans the whole table (TestQueriesUseIndexes).
const (
	patientByCardQuery = `SELECT id, nik FROM patients WHERE card_no = ? AND card_no <> ''`
	patientByNIKQuery  = `SELECT id, nik FROM patients WHERE nik = ? AND nik <> ''`
)

// upsertParticipant returns the patient for p, updated from it, or a new
// one. When the card matches one patient and the NIK already belongs to
// another, the card wins and the NIK stays where it is: moving it would
// break the other record, and which of the two is wrong needs a person. The
// eligibility row keeps what PCare said either way.
func upsertParticipant(ctx context.Context, tx *sql.Tx, p clinic.Participant, now time.Time) (int64, error) {
	var id int64
	var nik string
	err := sql.ErrNoRows
	if p.CardNo != "" {
		err = tx.QueryRowContext(ctx, patientByCardQuery, p.CardNo).Scan(&id, &nik)
	}
	if errors.Is(err, sql.ErrNoRows) && p.NIK != "" {
		err = tx.QueryRowContext(ctx, patientByNIKQuery, p.NIK).Scan(&id, &nik)
	}
	if errors.Is(err, sql.ErrNoRows) {
		res, err := tx.ExecContext(ctx, `INSERT INTO patients
			(nik, card_no, name, sex, birth_date, phone, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			p.NIK, p.CardNo, p.Name, p.Sex, day(p.BirthDate), p.Phone, stamp(now), stamp(now))
		if err != nil {
			return 0, err
		}
		return res.LastInsertId()
	}
	if err != nil {
		return 0, err
	}

	newNIK := p.NIK
	if newNIK != "" && newNIK != nik {
		var other int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM patients WHERE nik = ? AND nik <> '' AND id <> ?`, newNIK, id).Scan(&other); err != nil {
			return 0, err
		}
		if other > 0 {
			newNIK = ""
		}
	}
	// Empty values from PCare keep ours: an answer without a phone number
	// does not mean the patient has none.
	_, err = tx.ExecContext(ctx, `UPDATE patients SET
			name       = coalesce(nullif(?, ''), name),
			sex        = coalesce(nullif(?, ''), sex),
			birth_date = coalesce(nullif(?, ''), birth_date),
			phone      = coalesce(nullif(?, ''), phone),
			nik        = coalesce(nullif(?, ''), nik),
			card_no    = coalesce(nullif(?, ''), card_no),
			updated_at = ?
		WHERE id = ?`,
		p.Name, p.Sex, day(p.BirthDate), p.Phone, newNIK, p.CardNo, stamp(now), id)
	return id, err
}

// LastEligibility returns the newest stored PCare answer for a card number
// or NIK.
func (db *DB) LastEligibility(ctx context.Context, kind clinic.IDKind, number string) (clinic.Eligibility, error) {
	number = clinic.NormalizeNumber(number)
	var col string
	switch kind {
	case clinic.IDCard:
		col = "card_no"
	case clinic.IDNIK:
		col = "nik"
	default:
		return clinic.Eligibility{}, clinic.Errorf(clinic.EINVALID, "Jenis nomor %q tidak dikenal.", kind)
	}
	if number == "" {
		return clinic.Eligibility{}, notFound("Belum ada data kepesertaan tersimpan untuk nomor ini.")
	}
	var e clinic.Eligibility
	err := db.view(ctx, func(tx *sql.Tx) error {
		var js string
		err := tx.QueryRowContext(ctx, `SELECT patient_id, fetched_at, registered_here, participant
			FROM eligibility WHERE `+col+` = ? AND `+col+` <> '' ORDER BY fetched_at DESC, id DESC LIMIT 1`, number).
			Scan(&e.PatientID, (*timeCol)(&e.CheckedAt), &e.RegisteredHere, &js)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Belum ada data kepesertaan tersimpan untuk nomor %s.", number)
		}
		if err != nil {
			return err
		}
		return json.Unmarshal([]byte(js), &e.Participant)
	})
	if err != nil {
		return clinic.Eligibility{}, err
	}
	return e, nil
}

// Patient returns one patient record.
func (db *DB) Patient(ctx context.Context, id int64) (clinic.Patient, error) {
	var p clinic.Patient
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = patientByID(ctx, tx, id)
		return err
	})
	return p, err
}

const patientCols = `p.id, p.record_no, p.nik, p.card_no, p.name, p.sex, p.birth_date, p.phone, p.address, p.created_at, p.updated_at`

func scanPatient(s interface{ Scan(...any) error }) (clinic.Patient, error) {
	var p clinic.Patient
	err := s.Scan(&p.ID, &p.RecordNo, &p.NIK, &p.CardNo, &p.Name, &p.Sex, (*dateCol)(&p.BirthDate),
		&p.Phone, &p.Address, (*timeCol)(&p.CreatedAt), (*timeCol)(&p.UpdatedAt))
	return p, err
}

func patientByID(ctx context.Context, tx *sql.Tx, id int64) (clinic.Patient, error) {
	p, err := scanPatient(tx.QueryRowContext(ctx, `SELECT `+patientCols+` FROM patients p WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, notFound("Pasien #%d tidak ditemukan.", id)
	}
	return p, err
}

// defaultSearchLimit applies when the caller asks for no limit: a list
// longer than this is not read by anyone at the desk.
const defaultSearchLimit = 50

// SearchPatients finds patients by what the desk types: a 13-digit card
// number, a 16-digit NIK, a record number ("RM-000123", "rm 123" or just
// "123"), or words of a name. Each word of a name query matches the start
// of a word in the name, ignoring case and diacritics, so "sit nur" finds
// "Siti Nurhaliza"; see searchNames for the order.
func (db *DB) SearchPatients(ctx context.Context, query string, limit int) ([]clinic.Patient, error) {
	if limit <= 0 {
		limit = defaultSearchLimit
	}
	var search func(tx *sql.Tx) (*sql.Rows, error)
	byCol := func(where string, arg any) func(tx *sql.Tx) (*sql.Rows, error) {
		return func(tx *sql.Tx) (*sql.Rows, error) {
			return tx.QueryContext(ctx, `SELECT `+patientCols+` FROM patients p WHERE `+where+` LIMIT ?`, arg, limit)
		}
	}
	n := clinic.NormalizeNumber(query)
	switch {
	case n == "":
		return nil, nil
	case isDigits(n) && len(n) == 13:
		search = byCol(`p.card_no = ? AND p.card_no <> ''`, n)
	case isDigits(n) && len(n) == 16:
		search = byCol(`p.nik = ? AND p.nik <> ''`, n)
	default:
		if rn, ok := recordNo(n); ok {
			search = byCol(`p.record_no = ?`, rn)
			break
		}
		if isDigits(n) {
			// A number of no known length: a mistyped card or NIK, not a
			// name. Saying "nothing" beats searching names for digits.
			return nil, nil
		}
		m := matchQuery(query)
		if m == "" {
			return nil, nil
		}
		search = func(tx *sql.Tx) (*sql.Rows, error) { return searchNames(ctx, tx, m, limit) }
	}
	var out []clinic.Patient
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := search(tx)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPatient(rows)
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}

// rankedMatches is the most matches searchNames ranks. FTS5 computes bm25
// for every match before it can sort, a few microseconds a row with this
// driver; past about a thousand rows that alone threatens the 10 ms a
// keystroke may take.
const rankedMatches = 1000

// searchNames runs an FTS5 name query. Up to rankedMatches matches it
// orders them best first (bm25: for names, mostly the shorter name — "Budi"
// before "Budi Santoso Wibowo") then by name.
//
// Beyond that the query is too broad for any order to help — "ra", or three
// letters of a common name, match thousands — and every order that looks at
// all matches costs time in proportion to them (sorting 9,000 by name took
// 5–20 ms at 200,000 patients; walking a name index fails differently,
// because matches cluster: every "Nurul" sits under N). So a broad query
// returns the most recently registered matches — likely the patients coming
// back — read straight off the index in rowid order and shown by name; the
// person narrows it by typing on.
func searchNames(ctx context.Context, tx *sql.Tx, match string, limit int) (*sql.Rows, error) {
	var n int
	// Counting is cheap (no rank, no patient rows): the index alone.
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT rowid FROM patients_fts WHERE patients_fts MATCH ? LIMIT ?)`,
		match, rankedMatches+1).Scan(&n); err != nil {
		return nil, err
	}
	if n > rankedMatches {
		return tx.QueryContext(ctx, `SELECT `+patientCols+` FROM (
				SELECT rowid AS id FROM patients_fts WHERE patients_fts MATCH ? ORDER BY rowid DESC LIMIT ?
			) top JOIN patients p ON p.id = top.id
			ORDER BY p.name COLLATE NOCASE, p.id`, match, limit)
	}
	// The inner query sorts only (rank, name, id); the whole rows of the
	// few it keeps are read after.
	return tx.QueryContext(ctx, `SELECT `+patientCols+` FROM (
			SELECT f.rowid AS id, f.rank AS r, p.name AS name
			FROM patients_fts f JOIN patients p ON p.id = f.rowid
			WHERE patients_fts MATCH ? ORDER BY r, name COLLATE NOCASE, id LIMIT ?
		) top JOIN patients p ON p.id = top.id
		ORDER BY top.r, top.name COLLATE NOCASE, top.id`, match, limit)
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// maxRecordDigits bounds what counts as a record number typed as bare
// digits; longer numbers are card numbers or NIKs typed wrong.
const maxRecordDigits = 9

// recordNo turns what a person types for a record number — "RM-000123",
// "rm123", "RM 123", "123" (already without spaces, dots and dashes) — into
// the stored form, RM- and at least six digits.
func recordNo(n string) (string, bool) {
	digits := n
	if len(n) > 2 && strings.EqualFold(n[:2], "RM") {
		digits = n[2:]
	}
	if !isDigits(digits) || len(digits) > maxRecordDigits {
		return "", false
	}
	v, err := strconv.Atoi(digits)
	if err != nil {
		return "", false
	}
	return fmt.Sprintf("RM-%06d", v), true
}

// maxQueryWords bounds a name query: nobody types more, and each word
// costs a prefix scan.
const maxQueryWords = 6

// matchQuery turns free text into an FTS5 query in which nothing the user
// types is syntax: the text is cut into words at anything that is not a
// letter, digit or combining mark (as the unicode61 tokenizer cuts names),
// and every word becomes a quoted prefix, "budi"* "sant"*, ANDed. A quoted
// string is never an operator, so AND, NOT, NEAR, ( and * are just text.
// It returns "" when no word is left.
func matchQuery(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
	})
	var b strings.Builder
	n := 0
	for _, w := range words {
		if !strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue // marks alone tokenize to nothing, and "" * is an FTS5 error
		}
		if n == maxQueryWords {
			break
		}
		if n > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(`"` + w + `"*`)
		n++
	}
	return b.String()
}
