// Package winpos reads and sets where the desktop window is on the screen,
// so that the app can come back where it was left. Fyne 2.8 can size a
// window but not place it; this package goes to the native window through
// driver.NativeWindow: X11 (Xlib, cgo) and Windows (user32). Everywhere else
// — Wayland, where clients may not place their windows, macOS, and the Fyne
// test driver — it answers ErrUnsupported.
//
// It must not keep anything: the caller stores Placement.String() (in the
// app's preferences) and gives Parse's result back to Set on the next start.
// Both calls belong on the UI goroutine once the window is shown: Get in the
// close intercept (before w.Close), Set in App.Lifecycle().SetOnStarted or
// a later fyne.Do. Their errors are for the log; the window works without.
package winpos

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

// Placement is where the window was: the top-left corner of its content
// area (inside the title bar and borders) in physical screen pixels — what
// GLFW's glfwGetWindowPos and glfwSetWindowPos mean — and whether it was
// maximised.
//
// For a maximised window X and Y are, on X11, where the maximised content
// starts (so the window comes back maximised on the same monitor), and on
// Windows where its content will be when it is restored (Windows keeps that
// position; both put it back on the same monitor).
type Placement struct {
	X, Y      int
	Maximized bool
}

// maxCoord bounds what Parse accepts: no screen is a hundred thousand pixels
// away, and the bound keeps the value inside a C int and X11's 16 bits
// (which Set checks again).
const maxCoord = 100000

// probe is how far right and below the saved corner Set also wants a
// monitor: the window is put back only if its content's top-left corner
// and the point probe-1 pixels right and below it are on monitors (so at
// least that corner of the window can be seen and grabbed).
const probe = 48

// within says whether both coordinates are in [lo, hi]: Set's guard before
// a value is narrowed to what the system takes.
func (p Placement) within(lo, hi int) bool {
	return p.X >= lo && p.X <= hi && p.Y >= lo && p.Y <= hi
}

// ErrUnsupported says the window cannot be read or placed here: Wayland, the
// Fyne test driver, an OS other than Linux/BSD (X11) and Windows, or a
// window that has no native window yet (before Show).
var ErrUnsupported = errors.New("winpos: window placement unsupported on this system")

// ErrOffScreen is what Set returns when the saved position is on no monitor
// connected now (a monitor unplugged, a smaller resolution): the window is
// then left where the system put it, not clamped, and only the maximised
// state is applied.
var ErrOffScreen = errors.New("winpos: saved position is on no current monitor; window left where the system put it")

// String is the stable text kept in the preferences: "120,80", or
// "120,80,max" when maximised.
func (p Placement) String() string {
	s := strconv.Itoa(p.X) + "," + strconv.Itoa(p.Y)
	if p.Maximized {
		s += ",max"
	}
	return s
}

// Parse reads what String wrote. Anything else is an error: the text comes
// from a preferences file a person may have edited.
func Parse(s string) (Placement, error) {
	f := strings.Split(s, ",")
	if len(f) != 2 && (len(f) != 3 || f[2] != "max") {
		return Placement{}, fmt.Errorf("winpos: %q is not X,Y or X,Y,max", s)
	}
	var p Placement
	for i, dst := range []*int{&p.X, &p.Y} {
		v, err := strconv.Atoi(f[i])
		if err != nil || v < -maxCoord || v > maxCoord {
			return Placement{}, fmt.Errorf("winpos: %q: %q is not a coordinate", s, f[i])
		}
		*dst = v
	}
	p.Maximized = len(f) == 3
	return p, nil
}

// Get says where w is. Call it on the UI goroutine (in a Fyne callback or
// inside fyne.Do), after w is shown: Fyne hands out the native window only
// there, and before Show there is none (ErrUnsupported).
func Get(w fyne.Window) (Placement, error) {
	var p Placement
	err := onNative(w,
		func(h uintptr) (err error) { p, err = getX11(h); return err },
		func(h uintptr) (err error) { p, err = getWindows(h); return err })
	return p, err
}

// Set puts w where p says, maximised if p says so. Call it on the UI
// goroutine (in a Fyne callback or inside fyne.Do), after w is shown.
//
// Set never moves the window off the screen: when p's corner is on no
// monitor connected now (see probe) the window stays where the system put
// it, the maximised state is still applied, and Set returns ErrOffScreen.
// On X11 the move is a request to the window manager, which carries it out
// shortly after Set returns.
func Set(w fyne.Window, p Placement) error {
	return onNative(w,
		func(h uintptr) error { return setX11(h, p) },
		func(h uintptr) error { return setWindows(h, p) })
}

// onNative runs x11 or win with the native handle of w, whichever system
// Fyne says the window is on at run time (a Linux build has both X11 and
// Wayland in it). Anything else is ErrUnsupported.
func onNative(w fyne.Window, x11, win func(h uintptr) error) error {
	nw, ok := w.(driver.NativeWindow)
	if !ok {
		return ErrUnsupported
	}
	err := ErrUnsupported
	nw.RunNative(func(ctx any) {
		switch c := ctx.(type) {
		case driver.X11WindowContext:
			if c.WindowHandle != 0 {
				err = x11(c.WindowHandle)
			}
		case driver.WindowsWindowContext:
			if c.HWND != 0 {
				err = win(c.HWND)
			}
		}
	})
	return err
}
