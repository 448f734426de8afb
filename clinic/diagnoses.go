package clinic

import (
	"sort"
	"strings"
	"sync"
	"unicode"

	"fktpdesk/assets/refdata"
)

// diagEntry is one ICD-10 code prepared for searching.
type diagEntry struct {
	Diagnosis
	code string // lower case, without the dot
	text string // lower-case Indonesian + English names, for word search
}

// diagIndex is the embedded ICD-10 2010 list, built once: 18,549 codes
// searched linearly take a few milliseconds, well under the 50 ms a doctor
// typing can notice, with no index to keep in sync.
var diagIndex = sync.OnceValue(func() []diagEntry {
	// The clinical-practice guideline's names ("Tuberkulosis (TB) Paru")
	// are the words doctors type; the ICD translations often differ.
	guideline := map[string]string{}
	for _, n := range refdata.NonSpecialists() {
		if n.Code != "" {
			guideline[n.Code] += " " + n.Name
		}
	}
	all := refdata.ICD10()
	out := make([]diagEntry, 0, len(all))
	for _, c := range all {
		out = append(out, diagEntry{
			Diagnosis: Diagnosis{Code: c.Code, Name: c.Name(), NonSpecialist: refdata.IsNonSpecialist(c.Code)},
			code:      strings.ToLower(strings.ReplaceAll(c.Code, ".", "")),
			text:      strings.ToLower(c.NameID + " " + c.NameEN + guideline[c.Code]),
		})
	}
	return out
})

// looksLikeCode reports whether q is an ICD-10 code or its start: a letter
// followed by digits and at most one dot ("I10", "a09.0", "J0").
func looksLikeCode(q string) bool {
	if len(q) < 1 || len(q) > 7 || !unicode.IsLetter(rune(q[0])) {
		return false
	}
	for _, r := range q[1:] {
		if !unicode.IsDigit(r) && r != '.' {
			return false
		}
	}
	return true
}

// SearchDiagnosesLocal searches the embedded ICD-10 list: a code prefix
// ("i10", "A09.") or words that must all appear in the Indonesian or English
// name ("diare akut", "hypertension"). Exact code first, then code prefix
// matches, then name matches, each in code order; limit caps the result.
func SearchDiagnosesLocal(query string, limit int) []Diagnosis {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" || limit <= 0 {
		return nil
	}
	idx := diagIndex()
	var out []Diagnosis
	if looksLikeCode(q) {
		code := strings.ReplaceAll(q, ".", "")
		for _, e := range idx {
			if strings.HasPrefix(e.code, code) {
				out = append(out, e.Diagnosis)
				if len(out) == limit {
					break
				}
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	// Name search: rank what an FKTP doctor means first. The diagnoses a
	// primary-care doctor handles (the non-specialist list) come before the
	// rest; then names with a word that starts with the first typed word
	// beat matches inside a word; then the more general (shorter) code —
	// "hiper" gives I10 Hipertensi before E78.5 Hiperlipidemia — then code
	// order.
	words := strings.Fields(q)
	type hit struct {
		rank, i int
	}
	var hits []hit
	for i, e := range idx {
		match := true
		for _, w := range words {
			if !strings.Contains(e.text, w) {
				match = false
				break
			}
		}
		if !match {
			continue
		}
		rank := 1
		if strings.HasPrefix(e.text, words[0]) || strings.Contains(e.text, " "+words[0]) || strings.Contains(e.text, "("+words[0]) {
			rank = 0
		}
		hits = append(hits, hit{rank, i})
	}
	sort.SliceStable(hits, func(a, b int) bool {
		ha, hb := hits[a], hits[b]
		if na, nb := idx[ha.i].NonSpecialist, idx[hb.i].NonSpecialist; na != nb {
			return na
		}
		if ha.rank != hb.rank {
			return ha.rank < hb.rank
		}
		return len(idx[ha.i].code) < len(idx[hb.i].code)
	})
	for _, h := range hits {
		out = append(out, idx[h.i].Diagnosis)
		if len(out) == limit {
			break
		}
	}
	return out
}

// mergeDiagnoses puts PCare's answers over the local ones: PCare's
// nonSpesialis flag is the authority, and codes only PCare knows are kept.
func mergeDiagnoses(local, remote []Diagnosis, limit int) []Diagnosis {
	byCode := map[string]int{}
	out := append([]Diagnosis(nil), local...)
	for i, d := range out {
		byCode[d.Code] = i
	}
	for _, d := range remote {
		if i, ok := byCode[d.Code]; ok {
			out[i].NonSpecialist = d.NonSpecialist
			if out[i].Name == "" {
				out[i].Name = d.Name
			}
			continue
		}
		byCode[d.Code] = len(out)
		out = append(out, d)
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
