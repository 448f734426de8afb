// Package lzstring implements the URI-safe variant of pieroxy's lz-string
// compression (the JavaScript library published on npm as lz-string, version
// 1.5.0): CompressToEncodedURIComponent and DecompressFromEncodedURIComponent.
//
// BPJS PCare's apijkn web service returns its response payloads
// LZ-string compressed in this form, so every response we receive goes
// through DecompressFromEncodedURIComponent; the PCare simulator uses
// CompressToEncodedURIComponent to produce responses that look exactly like
// the real service's.
//
// The algorithm is defined over JavaScript strings, which are sequences of
// UTF-16 code units, not Unicode code points or bytes: dictionary entries,
// the 8/16-bit literal decision and every emitted code depend on the
// code-unit sequence. To produce output that is byte-identical to the
// JavaScript library (and to decode what it produces), this package converts
// Go strings to UTF-16 before compressing and converts the decoded code units
// back to UTF-8 afterwards. Characters outside the Basic Multilingual Plane
// (emoji and the like) therefore travel as surrogate pairs, exactly as in
// JavaScript. Invalid UTF-8 in the input to CompressToEncodedURIComponent is
// treated as U+FFFD, and an unpaired surrogate in decoded data becomes U+FFFD,
// since neither can be represented in a Go string the way JavaScript holds it.
//
// The decoder is stricter than the JavaScript one. Where lz-string returns
// null or "" for a truncated stream or a reference to a missing dictionary
// entry, reads characters outside the alphabet as zero bits, or ignores
// whatever follows the end-of-stream marker, this package returns an error
// wrapping one of the sentinel errors below, so a damaged response cannot
// pass for a valid one. Output of any conforming encoder decodes the same.
package lzstring

import (
	"errors"
	"fmt"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDecodedLen caps the decompressed size, in UTF-16 code units. LZ-string
// output can grow quadratically with the number of codes, so a short crafted
// input could otherwise exhaust memory; real PCare payloads are around a
// megabyte, far below this.
const MaxDecodedLen = 1 << 26

// Sentinel errors returned (wrapped, with the offending position) by
// DecompressFromEncodedURIComponent. Test for them with errors.Is.
var (
	// ErrInvalidChar: the input holds a character outside the URI-safe alphabet.
	ErrInvalidChar = errors.New("lzstring: invalid character")
	// ErrTruncated: the input ends before the end-of-stream marker.
	ErrTruncated = errors.New("lzstring: truncated input")
	// ErrCorrupt: the bit stream is structurally invalid, e.g. it refers to a
	// dictionary entry that does not exist or continues past its end marker.
	ErrCorrupt = errors.New("lzstring: corrupt input")
	// ErrTooLarge: the decoded text would exceed MaxDecodedLen code units.
	ErrTooLarge = errors.New("lzstring: decoded data too large")
)

// alphabet maps 6-bit values to characters; it is lz-string's keyStrUriSafe.
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$"

const bitsPerChar = 6

// Codes 0, 1 and 2 are reserved in the stream: an 8-bit literal follows, a
// 16-bit literal follows, end of stream.
const (
	codeLiteral8  = 0
	codeLiteral16 = 1
	codeEnd       = 2
	firstCode     = 3
)

// invalid marks bytes that are not in the alphabet in decodeTable.
const invalid = 0xff

// decodeTable inverts alphabet. A space decodes like '+', because '+' in a
// query string or form body is routinely turned into a space on the way to
// us; the JavaScript decoder undoes that the same way.
var decodeTable = func() (t [256]byte) {
	for i := range t {
		t[i] = invalid
	}
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = byte(i)
	}
	t[' '] = t['+']
	return t
}()

// CompressToEncodedURIComponent compresses s the way lz-string's
// compressToEncodedURIComponent does; the result contains only characters
// from the URI-safe alphabet and is identical to the JavaScript output for
// the same text.
func CompressToEncodedURIComponent(s string) string {
	units := make([]uint16, 0, len(s))
	for _, r := range s {
		units = utf16.AppendRune(units, r)
	}
	return compress(units)
}

