package printing

import (
	_ "embed"
	"sync"

	"golang.org/x/image/font/sfnt"
)

// gofpdf's core fonts are cp1252 only, and a patient's name can hold any
// character, so the letter embeds Unicode TrueType fonts (see fonts/README.md
// for what they are and their licences).
var (
	//go:embed fonts/DejaVuSans.ttf
	dejaVuRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	dejaVuBold []byte
	// DejaVu has no Han characters; Chinese-Indonesian names sometimes do.
	//go:embed fonts/DroidSansFallbackFull.ttf
	droidFallback []byte
)

// Font family names inside one PDF document.
const (
	familyMain     = "dejavu"
	familyFallback = "droidfallback"
)

// bmpSet is a set of runes of the Basic Multilingual Plane, the only plane
// gofpdf can address in a UTF-8 font (its CID map has 65536 entries).
type bmpSet [0x10000 / 64]uint64

func (s *bmpSet) has(r rune) bool {
	return r >= 0 && r < 0x10000 && s[r/64]&(1<<(uint(r)%64)) != 0
}

// coverage answers which runes a font has a glyph for, so text can switch
// to the fallback font for just those runes instead of printing empty boxes.
// It is computed once per process: walking 65536 runes through the cmap
// costs a few milliseconds, too much to repeat per letter.
func coverage(ttf []byte) *bmpSet {
	s := new(bmpSet)
	f, err := sfnt.Parse(ttf)
	if err != nil {
		// The fonts are embedded; a parse failure is a broken build, and the
		// main font then simply draws everything.
		return s
	}
	var buf sfnt.Buffer
	for r := rune(0); r < 0x10000; r++ {
		if gi, err := f.GlyphIndex(&buf, r); err == nil && gi != 0 {
			s[r/64] |= 1 << (uint(r) % 64)
		}
	}
	return s
}

var (
	regularCoverage = sync.OnceValue(func() *bmpSet { return coverage(dejaVuRegular) })
	boldCoverage    = sync.OnceValue(func() *bmpSet { return coverage(dejaVuBold) })
)

// mainHas reports whether the main font in the given style ("" or "B") has
// a glyph for r.
func mainHas(style string, r rune) bool {
	if style == "B" {
		return boldCoverage().has(r)
	}
	return regularCoverage().has(r)
}
