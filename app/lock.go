package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/access"
)

// LockScreen covers the screens after the idle time: the same person's
// password continues where they were; "switch user" signs someone else
// in.
type LockScreen struct {
	Container *fyne.Container
	Password  *Entry
	UnlockBtn *Button
	SwitchBtn *Button
	Status    *widget.Label

	w        fyne.Window
	gate     *Gate
	bg       *background
	user     access.Principal
	unlocked func()
	busy     bool
}

// NewLockScreen builds the lock for user; unlocked is called after the
// right password, switchUser when someone else wants the desk.
func NewLockScreen(w fyne.Window, g *Gate, bg *background, user access.Principal, unlocked, switchUser func()) *LockScreen {
	l := &LockScreen{w: w, gate: g, bg: bg, user: user, unlocked: unlocked}
	who := widget.NewLabelWithStyle(lang.L("lock.who", map[string]any{"Name": user.Name, "User": user.Username}),
		fyne.TextAlignCenter, fyne.TextStyle{})
	who.Wrapping = fyne.TextWrapWord
	l.Password = newPasswordEntry()
	l.Password.SetPlaceHolder(lang.L("signin.password"))
	l.Password.OnSubmitted = func(string) { l.Submit() }
	l.UnlockBtn = newButtonWithIcon(lang.L("lock.unlock"), theme.LoginIcon(), l.Submit)
	l.UnlockBtn.Importance = widget.HighImportance
	l.SwitchBtn = newButtonWithIcon(lang.L("lock.switch"), theme.AccountIcon(), switchUser)
	l.Status = widget.NewLabel("")
	l.Status.Wrapping = fyne.TextWrapWord
	l.Status.Importance = widget.DangerImportance
	l.Container = centered(lang.L("lock.title"), g, nil, container.NewVBox(
		who, l.Password, container.NewGridWithColumns(2, l.SwitchBtn, l.UnlockBtn), l.Status,
	))
	return l
}

func (l *LockScreen) focus() { l.w.Canvas().Focus(l.Password) }

// Submit checks the password typed.
func (l *LockScreen) Submit() {
	if l.busy || l.Password.Text == "" {
		return
	}
	l.busy = true
	l.UnlockBtn.Disable()
	pw := l.Password.Text
	l.bg.run(nil, func(ctx context.Context) {
		err := l.gate.Users.Unlock(ctx, l.user, pw)
		l.bg.ui(func() {
			l.busy = false
			l.UnlockBtn.Enable()
			l.Password.SetText("")
			if err != nil {
				l.Status.SetText(errorText(err))
				return
			}
			l.unlocked()
		})
	})
}
