package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

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

// Choosing a patient shows their visits; the button checks them.
func TestPatientHistory(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	p := st.participant(t, pcaresim.KindActiveHere)
	st.check(t, m, p.NoKartu)
	res, err := st.svc.CheckEligibility(context.Background(), p.NoKartu)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.svc.Register(context.Background(), res.Eligibility, regFor("001")); err != nil {
		t.Fatal(err)
	}

	m.Tabs.SelectIndex(2)
	ps := m.Patients
	if !ps.CheckBtn.Disabled() {
		t.Error("check button enabled with no patient chosen")
	}
	test.Type(ps.Search, p.NoKartu)
	st.waitFor(t, "search results", func() bool { return len(ps.Rows()) == 1 })
	ps.Table.Select(widget.TableCellID{Row: 0, Col: colPatientName})
	st.waitFor(t, "the history", func() bool { return len(ps.Visits()) == 1 })
	if !strings.Contains(ps.HistoryTitle.Text, p.Nama) {
		t.Errorf("history title %q", ps.HistoryTitle.Text)
	}
	line := visitLine(ps.Visits()[0])
	for _, want := range []string{formatDate(st.clock.Now()), "menunggu"} {
		if !strings.Contains(line, want) {
			t.Errorf("history line %q lacks %q", line, want)
		}
	}
	if m.Tabs.SelectedIndex() != 2 {
		t.Fatal("choosing a patient left the Pasien tab")
	}
	test.Tap(ps.CheckBtn)
	st.waitFor(t, "the check of the chosen patient", func() bool {
		return m.Tabs.SelectedIndex() == 0 && m.Eligibility.Result.Container.Visible() && !m.Eligibility.Busy.Visible()
	})
}
