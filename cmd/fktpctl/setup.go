package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"fktpdesk/access"
	"fktpdesk/audit"
	"fktpdesk/keyring"
	"fktpdesk/setup"
)

// install opens the installation in --data dir for account work (run has
// put the fktpctl principal in ctx).
func install(ctx context.Context, e *env, dir string) (*setup.Install, int) {
	db, code := openedStore(ctx, e, dir)
	if db == nil {
		return nil, code
	}
	in := &setup.Install{DB: db, Keyring: keyring.OS{}}
	if e.getenv(envKeyring) == "off" {
		in.Keyring = nil
	}
	return in, exitOK
}

// cliUser is who fktpctl acts as in the audit trail.
func cliUser() string { return audit.CLIUser(osUser()) }

func closeInstall(in *setup.Install) {
	in.Close()
	in.DB.Close()
}

func runSetup(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("setup", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	data := dataFlag(fs)
	answers := setup.Flags(fs, e.getenv)
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	a, err := answers()
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	in, code := install(ctx, e, *data)
	if in == nil {
		return code
	}
	defer closeInstall(in)
	p, err := in.Setup(ctx, a)
	if err != nil {
		e.errorf("set-up failed: %s", plain(err))
		if access.ErrorCode(err) == access.ECONFLICT {
			return exitAuthConfig
		}
		return exitUsage
	}
	fmt.Fprintf(e.stdout, "set up %s (%s): admin %q, PCare mode %s\n", a.Facility.Name, a.Facility.PPK, p.Username, a.Mode)
	return exitOK
}

// plain is an error as one line for the terminal: the sentence meant for
// a person when there is one.
func plain(err error) string {
	var ae *access.Error
	if errors.As(err, &ae) {
		return ae.Message
	}
	return err.Error()
}

func runUser(ctx context.Context, e *env, args []string) int {
	usage := func() int {
		e.errorf("usage: fktpctl user list | add --username U --name N --roles R [--password P] | disable U | enable U | reset-password U [--password P]  (passwords also from $%s)", envUserPassword)
		return exitUsage
	}
	if len(args) == 0 {
		return usage()
	}
	sub := args[0]
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	data := dataFlag(fs)
	username := fs.String("username", "", "the account's username")
	name := fs.String("name", "", "the account's full name")
	roles := fs.String("roles", "", "comma-separated: "+access.JoinRoles(access.Roles))
	password := fs.String("password", "", "the password (prefer $"+envUserPassword+")")
	if err := fs.Parse(args[1:]); err != nil {
		return exitUsage
	}
	if *username == "" && fs.NArg() > 0 {
		*username = fs.Arg(0)
	}
	pw := *password
	if pw == "" {
		pw = e.getenv(envUserPassword)
	}
	in, code := install(ctx, e, *data)
	if in == nil {
		return code
	}
	defer closeInstall(in)
	users := in.Users()
	find := func() (access.User, int) {
		u, err := in.DB.UserByName(ctx, strings.ToLower(strings.TrimSpace(*username)))
		if err != nil {
			e.errorf("%s", plain(err))
			return u, exitNotFound
		}
		return u, exitOK
	}
	var err error
	switch sub {
	case "list":
		us, err := users.Users(ctx)
		if err != nil {
			e.errorf("%s", plain(err))
			return exitFailure
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USERNAME\tNAME\tROLES\tSTATE")
		for _, u := range us {
			state := "active"
			if u.Disabled {
				state = "disabled"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Username, u.Name, access.JoinRoles(u.Roles), state)
		}
		tw.Flush()
		return exitOK
	case "add":
		rs, perr := access.ParseRoles(*roles)
		if perr != nil {
			e.errorf("%v", perr)
			return exitUsage
		}
		if pw == "" {
			e.errorf("the password is missing: set $%s or --password", envUserPassword)
			return exitUsage
		}
		_, err = users.AddUser(ctx, access.NewUser{Username: *username, Name: *name, Roles: rs, Password: pw})
	case "disable", "enable":
		u, code := find()
		if code != exitOK {
			return code
		}
		err = users.SetDisabled(ctx, u.ID, sub == "disable")
	case "reset-password":
		u, code := find()
		if code != exitOK {
			return code
		}
		if pw == "" {
			e.errorf("the new password is missing: set $%s or --password", envUserPassword)
			return exitUsage
		}
		err = users.ResetPassword(ctx, u.ID, pw)
	default:
		return usage()
	}
	if err != nil {
		e.errorf("%s", plain(err))
		if slices.Contains([]string{access.EINVALID, access.EWEAK, access.ECONFLICT}, access.ErrorCode(err)) {
			return exitUsage
		}
		return exitFailure
	}
	fmt.Fprintf(e.stdout, "user %s: %s done\n", *username, sub)
	return exitOK
}

// envKeyring "off" keeps the OS keyring out (tests, shared service accounts).
const envKeyring = "FKTP_KEYRING"

// envUserPassword carries a password for `fktpctl user`, off the command line.
const envUserPassword = "FKTP_USER_PASSWORD"
