package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/access"
	"fktpdesk/app/winpos"
	"fktpdesk/setup"
)

// Gate is what the window needs before any screen: the first start, the
// sign-in, the idle lock, and the services of whoever signs in.
type Gate struct {
	// Users signs people in and checks passwords at the idle lock.
	Users *access.Service
	// Setup does the first start with the wizard's answers and returns the
	// new admin, signed in (the same code as `fktpctl setup`).
	Setup func(ctx context.Context, a setup.Answers) (access.Principal, error)
	// Open returns the services for a person just signed in. main builds
	// them on the first call (only then are the PCare credentials
	// unlocked) and hands out the same ones after.
	Open func(ctx context.Context, p access.Principal) (Deps, error)
	// IdleLock is how long without input before the window locks
	// (default 5 minutes; negative: never).
	IdleLock func() time.Duration
	// Facility names the clinic on the sign-in screen ("" before set-up).
	Facility func(ctx context.Context) string
	// Training says whether the app runs on its simulator, for the sign-in
	// and lock screens' warning (nil: it does not). A function, because
	// the first start's wizard decides it while the app runs.
	Training func() bool
	Version  string
	Now      func() time.Time
	// UI is fyne.Do when nil; tests pass their queue (see Deps.UI).
	UI func(func())
}

// DefaultIdleLock is issue #7's default.
const DefaultIdleLock = 5 * time.Minute

func (g *Gate) now() time.Time {
	if g.Now != nil {
		return g.Now()
	}
	return time.Now()
}

func (g *Gate) training() bool { return g.Training != nil && g.Training() }

func (g *Gate) idleLock() time.Duration {
	if g.IdleLock == nil {
		return DefaultIdleLock
	}
	if d := g.IdleLock(); d != 0 {
		return d
	}
	return DefaultIdleLock
}

// Shell is the one window through a working day: the wizard on the first
// start, then the sign-in, then the screens of the person signed in,
// covered by the lock screen when they walk away.
type Shell struct {
	Window fyne.Window
	Gate   *Gate

	// What is on screen now, for tests: one of these is set.
	Wizard *Wizard
	SignIn *SignInScreen
	Lock   *LockScreen
	Main   *MainWindow

	User *access.Principal
	bg   *background

	mu       sync.Mutex
	lastSeen time.Time // the last input noticed
	lastKey  [2]any    // focused object and its cursor, at the last look
	content  fyne.CanvasObject
	stashed  []fyne.CanvasObject // dialogs put away while locked
}

// NewShell builds the window and shows the wizard or the sign-in; the
// caller shows the window.
func NewShell(a fyne.App, g *Gate) *Shell {
	title := "FKTP Desk"
	if g.Version != "" {
		title += " " + g.Version // which build a clinic runs is read off the title bar
	}
	w := a.NewWindow(title)
	w.SetIcon(Icon)
	applyZoom(a)
	s := &Shell{Window: w, Gate: g, bg: newBackground(g.UI, nil)}
	s.touch()
	w.SetContent(container.NewCenter(widget.NewLabel(lang.L("shell.starting"))))
	// The window comes back at the size it was left, and where it was
	// (RestorePlace, once it is on screen).
	prefs := a.Preferences()
	w.Resize(fyne.NewSize(float32(prefs.FloatWithFallback("window.width", 1280)), float32(prefs.FloatWithFallback("window.height", 760))))
	w.SetCloseIntercept(func() {
		s.rememberWindow()
		w.Close()
	})
	w.SetOnClosed(func() {
		if s.Main != nil {
			s.Main.Close()
		}
		s.bg.stop()
	})
	s.bg.run(nil, func(ctx context.Context) {
		need, err := g.Users.NeedsSetup(ctx)
		s.bg.ui(func() {
			if err != nil {
				s.showError(err)
				return
			}
			if need {
				s.showWizard()
			} else {
				s.showSignIn("")
			}
		})
	})
	// The idle check looks every few seconds; a shorter lock time than
	// that is not useful on a desk.
	s.bg.every(5*time.Second, s.CheckIdle)
	return s
}

