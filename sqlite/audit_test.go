package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fktpdesk/audit"
	"fktpdesk/clinic"
)

// Environment of a child test process that appends to the audit trail
// (see TestMain): the database, how many rows, and who it is.
const (
	helperDB   = "FKTP_AUDIT_HELPER_DB"
	helperRows = "FKTP_AUDIT_HELPER_ROWS"
	helperUser = "FKTP_AUDIT_HELPER_USER"
)

// TestMain lets this test binary act as a second process appending to the
// same file, as fktpctl does beside the running app.
func TestMain(m *testing.M) {
	if path := os.Getenv(helperDB); path != "" {
		os.Exit(appendHelper(path))
	}
	os.Exit(m.Run())
}

// appendHelper opens the database, says "ready" on stdout, waits for a
// line on stdin, then appends its rows: the parent starts every appender
// at once.
func appendHelper(path string) int {
	ctx := context.Background()
	db, err := Open(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer db.Close()
	n, _ := strconv.Atoi(os.Getenv(helperRows))
	fmt.Println("ready")
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for i := range n {
		if _, err := db.Append(ctx, view(os.Getenv(helperUser), i)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return 0
}

// view is the most common event: user looked at patient i's record.
func view(user string, i int) audit.Event {
	return audit.Event{User: user, UserID: 7, Action: audit.ViewPatient,
		Patient: fmt.Sprintf("0001%09d", i), Detail: "riwayat kunjungan", Outcome: audit.OK}
}

func fill(t testing.TB, db *DB, n int) []audit.Entry {
	t.Helper()
	out := make([]audit.Entry, 0, n)
	for i := range n {
		en, err := db.Append(context.Background(), view("rina", i))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, en)
	}
	return out
}

func verifyAudit(t *testing.T, db *DB, expect ...audit.Checkpoint) audit.Report {
	t.Helper()
	r, err := db.VerifyAudit(context.Background(), expect...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// tamper runs SQL on the file as someone with a SQL tool would, after
// dropping the triggers that would refuse it.
func tamper(t *testing.T, db *DB, stmts ...string) {
	t.Helper()
	raw := rawOpen(t, db.Path())
	defer raw.Close()
	for _, s := range append([]string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}, stmts...) {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func wantBad(t *testing.T, r audit.Report, seq int64, kind audit.ProblemKind) {
	t.Helper()
	if r.OK() || r.FirstBad() != seq || r.Problems[0].Kind != kind {
		t.Fatalf("want first problem %s at row %d, got:\n%s", kind, seq, r)
	}
}

func TestAuditChainOfManyRowsVerifies(t *testing.T) {
	db, clk := openTest(t)
	ctx := context.Background()
	if r := verifyAudit(t, db); !r.OK() || r.Rows != 0 {
		t.Fatalf("empty trail: %s", r)
	}
	if h, err := db.AuditHead(ctx); err != nil || h.Seq != 0 {
		t.Fatalf("empty head %v %v", h, err)
	}
	es := fill(t, db, 3000)
	for i, en := range es {
		if en.Seq != int64(i+1) || !en.At.Equal(clk.Now()) {
			t.Fatalf("entry %d: seq %d at %v", i, en.Seq, en.At)
		}
	}
	r := verifyAudit(t, db)
	if !r.OK() || r.Rows != 3000 || r.Head.Seq != 3000 || r.Head.Hash != es[2999].Hash {
		t.Fatalf("3000 rows: %s", r)
	}
	h, err := db.AuditHead(ctx)
	if err != nil || h.Seq != 3000 || h.Hash != es[2999].Hash {
		t.Fatalf("head %v %v", h, err)
	}
	// The chain survives closing and reopening (and the checkpoint with it).
	db.Close()
	db2, _ := openAt(t, db.Path())
	fill(t, db2, 1)
	if r := verifyAudit(t, db2, h); !r.OK() || r.Rows != 3001 {
		t.Fatalf("after reopening: %s", r)
	}
}

// What Append returns is what List and VerifyAudit read back, byte for byte
// and to the nanosecond.
func TestAuditRoundTrip(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	at := time.Date(2025, 3, 10, 9, 15, 42, 123456789, jakarta)
	in := audit.Event{At: at, UserID: 3, User: "dr. Sari", Action: audit.Refer, Patient: "3174012345678901",
		Detail: "rujukan ke RSUD: poli \"ANA\"\nbaris 2 \x00 \xff", Outcome: audit.Denied}
	en, err := db.Append(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if !en.At.Equal(at) || en.At.Location() != time.UTC || en.Detail != "rujukan ke RSUD: poli \"ANA\"\nbaris 2 \uFFFD \uFFFD" {
		t.Fatalf("stored %+v", en)
	}
	got, err := db.List(ctx, audit.Filter{})
	if err != nil || len(got) != 1 || got[0] != en {
		t.Fatalf("List = %+v, %v; want %+v", got, err, en)
	}
	if r := verifyAudit(t, db); !r.OK() {
		t.Fatal(r)
	}

	_, err = db.Append(ctx, audit.Event{User: "rina", Action: "lihat", Outcome: audit.OK})
	wantCode(t, err, clinic.EINVALID)
	if got, _ := db.List(ctx, audit.Filter{}); len(got) != 1 {
		t.Fatal("an invalid event was stored")
	}
}

func TestAuditTriggersRefuseChanges(t *testing.T) {
	db, _ := openTest(t)
	es := fill(t, db, 3)
	raw := rawOpen(t, db.Path())
	defer raw.Close()
	zero := make([]byte, 32)
	for _, tt := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE audit_log SET detail = 'x' WHERE seq = 2`, nil},
		{`UPDATE audit_log SET seq = 10 WHERE seq = 3`, nil},
		{`DELETE FROM audit_log WHERE seq = 2`, nil},
		{`DELETE FROM audit_log`, nil},
		{`INSERT OR REPLACE INTO audit_log (` + auditCols + `) VALUES (2, 0, 0, 'x', 'signin', '', '', 'ok', ?, ?)`, []any{es[0].Hash[:], zero}},
		{`INSERT INTO audit_log (` + auditCols + `) VALUES (4, 0, 0, 'x', 'signin', '', '', 'ok', ?, ?)`, []any{es[1].Hash[:], zero}},
		{`INSERT INTO audit_log (at_ns, user_id, username, action, patient, detail, outcome, prev_hash, hash) VALUES (0, 0, 'x', 'signin', '', '', 'ok', ?, ?)`, []any{es[2].Hash[:], zero}},
		{`INSERT INTO audit_log (` + auditCols + `) VALUES (4, 0, 0, 'x', 'signin', '', '', 'ok', ?, ?) ON CONFLICT DO NOTHING`, []any{zero, zero}},
	} {
		_, err := raw.Exec(tt.sql, tt.args...)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", tt.sql, err)
		}
	}
	if r := verifyAudit(t, db); !r.OK() || r.Rows != 3 {
		t.Fatalf("after refused changes: %s", r)
	}
}

func TestAuditDetectsAnEditedRow(t *testing.T) {
	db, _ := openTest(t)
	fill(t, db, 50)
	tamper(t, db, `UPDATE audit_log SET patient = '0001999999999' WHERE seq = 17`)
	r := verifyAudit(t, db)
	wantBad(t, r, 17, audit.Altered)
	if len(r.Problems) != 1 || r.Rows != 50 {
		t.Fatalf("one edit, one problem: %s", r)
	}
}

func TestAuditDetectsDeletedRows(t *testing.T) {
	t.Run("middle", func(t *testing.T) {
		db, _ := openTest(t)
		fill(t, db, 50)
		tamper(t, db, `DELETE FROM audit_log WHERE seq = 23`)
		wantBad(t, verifyAudit(t, db), 23, audit.Missing)
	})
	t.Run("first", func(t *testing.T) {
		db, _ := openTest(t)
		fill(t, db, 50)
		tamper(t, db, `DELETE FROM audit_log WHERE seq <= 5`)
		wantBad(t, verifyAudit(t, db), 1, audit.Missing)
	})
	t.Run("newest, seen by the counter", func(t *testing.T) {
		db, _ := openTest(t)
		fill(t, db, 50)
		tamper(t, db, `DELETE FROM audit_log WHERE seq > 45`)
		r := verifyAudit(t, db)
		wantBad(t, r, 46, audit.Truncated)
		if !strings.Contains(r.Problems[0].What, "sqlite_sequence") {
			t.Fatalf("truncation message: %s", r.Problems[0].What)
		}
		// Appending afterwards does not close the gap.
		en, err := db.Append(context.Background(), view("rina", 99))
		if err != nil || en.Seq != 51 {
			t.Fatalf("append after truncation: seq %d, %v", en.Seq, err)
		}
		wantBad(t, verifyAudit(t, db), 46, audit.Missing)
	})
	t.Run("newest and the counter, seen by a checkpoint", func(t *testing.T) {
		db, _ := openTest(t)
		es := fill(t, db, 50)
		head := audit.Checkpoint{Seq: 50, Hash: es[49].Hash, Source: "backup"}
		tamper(t, db, `DELETE FROM audit_log WHERE seq > 45`, `UPDATE sqlite_sequence SET seq = 45 WHERE name = 'audit_log'`)
		if r := verifyAudit(t, db); !r.OK() {
			t.Fatalf("without a checkpoint a cut tail and counter look intact: %s", r)
		}
		wantBad(t, verifyAudit(t, db, head), 46, audit.Truncated)
	})
}

// A tamperer who nulls a column or shortens a seal gets a report, not a
// read error.
func TestAuditVerifyReadsDamagedRows(t *testing.T) {
	db, _ := openTest(t)
	fill(t, db, 10)
	tamper(t, db,
		`PRAGMA writable_schema = ON`,
		`UPDATE sqlite_schema SET sql = replace(replace(sql, 'NOT NULL', ''), 'CHECK (length(hash) = 32)', '') WHERE name = 'audit_log'`,
		`PRAGMA writable_schema = OFF`)
	raw := rawOpen(t, db.Path())
	defer raw.Close()
	for _, s := range []string{`UPDATE audit_log SET detail = NULL WHERE seq = 4`, `UPDATE audit_log SET hash = x'00' WHERE seq = 8`} {
		if _, err := raw.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	db.Close()
	db, _ = openAt(t, db.Path()) // the schema changed under the open connections
	r := verifyAudit(t, db)
	if r.Rows != 10 || r.FirstBad() != 4 || len(r.Problems) != 3 { // 4 altered; 8 altered, 9 unlinked
		t.Fatalf("damaged rows: %s", r)
	}
}

// Goroutines of this process and two other processes append at once: all
// rows land, numbered without gaps, in one valid chain.
func TestAuditConcurrentAppendsFormOneChain(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	const goroutines, perGoroutine, perProcess = 4, 40, 100

	var procs []*exec.Cmd
	var gos []io.WriteCloser
	for _, who := range []string{"proc-a", "proc-b"} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), helperDB+"="+db.Path(), helperRows+"="+strconv.Itoa(perProcess), helperUser+"="+who)
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		in, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { in.Close(); cmd.Wait() })
		if line, err := bufio.NewReader(out).ReadString('\n'); line != "ready\n" {
			t.Fatalf("%s: %q %v", who, line, err)
		}
		procs = append(procs, cmd)
		gos = append(gos, in)
	}
	for _, in := range gos {
		if _, err := io.WriteString(in, "go\n"); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := range goroutines {
		wg.Go(func() {
			for i := range perGoroutine {
				if _, err := db.Append(ctx, view(fmt.Sprintf("desk-%d", g), i)); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for _, p := range procs {
		if err := p.Wait(); err != nil {
			t.Fatalf("appending process: %v", err)
		}
	}

	const total = goroutines*perGoroutine + 2*perProcess
	r := verifyAudit(t, db)
	if !r.OK() || r.Rows != total || r.Head.Seq != total {
		t.Fatalf("want one chain of %d rows: %s", total, r)
	}
	for who, want := range map[string]int{"proc-a": perProcess, "proc-b": perProcess, "desk-0": perGoroutine, "desk-3": perGoroutine} {
		got, err := db.List(ctx, audit.Filter{User: who, Limit: total})
		if err != nil || len(got) != want {
			t.Fatalf("%s wrote %d rows (%v), want %d", who, len(got), err, want)
		}
	}
}

func TestAuditListFilters(t *testing.T) {
	db, clk := openTest(t)
	ctx := context.Background()
	day1 := clk.Now()
	add := func(e audit.Event) audit.Entry {
		t.Helper()
		en, err := db.Append(ctx, e)
		if err != nil {
			t.Fatal(err)
		}
		clk.Add(time.Minute)
		return en
	}
	signin := add(audit.Event{User: "rina", UserID: 1, Action: audit.SignIn, Outcome: audit.OK})
	v1 := add(audit.Event{User: "rina", UserID: 1, Action: audit.ViewPatient, Patient: "0001111111111", Outcome: audit.OK})
	denied := add(audit.Event{User: "rina", UserID: 1, Action: audit.RecordVisit, Patient: "0001111111111", Outcome: audit.Denied,
		Detail: "peran pendaftaran tidak boleh memeriksa"})
	clk.Add(24 * time.Hour)
	day2 := clk.Now()
	v2 := add(audit.Event{User: "dr.sari", UserID: 2, Action: audit.ViewPatient, Patient: "0001111111111", Outcome: audit.OK})
	visit := add(audit.Event{User: "dr.sari", UserID: 2, Action: audit.RecordVisit, Patient: "0001111111111", Outcome: audit.OK})
	other := add(audit.Event{User: "dr.sari", UserID: 2, Action: audit.ViewPatient, Patient: "0002222222222", Outcome: audit.OK})
	backup := add(audit.Event{User: audit.System, Action: audit.Backup, Detail: "D:\\cadangan", Outcome: audit.Failed})
	// An event stamped by its caller, earlier than the rows before it.
	late := add(audit.Event{At: day1.Add(30 * time.Second), User: audit.CLIUser("admin"), Action: audit.AuditVerify, Outcome: audit.OK})

	seqs := func(es []audit.Entry) []int64 {
		var out []int64
		for _, e := range es {
			out = append(out, e.Seq)
		}
		return out
	}
	tests := []struct {
		name string
		f    audit.Filter
		want []audit.Entry
	}{
		{"all, newest first by time", audit.Filter{}, []audit.Entry{backup, other, visit, v2, denied, v1, late, signin}},
		{"from", audit.Filter{From: day2}, []audit.Entry{backup, other, visit, v2}},
		{"to (exclusive)", audit.Filter{To: day2}, []audit.Entry{denied, v1, late, signin}},
		{"a day", audit.Filter{From: day1, To: day1.Add(2 * time.Minute)}, []audit.Entry{v1, late, signin}},
		{"user", audit.Filter{User: "rina"}, []audit.Entry{denied, v1, signin}},
		{"action", audit.Filter{Action: audit.ViewPatient}, []audit.Entry{other, v2, v1}},
		{"patient", audit.Filter{Patient: "0001111111111"}, []audit.Entry{visit, v2, denied, v1}},
		{"outcome", audit.Filter{Outcome: audit.Denied}, []audit.Entry{denied}},
		{"patient and user", audit.Filter{Patient: "0001111111111", User: "dr.sari"}, []audit.Entry{visit, v2}},
		{"action, user and time", audit.Filter{Action: audit.RecordVisit, User: "dr.sari", From: day2}, []audit.Entry{visit}},
		{"system", audit.Filter{User: audit.System}, []audit.Entry{backup}},
		{"nothing", audit.Filter{User: "nobody"}, nil},
		{"limit", audit.Filter{Limit: 2}, []audit.Entry{backup, other}},
		{"page 2", audit.Filter{Limit: 3, Offset: 3}, []audit.Entry{v2, denied, v1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.List(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(seqs(got)) != fmt.Sprint(seqs(tt.want)) {
				t.Fatalf("got rows %v, want %v", seqs(got), seqs(tt.want))
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("row %d reads back as %+v, was %+v", got[i].Seq, got[i], tt.want[i])
				}
			}
		})
	}

	// The default limit.
	fill(t, db, audit.DefaultLimit+5)
	if got, err := db.List(ctx, audit.Filter{}); err != nil || len(got) != audit.DefaultLimit {
		t.Fatalf("default limit: %d rows, %v", len(got), err)
	}
}

// The filters are served by the indexes, newest first straight from the
// index: no scan of the trail, no sort.
func TestAuditFiltersUseIndexes(t *testing.T) {
	db, _ := openTest(t)
	for _, tt := range []struct {
		f     audit.Filter
		index string
	}{
		{audit.Filter{User: "rina"}, "audit_log_user"},
		{audit.Filter{Patient: "0001111111111"}, "audit_log_patient"},
		{audit.Filter{Action: audit.ViewPatient}, "audit_log_action"},
		{audit.Filter{From: testStart, To: testStart.Add(time.Hour)}, "audit_log_at"},
		{audit.Filter{}, "audit_log_at"},
	} {
		q, args := auditQuery(tt.f)
		p := strings.Join(queryPlan(t, db, q, args...), "; ")
		if !strings.Contains(p, "USING INDEX "+tt.index) || strings.Contains(p, "TEMP B-TREE") {
			t.Errorf("%+v: plan %q", tt.f, p)
		}
	}
}
