package audit

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2025, 3, 10, 7, 30, 0, 123456789, time.FixedZone("WIB", 7*3600))

// chain builds n sealed entries as a store would.
func chain(n int) []Entry {
	out := make([]Entry, 0, n)
	prev := Genesis
	for i := 1; i <= n; i++ {
		en := Seal(prev, int64(i), Event{At: t0.Add(time.Duration(i) * time.Second), UserID: int64(i % 3), User: "rina",
			Action: ViewPatient, Patient: fmt.Sprintf("0001%09d", i), Detail: "riwayat kunjungan", Outcome: OK})
		out = append(out, en)
		prev = en.Hash
	}
	return out
}

// stream feeds entries to Verify.
func stream(es []Entry) func() (Entry, bool, error) {
	i := 0
	return func() (Entry, bool, error) {
		if i == len(es) {
			return Entry{}, false, nil
		}
		i++
		return es[i-1], true, nil
	}
}

func verify(t *testing.T, es []Entry, expect ...Checkpoint) Report {
	t.Helper()
	r, err := Verify(stream(es), expect...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// wantProblem asserts r's first problem is of kind at seq, and that it
// found n problems in all (any number when n is 0).
func wantProblem(t *testing.T, r Report, seq int64, kind ProblemKind, n int) {
	t.Helper()
	if r.OK() || r.FirstBad() != seq || r.Problems[0].Kind != kind || (n > 0 && len(r.Problems) != n) {
		t.Fatalf("want %d problem(s), the first %s at row %d; got first bad %d:\n%s", n, kind, seq, r.FirstBad(), r)
	}
}

func TestVerifyIntactChain(t *testing.T) {
	es := chain(1000)
	r := verify(t, es, Checkpoint{Seq: 500, Hash: es[499].Hash}, Checkpoint{Seq: 1000})
	if !r.OK() || r.Rows != 1000 || r.Head.Seq != 1000 || r.Head.Hash != es[999].Hash || r.FirstBad() != 0 {
		t.Fatalf("intact chain: %s", r)
	}
	if !strings.HasPrefix(r.String(), "intact: 1000 rows, head 1000:"+es[999].Hash.String()) {
		t.Fatalf("summary %q", r)
	}
	if r := verify(t, nil); !r.OK() || r.Rows != 0 || r.Head.Seq != 0 {
		t.Fatalf("empty log: %s", r)
	}
}

func TestVerifyDetectsEachTampering(t *testing.T) {
	tests := []struct {
		name   string
		tamper func([]Entry) []Entry
		seq    int64
		kind   ProblemKind
		n      int // problems in all; 0: any
	}{
		{"detail edited", func(es []Entry) []Entry { es[41].Detail = "tidak ada"; return es }, 42, Altered, 1},
		{"patient edited", func(es []Entry) []Entry { es[41].Patient = "0001000000007"; return es }, 42, Altered, 1},
		{"time edited", func(es []Entry) []Entry { es[41].At = es[41].At.Add(time.Nanosecond); return es }, 42, Altered, 1},
		{"user id edited", func(es []Entry) []Entry { es[41].UserID++; return es }, 42, Altered, 1},
		{"outcome edited", func(es []Entry) []Entry { es[41].Outcome = Denied; return es }, 42, Altered, 1},
		{"seal edited", func(es []Entry) []Entry { es[41].Hash[0] ^= 1; return es }, 42, Altered, 2},
		{"row deleted", func(es []Entry) []Entry { return append(es[:41:41], es[42:]...) }, 42, Missing, 1},
		{"rows deleted", func(es []Entry) []Entry { return append(es[:41:41], es[45:]...) }, 42, Missing, 1},
		{"first rows deleted", func(es []Entry) []Entry { return es[3:] }, 1, Missing, 1},
		{"row deleted and the rest renumbered", func(es []Entry) []Entry {
			es = append(es[:41:41], es[42:]...)
			for i := 41; i < len(es); i++ {
				es[i].Seq--
			}
			return es
		}, 42, Unlinked, 0}, // and every renumbered row's seal breaks
		{"row edited and re-sealed", func(es []Entry) []Entry {
			es[41].Detail = "tidak ada"
			es[41].Hash = es[41].Sum()
			return es
		}, 43, Unlinked, 1},
		{"first row re-sealed from another chain", func(es []Entry) []Entry {
			es[0] = Seal(Hash{1}, 1, es[0].Event)
			es[1] = Seal(es[0].Hash, 2, es[1].Event) // hides one link, not the start
			return es
		}, 1, Unlinked, 2}, // and row 3's link to the original row 2
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := verify(t, tt.tamper(chain(100)))
			wantProblem(t, r, tt.seq, tt.kind, tt.n)
		})
	}
}

