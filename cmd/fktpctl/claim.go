package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"time"

	"fktpdesk/claims"
	"fktpdesk/printing"
)

// runClaim writes a month's non-capitation claim: the FPK (cover form and
// detail list), the patients' service statements (SPP) and the CSV, and
// marks the month exported so the desk app stops reminding of it. With
// --unmark it only forgets that mark.
func runClaim(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("claim", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	data := dataFlag(fs)
	monthFlag := fs.String("month", "", "the month as YYYY-MM (default: last month)")
	out := fs.String("out", ".", "folder for fpk-YYYY-MM.pdf, spp-YYYY-MM.pdf and klaim-YYYY-MM.csv")
	unmark := fs.Bool("unmark", false, "write nothing; forget that the month's claim was exported (the app reminds again)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	month := claims.MonthOf(time.Now()).AddDate(0, -1, 0)
	if *monthFlag != "" {
		m, err := time.Parse("2006-01", *monthFlag)
		if err != nil {
			e.errorf("--month must be YYYY-MM, got %q", *monthFlag)
			return exitUsage
		}
		month = m
	}
	db, code := openedStore(ctx, e, *data)
	if db == nil {
		return code
	}
	defer db.Close()
	if *unmark {
		if err := db.ClearSubmission(ctx, month); err != nil {
			return reportDomain(e, err)
		}
		fmt.Fprintf(e.stdout, "The claim for %s is no longer marked as exported.\n", month.Format("January 2006"))
		return exitOK
	}
	facility, _ := db.Facility(ctx) // an unset facility prints blank identity lines
	lines, err := db.ClaimLines(ctx, month, month.AddDate(0, 1, 0))
	if err != nil {
		return reportDomain(e, err)
	}
	c := claims.BuildMonthly(month, facility, lines)
	if err := os.MkdirAll(*out, 0o700); err != nil {
		e.errorf("%v", err)
		return exitFailure
	}
	tag := month.Format("2006-01")
	outputs := []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"fpk-" + tag + ".pdf", func(b *bytes.Buffer) error { return printing.WriteClaim(b, c) }},
		{"spp-" + tag + ".pdf", func(b *bytes.Buffer) error { return printing.WriteServiceStatements(b, c) }},
		{"klaim-" + tag + ".csv", func(b *bytes.Buffer) error { return claims.WriteCSV(b, c) }},
	}
	for _, o := range outputs {
		var buf bytes.Buffer
		if err := o.write(&buf); err != nil {
			e.errorf("%s: %v", o.name, err)
			return exitFailure
		}
		if err := os.WriteFile(filepath.Join(*out, o.name), buf.Bytes(), 0o600); err != nil {
			e.errorf("%v", err)
			return exitFailure
		}
	}
	fmt.Fprintf(e.stdout, "Claim for %s: %d services, Rp %s (submit by %s).\n", month.Format("January 2006"), c.Count,
		thousands(int(c.Total)), c.Deadline.Format("02 Jan 2006"))
	for _, g := range c.Groups {
		fmt.Fprintf(e.stdout, "  %-60s %4d  Rp %s\n", g.Category, g.Count, thousands(int(g.Amount)))
	}
	fmt.Fprintf(e.stdout, "Wrote %s, %s and %s in %s.\n", outputs[0].name, outputs[1].name, outputs[2].name, *out)
	folder, err := filepath.Abs(*out)
	if err != nil {
		folder = *out
	}
	who := "fktpctl"
	if u, err := user.Current(); err == nil {
		who = u.Username
	}
	if err := db.RecordSubmission(ctx, claims.SubmissionOf(c, time.Now(), claims.ExportedCLI, folder, who)); err != nil {
		e.errorf("the claim was written but not marked as exported (the app will still remind): %v", err)
		return exitFailure
	}
	fmt.Fprintf(e.stdout, "Marked as exported: the app no longer reminds of it (undo with --unmark).\n")
	return exitOK
}
