package access

import (
	"errors"
	"fmt"
)

// Error codes of this package: the ways signing in and account work fail.
const (
	ENOTSIGNEDIN = "not_signed_in" // no one is signed in
	EFORBIDDEN   = "forbidden"     // signed in, but the role does not allow it
	EBADLOGIN    = "bad_login"     // unknown user or wrong password (one message for both)
	ELOCKED      = "locked"        // too many failures: wait
	EDISABLED    = "disabled"      // the account was disabled by an admin
	EWEAK        = "weak_password" // the new password is too easy to guess
	EINVALID     = "invalid"       // other bad input (username, roles)
	ECONFLICT    = "conflict"      // username taken, set-up already done
	ENOTFOUND    = "not_found"     // no such account
	EAUDIT       = "audit"         // the audit trail could not be written
)

// Error is an access failure with a sentence for the person (Bahasa
// Indonesia).
type Error struct {
	Code    string
	Message string
	Err     error
}

func (e *Error) Error() string {
	s := "access " + e.Code + ": " + e.Message
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an access error, "" for any other error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
