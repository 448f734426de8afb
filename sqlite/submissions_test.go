package sqlite

import (
	"context"
	"testing"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
)

// A month's export is kept once (the last one wins), listed newest month
// first, and forgotten when un-marked.
func TestSubmissions(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	nov, oct := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	first := claims.Submission{Month: nov, At: testStart, Via: claims.ExportedApp, Path: "/home/bidan/fpk-2026-11.pdf", By: "bidan", Services: 3, Total: 270000}
	for _, s := range []claims.Submission{first, {Month: oct, At: testStart, Via: claims.ExportedCLI, Path: "/srv/klaim", By: "admin", Services: 1, Total: 90000}} {
		if err := db.RecordSubmission(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	again := first
	again.At, again.Services, again.Total = testStart.Add(time.Hour), 4, 360000
	if err := db.RecordSubmission(ctx, again); err != nil {
		t.Fatal(err)
	}
	subs, err := db.Submissions(ctx)
	if err != nil || len(subs) != 2 {
		t.Fatalf("submissions %+v %v", subs, err)
	}
	got := subs[0]
	if !got.Month.Equal(nov) || !got.At.Equal(again.At) || got.Services != 4 || got.Total != 360000 || got.Path != first.Path ||
		got.Via != claims.ExportedApp || got.By != "bidan" || !subs[1].Month.Equal(oct) {
		t.Fatalf("submissions %+v", subs)
	}
	if err := db.ClearSubmission(ctx, nov.AddDate(0, 0, 14)); err != nil { // any day of the month names it
		t.Fatal(err)
	}
	wantCode(t, db.ClearSubmission(ctx, nov), clinic.ENOTFOUND)
	if subs, _ := db.Submissions(ctx); len(subs) != 1 || !subs[0].Month.Equal(oct) {
		t.Fatalf("after un-marking November: %+v", subs)
	}
}
