package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"fktpdesk/access"
)

// pressEsc delivers Esc as the desktop driver does: to the focused widget,
// or to the canvas when nothing has the keyboard.
func pressEsc(c fyne.Canvas) {
	esc := &fyne.KeyEvent{Name: fyne.KeyEscape}
	if f := c.Focused(); f != nil {
		f.TypedKey(esc)
		return
	}
	c.OnTypedKey()(esc)
}

// Esc typed in the new-account dialog's fields (a text field, a role box,
// and its Simpan button, where Tab leads) cancels it as Batal does: the
// dialog closes, the screen forgets the form, and no account is made.
func TestEscInAFieldCancelsTheDialog(t *testing.T) {
	s := newStack(t)
	sh, users := adminShell(t, s)
	u, c := sh.Main.Users, sh.Window.Canvas()
	s.waitFor(t, "the account list", func() bool { return len(u.users) == 1 })

	test.Tap(u.AddBtn)
	f := u.Form
	if f == nil || c.Focused() != f.Username {
		t.Fatalf("the new-account dialog does not start on the username (focus %T)", c.Focused())
	}
	test.Type(f.Username, "rina")
	pressEsc(c)
	if c.Overlays().Top() != nil || u.Form != nil {
		t.Fatal("Esc in the username left the dialog open")
	}

	test.Tap(u.AddBtn)
	f = u.Form
	c.Focus(f.Roles[access.FrontDesk])
	pressEsc(c)
	if c.Overlays().Top() != nil || u.Form != nil {
		t.Fatal("Esc on a role box left the dialog open")
	}

	test.Tap(u.AddBtn)
	var save *Button
	walkAll(c.Overlays().Top(), func(o fyne.CanvasObject) {
		if b, ok := o.(*Button); ok && b.Text == "Simpan" {
			save = b
		}
	})
	if save == nil {
		t.Fatal("no Simpan button of the app's own in the dialog")
	}
	test.Type(u.Form.Username, "rina")
	c.Focus(save)
	pressEsc(c)
	if c.Overlays().Top() != nil || u.Form != nil {
		t.Fatal("Esc on Simpan left the dialog open")
	}
	list, err := users.Users(access.WithPrincipal(t.Context(), *sh.User))
	if err != nil || len(list) != 1 {
		t.Fatalf("accounts after two cancelled dialogs: %d, %v", len(list), err)
	}
}

// On a screen, Esc in a date field closes its calendar and nothing else:
// the typed date stays, and a second Esc with nothing open is harmless.
func TestEscClosesTheCalendarNotTheField(t *testing.T) {
	s := newStack(t)
	sh, _ := adminShell(t, s)
	a, c := sh.Main.Audit, sh.Window.Canvas()
	if a == nil {
		t.Fatal("the admin has no audit screen")
	}
	showTab(t, sh.Main.Tabs, sh.Main.Admin)
	showTab(t, sh.Main.Admin, a.Container)
	c.Focus(a.From)
	a.From.SetText("01-11-2026")
	a.From.showCalendar()
	if c.Overlays().Top() == nil {
		t.Fatal("the calendar did not open")
	}
	pressEsc(c)
	if c.Overlays().Top() != nil {
		t.Fatal("Esc left the calendar open")
	}
	pressEsc(c)
	if a.From.Text != "01-11-2026" || sh.Main.Admin.Selected().Content != a.Container {
		t.Fatalf("Esc changed the screen: field %q", a.From.Text)
	}
}

// showTab selects the tab of tabs that holds content.
func showTab(t *testing.T, tabs *container.AppTabs, content fyne.CanvasObject) {
	t.Helper()
	for _, it := range tabs.Items {
		if it.Content == content {
			tabs.Select(it)
			return
		}
	}
	t.Fatal("no such tab")
}
