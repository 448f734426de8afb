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
	"sync"
	"time"

	fyneapp "fyne.io/fyne/v2/app"

	"fktpdesk/app"
	"fktpdesk/claims"
	"fktpdesk/clinic"
	"fktpdesk/pcare"
	"fktpdesk/pcare/pcaresim"
	"fktpdesk/referral"
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

	// Indonesian first: Fyne picks the UI language from LANGUAGE before
	// LANG, so a clinic PC set up in English still shows Bahasa Indonesia
	// unless FKTP_LANG says otherwise.
	uiLang := os.Getenv("FKTP_LANG")
	if uiLang == "" {
		uiLang = "id"
	}
	os.Setenv("LANGUAGE", uiLang)
	if err := app.LoadTranslations(); err != nil {
		return fmt.Errorf("translations: %w", err)
	}

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	db, err := sqlite.Open(ctx, sqlite.DefaultPath(dataDir))
	if err != nil {
		return err
	}
	defer db.Close()

	deps := app.Deps{Version: version.String()}
	cfg := pcare.ConfigFromEnv(os.Getenv)
	if cfg.BaseURL == "" {
		sim, err := pcaresim.Start("127.0.0.1:0", pcaresim.Options{
			StatePath: filepath.Join(dataDir, "simulator-state.jsonl"),
			Logger:    slog.Default().With("component", "pcare-sim"),
		})
		if err != nil {
			return fmt.Errorf("cannot start the training simulator: %w", err)
		}
		defer sim.Close()
		slog.Info("training mode: PCare simulator", "url", sim.URL)
		cfg = sim.ClientConfig()
		deps.Training = trainingFor(sim)
	}
	client, err := pcare.New(cfg)
	if err != nil {
		return err
	}
	central := pcare.Central{C: client}
	worker := &claims.Worker{Outbox: db, Records: db, Central: central, Visits: db, VisitCentral: central}
	deps.Outbox, deps.Worker = db, worker
	deps.Clinic = &clinic.Service{Store: db, Central: central, PPK: cfg.PPK, Queued: worker.Kick}
	deps.Doctor = &clinic.DoctorDesk{Store: db, Visits: db, Refs: central, Queued: worker.Kick}
	// Letters take PCare's referral detail over the local record, so any
	// referral PCare knows can be printed, also one made in PCare web.
	deps.ReferralLetter = func(ctx context.Context, no string, base referral.Letter) (referral.Letter, error) {
		r, err := central.ReferralDetail(ctx, no)
		if err != nil {
			return referral.Letter{}, err
		}
		return pcare.LetterFrom(r, base), nil
	}

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := worker.Run(ctx); err != nil {
			slog.Error("outbox worker stopped", "error", err)
		}
	}()

	// Registrations made while PCare could not confirm eligibility are
	// re-checked in the background, whoever is at the desk by then.
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(2 * time.Minute)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if n, err := deps.Clinic.RecheckUnverified(ctx); err != nil && ctx.Err() == nil {
					slog.Warn("re-checking unverified registrations failed", "error", err)
				} else if n > 0 {
					slog.Info("unverified registrations confirmed by PCare", "participants", n)
				}
			}
		}
	}()

	a := fyneapp.NewWithID("id.fktpdesk.desk")
	a.SetIcon(app.Icon)
	w := app.NewMainWindow(a, deps)
	w.Window.ShowAndRun()

	// The window is closed: let the worker finish its current request so
	// nothing is left in flight needlessly (it would be reconciled anyway).
	stop()
	wg.Wait()
	return nil
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
