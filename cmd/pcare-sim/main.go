// Command pcare-sim serves the PCare simulator (package pcaresim) on a TCP
// address: a stand-in for BPJS Kesehatan's PCare bridging service with
// synthetic participants, for development, demos and the desktop app's
// training mode. It is not PCare and holds no real data.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"fktpdesk/pcare/pcaresim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "pcare-sim:", err)
		os.Exit(1)
	}
}

// config is what the flags say.
type config struct {
	addr         string
	creds        pcaresim.Credentials
	seed         int64
	participants int
	statePath    string
	maxSkew      time.Duration
	faults       pcaresim.Faults
	outageAfter  time.Duration
	outageFor    time.Duration
	verbose      bool
	samples      int
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	d := pcaresim.DefaultCredentials()
	fs := flag.NewFlagSet("pcare-sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `pcare-sim: a local stand-in for BPJS Kesehatan's PCare bridging web service.

It speaks PCare's protocol (X-cons-id, X-timestamp, X-signature, X-authorization,
user_key; AES-encrypted, LZ-compressed answers) over synthetic participants and
reference data, and can inject faults. PCare lives under /pcare-rest, the
simulator's own control API under /_sim (see pcare/pcaresim/README.md).
Nothing in it is real: never use it for patients.

Usage: pcare-sim [flags]

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(stderr, `
Rates are fractions from 0 to 1. Faults can also be changed while running:
  curl -X POST http://127.0.0.1:8089/_sim/faults -d '{"error_rates":{"500":0.2}}'
`)
	}
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8089", "listen address (host:port; port 0 picks a free one)")
	fs.StringVar(&c.creds.ConsID, "cons-id", d.ConsID, "consumer ID clients must send in X-cons-id")
	fs.StringVar(&c.creds.ConsSecret, "secret", d.ConsSecret, "consumer secret (signature and response key)")
	fs.StringVar(&c.creds.UserKey, "user-key", d.UserKey, "user_key clients must send")
	fs.StringVar(&c.creds.Username, "user", d.Username, "PCare username in X-authorization")
	fs.StringVar(&c.creds.Password, "pass", d.Password, "PCare password in X-authorization")
	fs.StringVar(&c.creds.KdAplikasi, "kd-aplikasi", d.KdAplikasi, "application code in X-authorization")
	fs.StringVar(&c.creds.PPK, "ppk", d.PPK, "the clinic's 8-character PPK code")
	fs.Int64Var(&c.seed, "seed", 1, "seed of the synthetic participants (same seed, same people)")
	fs.IntVar(&c.participants, "participants", 2000, "number of synthetic participants")
	fs.StringVar(&c.statePath, "state", "", "state file (journal) that keeps registrations and visits across restarts; empty keeps them in memory")
	fs.DurationVar(&c.maxSkew, "max-skew", 5*time.Minute, "largest accepted difference between X-timestamp and this machine's clock")
	fs.IntVar(&c.faults.LatencyMS, "latency", 0, "added latency per PCare request, in milliseconds")
	fs.IntVar(&c.faults.JitterMS, "jitter", 0, "random extra latency up to this many milliseconds")
	e500 := fs.Float64("error-500", 0, "fraction of PCare requests answered 500 (nothing stored)")
	e408 := fs.Float64("error-408", 0, "fraction answered 408 Request Timeout (nothing stored)")
	e503 := fs.Float64("error-503", 0, "fraction answered with the gateway's 503 HTML page (nothing stored)")
	fs.Float64Var(&c.faults.HTMLRate, "html-rate", 0, "fraction answered with an nginx 502 HTML page (nothing stored)")
	fs.Float64Var(&c.faults.ResetRate, "reset-rate", 0, "fraction whose connection is reset without an answer (nothing stored)")
	fs.Float64Var(&c.faults.DropAfterCommitRate, "drop-after-commit", 0, "fraction of successful writes that are stored but whose connection is then dropped")
	fs.Int64Var(&c.faults.Seed, "fault-seed", 1, "seed of the fault dice (same seed and requests, same faults)")
	fs.DurationVar(&c.outageAfter, "outage-after", 0, "start a full outage (HTML 503 maintenance page) this long after start; 0 with -outage-for: at once")
	fs.DurationVar(&c.outageFor, "outage-for", 0, "length of the outage; 0 with -outage-after: until stopped")
	fs.BoolVar(&c.verbose, "v", false, "log every request")
	fs.IntVar(&c.samples, "samples", 0, "print this many participants of each kind (kind, noKartu, NIK, name; tab-separated) and exit without serving: the people the app's training mode has, with the same -seed and -participants")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	rates := map[int]float64{}
	for status, v := range map[int]float64{500: *e500, 408: *e408, 503: *e503} {
		if v < 0 || v > 1 {
			return c, fmt.Errorf("-error-%d must be between 0 and 1", status)
		}
		if v > 0 {
			rates[status] = v
		}
	}
	if len(rates) > 0 {
		c.faults.ErrorRates = rates
	}
	if c.outageAfter < 0 || c.outageFor < 0 {
		return c, errors.New("-outage-after and -outage-for must not be negative")
	}
	return c, nil
}

