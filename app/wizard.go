package app

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/access"
	"fktpdesk/pcare"
	"fktpdesk/setup"
)

// Wizard is the first start: the clinic, its first (admin) account, and
// which PCare to talk to. It asks the same questions as `fktpctl setup`
// and hands the answers to the same code (Gate.Setup).
type Wizard struct {
	Container *fyne.Container
	Step      int // 0 clinic, 1 admin, 2 PCare
	Steps     []*fyne.Container
	StepLabel *widget.Label
	BackBtn   *Button
	NextBtn   *Button
	Status    *widget.Label

	PPK, FacilityName, Address, Regency, Branch *Entry

	Username, FullName, Password, Again *Entry
	// AlsoRoles are the desk roles the admin holds too (in a small klinik
	// the admin is often the doctor); none by default.
	AlsoRoles map[access.Role]*Check

	Mode *widget.RadioGroup
	pcareFields
	credentials *fyne.Container
	w           fyne.Window
	gate        *Gate
	bg          *background
	done        func(access.Principal)
	busy        bool
	modeNames   []string
}

// NewWizard builds the wizard; done gets the new admin, signed in.
func NewWizard(w fyne.Window, g *Gate, bg *background, done func(access.Principal)) *Wizard {
	z := &Wizard{w: w, gate: g, bg: bg, done: done}
	entry := func(placeholder string) *Entry {
		e := newEntry()
		e.SetPlaceHolder(placeholder)
		return e
	}
	z.PPK = entry("0114U163")
	z.FacilityName = entry(lang.L("wizard.facility.name.hint"))
	z.Address, z.Regency, z.Branch = entry(""), entry(""), entry("")
	clinicStep := container.NewVBox(
		widget.NewLabel(lang.L("wizard.clinic.intro")),
		widget.NewForm(
			widget.NewFormItem(lang.L("wizard.facility.ppk"), z.PPK),
			widget.NewFormItem(lang.L("wizard.facility.name"), z.FacilityName),
			widget.NewFormItem(lang.L("wizard.facility.address"), z.Address),
			widget.NewFormItem(lang.L("wizard.facility.regency"), z.Regency),
			widget.NewFormItem(lang.L("wizard.facility.branch"), z.Branch),
		),
	)

	z.Username, z.FullName = entry("admin"), entry(lang.L("wizard.admin.name.hint"))
	z.Password, z.Again = newPasswordEntry(), newPasswordEntry()
	adminStep := container.NewVBox(
		widget.NewLabel(lang.L("wizard.admin.intro")),
		widget.NewForm(
			widget.NewFormItem(lang.L("signin.username"), z.Username),
			widget.NewFormItem(lang.L("wizard.admin.name"), z.FullName),
			widget.NewFormItem(lang.L("signin.password"), z.Password),
			widget.NewFormItem(lang.L("password.again"), z.Again),
		),
		wrapLabel(lang.L("wizard.admin.rules")),
		widget.NewLabel(lang.L("wizard.admin.roles")),
		z.alsoRoles(),
	)

	for _, m := range setup.Modes {
		z.modeNames = append(z.modeNames, lang.L("mode."+string(m)))
	}
	z.pcareFields = newPCareFields()
	z.KdAplikasi.SetPlaceHolder(pcare.DefaultKdAplikasi) // empty means PCare's default, as for fktpctl setup
	z.credentials = container.NewVBox(widget.NewForm(z.items()...), wrapLabel(lang.L("wizard.pcare.secrets")))
	z.Mode = widget.NewRadioGroup(z.modeNames, func(string) { z.showCredentials() })
	z.Mode.SetSelected(z.modeNames[0])
	pcareStep := container.NewVBox(widget.NewLabel(lang.L("wizard.pcare.intro")), z.Mode, z.credentials)

	z.Steps = []*fyne.Container{clinicStep, adminStep, pcareStep}
	z.StepLabel = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	z.BackBtn = newButtonWithIcon(lang.L("wizard.back"), theme.NavigateBackIcon(), z.Back)
	z.NextBtn = newButtonWithIcon(lang.L("wizard.next"), theme.NavigateNextIcon(), z.Next)
	z.NextBtn.Importance = widget.HighImportance
	z.Status = wrapLabel("")
	z.Status.Importance = widget.DangerImportance
	for _, e := range []*Entry{z.PPK, z.FacilityName, z.Address, z.Regency, z.Branch, z.Username, z.FullName, z.Password, z.Again,
		z.ConsID, z.Secret, z.UserKey, z.PUser, z.PPass, z.KdAplikasi} {
		e.OnSubmitted = func(string) { z.Next() }
	}
	body := container.NewVBox(z.StepLabel)
	for _, st := range z.Steps {
		body.Add(st)
	}
	body.Add(container.NewGridWithColumns(2, z.BackBtn, z.NextBtn))
	body.Add(z.Status)
	z.Container = centered(lang.L("wizard.title"), g, nil, body)
	z.display(0)
	return z
}

// pcareFields are the PCare credentials' entries, as the wizard and the
// settings screen both ask for them; the secret ones never show their text.
type pcareFields struct {
	ConsID, Secret, UserKey, PUser, PPass, KdAplikasi *Entry
}

func newPCareFields() pcareFields {
	return pcareFields{ConsID: newEntry(), Secret: newPasswordEntry(), UserKey: newPasswordEntry(),
		PUser: newEntry(), PPass: newPasswordEntry(), KdAplikasi: newEntry()}
}

