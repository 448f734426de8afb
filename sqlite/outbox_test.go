package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
)

// addItem queues an item the way future record kinds will (a visit waiting
// for its registration), inside a transaction of its own.
func addItem(t *testing.T, db *DB, it claims.Item, d time.Time) int64 {
	t.Helper()
	var id int64
	err := db.update(context.Background(), func(tx *sql.Tx) error {
		var err error
		id, err = insertItem(context.Background(), tx, it, d, testStart)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func ids(items []claims.Item) []int64 {
	var out []int64
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

func TestClaimDue(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	pid := addPatient(t, db, 1, "Budi")
	r := registration(pid, "0005000000001", testStart)
	if err := db.AddRegistration(ctx, &r); err != nil { // item 1, due at testStart
		t.Fatal(err)
	}
	later := testStart.Add(10 * time.Minute)
	visit := addItem(t, db, claims.Item{Kind: "kunjungan", Op: claims.OpAdd, EntityID: 7, DependsOn: 1,
		State: clinic.SyncPending, NextAttempt: testStart}, testStart) // 2: waits for 1
	notYet := addItem(t, db, claims.Item{Kind: "kunjungan", Op: claims.OpAdd, EntityID: 8,
		State: clinic.SyncPending, NextAttempt: later}, testStart) // 3: due later
	unknown := addItem(t, db, claims.Item{Kind: claims.KindRegistration, Op: claims.OpAdd, EntityID: 9,
		State: clinic.SyncUnknown, NextAttempt: testStart}, testStart) // 4: to reconcile
	for _, s := range []string{clinic.SyncSent, clinic.SyncCorrection, clinic.SyncSending} {
		addItem(t, db, claims.Item{Kind: "kunjungan", Op: claims.OpAdd, EntityID: 10, State: s, NextAttempt: testStart}, testStart)
	}

	if got, err := db.ClaimDue(ctx, testStart, 0); err != nil || len(got) != 0 {
		t.Fatalf("ClaimDue n=0 = %v, %v", got, err)
	}
	got, err := db.ClaimDue(ctx, testStart, 10)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ids(got)) != fmt.Sprint([]int64{1, unknown}) {
		t.Fatalf("claimed %v, want [1 %d]", ids(got), unknown)
	}
	// Returned as they were: the worker reconciles the unknown one.
	if got[0].State != clinic.SyncPending || got[1].State != clinic.SyncUnknown {
		t.Errorf("claimed states %q, %q", got[0].State, got[1].State)
	}
	if r, _ := db.Registration(ctx, r.ID); r.SyncState != clinic.SyncSending {
		t.Errorf("registration sync state %q, want sending", r.SyncState)
	}
	// Claimed items are not handed out again.
	if again, _ := db.ClaimDue(ctx, later, 10); fmt.Sprint(ids(again)) != fmt.Sprint([]int64{notYet}) {
		t.Errorf("second claim = %v, want only the later item %d", ids(again), notYet)
	}
	// The dependency sent, its dependant becomes due.
	if err := db.MarkSent(ctx, 1, "A1", later); err != nil {
		t.Fatal(err)
	}
	if again, _ := db.ClaimDue(ctx, later, 10); fmt.Sprint(ids(again)) != fmt.Sprint([]int64{visit}) {
		t.Errorf("after its dependency was sent: claimed %v, want [%d]", ids(again), visit)
	}
}

func TestClaimDueLimitOldestFirst(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	for i := range 5 {
		addItem(t, db, claims.Item{Kind: "kunjungan", Op: claims.OpAdd, EntityID: int64(i),
			State: clinic.SyncPending, NextAttempt: testStart.Add(-time.Duration(i) * time.Minute)}, testStart)
	}
	got, err := db.ClaimDue(ctx, testStart, 2)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ids(got)) != "[1 2]" {
		t.Errorf("claimed %v, want [1 2]", ids(got))
	}
}

// Several workers claiming at once never get the same item; together they
// get every item. Run with -race.
func TestClaimDueConcurrent(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	const items, workers = 200, 8
	err := db.update(ctx, func(tx *sql.Tx) error {
		for i := range items {
			if _, err := insertItem(ctx, tx, claims.Item{Kind: "kunjungan", Op: claims.OpAdd, EntityID: int64(i),
				State: clinic.SyncPending, NextAttempt: testStart}, testStart, testStart); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu      sync.Mutex
		claimed []int64
		wg      sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for {
				got, err := db.ClaimDue(ctx, testStart, 3)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				claimed = append(claimed, ids(got)...)
				mu.Unlock()
				// Reads interleave with the claims, as the UI's do.
				if _, err := db.Counts(ctx); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	sort.Slice(claimed, func(i, j int) bool { return claimed[i] < claimed[j] })
	if len(claimed) != items {
		t.Fatalf("claimed %d items, want %d", len(claimed), items)
	}
	for i, id := range claimed {
		if id != int64(i+1) {
			t.Fatalf("item %d claimed twice or never (at %d)", id, i)
		}
	}
}

func TestMarkSentAndFailed(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	pid := addPatient(t, db, 1, "Budi")
	r := registration(pid, "0005000000001", testStart)
	if err := db.AddRegistration(ctx, &r); err != nil {
		t.Fatal(err)
	}
	got, _ := db.ClaimDue(ctx, testStart, 1)
	item := got[0]

	// A failure with PCare's field messages, then a retry.
	next := testStart.Add(time.Minute)
	fields := []clinic.FieldError{{Field: "PoliCode", Label: "Poli", Message: "Poli tidak ditemukan"}}
	if err := db.MarkFailed(ctx, item.ID, clinic.SyncPending, next, "PCare 412", fields, testStart); err != nil {
		t.Fatal(err)
	}
	its, _ := db.Items(ctx, clinic.SyncPending, 10)
	if len(its) != 1 || its[0].Attempts != 1 || its[0].LastError != "PCare 412" || !its[0].NextAttempt.Equal(next) ||
		len(its[0].Fields) != 1 || its[0].Fields[0] != fields[0] {
		t.Fatalf("after MarkFailed: %+v", its)
	}
	if reg, _ := db.Registration(ctx, r.ID); reg.SyncState != clinic.SyncPending || reg.SyncError != "PCare 412" {
		t.Errorf("registration after failure: state %q error %q", reg.SyncState, reg.SyncError)
	}
	if due, _ := db.ClaimDue(ctx, testStart, 1); len(due) != 0 {
		t.Errorf("claimed before its next attempt: %v", due)
	}
	due, _ := db.ClaimDue(ctx, next, 1)
	if len(due) != 1 {
		t.Fatal("not due at its next attempt")
	}
	if err := db.MarkFailed(ctx, item.ID, clinic.SyncUnknown, next, "timeout", nil, next); err != nil {
		t.Fatal(err)
	}
	if its, _ := db.Items(ctx, clinic.SyncUnknown, 10); len(its) != 1 || its[0].Attempts != 2 || len(its[0].Fields) != 0 {
		t.Errorf("after second failure: %+v", its)
	}
	wantCode(t, db.MarkFailed(ctx, item.ID, clinic.SyncSent, next, "", nil, next), clinic.EINVALID)
	wantCode(t, db.MarkFailed(ctx, 999, clinic.SyncPending, next, "", nil, next), clinic.ENOTFOUND)

	// Sent: the queue number lands on the registration, errors clear.
	db.ClaimDue(ctx, next, 1)
	if err := db.MarkSent(ctx, item.ID, "A7", next); err != nil {
		t.Fatal(err)
	}
	reg, _ := db.Registration(ctx, r.ID)
	if reg.QueueNo != "A7" || reg.SyncState != clinic.SyncSent || reg.SyncError != "" {
		t.Errorf("registration after MarkSent: %+v", reg)
	}
	its, _ = db.Items(ctx, clinic.SyncSent, 10)
	if len(its) != 1 || its[0].Remote != "A7" || its[0].LastError != "" || len(its[0].Fields) != 0 || !its[0].UpdatedAt.Equal(next) {
		t.Errorf("item after MarkSent: %+v", its)
	}
	wantCode(t, db.MarkSent(ctx, 999, "A1", next), clinic.ENOTFOUND)
}

func TestRecoverInterrupted(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	for i := range 4 {
		addItem(t, db, claims.Item{Kind: "kunjungan", Op: claims.OpAdd, EntityID: int64(i), State: clinic.SyncPending, NextAttempt: testStart}, testStart)
	}
	if _, err := db.ClaimDue(ctx, testStart, 3); err != nil {
		t.Fatal(err)
	}
	// The process dies here; the next one starts.
	n, err := db.RecoverInterrupted(ctx, testStart.Add(time.Hour))
	if err != nil || n != 3 {
		t.Fatalf("RecoverInterrupted = %d, %v; want 3", n, err)
	}
	c, _ := db.Counts(ctx)
	if c[clinic.SyncUnknown] != 3 || c[clinic.SyncPending] != 1 || c[clinic.SyncSending] != 0 {
		t.Errorf("counts = %v", c)
	}
	// Unknown items are due at once, to be reconciled.
	got, _ := db.ClaimDue(ctx, testStart.Add(time.Hour), 10)
	if len(got) != 4 || got[0].State != clinic.SyncUnknown {
		t.Errorf("claimed after recovery: %+v", got)
	}
	if n, _ := db.RecoverInterrupted(ctx, testStart); n != 4 {
		t.Errorf("second recovery = %d, want 4", n)
	}
}

func TestRemoteTaken(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	today, tomorrow := testStart, testStart.AddDate(0, 0, 1)
	a := addItem(t, db, claims.Item{Kind: claims.KindRegistration, Op: claims.OpAdd, EntityID: 1, State: clinic.SyncPending, NextAttempt: today}, today)
	b := addItem(t, db, claims.Item{Kind: claims.KindRegistration, Op: claims.OpAdd, EntityID: 2, State: clinic.SyncPending, NextAttempt: today}, today)
	if err := db.MarkSent(ctx, a, "A3", today); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		kind, remote string
		day          time.Time
		except       int64
		want         bool
	}{
		{claims.KindRegistration, "A3", today, b, true},
		{claims.KindRegistration, "A3", time.Date(2025, 3, 10, 23, 0, 0, 0, jakarta), b, true},
		{claims.KindRegistration, "A3", today, a, false}, // its own number
		{claims.KindRegistration, "A3", tomorrow, b, false},
		{claims.KindRegistration, "A4", today, b, false},
		{"kunjungan", "A3", today, b, false},
		{claims.KindRegistration, "", today, b, false},
	}
	for _, tt := range tests {
		got, err := db.RemoteTaken(ctx, tt.kind, tt.remote, tt.day, tt.except)
		if err != nil || got != tt.want {
			t.Errorf("RemoteTaken(%s, %q, %s, %d) = %v, %v; want %v", tt.kind, tt.remote, day(tt.day), tt.except, got, err, tt.want)
		}
	}
	// A number held by an item not (or no longer) sent does not count.
	if err := db.MarkFailed(ctx, a, clinic.SyncUnknown, today, "", nil, today); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.RemoteTaken(ctx, claims.KindRegistration, "A3", today, b); got {
		t.Error("RemoteTaken counts an item that is not sent")
	}
}

func TestCountsAndItems(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	c, err := db.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(c) != 5 {
		t.Fatalf("empty counts = %v, want all five states", c)
	}
	for _, s := range []string{clinic.SyncPending, clinic.SyncPending, clinic.SyncSent, clinic.SyncCorrection} {
		addItem(t, db, claims.Item{Kind: "kunjungan", Op: claims.OpAdd, EntityID: 1, State: s, NextAttempt: testStart}, testStart)
	}
	c, _ = db.Counts(ctx)
	want := map[string]int{clinic.SyncPending: 2, clinic.SyncSending: 0, clinic.SyncSent: 1, clinic.SyncCorrection: 1, clinic.SyncUnknown: 0}
	if fmt.Sprint(c) != fmt.Sprint(want) {
		t.Errorf("counts = %v, want %v", c, want)
	}
	all, _ := db.Items(ctx, "", 0)
	if fmt.Sprint(ids(all)) != "[4 3 2 1]" {
		t.Errorf("Items all = %v, want newest first [4 3 2 1]", ids(all))
	}
	if p, _ := db.Items(ctx, clinic.SyncPending, 1); fmt.Sprint(ids(p)) != "[2]" {
		t.Errorf("Items pending limit 1 = %v, want [2]", ids(p))
	}
	if none, err := db.Items(ctx, clinic.SyncUnknown, 10); err != nil || len(none) != 0 {
		t.Errorf("Items unknown = %v, %v", none, err)
	}
}
