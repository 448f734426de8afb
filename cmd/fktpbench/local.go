package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
	"fktpdesk/sqlite"
)

// searchLimit is what the patients screen asks for (app/patients.go).
const searchLimit = 50

// nameWords are names people type at the desk; queries are their first
// letters, whole names and two-word searches, in any case.
var nameWords = []string{"siti", "budi", "nur", "dewi", "sri", "agus", "ahmad", "putri", "wahyu", "rahmawati",
	"santoso", "siregar", "nasution", "lestari", "hidayat", "muhammad", "kadek", "wayan", "yohana", "maria",
	"rizky", "fitri", "setiawan", "kurniawan", "handayani", "ginting", "suharti", "eko", "joko", "ratna"}

func nameQueries(n int) []string {
	rng := rand.New(rand.NewPCG(3, 3))
	prefix := func(w string) string { return w[:min(len(w), 3+rng.IntN(4))] }
	out := make([]string, n)
	for i := range out {
		w := nameWords[rng.IntN(len(nameWords))]
		switch rng.IntN(4) {
		case 0:
			out[i] = w
		case 1:
			out[i] = prefix(w)
		case 2:
			out[i] = w + " " + prefix(nameWords[rng.IntN(len(nameWords))])
		default:
			out[i] = strings.ToUpper(prefix(w))
		}
	}
	return out
}

// latencies runs fn once per query and returns each call's time.
func latencies(qs []string, fn func(q string) error) ([]time.Duration, error) {
	out := make([]time.Duration, 0, len(qs))
	for _, q := range qs {
		t := time.Now()
		if err := fn(q); err != nil {
			return nil, fmt.Errorf("%q: %w", q, err)
		}
		out = append(out, time.Since(t))
	}
	return out, nil
}

// p95Runs is the p95 of each of runs passes over qs, in ms.
func p95Runs(runs int, qs []string, fn func(q string) error) ([]float64, error) {
	var out []float64
	for range runs {
		ls, err := latencies(qs, fn)
		if err != nil {
			return nil, err
		}
		out = append(out, percentile(ls, 95))
	}
	return out, nil
}

// runLocal measures the store at a large clinic's size, through the same
// calls the screens make: the patient search, the exact look-ups, today's
// queue, and the month's claim (the store's lines and claims.BuildMonthly,
// as the claims screen and `fktpctl claim` do).
func runLocal(ctx context.Context, args []string) ([]result, error) {
	fs := newFlags("local")
	data := fs.String("data", "", "data folder with the seeded database")
	fs.Parse(args)
	db, err := sqlite.Open(ctx, sqlite.DefaultPath(*data))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var out []result

	// Name search: 3 passes of 500 queries, the p95 of each pass.
	qs := nameQueries(500)
	found := map[int64][2]string{}
	search := func(q string) error {
		ps, err := db.SearchPatients(ctx, q, searchLimit)
		for _, p := range ps {
			if len(found) < 2000 && p.NIK != "" && p.CardNo != "" {
				found[p.ID] = [2]string{p.NIK, p.CardNo}
			}
		}
		return err
	}
	runs, err := p95Runs(3, qs, search)
	if err != nil {
		return nil, err
	}
	if len(found) < 100 {
		return nil, fmt.Errorf("name searches found only %d patients: is the database seeded?", len(found))
	}
	out = append(out, timed("local.search.p95", "ms", runs, fmt.Sprintf("%d queries a pass, limit %d", len(qs), searchLimit)))

	// Exact look-ups of numbers the searches found.
	var niks, cards []string
	for _, nc := range found {
		niks, cards = append(niks, nc[0]), append(cards, nc[1])
	}
	exact := func(q string) error {
		ps, err := db.SearchPatients(ctx, q, searchLimit)
		if err == nil && len(ps) != 1 {
			err = fmt.Errorf("%d found", len(ps))
		}
		return err
	}
	for _, l := range []struct {
		id   string
		nums []string
	}{{"local.nik.p95", niks}, {"local.card.p95", cards}} {
		runs, err := p95Runs(3, l.nums, exact)
		if err != nil {
			return nil, err
		}
		out = append(out, timed(l.id, "ms", runs, fmt.Sprintf("%d look-ups a pass", len(l.nums))))
	}

	// Today's queue, as the queue screen loads it.
	today := time.Now()
	var queueLen int
	runs, err = perOp(7, 10, 0, func() error {
		q, err := db.Queue(ctx, today)
		queueLen = len(q)
		return err
	})
	if err != nil {
		return nil, err
	}
	if queueLen == 0 {
		return nil, fmt.Errorf("today's queue is empty: is the database seeded with visits?")
	}
	out = append(out, timed("local.queue", "ms", runs, fmt.Sprintf("%d registrations", queueLen)))

	// What the claims screen reads when it loads (app/claims.go,
	// loadClaims): every item's count by state, then the newest 20,000
	// items. It runs at start-up, beside the first draw.
	var counted int
	runs, err = perOp(3, 1, 0, func() error {
		if _, err := db.Counts(ctx); err != nil {
			return err
		}
		items, err := db.Items(ctx, "", 20000)
		counted = len(items)
		return err
	})
	if err != nil {
		return nil, err
	}
	out = append(out, timed("local.claims_screen", "ms", runs, fmt.Sprintf("Counts + the newest %d items", counted)))

	// Last month's claim, the one due by the 10th.
	month := claims.MonthOf(today).AddDate(0, -1, 0)
	var c claims.MonthlyClaim
	runs, err = perOp(5, 1, 0, func() error {
		f, err := db.Facility(ctx)
		if err != nil && !isNotFound(err) {
			return err
		}
		lines, err := db.ClaimLines(ctx, month, month.AddDate(0, 1, 0))
		if err != nil {
			return err
		}
		c = claims.BuildMonthly(month, f, lines)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if c.Count == 0 {
		return nil, fmt.Errorf("the claim of %s has no lines", month.Format("2006-01"))
	}
	out = append(out, timed("local.claim", "ms", runs,
		fmt.Sprintf("%s: %d lines, Rp %d", month.Format("2006-01"), c.Count, c.Total)))
	return out, nil
}

func isNotFound(err error) bool { return clinic.ErrorCode(err) == clinic.ENOTFOUND }
