package app

import (
	"context"

	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/access"
)

// UsersScreen is the admin's list of accounts: add one, change its name
// and roles, reset its password, disable or enable it.
type UsersScreen struct {
	Container  *fyne.Container
	Table      *widget.Table
	AddBtn     *Button
	EditBtn    *Button
	ResetBtn   *Button
	DisableBtn *Button
	Status     *widget.Label

	// Dialog fields while an account dialog is open, for tests.
	Form *UserForm

	users    []access.User
	selected int
	w        fyne.Window
	d        Deps
	bg       *background
}

// UserForm is the add/edit dialog's fields.
type UserForm struct {
	Username, Name, Password, Again *Entry
	Roles                           map[access.Role]*Check
	Submit                          func()
}

// NewUsersScreen builds the screen; Refresh loads it.
func NewUsersScreen(w fyne.Window, d Deps, bg *background) *UsersScreen {
	s := &UsersScreen{w: w, d: d, bg: bg, selected: -1}
	s.Table = labelTable([]string{lang.L("users.username"), lang.L("users.name"), lang.L("users.roles"), lang.L("users.state")},
		[]float32{160, 260, 360, 200}, func() int { return len(s.users) }, s.fill)
	s.Table.OnSelected = func(id widget.TableCellID) {
		s.selected = id.Row
		s.buttons()
	}
	s.AddBtn = newButtonWithIcon(lang.L("users.add"), theme.ContentAddIcon(), func() { s.openForm(nil) })
	s.EditBtn = newButtonWithIcon(lang.L("users.edit"), theme.DocumentCreateIcon(), func() {
		if u := s.current(); u != nil {
			s.openForm(u)
		}
	})
	s.ResetBtn = newButtonWithIcon(lang.L("users.reset"), theme.ViewRefreshIcon(), s.reset)
	s.DisableBtn = newButtonWithIcon(lang.L("users.disable"), theme.CancelIcon(), s.toggle)
	s.Status = wrapLabel("")
	top := container.NewHBox(s.AddBtn, s.EditBtn, s.ResetBtn, s.DisableBtn)
	s.Container = container.NewBorder(top, s.Status, nil, nil, s.Table)
	s.buttons()
	return s
}

func (s *UsersScreen) current() *access.User {
	if s.selected < 0 || s.selected >= len(s.users) {
		return nil
	}
	return &s.users[s.selected]
}

func (s *UsersScreen) buttons() {
	u := s.current()
	setEnabled(u != nil, s.EditBtn, s.ResetBtn, s.DisableBtn)
	if u != nil && u.Disabled {
		s.DisableBtn.SetText(lang.L("users.enable"))
	} else {
		s.DisableBtn.SetText(lang.L("users.disable"))
	}
}

func roleNames(rs []access.Role) string {
	var out []string
	for _, r := range rs {
		out = append(out, lang.L("role."+string(r)))
	}
	return strings.Join(out, ", ")
}

func (s *UsersScreen) fill(l *widget.Label, row, col int) {
	u := s.users[row]
	switch col {
	case 0:
		l.SetText(u.Username)
	case 1:
		l.SetText(u.Name)
	case 2:
		l.SetText(roleNames(u.Roles))
	case 3:
		switch {
		case u.Disabled:
			l.Importance = widget.DangerImportance
			l.SetText(lang.L("users.disabled"))
		case s.d.now().Before(u.LockedUntil):
			l.Importance = widget.WarningImportance
			l.SetText(lang.L("users.locked"))
		default:
			l.SetText(lang.L("users.active"))
		}
	}
}

// Refresh reloads the accounts.
func (s *UsersScreen) Refresh() {
	s.bg.run(nil, func(ctx context.Context) {
		us, err := s.d.Users.Users(ctx)
		s.bg.ui(func() {
			if err != nil {
				s.Status.SetText(errorText(err))
				return
			}
			s.users = us
			s.selected = -1
			s.Table.UnselectAll()
			s.Table.Refresh()
			s.buttons()
		})
	})
}

