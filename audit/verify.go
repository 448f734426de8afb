package audit

import (
	"fmt"
	"strings"
)

// ProblemKind classifies what Verify found wrong.
type ProblemKind string

const (
	// Altered: the entry's contents do not match its seal; it was edited.
	Altered ProblemKind = "altered"
	// Missing: entries are absent before this one; they were deleted.
	Missing ProblemKind = "missing"
	// Unlinked: the entry does not point at the seal of the one before it;
	// the one before (or this one) was replaced or re-sealed.
	Unlinked ProblemKind = "unlinked"
	// OutOfOrder: the entry's number is not above the previous entry's.
	OutOfOrder ProblemKind = "out-of-order"
	// Truncated: a checkpoint shows entries after the last one read; the
	// newest entries were deleted.
	Truncated ProblemKind = "truncated"
	// Rewritten: the entry differs from a checkpoint of it; the log was
	// rewritten and re-sealed from here or earlier.
	Rewritten ProblemKind = "rewritten"
)

// Problem is one thing wrong with the chain.
type Problem struct {
	Seq  int64 // the first entry it concerns
	Kind ProblemKind
	What string // in English, for a log or a terminal
}

// MaxProblems is how many problems a Report lists; more are only counted.
const MaxProblems = 100

// Report is what Verify found.
type Report struct {
	Rows     int64      // entries read
	Head     Checkpoint // the last entry read; Seq 0 for an empty log
	Problems []Problem  // in the order found; none when the chain is intact
	Omitted  int        // problems found beyond MaxProblems
}

// OK reports whether the chain is intact.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// FirstBad is the lowest entry number a problem concerns: entries before it
// are intact. 0 when the chain is intact.
func (r Report) FirstBad() int64 {
	var first int64
	for _, p := range r.Problems {
		if first == 0 || p.Seq < first {
			first = p.Seq
		}
	}
	return first
}

// String summarises r in English.
func (r Report) String() string {
	if r.OK() {
		return fmt.Sprintf("intact: %d rows, head %s", r.Rows, r.Head)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "TAMPERED: first bad row %d; %d rows read, head %s", r.FirstBad(), r.Rows, r.Head)
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "\n  row %d: %s", p.Seq, p.What)
	}
	if r.Omitted > 0 {
		fmt.Fprintf(&b, "\n  ... and %d more problems", r.Omitted)
	}
	return b.String()
}

// Verify reads the chain in order from next (which returns false after the
// last entry) and checks that it starts at 1 from Genesis, that numbers
// follow without gaps, that each entry links to the one before and matches
// its own seal, and that every checkpoint in expect is still there,
// unchanged. It reads each entry once, so it runs in constant memory over
// any length of log.
//
// After a problem it goes on, trusting the stored seal of the bad entry as
// the link to the next, so one edited row reports one problem and the rest
// of the chain is still checked. An error from next stops it and is
// returned with the report so far.
//
// What no chain can show by itself: the newest entries deleted (the rest
// is a valid chain), or the whole log rewritten and re-sealed by someone who
// knows this encoding. Checkpoints kept outside the log's file — a counter
// elsewhere in the store, a head written down or kept with a backup on
// another disk — are what detects those.
func Verify(next func() (Entry, bool, error), expect ...Checkpoint) (Report, error) {
	v := verifier{want: 1, prev: Genesis, expect: map[int64][]Checkpoint{}}
	for _, c := range expect {
		v.expect[c.Seq] = append(v.expect[c.Seq], c)
	}
	for {
		en, ok, err := next()
		if err != nil {
			return v.r, err
		}
		if !ok {
			break
		}
		v.check(en)
	}
	v.finish(expect)
	return v.r, nil
}

type verifier struct {
	r      Report
	want   int64 // the Seq the next entry should have
	last   int64 // the last Seq read
	prev   Hash  // the seal the next entry should link to
	expect map[int64][]Checkpoint
}

func (v *verifier) problem(seq int64, kind ProblemKind, format string, a ...any) {
	if len(v.r.Problems) == MaxProblems {
		v.r.Omitted++
		return
	}
	v.r.Problems = append(v.r.Problems, Problem{Seq: seq, Kind: kind, What: fmt.Sprintf(format, a...)})
}

func (v *verifier) check(en Entry) {
	v.r.Rows++
	if v.r.Rows > 1 && en.Seq <= v.last {
		v.problem(en.Seq, OutOfOrder, "comes after row %d: rows are out of order or duplicated", v.last)
		return // the chain goes on from the last entry in order
	}
	switch {
	case en.Seq > v.want:
		after := fmt.Sprintf("row %d follows row %d", en.Seq, v.last)
		if v.want == 1 {
			after = fmt.Sprintf("the log starts at row %d", en.Seq)
		}
		if v.want == en.Seq-1 {
			v.problem(v.want, Missing, "is missing (deleted): %s", after)
		} else {
			v.problem(v.want, Missing, "rows %d to %d are missing (deleted): %s", v.want, en.Seq-1, after)
		}
	case en.PrevHash != v.prev:
		if en.Seq == 1 {
			v.problem(en.Seq, Unlinked, "does not start the chain: its link is not the genesis hash")
		} else {
			v.problem(en.Seq, Unlinked, "does not link to row %d: one of the two was replaced or re-sealed", v.last)
		}
	}
	if en.Sum() != en.Hash {
		v.problem(en.Seq, Altered, "was altered: its contents do not match its seal")
	}
	for _, c := range v.expect[en.Seq] {
		if !c.Hash.IsZero() && c.Hash != en.Hash {
			v.problem(en.Seq, Rewritten, "differs from checkpoint %s (%s): the log was rewritten from here or earlier", c, c.Source)
		}
	}
	v.prev, v.last, v.want = en.Hash, en.Seq, en.Seq+1
	v.r.Head = Checkpoint{Seq: en.Seq, Hash: en.Hash}
}

// finish reports checkpoints beyond the last entry: the tail was cut.
// Checkpoints inside a gap were reported as Missing already.
func (v *verifier) finish(expect []Checkpoint) {
	var beyond *Checkpoint
	for i, c := range expect {
		if c.Seq > v.last && (beyond == nil || c.Seq > beyond.Seq) {
			beyond = &expect[i]
		}
	}
	if beyond == nil {
		return
	}
	if v.last == 0 {
		v.problem(1, Truncated, "rows 1 to %d are missing: the log is empty but %s shows row %d was written", beyond.Seq, beyond.Source, beyond.Seq)
		return
	}
	v.problem(v.last+1, Truncated, "rows %d to %d are missing: the log ends at row %d but %s shows row %d was written (the newest rows were deleted)",
		v.last+1, beyond.Seq, v.last, beyond.Source, beyond.Seq)
}
