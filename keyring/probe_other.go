//go:build !linux

package keyring

// platformProbe has nothing to check: Windows and macOS always have their
// credential store; go-keyring reports the rest.
func platformProbe() error { return nil }
