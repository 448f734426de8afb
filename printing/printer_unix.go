//go:build !windows

package printing

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Print queues the file with CUPS: lp [-d name] -t "Surat Rujukan" file.
// lp returns once CUPS has the job, so success means queued, not printed.
func (p systemPrinter) Print(ctx context.Context, pdfPath string) error {
	path, err := checkFile(pdfPath)
	if err != nil {
		return err
	}
	lp, err := exec.LookPath("lp")
	if err != nil {
		return unavailable("Printer sistem (CUPS) tidak terpasang. Pasang paket cups-client, atau pilih 'Simpan PDF'.", ErrNoCUPS)
	}
	args := []string{}
	if p.name != "" {
		args = append(args, "-d", p.name)
	}
	// The title is what the print queue shows: the desk recognises it there.
	args = append(args, "-t", "Surat Rujukan", path)

	ctx, cancel := context.WithTimeout(ctx, printTimeout)
	defer cancel()
	out, err := cupsCommand(ctx, lp, args...).CombinedOutput()
	if err != nil {
		return commandError(ctx, "lp", out, err)
	}
	return nil
}

// cupsCommand runs a CUPS client in the C locale, so its messages and
// lpstat's output have the wording this file parses.
func cupsCommand(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANG=C")
	// A killed command's children may hold its output open; do not wait on
	// them past the deadline.
	cmd.WaitDelay = 2 * time.Second
	return cmd
}

// Printers lists the CUPS destinations (lpstat -a) and the default one
// (lpstat -d; "" when none is set). No printer at all is an empty list,
// not an error; a missing CUPS client is EUNAVAILABLE with ErrNoCUPS.
func Printers(ctx context.Context) (names []string, def string, err error) {
	lpstat, err := exec.LookPath("lpstat")
	if err != nil {
		return nil, "", unavailable("Printer sistem (CUPS) tidak terpasang. Pasang paket cups-client, atau pilih 'Simpan PDF'.", ErrNoCUPS)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()

	var stdout, stderr bytes.Buffer
	cmd := cupsCommand(ctx, lpstat, "-a")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		// lpstat fails with "No destinations added." on a machine with
		// CUPS but no printer yet.
		if !strings.Contains(stderr.String(), "No destinations") {
			return nil, "", commandError(ctx, "lpstat -a", stderr.Bytes(), err)
		}
	}
	// "HP_LaserJet accepting requests since …": the name is the first field.
	for _, line := range strings.Split(stdout.String(), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			names = append(names, f[0])
		}
	}

	// "system default destination: HP_LaserJet", or "no system default
	// destination" (with a failing exit status on some versions).
	out, _ := cupsCommand(ctx, lpstat, "-d").Output()
	if _, after, ok := strings.Cut(string(out), "destination:"); ok {
		def = strings.TrimSpace(after)
	}
	if err := ctx.Err(); errors.Is(err, context.Canceled) {
		return nil, "", err
	}
	return names, def, nil
}
