package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// menu is the main menu: the session (lock, password, sign out), every
// screen with its Ctrl+number shortcut, and About. The shortcuts work
// from anywhere in the window, also inside a field.
func (m *MainWindow) menu() *fyne.MainMenu {
	var session []*fyne.MenuItem
	if m.OnLock != nil {
		lock := fyne.NewMenuItem(lang.L("menu.lock"), m.OnLock)
		lock.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}
		session = append(session, lock)
		m.Window.Canvas().AddShortcut(lock.Shortcut, func(fyne.Shortcut) { m.OnLock() })
	}
	if m.d.Users != nil && m.d.User != nil {
		session = append(session, fyne.NewMenuItem(lang.L("menu.password"), m.changePassword))
	}
	if m.OnSignOut != nil {
		session = append(session, fyne.NewMenuItemSeparator(), fyne.NewMenuItem(lang.L("menu.signout"), m.OnSignOut))
	}
	var screens []*fyne.MenuItem
	keys := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}
	for i, t := range m.Tabs.Items {
		item := fyne.NewMenuItem(t.Text, func() { m.Tabs.SelectIndex(i) })
		if i < len(keys) {
			sc := &desktop.CustomShortcut{KeyName: keys[i], Modifier: fyne.KeyModifierShortcutDefault}
			item.Shortcut = sc
			m.Window.Canvas().AddShortcut(sc, func(fyne.Shortcut) { m.Tabs.SelectIndex(i) })
		}
		screens = append(screens, item)
	}
	var view []*fyne.MenuItem
	for _, z := range []struct {
		key   string
		name  fyne.KeyName
		delta float64
	}{{"menu.zoom.in", fyne.KeyEqual, zoomStep}, {"menu.zoom.out", fyne.KeyMinus, -zoomStep}, {"menu.zoom.reset", fyne.Key0, 0}} {
		item := fyne.NewMenuItem(lang.L(z.key), func() { zoomBy(fyne.CurrentApp(), z.delta) })
		sc := &desktop.CustomShortcut{KeyName: z.name, Modifier: fyne.KeyModifierShortcutDefault}
		item.Shortcut = sc
		m.Window.Canvas().AddShortcut(sc, func(fyne.Shortcut) { zoomBy(fyne.CurrentApp(), z.delta) })
		view = append(view, item)
	}
	about := fyne.NewMenuItem(lang.L("menu.about"), m.showAbout)
	return fyne.NewMainMenu(
		fyne.NewMenu(lang.L("menu.app"), session...),
		fyne.NewMenu(lang.L("menu.screens"), screens...),
		fyne.NewMenu(lang.L("menu.view"), view...),
		fyne.NewMenu(lang.L("menu.help"), about),
	)
}

func (m *MainWindow) showAbout() {
	v := m.d.Version
	if v == "" {
		v = "dev"
	}
	who := ""
	if m.d.User != nil {
		who = lang.L("about.user", map[string]any{"Name": m.d.User.Name, "User": m.d.User.Username})
	}
	showDialog(m.Window, dialog.NewCustom(lang.L("menu.about"), lang.L("common.close"), container.NewVBox(
		widget.NewLabelWithStyle("FKTP Desk", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabel(lang.L("app.tagline")),
		widget.NewLabel(lang.L("about.version", map[string]any{"Version": v})),
		widget.NewLabel(who),
	), m.Window))
}

// changePassword asks for the current password and a new one twice.
func (m *MainWindow) changePassword() {
	old, pw, again := newPasswordEntry(), newPasswordEntry(), newPasswordEntry()
	status := widget.NewLabel("")
	status.Wrapping = fyne.TextWrapWord
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("password.old"), old),
		widget.NewFormItem(lang.L("password.new"), pw),
		widget.NewFormItem(lang.L("password.again"), again),
		widget.NewFormItem("", status),
	}
	var d dialog.Dialog
	d = dialog.NewForm(lang.L("menu.password"), lang.L("password.save"), lang.L("common.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		if pw.Text != again.Text {
			showDialog(m.Window, dialog.NewError(fmt.Errorf("%s", lang.L("password.mismatch")), m.Window))
			return
		}
		o, n := old.Text, pw.Text
		m.bg.run(nil, func(ctx context.Context) {
			err := m.d.Users.ChangePassword(ctx, o, n)
			m.bg.ui(func() {
				if err != nil {
					showDialog(m.Window, dialog.NewError(fmt.Errorf("%s", errorText(err)), m.Window))
					return
				}
				showDialog(m.Window, dialog.NewInformation(lang.L("menu.password"), lang.L("password.changed"), m.Window))
			})
		})
	}, m.Window)
	d.Resize(fyne.NewSize(460, 0))
	showDialog(m.Window, d)
}
