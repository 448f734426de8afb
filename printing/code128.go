package printing

import "fmt"

// Code 128 (ISO/IEC 15417), the symbology JsBarcode prints on most of the
// referral letters hospitals already scan. Code set B covers printable
// ASCII, which is all a referral number holds; runs of digits switch to set
// C, two digits per symbol, which makes the 19-character number about a
// fifth shorter and so its bars wider at the same printed size.

// code128Patterns are the widths, in modules, of each symbol's bars and
// spaces (bar first), indexed by symbol value. Every symbol is 11 modules
// wide except the stop (106), which is 13 including its final bar.
var code128Patterns = [107]string{
	"212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
	"221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
	"221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
	"212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
	"231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
	"231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
	"314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
	"112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
	"111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
	"214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
	"114131", "311141", "411131", "211412", "211214", "211232", "2331112",
}

// Special symbol values.
const (
	c128CodeC  = 99  // in set B: switch to set C
	c128CodeB  = 100 // in set C: switch to set B
	c128StartB = 104
	c128StartC = 105
	c128Stop   = 106
)

// c128QuietModules is the blank margin each side of the bars that the
// standard requires (at least ten modules) for a scanner to find the code.
const c128QuietModules = 10

// code128Values encodes s as symbol values: start, data, checksum, stop.
// It fails on characters outside printable ASCII, which set B cannot hold
// and a referral number never has.
func code128Values(s string) ([]int, error) {
	if s == "" {
		return nil, fmt.Errorf("code 128: nothing to encode")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return nil, fmt.Errorf("code 128: %q at %d is not printable ASCII", s[i], i)
		}
	}
	// digitRun is the length of the run of digits starting at i.
	digitRun := func(i int) int {
		n := 0
		for i+n < len(s) && s[i+n] >= '0' && s[i+n] <= '9' {
			n++
		}
		return n
	}
	// Set C pays for itself when the digits save more symbols than the
	// switches cost: four digits at the start or end (one switch), six in
	// the middle (two switches); an odd digit goes out in set B first.
	worthC := func(i int) bool {
		n := digitRun(i)
		atEdge := i == 0 || i+n == len(s)
		return (atEdge && n >= 4) || n >= 6 || (i == 0 && n == len(s) && n%2 == 0)
	}

	var v []int
	setC := worthC(0)
	if setC {
		v = append(v, c128StartC)
	} else {
		v = append(v, c128StartB)
	}
	for i := 0; i < len(s); {
		if setC {
			if digitRun(i) >= 2 {
				v = append(v, int(s[i]-'0')*10+int(s[i+1]-'0'))
				i += 2
				continue
			}
			v = append(v, c128CodeB)
			setC = false
		}
		if n := digitRun(i); n > 0 && worthC(i+n%2) && digitRun(i+n%2) >= 2 {
			if n%2 == 1 {
				v = append(v, int(s[i])-' ')
				i++
			}
			v = append(v, c128CodeC)
			setC = true
			continue
		}
		v = append(v, int(s[i])-' ')
		i++
	}
	v = append(v, code128Checksum(v))
	return append(v, c128Stop), nil
}

// code128Checksum is the start value plus each data value times its
// position (from 1), modulo 103.
func code128Checksum(v []int) int {
	sum := v[0]
	for i, x := range v[1:] {
		sum += (i + 1) * x
	}
	return sum % 103
}

// code128Widths returns the bar and space widths in modules, bar first,
// without the quiet zones.
func code128Widths(s string) ([]int, error) {
	v, err := code128Values(s)
	if err != nil {
		return nil, err
	}
	var w []int
	for _, x := range v {
		for _, c := range code128Patterns[x] {
			w = append(w, int(c-'0'))
		}
	}
	return w, nil
}