// rememberWindow keeps where the window is, whether it is maximised, and
// its size, for the next start. Where the system does not say (Wayland),
// the size alone is kept and the system places the window.
func (s *Shell) rememberWindow() {
	p, err := winpos.Get(s.Window)
	if err != nil {
		slog.Debug("window position not kept", "err", err)
		s.rememberSize()
		return
	}
	fyne.CurrentApp().Preferences().SetString(placePref, p.String())
	if !p.Maximized {
		// A maximised window is as big as the screen: the size to come
		// back to when it is restored is the one it had before.
		s.rememberSize()
	}
}

// placePref is the preference holding winpos.Placement.String().
const placePref = "window.place"

// RestorePlace puts the window back where it was left, maximised if it
// was. Call it on the UI goroutine once the window is on screen (main does
// it when the app has started). A place on no monitor connected now is not
// used: the window stays where the system put it.
func (s *Shell) RestorePlace() {
	text := fyne.CurrentApp().Preferences().String(placePref)
	if text == "" {
		return
	}
	p, err := winpos.Parse(text)
	if err == nil {
		err = winpos.Set(s.Window, p)
	}
	if err != nil {
		slog.Info("window not put back where it was", "place", text, "err", err)
	}
}

// rememberSize keeps the window's size for the next start.
func (s *Shell) rememberSize() {
	size := s.Window.Canvas().Size()
	if size.Width < 640 || size.Height < 480 {
		return // minimised or a broken report: keep the last good size
	}
	prefs := fyne.CurrentApp().Preferences()
	prefs.SetFloat("window.width", float64(size.Width))
	prefs.SetFloat("window.height", float64(size.Height))
}

// showError says why the screens cannot open, with the way back to the
// sign-in (another account may open them, e.g. one whose password opens
// the PCare credentials).
func (s *Shell) showError(err error) {
	msg := wrapLabel(errorText(err))
	msg.Importance = widget.DangerImportance
	back := newButtonWithIcon(lang.L("shell.back"), theme.LoginIcon(), func() {
		s.User = nil
		s.showSignIn("")
	})
	s.Window.SetContent(centered(lang.L("shell.error"), s.Gate, nil, container.NewVBox(msg, back)))
}

func (s *Shell) showWizard() {
	s.Wizard = NewWizard(s.Window, s.Gate, s.bg, func(p access.Principal) {
		s.Wizard = nil
		s.enter(p)
	})
	s.Window.SetContent(s.Wizard.Container)
	s.Wizard.focus()
}

// showSignIn shows the sign-in; username pre-fills it (a switch of user
// leaves it empty).
func (s *Shell) showSignIn(username string) {
	s.SignIn = NewSignInScreen(s.Window, s.Gate, s.bg, func(p access.Principal) {
		s.SignIn = nil
		s.enter(p)
	})
	s.SignIn.Username.SetText(username)
	s.Window.SetContent(s.SignIn.Container)
	s.SignIn.focus()
}

// enter opens the screens for p. The same person coming back through
// "switch user" finds their screens as they left them; anyone else gets
// fresh ones, and the previous person's unsaved input is dropped with
// their session (it is theirs, not the next person's to see).
func (s *Shell) enter(p access.Principal) {
	if s.Main != nil && s.User != nil && s.User.UserID == p.UserID {
		s.User = &p
		s.unlocked()
		return
	}
	s.stashed = nil // the previous person's dialogs go with their session
	s.Window.SetContent(container.NewCenter(widget.NewLabel(lang.L("shell.opening"))))
	s.bg.run(nil, func(ctx context.Context) {
		d, err := s.Gate.Open(ctx, p)
		s.bg.ui(func() {
			if err != nil {
				s.showError(err)
				return
			}
			if s.Main != nil {
				s.Main.Close()
			}
			d.User = &p
			if d.Users == nil {
				d.Users = s.Gate.Users
			}
			if d.UI == nil {
				d.UI = s.Gate.UI
			}
			s.User = &p
			s.Main = newMain(s.Window, d)
			s.Main.OnSignOut = s.SignOut
			s.Main.OnLock = s.LockNow
			s.content = newActivity(s.Main.Content, s.touch)
			s.Window.SetContent(s.content)
			s.Window.SetMainMenu(s.Main.menu())
			s.Lock = nil
			s.touch()
			s.Main.start()
		})
	})
}

