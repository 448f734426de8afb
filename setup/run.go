package setup

import (
	"context"
	"fmt"

	"fktpdesk/access"
	"fktpdesk/clinic"
	"fktpdesk/pcare"
)

// Deps are the stores set-up writes to.
type Deps struct {
	Users *access.Service
	// SaveFacility stores the clinic's identity.
	SaveFacility func(ctx context.Context, f clinic.Facility) error
	// SavePCare stores the PCare mode and, outside training, the
	// credentials (the secret ones encrypted). It runs after the admin
	// account exists, so the credential vault has the admin's key slot.
	SavePCare func(ctx context.Context, mode pcare.Mode, cfg pcare.Config) error
}

// Run does the first start: it checks every answer before writing
// anything, stores the clinic's identity, creates the admin account and
// stores the PCare settings, and returns the admin signed in. Errors:
// clinic EINVALID naming the first faulty answer, access EWEAK for a weak
// password, access ECONFLICT when set-up was done already.
func Run(ctx context.Context, d Deps, a Answers) (access.Principal, error) {
	if problems := a.Check(); len(problems) > 0 {
		e := &clinic.Error{Code: clinic.EINVALID, Message: problems[0].Message}
		for _, p := range problems {
			e.Fields = append(e.Fields, clinic.FieldError{Field: p.Field, Message: p.Message})
		}
		return access.Principal{}, e
	}
	if err := access.CheckStrength(a.Admin.Password, a.Admin.Username, a.Admin.Name); err != nil {
		return access.Principal{}, err
	}
	if need, err := d.Users.NeedsSetup(ctx); err != nil {
		return access.Principal{}, err
	} else if !need {
		return access.Principal{}, access.ErrSetupDone()
	}
	if err := d.SaveFacility(ctx, a.Facility); err != nil {
		return access.Principal{}, fmt.Errorf("saving the clinic's identity: %w", err)
	}
	p, err := d.Users.Setup(ctx, a.Admin)
	if err != nil {
		return access.Principal{}, err
	}
	if d.SavePCare != nil {
		if err := d.SavePCare(access.WithPrincipal(ctx, p), a.Mode, a.PCare); err != nil {
			// The account exists now: the admin signs in and finishes the
			// PCare settings on the settings screen.
			return p, fmt.Errorf("the admin account was created, but the PCare settings were not saved (set them on the settings screen): %w", err)
		}
	}
	return p, nil
}
