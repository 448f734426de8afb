package app

import (
	"context"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/access"
)

// SignInScreen asks for a username and password. Enter in either field
// signs in.
type SignInScreen struct {
	Container *fyne.Container
	Facility  *widget.Label
	Username  *Entry
	Password  *Entry
	SignInBtn *Button
	Status    *widget.Label

	w    fyne.Window
	gate *Gate
	bg   *background
	busy bool
	done func(access.Principal)
}

// NewSignInScreen builds the sign-in; done gets the person signed in.
func NewSignInScreen(w fyne.Window, g *Gate, bg *background, done func(access.Principal)) *SignInScreen {
	s := &SignInScreen{w: w, gate: g, bg: bg, done: done}
	s.Facility = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.Username = newEntry()
	s.Username.SetPlaceHolder(lang.L("signin.username"))
	s.Password = newPasswordEntry()
	s.Password.SetPlaceHolder(lang.L("signin.password"))
	s.Username.OnSubmitted = func(string) { w.Canvas().Focus(s.Password) }
	s.Password.OnSubmitted = func(string) { s.Submit() }
	s.SignInBtn = newButtonWithIcon(lang.L("signin.button"), theme.LoginIcon(), s.Submit)
	s.SignInBtn.Importance = widget.HighImportance
	s.Status = widget.NewLabel("")
	s.Status.Wrapping = fyne.TextWrapWord
	s.Status.Importance = widget.DangerImportance
	s.Container = centered(lang.L("signin.title"), g, s.Facility, container.NewVBox(
		widget.NewForm(
			widget.NewFormItem(lang.L("signin.username"), s.Username),
			widget.NewFormItem(lang.L("signin.password"), s.Password),
		),
		s.SignInBtn, s.Status,
	))
	if g.Facility != nil {
		bg.run(nil, func(ctx context.Context) {
			name := g.Facility(ctx)
			bg.ui(func() { s.Facility.SetText(name) })
		})
	}
	return s
}

func (s *SignInScreen) focus() {
	if s.Username.Text == "" {
		s.w.Canvas().Focus(s.Username)
	} else {
		s.w.Canvas().Focus(s.Password)
	}
}

// Submit signs in with what is typed.
func (s *SignInScreen) Submit() {
	if s.busy {
		return
	}
	if s.Username.Text == "" || s.Password.Text == "" {
		s.Status.SetText(lang.L("signin.empty"))
		return
	}
	s.busy = true
	s.SignInBtn.Disable()
	s.Status.SetText("")
	user, pw := s.Username.Text, s.Password.Text
	s.bg.run(nil, func(ctx context.Context) {
		p, err := s.gate.Users.SignIn(ctx, user, pw)
		s.bg.ui(func() {
			s.busy = false
			s.SignInBtn.Enable()
			if err != nil {
				s.Password.SetText("")
				s.Status.SetText(errorText(err))
				s.w.Canvas().Focus(s.Password)
				return
			}
			s.done(p)
		})
	})
}

// centered lays out a small card in the middle of the window, the way the
// sign-in, lock and wizard pages look: the app's name, the clinic, the
// training warning when it applies, then the page.
func centered(title string, g *Gate, facility *widget.Label, body fyne.CanvasObject) *fyne.Container {
	head := container.NewVBox(
		container.NewCenter(widget.NewIcon(Icon)),
		widget.NewLabelWithStyle("FKTP Desk", fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
	)
	if facility != nil {
		head.Add(facility)
	}
	if g.training() {
		warn := widget.NewLabelWithStyle(lang.L("training.banner"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		warn.Wrapping = fyne.TextWrapWord
		head.Add(container.NewStack(canvas.NewRectangle(bannerColor), onAmber(warn)))
	}
	card := widget.NewCard(title, "", body)
	box := container.NewVBox(head, card)
	sized := fixedWidth(440, box)
	bg := canvas.NewRectangle(color.Transparent)
	return container.NewStack(bg, container.NewCenter(sized))
}
