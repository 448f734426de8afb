package pcare

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

// The spec's worked example (§2), produced with Node crypto + lz-string 1.5.0.
const (
	vecConsID = "1234"
	vecSecret = "pwd"
	vecTS     = "1700000000"

	vec1Response = "I9NJ4T28VRB1CTZ334blJCjRexE16YWz/E+HON+lI/j9NWwB7r2WX4+gbcWIBcfzLH8tf88dB2DmGI5iQfuYHVx7gVDGGohjeje6S3BY9QO5VpqEG0/Sc36l901mPUXv"
	vec1Plain    = `{"count":1,"list":[{"kdSadar":"01","nmSadar":"Compos mentis"}]}`

	vec2Response = "V6Lg4dKYOM+25iFHi3qOwmut0vkp1vCiGOVIwLuaSFKolgWp0kyVdXxYoPWv3VWvhVFUgrKw6Vx1Qxn4wFVOi1DFQFVgEPdG2Z+WxLyqFVmlJQxh1ogb+8sq9aqg5fjdABWoa342gOkRBL2kChAJcW4IbDU4yiOO2X3elmPGgt++1KWBBr4K/LRZ6IWXaRWlWLfRHQqXsCva6SJBD4Fwxo3FrmpQ8RoYt/2D02BKduKCHqxVQVorvtM4ulrB5CUGkGRwThlo7k7jhaWjGLlaswzFvoXj53Gb7+Id7BZpIShvgnyJCe1sZtquUHbffHoLRqClGye9THtGXjXRv4QgvpFqce2CFdSSkvx4lSxoF9gpSWqzat4CIFvCSSjn4v/n5nqTHPDR53pYAvETNriE10v5sG3lg/DjYRXYq7J13Jk="
	vec2Plain    = `{"noKartu":"0000039043765","nama":"SUSIAMINI IMAM SOERADI","hubunganKeluarga":"Peserta","sex":"P","tglLahir":"25-10-1939","kdProviderPst":{"kdProvider":"0114U163","nmProvider":"Klinik Cempaka Putih"},"ket":"naïve – é ✓","aktif":true,"tunggakan":0}`
)

func TestSignatureVector(t *testing.T) {
	if got, want := Signature(vecConsID, vecSecret, vecTS), "QbAKTP54Su+BEvo9Ks0zhW27zsJAjQNNXGMcns5eMz0="; got != want {
		t.Fatalf("Signature = %s, want %s", got, want)
	}
	// The old VClaim catalog's sample header is NOT the HMAC of its inputs;
	// the spec gives the real value.
	if got, want := Signature("1234", "pwd", "433223232"), "eXMtvX2r7e7CLCIu3kpEpCrvciZgK8FuOhKv06NDAHk="; got != want {
		t.Fatalf("Signature(433223232) = %s, want %s", got, want)
	}
}

func TestAuthorizationVector(t *testing.T) {
	if got, want := Authorization("userpcare", "passpcare", "095"), "Basic dXNlcnBjYXJlOnBhc3NwY2FyZTowOTU="; got != want {
		t.Fatalf("Authorization = %s, want %s", got, want)
	}
}

func TestResponseKeyVector(t *testing.T) {
	k := responseKey(vecConsID, vecSecret, vecTS)
	if got := hex.EncodeToString(k); got != "7b426539e1dda2e8eced60cdc7415cb59ab492ea549fbdccaa4f9380d2957dd5" {
		t.Fatalf("key = %s", got)
	}
	if got := hex.EncodeToString(k[:16]); got != "7b426539e1dda2e8eced60cdc7415cb5" {
		t.Fatalf("iv = %s", got)
	}
}

func TestDecryptVectors(t *testing.T) {
	for name, v := range map[string]struct{ resp, plain string }{
		"ascii":     {vec1Response, vec1Plain},
		"non-ascii": {vec2Response, vec2Plain},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := DecryptResponse(vecConsID, vecSecret, vecTS, v.resp)
			if err != nil {
				t.Fatal(err)
			}
			if got != v.plain {
				t.Fatalf("got  %s\nwant %s", got, v.plain)
			}
		})
	}
}

func TestEncryptMatchesReference(t *testing.T) {
	// Our encrypt must produce byte-for-byte what the reference produced,
	// which proves compression and padding are the same as lz-string's.
	if got := EncryptResponse(vecConsID, vecSecret, vecTS, vec1Plain); got != vec1Response {
		t.Fatalf("EncryptResponse = %s\nwant %s", got, vec1Response)
	}
	if got := EncryptResponse(vecConsID, vecSecret, vecTS, vec2Plain); got != vec2Response {
		t.Fatalf("EncryptResponse(non-ascii) = %s\nwant %s", got, vec2Response)
	}
}

func TestDecryptFailures(t *testing.T) {
	tests := []struct {
		name string
		ts   string
		resp string
		want error
	}{
		{"wrong timestamp gives a wrong key", "1700000001", vec1Response, ErrBadPadding},
		{"not base64", vecTS, "%%%", ErrBadCiphertext},
		{"not whole blocks", vecTS, base64.StdEncoding.EncodeToString([]byte("short")), ErrBadCiphertext},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecryptResponse(vecConsID, vecSecret, tt.ts, tt.resp)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	// Wrong secret: same failure class as a wrong timestamp.
	if _, err := DecryptResponse(vecConsID, "other", vecTS, vec2Response); err == nil {
		t.Fatal("decrypting with the wrong secret succeeded")
	}
}

func TestUnpadRejectsInconsistentPadding(t *testing.T) {
	block := []byte(strings.Repeat("a", 13) + "\x01\x02\x03")
	if _, err := unpad(block); !errors.Is(err, ErrBadPadding) {
		t.Fatalf("unpad accepted mixed pad bytes: %v", err)
	}
	block = []byte(strings.Repeat("a", 13) + "\x03\x03\x03")
	got, err := unpad(block)
	if err != nil || string(got) != strings.Repeat("a", 13) {
		t.Fatalf("unpad = %q, %v", got, err)
	}
	if _, err := unpad([]byte(strings.Repeat("a", 15) + "\x00")); !errors.Is(err, ErrBadPadding) {
		t.Fatal("unpad accepted a zero pad length")
	}
	if _, err := unpad([]byte(strings.Repeat("a", 15) + "\x11")); !errors.Is(err, ErrBadPadding) {
		t.Fatal("unpad accepted a pad longer than a block")
	}
}

func TestEncryptRoundTripProperty(t *testing.T) {
	for _, s := range []string{"", "{}", `{"nama":"Ni Luh Putu Ayu Ṣari 😀"}`, strings.Repeat(`{"a":1},`, 500)} {
		ts := "1763800000"
		enc := EncryptResponse("9", "s3cret", ts, s)
		dec, err := DecryptResponse("9", "s3cret", ts, enc)
		if err != nil || dec != s {
			t.Fatalf("round trip of %.40q: %q, %v", s, dec, err)
		}
	}
}
