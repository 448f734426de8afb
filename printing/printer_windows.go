//go:build windows

package printing

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Print hands the file to the PDF reader registered for it, through the
// shell's "print" verb ("printto" with a printer name), as Explorer's
// right-click › Print does. Windows has no print command of its own for
// PDFs; without a reader that registers the verb (Edge does not), this
// fails and the desk saves the PDF instead.
func (p systemPrinter) Print(ctx context.Context, pdfPath string) error {
	path, err := checkFile(pdfPath)
	if err != nil {
		return err
	}
	// The path and the printer name travel as environment variables, not
	// inside the script, so no quoting of either can break or inject into
	// the PowerShell command.
	script := `Start-Process -FilePath $env:FKTP_PDF -Verb Print -WindowStyle Hidden`
	if p.name != "" {
		script = `Start-Process -FilePath $env:FKTP_PDF -Verb PrintTo -ArgumentList ('"' + $env:FKTP_PRINTER + '"') -WindowStyle Hidden`
	}
	ctx, cancel := context.WithTimeout(ctx, printTimeout)
	defer cancel()
	cmd := powershell(ctx, script)
	cmd.Env = append(cmd.Env, "FKTP_PDF="+path, "FKTP_PRINTER="+p.name)
	if out, err := cmd.CombinedOutput(); err != nil {
		if strings.Contains(string(out), "No application is associated") {
			return unavailable("Tidak ada aplikasi PDF yang bisa mencetak. Pasang pembaca PDF (misalnya Adobe Acrobat Reader), atau pilih 'Simpan PDF'.", err)
		}
		return commandError(ctx, "powershell Start-Process -Verb Print", out, err)
	}
	return nil
}

func powershell(ctx context.Context, script string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "powershell.exe", "-NoProfile", "-NonInteractive", "-Command", script)
	cmd.Env = os.Environ()
	cmd.WaitDelay = 2 * time.Second
	return cmd
}

// Printers lists the installed printers and the default one, best effort:
// Win32_Printer through CIM works without the PrintManagement module that
// Get-Printer needs. Each line is "*" (default) or " ", then the name.
func Printers(ctx context.Context) (names []string, def string, err error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	// UTF-8 out, or printer names with non-ASCII letters come back mangled.
	script := `[Console]::OutputEncoding = [Text.Encoding]::UTF8; Get-CimInstance Win32_Printer | ForEach-Object { $(if ($_.Default) {'*'} else {' '}) + $_.Name }`
	out, err := powershell(ctx, script).Output()
	if err != nil {
		return nil, "", commandError(ctx, "powershell Get-CimInstance Win32_Printer", nil, err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		line = strings.TrimRight(line, "\r")
		if len(line) < 2 {
			continue
		}
		name := line[1:]
		names = append(names, name)
		if line[0] == '*' {
			def = name
		}
	}
	return names, def, nil
}
