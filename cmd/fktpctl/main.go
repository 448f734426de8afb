// Command fktpctl is FKTP Desk's headless admin tool: it runs the same
// services as the desktop screens from a terminal, a script or a scheduler.
// It imports nothing of Fyne and builds with CGO_ENABLED=0.
package main

import (
	"fktpdesk/access"

	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"fktpdesk/version"
)

// Exit statuses, shared by every command so scripts can branch on them.
const (
	exitOK          = 0
	exitFailure     = 1 // anything not classified below
	exitUsage       = 2 // bad flags or arguments
	exitNotFound    = 3 // the participant (or record) does not exist
	exitAuthConfig  = 4 // credentials or configuration wrong or missing
	exitUnreachable = 5 // PCare unreachable, timed out, or answering garbage
)

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) int
}

var commands = []command{
	{"peserta", "look a participant up at PCare by card number or NIK", runPeserta},
	{"check", "eligibility check as at the desk: PCare, or the last stored answer when PCare is down", runCheck},
	{"register", "register a visit (pendaftaran): stored locally, then sent to PCare", runRegister},
	{"patients", "patients search TEXT | patients history TEXT: find patients, or list one's visits", runPatients},
	{"queue", "list a day's registrations with their PCare status", runQueue},
	{"sync", "one pass of the outbox: send what is due to PCare, then exit", runSync},
	{"outbox", "the outbox by state, with PCare's messages (exit 1 when items need correction)", runOutbox},
	{"referral", "referral list [--date] | referral pdf --no N --out FILE: referral letters", runReferral},
	{"claim", "claim --month YYYY-MM --out DIR: the month's non-capitation claim (FPK, SPP, CSV)", runClaim},
	{"audit", "audit verify | audit list: check the trail's hash chain (exit 1 when tampered), list who did what", runAudit},
	{"setup", "first start of an installation: admin account, clinic identity, PCare mode and credentials", runSetup},
	{"user", "user list | add | disable | enable | reset-password: local accounts", runUser},
	{"seed", "add synthetic patients to the database (for benchmarks and training)", runSeed},
	{"backup", "back the database up now (consistent while the app runs) and prune old backups", runBackup},
	{"restore", "restore FILE: replace the database with a backup (close FKTP Desk first)", runRestore},
	{"version", "print the FKTP Desk version this tool belongs to (also --version)", runVersion},
}

// env is what a command may touch of the outside world, so tests can run
// commands in-process.
type env struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
}

func (e *env) errorf(format string, a ...any) { fmt.Fprintf(e.stderr, "fktpctl: "+format+"\n", a...) }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], &env{getenv: os.Getenv, stdout: os.Stdout, stderr: os.Stderr})
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, e *env) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	if args[0] == "--version" || args[0] == "-version" {
		return runVersion(ctx, e, args[1:])
	}
	// Whoever runs fktpctl can read the database file anyway: it acts with
	// every role, and the audit trail names it fktpctl:<os user>.
	ctx = access.WithPrincipal(ctx, access.System(cliUser()))
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	e.errorf("unknown command %q", args[0])
	usage(e.stderr)
	return exitUsage
}

// runVersion prints the version the desktop app shows in its title and
// About, so a support call can match the two.
func runVersion(_ context.Context, e *env, args []string) int {
	if len(args) > 0 {
		e.errorf("version takes no arguments")
		return exitUsage
	}
	fmt.Fprintln(e.stdout, "fktpctl", version.String())
	return exitOK
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: fktpctl COMMAND [flags]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'fktpctl COMMAND --help' for a command's flags.")
	fmt.Fprintln(w, "Exit status: 0 ok, 2 usage, 3 not found, 4 auth/config error, 5 PCare unreachable.")
}
