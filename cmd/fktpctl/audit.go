package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	iofs "io/fs"
	"os"
	"os/user"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"fktpdesk/audit"
)

const auditUsage = "usage: fktpctl audit verify [--data DIR] [--expect SEQ:HASH]... | " +
	"fktpctl audit list [--data DIR] [--from DAY] [--to DAY] [--user U] [--action A] [--patient P] [--outcome O] [--limit N] [--offset N]"

func runAudit(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "list") {
		e.errorf("%s", auditUsage)
		return exitUsage
	}
	if args[0] == "list" {
		return auditList(ctx, e, args[1:])
	}
	return auditVerify(ctx, e, args[1:])
}

// auditVerify checks the audit trail's chain: exit 0 when intact, 1 when
// tampered with (or unreadable). The check itself is recorded in the trail.
func auditVerify(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	data := dataFlag(fs)
	var expect []audit.Checkpoint
	fs.Func("expect", "a head printed by an earlier verify, SEQ:HASH (repeatable): the trail must still hold it", func(s string) error {
		c, err := audit.ParseCheckpoint(s)
		c.Source = "--expect " + s
		expect = append(expect, c)
		return err
	})
	if code, ok := parse(fs, args); !ok {
		return code
	}
	// Opening creates a missing database; an empty one would verify as
	// intact and hide a mistyped --data.
	path := storePath(e, *data)
	if _, err := os.Stat(path); errors.Is(err, iofs.ErrNotExist) {
		e.errorf("no database at %s", path)
		return exitFailure
	}
	db, code := openedStore(ctx, e, *data)
	if db == nil {
		return code
	}
	defer db.Close()
	r, err := db.VerifyAudit(ctx, expect...)
	if err != nil {
		return reportDomain(e, err)
	}

	rec := audit.Event{User: cliUser(), Action: audit.AuditVerify, Outcome: audit.OK,
		Detail: fmt.Sprintf("%d rows intact, head %s", r.Rows, r.Head)}
	if !r.OK() {
		rec.Outcome = audit.Failed
		rec.Detail = fmt.Sprintf("tampered: first bad row %d: %s", r.FirstBad(), r.Problems[0].What)
	}
	if _, err := db.Append(ctx, rec); err != nil {
		e.errorf("the check was not recorded in the trail: %v", err)
	}

	if r.OK() {
		fmt.Fprintf(e.stdout, "Audit trail intact: %d rows, head %s\n", r.Rows, r.Head)
		fmt.Fprintln(e.stdout, "Keep the head somewhere else (with a backup, on paper) and give it to a later verify as --expect:")
		fmt.Fprintln(e.stdout, "that also detects the newest rows deleted or the whole trail rewritten.")
		return exitOK
	}
	fmt.Fprintf(e.stdout, "Audit trail TAMPERED: first bad row %d (%d rows read, last %s)\n", r.FirstBad(), r.Rows, r.Head)
	for _, p := range r.Problems {
		fmt.Fprintf(e.stdout, "  row %d: %s\n", p.Seq, p.What)
	}
	if r.Omitted > 0 {
		fmt.Fprintf(e.stdout, "  ... and %d more problems\n", r.Omitted)
	}
	return exitFailure
}

// auditList prints the trail's entries the flags select, newest first.
func auditList(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("audit list", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	data := dataFlag(fs)
	from := fs.String("from", "", "first day, YYYY-MM-DD or DD-MM-YYYY (this computer's time zone)")
	to := fs.String("to", "", "last day, included")
	var f audit.Filter
	fs.StringVar(&f.User, "user", "", "username, fktpctl:OSUSER or system")
	action := fs.String("action", "", "one action: "+joinActions())
	fs.StringVar(&f.Patient, "patient", "", "card number, NIK or record number, exactly")
	outcome := fs.String("outcome", "", "ok, denied or failed")
	fs.IntVar(&f.Limit, "limit", 50, "most entries to list")
	fs.IntVar(&f.Offset, "offset", 0, "skip this many newest entries first")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	f.Action, f.Outcome = audit.Action(*action), audit.Outcome(*outcome)
	if f.Action != "" && !f.Action.Valid() {
		e.errorf("unknown action %q; one of: %s", *action, joinActions())
		return exitUsage
	}
	if f.Outcome != "" && !f.Outcome.Valid() {
		e.errorf("unknown outcome %q; one of: ok, denied, failed", *outcome)
		return exitUsage
	}
	if f.Limit < 1 || f.Offset < 0 {
		e.errorf("--limit must be at least 1 and --offset at least 0")
		return exitUsage
	}
	for _, d := range []struct {
		flag string
		into *time.Time
		next bool // the day after: --to includes its day
	}{{*from, &f.From, false}, {*to, &f.To, true}} {
		if d.flag == "" {
			continue
		}
		day, err := parseDay(d.flag)
		if err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
		*d.into = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.Local)
		if d.next {
			*d.into = d.into.AddDate(0, 0, 1)
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		e.errorf("--from is after --to")
		return exitUsage
	}

	db, code := openedStore(ctx, e, *data)
	if db == nil {
		return code
	}
	defer db.Close()
	entries, err := db.List(ctx, f)
	if err != nil {
		return reportDomain(e, err)
	}
	if len(entries) == 0 {
		fmt.Fprintln(e.stdout, "No audit entries match.")
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tTIME\tUSER\tACTION\tOUTCOME\tPATIENT\tDETAIL")
	for _, en := range entries {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", en.Seq, en.At.Local().Format("2006-01-02 15:04:05"),
			oneLine(en.User), oneLine(string(en.Action)), oneLine(string(en.Outcome)), dash(oneLine(en.Patient)), oneLine(en.Detail))
	}
	tw.Flush()
	if len(entries) == f.Limit {
		fmt.Fprintf(e.stdout, "(%d shown; more with --offset %d)\n", len(entries), f.Offset+len(entries))
	}
	return exitOK
}

func joinActions() string {
	var b strings.Builder
	for i, a := range audit.Actions() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(a))
	}
	return b.String()
}

// oneLine keeps a stored text to one table cell: tabs, line breaks and
// terminal control characters become spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// osUser names whoever runs fktpctl, for the audit trail.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "uid " + strconv.Itoa(os.Getuid())
}
