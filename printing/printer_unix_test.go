//go:build !windows

package printing

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fktpdesk/clinic"
)

// fakeCUPS puts scripts named lp and lpstat first on PATH. lp records its
// arguments one per line in dir/args and copies its last argument (the
// file) to dir/got.pdf, then runs extra (to fail or hang on demand).
func fakeCUPS(t *testing.T, extra string) (dir string) {
	t.Helper()
	dir = t.TempDir()
	lp := "#!/bin/sh\n" +
		"printf '%s\\n' \"$@\" > \"" + dir + "/args\"\n" +
		"for last; do :; done\n" +
		"cp \"$last\" \"" + dir + "/got.pdf\"\n" +
		extra + "\n" +
		"echo 'request id is Kasir-42 (1 file(s))'\n"
	write(t, filepath.Join(dir, "lp"), lp)
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return dir
}

func write(t *testing.T, path, script string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
}

func letterFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rujukan 1.pdf") // a space, as users name files
	if err := os.WriteFile(path, []byte("%PDF-1.3 fake"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSystemPrinterRunsLP(t *testing.T) {
	for _, tc := range []struct {
		printer  string
		wantArgs []string
	}{
		{"Kasir_HP", []string{"-d", "Kasir_HP", "-t", "Surat Rujukan"}},
		{"", []string{"-t", "Surat Rujukan"}}, // the system's default printer
	} {
		dir := fakeCUPS(t, "")
		file := letterFile(t)
		if err := SystemPrinter(tc.printer).Print(context.Background(), file); err != nil {
			t.Fatalf("printer %q: %v", tc.printer, err)
		}
		args, _ := os.ReadFile(filepath.Join(dir, "args"))
		want := strings.Join(append(tc.wantArgs, file), "\n") + "\n"
		if string(args) != want {
			t.Errorf("printer %q: lp args\n%s\nwant\n%s", tc.printer, args, want)
		}
		got, _ := os.ReadFile(filepath.Join(dir, "got.pdf"))
		if string(got) != "%PDF-1.3 fake" {
			t.Errorf("printer %q: lp got %q, not the letter", tc.printer, got)
		}
	}
}

func TestSystemPrinterRelativePath(t *testing.T) {
	dir := fakeCUPS(t, "")
	file := letterFile(t)
	t.Chdir(filepath.Dir(file))
	if err := SystemPrinter("").Print(context.Background(), filepath.Base(file)); err != nil {
		t.Fatal(err)
	}
	// lp gets the absolute path: a relative name could start with "-".
	args, _ := os.ReadFile(filepath.Join(dir, "args"))
	if !strings.HasSuffix(string(args), "\n"+file+"\n") {
		t.Errorf("lp args %q do not end with %q", args, file)
	}
}

func TestSystemPrinterWithoutCUPS(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no lp anywhere
	err := SystemPrinter("Kasir_HP").Print(context.Background(), letterFile(t))
	if !errors.Is(err, ErrNoCUPS) || clinic.ErrorCode(err) != clinic.EUNAVAILABLE {
		t.Fatalf("err = %v, want EUNAVAILABLE wrapping ErrNoCUPS", err)
	}
	if !strings.Contains(err.Error(), "CUPS (lp) not found: install cups-client or choose 'Simpan PDF'") {
		t.Errorf("err = %q", err)
	}
	if _, _, err := Printers(context.Background()); !errors.Is(err, ErrNoCUPS) {
		t.Errorf("Printers: err = %v, want ErrNoCUPS", err)
	}
}

func TestSystemPrinterRefused(t *testing.T) {
	fakeCUPS(t, "echo 'lp: The printer or class does not exist.' >&2; exit 1")
	err := SystemPrinter("Hilang").Print(context.Background(), letterFile(t))
	if clinic.ErrorCode(err) != clinic.EUNAVAILABLE {
		t.Fatalf("err = %v, want EUNAVAILABLE", err)
	}
	if msg := clinic.ErrorMessage(err); !strings.Contains(msg, "The printer or class does not exist") || !strings.Contains(msg, "Simpan PDF") {
		t.Errorf("message %q should carry lp's reason and the way out", msg)
	}
}

func TestSystemPrinterHung(t *testing.T) {
	fakeCUPS(t, "exec sleep 30")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := SystemPrinter("").Print(ctx, letterFile(t))
	if clinic.ErrorCode(err) != clinic.EUNAVAILABLE || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want EUNAVAILABLE for the deadline", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Print took %v past its deadline", d)
	}
}

func TestSystemPrinterCancelled(t *testing.T) {
	fakeCUPS(t, "exec sleep 30")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	if err := SystemPrinter("").Print(ctx, letterFile(t)); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestSystemPrinterMissingFile(t *testing.T) {
	fakeCUPS(t, "")
	err := SystemPrinter("").Print(context.Background(), filepath.Join(t.TempDir(), "hilang.pdf"))
	if clinic.ErrorCode(err) != clinic.EINTERNAL {
		t.Errorf("err = %v, want EINTERNAL", err)
	}
}

func TestPrinters(t *testing.T) {
	dir := fakeCUPS(t, "")
	write(t, filepath.Join(dir, "lpstat"), `#!/bin/sh
case "$1" in
-a) printf 'Kasir_HP accepting requests since Sun 22 Nov 2026 07:00:00 WIB\nPoli_Epson accepting requests since Sun 22 Nov 2026 07:00:01 WIB\n' ;;
-d) echo 'system default destination: Poli_Epson' ;;
esac
`)
	names, def, err := Printers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(names, ",") != "Kasir_HP,Poli_Epson" || def != "Poli_Epson" {
		t.Errorf("Printers = %q, %q", names, def)
	}
}

func TestPrintersNone(t *testing.T) {
	dir := fakeCUPS(t, "")
	write(t, filepath.Join(dir, "lpstat"), `#!/bin/sh
case "$1" in
-a) echo 'lpstat: No destinations added.' >&2; exit 1 ;;
-d) echo 'no system default destination'; exit 1 ;;
esac
`)
	names, def, err := Printers(context.Background())
	if err != nil || len(names) != 0 || def != "" {
		t.Errorf("Printers = %q, %q, %v; want none and no error", names, def, err)
	}
}
