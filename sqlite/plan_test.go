package sqlite

import (
	"strings"
	"testing"
)

// The lookups the desk and the sync worker do on every action must use an
// index, never scan a table: at 200,000 patients a scan is the difference
// between 0.1 ms and 50 ms. A partial index is used only when the query
// repeats its condition (a non-empty NIK), which is easy to lose in an edit — hence
// this test rather than a comment alone.
func TestQueriesUseIndexes(t *testing.T) {
	db, _ := openTest(t)
	tests := []struct {
		name, query string
		args        []any
		want        string // in the plan
	}{
		{"patient by card", patientByCardQuery, []any{"x"}, "patients_card_no"},
		{"patient by NIK", patientByNIKQuery, []any{"x"}, "patients_nik"},
		{"search by card", `SELECT ` + patientCols + ` FROM patients p WHERE p.card_no = ? AND p.card_no <> '' LIMIT ?`, []any{"x", 1}, "patients_card_no"},
		{"search by NIK", `SELECT ` + patientCols + ` FROM patients p WHERE p.nik = ? AND p.nik <> '' LIMIT ?`, []any{"x", 1}, "patients_nik"},
		{"search by record", `SELECT ` + patientCols + ` FROM patients p WHERE p.record_no = ? LIMIT ?`, []any{"x", 1}, "sqlite_autoindex_patients"},
		{"last eligibility by NIK", `SELECT patient_id FROM eligibility WHERE nik = ? AND nik <> '' ORDER BY fetched_at DESC, id DESC LIMIT 1`, []any{"x"}, "eligibility_nik"},
		{"last eligibility by card", `SELECT patient_id FROM eligibility WHERE card_no = ? AND card_no <> '' ORDER BY fetched_at DESC, id DESC LIMIT 1`, []any{"x"}, "eligibility_card_no"},
		{"queue", registrationSelect + `WHERE r.date = ? ORDER BY r.created_at, r.id`, []any{"2025-01-01"}, "registrations_date"},
		{"claim due", claimDueQuery, []any{"x", 1}, "outbox_state"},
		{"remote taken", remoteTakenQuery, []any{"a", "b", "c", 1}, "outbox_remote"},
		{"unverified", `UPDATE registrations SET unverified = 0 WHERE card_no = ? AND unverified = 1`, []any{"x"}, "registrations_unverified"},
	}
	for _, tt := range tests {
		plan := queryPlan(t, db, tt.query, tt.args...)
		p := strings.Join(plan, " | ")
		if !strings.Contains(p, tt.want) {
			t.Errorf("%s: plan %q does not use %s", tt.name, p, tt.want)
		}
		for _, step := range plan {
			if strings.HasPrefix(step, "SCAN ") && !strings.Contains(step, "VIRTUAL TABLE") && step != "SCAN CONSTANT ROW" {
				t.Errorf("%s: plan scans a table: %q", tt.name, p)
			}
		}
	}
}

// queryPlan is SQLite's plan for query, one step a string.
func queryPlan(t *testing.T, db *DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.read.Query(`EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return plan
}
