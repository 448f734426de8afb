package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// A row of the table: our figure, the reference's (if any) and the goal.
type row struct {
	section, what string
	ours, ref     string  // result ids
	max           float64 // goal: ours below this (0: none)
	minRatio      float64 // goal: ref/ours at least this (0: none)
	minValue      float64 // goal: ours at least this (0: none)
	zero          string  // goal: this result must be 0
	goal          string
}

var rows = []row{
	{section: "1. Protocol overhead", what: "peserta answer: envelope, decrypt, LZ, JSON", ours: "protocol.peserta.go", ref: "protocol.peserta.js",
		max: 0.2, minRatio: 3, goal: "< 0.2 ms and ≥ 3x"},
	{section: "1. Protocol overhead", what: "100-row reference list (diagnosa)", ours: "protocol.list100.go", ref: "protocol.list100.js", minRatio: 3, goal: "≥ 3x"},
	{section: "1. Protocol overhead", what: "1,000-row reference list (diagnosa)", ours: "protocol.list1000.go", ref: "protocol.list1000.js", minRatio: 3, goal: "≥ 3x"},
	{section: "1. Protocol overhead", what: "the same without the final JSON decode: peserta", ours: "protocol.peserta.nojson.go", ref: "protocol.peserta.nojson.js"},
	{section: "1. Protocol overhead", what: "the same without the final JSON decode: 100 rows", ours: "protocol.list100.nojson.go", ref: "protocol.list100.nojson.js"},
	{section: "1. Protocol overhead", what: "the same without the final JSON decode: 1,000 rows", ours: "protocol.list1000.nojson.go", ref: "protocol.list1000.nojson.js"},
	{section: "2. Local scale", what: "patient name search, p95", ours: "local.search.p95", max: 10, goal: "< 10 ms"},
	{section: "2. Local scale", what: "exact NIK look-up, p95", ours: "local.nik.p95", max: 1, goal: "< 1 ms"},
	{section: "2. Local scale", what: "exact card-number look-up, p95", ours: "local.card.p95", max: 1, goal: "< 1 ms"},
	{section: "2. Local scale", what: "today's queue (Queue)", ours: "local.queue", max: 20, goal: "< 20 ms"},
	{section: "2. Local scale", what: "last month's claim (ClaimLines + BuildMonthly)", ours: "local.claim", max: 2000, goal: "< 2 s"},
	{section: "3. Start-up", what: "launch to first drawn window, under Xvfb (reference: an empty data folder)", ours: "startup.window",
		ref: "startup.window.empty", max: 1500, goal: "< 1.5 s"},
	{section: "3. Start-up", what: "resident memory (VmRSS) after start (reference: an empty data folder)", ours: "startup.rss",
		ref: "startup.rss.empty", max: 150, goal: "< 150 MB"},
	{section: "3. Start-up", what: "the claims screen's first load (outbox Counts + newest 20,000 items), run beside the first draw", ours: "local.claims_screen"},
	{section: "3. Start-up", what: "PRAGMA integrity_check on the database (no longer on the start path)", ours: "store.integrity_check"},
	{section: "4. Printing", what: "one referral letter PDF", ours: "printing.letter", max: 20, goal: "< 20 ms"},
	{section: "4. Printing", what: "100 letters in one PDF", ours: "printing.batch100", max: 1000, goal: "< 1 s"},
	{section: "5. Batch sending", what: "outbox throughput, 200 ms a request, 4 in flight", ours: "outbox.ideal_pct", minValue: 90, goal: "≥ 90 % of ideal"},
	{section: "5. Batch sending", what: "duplicates in PCare's write log", ours: "outbox.duplicates", zero: "outbox.duplicates", goal: "0"},
	{section: "6. The database file", what: "file size per 100,000 visits", ours: "store.size_per_100k"},
	{section: "6. The database file", what: "backup of the whole database", ours: "store.backup"},
	{section: "6. The database file", what: "seeding it: `fktpctl seed --patients 200000 --visits 1000000`", ours: "seed.time"},
}