// openForm opens the add (u nil) or edit dialog.
func (s *UsersScreen) openForm(u *access.User) {
	f := &UserForm{Username: newEntry(), Name: newEntry(), Password: newPasswordEntry(), Again: newPasswordEntry(),
		Roles: map[access.Role]*Check{}}
	roles := container.NewGridWithColumns(3)
	for _, r := range access.Roles {
		c := newCheck(lang.L("role."+string(r)), nil)
		f.Roles[r] = c
		roles.Add(c)
	}
	items := []*widget.FormItem{widget.NewFormItem(lang.L("users.username"), f.Username), widget.NewFormItem(lang.L("users.name"), f.Name)}
	title := lang.L("users.add")
	if u != nil {
		title = lang.L("users.edit")
		f.Username.SetText(u.Username)
		f.Username.Disable()
		f.Name.SetText(u.Name)
		for _, r := range u.Roles {
			f.Roles[r].SetChecked(true)
		}
	} else {
		items = append(items, widget.NewFormItem(lang.L("signin.password"), f.Password), widget.NewFormItem(lang.L("password.again"), f.Again))
	}
	items = append(items, widget.NewFormItem(lang.L("users.roles"), roles))
	status := wrapLabel("")
	status.Importance = widget.DangerImportance
	items = append(items, widget.NewFormItem("", status))
	var dlg dialog.Dialog
	f.Submit = func() {
		var chosen []access.Role
		for _, r := range access.Roles {
			if f.Roles[r].Checked {
				chosen = append(chosen, r)
			}
		}
		if u == nil && f.Password.Text != f.Again.Text {
			status.SetText(lang.L("password.mismatch"))
			return
		}
		n := access.NewUser{Username: f.Username.Text, Name: f.Name.Text, Roles: chosen, Password: f.Password.Text}
		s.bg.run(nil, func(ctx context.Context) {
			var err error
			if u == nil {
				_, err = s.d.Users.AddUser(ctx, n)
			} else {
				err = s.d.Users.SetRoles(ctx, u.ID, n.Name, chosen)
			}
			s.bg.ui(func() {
				if err != nil {
					status.SetText(errorText(err))
					return
				}
				s.Form = nil
				if dlg != nil {
					dlg.Hide()
				}
				s.Status.SetText(lang.L("users.saved", map[string]any{"User": n.Username}))
				s.Refresh()
			})
		})
	}
	save := newButtonWithIcon(lang.L("password.save"), theme.DocumentSaveIcon(), f.Submit)
	save.Importance = widget.HighImportance
	cancel := newButton(lang.L("common.cancel"), func() { dlg.Hide() })
	body := container.NewBorder(nil, container.NewHBox(cancel, save), nil, nil, widget.NewForm(items...))
	dlg = dialog.NewCustomWithoutButtons(title, body, s.w)
	dlg.Resize(fyne.NewSize(620, 0))
	dlg.SetOnClosed(func() { s.Form = nil }) // Batal and Esc alike
	s.Form = f
	showDialog(s.w, dlg)
	if u == nil {
		s.w.Canvas().Focus(f.Username)
	} else {
		s.w.Canvas().Focus(f.Name)
	}
}

// reset asks for a new password for the selected account.
func (s *UsersScreen) reset() {
	u := s.current()
	if u == nil {
		return
	}
	pw, again := newPasswordEntry(), newPasswordEntry()
	id, name := u.ID, u.Username
	showDialog(s.w, dialog.NewForm(lang.L("users.reset.title", map[string]any{"User": name}), lang.L("password.save"), lang.L("common.cancel"),
		[]*widget.FormItem{widget.NewFormItem(lang.L("password.new"), pw), widget.NewFormItem(lang.L("password.again"), again)},
		func(ok bool) {
			if !ok {
				return
			}
			if pw.Text != again.Text {
				s.Status.SetText(lang.L("password.mismatch"))
				return
			}
			p := pw.Text
			s.bg.run(nil, func(ctx context.Context) {
				err := s.d.Users.ResetPassword(ctx, id, p)
				s.bg.ui(func() {
					if err != nil {
						s.Status.SetText(errorText(err))
						return
					}
					s.Status.SetText(lang.L("users.reset.done", map[string]any{"User": name}))
					s.Refresh()
				})
			})
		}, s.w))
}

// toggle disables or enables the selected account.
func (s *UsersScreen) toggle() {
	u := s.current()
	if u == nil {
		return
	}
	id, name, disable := u.ID, u.Username, !u.Disabled
	s.bg.run(nil, func(ctx context.Context) {
		err := s.d.Users.SetDisabled(ctx, id, disable)
		s.bg.ui(func() {
			if err != nil {
				s.Status.SetText(errorText(err))
				return
			}
			key := "users.enabled.done"
			if disable {
				key = "users.disabled.done"
			}
			s.Status.SetText(lang.L(key, map[string]any{"User": name}))
			s.Refresh()
		})
	})
}
