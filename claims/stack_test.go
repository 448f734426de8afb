package claims_test

import (
	"context"
	"path/filepath"
	"testing"

	"fktpdesk/claims"
	"fktpdesk/clinic"
	"fktpdesk/pcare"
	"fktpdesk/pcare/pcaresim"
	"fktpdesk/sqlite"
)

// stack is the real thing the claims tests drive: the simulator over
// loopback, the PCare client, a SQLite file, the desk's and the doctor's
// services, and an outbox worker run by the test.
type stack struct {
	sim     *pcaresim.Server
	central pcare.Central
	db      *sqlite.DB
	svc     *clinic.Service
	desk    *clinic.DoctorDesk
	w       *claims.Worker
}

func newStack(t *testing.T, seed int64) *stack {
	t.Helper()
	sim, err := pcaresim.Start("127.0.0.1:0", pcaresim.Options{Seed: seed, Participants: 200})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	client, err := pcare.New(sim.ClientConfig(), pcare.WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	central := pcare.Central{C: client}
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "fktp.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &stack{
		sim: sim, central: central, db: db,
		svc:  &clinic.Service{Store: db, Central: central, PPK: sim.ClientConfig().PPK, Log: quiet},
		desk: &clinic.DoctorDesk{Store: db, Visits: db, Refs: central, Log: quiet},
		w:    &claims.Worker{Outbox: db, Records: db, Central: central, Visits: db, VisitCentral: central, Log: quiet},
	}
}
