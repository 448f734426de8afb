package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"fktpdesk/pcare"
)

func runPeserta(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("peserta", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var pf pcareFlags
	pf.register(fs)
	noka := fs.String("noka", "", "BPJS card number (13 digits)")
	nik := fs.String("nik", "", "NIK from the KTP (16 digits)")
	asJSON := fs.Bool("json", false, "print the participant as PCare sent it (PCare's field names)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: fktpctl peserta (--noka N | --nik N) [--json] [connection flags]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		e.errorf("unexpected argument %q", fs.Arg(0))
		return exitUsage
	}
	var path string
	switch {
	case (*noka == "") == (*nik == ""):
		e.errorf("give exactly one of --noka or --nik")
		return exitUsage
	case *noka != "":
		if !allDigits(*noka, 13) {
			e.errorf("--noka must be 13 digits, got %q", *noka)
			return exitUsage
		}
		path = "peserta/" + *noka
	default:
		if !allDigits(*nik, 16) {
			e.errorf("--nik must be 16 digits, got %q", *nik)
			return exitUsage
		}
		path = "peserta/nik/" + *nik
	}
	c, err := pf.client(e)
	if err != nil {
		e.errorf("%v", err)
		return exitAuthConfig
	}
	ctx, cancel := context.WithTimeout(ctx, 3*pf.timeout)
	defer cancel()
	raw, err := c.Raw(ctx, path)
	if err == nil && (len(raw) == 0 || string(raw) == "null") {
		err = &pcare.Error{Kind: pcare.KindNotFound, Message: "empty answer"}
	}
	if err != nil {
		code, hint := exitFor(err)
		e.errorf("%v", err)
		if hint != "" {
			e.errorf("%s", hint)
		}
		return code
	}
	if *asJSON {
		var out bytes.Buffer
		if json.Indent(&out, raw, "", "  ") != nil {
			out.Reset()
			out.Write(raw)
		}
		out.WriteByte('\n')
		e.stdout.Write(out.Bytes())
		return exitOK
	}
	var p pcare.Peserta
	if err := json.Unmarshal(raw, &p); err != nil {
		e.errorf("PCare's answer is not a participant: %v", err)
		return exitUnreachable
	}
	printPeserta(e.stdout, &p, c.Config().PPK, time.Now())
	return exitOK
}

func allDigits(s string, n int) bool {
	return len(s) == n && strings.Trim(s, "0123456789") == ""
}

// printPeserta writes the summary a front-desk person reads.
func printPeserta(w io.Writer, p *pcare.Peserta, ownPPK string, now time.Time) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	row("Name", fmt.Sprintf("%s (%s, %s)", p.Nama, p.Sex, ageText(p.TglLahir, now)))
	row("Card number", p.NoKartu)
	if p.NoKTP != "" {
		row("NIK", string(p.NoKTP))
	}
	row("Born", p.TglLahir.String())
	row("Relationship", p.HubunganKeluarga)
	status := "ACTIVE"
	if !p.Aktif {
		status = "NOT ACTIVE"
	}
	if p.KetAktif != "" {
		status += " (" + p.KetAktif + ")"
	}
	row("Status", status)
	kind := p.JnsPeserta.Nama
	if strings.HasPrefix(strings.ToUpper(kind), "PBI") {
		kind += ", KIS: premium paid by government"
	}
	row("Participant type", strings.TrimSpace(p.JnsPeserta.Kode+" "+kind))
	row("Class", p.JnsKelas.Nama)
	if p.KdProviderPst != nil && p.KdProviderPst.KdProvider != "" {
		fktp := p.KdProviderPst.KdProvider + " " + p.KdProviderPst.NmProvider
		if ownPPK != "" && !strings.EqualFold(p.KdProviderPst.KdProvider, ownPPK) {
			fktp += "  << registered at ANOTHER FKTP"
		}
		row("Registered FKTP", fktp)
	}
	if p.Tunggakan > 0 {
		row("Arrears", "Rp "+thousands(int(p.Tunggakan)))
	}
	var flags []string
	if p.PstProl != "" {
		flags = append(flags, "Prolanis "+string(p.PstProl))
	}
	if p.PstPrb != "" {
		flags = append(flags, "PRB "+string(p.PstPrb))
	}
	if len(flags) > 0 {
		row("Programmes", strings.Join(flags, ", "))
	}
	if !p.TglAkhirBerlaku.IsZero() {
		row("Valid until", p.TglAkhirBerlaku.String())
	}
	tw.Flush()
}

func ageText(born pcare.Date, now time.Time) string {
	if born.IsZero() {
		return "age unknown"
	}
	b := born.Time()
	years := now.Year() - b.Year()
	if now.Month() < b.Month() || (now.Month() == b.Month() && now.Day() < b.Day()) {
		years--
	}
	return fmt.Sprintf("%d years", years)
}

// thousands formats 1250000 as 1.250.000, the Indonesian way.
func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}
