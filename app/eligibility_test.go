package app

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/pcare/pcaresim"
)

func TestCheckActiveHereShowsNameAndServeAdvice(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	p := st.participant(t, pcaresim.KindActiveHere)

	if got := m.Window.Canvas().Focused(); got != m.Eligibility.Number {
		t.Fatalf("focus at start is %T, want the number entry", got)
	}
	st.check(t, m, p.NoKartu)

	r := m.Eligibility.Result
	if !r.Container.Visible() {
		t.Fatalf("no result; message %q, error %q", m.Eligibility.Message.Text, m.Eligibility.NumberError.Text)
	}
	if r.Name.Text != p.Nama {
		t.Errorf("name %q, want %q", r.Name.Text, p.Nama)
	}
	if r.Status.Text != "AKTIF" || r.Status.Importance != widget.SuccessImportance {
		t.Errorf("status %q (importance %v)", r.Status.Text, r.Status.Importance)
	}
	if r.CardNo.Text != p.NoKartu || r.NIK.Text != p.NoKTP {
		t.Errorf("card %q NIK %q", r.CardNo.Text, r.NIK.Text)
	}
	if !regexp.MustCompile(`^(Laki-laki|Perempuan), \d+ tahun \(lahir \d\d (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4}\)$`).MatchString(r.Sex.Text) {
		t.Errorf("sex and age %q", r.Sex.Text)
	}
	if r.FKTPWarn.Visible() {
		t.Error("registered here, yet the FKTP is flagged")
	}
	if adv := adviceTexts(m.Eligibility); !strings.Contains(adv, "Peserta aktif dan terdaftar di klinik ini. Lanjutkan pendaftaran.") {
		t.Errorf("advice %q", adv)
	}
	if m.Eligibility.OfflineBanner.Visible() {
		t.Error("offline banner on a fresh answer")
	}
	if m.Eligibility.Form.Submit.Disabled() {
		t.Error("registration still disabled after a successful check")
	}
}

func TestCheckByNIK(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	p := st.participant(t, pcaresim.KindActiveHere)
	st.check(t, m, p.NoKTP)
	if got := m.Eligibility.Result.Name.Text; got != p.Nama {
		t.Fatalf("name %q, want %q (message %q)", got, p.Nama, m.Eligibility.Message.Text)
	}
}

func TestCheckInactivePBIShowsDinasSosial(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	p := st.participant(t, pcaresim.KindInactivePBI)
	st.check(t, m, p.NoKartu)

	r := m.Eligibility.Result
	if !strings.HasPrefix(r.Status.Text, "TIDAK AKTIF") || r.Status.Importance != widget.DangerImportance {
		t.Errorf("status %q (importance %v)", r.Status.Text, r.Status.Importance)
	}
	if !strings.Contains(r.Type.Text, "KIS") {
		t.Errorf("participant type %q lacks the KIS hint", r.Type.Text)
	}
	if adv := adviceTexts(m.Eligibility); !strings.Contains(adv, "Arahkan pasien ke Dinas Sosial setempat") {
		t.Errorf("advice %q", adv)
	}
}

func TestCheckArrearsShowsAmountInRupiah(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	p := st.participant(t, pcaresim.KindArrears)
	st.check(t, m, p.NoKartu)

	rupiah := regexp.MustCompile(`Rp [1-9]\d{0,2}(\.\d{3})*`)
	if got := m.Eligibility.Result.Arrears.Text; !rupiah.MatchString(got) {
		t.Errorf("arrears %q", got)
	}
	adv := adviceTexts(m.Eligibility)
	if !strings.Contains(adv, "Peserta menunggak iuran Rp ") || !rupiah.MatchString(adv) {
		t.Errorf("advice %q", adv)
	}
}

func TestCheckRegisteredElsewhereIsHighlighted(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	p := st.participant(t, pcaresim.KindActiveElsewhere)
	st.check(t, m, p.NoKartu)

	r := m.Eligibility.Result
	if !r.FKTPWarn.Visible() || r.FKTP.Importance != widget.WarningImportance {
		t.Errorf("other FKTP not highlighted: icon %v, importance %v", r.FKTPWarn.Visible(), r.FKTP.Importance)
	}
	if !strings.Contains(r.FKTP.Text, "BUKAN klinik ini") {
		t.Errorf("FKTP %q", r.FKTP.Text)
	}
	if adv := adviceTexts(m.Eligibility); !strings.Contains(adv, "Peserta terdaftar di FKTP lain (") {
		t.Errorf("advice %q", adv)
	}
}

func TestMalformedNumberAnsweredWithoutARequest(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	st.check(t, m, "123456789012")

	e := m.Eligibility
	if !e.NumberError.Visible() || !strings.Contains(e.NumberError.Text, "12 digit") {
		t.Errorf("number error %q (visible %v)", e.NumberError.Text, e.NumberError.Visible())
	}
	if n := st.central.participants.Load(); n != 0 {
		t.Errorf("%d PCare requests for a malformed number", n)
	}
	if e.Result.Container.Visible() || !e.Form.Submit.Disabled() {
		t.Error("a malformed number left a result or an enabled form")
	}
}

func TestUnknownNumberSaysNotRegistered(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	st.check(t, m, "9999999999999")
	if got := m.Eligibility.Message.Text; !strings.Contains(got, "tidak terdaftar") {
		t.Errorf("message %q", got)
	}
}

