package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/user"
	"text/tabwriter"
	"time"

	"fktpdesk/clinic"
	"fktpdesk/pcare"
	"fktpdesk/printing"
	"fktpdesk/referral"
)

func runReferral(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || (args[0] != "pdf" && args[0] != "list") {
		e.errorf("usage: fktpctl referral pdf --no NOKUNJUNGAN --out FILE.pdf | fktpctl referral list [--date DAY]")
		return exitUsage
	}
	if args[0] == "list" {
		return referralList(ctx, e, args[1:])
	}
	return referralPDF(ctx, e, args[1:])
}

func referralList(ctx context.Context, e *env, args []string) int {
	db, day, code := dayCommand(ctx, e, "referral list", args)
	if db == nil {
		return code
	}
	defer db.Close()
	refs, err := db.Referrals(ctx, day)
	if err != nil {
		return reportDomain(e, err)
	}
	fmt.Fprintf(e.stdout, "Referrals on %s: %d\n", day.Format("02 Jan 2006"), len(refs))
	if len(refs) == 0 {
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NUMBER\tPATIENT\tCARD\tTO\tHOSPITAL\tPCARE\tVALID UNTIL\tPRINTED")
	for _, v := range refs {
		no := v.VisitNo
		if no == "" {
			no = "(no BPJS number yet)"
		}
		prints, err := db.Prints(ctx, v.ID)
		if err != nil {
			return reportDomain(e, err)
		}
		to, until := "", ""
		if r := v.Referral; r != nil {
			to = r.SubSpecialistName
			if r.Kind == referral.Special {
				to = r.SpecialName
			}
			until = r.Until().Format("02-01-2006") + " (" + string(r.ValidityOn(time.Now())) + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", no, v.PatientName, v.CardNo, to, hospitalOf(v), v.SyncState, until, len(prints))
	}
	tw.Flush()
	return exitOK
}

func hospitalOf(v clinic.Visit) string {
	if v.Referral == nil {
		return ""
	}
	return v.Referral.HospitalName
}

// referralPDF writes the letter of any referral PCare knows — also one made
// outside the app, in PCare web — filling what PCare leaves out from the
// local record when there is one.
func referralPDF(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("referral pdf", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var pf pcareFlags
	pf.register(fs)
	data := dataFlag(fs)
	no := fs.String("no", "", "referral number (noKunjungan, 19 characters)")
	out := fs.String("out", "", "the PDF file to write")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *no == "" || *out == "" {
		e.errorf("--no and --out are required")
		return exitUsage
	}
	st, code := open(ctx, e, &pf, *data)
	if st == nil {
		return code
	}
	defer st.close()
	central := st.svc.Central.(pcare.Central)
	desk := &clinic.DoctorDesk{Store: st.db, Visits: st.db, Refs: central, Guard: cliGuard(st.db)}

	var base referral.Letter
	local, lerr := st.db.VisitByNumber(ctx, *no)
	if lerr == nil {
		f, _ := st.db.Facility(ctx) // an unset facility leaves PCare's identity
		if base, lerr = desk.Letter(ctx, local, f); lerr != nil {
			return reportDomain(e, lerr)
		}
	}
	detail, err := central.ReferralDetail(ctx, *no)
	switch {
	case err == nil:
		base = pcare.LetterFrom(detail, base)
	case lerr == nil && clinic.ErrorCode(err) == clinic.EUNAVAILABLE:
		fmt.Fprintln(e.stderr, "fktpctl: PCare did not answer; the letter is made from the local record only")
	default:
		return reportDomain(e, err)
	}
	var buf bytes.Buffer
	if err := printing.WriteLetter(&buf, base); err != nil {
		e.errorf("cannot make the PDF: %v", err)
		return exitFailure
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o600); err != nil { // patient data: the owner only, as the app writes it
		e.errorf("%v", err)
		return exitFailure
	}
	if lerr == nil {
		who := "fktpctl"
		if u, err := user.Current(); err == nil {
			who = u.Username
		}
		if err := st.db.RecordPrint(ctx, clinic.Print{VisitID: local.ID, Number: base.Number, By: who, How: "pdf:" + *out, Draft: base.Draft()}); err != nil {
			e.errorf("the letter was written but its print was not recorded: %v", err)
		}
	}
	fmt.Fprintf(e.stdout, "Wrote the referral letter %s for %s to %s.\n", base.Number, base.PatientName, *out)
	return exitOK
}
