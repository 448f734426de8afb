package clinic

import "testing"

func TestSearchDiagnosesLocal(t *testing.T) {
	tests := []struct {
		q, first string
		nonSpc   bool
	}{
		{"I10", "I10", true},      // exact code first
		{"j06.9", "J06.9", false}, // case and dot ignored; ISPA is not in the verified proxy list (PCare decides)
		{"diare", "A09", true},    // Indonesian word
		{"tb paru", "A15", true},  // the guideline's name "Tuberkulosis (TB) Paru"
		{"hiper", "I10", true},    // a word starting with it, the general code first
		{"Cholera", "A00", false}, // English word
		{"kolera vibrio", "A00.0", false},
	}
	for _, tt := range tests {
		got := SearchDiagnosesLocal(tt.q, 10)
		if len(got) == 0 || got[0].Code != tt.first || got[0].NonSpecialist != tt.nonSpc {
			t.Errorf("%q: first %+v, want %s (non-specialist %v)", tt.q, first(got), tt.first, tt.nonSpc)
		}
	}
	if got := SearchDiagnosesLocal("zzqx", 10); len(got) != 0 {
		t.Errorf("nonsense found %+v", got)
	}
	if got := SearchDiagnosesLocal("a", 5); len(got) != 5 {
		t.Errorf("limit: %d results", len(got))
	}
}

func first(d []Diagnosis) Diagnosis {
	if len(d) == 0 {
		return Diagnosis{}
	}
	return d[0]
}

// The doctor sees results as they type: goal under 50 ms per keystroke.
func BenchmarkSearchDiagnosesLocal(b *testing.B) {
	SearchDiagnosesLocal("warm", 1) // build the index outside the timing
	qs := []string{"hiper", "diare akut", "i1", "tuberkulosis", "infeksi saluran", "zzz"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		SearchDiagnosesLocal(qs[i%len(qs)], 30)
	}
}
