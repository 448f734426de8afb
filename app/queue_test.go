package app

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/pcare/pcaresim"
)

func TestQueueListsRegistration(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	f, p := checkedForm(t, st, m, pcaresim.KindActiveHere)
	poli := f.Polis()[0]
	f.Poli.SetSelected(poli.Name)
	test.Tap(f.Submit)
	waitForStatus(t, st, f)

	q := m.Queue
	m.Tabs.SelectIndex(1)
	st.waitFor(t, "the queue to list the registration", func() bool { return len(q.Rows()) == 1 })

	want := map[int]string{
		colQueueNo: "—", colName: p.Nama, colPoli: poli.Name,
		colVisit: "menunggu", colSync: "menunggu kirim", colUnverified: "",
	}
	for col, w := range want {
		if got, _ := q.cell(0, col); got != w {
			t.Errorf("column %d: %q, want %q", col, got, w)
		}
	}
	if r, c := q.Table.Length(); r != 1 || c != queueCols {
		t.Errorf("table %d×%d", r, c)
	}

	// The poli filter offers the poli in use and filters by it.
	if !contains(q.Filter.Options, "Semua poli") || !contains(q.Filter.Options, poli.Name) {
		t.Fatalf("filter options %v", q.Filter.Options)
	}
	q.Filter.SetSelected(poli.Name)
	if len(q.Rows()) != 1 {
		t.Errorf("filtered to its own poli: %d rows", len(q.Rows()))
	}
}

// The queue refreshes itself: a registration made elsewhere (another desk,
// the CLI) appears without anyone pressing a button.
func TestQueueRefreshesItself(t *testing.T) {
	st := newStack(t)
	d := st.deps()
	bg := newBackground(d.UI, nil)
	t.Cleanup(bg.stop)
	q := NewQueueScreen(d, bg)
	q.RefreshEvery = 20 * time.Millisecond
	q.Start()
	st.waitFor(t, "the first refresh", func() bool { return q.Summary.Text != "" })
	if len(q.Rows()) != 0 {
		t.Fatalf("rows %v", q.Rows())
	}

	p := st.participant(t, pcaresim.KindActiveHere)
	res, err := st.svc.CheckEligibility(t.Context(), p.NoKartu)
	if err != nil {
		t.Fatal(err)
	}
	polis, err := st.svc.Polis(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.svc.Register(t.Context(), res.Eligibility, regFor(polis[0].Code)); err != nil {
		t.Fatal(err)
	}
	st.waitFor(t, "the queue to refresh by itself", func() bool { return len(q.Rows()) == 1 })
}

// A registration can be cancelled from the queue before examination; the
// outbox deletes it at PCare, once.
func TestQueueCancelRegistration(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	f, p := checkedForm(t, st, m, pcaresim.KindActiveHere)
	f.Poli.SetSelected(f.Polis()[0].Name)
	test.Tap(f.Submit)
	waitForStatus(t, st, f)
	st.worker.RunOnce(context.Background()) // PCare has it now

	q := m.Queue
	m.Tabs.SelectIndex(1)
	st.waitFor(t, "the registration in the queue", func() bool { return len(q.Rows()) == 1 && q.Rows()[0].QueueNo != "" })
	if !q.CancelBtn.Disabled() {
		t.Fatal("cancel enabled with nothing chosen")
	}
	q.Table.Select(widget.TableCellID{Row: 0, Col: colName})
	if q.CancelBtn.Disabled() {
		t.Fatal("cancel disabled for a waiting patient")
	}
	q.Cancel(q.Rows()[0])
	st.waitFor(t, "the cancelled registration to leave the queue", func() bool { return len(q.Rows()) == 0 })
	st.worker.RunOnce(context.Background())
	n := map[string]int{}
	for _, w := range st.sim.Writes() {
		if w.NoKartu == p.NoKartu {
			n[w.Kind]++
		}
	}
	if n["pendaftaran"] != 1 || n["delete-pendaftaran"] != 1 {
		t.Fatalf("PCare's writes %v", n)
	}
}
