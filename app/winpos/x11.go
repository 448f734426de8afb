//go:build (linux || freebsd || openbsd || netbsd) && cgo && !(wayland && !x11)

package winpos

/*
#cgo LDFLAGS: -lX11 -lXrandr
#include <stdlib.h>
#include <X11/Xlib.h>
#include <X11/Xatom.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xrandr.h>

// Each call opens its own connection (window ids are server-wide, so
// GLFW's window is reachable from it) and does all its work in one cgo call.
//
// Xlib's default error handler exits the process, and a window that is gone
// gives BadWindow. So errors on our connection are caught here; the handler
// is process-wide, installed only during one call (the Go side serialises
// calls) and hands every other connection's errors to the handler before it.
static Display *wp_dpy;
static int wp_err;
static XErrorHandler wp_prev;

static int wp_on_error(Display *d, XErrorEvent *e) {
	if (d == wp_dpy) {
		if (!wp_err)
			wp_err = e->error_code;
		return 0;
	}
	return wp_prev ? wp_prev(d, e) : 0;
}

static Display *wp_open(void) {
	Display *d = XOpenDisplay(NULL);
	if (!d)
		return NULL;
	wp_dpy = d;
	wp_err = 0;
	wp_prev = XSetErrorHandler(wp_on_error);
	return d;
}

// wp_close waits until the server has handled every request and returns
// the first X error code (0: none).
static int wp_close(Display *d) {
	XSync(d, False);
	int err = wp_err;
	XSetErrorHandler(wp_prev);
	wp_dpy = NULL;
	XCloseDisplay(d);
	return err;
}

// wp_longs reads up to n 32-bit items of a window property; it returns how
// many it read (0 when the property is absent or of another type).
static int wp_longs(Display *d, Window w, const char *name, Atom type, long *out, int n) {
	Atom actual;
	int format, got = 0;
	unsigned long count, after;
	unsigned char *data = NULL;
	if (XGetWindowProperty(d, w, XInternAtom(d, name, False), 0, n, False, type,
			&actual, &format, &count, &after, &data) != Success || !data)
		return 0;
	if (actual == type && format == 32)
		for (; got < (int)count && got < n; got++)
			out[got] = ((long *)data)[got];
	XFree(data);
	return got;
}

// wp_maximized: EWMH's _NET_WM_STATE has both MAXIMIZED_VERT and _HORZ.
static int wp_maximized(Display *d, Window w) {
	long st[32];
	int n = wp_longs(d, w, "_NET_WM_STATE", XA_ATOM, st, 32), v = 0, h = 0;
	Atom vert = XInternAtom(d, "_NET_WM_STATE_MAXIMIZED_VERT", False);
	Atom horz = XInternAtom(d, "_NET_WM_STATE_MAXIMIZED_HORZ", False);
	for (int i = 0; i < n; i++) {
		v |= (Atom)st[i] == vert;
		h |= (Atom)st[i] == horz;
	}
	return v && h;
}

// wp_maximize asks the window manager to add (1) or remove (0) both
// maximised states: EWMH's client message to the root window.
static void wp_maximize(Display *d, Window root, Window w, long add) {
	XEvent ev = {0};
	ev.xclient.type = ClientMessage;
	ev.xclient.window = w;
	ev.xclient.message_type = XInternAtom(d, "_NET_WM_STATE", False);
	ev.xclient.format = 32;
	ev.xclient.data.l[0] = add;
	ev.xclient.data.l[1] = XInternAtom(d, "_NET_WM_STATE_MAXIMIZED_VERT", False);
	ev.xclient.data.l[2] = XInternAtom(d, "_NET_WM_STATE_MAXIMIZED_HORZ", False);
	ev.xclient.data.l[3] = 1; // source: an application
	XSendEvent(d, root, False, SubstructureRedirectMask | SubstructureNotifyMask, &ev);
}

// wp_on_monitor says whether (x, y) is on an active monitor: RandR 1.5's
// monitors when the server has them, else anywhere on the root window.
static int wp_on_monitor(Display *d, Window root, int x, int y) {
	int evb, erb, major = 0, minor = 0, n = 0;
	if (XRRQueryExtension(d, &evb, &erb) && XRRQueryVersion(d, &major, &minor) &&
			(major > 1 || (major == 1 && minor >= 5))) {
		XRRMonitorInfo *m = XRRGetMonitors(d, root, True, &n);
		if (m) {
			int on = 0;
			for (int i = 0; i < n; i++)
				on |= x >= m[i].x && y >= m[i].y && x < m[i].x + m[i].width && y < m[i].y + m[i].height;
			XRRFreeMonitors(m);
			if (n > 0)
				return on;
		}
	}
	XWindowAttributes ra;
	if (!XGetWindowAttributes(d, root, &ra))
		return 0;
	return x >= 0 && y >= 0 && x < ra.width && y < ra.height;
}

// wp_gravity_shift says how far from the position asked for with
// XMoveWindow the window's own top-left ends up once a reparenting window
// manager has put its frame (extents e: left, right, top, bottom) around it,
// for the window's win_gravity (ICCCM 4.1.2.3: the frame's reference point
// goes where the window's would have been). NorthWest, the default, puts the
// frame's corner there, so the content lands left+top further; Static puts
// the window itself there.
static void wp_gravity_shift(int g, const long e[4], int *dx, int *dy) {
	switch (g) {
	case StaticGravity:
		*dx = *dy = 0;
		return;
	case NorthGravity: case CenterGravity: case SouthGravity:
		*dx = (e[0] - e[1]) / 2;
		break;
	case NorthEastGravity: case EastGravity: case SouthEastGravity:
		*dx = -e[1];
		break;
	default:
		*dx = e[0];
	}
	switch (g) {
	case WestGravity: case CenterGravity: case EastGravity:
		*dy = (e[2] - e[3]) / 2;
		break;
	case SouthWestGravity: case SouthGravity: case SouthEastGravity:
		*dy = -e[3];
		break;
	default:
		*dy = e[2];
	}
}

// wp_get returns the content's origin in root coordinates (what GLFW's
// glfwGetWindowPos does) and the maximised state; the result is an X error
// code, -1 without a display.
static int wp_get(Window w, int *x, int *y, int *maximized) {
	Display *d = wp_open();
	if (!d)
		return -1;
	XWindowAttributes wa;
	if (XGetWindowAttributes(d, w, &wa)) {
		Window child;
		XTranslateCoordinates(d, w, wa.root, 0, 0, x, y, &child);
		*maximized = wp_maximized(d, w);
	}
	return wp_close(d);
}

// wp_set moves the content's origin to (x, y) if try is set and the square
// of side probe there is on monitors (*moved says so), then maximises or
// restores the window. Result as wp_get's.
static int wp_set(Window w, int x, int y, int maximize, int try, int probe, int *moved) {
	Display *d = wp_open();
	if (!d)
		return -1;
	*moved = 0;
	XWindowAttributes wa;
	if (!XGetWindowAttributes(d, w, &wa))
		return wp_close(d);
	int maximized = wp_maximized(d, w);
	if (try && wp_on_monitor(d, wa.root, x, y) && wp_on_monitor(d, wa.root, x + probe - 1, y + probe - 1)) {
		// Window managers do not move a maximised window. Requests on one
		// connection are handled in order, so the restore comes first.
		if (maximized)
			wp_maximize(d, wa.root, w, 0);
		maximized = 0;

		// Why not just XMoveWindow(x, y): Get reads the content's origin,
		// inside the frame of a reparenting window manager. Under the
		// default NorthWest gravity the manager puts its frame's corner at
		// the point asked for, so the content would land one title bar
		// (and left border) lower than saved, and again at every start.
		// GLFW's windows ask for Static gravity, under which the point is
		// the content's own; for other windows the frame's extents (absent
		// until a manager has framed the window: 0) are taken off.
		long e[4] = {0, 0, 0, 0};
		wp_longs(d, w, "_NET_FRAME_EXTENTS", XA_CARDINAL, e, 4);
		int gravity = NorthWestGravity, dx, dy;
		long supplied;
		XSizeHints *h = XAllocSizeHints();
		if (h && XGetWMNormalHints(d, w, h, &supplied) && (h->flags & PWinGravity))
			gravity = h->win_gravity;
		wp_gravity_shift(gravity, e, &dx, &dy);
		int rx = x - wa.border_width - dx, ry = y - wa.border_width - dy;
		// USPosition: a manager that has not placed the window yet keeps it
		// where it is put instead of placing it by its own policy.
		if (h) {
			h->flags |= USPosition;
			h->x = rx;
			h->y = ry;
			XSetWMNormalHints(d, w, h);
			XFree(h);
		}
		XMoveWindow(d, w, rx, ry);
		*moved = 1;
	}
	if (maximize != maximized)
		wp_maximize(d, wa.root, w, maximize);
	return wp_close(d);
}
*/
import "C"

