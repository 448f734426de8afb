//go:build (linux || freebsd || openbsd || netbsd) && cgo && !(wayland && !x11)

package winpos

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"

	"fktpdesk/app/winpos/internal/xwin"
)

// startX gives the test its own X server, Xvfb with one 1366x768 screen,
// on a display number the server picks itself (-displayfd) and says when
// it is ready; with wm, openbox (a reparenting window manager, with title
// bars) runs on it. A private server, not $DISPLAY: a person's desktop would
// make the positions depend on their window manager.
func startX(t *testing.T, wm bool) {
	t.Helper()
	bin, err := exec.LookPath("Xvfb")
	if err != nil {
		t.Fatalf("these tests need Xvfb (scripts/install-deps.sh test): %v", err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var logs bytes.Buffer
	// -noreset: an X server resets when its last client leaves and refuses
	// connections meanwhile; a test whose only client is winpos's own
	// short connection would then race the reset (seen under load).
	x := exec.Command(bin, "-displayfd", "3", "-noreset", "-screen", "0", "1366x768x24", "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{w}
	x.Stdout, x.Stderr = &logs, &logs
	err = x.Start()
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	stop(t, x, &logs)
	// Xvfb writes the number once it accepts clients; EOF means it died.
	n, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatalf("Xvfb did not start: %v\n%s", err, logs.String())
	}
	t.Setenv("DISPLAY", ":"+strings.TrimSpace(n))
	if !wm {
		return
	}
	bin, err = exec.LookPath("openbox")
	if err != nil {
		t.Fatalf("this test needs openbox (scripts/install-deps.sh test): %v", err)
	}
	var wmLogs bytes.Buffer
	// openbox owns the screen (WM_S0) before it handles requests; the
	// startup command runs once it does.
	home := t.TempDir() // openbox keeps its settings and log under the home
	ready := filepath.Join(home, "ready")
	ob := exec.Command(bin, "--sm-disable", "--startup", "touch "+ready)
	ob.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home, "XDG_CACHE_HOME="+home)
	ob.Stdout, ob.Stderr = &wmLogs, &wmLogs
	if err := ob.Start(); err != nil {
		t.Fatal(err)
	}
	stop(t, ob, &wmLogs)
	err = xwin.Await("openbox to start", func() bool { _, err := os.Stat(ready); return err == nil })
	if err != nil {
		t.Fatalf("%v\n%s", err, wmLogs.String())
	}
}

// stop ends a process the test started when the test ends, and shows its
// output if the test failed.
func stop(t *testing.T, c *exec.Cmd, logs *bytes.Buffer) {
	t.Cleanup(func() {
		// TERM, not KILL: Xvfb then removes its lock and socket before it
		// exits, and the next test's server, which may get the same display
		// number, does not find (or lose) a stale socket of this one.
		c.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { c.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			c.Process.Kill()
			<-done
		}
		if t.Failed() && logs.Len() > 0 {
			t.Logf("%s:\n%s", c.Path, logs.String())
		}
	})
}

// newWindow maps a 400x300 window asking for (40, 40) and hands it to
// Get and Set the way Fyne's GLFW driver does on X11.
func newWindow(t *testing.T, staticGravity bool) (fyne.Window, *xwin.Window) {
	t.Helper()
	xw, err := xwin.Create(40, 40, 400, 300, staticGravity)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(xw.Close)
	return native{ctx: driver.X11WindowContext{WindowHandle: xw.ID}}, xw
}

func mustGet(t *testing.T, w fyne.Window) Placement {
	t.Helper()
	p, err := Get(w)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	return p
}

// awaitPlacement waits until Get says want: under a window manager a move
// is a request it carries out after Set returns.
func awaitPlacement(t *testing.T, w fyne.Window, want Placement) {
	t.Helper()
	var got Placement
	err := xwin.Await("the window at "+want.String(), func() bool {
		got = mustGet(t, w)
		return got == want
	})
	if err != nil {
		t.Fatalf("%v: Get says %s", err, got)
	}
}

func TestX11SetGetWithoutWindowManager(t *testing.T) {
	startX(t, false)
	for _, static := range []bool{true, false} {
		w, _ := newWindow(t, static)
		// Without a window manager the window is where it asked to be.
		if p := mustGet(t, w); p != (Placement{X: 40, Y: 40}) {
			t.Errorf("static gravity %v: new window at %s, want 40,40", static, p)
		}
		for _, p := range []Placement{{X: 300, Y: 200}, {X: 0, Y: 0}, {X: 1366 - probe, Y: 768 - probe}} {
			if err := Set(w, p); err != nil {
				t.Fatalf("static gravity %v: Set(%s): %v", static, p, err)
			}
			if got := mustGet(t, w); got != p {
				t.Errorf("static gravity %v: Set(%s) then Get = %s", static, p, got)
			}
		}
	}
}

func TestX11SetKeepsTheWindowOnScreen(t *testing.T) {
	startX(t, false)
	w, _ := newWindow(t, true)
	home := Placement{X: 300, Y: 200}
	if err := Set(w, home); err != nil {
		t.Fatal(err)
	}
	for _, p := range []Placement{
		{X: 5000, Y: 5000},                  // a monitor that is gone
		{X: 1366 - probe + 1, Y: 100},       // the corner is on screen, the rest is not
		{X: 100, Y: 768 - probe + 1},        // the same at the bottom
		{X: -400, Y: 100},                   // left of the screen
		{X: 1 << 40, Y: 1 << 40},            // beyond X11's 16 bits
		{X: 65536 + 300, Y: 65536 + 200},    // would wrap onto the screen in 16 bits
		{X: 5000, Y: 5000, Maximized: true}, // no WM: no maximising either
		{X: -1 << 40, Y: -1 << 40, Maximized: false},
	} {
		if err := Set(w, p); !errors.Is(err, ErrOffScreen) {
			t.Errorf("Set(%s) = %v, want ErrOffScreen", p, err)
		}
		if got := mustGet(t, w); got != home {
			t.Errorf("Set(%s) moved the window to %s; it must stay at %s", p, got, home)
		}
	}
}

// A point on the screen but on no monitor (the right one of two was
// unplugged: the screen is as wide as before, its one monitor half as wide)
// is off-screen too.
func TestX11SetKeepsTheWindowOnAMonitor(t *testing.T) {
	startX(t, false)
	w, xw := newWindow(t, true)
	if err := xw.SetMonitor(0, 0, 683, 768); err != nil {
		t.Fatal(err)
	}
	if err := Set(w, Placement{X: 683 - probe, Y: 100}); err != nil {
		t.Fatalf("Set on the monitor: %v", err)
	}
	for _, p := range []Placement{{X: 1000, Y: 100}, {X: 683 - probe + 1, Y: 100}} {
		if err := Set(w, p); !errors.Is(err, ErrOffScreen) {
			t.Errorf("Set(%s) off the monitor = %v, want ErrOffScreen", p, err)
		}
	}
	if got := mustGet(t, w); got != (Placement{X: 683 - probe, Y: 100}) {
		t.Errorf("the window moved to %s", got)
	}
}

func TestX11UnknownWindow(t *testing.T) {
	startX(t, false)
	gone := native{ctx: driver.X11WindowContext{WindowHandle: 0x3ffffe}}
	if p, err := Get(gone); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Get(unknown window) = %s, %v; want a 'does not exist' error", p, err)
	}
	if err := Set(gone, Placement{X: 10, Y: 10}); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Set(unknown window) = %v; want a 'does not exist' error", err)
	}
	// The error was caught, not fatal, and the next call still works.
	w, _ := newWindow(t, true)
	if p := mustGet(t, w); p != (Placement{X: 40, Y: 40}) {
		t.Errorf("after the error: Get = %s, want 40,40", p)
	}
}

