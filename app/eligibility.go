package app

import (
	"context"
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
)

// DefaultRetryEvery is how often an answer from the local store is re-asked
// of PCare while it is on screen: often enough that the banner goes away
// soon after PCare is back, rarely enough not to add load to a struggling
// service from every desk.
const DefaultRetryEvery = 30 * time.Second

// EligibilityScreen is "Kepesertaan & Pendaftaran": one entry for a card
// number or NIK, the answer with the next step, and the registration form
// beside it.
type EligibilityScreen struct {
	Container fyne.CanvasObject

	Number      *Entry
	CheckBtn    *Button
	CancelBtn   *Button
	Activity    *widget.Activity
	Busy        *fyne.Container // activity + "asking PCare"; hidden when idle
	NumberError *widget.Label   // the number's own problem, under the entry
	Message     *widget.Label   // the service's answer when there is no result

	OfflineBanner *fyne.Container
	OfflineLabel  *widget.Label

	Result *ResultCard
	Advice *fyne.Container // one wrapped label per next step

	Form *RegistrationForm

	// RetryEvery is the pause between background re-checks of an offline
	// answer (DefaultRetryEvery). Read when a re-check loop starts.
	RetryEvery time.Duration

	w       fyne.Window
	d       Deps
	bg      *background
	current *clinic.CheckResult
	// gen counts checks: an answer that arrives after the person moved on
	// (another number, cancel) belongs to an older gen and is dropped.
	gen         int
	cancelCheck context.CancelFunc
	cancelRetry context.CancelFunc
	visible     bool
}

