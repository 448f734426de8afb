package main

import (
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
	"fktpdesk/pcare"
	"fktpdesk/pcare/pcaresim"
	"fktpdesk/sqlite"
)

func TestClaimWritesFPKSPPAndCSV(t *testing.T) {
	srv, env := simEnv(t)
	dir := t.TempDir()
	env["FKTP_DATA"] = dir
	ctx := context.Background()
	ps := srv.Participants(pcaresim.KindActiveHere, 2)
	for _, p := range ps {
		if code, out, errs := ctl(t, env, "register", "--noka", p.NoKartu, "--poli", "003"); code != exitOK {
			t.Fatalf("register: %s%s", out, errs)
		}
	}
	db, err := sqlite.Open(ctx, sqlite.DefaultPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := pcare.New(srv.ClientConfig())
	central := pcare.Central{C: c}
	desk := &clinic.DoctorDesk{Store: db, Visits: db, Refs: central}
	docs, _ := central.Doctors(ctx)
	q, _ := db.Queue(ctx, time.Now())
	for i, r := range q {
		fee := int64(90000 * (i + 1))
		if _, err := desk.RecordVisit(ctx, clinic.Visit{RegistrationID: r.ID, Anamnesis: "ANC", Consciousness: "01", Prognosis: "02",
			DoctorCode: docs[0].Code, DischargeStatus: clinic.DischargeOutpatient, Diagnoses: []clinic.Diagnosis{{Code: "Z34.9"}},
			Procedures: []clinic.Procedure{{Code: "02001", Name: "ANC", Fee: min(fee, 90000)}}}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	if code, out, errs := ctl(t, env, "sync"); code != exitOK {
		t.Fatalf("sync: %s%s", out, errs)
	}
	outDir := t.TempDir()
	month := claims.MonthOf(time.Now()).Format("2006-01")
	code, out, errs := ctl(t, env, "claim", "--month", month, "--out", outDir)
	if code != exitOK || !strings.Contains(out, "2 services, Rp 180.000") {
		t.Fatalf("claim: exit %d\n%s%s", code, out, errs)
	}
	f, err := os.Open(filepath.Join(outDir, "klaim-"+month+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 4 || rows[3][8] != "180000" {
		t.Fatalf("csv %v %v", rows, err)
	}
	text, err := exec.Command("pdftotext", "-layout", filepath.Join(outDir, "fpk-"+month+".pdf"), "-").Output()
	if err != nil || !strings.Contains(string(text), "180.000") {
		t.Fatalf("FPK text %v:\n%s", err, text)
	}
	// Long names wrap in the detail table; the card number does not.
	for _, p := range ps {
		if !strings.Contains(string(text), p.NoKartu) {
			t.Errorf("FPK detail lacks %s (%s)", p.NoKartu, p.Nama)
		}
	}
	if _, err := os.Stat(filepath.Join(outDir, "spp-"+month+".pdf")); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := ctl(t, env, "claim", "--month", "2026/11"); code != exitUsage {
		t.Fatalf("bad month: exit %d", code)
	}

	// The month is marked exported, so the app stops reminding; --unmark
	// forgets it.
	subs := submissions(t, dir)
	if len(subs) != 1 || subs[0].Month.Format("2006-01") != month || subs[0].Via != claims.ExportedCLI ||
		subs[0].Path != outDir || subs[0].Services != 2 || subs[0].Total != 180000 {
		t.Fatalf("export not recorded: %+v", subs)
	}
	if code, out, errs := ctl(t, env, "claim", "--month", month, "--unmark"); code != exitOK || !strings.Contains(out, "no longer marked") {
		t.Fatalf("unmark: exit %d\n%s%s", code, out, errs)
	}
	if subs := submissions(t, dir); len(subs) != 0 {
		t.Fatalf("after --unmark: %+v", subs)
	}
	if code, _, _ := ctl(t, env, "claim", "--month", month, "--unmark"); code != exitNotFound {
		t.Fatalf("unmarking a month not exported: exit %d", code)
	}
}

// submissions reads the exported months from the data folder's database.
func submissions(t *testing.T, dir string) []claims.Submission {
	t.Helper()
	db, err := sqlite.Open(context.Background(), sqlite.DefaultPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	subs, err := db.Submissions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return subs
}