// bitWriter packs codes into 6-bit alphabet characters. lz-string writes each
// value least-significant bit first and fills characters from their most
// significant bit, so values are bit-reversed before being appended.
type bitWriter struct {
	out  []byte
	acc  uint64
	nacc uint // bits in acc not yet emitted, always < bitsPerChar between calls
}

func (w *bitWriter) write(v uint32, n uint) {
	w.acc = w.acc<<n | uint64(bits.Reverse32(v)>>(32-n))
	w.nacc += n
	for w.nacc >= bitsPerChar {
		w.nacc -= bitsPerChar
		w.out = append(w.out, alphabet[(w.acc>>w.nacc)&(1<<bitsPerChar-1)])
	}
}

// flush pads the last character with zero bits. Like lz-string it always
// emits one more character, even when the data ended on a character boundary.
func (w *bitWriter) flush() {
	w.out = append(w.out, alphabet[(w.acc<<(bitsPerChar-w.nacc))&(1<<bitsPerChar-1)])
}

// compressor holds the state shared between the main loop and the emission of
// the pending phrase.
type compressor struct {
	bw        bitWriter
	numBits   uint   // width of the next code
	enlargeIn uint32 // codes left before numBits must grow
	// pending has a bit set for each code unit that has been added to the
	// dictionary but not yet sent to the decoder as a literal.
	pending [1 << 16 / 64]uint64
}

// spend accounts for one dictionary entry the decoder is about to create and
// widens the codes when the decoder's dictionary outgrows them. The decoder
// follows the same schedule, so both sides agree on numBits.
func (c *compressor) spend() {
	c.enlargeIn--
	if c.enlargeIn == 0 {
		c.enlargeIn = 1 << c.numBits
		c.numBits++
	}
}

// emit sends the phrase w (code wCode, wLen units, first unit wUnit).
func (c *compressor) emit(wCode uint32, wLen int, wUnit uint16) {
	if wLen == 1 && c.pending[wUnit/64]&(1<<(wUnit%64)) != 0 {
		// First use of this character: the decoder has never seen it, so
		// send it verbatim; it creates a dictionary entry on its side too.
		if wUnit < 256 {
			c.bw.write(codeLiteral8, c.numBits)
			c.bw.write(uint32(wUnit), 8)
		} else {
			c.bw.write(codeLiteral16, c.numBits)
			c.bw.write(uint32(wUnit), 16)
		}
		c.spend()
		c.pending[wUnit/64] &^= 1 << (wUnit % 64)
	} else {
		c.bw.write(wCode, c.numBits)
	}
	c.spend()
}

// protoKey is the one dictionary key lz-string cannot store: its dictionary
// is a plain JavaScript object, and assigning obj["__proto__"] = n is
// silently ignored. The phrase still consumes a code number. We reproduce
// that so our output stays byte-identical to the reference.
var protoKey = utf16.Encode([]rune("__proto__"))

func isProtoKey(u []uint16) bool {
	if len(u) != len(protoKey) {
		return false
	}
	for i := range u {
		if u[i] != protoKey[i] {
			return false
		}
	}
	return true
}