func (p pcareFields) items() []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem(lang.L("pcare.consid"), p.ConsID),
		widget.NewFormItem(lang.L("pcare.secret"), p.Secret),
		widget.NewFormItem(lang.L("pcare.userkey"), p.UserKey),
		widget.NewFormItem(lang.L("pcare.user"), p.PUser),
		widget.NewFormItem(lang.L("pcare.password"), p.PPass),
		widget.NewFormItem(lang.L("pcare.kdaplikasi"), p.KdAplikasi),
	}
}

func wrapLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func (z *Wizard) focus() {
	if z.Step == 2 && z.mode() == pcare.ModeTraining {
		// Nothing to type: Enter (or Space) on "Selesai" finishes.
		z.w.Canvas().Focus(z.NextBtn)
		return
	}
	z.w.Canvas().Focus([]*Entry{z.PPK, z.Username, z.ConsID}[z.Step])
}

// show goes to step and puts the keyboard on its first field.
func (z *Wizard) show(step int) {
	z.display(step)
	z.focus()
}

func (z *Wizard) display(step int) {
	z.Step = step
	for i, st := range z.Steps {
		setVisible(i == step, st)
	}
	z.StepLabel.SetText(lang.L("wizard.step", map[string]any{"N": step + 1, "Of": len(z.Steps),
		"Name": lang.L([]string{"wizard.step.clinic", "wizard.step.admin", "wizard.step.pcare"}[step])}))
	setEnabled(step > 0, z.BackBtn)
	if step == len(z.Steps)-1 {
		z.NextBtn.SetText(lang.L("wizard.finish"))
		z.NextBtn.SetIcon(theme.ConfirmIcon())
	} else {
		z.NextBtn.SetText(lang.L("wizard.next"))
		z.NextBtn.SetIcon(theme.NavigateNextIcon())
	}
	z.showCredentials()
}

func (z *Wizard) mode() pcare.Mode {
	i := slices.Index(z.modeNames, z.Mode.Selected)
	if i < 0 {
		return ""
	}
	return setup.Modes[i]
}

func (z *Wizard) showCredentials() {
	setVisible(z.Step == 2 && z.mode() != pcare.ModeTraining, z.credentials)
}

func (z *Wizard) alsoRoles() fyne.CanvasObject {
	z.AlsoRoles = map[access.Role]*Check{}
	box := container.NewGridWithColumns(4)
	for _, r := range access.Roles {
		if r == access.Admin {
			continue
		}
		c := newCheck(lang.L("role."+string(r)), nil)
		z.AlsoRoles[r] = c
		box.Add(c)
	}
	return box
}

// Answers are the wizard's fields as set-up answers.
func (z *Wizard) Answers() setup.Answers {
	a := setup.Answers{Mode: z.mode()}
	a.Facility.PPK, a.Facility.Name, a.Facility.Address = z.PPK.Text, z.FacilityName.Text, z.Address.Text
	a.Facility.Regency, a.Facility.BPJSBranch = z.Regency.Text, z.Branch.Text
	roles := []access.Role{access.Admin}
	for _, r := range access.Roles {
		if c := z.AlsoRoles[r]; c != nil && c.Checked {
			roles = append(roles, r)
		}
	}
	a.Admin = access.NewUser{Username: z.Username.Text, Name: z.FullName.Text, Password: z.Password.Text, Roles: roles}
	a.PCare.ConsID, a.PCare.ConsSecret, a.PCare.UserKey = z.ConsID.Text, z.Secret.Text, z.UserKey.Text
	a.PCare.Username, a.PCare.Password, a.PCare.KdAplikasi = z.PUser.Text, z.PPass.Text, z.KdAplikasi.Text
	return a
}

// stepOf is the step whose field a problem is about.
func stepOf(field string) int {
	switch {
	case strings.HasPrefix(field, "facility"):
		return 0
	case strings.HasPrefix(field, "admin"):
		return 1
	}
	return 2
}

// Back goes to the previous step.
func (z *Wizard) Back() {
	if z.Step > 0 {
		z.Status.SetText("")
		z.show(z.Step - 1)
	}
}

// Next checks this step and goes on; on the last step it sets up.
func (z *Wizard) Next() {
	if z.busy {
		return
	}
	a := z.Answers()
	for _, p := range a.Check() {
		if stepOf(p.Field) <= z.Step {
			z.Status.SetText(p.Message)
			z.show(stepOf(p.Field))
			return
		}
	}
	if z.Step == 1 {
		if err := access.CheckStrength(z.Password.Text, z.Username.Text, z.FullName.Text); err != nil {
			z.Status.SetText(errorText(err))
			return
		}
		if z.Password.Text != z.Again.Text {
			z.Status.SetText(lang.L("password.mismatch"))
			return
		}
	}
	z.Status.SetText("")
	if z.Step < len(z.Steps)-1 {
		z.show(z.Step + 1)
		return
	}
	z.busy = true
	z.NextBtn.Disable()
	z.Status.Importance = widget.MediumImportance
	z.Status.SetText(lang.L("wizard.working"))
	z.bg.run(nil, func(ctx context.Context) {
		p, err := z.gate.Setup(ctx, a)
		z.bg.ui(func() {
			z.busy = false
			z.NextBtn.Enable()
			z.Status.Importance = widget.DangerImportance
			if err != nil {
				z.Status.SetText(errorText(err))
				return
			}
			z.Status.SetText("")
			z.done(p)
		})
	})
}
