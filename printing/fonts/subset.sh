#!/bin/sh
# Regenerates the DejaVu Sans subsets embedded in the letter from Debian's
# fonts-dejavu-core, with fontTools (Debian python3-fonttools).
#
# Why a subset: gofpdf parses an embedded UTF-8 font anew for every PDF
# (its parsed form cannot be shared between documents), and that parse is
# most of the cost of one letter. Keeping only the scripts gofpdf can set
# without a shaping engine (Latin with every diacritic, Greek, Cyrillic,
# punctuation, units, arrows, maths and common symbols) takes a letter from
# ~23 ms to ~17 ms on a 2-core machine. Arabic, Hebrew and Indic glyphs
# would print wrongly anyway (no joining, no bidi); whatever is not kept
# falls back to Droid Sans Fallback at run time.
set -eu
cd "$(dirname "$0")"
ranges="U+0000-052F,U+1D00-1DBF,U+1E00-1EFF,U+2000-23FF,U+25A0-27BF,U+2C60-2C7F,U+A720-A7FF,U+FB00-FB06,U+FFFC-FFFD"
for f in DejaVuSans DejaVuSans-Bold; do
	python3 -m fontTools.subset "/usr/share/fonts/truetype/dejavu/$f.ttf" \
		--unicodes="$ranges" --layout-features='*' --glyph-names \
		--notdef-outline --name-IDs='*' --name-languages='*' \
		--drop-tables+=FFTM --output-file="$f.ttf"
done
