package clinic

import (
	"context"
	"sort"
	"time"
)

// RRNSTarget is BPJS's target for the ratio of non-specialist referrals
// (Rasio Rujukan rawat jalan kasus Non Spesialistik), one of the
// capitation-by-performance (KBK) indicators: below 2%.
const RRNSTarget = 0.02

// DayReport is one day's examinations as the reports show them.
type DayReport struct {
	Day       time.Time
	Visits    int
	ByPoli    map[string]int // poli name → visits
	Referrals int
	// NonSpecialistReferrals are referrals whose main diagnosis an FKTP
	// must handle itself.
	NonSpecialistReferrals int
}

// RRNS is the non-specialist referral ratio: non-specialist referrals over
// all referrals (0 when there were none).
func (d DayReport) RRNS() float64 {
	if d.Referrals == 0 {
		return 0
	}
	return float64(d.NonSpecialistReferrals) / float64(d.Referrals)
}

// Report covers the days from From up to, not including, To.
type Report struct {
	From, To time.Time
	Days     []DayReport // one per day with visits, in order
	Total    DayReport   // the whole period
}

// Report counts visits by poli, referrals and non-specialist referrals per
// day between from and to.
func (d *DoctorDesk) Report(ctx context.Context, from, to time.Time) (Report, error) {
	if err := d.Guard.Allow(ctx, "", "", reportRoles...); err != nil {
		return Report{}, err
	}
	visits, err := d.Visits.VisitsBetween(ctx, from, to)
	if err != nil {
		return Report{}, err
	}
	r := Report{From: from, To: to, Total: DayReport{ByPoli: map[string]int{}}}
	byDay := map[time.Time]*DayReport{}
	for _, v := range visits {
		day := time.Date(v.Date.Year(), v.Date.Month(), v.Date.Day(), 0, 0, 0, 0, time.UTC)
		dr := byDay[day]
		if dr == nil {
			dr = &DayReport{Day: day, ByPoli: map[string]int{}}
			byDay[day] = dr
		}
		poli := v.PoliName
		if poli == "" {
			poli = v.PoliCode
		}
		for _, t := range []*DayReport{dr, &r.Total} {
			t.Visits++
			t.ByPoli[poli]++
			if v.Referral != nil {
				t.Referrals++
				main := v.MainDiagnosis()
				if main.NonSpecialist || IsNonSpecialist(main.Code) {
					t.NonSpecialistReferrals++
				}
			}
		}
	}
	for _, dr := range byDay {
		r.Days = append(r.Days, *dr)
	}
	sort.Slice(r.Days, func(i, j int) bool { return r.Days[i].Day.Before(r.Days[j].Day) })
	return r, nil
}
