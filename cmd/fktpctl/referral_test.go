package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fktpdesk/clinic"
	"fktpdesk/pcare"
	"fktpdesk/pcare/pcaresim"
	"fktpdesk/referral"
	"fktpdesk/sqlite"
)

// pdfText extracts a PDF's text with poppler's pdftotext (installed by make test).
func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// referralAtPCare registers and refers a participant straight through the
// PCare client, as PCare web would: the app's database knows nothing of it.
func referralAtPCare(t *testing.T, srv *pcaresim.Server, p pcaresim.ParticipantSummary) string {
	t.Helper()
	ctx := context.Background()
	c, err := pcare.New(srv.ClientConfig())
	if err != nil {
		t.Fatal(err)
	}
	today := pcare.NewDate(time.Now().In(time.FixedZone("WIB", 7*3600)))
	if _, err := c.AddPendaftaran(ctx, pcare.Pendaftaran{KdProviderPeserta: srv.ClientConfig().PPK, TglDaftar: today,
		NoKartu: p.NoKartu, KdPoli: "001", KunjSakit: true, KdTkp: pcare.TkpRawatJalan}); err != nil {
		t.Fatal(err)
	}
	central := pcare.Central{C: c}
	r := referral.Referral{Kind: referral.Special, SpecialCode: "HDL", PlannedDate: today.Time().AddDate(0, 0, 1)}
	hs, err := central.Hospitals(ctx, r, p.NoKartu)
	if err != nil || len(hs) == 0 {
		t.Fatalf("hospitals: %v", err)
	}
	docs, _ := central.Doctors(ctx)
	no, err := c.AddKunjungan(ctx, pcare.Kunjungan{NoKartu: p.NoKartu, TglDaftar: today, KdPoli: "001", KdSadar: "01",
		KdStatusPulang: "4", TglPulang: today, KdDokter: docs[0].Code, KdDiag1: "N18.5", KdTacc: pcare.TaccNone,
		KdPrognosa: "02", AlergiMakan: "00", AlergiUdara: "00", AlergiObat: "00", Anamnesa: "CKD",
		RujukLanjut: pcare.NewRujukKhusus(hs[0].Code, pcare.NewDate(r.PlannedDate), "HDL", "", "hemodialisa rutin")})
	if err != nil {
		t.Fatal(err)
	}
	return no
}

func TestReferralPDFOfAReferralMadeElsewhere(t *testing.T) {
	srv, env := simEnv(t)
	env["FKTP_DATA"] = t.TempDir()
	p := one(t, srv, pcaresim.KindActiveHere)
	no := referralAtPCare(t, srv, p)

	out := filepath.Join(t.TempDir(), "rujukan.pdf")
	code, stdout, errs := ctl(t, env, "referral", "pdf", "--no", no, "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s%s", code, stdout, errs)
	}
	text := pdfText(t, out)
	for _, want := range []string{"Surat Rujukan FKTP", no, p.Nama, p.NoKartu, "N18.5", "hemodialisa rutin"} {
		if !strings.Contains(text, want) {
			t.Errorf("letter lacks %q:\n%s", want, text)
		}
	}
	if code, _, _ := ctl(t, env, "referral", "pdf", "--no", "0114U1631126Y999999", "--out", out); code != exitNotFound {
		t.Errorf("unknown number: exit %d", code)
	}
	if code, _, _ := ctl(t, env, "referral", "pdf", "--no", no); code != exitUsage {
		t.Errorf("missing --out: exit %d", code)
	}
}

func TestReferralListAndPDFOfALocalReferral(t *testing.T) {
	srv, env := simEnv(t)
	dir := t.TempDir()
	env["FKTP_DATA"] = dir
	p := one(t, srv, pcaresim.KindActiveHere)
	if code, out, errs := ctl(t, env, "register", "--noka", p.NoKartu, "--poli", "001"); code != exitOK {
		t.Fatalf("register: %d %s%s", code, out, errs)
	}

	// The doctor refers the patient through the same services as the app.
	ctx := context.Background()
	db, err := sqlite.Open(ctx, sqlite.DefaultPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := pcare.New(srv.ClientConfig())
	central := pcare.Central{C: c}
	desk := &clinic.DoctorDesk{Store: db, Visits: db, Refs: central}
	q, _ := db.Queue(ctx, time.Now())
	docs, _ := central.Doctors(ctx)
	ref := referral.Referral{Kind: referral.Special, SpecialCode: "HDL", SpecialName: "Hemodialisa", PlannedDate: q[0].Date.AddDate(0, 0, 1)}
	hs, _ := central.Hospitals(ctx, ref, p.NoKartu)
	ref.HospitalCode, ref.HospitalName = hs[0].Code, hs[0].Name
	if _, err := desk.RecordVisit(ctx, clinic.Visit{RegistrationID: q[0].ID, Anamnesis: "CKD stadium 5", Consciousness: "01",
		Prognosis: "02", DoctorCode: docs[0].Code, DoctorName: docs[0].Name, DischargeStatus: clinic.DischargeReferral,
		Diagnoses: []clinic.Diagnosis{{Code: "N18.5", Name: "Penyakit ginjal kronik stadium 5"}}, Referral: &ref}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	code, out, _ := ctl(t, env, "referral", "list")
	if code != exitOK || !strings.Contains(out, "(no BPJS number yet)") || !strings.Contains(out, hs[0].Name) {
		t.Fatalf("list before sync: %d\n%s", code, out)
	}
	if code, out, errs := ctl(t, env, "sync"); code != exitOK {
		t.Fatalf("sync: %d %s%s", code, out, errs)
	}
	code, out, _ = ctl(t, env, "referral", "list")
	fields := strings.Fields(strings.Split(out, "\n")[2])
	if code != exitOK || len(fields) == 0 || len(fields[0]) != 19 {
		t.Fatalf("list after sync: %d\n%s", code, out)
	}
	no := fields[0]
	pdf := filepath.Join(t.TempDir(), "r.pdf")
	if code, o, errs := ctl(t, env, "referral", "pdf", "--no", no, "--out", pdf); code != exitOK {
		t.Fatalf("pdf: %d %s%s", code, o, errs)
	}
	if text := pdfText(t, pdf); !strings.Contains(text, p.Nama) || !strings.Contains(strings.ToUpper(text), "HEMODIALISA") {
		t.Fatalf("letter:\n%s", text)
	}
	if _, err := os.Stat(pdf); err != nil {
		t.Fatal(err)
	}
	// The print was recorded against the local visit.
	if _, out, _ := ctl(t, env, "referral", "list"); !strings.Contains(out, " 1\n") {
		t.Fatalf("print not counted:\n%s", out)
	}
}
