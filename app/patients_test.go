package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"fktpdesk/clinic"
	"fktpdesk/pcare/pcaresim"
)

func regFor(poliCode string) clinic.Registration {
	return clinic.Registration{PoliCode: poliCode, Sick: true, TKP: clinic.TKPOutpatient}
}

func TestPatientSearchFindsCheckedPatientByNamePrefix(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	p := st.participant(t, pcaresim.KindActiveHere)
	st.check(t, m, p.NoKartu) // creates the patient record

	m.Tabs.SelectIndex(2)
	ps := m.Patients
	if m.Window.Canvas().Focused() != ps.Search {
		t.Error("search entry not focused on the Pasien tab")
	}
	first := strings.Fields(p.Nama)[0]
	prefix := strings.ToLower(first[:min(4, len(first))])
	test.Type(ps.Search, prefix)
	st.waitFor(t, "search results", func() bool { return len(ps.Rows()) > 0 })

	found := false
	for i, r := range ps.Rows() {
		if r.CardNo == p.NoKartu {
			found = true
			if got := ps.cell(i, colPatientName); got != p.Nama {
				t.Errorf("name cell %q", got)
			}
			if got := ps.cell(i, colNIK); got != p.NoKTP {
				t.Errorf("NIK cell %q", got)
			}
			if got := ps.cell(i, colRecordNo); got == "—" {
				t.Error("no record number")
			}
		}
	}
	if !found {
		t.Fatalf("%q not found by %q: %+v", p.Nama, prefix, ps.Rows())
	}

	// Enter checks the first patient found, on the eligibility screen.
	ps.Search.TypedKey(enterKey())
	st.waitFor(t, "the check of the picked patient", func() bool {
		return m.Tabs.SelectedIndex() == 0 && m.Eligibility.Result.Container.Visible() && !m.Eligibility.Busy.Visible()
	})
}

// Only the last of fast keystrokes is searched, after the pause.
func TestPatientSearchDebounces(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	p := st.participant(t, pcaresim.KindActiveHere)
	st.check(t, m, p.NoKartu)

	ps := m.Patients
	test.Type(ps.Search, "zzzz")
	ps.Search.SetText("")
	test.Type(ps.Search, p.NoKartu)
	st.waitFor(t, "search results", func() bool { return len(ps.Rows()) == 1 })
	if ps.Rows()[0].CardNo != p.NoKartu {
		t.Errorf("found %+v", ps.Rows())
	}
	if !strings.Contains(ps.Summary.Text, "1 pasien") {
		t.Errorf("summary %q", ps.Summary.Text)
	}
}
