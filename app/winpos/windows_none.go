//go:build !windows

package winpos

func getWindows(uintptr) (Placement, error) { return Placement{}, ErrUnsupported }

func setWindows(uintptr, Placement) error { return ErrUnsupported }