// run serves until ctx ends, then shuts down and flushes the state file.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	level := slog.LevelInfo
	if c.verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	opts := pcaresim.Options{
		Credentials: c.creds, Seed: c.seed, Participants: c.participants, MaxSkew: c.maxSkew,
		StatePath: c.statePath, Faults: c.faults, Logger: logger,
	}
	if c.samples > 0 {
		return printSamples(stdout, opts, c.samples)
	}
	if c.outageAfter == 0 && c.outageFor > 0 {
		opts.Faults.Outage, opts.Faults.OutageForMS = true, c.outageFor.Milliseconds()
	}
	srv, err := pcaresim.Start(c.addr, opts)
	if err != nil {
		return err
	}
	if c.outageAfter > 0 {
		t := time.AfterFunc(c.outageAfter, func() {
			f := srv.Faults()
			f.Outage, f.OutageForMS = true, c.outageFor.Milliseconds()
			srv.SetFaults(f)
			logger.Warn("outage started", "for", c.outageFor)
		})
		defer t.Stop()
	}
	banner(stdout, srv)
	<-ctx.Done()
	fmt.Fprintln(stdout, "pcare-sim: shutting down")
	return srv.Close()
}

// printSamples lists n participants of each kind for scripts (the
// end-to-end test picks its patients here). The people depend only on the
// seed and the count, so no server and no state file are needed.
func printSamples(w io.Writer, opts pcaresim.Options, n int) error {
	opts.StatePath = ""
	sim, err := pcaresim.New(opts)
	if err != nil {
		return err
	}
	defer sim.Close()
	for _, k := range pcaresim.Kinds {
		for _, p := range sim.Participants(k, n) {
			if _, err := fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", k, p.NoKartu, p.NoKTP, p.Nama); err != nil {
				return err
			}
		}
	}
	return nil
}

func banner(w io.Writer, srv *pcaresim.Server) {
	cr := srv.Credentials()
	fmt.Fprintf(w, `pcare-sim: SIMULATOR with synthetic data, not BPJS PCare

  PCare base URL  %s
  control API     %s  (participants, writes, faults, reset, info)

  credentials (simulator only; printing them is the point)
    cons id       %s
    secret        %s
    user key      %s
    user / pass   %s / %s
    kdAplikasi    %s
    PPK           %s

`, srv.URL, srv.ControlURL(), cr.ConsID, cr.ConsSecret, cr.UserKey, cr.Username, cr.Password, cr.KdAplikasi, cr.PPK)
	fmt.Fprintln(w, "  sample participants (noKartu / NIK / nama)")
	for _, k := range pcaresim.Kinds {
		fmt.Fprintf(w, "    %s\n", k)
		for _, p := range srv.Participants(k, 3) {
			fmt.Fprintf(w, "      %s  %s  %s\n", p.NoKartu, p.NoKTP, p.Nama)
		}
	}
	if f := srv.Faults(); f.LatencyMS > 0 || f.JitterMS > 0 || len(f.ErrorRates) > 0 || f.HTMLRate > 0 ||
		f.ResetRate > 0 || f.DropAfterCommitRate > 0 || f.Outage {
		fmt.Fprintf(w, "\n  faults          %+v\n", f)
	}
	fmt.Fprintln(w, "\nCtrl-C to stop.")
}
