//go:build (linux || freebsd || openbsd || netbsd) && cgo

// Package xwin makes plain X11 windows for winpos's tests, which cannot use
// cgo themselves: a stand-in for GLFW's window that the tests can place
// without a Fyne app. Only tests import it.
package xwin

/*
#cgo LDFLAGS: -lX11 -lXrandr
#include <stdlib.h>
#include <X11/Xlib.h>
#include <X11/Xatom.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xrandr.h>

static Window xw_create(Display *d, int x, int y, int w, int h, int static_gravity) {
	Window win = XCreateSimpleWindow(d, DefaultRootWindow(d), x, y, w, h, 0, 0, 0);
	XSizeHints *hints = XAllocSizeHints();
	hints->flags = PPosition | PSize;
	hints->x = x;
	hints->y = y;
	hints->width = w;
	hints->height = h;
	if (static_gravity) {
		hints->flags |= PWinGravity;
		hints->win_gravity = StaticGravity;
	}
	XSetWMNormalHints(d, win, hints);
	XFree(hints);
	XStoreName(d, win, "winpos test");
	XSelectInput(d, win, StructureNotifyMask);
	XMapWindow(d, win);
	XFlush(d);
	return win;
}

// xw_mapped takes the window's MapNotify off the queue if it has come.
static int xw_mapped(Display *d, Window w) {
	XEvent ev;
	return XCheckTypedWindowEvent(d, w, MapNotify, &ev);
}

// xw_framed: a window manager sets _NET_FRAME_EXTENTS when it frames w.
static int xw_framed(Display *d, Window w) {
	Atom actual;
	int format;
	unsigned long count, after;
	unsigned char *data = NULL;
	int ok = XGetWindowProperty(d, w, XInternAtom(d, "_NET_FRAME_EXTENTS", False), 0, 4, False, AnyPropertyType,
		&actual, &format, &count, &after, &data) == Success && actual != None;
	if (data)
		XFree(data);
	return ok;
}

// xw_set_monitor makes the screen's first output a RandR 1.5 monitor of
// the given size; the server then drops the automatic monitor that covered
// the whole screen with that output. Returns 0 on success.
static int xw_set_monitor(Display *d, int x, int y, int w, int h) {
	Window root = DefaultRootWindow(d);
	XRRScreenResources *res = XRRGetScreenResources(d, root);
	if (!res || res->noutput < 1) {
		if (res)
			XRRFreeScreenResources(res);
		return 1;
	}
	XRRMonitorInfo *m = XRRAllocateMonitor(d, 1);
	m->name = XInternAtom(d, "WINPOS-TEST", False);
	m->primary = True;
	m->x = x;
	m->y = y;
	m->width = w;
	m->height = h;
	m->mwidth = w / 4;
	m->mheight = h / 4;
	m->outputs[0] = res->outputs[0];
	XRRSetMonitor(d, root, m);
	XSync(d, False);
	XRRFreeMonitors(m);
	XRRFreeScreenResources(res);
	return 0;
}

*/
import "C"

import (
	"errors"
	"fmt"
	"time"
)

// Window is a mapped top-level window on $DISPLAY, alive until Close.
type Window struct {
	dpy *C.Display
	// ID is the X11 window id, what Fyne's X11WindowContext carries.
	ID uintptr
}

// Create makes a w×h window asking to be at (x, y), with Static gravity
// like GLFW's windows or with the default (NorthWest), maps it and waits
// until the server (or window manager) has mapped it.
func Create(x, y, w, h int, staticGravity bool) (*Window, error) {
	d := C.XOpenDisplay(nil)
	if d == nil {
		return nil, errors.New("xwin: cannot open the display")
	}
	sg := C.int(0)
	if staticGravity {
		sg = 1
	}
	win := &Window{dpy: d, ID: uintptr(C.xw_create(d, C.int(x), C.int(y), C.int(w), C.int(h), sg))}
	if err := Await("the window mapped", func() bool { return C.xw_mapped(d, C.Window(win.ID)) != 0 }); err != nil {
		win.Close()
		return nil, err
	}
	return win, nil
}

// Framed says whether a window manager has framed the window: it sets
// _NET_FRAME_EXTENTS then.
func (w *Window) Framed() bool {
	return C.xw_framed(w.dpy, C.Window(w.ID)) != 0
}

// Close destroys the window and closes its connection; again, it does
// nothing.
func (w *Window) Close() {
	if w.dpy == nil {
		return
	}
	C.XDestroyWindow(w.dpy, C.Window(w.ID))
	C.XCloseDisplay(w.dpy)
	w.dpy = nil
}

// SetMonitor leaves one monitor on the screen, at (x, y) and w×h: what a
// smaller monitor on a larger screen, or one of two unplugged, looks like.
func (w *Window) SetMonitor(x, y, width, height int) error {
	if C.xw_set_monitor(w.dpy, C.int(x), C.int(y), C.int(width), C.int(height)) != 0 {
		return errors.New("xwin: the screen has no RandR output")
	}
	return nil
}

// Await polls cond until it holds: X servers and window managers answer
// asynchronously. The bound only stops a broken setup from hanging the test.
func Await(what string, cond func() bool) error {
	for deadline := time.Now().Add(15 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			return fmt.Errorf("xwin: gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return nil
}
