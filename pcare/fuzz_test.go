package pcare

import (
	"bytes"
	"cmp"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"fktpdesk/clinic"
	"fktpdesk/pcare/lzstring"
	"fktpdesk/referral"
)

// The fuzz client uses the spec's worked-example credentials and
// timestamp (crypto_test.go), so the spec's real encrypted answers are
// valid seeds and a fuzzed body decrypts with the key the client expects.
var fuzzCfg = Config{
	BaseURL: "https://apijkn.bpjs-kesehatan.go.id/pcare-rest",
	ConsID:  vecConsID, ConsSecret: vecSecret,
	UserKey: "c0ffee-user-key-not-in-any-answer", Username: "klinik01", Password: "rahasia-yang-panjang-sekali",
	PPK: "0114U163",
}

// fuzzTS is the X-timestamp of every fuzzed exchange.
var fuzzTS = time.Unix(1700000000, 0)

// canned answers every request with one status and body, as PCare (or a
// proxy in front of it) might.
type canned struct {
	status int
	body   []byte
}

func (c canned) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	return &http.Response{StatusCode: c.status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(c.body)), Request: r}, nil
}

// envelope builds an answer as PCare writes it, the payload encrypted for
// fuzzTS when it is a string.
func envelopeJSON(code int, msg string, payload any) []byte {
	if s, ok := payload.(string); ok {
		payload = EncryptResponse(vecConsID, vecSecret, "1700000000", s)
	}
	b, _ := json.Marshal(map[string]any{"metaData": map[string]any{"code": code, "message": msg}, "response": payload})
	return b
}