func TestX11NoDisplay(t *testing.T) {
	t.Setenv("DISPLAY", ":65000")
	w := native{ctx: driver.X11WindowContext{WindowHandle: 1}}
	if _, err := Get(w); err == nil || !strings.Contains(err.Error(), "cannot open the X display") {
		t.Errorf("Get without a server = %v; want 'cannot open the X display'", err)
	}
}

// Under a reparenting window manager the content is inside a frame, and a
// naive restore drifts down by the title bar's height at every start. Each
// cycle is a start: a new window the manager places, Set to what the last
// one's Get said, then Get for the next start.
func TestX11NoDriftUnderOpenbox(t *testing.T) {
	startX(t, true)
	for _, static := range []bool{true, false} {
		saved := Placement{X: 300, Y: 200}
		for cycle := 1; cycle <= 3; cycle++ {
			w, xw := newWindow(t, static)
			if err := xwin.Await("openbox to frame the window", xw.Framed); err != nil {
				t.Fatal(err)
			}
			if err := Set(w, saved); err != nil {
				t.Fatalf("static gravity %v, start %d: Set(%s): %v", static, cycle, saved, err)
			}
			awaitPlacement(t, w, saved)
			saved = mustGet(t, w)
			xw.Close()
		}
	}
}

func TestX11MaximiseUnderOpenbox(t *testing.T) {
	startX(t, true)
	w, xw := newWindow(t, true)
	if err := xwin.Await("openbox to frame the window", xw.Framed); err != nil {
		t.Fatal(err)
	}
	if err := Set(w, Placement{X: 300, Y: 200, Maximized: true}); err != nil {
		t.Fatal(err)
	}
	var got Placement
	// Maximised, the content starts at the screen's left edge, under
	// openbox's title bar (openbox sets the state before it resizes).
	err := xwin.Await("the window maximised", func() bool {
		got = mustGet(t, w)
		return got.Maximized && got.X == 0 && got.Y > 0 && got.Y < 100
	})
	if err != nil {
		t.Fatalf("%v: Get says %s", err, got)
	}
	// The next start gets that back: maximised, on the same monitor.
	if back, err := Parse(got.String()); err != nil || back != got {
		t.Fatalf("Parse(%q) = %s, %v", got.String(), back, err)
	}
	// And a restore puts it where it is asked to be, not maximised.
	restored := Placement{X: 300, Y: 200}
	if err := Set(w, restored); err != nil {
		t.Fatal(err)
	}
	awaitPlacement(t, w, restored)
	// Off-screen while maximised: the state still comes back, the position
	// is the system's.
	if err := Set(w, Placement{X: 5000, Y: 5000, Maximized: true}); !errors.Is(err, ErrOffScreen) {
		t.Errorf("Set off-screen = %v, want ErrOffScreen", err)
	}
	awaitPlacement(t, w, got)
}