func compress(units []uint16) string {
	c := &compressor{
		bw: bitWriter{out: make([]byte, 0, len(units)/2+8)},
		// The encoder counts the first literal like any other; the decoder
		// starts from the state after it (3-bit codes, enlargeIn 4).
		numBits:   2,
		enlargeIn: 2,
	}
	// The dictionary is a trie stored in a map: the key is the parent
	// phrase's code in the high bits and the appended code unit in the low
	// 16 bits. Code 0 never names a phrase, so it serves as the empty
	// phrase, the parent of all single-unit entries. This avoids building a
	// string for every prefix as the JavaScript does.
	dict := make(map[uint64]uint32, len(units)/4+16)
	nextCode := uint32(firstCode)

	var (
		wCode uint32 // code of the current phrase w; 0 while w is empty
		wLen  int    // w is always units[i-wLen:i]
		wUnit uint16 // first unit of w
	)
	for i, u := range units {
		uCode, ok := dict[uint64(u)]
		if !ok {
			// A unit gets its code the first time it appears, even when
			// it merely extends w; the decoder learns it from the literal.
			uCode = nextCode
			dict[uint64(u)] = uCode
			nextCode++
			c.pending[u/64] |= 1 << (u % 64)
		}
		if wLen == 0 {
			wCode, wLen, wUnit = uCode, 1, u
			continue
		}
		key := uint64(wCode)<<16 | uint64(u)
		if code, ok := dict[key]; ok {
			wCode = code
			wLen++
			continue
		}
		c.emit(wCode, wLen, wUnit)
		if !(wLen == len(protoKey)-1 && isProtoKey(units[i-wLen:i+1])) {
			dict[key] = nextCode
		}
		nextCode++
		wCode, wLen, wUnit = uCode, 1, u
	}
	if wLen > 0 {
		c.emit(wCode, wLen, wUnit)
	}
	c.bw.write(codeEnd, c.numBits)
	c.bw.flush()
	return string(c.bw.out)
}

// bitReader is the inverse of bitWriter over the input string.
type bitReader struct {
	s    string
	next int    // index in s of the next character to load
	acc  uint64 // loaded bits; the low nacc bits are unread
	nacc uint
}

// read returns the next n-bit value (n <= 32), least significant bit first.
// Loading is left to refill so the common case stays a shift and a mask.
func (r *bitReader) read(n uint) (uint32, error) {
	if r.nacc < n {
		if err := r.refill(n); err != nil {
			return 0, err
		}
	}
	r.nacc -= n
	v := uint32(r.acc>>r.nacc) & (1<<n - 1)
	return bits.Reverse32(v) >> (32 - n), nil
}

// refill loads whole characters while they fit, so that most reads find
// their bits already in acc.
func (r *bitReader) refill(n uint) error {
	for r.nacc <= 64-bitsPerChar && r.next < len(r.s) {
		v := decodeTable[r.s[r.next]]
		if v == invalid {
			return fmt.Errorf("%w %q at offset %d", ErrInvalidChar, r.s[r.next], r.next)
		}
		r.acc = r.acc<<bitsPerChar | uint64(v)
		r.nacc += bitsPerChar
		r.next++
	}
	if r.nacc < n {
		return fmt.Errorf("%w: needed %d more bits at offset %d", ErrTruncated, n-r.nacc, len(r.s))
	}
	return nil
}

// offset approximates the input position being decoded, for error messages.
func (r *bitReader) offset() int {
	return r.next - int(r.nacc/bitsPerChar)
}

// trailing reports how many bits follow the current read position.
func (r *bitReader) trailing() int {
	return int(r.nacc) + bitsPerChar*(len(r.s)-r.next)
}

// span locates a dictionary entry inside the decoded output. Every entry is
// a contiguous run of the output (a literal where it was emitted; w+c[0]
// where w was emitted, followed by c), so the dictionary needs no storage of
// its own beyond these two numbers.
type span struct {
	off, n int32
}

// DecompressFromEncodedURIComponent reverses CompressToEncodedURIComponent
// (and lz-string's function of the same name). Spaces are read as '+'.
// An empty input yields "" and no error. Any malformed input yields an error
// wrapping ErrInvalidChar, ErrTruncated, ErrCorrupt or ErrTooLarge; the
// decoder never panics.
func DecompressFromEncodedURIComponent(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	units, err := decompress(s, MaxDecodedLen)
	if err != nil {
		return "", err
	}
	return utf16ToString(units), nil
}