// pcareAnswers are real answer shapes: the spec's worked examples, the
// catalog's list, create and error envelopes, and what gateways send.
func pcareAnswers() []canned {
	js := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	peserta := js(samplePeserta)
	pendaftaran := `{"count":1,"list":[{"noUrut":"A1","tgldaftar":"22-11-2026","providerPelayanan":{"kdProvider":"0114U163","nmProvider":"Klinik Cempaka Putih"},` +
		`"peserta":` + peserta + `,"poli":{"kdPoli":"001","nmPoli":"UMUM","poliSakit":true},"keluhan":"demam","status":"Belum dilayani",` +
		`"sistole":120,"diastole":80,"beratBadan":60,"tinggiBadan":160,"respRate":20,"heartRate":88,"tkp":{"kdTkp":"10","nmTkp":"RJTP"}}]}`
	riwayat := `{"count":2,"list":[{"noKunjungan":"0114U1631126Y000001","tglKunjungan":"22-11-2026","poli":{"kdPoli":"001","nmPoli":"UMUM"},` +
		`"diagnosa1":{"kdDiag":"A09","nmDiag":"Diare","nonSpesialis":true},"kesadaran":{"kdSadar":"01","nmSadar":"Compos mentis"},` +
		`"sistole":"120","diastole":80,"statusPulang":{"kdStatusPulang":"3","nmStatusPulang":"Berobat Jalan"},"tglPulang":""},` +
		`{"noKunjungan":"0114U1631126Y000002","tglKunjungan":null,"tglDaftar":"2026-11-21","poli":null}]}`
	rujukan := `{"noRujukan":"0114U1631126Y000003","tglKunjungan":"22-11-2026","tglEstRujuk":"25-11-2026","tglAkhirRujuk":"22-02-2027",` +
		`"ppk":{"kdPPK":"0114U163","nmPPK":"Klinik Cempaka Putih","kc":{"kdKC":"0114","nmKC":"JAKARTA PUSAT","dati":{"kdDati":"0173","nmDati":"KOTA JAKARTA PUSAT"},"kdKR":{"kdKR":"01","nmKR":"Kedeputian Wilayah I"}}},` +
		`"ppkRujuk":{"kdPPK":"0120R004","nmPPK":"RSUD Tarakan"},"poli":{"kdPoli":"INT","nmPoli":"Penyakit Dalam"},"nokaPst":"0001234567890",` +
		`"nmPst":"Ni Wayan Sukarsih","tglLahir":"17-08-1985","pisa":"1","sex":"P","diag1":{"kdDiag":"E11","nmDiag":"Diabetes"},"diag2":null,` +
		`"catatan":"kontrol","dokter":{"kdDokter":"131489","nmDokter":"dr. Sari"},"tacc":{"kdTacc":"-1","nmTacc":"Tanpa TACC","alasanTacc":null},"infoDenda":""}`
	html := []byte("<html><body><h1>502 Bad Gateway</h1></body></html>")
	return []canned{
		{200, []byte(`{"response":"` + vec1Response + `","metaData":{"message":"OK","code":200}}`)},
		{200, []byte(`{"response":"` + vec2Response + `","metaData":{"message":"OK","code":"200"}}`)},
		{200, envelopeJSON(200, "OK", peserta)},
		{200, append([]byte("\xef\xbb\xbf"), envelopeJSON(200, "OK", peserta)...)},
		{200, []byte(`{"metadata":{"code":200,"message":"OK"},"response":` + peserta + `}`)},
		{200, envelopeJSON(200, "OK", pendaftaran)},
		{200, envelopeJSON(200, "OK", riwayat)},
		{200, envelopeJSON(200, "OK", rujukan)},
		{201, []byte(`{"response":{"field":"noUrut","message":"A1"},"metaData":{"message":"CREATED","code":201}}`)},
		{201, []byte(`{"response":[{"field":"kdObatSK","message":"12345"},{"field":"noKunjungan","message":"0114U1631126Y000001"}],"metaData":{"message":"CREATED","code":201}}`)},
		{201, envelopeJSON(201, "CREATED", `{"field":"noKunjungan","message":"0114U1631126Y000001"}`)},
		{412, []byte(`{"response":[{"field":"noKartu","message":"Belum melakukan pendaftaran pada poli tersebut."},{"field":"kdDiag1","message":"Diagnosa tidak valid"}],"metaData":{"message":"PRECONDITION_FAILED","code":412}}`)},
		{424, []byte(`{"response":{"field":"kdPoli","message":"ambil data masternya yang bener"},"metaData":{"message":"FAILED_DEPENDENCY","code":424}}`)},
		{404, []byte(`{"response":null,"metaData":{"message":"Unauthorized! You are not registered for this service!","code":404}}`)},
		{401, []byte(`{"response":null,"metaData":{"message":"Unauthorized","code":401}}`)},
		{500, []byte(`{"response":null,"metaData":{"message":"Cannot access child value on Newtonsoft.Json.Linq.JValue.","code":500}}`)},
		{200, []byte(`{"response":null,"metaData":{"message":"Data tidak ditemukan","code":204}}`)},
		{200, []byte(`{"response":[],"metaData":{"message":"OK","code":200}}`)},
		{200, []byte(`{"response":"","metaData":{"message":"OK","code":200}}`)},
		{304, nil},
		{204, nil},
		{502, html},
		{200, html},
		{504, []byte("upstream request timeout")},
		{200, []byte(`{"response":"bm90IGFlcw==","metaData":{"message":"OK","code":200}}`)},
	}
}

