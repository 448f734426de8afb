// Command fktp is the FKTP Desk desktop app. This file only wires: it reads
// the configuration, opens the local store, connects to PCare (or, when no
// PCare is configured, starts the built-in simulator in training mode),
// starts the outbox worker, and hands the services to the screens.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	fyneapp "fyne.io/fyne/v2/app"

	"fktpdesk/access"
	"fktpdesk/app"
	"fktpdesk/audit"
	"fktpdesk/claims"
	"fktpdesk/clinic"
	"fktpdesk/keyring"
	"fktpdesk/pcare"
	"fktpdesk/pcare/pcaresim"
	"fktpdesk/referral"
	"fktpdesk/setup"
	"fktpdesk/sqlite"
	"fktpdesk/version"
)

func main() {
	dataDir := flag.String("data", os.Getenv("FKTP_DATA"), "folder for the database and training data [$FKTP_DATA]")
	flag.Parse()
	if err := run(*dataDir); err != nil {
		fmt.Fprintln(os.Stderr, "fktp:", err)
		os.Exit(1)
	}
}

func run(dataDir string) error {
	if dataDir == "" {
		dataDir = sqlite.DefaultDataDir()
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("cannot create the data folder: %w", err)
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, nil)))

	// Indonesian first, also on a PC set up in English, unless FKTP_LANG
	// says otherwise.
	uiLang := os.Getenv("FKTP_LANG")
	if uiLang == "" {
		uiLang = "id"
	}
	if err := app.LoadTranslations(uiLang); err != nil {
		return fmt.Errorf("translations: %w", err)
	}

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	db, err := sqlite.Open(ctx, sqlite.DefaultPath(dataDir))
	if err != nil {
		return err
	}
	defer db.Close()

	in := &setup.Install{DB: db, Keyring: keyring.OS{}, Log: slog.Default()}
	if os.Getenv("FKTP_KEYRING") == "off" {
		in.Keyring = nil
	}
	defer in.Close()
	if err := in.OpenWithKeyring(ctx); err != nil {
		slog.Info("PCare credentials open at the first sign-in", "reason", err)
	}
	var wg sync.WaitGroup
	svc := &services{in: in, dataDir: dataDir, ctx: ctx, wg: &wg}
	defer svc.close()

	// The sign-in says "training" when that is what the clinic set up;
	// before set-up the wizard asks.
	settings, _ := pcare.LoadSettings(ctx, db)
	configured, _ := db.CountUsers(ctx)
	// The idle-lock time and the daily backup are looked after in the
	// background: the window only reads the number.
	var idle atomic.Int64
	idle.Store(int64(setup.DefaultIdleLock))
	wg.Add(1)
	go func() {
		defer wg.Done()
		housekeeping(ctx, in, &idle)
	}()

	var training atomic.Bool
	training.Store(configured > 0 && settings.Mode == pcare.ModeTraining && os.Getenv(pcare.EnvURL) == "")
	gate := &app.Gate{
		Users: in.Users(),
		Setup: func(ctx context.Context, a setup.Answers) (access.Principal, error) {
			p, err := in.Setup(ctx, a)
			if err == nil {
				training.Store(a.Mode == pcare.ModeTraining && os.Getenv(pcare.EnvURL) == "")
			}
			return p, err
		},
		Open: svc.open,
		Facility: func(ctx context.Context) string {
			f, err := db.Facility(ctx)
			if err != nil {
				return ""
			}
			return f.Name
		},
		Training: training.Load,
		Version:  version.String(),
		IdleLock: func() time.Duration { return time.Duration(idle.Load()) },
	}

	a := fyneapp.NewWithID("id.fktpdesk.desk")
	a.SetIcon(app.Icon)
	sh := app.NewShell(a, gate)
	a.Lifecycle().SetOnStarted(sh.RestorePlace) // the window is on screen by then
	sh.Window.ShowAndRun()

	// The window is closed: let the worker finish its current request so
	// nothing is left in flight needlessly (it would be reconciled anyway).
	stop()
	wg.Wait()
	return nil
}

// housekeeping re-reads the idle-lock setting and makes the day's backup
// (when due) every few minutes while the app runs.
func housekeeping(ctx context.Context, in *setup.Install, idle *atomic.Int64) {
	t := time.NewTimer(time.Minute) // let the start settle first
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if d, err := in.IdleLock(ctx); err == nil {
			idle.Store(int64(d))
		}
		bctx, cancel := context.WithTimeout(ctx, 30*time.Minute)
		if made, err := in.DB.BackupIfDue(bctx, time.Now()); err != nil && ctx.Err() == nil {
			slog.Warn("daily backup failed", "error", err)
		} else if made {
			slog.Info("daily backup made")
			in.Guard().Note(access.WithPrincipal(ctx, access.System(audit.System)), access.ActBackup, "", "daily", access.OutcomeOK)
		}
		cancel()
		t.Reset(5 * time.Minute)
	}
}

