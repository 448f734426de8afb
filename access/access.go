// Package access is who may do what in FKTP Desk: local user accounts with
// roles, their passwords (argon2id), sign-in with lockout, the signed-in
// person carried in a context, and the Guard the services call before they
// touch patient data, which both enforces the role and writes the audit
// trail. Like clinic/, it knows no technology: the accounts live behind the
// Store interface, the audit trail behind Recorder.
package access

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Role is one desk's set of permissions. A person may hold several (in a
// small klinik the doctor often prints too). The strings are stored.
type Role string

// The roles of issue #7. Admin manages accounts and settings; it does not
// imply the others, so an IT person can be admin without seeing patients.
const (
	FrontDesk Role = "front-desk" // eligibility, registration, queue
	Doctor    Role = "doctor"     // examination, referral
	Printing  Role = "printing"   // referral letters, reprints
	Claims    Role = "claims"     // outbox, corrections, monthly claim
	Admin     Role = "admin"      // users, facility, PCare settings, audit
)

// Roles lists every role in the order screens show them.
var Roles = []Role{FrontDesk, Doctor, Printing, Claims, Admin}

// ParseRoles reads a comma-separated list ("doctor,printing").
func ParseRoles(s string) ([]Role, error) {
	var out []Role
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		r := Role(f)
		if !slices.Contains(Roles, r) {
			return nil, fmt.Errorf("unknown role %q (known: %s)", f, JoinRoles(Roles))
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out, nil
}

// JoinRoles is ParseRoles' inverse, in the canonical order.
func JoinRoles(rs []Role) string {
	var parts []string
	for _, r := range Roles {
		if slices.Contains(rs, r) {
			parts = append(parts, string(r))
		}
	}
	return strings.Join(parts, ",")
}

// Principal is the person a piece of work is done for.
type Principal struct {
	UserID   int64
	Username string
	Name     string
	Roles    []Role
}

// Has reports whether p holds any of roles.
func (p Principal) Has(roles ...Role) bool {
	for _, r := range roles {
		if slices.Contains(p.Roles, r) {
			return true
		}
	}
	return false
}

// System is the principal of headless tools (fktpctl) and background jobs:
// whoever can run them can read the database file anyway, so they hold
// every role, and the audit trail names them (e.g. "fktpctl:budi").
func System(name string) Principal {
	return Principal{Username: name, Name: name, Roles: slices.Clone(Roles)}
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// From returns the principal ctx carries.
func From(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}