func TestVerifyReordered(t *testing.T) {
	es := chain(10)
	es[4], es[5] = es[5], es[4]
	r := verify(t, es)
	if r.OK() || r.FirstBad() != 5 {
		t.Fatalf("swapped rows 5 and 6: %s", r)
	}
	kinds := map[ProblemKind]bool{}
	for _, p := range r.Problems {
		kinds[p.Kind] = true
	}
	if !kinds[Missing] || !kinds[OutOfOrder] {
		t.Fatalf("want missing and out-of-order: %s", r)
	}

	// Swapped contents under unchanged numbers: both seals break.
	es = chain(10)
	es[4].Event, es[5].Event = es[5].Event, es[4].Event
	r = verify(t, es)
	if r.FirstBad() != 5 || r.Problems[0].Kind != Altered {
		t.Fatalf("swapped contents: %s", r)
	}
}

// One edited row reports one problem; the rest of the chain is still checked.
func TestVerifyGoesOnAfterAProblem(t *testing.T) {
	es := chain(100)
	es[9].Detail = "x"
	es[69].User = "budi"
	r := verify(t, es)
	if len(r.Problems) != 2 || r.Problems[0].Seq != 10 || r.Problems[1].Seq != 70 || r.FirstBad() != 10 {
		t.Fatalf("two edits: %s", r)
	}
	if !strings.Contains(r.String(), "TAMPERED: first bad row 10") || !strings.Contains(r.String(), "row 70: was altered") {
		t.Fatalf("summary:\n%s", r)
	}

	for i := range es {
		es[i].Detail = "dihapus"
	}
	r = verify(t, es)
	if len(r.Problems) != MaxProblems || r.Omitted != 0 || r.FirstBad() != 1 {
		t.Fatalf("every row edited: %d problems, %d omitted", len(r.Problems), r.Omitted)
	}
	r = verify(t, append(es, Seal(Hash{9}, 101, es[0].Event)))
	if len(r.Problems) != MaxProblems || r.Omitted != 1 { // 100 altered, then row 101's broken link
		t.Fatalf("beyond the cap: %d problems, %d omitted", len(r.Problems), r.Omitted)
	}
}

// The chain alone cannot show its newest rows deleted, nor a full re-seal;
// checkpoints kept elsewhere can.
func TestVerifyCheckpoints(t *testing.T) {
	es := chain(100)
	head := Checkpoint{Seq: 100, Hash: es[99].Hash, Source: "--expect"}

	if r := verify(t, es[:90]); !r.OK() {
		t.Fatalf("a cut tail is a valid chain by itself: %s", r)
	}
	r := verify(t, es[:90], head)
	wantProblem(t, r, 91, Truncated, 1)
	if !strings.Contains(r.Problems[0].What, "rows 91 to 100 are missing") || !strings.Contains(r.Problems[0].What, "--expect") {
		t.Fatalf("truncation message: %s", r.Problems[0].What)
	}
	wantProblem(t, verify(t, es[:90], Checkpoint{Seq: 100}), 91, Truncated, 1)
	wantProblem(t, verify(t, nil, Checkpoint{Seq: 3}), 1, Truncated, 1)

	// Rewritten and re-sealed from row 30 on: a valid chain, but not the one
	// checkpointed.
	re := chain(100)
	re[29].Detail = "diubah"
	for i := 29; i < len(re); i++ {
		re[i] = Seal(re[i-1].Hash, re[i].Seq, re[i].Event)
	}
	if r := verify(t, re); !r.OK() {
		t.Fatalf("a re-sealed chain is valid by itself: %s", r)
	}
	r = verify(t, re, head, Checkpoint{Seq: 20, Hash: es[19].Hash})
	wantProblem(t, r, 100, Rewritten, 1)
	r = verify(t, re, Checkpoint{Seq: 30, Hash: es[29].Hash}, Checkpoint{Seq: 30, Hash: re[29].Hash})
	wantProblem(t, r, 30, Rewritten, 1)
}

func TestVerifyReturnsTheReadError(t *testing.T) {
	es := chain(5)
	boom := errors.New("disk")
	i := 0
	r, err := Verify(func() (Entry, bool, error) {
		if i == 3 {
			return Entry{}, false, boom
		}
		i++
		return es[i-1], true, nil
	})
	if !errors.Is(err, boom) || r.Rows != 3 {
		t.Fatalf("got %v after %d rows", err, r.Rows)
	}
}

