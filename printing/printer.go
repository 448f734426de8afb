package printing

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"fktpdesk/clinic"
	"fktpdesk/referral"
)

// Printer sends a PDF file to a printer.
//
// Print returns a *clinic.Error: EUNAVAILABLE when the printing system is
// missing, refuses the job or does not answer in time (its message says
// what to do, usually "choose 'Simpan PDF'"); EINTERNAL when the file is
// not there. A cancelled ctx returns ctx's error.
type Printer interface {
	Print(ctx context.Context, pdfPath string) error
}

// SystemPrinter is the operating system's printer of that name, or its
// default printer when name is "". On Linux and other Unix systems it goes
// through CUPS (lp); on Windows through the PDF reader's "print" verb.
func SystemPrinter(name string) Printer { return systemPrinter{name: name} }

// systemPrinter is implemented per OS in printer_unix.go and
// printer_windows.go.
type systemPrinter struct{ name string }

// printTimeout bounds one hand-over to the printing system: lp returns as
// soon as the job is queued, so a minute means a hung CUPS, and the desk
// must get its window back.
const printTimeout = 60 * time.Second

// ErrNoCUPS is the cause when the CUPS client is not installed.
var ErrNoCUPS = errors.New("CUPS (lp) not found: install cups-client or choose 'Simpan PDF'")

func unavailable(msg string, cause error) error {
	return &clinic.Error{Code: clinic.EUNAVAILABLE, Message: msg, Err: cause}
}

// checkFile resolves pdfPath to an absolute path that exists, so the
// command never sees a relative name it could take for an option.
func checkFile(pdfPath string) (string, error) {
	abs, err := filepath.Abs(pdfPath)
	if err == nil {
		_, err = os.Stat(abs)
	}
	if err != nil {
		return "", &clinic.Error{Code: clinic.EINTERNAL, Message: "Berkas surat rujukan tidak ditemukan untuk dicetak.", Err: err}
	}
	return abs, nil
}

// commandError words a failed printing command, keeping the cause for logs.
func commandError(ctx context.Context, what string, output []byte, err error) error {
	if ctxErr := ctx.Err(); errors.Is(ctxErr, context.Canceled) {
		return ctxErr
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return unavailable("Printer tidak menjawab. Periksa printer, atau pilih 'Simpan PDF'.",
			fmt.Errorf("%s: %w", what, context.DeadlineExceeded))
	}
	detail := strings.TrimSpace(string(output))
	if detail == "" {
		detail = err.Error()
	}
	detail = strings.TrimRight(detail, ".") // the message goes on with ". Periksa printer"
	return unavailable("Printer menolak mencetak: "+detail+". Periksa printer, atau pilih 'Simpan PDF'.",
		fmt.Errorf("%s: %w", what, err))
}

// LetterFileName is the file name for a letter's PDF:
// "rujukan-<number>.pdf", or "rujukan-draf-<patient name>.pdf" before PCare
// has given a number. It is safe on every file system: ASCII letters,
// digits and dashes only, diacritics dropped ("Ṣari" gives "sari").
func LetterFileName(l referral.Letter) string {
	if !l.Draft() {
		if n := slug(l.Number, false); n != "" {
			return "rujukan-" + n + ".pdf"
		}
	}
	name := slug(l.PatientName, true)
	if name == "" {
		name = "pasien"
	}
	return "rujukan-draf-" + name + ".pdf"
}

// slug keeps ASCII letters and digits, turns every run of anything else
// into one dash, and cuts the result, between words where it can, to a
// length file dialogs show whole.
func slug(s string, lower bool) string {
	const maxLen = 40
	var b strings.Builder
	dash := false
	// NFD splits "ễ" into "e" and its marks, which are then dropped.
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			if lower {
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() > maxLen {
			break
		}
	}
	out := b.String()
	if len(out) > maxLen {
		// Cut between words when there is a word boundary to cut at.
		out = out[:maxLen]
		if i := strings.LastIndexByte(out, '-'); i > 0 {
			out = out[:i]
		}
	}
	return out
}