// NewEligibilityScreen builds the screen; w is where focus goes.
func NewEligibilityScreen(w fyne.Window, d Deps, bg *background) *EligibilityScreen {
	s := &EligibilityScreen{w: w, d: d, bg: bg, RetryEvery: DefaultRetryEvery, visible: true}

	s.Number = newEntry()
	s.Number.SetPlaceHolder(lang.L("elig.number.placeholder"))
	s.Number.OnSubmitted = func(string) { s.Check() }
	s.CheckBtn = newButtonWithIcon(lang.L("elig.check"), theme.SearchIcon(), s.Check)
	s.CheckBtn.Importance = widget.HighImportance
	s.CancelBtn = newButtonWithIcon(lang.L("common.cancel"), theme.CancelIcon(), s.Cancel)
	s.CancelBtn.Disable()

	s.Activity = widget.NewActivity()
	s.Busy = container.NewHBox(s.Activity, widget.NewLabel(lang.L("elig.asking")))
	s.Busy.Hide()

	s.NumberError = dangerLabel()
	s.Message = widget.NewLabel("")
	s.Message.Wrapping = fyne.TextWrapWord
	s.Message.Hide()

	s.OfflineLabel = widget.NewLabel("")
	s.OfflineLabel.Wrapping = fyne.TextWrapWord
	s.OfflineLabel.TextStyle = fyne.TextStyle{Bold: true}
	s.OfflineBanner = container.NewStack(
		canvas.NewRectangle(offlineColor),
		onAmber(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, s.OfflineLabel)),
	)
	s.OfflineBanner.Hide()

	s.Result = newResultCard()
	s.Result.Container.Hide()
	s.Advice = container.NewVBox()

	s.Form = NewRegistrationForm(d, bg)

	numberRow := container.NewBorder(nil, nil, nil,
		container.NewHBox(s.CheckBtn, s.CancelBtn), s.Number)
	left := container.NewVBox(
		widget.NewLabelWithStyle(lang.L("elig.number.label"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		numberRow,
		s.NumberError,
		s.Busy,
		s.Message,
		s.OfflineBanner,
		s.Result.Container,
		s.Advice,
	)
	// The left column scrolls only as a last resort (a long PCare reason
	// on a small screen); the registration form beside it never does.
	s.Container = container.NewGridWithColumns(2,
		container.NewVScroll(left),
		container.NewPadded(s.Form.Container),
	)
	return s
}

// offlineColor is a pale amber: a warning that must not look like an error,
// readable with black text on any theme.
var offlineColor = color.NRGBA{R: 0xff, G: 0xe0, B: 0x82, A: 0xff}

// Check asks about the number in the entry.
func (s *EligibilityScreen) Check() {
	text := s.Number.Text
	s.stopRetry()
	if s.cancelCheck != nil {
		s.cancelCheck()
		s.cancelCheck = nil
	}
	s.gen++
	s.clearResult()

	// A malformed number is answered here, at once, without a goroutine or a
	// request: the same rule the service applies.
	if _, _, err := clinic.DetectID(text); err != nil {
		s.showError(err)
		return
	}

	gen := s.gen
	ctx, cancel := s.bg.child()
	s.cancelCheck = cancel
	s.setBusy(true)
	svc := s.d.Clinic
	s.bg.run(ctx, func(ctx context.Context) {
		res, err := svc.CheckEligibility(ctx, text)
		s.bg.ui(func() {
			if gen != s.gen {
				return // cancelled, or another number asked since
			}
			cancel()
			s.cancelCheck = nil
			s.setBusy(false)
			if err != nil {
				s.showError(err)
				return
			}
			s.show(res, true)
		})
	})
}

// CheckNumber types number into the entry and checks it.
func (s *EligibilityScreen) CheckNumber(number string) {
	s.Number.SetText(number)
	s.Check()
}

// Cancel abandons the check in progress; PCare's late answer is ignored.
func (s *EligibilityScreen) Cancel() {
	if s.cancelCheck == nil {
		return
	}
	s.cancelCheck()
	s.cancelCheck = nil
	s.gen++
	s.setBusy(false)
	s.setMessage(lang.L("elig.cancelled"))
	s.w.Canvas().Focus(s.Number)
}

// Enter is called when the screen is shown again: the keyboard goes to the
// number, and an offline answer starts being re-checked again.
func (s *EligibilityScreen) Enter() {
	s.visible = true
	s.w.Canvas().Focus(s.Number)
	s.startRetry()
}

// Leave is called when another screen is shown: nobody is looking, so the
// re-checks stop.
func (s *EligibilityScreen) Leave() {
	s.visible = false
	s.stopRetry()
}

// Current is the answer on screen, nil when none.
func (s *EligibilityScreen) Current() *clinic.CheckResult { return s.current }

func (s *EligibilityScreen) setBusy(busy bool) {
	if busy {
		s.Busy.Show()
		s.Activity.Start()
		s.CancelBtn.Enable()
		s.CheckBtn.Disable()
		return
	}
	s.Activity.Stop()
	s.Busy.Hide()
	s.CancelBtn.Disable()
	s.CheckBtn.Enable()
}

func (s *EligibilityScreen) clearResult() {
	s.current = nil
	s.NumberError.SetText("")
	s.NumberError.Hide()
	s.Message.Hide()
	s.OfflineBanner.Hide()
	s.Result.Container.Hide()
	s.Advice.RemoveAll()
	// The form belongs to the person on screen; a new number must never
	// inherit the last person's vitals.
	s.Form.Reset()
}

func (s *EligibilityScreen) setMessage(text string) {
	s.Message.SetText(text)
	s.Message.Show()
}

func (s *EligibilityScreen) showError(err error) {
	text := errorText(err)
	if text == "" {
		return
	}
	if fields := clinic.FieldErrors(err); len(fields) > 0 {
		var msgs []string
		for _, f := range fields {
			msgs = append(msgs, f.Message)
		}
		s.NumberError.SetText(strings.Join(msgs, "\n"))
		s.NumberError.Show()
		s.w.Canvas().Focus(s.Number)
		return
	}
	s.setMessage(text)
}

// show puts an answer on screen. focus moves the keyboard to the next step;
// a background re-check passes false, so it never pulls the cursor out of
// the field someone is typing in.
func (s *EligibilityScreen) show(res clinic.CheckResult, focus bool) {
	s.current = &res
	s.Message.Hide()
	s.Result.fill(res, s.d.now())
	s.Result.Container.Show()

	s.Advice.RemoveAll()
	for _, a := range res.Advice {
		l := widget.NewLabel(adviceText(a))
		l.Wrapping = fyne.TextWrapWord
		if a.Code == clinic.AdviceServe {
			l.Importance = widget.SuccessImportance
		}
		s.Advice.Add(l)
	}
	if res.NIKInfo != nil {
		for _, warn := range res.NIKInfo.Warnings {
			l := widget.NewLabel(warn)
			l.Wrapping = fyne.TextWrapWord
			s.Advice.Add(l)
		}
	}

	if res.Offline {
		s.updateOfflineBanner()
		s.OfflineBanner.Show()
	} else {
		s.OfflineBanner.Hide()
	}
	s.Form.SetEligibility(&res.Eligibility)
	if focus && res.Participant.Active {
		s.w.Canvas().Focus(s.Form.Poli)
	}
	s.startRetry()
}

func (s *EligibilityScreen) updateOfflineBanner() {
	if s.current == nil {
		return
	}
	s.OfflineLabel.SetText(lang.L("elig.offline", map[string]any{
		"Age": formatAgo(s.current.CheckedAt, s.d.now()),
	}))
}

// startRetry re-asks PCare in the background while an offline answer is on
// screen, and replaces it as soon as PCare answers.
func (s *EligibilityScreen) startRetry() {
	s.stopRetry()
	if s.current == nil || !s.current.Offline || !s.visible {
		return
	}
	number, gen, every := s.current.Number, s.gen, s.RetryEvery
	if every <= 0 {
		every = DefaultRetryEvery
	}
	ctx, cancel := s.bg.child()
	s.cancelRetry = cancel
	svc := s.d.Clinic
	s.bg.run(ctx, func(ctx context.Context) {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			res, err := svc.CheckEligibility(ctx, number)
			if ctx.Err() != nil {
				return
			}
			if err != nil || res.Offline {
				// Still down: only the "how long ago" text moves on.
				s.bg.ui(func() {
					if gen == s.gen {
						s.updateOfflineBanner()
					}
				})
				continue
			}
			s.bg.ui(func() {
				if gen != s.gen || ctx.Err() != nil {
					return
				}
				s.show(res, false)
			})
			return
		}
	})
}

