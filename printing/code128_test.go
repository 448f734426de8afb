package printing

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCode128Patterns(t *testing.T) {
	for v, p := range code128Patterns {
		want := 11
		if v == c128Stop {
			want = 13
		}
		sum := 0
		for _, c := range p {
			sum += int(c - '0')
		}
		if sum != want {
			t.Errorf("symbol %d %q is %d modules, want %d", v, p, sum, want)
		}
	}
	// Known patterns as bar (1) / space (0) modules, from the standard's
	// table: value 0 (space in set B), Start B, Stop.
	for v, want := range map[int]string{0: "11011001100", c128StartB: "11010010000", c128Stop: "1100011101011"} {
		if got := modulesString(code128Patterns[v]); got != want {
			t.Errorf("symbol %d = %s, want %s", v, got, want)
		}
	}
}

func modulesString(widths string) string {
	var b strings.Builder
	for i, c := range widths {
		b.WriteString(strings.Repeat(string("10"[i%2]), int(c-'0')))
	}
	return b.String()
}

func TestCode128Values(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []int
	}{
		// The textbook example, all set B (a run of three digits is not
		// worth two switches):
		// 104 + 48·1 (P) + 42·2 (J) + 42·3 (J) + 17·4 (1) + 18·5 (2) +
		// 19·6 (3) + 35·7 (C) = 879; 879 mod 103 = 55.
		{"PJJ123C", []int{104, 48, 42, 42, 17, 18, 19, 35, 55, 106}},
		// The referral number: set C for 0114, B for U and the odd 1,
		// C for 631126, B for Y, C for 000001.
		// Checksum: 105 + 1·1 + 2·14 + 3·100 + 4·53 + 5·17 + 6·99 + 7·63 +
		// 8·11 + 9·26 + 10·100 + 11·57 + 12·99 + 13·0 + 14·0 + 15·1
		// = 105 + 4813 = 4918; 4918 mod 103 = 77.
		{"0114U1631126Y000001", []int{105, 1, 14, 100, 53, 17, 99, 63, 11, 26, 100, 57, 99, 0, 0, 1, 77, 106}},
		// All digits, even: set C throughout. 105 + 12·1 + 34·2 = 185;
		// 185 mod 103 = 82.
		{"1234", []int{105, 12, 34, 82, 106}},
		// Two digits alone: Start C pays (one symbol instead of two).
		// 105 + 42 = 147; mod 103 = 44.
		{"42", []int{105, 42, 44, 106}},
		// One character: "A" is 33 in set B; 104 + 33 = 137; mod 103 = 34.
		{"A", []int{104, 33, 34, 106}},
	} {
		got, err := code128Values(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestCode128Rejects(t *testing.T) {
	for _, in := range []string{"", "tab\there", "Ä", "line\n"} {
		if _, err := code128Values(in); err == nil {
			t.Errorf("%q: want an error", in)
		}
	}
}

func TestCode128Width(t *testing.T) {
	w, err := code128Widths("0114U1631126Y000001")
	if err != nil {
		t.Fatal(err)
	}
	modules := 0
	for _, m := range w {
		modules += m
	}
	// 17 symbols of 11 modules and the 13-module stop: the digit runs
	// save 44 modules over plain set B (21 symbols).
	if modules != 17*11+13 {
		t.Errorf("modules = %d, want %d", modules, 17*11+13)
	}
}

// TestCode128Scans draws random strings as images and has zbar read them
// back: the pattern table, the set switches and the checksum must all be
// right for that to succeed.
func TestCode128Scans(t *testing.T) {
	needTool(t, "zbarimg")
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz -./+%$"
	inputs := []string{"0114U1631126Y000001", "PJJ123C", "12345678", "A1B22C333D4444E55555F", "0", "~!@#^&*()_{}|:<>?"}
	for range 14 {
		b := make([]byte, 1+rng.IntN(24))
		for i := range b {
			if rng.IntN(2) == 0 {
				b[i] = byte('0' + rng.IntN(10)) // long digit runs exercise set C
			} else {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
		}
		inputs = append(inputs, strings.TrimSpace(string(b))+"Z")
	}
	dir := t.TempDir()
	for i, in := range inputs {
		path := filepath.Join(dir, fmt.Sprintf("c%d.png", i))
		writeBarcodePNG(t, path, in)
		out, err := exec.Command("zbarimg", "--raw", "-q", "-Sdisable", "-Scode128.enable", path).Output()
		if got := strings.TrimSuffix(string(out), "\n"); err != nil || got != in {
			t.Errorf("%q: zbar read %q (%v)", in, got, err)
		}
	}
}

func writeBarcodePNG(t *testing.T, path, s string) {
	t.Helper()
	w, err := code128Widths(s)
	if err != nil {
		t.Fatal(err)
	}
	const px, height = 3, 80
	modules := 2 * c128QuietModules
	for _, m := range w {
		modules += m
	}
	img := image.NewGray(image.Rect(0, 0, modules*px, height))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	x := c128QuietModules * px
	for i, m := range w {
		if i%2 == 0 {
			for dx := range m * px {
				for y := 10; y < height-10; y++ {
					img.SetGray(x+dx, y, color.Gray{})
				}
			}
		}
		x += m * px
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