func runReport(args []string) error {
	fs := newFlags("report")
	in := fs.String("results", "", "results file (JSON lines)")
	out := fs.String("out", "BENCHMARKS.md", "markdown file to write")
	notesFile := fs.String("notes", "", "markdown appended as the Notes section")
	fs.Parse(args)
	rs, meta, fails, err := readResults(*in)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("# Benchmarks\n\n")
	b.WriteString("Written by `make bench` (scripts/bench.sh and cmd/fktpbench); do not edit by hand. Each figure is the median of\n")
	b.WriteString("several runs (the runs are listed under the table). The reference is the JavaScript a PCare bridge is usually written\n")
	b.WriteString("in — node's crypto and npm `lz-string` 1.5.0 — run on the same inputs in the same run; for start-up it is the same app\n")
	b.WriteString("on an empty data folder. Ratio is reference / ours: above 1, ours is faster or smaller. The protocol rows are CPU\n")
	b.WriteString("time per call (both processes, all threads); every other time is wall-clock.\n\n")
	for _, k := range []string{"date", "machine", "load", "toolchain", "wall"} {
		if v, ok := meta[k]; ok {
			fmt.Fprintf(&b, "- **%s**: %s\n", k, v)
		}
	}
	b.WriteString("\n| what | ours | reference | ratio | goal | result |\n|---|---|---|---|---|---|\n")
	section := ""
	var missed []string
	for _, r := range rows {
		if r.section != section {
			section = r.section
			fmt.Fprintf(&b, "| **%s** | | | | | |\n", section)
		}
		o, hasO := rs[r.ours]
		ref, hasRef := rs[r.ref]
		cell := func(x result, ok bool) string {
			if !ok {
				return "not measured"
			}
			return format(x)
		}
		refCell, ratio := "—", "—"
		if r.ref != "" {
			refCell = cell(ref, hasRef)
			if hasO && hasRef && o.Value > 0 {
				ratio = fmt.Sprintf("%.1fx", ref.Value/o.Value)
			}
		}
		verdict := "—"
		if r.goal != "" {
			switch ok, known := meets(r, o, hasO, ref, hasRef); {
			case !known:
				verdict = "**not measured**"
				missed = append(missed, r.what)
			case ok:
				verdict = "met"
			default:
				verdict = "**missed**"
				missed = append(missed, r.what)
			}
		}
		goal := r.goal
		if goal == "" {
			goal = "—"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", r.what, cell(o, hasO), refCell, ratio, goal, verdict)
	}
	if len(missed) > 0 {
		fmt.Fprintf(&b, "\nGoals missed or not measured: %s. Why is in [Notes](#notes).\n", strings.Join(missed, "; "))
	} else {
		b.WriteString("\nEvery goal was met in this run.\n")
	}
	if len(fails) > 0 {
		b.WriteString("\nPhases that failed in this run:\n\n")
		for _, f := range fails {
			fmt.Fprintf(&b, "- %s\n", f)
		}
	}
	b.WriteString("\n## Details\n\n| figure | median | runs | detail |\n|---|---|---|---|\n")
	for _, r := range rows {
		for _, id := range []string{r.ours, r.ref} {
			x, ok := rs[id]
			if id == "" || !ok {
				continue
			}
			var runs []string
			for _, v := range x.Runs {
				runs = append(runs, format(result{Value: v, Unit: x.Unit}))
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", id, format(x), strings.Join(runs, ", "), x.Detail)
			delete(rs, id)
		}
	}
	if *notesFile != "" {
		notes, err := os.ReadFile(*notesFile)
		if err != nil {
			return err
		}
		b.WriteString("\n## Notes\n\n" + strings.TrimSpace(string(notes)) + "\n")
	}
	return os.WriteFile(*out, []byte(b.String()), 0o644)
}

// meets says whether o (and ref) meet r's goal; known is false when a
// figure the goal needs is missing.
func meets(r row, o result, hasO bool, ref result, hasRef bool) (ok, known bool) {
	if !hasO || (r.minRatio > 0 && !hasRef) {
		return false, false
	}
	ok = true
	if r.max > 0 && o.Value >= r.max {
		ok = false
	}
	if r.minRatio > 0 && (o.Value <= 0 || ref.Value/o.Value < r.minRatio) {
		ok = false
	}
	if r.minValue > 0 && o.Value < r.minValue {
		ok = false
	}
	if r.zero != "" && o.Value != 0 {
		ok = false
	}
	return ok, true
}

func format(x result) string {
	v := x.Value
	switch x.Unit {
	case "ms":
		switch {
		case v >= 1000:
			return fmt.Sprintf("%.2f s", v/1000)
		case v >= 100:
			return fmt.Sprintf("%.0f ms", v)
		case v >= 10:
			return fmt.Sprintf("%.1f ms", v)
		case v >= 1:
			return fmt.Sprintf("%.2f ms", v)
		}
		return fmt.Sprintf("%.3f ms", v)
	case "MB":
		return fmt.Sprintf("%.0f MB", v)
	case "%":
		return fmt.Sprintf("%.1f %%", v)
	}
	return strings.TrimSpace(fmt.Sprintf("%g %s", v, x.Unit))
}

// readResults reads the JSON lines: figures by id, "meta.*" lines as
// header text, and "fail.*" lines as failed phases.
func readResults(path string) (map[string]result, map[string]string, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	rs, meta := map[string]result{}, map[string]string{}
	var fails []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var r result
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return nil, nil, nil, fmt.Errorf("%s: %w in %q", path, err, line)
		}
		switch {
		case strings.HasPrefix(r.ID, "meta."):
			meta[strings.TrimPrefix(r.ID, "meta.")] = r.Detail
		case strings.HasPrefix(r.ID, "fail."):
			fails = append(fails, strings.TrimPrefix(r.ID, "fail.")+": "+r.Detail)
		default:
			rs[r.ID] = r
		}
	}
	return rs, meta, fails, sc.Err()
}