// FuzzResponse answers every kind of request the desk makes with one
// fuzzed HTTP status and body, through the real client, its decoding into
// the wire types and the conversions to the domain. Beyond not crashing:
// every failure is a classified *Error that names no secret, and a write is
// never called safe to resend unless PCare said it failed.
func FuzzResponse(f *testing.F) {
	for _, a := range pcareAnswers() {
		f.Add(a.status, a.body)
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 999 {
			return // net/http refuses such a status line before we see it
		}
		var logs bytes.Buffer
		c, err := New(fuzzCfg, WithHTTPClient(&http.Client{Transport: canned{status, body}}),
			WithClock(func() time.Time { return fuzzTS }), WithReadRetries(0, 0),
			WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		central := Central{C: c}
		check := func(what string, write bool, err error) {
			t.Helper()
			if err == nil {
				return
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("%s: %T %v is not a *pcare.Error", what, err, err)
			}
			if pe.Kind < KindInternal || pe.Kind > KindProtocol || pe.Error() == "" {
				t.Fatalf("%s: unclassified %#v", what, pe)
			}
			if code := cmp.Or(pe.Code, status); write && pe.Retryable() && !(code == 429 || code >= 500 && code != 502 && code != 504) {
				t.Fatalf("%s: a write answered %d (code %d) is called safe to resend: %v", what, status, pe.Code, pe)
			}
		}
		p, err := c.PesertaByNoKartu(ctx, "0001234567890")
		check("peserta", false, err)
		if err == nil {
			_ = ParticipantFrom(p)
		}
		_, err = central.Participant(ctx, clinic.IDNIK, "5171015708850001")
		if err != nil && clinic.ErrorMessage(err) == "" {
			t.Fatalf("participant: domain error without a message: %v", err)
		}
		_, err = c.ListPendaftaran(ctx, D(2026, 11, 22), 0, 15)
		check("pendaftaran list", false, err)
		_, err = central.VisitsOf(ctx, "0001234567890")
		if err != nil && clinic.ErrorMessage(err) == "" {
			t.Fatalf("visits: domain error without a message: %v", err)
		}
		r, err := c.Rujukan(ctx, "0114U1631126Y000003")
		check("rujukan", false, err)
		if err == nil {
			_ = LetterFrom(r, referral.Letter{})
		}
		_, err = c.Diagnosa(ctx, "A09", 0, 10)
		check("diagnosa", false, err)
		_, err = c.AddPendaftaran(ctx, Pendaftaran{KdProviderPeserta: "0114U163", TglDaftar: D(2026, 11, 22),
			NoKartu: "0001234567890", KdPoli: "001", KunjSakit: true, KdTkp: TkpRawatJalan})
		check("add pendaftaran", true, err)
		err = c.DeletePendaftaran(ctx, "0001234567890", D(2026, 11, 22), "A1", "001")
		check("delete pendaftaran", true, err)

		for _, secret := range []string{fuzzCfg.UserKey, fuzzCfg.Password} {
			if bytes.Contains(body, []byte(secret)) {
				continue // an answer that quotes it may be quoted back
			}
			if strings.Contains(logs.String(), secret) {
				t.Fatalf("log holds a secret:\n%s", logs.String())
			}
		}
	})
}

// FuzzEnvelopeRoundTrip: whatever text PCare encrypts into an envelope,
// the client reads back unchanged.
func FuzzEnvelopeRoundTrip(f *testing.F) {
	f.Add(vec1Plain, 200)
	f.Add(vec2Plain, 201)
	f.Add("", 200)
	f.Add(`{"field":"noUrut","message":"A1"}`, 201)
	f.Add("naïve – é ✓ 😀", 200)
	c, err := New(fuzzCfg)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, plain string, code int) {
		if !utf8.ValidString(plain) || plain == "" || code < 200 || code > 299 || code == 204 {
			return
		}
		raw, perr := c.interpret(code, envelopeJSON(code, "OK", plain), "1700000000", code != 200)
		if perr != nil || string(raw) != plain {
			t.Fatalf("envelope of %q came back as %q, %v", plain, raw, perr)
		}
	})
}

// encryptLZ encrypts already LZ-compressed text as PCare does the rest of
// the way: PKCS#7, AES-256-CBC with the response key, base64. It lets the
// fuzzer reach the decompressor through DecryptResponse with a valid key.
func encryptLZ(lz string) string {
	pt := []byte(lz)
	n := aes.BlockSize - len(pt)%aes.BlockSize
	pt = append(pt, bytes.Repeat([]byte{byte(n)}, n)...)
	key := responseKey(vecConsID, vecSecret, vecTS)
	block, _ := aes.NewCipher(key)
	ct := make([]byte, len(pt))
	cipher.NewCBCEncrypter(block, key[:aes.BlockSize]).CryptBlocks(ct, pt)
	return base64.StdEncoding.EncodeToString(ct)
}

