package pcare

import (
	"errors"
	"fmt"
	"strings"
)

// Kind classifies a PCare failure by what the caller must do about it.
type Kind int

const (
	// KindInternal is a failure of ours (a request we could not build).
	KindInternal Kind = iota
	// KindConfig: the client is not configured well enough to send anything.
	KindConfig
	// KindAuth (401, or 404 "not registered for this service"): wrong
	// credentials, clock, user key, or the service is not activated.
	KindAuth
	// KindNotFound (204, 404): no such participant, registration, visit.
	KindNotFound
	// KindValidation (412): PCare refused the data; Fields says why, per field.
	KindValidation
	// KindBadReference (424): a code that is not in PCare's master data.
	KindBadReference
	// KindNotModified (304): "data tidak bisa diubah"; on a delete, already gone.
	KindNotModified
	// KindServer (5xx, 408): PCare failed; a read may be retried. A write
	// with this kind was not stored (the server said so); see OutcomeUnknown.
	KindServer
	// KindUnavailable: nothing reached PCare (DNS, refused connection, a
	// timeout before the request was written). Safe to retry, writes too.
	KindUnavailable
	// KindOutcomeUnknown: a write left this machine and no usable answer came
	// back (timeout, dropped connection, a gateway timeout, an unreadable 2xx).
	// PCare may or may not have stored it: reconcile with a GET, never resend.
	KindOutcomeUnknown
	// KindProtocol: an answer that is not PCare's format (HTML page, bad
	// encryption, malformed JSON) on a read.
	KindProtocol
	// KindInsecure: the connection would not be protected, so nothing was
	// sent: a base URL that is not https (except a simulator on this
	// machine), or a server certificate that fails verification (unknown
	// authority, wrong name, expired, or not TLS at all). Never retried.
	KindInsecure
)

var kindNames = [...]string{"internal", "config", "auth", "not found", "validation",
	"bad reference", "not modified", "server", "unavailable", "outcome unknown", "protocol", "insecure"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Error is every failure the client returns.
type Error struct {
	Kind    Kind
	Status  int            // HTTP status, 0 when no answer arrived
	Code    int            // metaData.code when the envelope had one
	Message string         // metaData.message or our own explanation
	Fields  []FieldMessage // 412/424 details, in PCare's words
	Method  string
	Path    string // with card numbers and NIKs masked
	Err     error  // the underlying cause, if any
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("pcare")
	if e.Method != "" {
		fmt.Fprintf(&b, " %s %s", e.Method, e.Path)
	}
	fmt.Fprintf(&b, ": %s", e.Kind)
	if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d", e.Status)
		if e.Code != 0 && e.Code != e.Status {
			fmt.Fprintf(&b, ", code %d", e.Code)
		}
		b.WriteString(")")
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Message)
	}
	if e.Err != nil && e.Message == "" {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Retryable reports whether the same request may simply be sent again. Only
// failures where PCare certainly did not act qualify; OutcomeUnknown does not.
func (e *Error) Retryable() bool {
	return e.Kind == KindServer || e.Kind == KindUnavailable
}

// KindOf returns the Kind of a client error, KindInternal for any other error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// IsKind reports whether err is a client error of kind k.
func IsKind(err error, k Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}
