package printing

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// newDocument starts an A4 portrait PDF in mm with the embedded fonts
// registered, for every document this package writes. Pages are laid out
// by hand to fit (no automatic page breaks). The document carries the given
// date instead of the clock's, so the same input gives the same bytes.
func newDocument(title string, date time.Time) *writer {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddUTF8FontFromBytes(familyMain, "", fontBytes(dejaVuRegular))
	pdf.AddUTF8FontFromBytes(familyMain, "B", fontBytes(dejaVuBold))
	pdf.SetTitle(title, true)
	pdf.SetCreator("FKTP Desk", true)
	if !date.IsZero() {
		pdf.SetCreationDate(date)
		pdf.SetModificationDate(date)
	}
	return &writer{pdf: pdf}
}

// output writes the finished document, or the first drawing error.
func (w *writer) output(out io.Writer) error {
	if err := w.pdf.Output(out); err != nil {
		return fmt.Errorf("printing: writing PDF: %w", err)
	}
	return nil
}

// fontBytes is a document's own copy of an embedded font. gofpdf pads the
// font's tables to four bytes by appending to slices of the bytes it was
// given, writing into the font that follows each table: with the embedded
// bytes shared, two documents written at once race (go test -race caught
// it in TestConcurrentLetters). A copy costs about 0.1 ms per megabyte.
func fontBytes(ttf []byte) []byte {
	return bytes.Clone(ttf)
}
