package app

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// Esc cancels: it closes what is on top of the window — a suggestion
// list, a calendar, a dialog (as its Batal would) — wherever the keyboard
// is. Fyne hands every key to the focused widget and has no window-wide
// hook, so the app's own fields and buttons (Entry, Select, Check, Button
// below) pass Esc on, and with nothing focused the canvas does
// (escapeCloses). The buttons Fyne makes for its dialogs and radio items
// still keep it: there a person presses Enter or Space on Batal.

// Entry is widget.Entry with Esc passed to the window.
type Entry struct{ widget.Entry }

func newEntry() *Entry {
	e := &Entry{}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

// newPasswordEntry hides what is typed; Fyne adds the eye button.
func newPasswordEntry() *Entry {
	e := newEntry()
	e.Password = true
	return e
}

func newMultiLineEntry() *Entry {
	e := newEntry()
	e.MultiLine = true
	return e
}

// TypedKey passes Esc to the window when something is open to close (a
// suggestion list, a calendar, a dialog); otherwise the field has it.
func (e *Entry) TypedKey(k *fyne.KeyEvent) { keyOrEsc(e, k, e.Entry.TypedKey) }

// Select is widget.Select with Esc passed to the window.
type Select struct{ widget.Select }

// newSelect starts with "(Pilih salah satu)": Fyne's default placeholder
// is English only.
func newSelect(options []string, changed func(string)) *Select {
	s := &Select{}
	s.Options, s.OnChanged = options, changed
	s.PlaceHolder = lang.L("select.placeholder")
	s.ExtendBaseWidget(s)
	return s
}

func (s *Select) TypedKey(k *fyne.KeyEvent) { keyOrEsc(s, k, s.Select.TypedKey) }

// Button is widget.Button with Esc passed to the window: Tab often rests
// on a dialog's Simpan or Batal.
type Button struct{ widget.Button }

func newButton(label string, tapped func()) *Button {
	b := &Button{}
	b.Text, b.OnTapped = label, tapped
	b.ExtendBaseWidget(b)
	return b
}

func newButtonWithIcon(label string, icon fyne.Resource, tapped func()) *Button {
	b := newButton(label, tapped)
	b.Icon = icon
	return b
}

func (b *Button) TypedKey(k *fyne.KeyEvent) { keyOrEsc(b, k, b.Button.TypedKey) }

// Check is widget.Check with Esc passed to the window.
type Check struct{ widget.Check }

func newCheck(label string, changed func(bool)) *Check {
	c := &Check{}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *Check) TypedKey(k *fyne.KeyEvent) { keyOrEsc(c, k, c.Check.TypedKey) }

// keyOrEsc gives k to typed, unless it is an Esc that closed something on
// top of o's window.
func keyOrEsc(o fyne.CanvasObject, k *fyne.KeyEvent, typed func(*fyne.KeyEvent)) {
	if k.Name == fyne.KeyEscape && escape(o) {
		return
	}
	typed(k)
}

// escape closes the top of the window that holds o; it reports whether
// there was anything to close.
func escape(o fyne.CanvasObject) bool {
	app := fyne.CurrentApp()
	if app == nil {
		return false
	}
	c := app.Driver().CanvasForObject(o)
	return c != nil && closeTop(c)
}

// closeTop closes c's top overlay: a dialog shown through showDialog is
// dismissed (its cancel callback runs, as with its Batal button), any
// other pop-up is hidden.
func closeTop(c fyne.Canvas) bool {
	top := c.Overlays().Top()
	if top == nil {
		return false
	}
	if d := shownDialogs.of(top); d != nil {
		d.Dismiss()
	} else {
		top.Hide()
	}
	// A pop-up removes itself when hidden; anything else on top must not
	// stay there invisible, taking the clicks.
	if c.Overlays().Top() == top {
		c.Overlays().Remove(top)
	}
	return true
}

// escapeCloses makes Esc close the top of w when no field has the keyboard.
func escapeCloses(w fyne.Window) {
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			closeTop(w.Canvas())
		}
	})
}

// showDialog shows d on w and remembers which overlay is d's, so that Esc
// dismisses it the way its own Batal does (callbacks included).
func showDialog(w fyne.Window, d dialog.Dialog) {
	d.Show()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return
	}
	shownDialogs.put(top, d)
	d.SetOnClosed(func() { shownDialogs.drop(top) })
}

// dialogs maps a dialog's overlay to the dialog. It is touched on the UI
// goroutine only, but tests run several apps in one process.
type dialogs struct {
	mu sync.Mutex
	m  map[fyne.CanvasObject]dialog.Dialog
}

var shownDialogs = &dialogs{m: map[fyne.CanvasObject]dialog.Dialog{}}

func (s *dialogs) put(o fyne.CanvasObject, d dialog.Dialog) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[o] = d
}

func (s *dialogs) drop(o fyne.CanvasObject) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, o)
}

func (s *dialogs) of(o fyne.CanvasObject) dialog.Dialog {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[o]
}
