package main

import (
	"context"
	"errors"
	"fktpdesk/access"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
	"fktpdesk/pcare"
	"fktpdesk/sqlite"
)

// stack is the services a front-desk command works with.
type stack struct {
	db      *sqlite.DB
	svc     *clinic.Service
	worker  *claims.Worker
	timeout time.Duration
}

func (s *stack) close() { s.db.Close() }

// dataFlag registers --data with FKTP_DATA as its fallback.
func dataFlag(fs *flag.FlagSet) *string {
	return fs.String("data", "", "data folder holding fktp.db [$FKTP_DATA]")
}

// dataDir is the data folder: --data, else $FKTP_DATA, else the per-user
// folder the desktop app uses.
func dataDir(e *env, dir string) string {
	if dir == "" {
		dir = e.getenv("FKTP_DATA")
	}
	if dir == "" {
		dir = sqlite.DefaultDataDir()
	}
	return dir
}

// storePath is the database file for --data dir.
func storePath(e *env, dir string) string { return sqlite.DefaultPath(dataDir(e, dir)) }

func openStore(ctx context.Context, e *env, dir string) (*sqlite.DB, error) {
	dir = dataDir(e, dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	return sqlite.Open(ctx, sqlite.DefaultPath(dir))
}

// openedStore opens the store for a command, reporting a failure: on
// failure the store is nil and the int is the exit status.
func openedStore(ctx context.Context, e *env, dir string) (*sqlite.DB, int) {
	db, err := openStore(ctx, e, dir)
	if err != nil {
		e.errorf("cannot open the database: %v", err)
		return nil, exitFailure
	}
	return db, exitOK
}

// cliGuard is the guard of the services fktpctl runs: the command acts as
// fktpctl:<os user>, who holds every role (see run), and what it touches
// is in the audit trail like the app's work.
func cliGuard(db *sqlite.DB) *access.Guard { return &access.Guard{Audit: db} }

// open builds the store, PCare client and services; online commands only.
func open(ctx context.Context, e *env, pf *pcareFlags, dataDir string) (*stack, int) {
	c, err := pf.client(e)
	if err != nil {
		e.errorf("%v", err)
		return nil, exitAuthConfig
	}
	db, code := openedStore(ctx, e, dataDir)
	if db == nil {
		return nil, code
	}
	central := pcare.Central{C: c}
	return &stack{
		db:      db,
		svc:     &clinic.Service{Store: db, Central: central, PPK: c.Config().PPK, CheckTimeout: pf.timeout, Guard: cliGuard(db)},
		worker:  &claims.Worker{Outbox: db, Records: db, Central: central, Visits: db, VisitCentral: central},
		timeout: pf.timeout,
	}, exitOK
}

// exitForDomain maps a domain error to an exit status.
func exitForDomain(err error) int {
	switch clinic.ErrorCode(err) {
	case clinic.EINVALID:
		return exitUsage
	case clinic.ENOTFOUND:
		return exitNotFound
	case clinic.EUNAUTHORIZED:
		return exitAuthConfig
	case clinic.EUNAVAILABLE, clinic.EUNKNOWN:
		return exitUnreachable
	}
	return exitFailure
}

func reportDomain(e *env, err error) int {
	e.errorf("%s", clinic.ErrorMessage(err))
	for _, f := range clinic.FieldErrors(err) {
		e.errorf("  %s", f.Message)
	}
	return exitForDomain(err)
}

// openAndCheck is the common front of check and register: exactly one of
// --noka / --nik, the stack opened, and the participant checked as at the
// desk. On failure the stack is nil and the int is the exit status.
func openAndCheck(ctx context.Context, e *env, pf *pcareFlags, dataDir, noka, nik string) (*stack, clinic.CheckResult, int) {
	if (noka == "") == (nik == "") {
		e.errorf("give exactly one of --noka or --nik")
		return nil, clinic.CheckResult{}, exitUsage
	}
	st, code := open(ctx, e, pf, dataDir)
	if st == nil {
		return nil, clinic.CheckResult{}, code
	}
	res, err := st.svc.CheckEligibility(ctx, noka+nik)
	if err != nil {
		st.close()
		return nil, clinic.CheckResult{}, reportDomain(e, err)
	}
	return st, res, exitOK
}

func runCheck(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var pf pcareFlags
	pf.register(fs)
	data := dataFlag(fs)
	noka := fs.String("noka", "", "BPJS card number (13 digits)")
	nik := fs.String("nik", "", "NIK (16 digits)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	st, res, code := openAndCheck(ctx, e, &pf, *data, *noka, *nik)
	if st == nil {
		return code
	}
	defer st.close()
	if res.Offline {
		fmt.Fprintf(e.stdout, "OFFLINE: PCare did not answer (%v).\nLast known answer from %s, NOT VERIFIED.\n\n",
			res.OfflineReason, res.CheckedAt.Local().Format("02 Jan 2006 15:04"))
	}
	printEligibility(e.stdout, res, time.Now())
	return exitOK
}

var adviceText = map[clinic.AdviceCode]string{
	clinic.AdviceServe:       "Active and registered here: register the visit.",
	clinic.AdviceOtherFKTP:   "Registered at another FKTP (%s): serve only in an emergency or under the rules for visits away from home.",
	clinic.AdviceInactivePBI: "PBI/KIS card not active: send the patient to Dinas Sosial for reactivation with KK and KTP; meanwhile serve as a general (umum) patient.",
	clinic.AdviceArrears:     "Arrears of Rp %s: the participant must settle them first; meanwhile serve as a general (umum) patient.",
	clinic.AdviceInactive:    "Not active (%s): the participant should contact BPJS (Care Center 165 or the branch office); serve as a general (umum) patient.",
	clinic.AdviceUnverified:  "PCare could not confirm this now: register as unverified; it is re-checked when PCare answers.",
	clinic.AdviceProlanis:    "Prolanis member (%s).",
	clinic.AdvicePRB:         "In Program Rujuk Balik (%s).",
}

func printEligibility(w io.Writer, res clinic.CheckResult, now time.Time) {
	p := res.Participant
	printPeserta(w, &pcare.Peserta{
		NoKartu: p.CardNo, NoKTP: pcare.OptString(p.NIK), Nama: p.Name, Sex: p.Sex, TglLahir: pcare.NewDate(p.BirthDate),
		HubunganKeluarga: p.Relationship, Aktif: pcare.Bool(p.Active), KetAktif: p.StatusText,
		JnsPeserta: pcare.CodeName{Kode: p.TypeCode, Nama: p.TypeName}, JnsKelas: pcare.CodeName{Kode: p.ClassCode, Nama: p.ClassName},
		KdProviderPst: &pcare.Provider{KdProvider: p.ProviderCode, NmProvider: p.ProviderName},
		Tunggakan:     pcare.Int(p.Arrears), PstProl: pcare.OptString(p.Prolanis), PstPrb: pcare.OptString(p.PRB),
		TglAkhirBerlaku: pcare.NewDate(p.ValidUntil),
	}, "", now)
	if res.NIKInfo != nil {
		for _, warn := range res.NIKInfo.Warnings {
			fmt.Fprintln(w, "Note:", warn)
		}
	}
	fmt.Fprintln(w, "\nNext step:")
	for _, a := range res.Advice {
		text := adviceText[a.Code]
		switch {
		case a.Code == clinic.AdviceArrears:
			text = fmt.Sprintf(text, thousands(int(a.Amount)))
		case strings.Contains(text, "%s"):
			text = fmt.Sprintf(text, a.Detail)
		}
		fmt.Fprintln(w, "  -", text)
	}
}

func runRegister(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("register", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var pf pcareFlags
	pf.register(fs)
	data := dataFlag(fs)
	noka := fs.String("noka", "", "BPJS card number (13 digits)")
	nik := fs.String("nik", "", "NIK (16 digits)")
	poli := fs.String("poli", "", "poli code, e.g. 001 (umum); see the poli list in the app")
	keluhan := fs.String("keluhan", "", "complaint")
	sehat := fs.Bool("sehat", false, "a healthy visit (kunjungan sehat) instead of a sick one")
	tkp := fs.String("tkp", clinic.TKPOutpatient, "10 rawat jalan, 20 rawat inap, 50 promotif")
	var v clinic.Vitals
	fs.IntVar(&v.WeightKg, "berat", 0, "weight, kg")
	fs.IntVar(&v.HeightCm, "tinggi", 0, "height, cm")
	fs.IntVar(&v.Systolic, "sistole", 0, "systolic blood pressure, mmHg")
	fs.IntVar(&v.Diastolic, "diastole", 0, "diastolic blood pressure, mmHg")
	fs.IntVar(&v.RespRate, "napas", 0, "respiratory rate, per minute")
	fs.IntVar(&v.HeartRate, "nadi", 0, "heart rate, per minute")
	fs.IntVar(&v.WaistCm, "lingkar-perut", 0, "waist, cm")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *poli == "" {
		e.errorf("--poli is required")
		return exitUsage
	}
	st, res, code := openAndCheck(ctx, e, &pf, *data, *noka, *nik)
	if st == nil {
		return code
	}
	defer st.close()
	reg, err := st.svc.Register(ctx, res.Eligibility, clinic.Registration{
		PoliCode: *poli, Sick: !*sehat, TKP: *tkp, Complaint: *keluhan, Vitals: v})
	if err != nil {
		return reportDomain(e, err)
	}
	if reg.Unverified {
		fmt.Fprintln(e.stdout, "Registered as UNVERIFIED (PCare did not answer the eligibility check).")
	}
	// Try to send it now, like the desktop app does; if PCare is down it
	// waits in the outbox for `fktpctl sync` or the app.
	sctx, cancel := context.WithTimeout(ctx, 2*st.timeout)
	defer cancel()
	st.worker.RunOnce(sctx)
	got, err := st.db.Registration(ctx, reg.ID)
	if err != nil {
		return reportDomain(e, err)
	}
	switch {
	case got.QueueNo != "":
		fmt.Fprintf(e.stdout, "Registered %s (%s) at poli %s: queue number %s.\n", res.Participant.Name, reg.CardNo, reg.PoliCode, got.QueueNo)
	case got.SyncState == clinic.SyncCorrection:
		fmt.Fprintf(e.stdout, "Registered %s (%s) locally (#%d), but PCare refused it: %s\nCorrect it in the app (Klaim → Perbaiki); it is then sent again.\n",
			res.Participant.Name, reg.CardNo, reg.ID, got.SyncError)
		return exitFailure
	default:
		fmt.Fprintf(e.stdout, "Registered %s (%s) at poli %s locally (#%d); waiting to be sent to PCare (%s).\n",
			res.Participant.Name, reg.CardNo, reg.PoliCode, reg.ID, got.SyncState)
	}
	return exitOK
}

func runPatients(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || (args[0] != "search" && args[0] != "history") {
		e.errorf("usage: fktpctl patients search|history [--data DIR] [--limit N] TEXT")
		return exitUsage
	}
	sub := args[0]
	fs := flag.NewFlagSet("patients "+sub, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	data := dataFlag(fs)
	limit := fs.Int("limit", 20, "most results to show")
	if code, ok := parse(fs, args[1:]); !ok {
		return code
	}
	query := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(query) == "" {
		e.errorf("give a name, NIK, card number or record number to search for")
		return exitUsage
	}
	db, code := openedStore(ctx, e, *data)
	if db == nil {
		return code
	}
	defer db.Close()
	svc := &clinic.Service{Store: db, Guard: cliGuard(db)}
	found, err := svc.SearchPatients(ctx, query, *limit)
	if err != nil {
		return reportDomain(e, err)
	}
	if len(found) == 0 {
		e.errorf("no patient matches %q", query)
		return exitNotFound
	}
	if sub == "history" {
		if len(found) > 1 {
			e.errorf("%d patients match %q: give a record number, NIK or card number", len(found), query)
			return exitUsage
		}
		return printHistory(ctx, e, svc, found[0])
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RECORD\tNAME\tSEX\tBORN\tNIK\tCARD")
	for _, p := range found {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", p.RecordNo, p.Name, p.Sex, p.BirthDate.Format("02-01-2006"), p.NIK, p.CardNo)
	}
	tw.Flush()
	return exitOK
}

// dayCommand is the common front of the commands that look at one day:
// --data and --date parsed, the store opened. On failure db is nil and the
// int is the exit status.
func dayCommand(ctx context.Context, e *env, name string, args []string) (*sqlite.DB, time.Time, int) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	data := dataFlag(fs)
	date := fs.String("date", "", "day as YYYY-MM-DD or DD-MM-YYYY (default today)")
	if code, ok := parse(fs, args); !ok {
		return nil, time.Time{}, code
	}
	day := time.Now()
	if *date != "" {
		d, err := parseDay(*date)
		if err != nil {
			e.errorf("%v", err)
			return nil, time.Time{}, exitUsage
		}
		day = d
	}
	db, code := openedStore(ctx, e, *data)
	if db == nil {
		return nil, time.Time{}, code
	}
	return db, day, exitOK
}

func runQueue(ctx context.Context, e *env, args []string) int {
	db, day, code := dayCommand(ctx, e, "queue", args)
	if db == nil {
		return code
	}
	defer db.Close()
	q, err := (&clinic.Service{Store: db, Guard: cliGuard(db)}).Queue(ctx, day)
	if err != nil {
		return reportDomain(e, err)
	}
	fmt.Fprintf(e.stdout, "Registrations on %s: %d\n", day.Format("02 Jan 2006"), len(q))
	if len(q) == 0 {
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "QUEUE\tNAME\tCARD\tPOLI\tVISIT\tPCARE\tNOTE")
	for _, r := range q {
		no := r.QueueNo
		if no == "" {
			no = "-"
		}
		note := r.SyncError
		if r.Unverified {
			note = strings.TrimSpace("unverified " + note)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", no, r.PatientName, r.CardNo, r.PoliCode, r.VisitStatus, r.SyncState, note)
	}
	tw.Flush()
	return exitOK
}

func parseDay(s string) (time.Time, error) {
	for _, l := range []string{"2006-01-02", "02-01-2006"} {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q is not YYYY-MM-DD or DD-MM-YYYY", s)
}

func runSync(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var pf pcareFlags
	pf.register(fs)
	data := dataFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	st, code := open(ctx, e, &pf, *data)
	if st == nil {
		return code
	}
	defer st.close()
	if n, err := st.db.RecoverInterrupted(ctx, time.Now()); err != nil {
		e.errorf("outbox recovery: %v", err)
		return exitFailure
	} else if n > 0 {
		fmt.Fprintf(e.stdout, "%d item(s) were in flight at the last stop; reconciling them with PCare first.\n", n)
	}
	s, err := st.worker.RunOnce(ctx)
	if err != nil && !errors.Is(err, context.Canceled) {
		e.errorf("sync failed: %v", err)
		return exitFailure
	}
	fmt.Fprintf(e.stdout, "Sent %d, found already at PCare %d, retrying %d, unknown %d, needs correction %d (%s).\n",
		s.Sent, s.Reconciled, s.Retrying, s.Unknown, s.NeedsCorrection, s.Duration.Round(time.Millisecond))
	counts, err := st.db.Counts(ctx)
	if err != nil {
		e.errorf("%v", err)
		return exitFailure
	}
	left := counts[clinic.SyncPending] + counts[clinic.SyncUnknown] + counts[clinic.SyncCorrection] + counts[clinic.SyncSending]
	if left == 0 {
		return exitOK
	}
	fmt.Fprintf(e.stdout, "Left unsent: %d (pending %d, to reconcile %d, needs correction %d).\n",
		left, counts[clinic.SyncPending], counts[clinic.SyncUnknown], counts[clinic.SyncCorrection])
	for _, msg := range s.Errors {
		fmt.Fprintln(e.stdout, "  -", msg)
	}
	if s.Paused {
		return exitUnreachable
	}
	return exitFailure
}

func runSeed(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	data := dataFlag(fs)
	n := fs.Int("patients", 1000, "synthetic patients to add")
	visits := fs.Int("visits", 0, "synthetic past visits (all sent to PCare) to add to the card holders, 250 a day up to today")
	seed := fs.Int64("seed", 1, "random seed (same seed, same patients)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *n < 0 || *visits < 0 || *n+*visits == 0 {
		e.errorf("--patients or --visits must be positive")
		return exitUsage
	}
	db, code := openedStore(ctx, e, *data)
	if db == nil {
		return code
	}
	defer db.Close()
	start := time.Now()
	if err := sqlite.Seed(ctx, db, *n, *seed); err != nil {
		e.errorf("seeding failed: %v", err)
		return exitFailure
	}
	fmt.Fprintf(e.stdout, "Added %d synthetic patients in %s.\n", *n, time.Since(start).Round(time.Millisecond))
	if *visits > 0 {
		start = time.Now()
		if err := sqlite.SeedVisits(ctx, db, *visits, *seed); err != nil {
			e.errorf("seeding visits failed: %v", err)
			return exitFailure
		}
		fmt.Fprintf(e.stdout, "Added %d synthetic visits in %s.\n", *visits, time.Since(start).Round(time.Millisecond))
	}
	return exitOK
}

// parse parses flags, mapping -h to success and errors to usage.
func parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK, false
		}
		return exitUsage, false
	}
	return 0, true
}

// printHistory lists one patient's visits, newest first.
func printHistory(ctx context.Context, e *env, svc *clinic.Service, p clinic.Patient) int {
	visits, err := svc.PatientHistory(ctx, p.ID)
	if err != nil {
		return reportDomain(e, err)
	}
	fmt.Fprintf(e.stdout, "%s  %s  (card %s, NIK %s): %d visit(s)\n", p.RecordNo, p.Name, p.CardNo, p.NIK, len(visits))
	if len(visits) == 0 {
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DATE\tPOLI\tQUEUE\tVISIT\tPCARE\tCOMPLAINT")
	for _, r := range visits {
		no := r.QueueNo
		if no == "" {
			no = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Date.Format("02-01-2006"), r.PoliName, no, r.VisitStatus, r.SyncState, r.Complaint)
	}
	tw.Flush()
	return exitOK
}