func (s *EligibilityScreen) stopRetry() {
	if s.cancelRetry != nil {
		s.cancelRetry()
		s.cancelRetry = nil
	}
}

// adviceText turns a next-step code into a sentence for the desk.
func adviceText(a clinic.Advice) string {
	switch a.Code {
	case clinic.AdviceServe:
		return lang.L("advice.serve")
	case clinic.AdviceOtherFKTP:
		return lang.L("advice.other-fktp", map[string]any{"FKTP": dash(a.Detail)})
	case clinic.AdviceInactivePBI:
		return lang.L("advice.inactive-pbi")
	case clinic.AdviceArrears:
		return lang.L("advice.arrears", map[string]any{"Amount": formatRupiah(a.Amount)})
	case clinic.AdviceInactive:
		return lang.L("advice.inactive", map[string]any{"Reason": dash(a.Detail)})
	case clinic.AdviceUnverified:
		return lang.L("advice.unverified")
	case clinic.AdviceProlanis:
		return lang.L("advice.prolanis", map[string]any{"Detail": dash(a.Detail)})
	case clinic.AdvicePRB:
		return lang.L("advice.prb", map[string]any{"Detail": dash(a.Detail)})
	}
	return string(a.Code)
}

// ResultCard shows one participant as PCare described them.
type ResultCard struct {
	Container *fyne.Container
	Name      *widget.Label
	Status    *widget.Label
	Sex       *widget.Label // sex, age and birth date
	CardNo    *widget.Label
	NIK       *widget.Label
	Type      *widget.Label
	Class     *widget.Label
	FKTP      *widget.Label
	// FKTPWarn is shown when the participant is registered at another FKTP.
	FKTPWarn *widget.Icon
	Arrears  *widget.Label
	Programs *widget.Label // Prolanis / PRB
}

