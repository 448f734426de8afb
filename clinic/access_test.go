package clinic_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"fktpdesk/access"
	"fktpdesk/audit"
	"fktpdesk/clinic"
	"fktpdesk/pcare/pcaresim"
	"fktpdesk/sqlite"
)

// find returns the newest audit entry of act by user.
func find(t *testing.T, db *sqlite.DB, act access.Action, user string) (audit.Entry, bool) {
	es, err := db.List(context.Background(), audit.Filter{Action: act, User: user, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) == 0 {
		return audit.Entry{}, false
	}
	return es[0], true
}

// TestRolesEnforcedInServices calls every guarded use case as a person
// holding each single role: the ones the role allows get past the guard,
// the others are refused in the service itself, whatever the screens show.
func TestRolesEnforcedInServices(t *testing.T) {
	r, desk, central := doctorRig(t)
	reg := register(t, r, r.participant(t, pcaresim.KindActiveHere))
	visit := examined(t, r, desk, central, 1)
	visit.Diagnoses = []clinic.Diagnosis{{Code: "I10", Name: "Hipertensi esensial (primer)", NonSpecialist: clinic.IsNonSpecialist("I10")}}
	saved, err := desk.RecordVisit(t.Context(), visit)
	if err != nil {
		t.Fatal(err)
	}
	// A second registration's form, for RecordVisit itself.
	fresh := examined(t, r, desk, central, 2)
	fresh.Diagnoses = visit.Diagnoses

	guard := &access.Guard{Audit: r.db, Now: r.clock.Now}
	svc := *r.svc
	svc.Guard = guard
	doc := *desk
	doc.Guard = guard
	day := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

	cases := []struct {
		name    string
		allowed []access.Role
		audited access.Action
		call    func(ctx context.Context) error
	}{
		{"CheckEligibility", []access.Role{access.FrontDesk, access.Doctor}, access.ActEligibility, func(ctx context.Context) error {
			_, err := svc.CheckEligibility(ctx, reg.CardNo)
			return err
		}},
		{"Register", []access.Role{access.FrontDesk}, access.ActRegister, func(ctx context.Context) error {
			_, err := svc.Register(ctx, clinic.Eligibility{}, clinic.Registration{})
			return err
		}},
		{"Queue", []access.Role{access.FrontDesk, access.Doctor}, "", func(ctx context.Context) error {
			_, err := svc.Queue(ctx, day)
			return err
		}},
		{"SearchPatients", []access.Role{access.FrontDesk, access.Doctor}, "", func(ctx context.Context) error {
			_, err := svc.SearchPatients(ctx, "a", 5)
			return err
		}},
		{"PatientHistory", []access.Role{access.FrontDesk, access.Doctor}, access.ActViewPatient, func(ctx context.Context) error {
			_, err := svc.PatientHistory(ctx, reg.PatientID)
			return err
		}},
		{"CorrectRegistration", []access.Role{access.FrontDesk, access.Claims}, access.ActCorrectReg, func(ctx context.Context) error {
			_, err := svc.CorrectRegistration(ctx, reg)
			return err
		}},
		{"CancelRegistration", []access.Role{access.FrontDesk}, access.ActCancelReg, func(ctx context.Context) error {
			return svc.CancelRegistration(ctx, -1)
		}},
		{"RecordVisit", []access.Role{access.Doctor}, access.ActExamine, func(ctx context.Context) error {
			_, err := doc.RecordVisit(ctx, fresh)
			return err
		}},
		{"EditVisit", []access.Role{access.Doctor}, access.ActEditVisit, func(ctx context.Context) error {
			_, err := doc.EditVisit(ctx, clinic.Visit{ID: saved.ID})
			return err
		}},
		{"CorrectVisit", []access.Role{access.Doctor, access.Claims}, access.ActClaimFix, func(ctx context.Context) error {
			_, err := doc.CorrectVisit(ctx, clinic.Visit{ID: saved.ID})
			return err
		}},
		{"Letter", []access.Role{access.Doctor, access.Printing}, "", func(ctx context.Context) error {
			_, err := doc.Letter(ctx, clinic.Visit{}, clinic.Facility{})
			return err
		}},
		{"RecordPrint", []access.Role{access.Doctor, access.Printing}, access.ActPrint, func(ctx context.Context) error {
			return doc.RecordPrint(ctx, clinic.Print{VisitID: saved.ID, How: "pdf:test"})
		}},
		// The reads behind the screens: role-checked, not audited one by one.
		{"Registration", []access.Role{access.FrontDesk, access.Doctor, access.Claims}, "", func(ctx context.Context) error {
			_, err := svc.Registration(ctx, reg.ID)
			return err
		}},
		{"Facility", access.Roles, "", func(ctx context.Context) error {
			_, err := svc.Facility(ctx)
			if clinic.ErrorCode(err) == clinic.ENOTFOUND {
				return nil // none set up in this rig: past the guard all the same
			}
			return err
		}},
		{"Referrals", []access.Role{access.Doctor, access.Printing}, "", func(ctx context.Context) error {
			_, err := doc.Referrals(ctx, day)
			return err
		}},
		{"Prints", []access.Role{access.Doctor, access.Printing}, "", func(ctx context.Context) error {
			_, err := doc.Prints(ctx, saved.ID)
			return err
		}},
		{"Visit", []access.Role{access.Doctor, access.Printing, access.Claims}, "", func(ctx context.Context) error {
			_, err := doc.Visit(ctx, saved.ID)
			return err
		}},
		{"VisitByNumber", []access.Role{access.Doctor, access.Printing}, "", func(ctx context.Context) error {
			_, err := doc.VisitByNumber(ctx, "0114U1631126Y000001")
			if clinic.ErrorCode(err) == clinic.ENOTFOUND {
				return nil
			}
			return err
		}},
		{"VisitByRegistration", []access.Role{access.Doctor}, "", func(ctx context.Context) error {
			_, err := doc.VisitByRegistration(ctx, saved.RegistrationID)
			return err
		}},
		{"Report", []access.Role{access.Doctor, access.Claims, access.Admin}, "", func(ctx context.Context) error {
			_, err := doc.Report(ctx, day, day.AddDate(0, 0, 1))
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.call(t.Context()); access.ErrorCode(err) != access.ENOTSIGNEDIN {
				t.Fatalf("nobody signed in: %v, want %s", err, access.ENOTSIGNEDIN)
			}
			for _, role := range access.Roles {
				user := "user-" + string(role)
				ctx := access.WithPrincipal(t.Context(), access.Principal{UserID: 7, Username: user, Roles: []access.Role{role}})
				err := c.call(ctx)
				refused := access.ErrorCode(err) == access.EFORBIDDEN
				if want := !slices.Contains(c.allowed, role); refused != want {
					t.Errorf("as %s: err %v; refused %v, want %v", role, err, refused, want)
				}
				if c.audited == "" {
					continue
				}
				rec, ok := find(t, r.db, c.audited, user)
				if c.audited == access.ActPrint && !ok {
					rec, ok = find(t, r.db, access.ActReprint, user)
				}
				wantOutcome := access.OutcomeOK
				if refused {
					wantOutcome = access.OutcomeDenied
				}
				if !ok || rec.Outcome != wantOutcome {
					t.Errorf("as %s: audit %+v (found %v), want outcome %s", role, rec, ok, wantOutcome)
				}
			}
		})
	}
	// The record says whose data it was.
	if rec, _ := find(t, r.db, access.ActEligibility, "user-front-desk"); rec.Patient != reg.CardNo {
		t.Errorf("eligibility audited for %q, want card %s", rec.Patient, reg.CardNo)
	}
}
