package printing

import "strings"

// Indonesian amounts in words ("terbilang"), as a claim form spells its
// total out so that it cannot be altered: 1.250.000 is "satu juta dua
// ratus lima puluh ribu".

var (
	digitWords = [10]string{"nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"}
	// scaleWords name the powers of a thousand up to what an int64 holds.
	scaleWords = [...]string{"", "ribu", "juta", "miliar", "triliun", "kuadriliun", "kuintiliun"}
)

// terbilang spells n in Indonesian words, lower case: "nol", "sebelas",
// "seratus lima belas", "seribu satu", "satu juta", "minus lima".
//
// The se- forms are used where Indonesian uses them: sepuluh, sebelas,
// seratus and seribu (a thousand-group of exactly one, so 1.001.000 is
// "satu juta seribu"); the larger scales take "satu": "satu juta",
// "satu miliar".
func terbilang(n int64) string {
	if n < 0 {
		// -(n+1)+1 in uint64: -n overflows for the smallest int64.
		return "minus " + spell(uint64(-(n+1))+1)
	}
	return spell(uint64(n))
}

func spell(u uint64) string {
	if u == 0 {
		return digitWords[0]
	}
	var groups []int // thousand-groups, least significant first
	for ; u > 0; u /= 1000 {
		groups = append(groups, int(u%1000))
	}
	var words []string
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		switch {
		case g == 0:
			continue
		case g == 1 && i == 1:
			words = append(words, "seribu")
			continue
		}
		words = append(words, belowThousand(g)...)
		if i > 0 {
			words = append(words, scaleWords[i])
		}
	}
	return strings.Join(words, " ")
}

// belowThousand spells 1 to 999.
func belowThousand(n int) []string {
	var words []string
	switch h := n / 100; {
	case h == 1:
		words = append(words, "seratus")
	case h > 1:
		words = append(words, digitWords[h], "ratus")
	}
	switch t, u := n%100/10, n%10; {
	case t == 0 && u == 0:
	case t == 0:
		words = append(words, digitWords[u])
	case t == 1 && u == 0:
		words = append(words, "sepuluh")
	case t == 1 && u == 1:
		words = append(words, "sebelas")
	case t == 1:
		words = append(words, digitWords[u], "belas")
	default:
		words = append(words, digitWords[t], "puluh")
		if u > 0 {
			words = append(words, digitWords[u])
		}
	}
	return words
}
