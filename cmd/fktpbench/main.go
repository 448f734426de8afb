// Command fktpbench is the runner behind `make bench` (scripts/bench.sh):
// each subcommand measures one part of FKTP Desk through the project's own
// packages and appends its figures, as JSON lines, to a results file;
// `report` turns the results into BENCHMARKS.md. It only wires and times:
// what is measured is the code the app runs.
//
//	fktpbench protocol-gen --dir DIR          PCare answers for the Go and JavaScript decoders
//	fktpbench protocol --dir DIR --out F      decrypt + LZ + JSON in Go
//	fktpbench local --data DIR --out F        search, look-ups, queue, month's claim
//	fktpbench printing --out F                referral letters
//	fktpbench outbox --out F                  outbox throughput against the simulator
//	fktpbench store --data DIR --out F        file size, integrity check, VACUUM INTO
//	fktpbench record --id ID [--unit U] [--runs 1,2,3] [--detail TEXT] --out F
//	                                          a figure measured by the script (start-up, seeding, backup)
//	fktpbench report --results F --out MD     the table
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// A result is one figure: the median of Runs, in Unit.
type result struct {
	ID     string    `json:"id"`
	Value  float64   `json:"value"`
	Unit   string    `json:"unit"`
	Runs   []float64 `json:"runs,omitempty"`
	Detail string    `json:"detail,omitempty"`
}

var commands = map[string]func(ctx context.Context, args []string) ([]result, error){
	"protocol-gen": runProtocolGen,
	"protocol":     runProtocol,
	"local":        runLocal,
	"printing":     runPrinting,
	"outbox":       runOutbox,
	"store":        runStore,
	"record":       runRecord,
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: fktpbench protocol-gen|protocol|local|printing|outbox|store|record|report [flags]")
		os.Exit(2)
	}
	name, args := os.Args[1], os.Args[2:]
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	if name == "report" {
		if err := runReport(args); err != nil {
			fmt.Fprintln(os.Stderr, "fktpbench report:", err)
			os.Exit(1)
		}
		return
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintln(os.Stderr, "fktpbench: unknown command", name)
		os.Exit(2)
	}
	out, rest := outFlag(args)
	rs, err := cmd(ctx, rest)
	if err != nil {
		fmt.Fprintf(os.Stderr, "fktpbench %s: %v\n", name, err)
		os.Exit(1)
	}
	if err := appendResults(out, rs); err != nil {
		fmt.Fprintf(os.Stderr, "fktpbench %s: %v\n", name, err)
		os.Exit(1)
	}
}

// outFlag takes --out FILE off the arguments ("" = standard output).
func outFlag(args []string) (string, []string) {
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "--out" || args[i] == "-out" {
			return args[i+1], slices.Delete(slices.Clone(args), i, i+2)
		}
	}
	return "", args
}

func appendResults(path string, rs []result) error {
	var w io.Writer = os.Stdout
	if path != "" {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	enc := json.NewEncoder(w)
	for _, r := range rs {
		if len(r.Runs) > 0 || r.Unit != "" {
			fmt.Fprintf(os.Stderr, "  %-28s %10.4g %s\n", r.ID, r.Value, r.Unit)
		}
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

func newFlags(name string) *flag.FlagSet {
	return flag.NewFlagSet(name, flag.ExitOnError)
}

// median of xs (xs is sorted in place).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// percentile is the p-th percentile (0..100) of sorted durations, in ms.
func percentile(ds []time.Duration, p int) float64 {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := max((len(s)*p+99)/100-1, 0)
	return ms(s[i])
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

// perOp times fn in runs of n calls after a warm-up, and returns the
// per-call wall time of each run in ms.
func perOp(runs, n int, warm time.Duration, fn func() error) ([]float64, error) {
	return perOpBy(wallClock, runs, n, warm, fn)
}

func wallClock() time.Duration { return time.Duration(time.Now().UnixNano()) }

// cpuClock is the CPU time (user + system, every thread) the process has
// used: unlike the wall clock, it does not count the time other programs
// on a shared machine had the cores.
func cpuClock() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// perOpBy is perOp on the given clock.
func perOpBy(clock func() time.Duration, runs, n int, warm time.Duration, fn func() error) ([]float64, error) {
	for start := time.Now(); time.Since(start) < warm; {
		if err := fn(); err != nil {
			return nil, err
		}
	}
	out := make([]float64, 0, runs)
	for range runs {
		t := clock()
		for range n {
			if err := fn(); err != nil {
				return nil, err
			}
		}
		out = append(out, ms(clock()-t)/float64(n))
	}
	return out, nil
}

// calibrate is how many calls of fn fill about target.
func calibrate(target time.Duration, fn func() error) (int, error) {
	n := 1
	for {
		t := time.Now()
		for range n {
			if err := fn(); err != nil {
				return 0, err
			}
		}
		d := time.Since(t)
		if d >= target/4 || n >= 1<<24 {
			return max(1, int(float64(n)*float64(target)/float64(max(d, time.Microsecond)))), nil
		}
		n *= 4
	}
}

// timed is a result from per-run figures.
func timed(id, unit string, runs []float64, detail string) result {
	v := median(slices.Clone(runs))
	return result{ID: id, Value: v, Unit: unit, Runs: runs, Detail: detail}
}

// runRecord turns figures the script measured into a result: the median
// of --runs, or just --detail for a note (ids meta.* and fail.*).
func runRecord(_ context.Context, args []string) ([]result, error) {
	fs := newFlags("record")
	id := fs.String("id", "", "result id")
	unit := fs.String("unit", "ms", "unit of the runs")
	list := fs.String("runs", "", "comma-separated figures, one a run")
	detail := fs.String("detail", "", "what the figure is made of")
	fs.Parse(args)
	if *id == "" {
		return nil, fmt.Errorf("--id is required")
	}
	var runs []float64
	for _, f := range strings.FieldsFunc(*list, func(r rune) bool { return r == ',' || r == ' ' }) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil, fmt.Errorf("--runs: %w", err)
		}
		runs = append(runs, v)
	}
	if len(runs) == 0 {
		return []result{{ID: *id, Detail: *detail}}, nil
	}
	return []result{timed(*id, *unit, runs, *detail)}, nil
}
