package access

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's costs. DefaultParams are OWASP's first choice for
// argon2id (46 MiB, one pass, one lane): a fraction of a second per sign-in
// on an old clinic PC, and every guess against a stolen database file costs
// an attacker the same memory.
type Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// DefaultParams is what new passwords are hashed with.
var DefaultParams = Params{MemoryKiB: 46 * 1024, Time: 1, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32
)

// HashPassword returns the PHC string of pw
// ($argon2id$v=19$m=…,t=…,p=…$salt$hash): the parameters travel with the
// hash, so raising them later leaves old hashes verifiable.
func HashPassword(pw string, p Params) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.MemoryKiB, p.Threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the PHC string encoded. An
// encoded string that is not ours is an error, not a mismatch.
func CheckPassword(encoded, pw string) (bool, error) {
	p, salt, want, err := parsePHC(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

func parsePHC(s string) (p Params, salt, key []byte, err error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("not an argon2id hash")
	}
	var v int
	if _, err = fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, fmt.Errorf("argon2id version %q unsupported", parts[2])
	}
	if _, err = fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, fmt.Errorf("argon2id parameters %q: %w", parts[3], err)
	}
	if p.Time == 0 || p.Threads == 0 || p.MemoryKiB < 8*uint32(p.Threads) || p.MemoryKiB > 4<<20 {
		return p, nil, nil, fmt.Errorf("argon2id parameters %q out of range", parts[3])
	}
	b64 := base64.RawStdEncoding
	if salt, err = b64.DecodeString(parts[4]); err != nil || len(salt) < 8 {
		return p, nil, nil, fmt.Errorf("argon2id salt unreadable")
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) < 16 {
		return p, nil, nil, fmt.Errorf("argon2id hash unreadable")
	}
	return p, salt, key, nil
}

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 10

// commonPasswords are guesses every attacker tries first, with the words a
// clinic would pick; matched case-insensitively, also with digits appended.
var commonPasswords = []string{
	"password", "passw0rd", "qwerty", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "0987654321",
	"abcdefghij", "iloveyou", "welcome", "admin", "administrator", "letmein", "bismillah", "alhamdulillah",
	"indonesia", "merdeka", "jakarta", "rahasia", "sayang", "katasandi", "puskesmas", "klinik", "pratama",
	"bpjs", "bpjskesehatan", "kesehatan", "dokter", "perawat", "pendaftaran", "pcare", "fktp", "fktpdesk",
}

// CheckStrength returns an EWEAK error saying what is wrong with pw, or nil.
// The rule is length first (a long passphrase is strong whatever its
// letters), then variety, and never the username, name or a common word.
func CheckStrength(pw, username, name string) error {
	var why []string
	if n := len([]rune(pw)); n < MinPasswordLen {
		why = append(why, fmt.Sprintf("minimal %d karakter (sekarang %d)", MinPasswordLen, n))
	}
	var lower, upper, digit, other bool
	distinct := map[rune]bool{}
	for _, r := range pw {
		distinct[r] = true
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			classes++
		}
	}
	if len([]rune(pw)) < 16 && classes < 3 {
		why = append(why, "campurkan setidaknya tiga dari: huruf kecil, huruf besar, angka, simbol (atau pakai kalimat 16 karakter lebih)")
	}
	if len(distinct) < 5 {
		why = append(why, "terlalu banyak karakter yang berulang")
	}
	low := strings.ToLower(pw)
	bare := strings.TrimRight(low, "0123456789!@#$%.*_- ")
	for _, c := range commonPasswords {
		if bare == c || low == c {
			why = append(why, "kata sandi ini terlalu umum")
			break
		}
	}
	for _, own := range []string{username, name} {
		own = strings.ToLower(strings.TrimSpace(own))
		if len(own) >= 3 && strings.Contains(low, own) {
			why = append(why, "jangan memuat nama pengguna atau nama Anda")
			break
		}
	}
	if len(why) == 0 {
		return nil
	}
	return &Error{Code: EWEAK, Message: "Kata sandi kurang kuat: " + strings.Join(why, "; ") + "."}
}

// Lockout policy: after LockAfter consecutive failures an account is locked
// for FirstLock, doubling with every further failure up to MaxLock. A
// person who mistypes twice loses nothing; a guesser gets a few tries an
// hour.
const (
	LockAfter = 5
	FirstLock = 30 * time.Second
	MaxLock   = 15 * time.Minute
)

// LockFor is how long an account stays locked after failed consecutive
// failures (0 below the threshold).
func LockFor(failed int) time.Duration {
	if failed < LockAfter {
		return 0
	}
	d := FirstLock
	for i := LockAfter; i < failed && d < MaxLock; i++ {
		d *= 2
	}
	return min(d, MaxLock)
}