import (
	"fmt"
	"math"
	"os"
	"sync"
)

// x11Mu serialises the calls: the C side keeps its connection and error in
// globals while its error handler is installed.
var x11Mu sync.Mutex

func getX11(h uintptr) (Placement, error) {
	x11Mu.Lock()
	defer x11Mu.Unlock()
	var x, y, maximized C.int
	if rc := C.wp_get(C.Window(h), &x, &y, &maximized); rc != 0 {
		return Placement{}, x11Error(h, rc)
	}
	return Placement{X: int(x), Y: int(y), Maximized: maximized != 0}, nil
}

func setX11(h uintptr, p Placement) error {
	x11Mu.Lock()
	defer x11Mu.Unlock()
	// X11 positions are 16-bit; a point beyond is on no monitor.
	try := p.within(math.MinInt16, math.MaxInt16-probe)
	var x, y, moved C.int
	if try {
		x, y = C.int(p.X), C.int(p.Y)
	}
	if rc := C.wp_set(C.Window(h), x, y, cBool(p.Maximized), cBool(try), probe, &moved); rc != 0 {
		return x11Error(h, rc)
	}
	if moved == 0 {
		return ErrOffScreen
	}
	return nil
}

func cBool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

func x11Error(h uintptr, rc C.int) error {
	switch rc {
	case -1:
		return fmt.Errorf("winpos: cannot open the X display %q", os.Getenv("DISPLAY"))
	case C.BadWindow:
		return fmt.Errorf("winpos: X11 window %#x does not exist", h)
	}
	return fmt.Errorf("winpos: X11 window %#x: X error %d", h, int(rc))
}
