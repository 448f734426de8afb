package setup

import (
	"strings"
	"testing"

	"fktpdesk/access"
	"fktpdesk/clinic"
	"fktpdesk/pcare"
)

func TestAnswersCheck(t *testing.T) {
	good := func() Answers {
		return Answers{
			Admin:    access.NewUser{Username: " Admin ", Name: "Budi", Roles: []access.Role{access.Admin}, Password: "x"},
			Facility: clinic.Facility{PPK: " 0114u163 ", Name: " Klinik Sehat "},
			Mode:     pcare.ModeProduction,
			PCare:    pcare.Config{ConsID: "12345", ConsSecret: "s", UserKey: "k", Username: "u", Password: "p"},
		}
	}
	a := good()
	if p := a.Check(); p != nil {
		t.Fatalf("good answers: %v", p)
	}
	if a.Facility.PPK != "0114U163" || a.Facility.Name != "Klinik Sehat" || a.Admin.Username != "admin" ||
		a.PCare.BaseURL != pcare.ProductionURL || a.PCare.PPK != "0114U163" {
		t.Fatalf("not normalised: %+v", a)
	}
	for _, c := range []struct {
		field string
		edit  func(*Answers)
	}{
		{"facility.ppk", func(a *Answers) { a.Facility.PPK = "114U163" }},
		{"facility.name", func(a *Answers) { a.Facility.Name = " " }},
		{"admin", func(a *Answers) { a.Admin.Username = "a" }},
		{"pcare.consid", func(a *Answers) { a.PCare.ConsID = "12a45" }},
		{"pcare.secret", func(a *Answers) { a.PCare.ConsSecret = "" }},
		{"pcare.userkey", func(a *Answers) { a.PCare.UserKey = "" }},
		{"pcare.user", func(a *Answers) { a.PCare.Password = "" }},
		{"mode", func(a *Answers) { a.Mode = "staging" }},
	} {
		a := good()
		c.edit(&a)
		p := a.Check()
		if len(p) != 1 || p[0].Field != c.field || strings.TrimSpace(p[0].Message) == "" {
			t.Errorf("%s: problems %v", c.field, p)
		}
	}
	// Training needs no credentials at all.
	a = good()
	a.Mode, a.PCare = pcare.ModeTraining, pcare.Config{}
	if p := a.Check(); p != nil {
		t.Fatalf("training: %v", p)
	}
}
