package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"fktpdesk/audit"
)

// auditBenchRows is a few years of a busy clinic's trail: 200 patients a
// day, each viewed, checked, registered, examined and printed.
const auditBenchRows = 500000

// loadAudit seals n events after the trail's head in one transaction, as
// Append would one by one, to build a large trail quickly.
func loadAudit(b *testing.B, db *DB, n int) {
	b.Helper()
	ctx := context.Background()
	head, err := db.AuditHead(ctx)
	if err != nil {
		b.Fatal(err)
	}
	err = db.update(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO audit_log (`+auditCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer st.Close()
		prev := head.Hash
		at := testStart
		for i := range n {
			e := view(fmt.Sprintf("user-%d", i%12), i%20000)
			e.At = at.Add(time.Duration(i) * 20 * time.Second)
			en := audit.Seal(prev, head.Seq+int64(i)+1, e)
			if _, err := st.ExecContext(ctx, en.Seq, en.At.UnixNano(), en.UserID, en.User, string(en.Action), en.Patient,
				en.Detail, string(en.Outcome), en.PrevHash[:], en.Hash[:]); err != nil {
				return err
			}
			prev = en.Hash
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkAuditAppend is the cost every patient view adds: one write
// transaction, committed to disk.
func BenchmarkAuditAppend(b *testing.B) {
	for _, rows := range []int{0, auditBenchRows} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			db, _ := openAt(b, filepath.Join(b.TempDir(), FileName))
			loadAudit(b, db, rows)
			var sync int
			db.write.QueryRow(`PRAGMA synchronous`).Scan(&sync)
			b.Logf("PRAGMA synchronous = %d", sync)
			ctx := context.Background()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if _, err := db.Append(ctx, view("rina", i)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAuditAppendParallel: several desks' goroutines recording at once.
func BenchmarkAuditAppendParallel(b *testing.B) {
	db, _ := openAt(b, filepath.Join(b.TempDir(), FileName))
	ctx := context.Background()
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := db.Append(ctx, view("rina", i)); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}

// BenchmarkAuditVerify reports the cost per row of checking the trail.
func BenchmarkAuditVerify(b *testing.B) {
	db, _ := openAt(b, filepath.Join(b.TempDir(), FileName))
	loadAudit(b, db, auditBenchRows)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		r, err := db.VerifyAudit(ctx)
		if err != nil || !r.OK() || r.Rows != auditBenchRows {
			b.Fatalf("%v %s", err, r)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*auditBenchRows), "ns/row")
}

// BenchmarkAuditList is the admin screen's first page under each filter,
// on a large trail.
func BenchmarkAuditList(b *testing.B) {
	db, _ := openAt(b, filepath.Join(b.TempDir(), FileName))
	loadAudit(b, db, auditBenchRows)
	ctx := context.Background()
	for name, f := range map[string]audit.Filter{
		"none":    {},
		"user":    {User: "user-3"},
		"patient": {Patient: fmt.Sprintf("0001%09d", 1234)},
		"action":  {Action: audit.ViewPatient},
		"day":     {From: testStart.AddDate(0, 1, 0), To: testStart.AddDate(0, 1, 1)},
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if got, err := db.List(ctx, f); err != nil || len(got) == 0 {
					b.Fatalf("%d rows, %v", len(got), err)
				}
			}
		})
	}
}
