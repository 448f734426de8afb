package clinic

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes: the closed set of ways a use case can fail. The UI maps each
// to Indonesian text in one place; Message adds what a person can act on.
const (
	EINVALID      = "invalid"         // bad input; Fields says which
	ENOTFOUND     = "not_found"       // no such participant, patient, registration
	ECONFLICT     = "conflict"        // the record changed or exists already
	EUNAUTHORIZED = "unauthorized"    // PCare refused our credentials
	EUNAVAILABLE  = "unavailable"     // PCare or the network is down; try later
	EUNKNOWN      = "outcome_unknown" // a write may or may not have reached PCare
	EINTERNAL     = "internal"        // a bug or a broken disk
)

// Error is a domain failure.
type Error struct {
	Code    string
	Message string       // a sentence a person can act on (Bahasa Indonesia)
	Fields  []FieldError // per-field problems, for forms
	Err     error        // the cause, for logs
}

// FieldError is one field's problem, in words a front-desk person reads.
type FieldError struct {
	Field   string // the Go field name, so a form can find its entry
	Label   string // the field as the form names it, e.g. "NIK"
	Message string // e.g. "NIK harus 16 digit angka"
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s", f.Message)
	}
	if e.Err != nil {
		b.WriteString(" (" + e.Err.Error() + ")")
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error of the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of a domain error, EINTERNAL for any other
// error, "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the human message of a domain error, a generic one
// for any other error.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	if err == nil {
		return ""
	}
	return "Terjadi kesalahan internal."
}

// FieldErrors returns the per-field problems of a validation error.
func FieldErrors(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