// FuzzDecryptResponse fuzzes what is inside a correctly encrypted answer:
// the LZ-string text. DecryptResponse gives exactly what the decompressor
// gives, and anything it reads can be encrypted and read again.
func FuzzDecryptResponse(f *testing.F) {
	for _, p := range []string{vec1Plain, vec2Plain, "", "{}", `{"count":0,"list":[]}`} {
		lz := lzstring.CompressToEncodedURIComponent(p)
		f.Add(lz)
		f.Add(lz[:len(lz)/2])
	}
	f.Add("N4Igdg9g0ghgTgFwK4gFwgAxawZgJwYAsOA7AGwCsIANODALYxogDKAqiwJICCAspwDlOAAk68+wlgHkAogCVuAEU40QACyQAjJGADmMMFACmAGyTx9zAApGAzkcRNa9gB7XVCXSYAyMNQEs4ZgAmCgBaAEYMSLx8VQBrABMrOAgAN39EhytbBDRQJJT0zIdmDAiIwjYIshxVMHoijKyg9CgTfzB-eOEAYSN6AAcYeJhhKyQEfzUQAF9aeKM89DAYAHu0o2FAZAJhAEvhQGRyVRGpgDM0BDgkI1pkPX1RsDQMWaA")
	f.Add("%%%")
	f.Fuzz(func(t *testing.T, lz string) {
		got, err := DecryptResponse(vecConsID, vecSecret, vecTS, encryptLZ(lz))
		want, werr := lzstring.DecompressFromEncodedURIComponent(lz)
		if (err == nil) != (werr == nil) || got != want {
			t.Fatalf("DecryptResponse of %q = %q, %v; the decompressor gives %q, %v", lz, got, err, want, werr)
		}
		if err != nil {
			return
		}
		again, err := DecryptResponse(vecConsID, vecSecret, vecTS, EncryptResponse(vecConsID, vecSecret, vecTS, got))
		if err != nil || again != got {
			t.Fatalf("%q read as %q, which does not survive encryption: %q, %v", lz, got, again, err)
		}
	})
}

// FuzzDecryptCiphertext fuzzes the encrypted string itself: base64, block
// length and padding. A wrong answer is one of the failures the client
// classifies, never a crash; a right one survives encryption again.
func FuzzDecryptCiphertext(f *testing.F) {
	for _, s := range []string{vec1Response, vec2Response, vec1Response[:44], "", "====", "bm90IGFlcw==",
		base64.StdEncoding.EncodeToString(make([]byte, 16)), base64.StdEncoding.EncodeToString(make([]byte, 32)),
		encryptLZ("%%%"), encryptLZ("")} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, resp string) {
		got, err := DecryptResponse(vecConsID, vecSecret, vecTS, resp)
		if err != nil {
			known := false
			for _, k := range []error{ErrBadCiphertext, ErrBadPadding, lzstring.ErrInvalidChar, lzstring.ErrTruncated,
				lzstring.ErrCorrupt, lzstring.ErrTooLarge} {
				known = known || errors.Is(err, k)
			}
			if !known {
				t.Fatalf("DecryptResponse(%q): unclassified %v", resp, err)
			}
			return
		}
		again, err := DecryptResponse(vecConsID, vecSecret, vecTS, EncryptResponse(vecConsID, vecSecret, vecTS, got))
		if err != nil || again != got {
			t.Fatalf("%q read as %q, which does not survive encryption: %q, %v", resp, got, again, err)
		}
	})
}

// FuzzFlexible decodes one JSON value into each of the tolerant wire
// types. What one accepts it writes back in a form it reads the same way.
func FuzzFlexible(f *testing.F) {
	for _, s := range []string{`12`, `"12"`, `12.0`, `" 7 "`, `""`, `null`, `true`, `"true"`, `1`, `"0"`, `"ya"`, `"tidak"`,
		`"Y"`, `"17-08-1985"`, `"2025-03-10"`, `"10/03/2025"`, `"31-02-2025"`, `"abc"`, `1e400`, `-1e300`,
		`-9223372036854775809`, `"\u0041"`, `[]`, `{}`, `"0114U163"`, `200`, `"200"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var s OptString
		if json.Unmarshal(b, &s) == nil {
			var back OptString
			out, err := json.Marshal(s)
			if err != nil || json.Unmarshal(out, &back) != nil || back != s {
				t.Fatalf("OptString %s read as %q, written %s, read back %q (%v)", b, s, out, back, err)
			}
		}
		var n Int
		if json.Unmarshal(b, &n) == nil {
			var back Int
			if json.Unmarshal([]byte(fmt.Sprint(int(n))), &back) != nil || back != n {
				t.Fatalf("Int %s read as %d, does not read back", b, n)
			}
		}
		var v Bool
		if json.Unmarshal(b, &v) == nil {
			var back Bool
			if out, _ := json.Marshal(bool(v)); json.Unmarshal(out, &back) != nil || back != v {
				t.Fatalf("Bool %s read as %v, does not read back", b, v)
			}
		}
		var d Date
		if json.Unmarshal(b, &d) == nil {
			var back Date
			out, err := json.Marshal(d)
			if err != nil || json.Unmarshal(out, &back) != nil || !back.Equal(d) {
				t.Fatalf("Date %s read as %v, written %s, read back %v (%v)", b, d, out, back, err)
			}
		}
	})
}
