package clinic

import (
	"context"
	"time"

	"fktpdesk/access"
)

// The screens read visits, referrals and prints through these, so the
// roles hold in the service however a screen was reached: the doctor and
// printing staff read referrals and letters, the doctor a registration's
// examination, and the claims officer a visit PCare refused. Reads are
// not audited one by one (lists refresh by themselves); opening a
// patient's record is (PatientHistory).
var visitReadRoles = []access.Role{access.Doctor, access.Printing, access.Claims}

// Referrals lists a day's referrals, for the letters' screen.
func (d *DoctorDesk) Referrals(ctx context.Context, day time.Time) ([]Visit, error) {
	if err := d.Guard.Allow(ctx, "", "", letterRoles...); err != nil {
		return nil, err
	}
	return d.Visits.Referrals(ctx, day)
}

// Prints lists a visit's printed letters, oldest first.
func (d *DoctorDesk) Prints(ctx context.Context, visitID int64) ([]Print, error) {
	if err := d.Guard.Allow(ctx, "", "", letterRoles...); err != nil {
		return nil, err
	}
	return d.Visits.Prints(ctx, visitID)
}

// Visit returns a recorded visit.
func (d *DoctorDesk) Visit(ctx context.Context, id int64) (Visit, error) {
	if err := d.Guard.Allow(ctx, "", "", visitReadRoles...); err != nil {
		return Visit{}, err
	}
	return d.Visits.Visit(ctx, id)
}

// VisitByNumber returns the visit PCare numbered no (ENOTFOUND if none
// was made here), for printing a letter by its number.
func (d *DoctorDesk) VisitByNumber(ctx context.Context, no string) (Visit, error) {
	if err := d.Guard.Allow(ctx, "", "", letterRoles...); err != nil {
		return Visit{}, err
	}
	return d.Visits.VisitByNumber(ctx, no)
}

// VisitByRegistration returns a registration's examination, for the
// doctor to change it.
func (d *DoctorDesk) VisitByRegistration(ctx context.Context, registrationID int64) (Visit, error) {
	if err := d.Guard.Allow(ctx, "", "", doctorRoles...); err != nil {
		return Visit{}, err
	}
	return d.Visits.VisitByRegistration(ctx, registrationID)
}