func newResultCard() *ResultCard {
	c := &ResultCard{}
	value := func() *widget.Label {
		l := widget.NewLabel("")
		l.Selectable = true // numbers get copied into other systems
		return l
	}
	c.Name = widget.NewLabel("")
	c.Name.TextStyle = fyne.TextStyle{Bold: true}
	c.Name.SizeName = theme.SizeNameSubHeadingText
	c.Name.Wrapping = fyne.TextWrapWord
	c.Status = widget.NewLabel("")
	c.Status.TextStyle = fyne.TextStyle{Bold: true}
	c.Status.SizeName = theme.SizeNameSubHeadingText
	c.Sex, c.CardNo, c.NIK, c.Type, c.Class, c.Arrears, c.Programs = value(), value(), value(), value(), value(), value(), value()
	c.FKTP = widget.NewLabel("")
	c.FKTP.Wrapping = fyne.TextWrapWord
	c.FKTPWarn = widget.NewIcon(theme.WarningIcon())
	c.FKTPWarn.Hide()

	key := func(k string) *widget.Label {
		return widget.NewLabelWithStyle(k, fyne.TextAlignTrailing, fyne.TextStyle{})
	}
	grid := container.New(layout.NewFormLayout(),
		key(lang.L("result.sex_age")), c.Sex,
		key(lang.L("result.card")), c.CardNo,
		key(lang.L("result.nik")), c.NIK,
		key(lang.L("result.type")), c.Type,
		key(lang.L("result.class")), c.Class,
		key(lang.L("result.fktp")), container.NewBorder(nil, nil, c.FKTPWarn, nil, c.FKTP),
		key(lang.L("result.arrears")), c.Arrears,
		key(lang.L("result.programs")), c.Programs,
	)
	// Name, then status, each on its own line: PCare's reasons for an
	// inactive card are long and would squeeze a name into broken pieces.
	c.Status.Wrapping = fyne.TextWrapWord
	c.Container = container.NewVBox(c.Name, c.Status, grid)
	return c
}

func (c *ResultCard) fill(res clinic.CheckResult, now time.Time) {
	p := res.Participant
	c.Name.SetText(dash(p.Name))

	if p.Active {
		c.Status.Importance = widget.SuccessImportance
		c.Status.SetText(lang.L("result.active"))
	} else {
		c.Status.Importance = widget.DangerImportance
		// PCare's reason usually says "TIDAK AKTIF …" itself; say it once.
		reason := strings.TrimSpace(p.StatusText)
		inactive := lang.L("result.inactive")
		switch {
		case reason == "" || strings.EqualFold(reason, inactive):
			c.Status.SetText(inactive)
		case strings.HasPrefix(strings.ToUpper(reason), strings.ToUpper(inactive)):
			c.Status.SetText(reason)
		default:
			c.Status.SetText(inactive + " — " + reason)
		}
	}

	sexAge := sexText(p.Sex)
	if !p.BirthDate.IsZero() {
		sexAge += ", " + lang.L("result.age", map[string]any{
			"Years": strconv.Itoa(clinic.AgeYears(p.BirthDate, now)),
			"Born":  formatDate(p.BirthDate),
		})
	}
	c.Sex.SetText(sexAge)
	c.CardNo.SetText(dash(p.CardNo))
	c.NIK.SetText(dash(p.NIK))

	typ := dash(p.TypeName)
	if p.PBI() {
		typ += " — " + lang.L("result.kis")
	}
	if p.Dependent() {
		typ += " (" + p.Relationship + ")"
	}
	c.Type.SetText(typ)
	c.Class.SetText(dash(p.ClassName))

	fktp := dash(strings.TrimSpace(p.ProviderCode + " " + p.ProviderName))
	if res.RegisteredHere {
		c.FKTP.Importance = widget.MediumImportance
		c.FKTP.TextStyle = fyne.TextStyle{}
		c.FKTPWarn.Hide()
	} else {
		fktp += " — " + lang.L("result.fktp.elsewhere")
		c.FKTP.Importance = widget.WarningImportance
		c.FKTP.TextStyle = fyne.TextStyle{Bold: true}
		c.FKTPWarn.Show()
	}
	c.FKTP.SetText(fktp)

	if p.Arrears > 0 {
		c.Arrears.Importance = widget.DangerImportance
		c.Arrears.SetText(formatRupiah(p.Arrears))
	} else {
		c.Arrears.Importance = widget.MediumImportance
		c.Arrears.SetText(lang.L("result.arrears.none"))
	}

	var programs []string
	if p.Prolanis != "" {
		programs = append(programs, "Prolanis: "+p.Prolanis)
	}
	if p.PRB != "" {
		programs = append(programs, "PRB: "+p.PRB)
	}
	if len(programs) == 0 {
		c.Programs.SetText("—")
	} else {
		c.Programs.SetText(strings.Join(programs, " · "))
	}
}

func dangerLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}
