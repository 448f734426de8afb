package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fktpdesk/audit"
	"fktpdesk/sqlite"
)

// auditData makes a data folder whose trail holds the events.
func auditData(t *testing.T, events ...audit.Event) (string, []audit.Entry) {
	t.Helper()
	dir := t.TempDir()
	db, err := sqlite.Open(context.Background(), sqlite.DefaultPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []audit.Entry
	for _, e := range events {
		en, err := db.Append(context.Background(), e)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, en)
	}
	return dir, out
}

func views(n int) []audit.Event {
	var out []audit.Event
	for i := range n {
		out = append(out, audit.Event{User: "rina", Action: audit.ViewPatient, Patient: fmt.Sprintf("0001%09d", i), Outcome: audit.OK})
	}
	return out
}

// rawSQL changes the file as a SQL tool would, triggers dropped first.
func rawSQL(t *testing.T, dir string, stmts ...string) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+sqlite.DefaultPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, s := range append([]string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}, stmts...) {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

var headRe = regexp.MustCompile(`head (\d+:[0-9a-f]{64})`)

func TestAuditVerifyExitCodes(t *testing.T) {
	dir, _ := auditData(t, views(20)...)
	env := map[string]string{"FKTP_DATA": dir}

	code, out, errs := ctl(t, env, "audit", "verify")
	if code != exitOK || !strings.Contains(out, "Audit trail intact: 20 rows") {
		t.Fatalf("intact: exit %d\n%s%s", code, out, errs)
	}
	head := headRe.FindStringSubmatch(out)
	if head == nil || !strings.HasPrefix(head[1], "20:") {
		t.Fatalf("no head in %q", out)
	}
	// The check is itself in the trail, and the trail still verifies.
	code, out, _ = ctl(t, env, "audit", "verify", "--expect", head[1])
	if code != exitOK || !strings.Contains(out, "intact: 21 rows") {
		t.Fatalf("second verify: exit %d\n%s", code, out)
	}

	rawSQL(t, dir, `UPDATE audit_log SET detail = 'dihapus' WHERE seq = 7`)
	code, out, errs = ctl(t, env, "audit", "verify", "--data", dir)
	if code != exitFailure || !strings.Contains(out, "TAMPERED: first bad row 7") || !strings.Contains(out, "row 7: was altered") {
		t.Fatalf("edited row: exit %d\n%s%s", code, out, errs)
	}

	// The failed check is recorded, for the admin screen.
	code, out, _ = ctl(t, env, "audit", "list", "--action", "audit.verify", "--outcome", "failed")
	if code != exitOK || !strings.Contains(out, "tampered: first bad row 7") || !strings.Contains(out, "fktpctl:") {
		t.Fatalf("recorded check: exit %d\n%s", code, out)
	}
}

func TestAuditVerifyDeletedRows(t *testing.T) {
	dir, es := auditData(t, views(30)...)
	env := map[string]string{"FKTP_DATA": dir}
	rawSQL(t, dir, `DELETE FROM audit_log WHERE seq = 12`)
	if code, out, _ := ctl(t, env, "audit", "verify"); code != exitFailure || !strings.Contains(out, "first bad row 12") || !strings.Contains(out, "missing") {
		t.Fatalf("deleted row: exit %d\n%s", code, out)
	}

	// The newest rows and the table's counter: only a head kept elsewhere
	// tells.
	dir, es = auditData(t, views(30)...)
	env = map[string]string{"FKTP_DATA": dir}
	head := audit.Checkpoint{Seq: 30, Hash: es[29].Hash}
	rawSQL(t, dir, `DELETE FROM audit_log WHERE seq > 25`, `UPDATE sqlite_sequence SET seq = 25 WHERE name = 'audit_log'`)
	code, out, errs := ctl(t, env, "audit", "verify", "--expect", head.String())
	if code != exitFailure || !strings.Contains(out, "first bad row 26") || !strings.Contains(out, "rows 26 to 30 are missing") {
		t.Fatalf("cut tail: exit %d\n%s%s", code, out, errs)
	}
}

func TestAuditVerifyUsage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "typo")
	if code, _, errs := ctl(t, nil, "audit", "verify", "--data", dir); code != exitFailure || !strings.Contains(errs, "no database") {
		t.Fatalf("missing database: exit %d %s", code, errs)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Fatal("verify created a database where there was none")
	}
	for _, args := range [][]string{
		{"audit"},
		{"audit", "check"},
		{"audit", "verify", "--expect", "abc"},
		{"audit", "verify", "--expect", "5:00ff"},
		{"audit", "list", "--action", "view"},
		{"audit", "list", "--outcome", "maybe"},
		{"audit", "list", "--from", "2025-13-01"},
		{"audit", "list", "--from", "2025-03-11", "--to", "2025-03-10"},
		{"audit", "list", "--limit", "0"},
	} {
		if code, _, _ := ctl(t, map[string]string{"FKTP_DATA": t.TempDir()}, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

func TestAuditList(t *testing.T) {
	day := func(d, h int) time.Time { return time.Date(2025, 3, d, h, 0, 0, 0, time.Local) }
	dir, _ := auditData(t,
		audit.Event{At: day(10, 8), User: "rina", Action: audit.SignIn, Outcome: audit.OK},
		audit.Event{At: day(10, 9), User: "rina", Action: audit.CheckEligibility, Patient: "0001111111111", Outcome: audit.OK},
		audit.Event{At: day(10, 10), User: "rina", Action: audit.RecordVisit, Patient: "0001111111111", Outcome: audit.Denied,
			Detail: "peran\tpendaftaran\ntidak boleh memeriksa"},
		audit.Event{At: day(11, 9), User: "dr.sari", Action: audit.RecordVisit, Patient: "0001111111111", Outcome: audit.OK},
		audit.Event{At: day(11, 10), User: "dr.sari", Action: audit.ViewPatient, Patient: "0002222222222", Outcome: audit.OK},
		audit.Event{At: day(12, 23), User: audit.System, Action: audit.Backup, Outcome: audit.Failed, Detail: "disk penuh"},
	)
	env := map[string]string{"FKTP_DATA": dir}
	tests := []struct {
		args []string
		seqs []string
	}{
		{nil, []string{"6", "5", "4", "3", "2", "1"}},
		{[]string{"--user", "rina"}, []string{"3", "2", "1"}},
		{[]string{"--action", "visit.record"}, []string{"4", "3"}},
		{[]string{"--patient", "0001111111111"}, []string{"4", "3", "2"}},
		{[]string{"--outcome", "denied"}, []string{"3"}},
		{[]string{"--from", "2025-03-11"}, []string{"6", "5", "4"}},
		{[]string{"--to", "10-03-2025"}, []string{"3", "2", "1"}},
		{[]string{"--from", "2025-03-11", "--to", "2025-03-11"}, []string{"5", "4"}},
		{[]string{"--user", "dr.sari", "--action", "visit.record"}, []string{"4"}},
		{[]string{"--limit", "2"}, []string{"6", "5"}},
		{[]string{"--limit", "2", "--offset", "2"}, []string{"4", "3"}},
	}
	for _, tt := range tests {
		code, out, errs := ctl(t, env, append([]string{"audit", "list"}, tt.args...)...)
		if code != exitOK {
			t.Fatalf("%v: exit %d %s", tt.args, code, errs)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if !strings.HasPrefix(lines[0], "SEQ  TIME") {
			t.Fatalf("%v: no header:\n%s", tt.args, out)
		}
		var seqs []string
		for _, l := range lines[1:] {
			if !strings.HasPrefix(l, "(") {
				seqs = append(seqs, strings.Fields(l)[0])
			}
		}
		if strings.Join(seqs, " ") != strings.Join(tt.seqs, " ") {
			t.Errorf("%v: rows %v, want %v\n%s", tt.args, seqs, tt.seqs, out)
		}
	}

	_, out, _ := ctl(t, env, "audit", "list", "--outcome", "denied")
	if !strings.Contains(out, "2025-03-10 10:00:00  rina") || !strings.Contains(out, "peran pendaftaran tidak boleh memeriksa") {
		t.Fatalf("row text:\n%s", out)
	}
	if _, out, _ := ctl(t, env, "audit", "list", "--limit", "2"); !strings.Contains(out, "(2 shown; more with --offset 2)") {
		t.Fatalf("no paging hint:\n%s", out)
	}
	if code, out, _ := ctl(t, env, "audit", "list", "--user", "nobody"); code != exitOK || !strings.Contains(out, "No audit entries match.") {
		t.Fatalf("no match: exit %d\n%s", code, out)
	}
}
