package clinic

import (
	"context"

	"fktpdesk/access"
)

// Registration returns a registration, for the desk and the doctor, and for
// the claims officer's list of what PCare refused.
func (s *Service) Registration(ctx context.Context, id int64) (Registration, error) {
	if err := s.Guard.Allow(ctx, "", "", access.FrontDesk, access.Doctor, access.Claims); err != nil {
		return Registration{}, err
	}
	return s.Store.Registration(ctx, id)
}

// Facility is the clinic's identity (letterheads, the monthly claim): no
// patient's data, so anyone signed in reads it.
func (s *Service) Facility(ctx context.Context) (Facility, error) {
	if err := s.Guard.Allow(ctx, "", "", access.Roles...); err != nil {
		return Facility{}, err
	}
	return s.Store.Facility(ctx)
}
