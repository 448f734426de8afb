package keyring

import (
	"errors"
	"fmt"
	"os"
)

// platformProbe refuses at once when there is no D-Bus session bus. Without
// it godbus would run dbus-launch, which starts a session bus daemon that
// outlives this process (on a server over SSH, one per call) and still has
// no Secret Service behind it.
func platformProbe() error {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		return nil
	}
	if _, err := os.Stat(fmt.Sprintf("/run/user/%d/bus", os.Getuid())); err == nil {
		return nil
	}
	return errors.New("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset, no /run/user/UID/bus)")
}