// The screen never waits on PCare: while it is slow, Batal is available,
// and the late answer is dropped.
func TestCancelSlowCheck(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	p := st.participant(t, pcaresim.KindActiveHere)
	f := st.sim.Faults()
	f.LatencyMS = 3000
	st.sim.SetFaults(f)

	e := m.Eligibility
	test.Type(e.Number, p.NoKartu)
	test.Tap(e.CheckBtn)
	if !e.Busy.Visible() || e.CancelBtn.Disabled() {
		t.Fatal("no progress indicator or Batal while PCare answers")
	}
	test.Tap(e.CancelBtn)
	if e.Busy.Visible() || e.Message.Text != lang.L("elig.cancelled") {
		t.Fatalf("after Batal: busy %v, message %q", e.Busy.Visible(), e.Message.Text)
	}
	st.ui.drain()
	if e.Result.Container.Visible() {
		t.Fatal("a cancelled check showed a result")
	}
}

func TestOfflineAnswerThenAutomaticRecheck(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	p := st.participant(t, pcaresim.KindActiveHere)
	e := m.Eligibility

	st.check(t, m, p.NoKartu) // stored while PCare answers

	f := st.sim.Faults()
	f.Outage = true
	st.sim.SetFaults(f)
	st.clock.Advance(3*time.Hour + 5*time.Minute)
	st.check(t, m, p.NoKartu)

	if !e.OfflineBanner.Visible() {
		t.Fatalf("no offline banner; message %q", e.Message.Text)
	}
	want := "PCare tidak menjawab — menampilkan data tersimpan 3 jam lalu, belum terverifikasi"
	if !strings.Contains(e.OfflineLabel.Text, want) {
		t.Errorf("banner %q, want it to contain %q", e.OfflineLabel.Text, want)
	}
	if e.Result.Name.Text != p.Nama {
		t.Errorf("cached name %q, want %q", e.Result.Name.Text, p.Nama)
	}
	if adv := adviceTexts(e); !strings.Contains(adv, "belum diverifikasi PCare") {
		t.Errorf("advice %q", adv)
	}

	// Registration still works, marked unverified.
	form := e.Form
	st.waitFor(t, "the poli list", func() bool { return len(form.Polis()) > 0 })
	form.Poli.SetSelectedIndex(0)
	test.Tap(form.Submit)
	st.waitFor(t, "the registration", func() bool { return form.Status.Importance == widget.SuccessImportance })
	if !strings.Contains(form.Status.Text, "belum terverifikasi") {
		t.Errorf("status %q does not say unverified", form.Status.Text)
	}
	regs, err := st.svc.Queue(t.Context(), st.clock.Now())
	if err != nil || len(regs) != 1 || !regs[0].Unverified {
		t.Fatalf("queue %+v, %v; want one unverified registration", regs, err)
	}

	// PCare is back: the background re-check replaces the answer, leaving
	// the cursor where the nurse is typing.
	m.Window.Canvas().Focus(form.Complaint)
	f.Outage = false
	st.sim.SetFaults(f)
	st.waitFor(t, "the re-check to replace the offline answer", func() bool {
		cur := e.Current()
		return cur != nil && !cur.Offline && cur.Verified
	})
	if e.OfflineBanner.Visible() {
		t.Error("banner still shown after PCare answered")
	}
	if m.Window.Canvas().Focused() != form.Complaint {
		t.Error("the re-check moved the keyboard focus")
	}
	if adv := adviceTexts(e); strings.Contains(adv, "belum diverifikasi") {
		t.Errorf("advice still unverified: %q", adv)
	}
	regs, err = st.svc.Queue(t.Context(), st.clock.Now())
	if err != nil || len(regs) != 1 || regs[0].Unverified {
		t.Errorf("after the re-check the registration is still unverified: %+v, %v", regs, err)
	}
}

// Leaving the screen stops the re-checks; coming back starts them again.
func TestRecheckStopsWhenLeaving(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	p := st.participant(t, pcaresim.KindActiveHere)
	e := m.Eligibility
	st.check(t, m, p.NoKartu)
	f := st.sim.Faults()
	f.Outage = true
	st.sim.SetFaults(f)
	st.check(t, m, p.NoKartu)
	if !e.OfflineBanner.Visible() {
		t.Fatal("no offline answer")
	}

	m.Tabs.SelectIndex(1)
	f.Outage = false
	st.sim.SetFaults(f)
	asked := st.central.participants.Load()
	time.Sleep(10 * e.RetryEvery)
	st.ui.drain()
	if n := st.central.participants.Load(); n != asked || !e.Current().Offline {
		t.Fatalf("re-checked %d times while the screen was not shown", n-asked)
	}

	m.Tabs.SelectIndex(0)
	st.waitFor(t, "the re-check after coming back", func() bool { return !e.Current().Offline })
}

func TestOfflineWithoutStoredAnswer(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	p := st.participant(t, pcaresim.KindActiveHere)
	f := st.sim.Faults()
	f.Outage = true
	st.sim.SetFaults(f)
	st.check(t, m, p.NoKartu)
	if got := m.Eligibility.Message.Text; !strings.Contains(got, "PCare tidak dapat dihubungi") {
		t.Errorf("message %q", got)
	}
	if m.Eligibility.Result.Container.Visible() {
		t.Error("a result with nothing stored")
	}
}