// services builds the app's services on the first sign-in, when the PCare
// credentials can be opened, and hands the same ones to everyone after.
type services struct {
	in      *setup.Install
	dataDir string
	ctx     context.Context // the app's life
	wg      *sync.WaitGroup

	mu   sync.Mutex
	deps *app.Deps
	sim  *pcaresim.Server
}

func (s *services) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sim != nil {
		s.sim.Close()
	}
}

// pcareConfig is the saved PCare settings; FKTP_PCARE_URL and its fellow
// variables override them (developers, and a PC set up before the wizard).
func (s *services) pcareConfig(ctx context.Context) (pcare.Mode, pcare.Config, error) {
	if env := pcare.ConfigFromEnv(os.Getenv); env.BaseURL != "" {
		return pcare.ModeCustom, env, nil
	}
	return s.in.PCareConfig(ctx)
}

func (s *services) open(ctx context.Context, _ access.Principal) (app.Deps, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.deps != nil {
		return *s.deps, nil
	}
	mode, cfg, err := s.pcareConfig(ctx)
	if err != nil {
		return app.Deps{}, err
	}
	db := s.in.DB
	deps := app.Deps{Version: version.String(), Users: s.in.Users(), Audit: s.in, Settings: s.in}
	if mode == pcare.ModeTraining {
		sim, err := pcaresim.Start("127.0.0.1:0", trainingOptions(ctx, db, s.dataDir))
		if err != nil {
			return app.Deps{}, fmt.Errorf("cannot start the training simulator: %w", err)
		}
		s.sim = sim
		slog.Info("training mode: PCare simulator", "url", sim.URL)
		cfg = sim.ClientConfig()
		deps.Training = trainingFor(sim)
	}
	client, err := pcare.New(cfg)
	if err != nil {
		return app.Deps{}, err
	}
	guard := s.in.Guard()
	central := pcare.Central{C: client}
	worker := &claims.Worker{Outbox: db, Records: db, Central: central, Visits: db, VisitCentral: central}
	deps.Outbox, deps.Worker, deps.Guard = db, worker, guard
	deps.Clinic = &clinic.Service{Store: db, Central: central, PPK: cfg.PPK, Queued: worker.Kick, Guard: guard}
	deps.Doctor = &clinic.DoctorDesk{Store: db, Visits: db, Refs: central, Queued: worker.Kick, Guard: guard}
	// Letters take PCare's referral detail over the local record, so any
	// referral PCare knows can be printed, also one made in PCare web.
	deps.ReferralLetter = func(ctx context.Context, no string, base referral.Letter) (referral.Letter, error) {
		if err := guard.Allow(ctx, "", "", access.Doctor, access.Printing); err != nil {
			return referral.Letter{}, err
		}
		r, err := central.ReferralDetail(ctx, no)
		if err != nil {
			return referral.Letter{}, err
		}
		return pcare.LetterFrom(r, base), nil
	}
	s.background(worker, deps.Clinic)
	s.deps = &deps
	return deps, nil
}

// background starts the work that goes on whoever is at the desk: the
// outbox worker and the re-check of registrations PCare could not confirm.
func (s *services) background(worker *claims.Worker, desk *clinic.Service) {
	ctx := access.WithPrincipal(s.ctx, access.System(audit.System))
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		if err := worker.Run(ctx); err != nil {
			slog.Error("outbox worker stopped", "error", err)
		}
	}()
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(2 * time.Minute)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if n, err := desk.RecheckUnverified(ctx); err != nil && ctx.Err() == nil {
					slog.Warn("re-checking unverified registrations failed", "error", err)
				} else if n > 0 {
					slog.Info("unverified registrations confirmed by PCare", "participants", n)
				}
			}
		}
	}()
}

// trainingOptions sets up the training simulator as this clinic's PCare:
// its PPK and name on the letters and on the participants registered
// here, so practice looks like the clinic's real work.
func trainingOptions(ctx context.Context, db *sqlite.DB, dataDir string) pcaresim.Options {
	opts := pcaresim.Options{
		StatePath: filepath.Join(dataDir, "simulator-state.jsonl"),
		Logger:    slog.Default().With("component", "pcare-sim"),
	}
	if f, err := db.Facility(ctx); err == nil && len(f.PPK) == 8 {
		opts.Credentials = pcaresim.DefaultCredentials()
		opts.Credentials.PPK = f.PPK
		opts.ClinicName = strings.ToUpper(f.Name)
	}
	return opts
}

func trainingFor(sim *pcaresim.Server) *app.Training {
	t := &app.Training{Samples: func(kind string, n int) []app.Sample {
		var out []app.Sample
		for _, p := range sim.Participants(pcaresim.Kind(kind), n) {
			out = append(out, app.Sample{Kind: kind, NoKartu: p.NoKartu, NIK: p.NoKTP, Nama: p.Nama})
		}
		return out
	}}
	for _, k := range pcaresim.Kinds {
		t.Kinds = append(t.Kinds, string(k))
	}
	return t
}