// Moving bytes from one field to the next, or between the integers, must
// change the seal: the encoding is length-prefixed and fixed-width.
func TestSealIsUnambiguous(t *testing.T) {
	base := Event{At: t0, UserID: 1, User: "ab", Action: ViewPatient, Patient: "cd", Detail: "ef", Outcome: OK}
	variants := []Event{base}
	for _, f := range []func(*Event){
		func(e *Event) { e.User, e.Patient = "a", "bcd" },
		func(e *Event) { e.User, e.Patient = "abc", "d" },
		func(e *Event) { e.Patient, e.Detail = "", "cdef" },
		func(e *Event) { e.Patient, e.Detail = "cdef", "" },
		func(e *Event) { e.UserID = 256 },
		func(e *Event) { e.At = e.At.Add(time.Nanosecond) },
		func(e *Event) { e.Detail = "ef\x00" },
	} {
		e := base
		f(&e)
		variants = append(variants, e)
	}
	seen := map[Hash]int{}
	for i, e := range variants {
		h := Seal(Genesis, 1, e).Hash
		if j, dup := seen[h]; dup {
			t.Fatalf("variants %d and %d seal alike", j, i)
		}
		seen[h] = i
	}
	if Seal(Genesis, 1, base).Hash == Seal(Genesis, 2, base).Hash || Seal(Genesis, 1, base).Hash == Seal(Hash{1}, 1, base).Hash {
		t.Fatal("the seal ignores the number or the link")
	}
	// The zone is presentation, not content.
	utc := base
	utc.At = base.At.UTC()
	if Seal(Genesis, 1, base).Hash != Seal(Genesis, 1, utc).Hash {
		t.Fatal("the same instant in two zones seals differently")
	}
}

func TestNormalize(t *testing.T) {
	e := Event{At: time.Now(), User: "a\xffb", Detail: "x\x00y", Patient: "ok"}.Normalize()
	if e.User != "a\uFFFDb" || e.Detail != "x\uFFFDy" || e.Patient != "ok" {
		t.Fatalf("strings %q %q %q", e.User, e.Detail, e.Patient)
	}
	if e.At.Location() != time.UTC || e.At != time.Unix(0, e.At.UnixNano()).UTC() {
		t.Fatalf("time %v is not plain UTC", e.At)
	}
}

func TestValidate(t *testing.T) {
	good := Event{User: "rina", Action: Register, Outcome: OK}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, e := range map[string]Event{
		"no user":        {Action: Register, Outcome: OK},
		"unknown action": {User: "rina", Action: "register", Outcome: OK},
		"no outcome":     {User: "rina", Action: Register},
		"year 2300":      {User: "rina", Action: Register, Outcome: OK, At: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if e.Validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestEveryActionHasAnIndonesianLabel(t *testing.T) {
	seen := map[Action]bool{}
	labels := map[string]Action{}
	for _, a := range Actions() {
		if seen[a] || !a.Valid() {
			t.Errorf("action %q listed twice or invalid", a)
		}
		seen[a] = true
		l := Label(a)
		if l == "" || l == string(a) {
			t.Errorf("action %q has no label", a)
		}
		if other, dup := labels[l]; dup {
			t.Errorf("actions %q and %q share the label %q", a, other, l)
		}
		labels[l] = a
	}
	if len(seen) != 30 {
		t.Errorf("%d actions, want 30", len(seen))
	}
	if Label("future.action") != "future.action" || Action("future.action").Valid() {
		t.Error("an unknown action is not shown as stored")
	}
	for _, o := range Outcomes() {
		if !o.Valid() || o.Label() == string(o) {
			t.Errorf("outcome %q", o)
		}
	}
}

func TestCheckpointRoundTrip(t *testing.T) {
	es := chain(3)
	c := Checkpoint{Seq: 3, Hash: es[2].Hash}
	got, err := ParseCheckpoint(c.String())
	if err != nil || got != c {
		t.Fatalf("ParseCheckpoint(%q) = %v, %v", c, got, err)
	}
	if got, err := ParseCheckpoint("17"); err != nil || got.Seq != 17 || !got.Hash.IsZero() {
		t.Fatalf("bare seq: %v %v", got, err)
	}
	for _, bad := range []string{"", "0", "-3", "x:00", "5:abc", "5:" + strings.Repeat("g", 64)} {
		if _, err := ParseCheckpoint(bad); err == nil {
			t.Errorf("ParseCheckpoint(%q) accepted", bad)
		}
	}
}

// ParseCheckpoint reads what an operator types after --expect.
func FuzzParseCheckpoint(f *testing.F) {
	f.Add("20:" + chain(20)[19].Hash.String())
	f.Add("7")
	f.Add("0:")
	f.Add(" 3 :ab")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCheckpoint(s)
		if err != nil {
			return
		}
		if c.Seq < 1 {
			t.Fatalf("%q: seq %d accepted", s, c.Seq)
		}
		if back, err := ParseCheckpoint(c.String()); err != nil || back != c {
			t.Fatalf("%q: %v does not round-trip (%v, %v)", s, c, back, err)
		}
	})
}