// touch notes input: the idle clock starts again.
func (s *Shell) touch() {
	s.mu.Lock()
	s.lastSeen = s.Gate.now()
	s.mu.Unlock()
}

// CheckIdle locks the window when nobody has used it for the idle time.
// Typing shows as the focused field's cursor moving (Fyne has no
// window-wide key hook while a field has focus), the mouse through the
// activity layer.
func (s *Shell) CheckIdle() {
	if s.Main == nil || s.Lock != nil || s.User == nil {
		return
	}
	limit := s.Gate.idleLock()
	if limit < 0 {
		return
	}
	var key [2]any
	if f := s.Window.Canvas().Focused(); f != nil {
		key[0] = f
		if c, ok := f.(interface{ CursorTextOffset() int }); ok {
			key[1] = c.CursorTextOffset()
		}
	}
	s.mu.Lock()
	if key != s.lastKey {
		s.lastKey = key
		s.lastSeen = s.Gate.now()
	}
	idle := s.Gate.now().Sub(s.lastSeen)
	s.mu.Unlock()
	if idle >= limit {
		s.LockNow()
	}
}

// LockNow covers the screens with the lock screen. The screens stay as
// they are underneath, with whatever was typed, until the same person
// unlocks.
func (s *Shell) LockNow() {
	if s.Main == nil || s.Lock != nil || s.User == nil {
		return
	}
	ctx := access.WithPrincipal(context.Background(), *s.User)
	s.Gate.Users.Guard.Note(ctx, access.ActLock, "", "", access.OutcomeOK)
	s.Lock = NewLockScreen(s.Window, s.Gate, s.bg, *s.User, s.unlocked, func() {
		s.Lock = nil
		s.showSignIn("")
	})
	// An open dialog would float over the lock screen, patient data and
	// all: it is put away with its input and comes back on unlock.
	s.stashed = s.takeOverlays()
	s.Window.SetMainMenu(nil)
	s.Window.SetContent(s.Lock.Container)
	s.Lock.focus()
}

func (s *Shell) unlocked() {
	s.Lock = nil
	s.Window.SetContent(s.content)
	for _, o := range s.stashed {
		s.Window.Canvas().Overlays().Add(o)
	}
	s.stashed = nil
	s.Window.SetMainMenu(s.Main.menu())
	s.touch()
}

// takeOverlays removes the window's dialogs and returns them.
func (s *Shell) takeOverlays() []fyne.CanvasObject {
	ov := s.Window.Canvas().Overlays()
	list := append([]fyne.CanvasObject(nil), ov.List()...)
	for _, o := range list {
		ov.Remove(o)
	}
	return list
}

// SignOut ends the session: the screens close, unsaved input with them.
func (s *Shell) SignOut() {
	s.takeOverlays()
	s.stashed = nil
	if s.User != nil {
		s.Gate.Users.Guard.Note(access.WithPrincipal(context.Background(), *s.User), access.ActSignOut, "", "", access.OutcomeOK)
	}
	if s.Main != nil {
		s.Main.Close()
		s.Main = nil
	}
	s.User, s.Lock = nil, nil
	s.Window.SetMainMenu(nil)
	s.showSignIn("")
}

// activity is a layer under the screens that notices the mouse moving
// anywhere no widget of its own listens for it.
type activity struct {
	widget.BaseWidget
	seen func()
}

func newActivity(content fyne.CanvasObject, seen func()) fyne.CanvasObject {
	a := &activity{seen: seen}
	a.ExtendBaseWidget(a)
	return container.NewStack(a, content)
}

func (a *activity) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewWithoutLayout())
}

func (a *activity) MouseIn(*desktop.MouseEvent)    { a.seen() }
func (a *activity) MouseMoved(*desktop.MouseEvent) { a.seen() }
func (a *activity) MouseOut()                      {}
