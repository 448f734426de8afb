package claims_test

import (
	"context"
	"testing"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
	"fktpdesk/pcare/pcaresim"
)

// The month's claim holds exactly the fee-bearing procedures PCare
// accepted; totals match what PCare holds.
func TestMonthlyClaimFromAcceptedProcedures(t *testing.T) {
	ctx := context.Background()
	st := newStack(t, 6)
	sim, central, db, svc, desk, w := st.sim, st.central, st.db, st.svc, st.desk, st.w
	docs, _ := central.Doctors(ctx)
	refs, _ := central.Procedures(ctx, clinic.TKPOutpatient)
	byCode := map[string]clinic.ProcedureRef{}
	for _, r := range refs {
		byCode[r.Code] = r
	}
	lines := [][]string{{"02001"}, {"02001", "02004"}, {"02006"}, {"01003"}, {"02003"}} // ANC; ANC+KB; ambulance; wound care (capitation); IUD
	ps := sim.Participants(pcaresim.KindActiveHere, len(lines))
	for i, p := range ps {
		res, err := svc.CheckEligibility(ctx, p.NoKartu)
		if err != nil {
			t.Fatal(err)
		}
		reg, err := svc.Register(ctx, res.Eligibility, clinic.Registration{PoliCode: "003", Sick: false})
		if err != nil {
			t.Fatal(err)
		}
		v := clinic.Visit{RegistrationID: reg.ID, Anamnesis: "Kontrol", Consciousness: "01", Prognosis: "02",
			DoctorCode: docs[0].Code, DischargeStatus: clinic.DischargeOutpatient, Diagnoses: []clinic.Diagnosis{{Code: "Z34.9", Name: "Kehamilan normal"}}}
		for _, code := range lines[i] {
			r := byCode[code]
			v.Procedures = append(v.Procedures, clinic.Procedure{Code: r.Code, Name: r.Name, Fee: r.MaxFee, MaxFee: r.MaxFee})
		}
		if i == 4 {
			// Above the tariff, as if the form had none to check against:
			// PCare refuses it, so it is never claimed.
			v.Procedures[0].Fee, v.Procedures[0].MaxFee = byCode["02003"].MaxFee+1, 0
		}
		if _, err := desk.RecordVisit(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 4; i++ {
		w.RunOnce(ctx)
	}
	now := time.Now()
	got, err := db.ClaimLines(ctx, claims.MonthOf(now), claims.MonthOf(now).AddDate(0, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	c := claims.BuildMonthly(now, clinic.Facility{PPK: "0114U163"}, got)
	// ANC ×2, KB suntik, ambulance: the capitation wound care has no fee and
	// the refused IUD never reached PCare.
	want := byCode["02001"].MaxFee*2 + byCode["02004"].MaxFee + byCode["02006"].MaxFee
	if c.Count != 4 || c.Total != want {
		t.Fatalf("claim: %d services for Rp %d, want 4 for Rp %d: %+v", c.Count, c.Total, want, c.Lines)
	}
	var atPCare int64
	for _, l := range c.Lines {
		items, err := central.ProceduresOf(ctx, l.VisitNo)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.ID == l.PCareID {
				atPCare += int64(it.Amount)
			}
		}
	}
	if atPCare != c.Total {
		t.Fatalf("PCare holds Rp %d for the claimed lines, the claim says Rp %d", atPCare, c.Total)
	}
	cats := map[string]int{}
	for _, g := range c.Groups {
		cats[g.Category] = g.Count
	}
	if cats[claims.CatMaternity] != 2 || cats[claims.CatFamily] != 1 || cats[claims.CatAmbulance] != 1 {
		t.Fatalf("groups %+v", c.Groups)
	}
}