// decompress decodes s into at most limit code units.
func decompress(s string, limit int) ([]uint16, error) {
	r := bitReader{s: s}
	// JSON typically expands 3-6x. Over-allocating costs more than the odd
	// append that has to grow the buffer.
	out := make([]uint16, 0, min(len(s)*4, limit))
	// Codes are rarely under 9 bits wide, and each adds one entry (two for
	// literals, which are few).
	dict := make([]span, firstCode, min(len(s)*2/3, limit)+64)

	literal := func(code uint32) (uint16, error) {
		width := uint(8)
		if code == codeLiteral16 {
			width = 16
		}
		v, err := r.read(width)
		return uint16(v), err
	}

	code, err := r.read(2)
	if err != nil {
		return nil, err
	}
	switch code {
	case codeEnd:
		return out, checkEnd(&r)
	case codeLiteral8, codeLiteral16:
	default:
		return nil, fmt.Errorf("%w: code %d at start of stream", ErrCorrupt, code)
	}
	u, err := literal(code)
	if err != nil {
		return nil, err
	}
	out = append(out, u)
	dict = append(dict, span{0, 1})
	w := span{0, 1}

	numBits := uint(3)
	enlargeIn := uint32(4)
	spend := func() {
		enlargeIn--
		if enlargeIn == 0 {
			enlargeIn = 1 << numBits
			// Beyond 32 bits read would misbehave. The limit on output
			// length keeps the dictionary far smaller than that, so clamp
			// rather than add a check to the loop.
			numBits = min(numBits+1, 32)
		}
	}

	for {
		code, err := r.read(numBits)
		if err != nil {
			return nil, err
		}
		p := len(out)
		var entry span
		switch {
		case code == codeEnd:
			return out, checkEnd(&r)
		case code == codeLiteral8 || code == codeLiteral16:
			u, err := literal(code)
			if err != nil {
				return nil, err
			}
			if p+1 > limit {
				return nil, fmt.Errorf("%w (at offset %d)", ErrTooLarge, r.offset())
			}
			out = append(out, u)
			entry = span{int32(p), 1}
			dict = append(dict, entry)
			spend()
		case int(code) < len(dict):
			src := dict[code]
			if p+int(src.n) > limit {
				return nil, fmt.Errorf("%w (at offset %d)", ErrTooLarge, r.offset())
			}
			out = append(out, out[src.off:src.off+src.n]...)
			entry = span{int32(p), src.n}
		case int(code) == len(dict):
			// The code names the entry this very step creates, w+w[0];
			// the encoder may use it before the decoder has it.
			if p+int(w.n)+1 > limit {
				return nil, fmt.Errorf("%w (at offset %d)", ErrTooLarge, r.offset())
			}
			out = append(out, out[w.off:w.off+w.n]...)
			out = append(out, out[w.off])
			entry = span{int32(p), w.n + 1}
		default:
			return nil, fmt.Errorf("%w: reference to undefined entry %d (dictionary has %d) at offset %d",
				ErrCorrupt, code, len(dict), r.offset())
		}
		// w directly precedes entry in out, so w+entry[0] is the run
		// starting at w with one more unit.
		dict = append(dict, span{w.off, w.n + 1})
		spend()
		w = entry
	}
}

// checkEnd rejects data after the end-of-stream marker. The encoder pads the
// final character with 1-6 zero bits; anything longer was not produced by
// lz-string (for instance two payloads glued together), and silently
// dropping it would hide the problem.
func checkEnd(r *bitReader) error {
	if extra := r.trailing(); extra > bitsPerChar {
		return fmt.Errorf("%w: %d characters after end of stream at offset %d",
			ErrCorrupt, (extra-1)/bitsPerChar, r.offset())
	}
	return nil
}

// utf16ToString converts decoded code units to UTF-8 without the
// intermediate []rune of utf16.Decode; it measured about seven times faster.
func utf16ToString(units []uint16) string {
	buf := make([]byte, 0, len(units)+len(units)/4)
	for i := 0; i < len(units); i++ {
		u := units[i]
		if u < utf8.RuneSelf {
			buf = append(buf, byte(u))
			continue
		}
		r := rune(u)
		if utf16.IsSurrogate(r) {
			// A high surrogate followed by a low one is a pair; anything
			// else is unpaired and becomes U+FFFD, as in utf16.Decode.
			r = utf8.RuneError
			if i+1 < len(units) {
				if dec := utf16.DecodeRune(rune(u), rune(units[i+1])); dec != utf8.RuneError {
					r = dec
					i++
				}
			}
		}
		buf = utf8.AppendRune(buf, r)
	}
	return string(buf)
}
