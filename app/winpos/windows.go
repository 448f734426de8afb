//go:build windows

package winpos

import (
	"errors"
	"fmt"
	"syscall"
	"unsafe"
)

// user32 is one of Windows' KnownDLLs, always loaded from the system
// folder, so the standard library's loader is safe for it.
var (
	user32                       = syscall.NewLazyDLL("user32.dll")
	procIsWindow                 = user32.NewProc("IsWindow")
	procGetWindowPlacement       = user32.NewProc("GetWindowPlacement")
	procSetWindowPlacement       = user32.NewProc("SetWindowPlacement")
	procMonitorFromRect          = user32.NewProc("MonitorFromRect")
	procMonitorFromWindow        = user32.NewProc("MonitorFromWindow")
	procGetMonitorInfoW          = user32.NewProc("GetMonitorInfoW")
	procGetWindowLongW           = user32.NewProc("GetWindowLongW")
	procGetDpiForWindow          = user32.NewProc("GetDpiForWindow")
	procAdjustWindowRectEx       = user32.NewProc("AdjustWindowRectEx")
	procAdjustWindowRectExForDpi = user32.NewProc("AdjustWindowRectExForDpi")
)

const (
	swShowNormal          = 1
	swShowMinimized       = 2
	swShowMaximized       = 3
	wpfRestoreToMaximized = 2
	monitorDefaultToNull  = 0
	monitorDefaultToNear  = 2
	gwlStyle              = -16
	gwlExStyle            = -20
)

type rect struct{ Left, Top, Right, Bottom int32 }

type point struct{ X, Y int32 }

// windowPlacement is WINDOWPLACEMENT (its rcDevice exists only on the Mac).
type windowPlacement struct {
	Length, Flags, ShowCmd   uint32
	MinPosition, MaxPosition point
	NormalPosition           rect
}

type monitorInfo struct {
	Size          uint32
	Monitor, Work rect
	Flags         uint32
}

// getWindows reads the placement Windows keeps for restoring the window,
// which is right even while it is maximised or minimised (closed from the
// taskbar): the content's origin in its restored position.
func getWindows(h uintptr) (Placement, error) {
	wp, err := placement(h)
	if err != nil {
		return Placement{}, err
	}
	// rcNormalPosition is in workspace coordinates: relative to the work
	// area (the screen less the taskbar) of the window's monitor. Getting
	// this wrong makes a window creep under a taskbar at the top or left.
	ox, oy := workspaceOffset(call(procMonitorFromWindow, h, monitorDefaultToNear))
	left, top := frameInsets(h)
	return Placement{
		X:         int(wp.NormalPosition.Left+ox) + left,
		Y:         int(wp.NormalPosition.Top+oy) + top,
		Maximized: wp.ShowCmd == swShowMaximized || (wp.ShowCmd == swShowMinimized && wp.Flags&wpfRestoreToMaximized != 0),
	}, nil
}

// setWindows moves the restored position's origin (keeping its size) and
// shows the window maximised or restored, in one SetWindowPlacement.
func setWindows(h uintptr, p Placement) error {
	wp, err := placement(h)
	if err != nil {
		return err
	}
	var off error
	if p.within(-maxCoord, maxCoord) && onMonitor(p.X, p.Y) && onMonitor(p.X+probe-1, p.Y+probe-1) {
		left, top := frameInsets(h)
		ox, oy := workspaceOffset(monitorAt(p.X, p.Y, monitorDefaultToNear))
		n := &wp.NormalPosition
		w, ht := n.Right-n.Left, n.Bottom-n.Top
		n.Left = int32(p.X-left) - ox
		n.Top = int32(p.Y-top) - oy
		n.Right, n.Bottom = n.Left+w, n.Top+ht
	} else {
		off = ErrOffScreen
	}
	wp.Flags = 0
	wp.ShowCmd = swShowNormal
	if p.Maximized {
		wp.ShowCmd = swShowMaximized
	}
	if r, _, e := procSetWindowPlacement.Call(h, uintptr(unsafe.Pointer(&wp))); r == 0 {
		return fmt.Errorf("winpos: SetWindowPlacement: %w", e)
	}
	return off
}

func placement(h uintptr) (windowPlacement, error) {
	wp := windowPlacement{Length: uint32(unsafe.Sizeof(windowPlacement{}))}
	if call(procIsWindow, h) == 0 {
		return wp, errors.New("winpos: no such window")
	}
	if r, _, e := procGetWindowPlacement.Call(h, uintptr(unsafe.Pointer(&wp))); r == 0 {
		return wp, fmt.Errorf("winpos: GetWindowPlacement: %w", e)
	}
	return wp, nil
}

// frameInsets is how far the content's origin is from the window's outer
// corner (title bar, borders): computed from the window's styles as GLFW's
// glfwSetWindowPos does, so it holds while the window is minimised too.
func frameInsets(h uintptr) (left, top int) {
	var r rect
	style := call(procGetWindowLongW, h, uintptrOf(gwlStyle))
	exStyle := call(procGetWindowLongW, h, uintptrOf(gwlExStyle))
	if procAdjustWindowRectExForDpi.Find() == nil && procGetDpiForWindow.Find() == nil {
		call(procAdjustWindowRectExForDpi, uintptr(unsafe.Pointer(&r)), style, 0, exStyle, call(procGetDpiForWindow, h))
	} else {
		call(procAdjustWindowRectEx, uintptr(unsafe.Pointer(&r)), style, 0, exStyle)
	}
	return int(-r.Left), int(-r.Top)
}

// onMonitor says whether the screen point (x, y) is on a monitor.
func onMonitor(x, y int) bool { return monitorAt(x, y, monitorDefaultToNull) != 0 }

func monitorAt(x, y int, flags uintptr) uintptr {
	r := rect{int32(x), int32(y), int32(x) + 1, int32(y) + 1}
	return call(procMonitorFromRect, uintptr(unsafe.Pointer(&r)), flags)
}

// workspaceOffset is where the monitor's work area starts in its monitor.
func workspaceOffset(monitor uintptr) (x, y int32) {
	mi := monitorInfo{Size: uint32(unsafe.Sizeof(monitorInfo{}))}
	if monitor == 0 || call(procGetMonitorInfoW, monitor, uintptr(unsafe.Pointer(&mi))) == 0 {
		return 0, 0
	}
	return mi.Work.Left - mi.Monitor.Left, mi.Work.Top - mi.Monitor.Top
}

func call(p *syscall.LazyProc, args ...uintptr) uintptr {
	r, _, _ := p.Call(args...)
	return r
}

// uintptrOf passes a negative int (GetWindowLong's index) as C would.
func uintptrOf(i int32) uintptr { return uintptr(i) }
