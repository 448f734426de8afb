//go:build !((linux || freebsd || openbsd || netbsd) && cgo && !(wayland && !x11))

package winpos

// Without cgo, or on a system with no X11, no window is an X11 window.

func getX11(uintptr) (Placement, error) { return Placement{}, ErrUnsupported }

func setX11(uintptr, Placement) error { return ErrUnsupported }
