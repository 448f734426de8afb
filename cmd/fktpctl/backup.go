package main

import (
	"log/slog"

	"context"
	"fktpdesk/audit"
	"flag"
	"fmt"
	"path/filepath"
	"time"

	"fktpdesk/clinic"
	"fktpdesk/sqlite"
)

// diskTimeout bounds a backup or a restore: minutes for a large database
// on a slow network share, yet not forever on one that stopped answering.
const diskTimeout = 30 * time.Minute

func runBackup(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	data := dataFlag(fs)
	dir := fs.String("dir", "", "backup folder (default: the one set in FKTP Desk, else DATA/backups)")
	keep := fs.Int("keep", 0, "how many backups to keep in the folder (default: the one set in FKTP Desk, else 14)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		e.errorf("backup takes no arguments, got %q", fs.Args())
		return exitUsage
	}
	if flagSet(fs, "keep") && *keep < 1 {
		e.errorf("--keep must be at least 1")
		return exitUsage
	}
	ctx, cancel := context.WithTimeout(ctx, diskTimeout)
	defer cancel()
	db, code := openedStore(ctx, e, *data)
	if db == nil {
		return code
	}
	defer db.Close()
	s, err := db.BackupSettings(ctx)
	if err != nil {
		return reportStore(e, err)
	}
	if *dir != "" {
		if s.Folder, err = filepath.Abs(*dir); err != nil {
			e.errorf("--dir: %v", err)
			return exitUsage
		}
	}
	if flagSet(fs, "keep") {
		s.Keep = *keep
	}
	info, err := db.Backup(ctx, s.Folder, s.Keep)
	cliAudit(ctx, db, audit.Backup, info.Path, err)
	if info.Path != "" {
		fmt.Fprintf(e.stdout, "Backup:   %s\nSize:     %s\nDuration: %s\n", info.Path, byteSize(info.Size), info.Took.Round(time.Millisecond))
		if n := len(info.Removed); n > 0 {
			fmt.Fprintf(e.stdout, "Removed %d older backup(s), keeping the newest %d.\n", n, s.Keep)
		}
	}
	if err != nil {
		return reportStore(e, err)
	}
	return exitOK
}

func runRestore(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: fktpctl restore [--data DIR] FILE\n\n"+
			"Replaces the database with the backup FILE after checking it. Close FKTP Desk\n"+
			"(and any fktpctl) first. The current database is kept beside it as\n"+
			"fktp.db.before-restore-YYYYMMDD-HHMMSS.")
		fs.PrintDefaults()
	}
	data := dataFlag(fs)
	// Flags may come after FILE too: flag stops at the first argument.
	var files []string
	for rest := args; ; rest = fs.Args()[1:] {
		if code, ok := parse(fs, rest); !ok {
			return code
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
	}
	if len(files) != 1 {
		fs.Usage()
		return exitUsage
	}
	src := files[0]
	ctx, cancel := context.WithTimeout(ctx, diskTimeout)
	defer cancel()
	path := sqlite.DefaultPath(dataDir(e, *data))
	start := time.Now()
	kept, err := sqlite.Restore(ctx, src, path)
	if err != nil {
		return reportStore(e, err)
	}
	// The trail of the restored database says it was restored, and from
	// what: the rows after the backup are gone with the old file (kept).
	if db, err := sqlite.Open(ctx, path); err == nil {
		cliAudit(ctx, db, audit.Restore, "from "+src+"; previous kept as "+kept, nil)
		db.Close()
	}
	fmt.Fprintf(e.stdout, "Restored %s into %s in %s.\n", src, path, time.Since(start).Round(time.Millisecond))
	if kept != "" {
		fmt.Fprintf(e.stdout, "The previous database is kept as %s.\n", kept)
	}
	return exitOK
}

// cliAudit records a command's action in the audit trail as
// fktpctl:<os user>; a trail that cannot be written is reported on the log,
// the work being done already.
func cliAudit(ctx context.Context, db *sqlite.DB, act audit.Action, detail string, err error) {
	o := audit.OK
	if err != nil {
		o = audit.Failed
	}
	if _, aerr := db.Append(context.WithoutCancel(ctx), audit.Event{User: cliUser(), Action: act, Detail: detail, Outcome: o}); aerr != nil {
		slog.Warn("audit trail not written", "action", act, "error", aerr)
	}
}

// reportStore prints a store error. A missing backup file is "not found";
// every other failure of a backup or restore (a refused file, a database
// in use, a folder that cannot be written) is a plain failure: none is a
// usage mistake or a PCare matter.
func reportStore(e *env, err error) int {
	e.errorf("%s", clinic.ErrorMessage(err))
	if clinic.ErrorCode(err) == clinic.ENOTFOUND {
		return exitNotFound
	}
	return exitFailure
}

// flagSet reports whether the flag was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
