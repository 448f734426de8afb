package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Hash is an entry's seal: SHA-256 over the previous entry's Hash and the
// entry's canonical encoding.
type Hash [sha256.Size]byte

// Genesis is the PrevHash of the first entry.
var Genesis Hash

// String is h in lowercase hex.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// IsZero reports whether h is all zero bytes (Genesis, or unset).
func (h Hash) IsZero() bool { return h == Genesis }

// ParseHash reads 64 hex digits.
func ParseHash(s string) (Hash, error) {
	var h Hash
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(h) {
		return h, fmt.Errorf("hash %q is not %d hex digits", s, 2*len(h))
	}
	copy(h[:], b)
	return h, nil
}

// Normalize returns e as a store keeps it and reads it back: At in UTC at
// nanosecond precision without a monotonic reading, and strings as valid
// UTF-8 without NUL bytes (both replaced by U+FFFD), since a store may
// not keep other bytes exactly and the seal must survive the round trip.
func (e Event) Normalize() Event {
	if !e.At.IsZero() {
		e.At = time.Unix(0, e.At.UnixNano()).UTC()
	}
	for _, s := range []*string{&e.User, (*string)(&e.Action), &e.Patient, &e.Detail, (*string)(&e.Outcome)} {
		*s = strings.ReplaceAll(strings.ToValidUTF8(*s, "\uFFFD"), "\x00", "\uFFFD")
	}
	return e
}

// Seal makes e entry seq of the chain after the entry whose hash is prev:
// e normalized, linked and hashed. e.At must be set.
func Seal(prev Hash, seq int64, e Event) Entry {
	en := Entry{Seq: seq, Event: e.Normalize(), PrevHash: prev}
	en.Hash = en.Sum()
	return en
}

// chainTag names the encoding's version; a new encoding gets a new tag,
// and Verify would need to know which rows use which.
const chainTag = "fktpdesk audit v1"

// Sum computes en's seal from its PrevHash, Seq and Event as they are: what
// Seal stored in Hash, and what Verify recomputes to compare.
//
// The encoding is unambiguous: fixed-width big-endian integers (Seq, At as
// UTC Unix nanoseconds, UserID) and every string preceded by its length in
// bytes as a 4-byte big-endian integer, so no two different entries encode
// to the same bytes (moving text from Detail to Patient changes the
// lengths).
func (en Entry) Sum() Hash {
	h := sha256.New()
	buf := make([]byte, 0, 128+len(en.User)+len(en.Action)+len(en.Patient)+len(en.Detail)+len(en.Outcome))
	buf = appendString(buf, chainTag)
	buf = append(buf, en.PrevHash[:]...)
	buf = binary.BigEndian.AppendUint64(buf, uint64(en.Seq))
	buf = binary.BigEndian.AppendUint64(buf, uint64(en.At.UnixNano()))
	buf = binary.BigEndian.AppendUint64(buf, uint64(en.UserID))
	for _, s := range []string{en.User, string(en.Action), en.Patient, en.Detail, string(en.Outcome)} {
		buf = appendString(buf, s)
	}
	h.Write(buf)
	var out Hash
	h.Sum(out[:0])
	return out
}

func appendString(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// Checkpoint is an entry's number and seal kept somewhere else than the
// log — written down by an auditor, kept with a backup on another disk —
// so that a later Verify can tell the log still holds that entry unchanged.
// With a zero Hash it only says that entry Seq was written.
type Checkpoint struct {
	Seq    int64
	Hash   Hash
	Source string // where it was kept, for the report: "--expect", "the table's counter"
}

// String is "SEQ:HASH", the form ParseCheckpoint reads.
func (c Checkpoint) String() string {
	if c.Hash.IsZero() {
		return strconv.FormatInt(c.Seq, 10)
	}
	return strconv.FormatInt(c.Seq, 10) + ":" + c.Hash.String()
}

// ParseCheckpoint reads "SEQ:HASH" (or a bare SEQ) as printed by
// Checkpoint.String and `fktpctl audit verify`.
func ParseCheckpoint(s string) (Checkpoint, error) {
	num, hx, hasHash := strings.Cut(strings.TrimSpace(s), ":")
	seq, err := strconv.ParseInt(num, 10, 64)
	if err != nil || seq < 1 {
		return Checkpoint{}, fmt.Errorf("checkpoint %q: want SEQ:HASH with SEQ a row number", s)
	}
	c := Checkpoint{Seq: seq}
	if hasHash {
		if c.Hash, err = ParseHash(hx); err != nil {
			return Checkpoint{}, fmt.Errorf("checkpoint %q: %w", s, err)
		}
	}
	return c, nil
}
