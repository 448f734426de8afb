package clinic_test

import (
	"context"
	"testing"

	"fktpdesk/clinic"
)

// Lines of a recorded visit change one at a time, under the rules a new
// visit's lines follow; saving the examination keeps the lines as stored;
// a deleted visit leaves the lists and the registration waits again.
func TestRecordedVisitChanges(t *testing.T) {
	r, d, central := doctorRig(t)
	ctx := context.Background()
	procs, err := central.Procedures(ctx, clinic.TKPOutpatient)
	if err != nil {
		t.Fatal(err)
	}
	var capped clinic.ProcedureRef
	for _, p := range procs {
		if p.MaxFee > 0 {
			capped = p
			break
		}
	}
	v := examined(t, r, d, central, 0)
	v.Diagnoses = []clinic.Diagnosis{{Code: "J06.9", Name: "ISPA"}}
	v.Procedures = []clinic.Procedure{{Code: capped.Code, Name: capped.Name, Fee: capped.MaxFee, MaxFee: capped.MaxFee}}
	v.Drugs = []clinic.Drug{{Name: "Salep", Quantity: 1}}
	v, err = d.RecordVisit(ctx, v)
	if err != nil {
		t.Fatal(err)
	}

	over := v.Procedures[0]
	over.Fee = capped.MaxFee + 1
	_, err = d.EditProcedure(ctx, v.ID, 0, over)
	if fs := clinic.FieldErrors(err); clinic.ErrorCode(err) != clinic.EINVALID || len(fs) != 1 || fs[0].Field != "Procedures[0].Fee" {
		t.Fatalf("a fee over PCare's maximum: %v %+v", err, fs)
	}
	_, err = d.AddDrug(ctx, v.ID, clinic.Drug{Name: "Sirup"})
	if fs := clinic.FieldErrors(err); len(fs) != 1 || fs[0].Field != "Drugs[1].Quantity" {
		t.Fatalf("a drug without a quantity: %v %+v", err, fs)
	}
	if _, err := d.DeleteDrug(ctx, v.ID, 3); clinic.ErrorCode(err) != clinic.ENOTFOUND {
		t.Fatalf("deleting a line the visit does not have: %v", err)
	}

	// The examination's own save cannot change lines behind their items.
	changed := v
	changed.Anamnesis = "Demam 4 hari"
	changed.Procedures = nil
	changed.Drugs = append([]clinic.Drug{}, clinic.Drug{Name: "Lain", Quantity: 2})
	saved, err := d.EditVisit(ctx, changed)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Anamnesis != "Demam 4 hari" || len(saved.Procedures) != 1 || len(saved.Drugs) != 1 || saved.Drugs[0].Name != "Salep" {
		t.Fatalf("after saving the examination: %+v", saved)
	}

	if err := d.DeleteVisit(ctx, v.ID); err != nil {
		t.Fatal(err)
	}
	if gone, err := d.Visits.Visit(ctx, v.ID); err != nil || !gone.Deleted {
		t.Fatalf("deleted visit %+v %v", gone, err)
	}
	reg, _ := r.db.Registration(ctx, v.RegistrationID)
	if reg.VisitStatus != clinic.VisitWaiting {
		t.Fatalf("registration after its visit was deleted: %+v", reg)
	}
	day := r.clock.Now()
	rep, err := d.Report(ctx, day.AddDate(0, 0, -1), day.AddDate(0, 0, 1))
	if err != nil || rep.Total.Visits != 0 {
		t.Fatalf("report counts a deleted visit: %+v %v", rep.Total, err)
	}
	if _, err := d.AddProcedure(ctx, v.ID, v.Procedures[0]); clinic.ErrorCode(err) != clinic.ECONFLICT {
		t.Fatalf("a line added to a deleted visit: %v", err)
	}
}
