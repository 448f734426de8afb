// Package setup is the first start of a clinic's installation, shared by
// the desktop wizard and `fktpctl setup` so the two cannot drift apart:
// the same answers, checked by the same rules, stored by the same code.
// It is wiring, not domain: it joins the account service, the store, the
// credential vault and the PCare configuration.
package setup

import (
	"fmt"
	"regexp"
	"strings"

	"fktpdesk/access"
	"fktpdesk/clinic"
	"fktpdesk/pcare"
)

// Modes lists the PCare modes the wizard offers, in its order (a custom
// URL is for the settings screen, not a first start).
var Modes = []pcare.Mode{pcare.ModeTraining, pcare.ModeDev, pcare.ModeProduction}

// Answers are the first start's questions, answered.
type Answers struct {
	Admin    access.NewUser  // the first account; it is made admin
	Facility clinic.Facility // the clinic's identity, on letters and claims
	Mode     pcare.Mode
	// PCare holds the bridging credentials for Dev and Production
	// (BaseURL is filled from the mode when empty). Ignored in Training.
	PCare pcare.Config
}

var ppkRE = regexp.MustCompile(`^[0-9]{4}[A-Z][0-9]{3}$`)

// CheckFacility normalises the clinic's identity and returns its problems:
// the first start and the settings screen apply the same rules.
func CheckFacility(f *clinic.Facility) []Problem {
	var out []Problem
	f.PPK = strings.ToUpper(strings.TrimSpace(f.PPK))
	f.Name = strings.TrimSpace(f.Name)
	f.Address, f.Regency, f.BPJSBranch = strings.TrimSpace(f.Address), strings.TrimSpace(f.Regency), strings.TrimSpace(f.BPJSBranch)
	if !ppkRE.MatchString(f.PPK) {
		out = append(out, Problem{"facility.ppk", "Kode PPK 8 karakter: 4 angka, 1 huruf, 3 angka (contoh 0114U163)."})
	}
	if f.Name == "" {
		out = append(out, Problem{"facility.name", "Nama fasilitas wajib diisi."})
	}
	return out
}

// Problem is one answer's fault, in the words the wizard shows beside it.
type Problem struct {
	Field   string // "admin", "facility.ppk", "pcare.consid", …
	Message string
}

// Check normalises a and returns every problem (none: nil). Password
// strength is the account service's to judge; the rest is checked here.
func (a *Answers) Check() []Problem {
	var out []Problem
	add := func(field, format string, args ...any) {
		out = append(out, Problem{field, fmt.Sprintf(format, args...)})
	}
	if err := a.Admin.Validate(); err != nil {
		add("admin", "%s", err.(*access.Error).Message)
	}
	out = append(out, CheckFacility(&a.Facility)...)
	f := &a.Facility
	switch a.Mode {
	case pcare.ModeTraining:
	case pcare.ModeDev, pcare.ModeProduction:
		c := &a.PCare
		c.ConsID, c.ConsSecret, c.UserKey = strings.TrimSpace(c.ConsID), strings.TrimSpace(c.ConsSecret), strings.TrimSpace(c.UserKey)
		c.Username, c.KdAplikasi = strings.TrimSpace(c.Username), strings.TrimSpace(c.KdAplikasi)
		c.PPK = f.PPK
		if c.BaseURL == "" {
			c.BaseURL, _ = pcare.Preset(string(a.Mode))
		}
		if c.ConsID == "" || strings.Trim(c.ConsID, "0123456789") != "" {
			add("pcare.consid", "Cons ID dari BPJS berupa angka.")
		}
		if c.ConsSecret == "" {
			add("pcare.secret", "Consumer secret wajib diisi.")
		}
		if c.UserKey == "" {
			add("pcare.userkey", "User key wajib diisi.")
		}
		if c.Username == "" || c.Password == "" {
			add("pcare.user", "Nama pengguna dan kata sandi PCare wajib diisi.")
		}
	default:
		add("mode", "Pilih mode PCare: latihan, dev, atau produksi.")
	}
	return out
}
