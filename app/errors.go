package app

import (
	"context"
	"errors"

	"fyne.io/fyne/v2/lang"

	"fktpdesk/access"
	"fktpdesk/clinic"
)

// errorText is the one place that turns a service error into words for the
// desk. The domain's own message is kept where it tells the person what to
// do about this very input (which number, which poli); the kinds that need
// someone else (an administrator, a network) get our sentence first.
// A cancelled context is not an error to show: the person asked for it.
func errorText(err error) string {
	if err == nil || errors.Is(err, context.Canceled) {
		return ""
	}
	// Access refusals (not signed in, role, lockout) carry a sentence for
	// the person already.
	var ae *access.Error
	if errors.As(err, &ae) {
		return ae.Message
	}
	msg := ""
	var de *clinic.Error
	if errors.As(err, &de) {
		msg = de.Message
	}
	switch clinic.ErrorCode(err) {
	case clinic.EINVALID:
		return orElse(msg, lang.L("error.invalid"))
	case clinic.ENOTFOUND:
		return orElse(msg, lang.L("error.not_found"))
	case clinic.ECONFLICT:
		return orElse(msg, lang.L("error.conflict"))
	case clinic.EUNAUTHORIZED:
		// The domain message lists the settings to check: useful to the
		// administrator the desk calls, so it follows our sentence.
		return joinSentences(lang.L("error.unauthorized"), msg)
	case clinic.EUNAVAILABLE:
		return orElse(msg, lang.L("error.unavailable"))
	case clinic.EUNKNOWN:
		return orElse(msg, lang.L("error.outcome_unknown"))
	}
	return lang.L("error.internal")
}

func orElse(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}

func joinSentences(a, b string) string {
	if b == "" {
		return a
	}
	return a + " " + b
}
