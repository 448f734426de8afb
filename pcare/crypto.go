package pcare

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"

	"fktpdesk/pcare/lzstring"
)

// Signature is X-signature: base64(HMAC-SHA256(secret, consID + "&" + timestamp)),
// standard base64 with padding, sent as is (never URL-encoded).
func Signature(consID, secret, timestamp string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(consID + "&" + timestamp))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// Authorization is X-authorization: "Basic " + base64(user:pass:kdAplikasi),
// with the FKTP's PCare web login, not the consumer credentials.
func Authorization(user, pass, kdAplikasi string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass+":"+kdAplikasi))
}

// responseKey is SHA-256(consID + secret + timestamp): the AES-256 key, whose
// first 16 bytes are also the IV. The timestamp must be the very string sent
// in X-timestamp for that request.
func responseKey(consID, secret, timestamp string) []byte {
	k := sha256.Sum256([]byte(consID + secret + timestamp))
	return k[:]
}

// Errors from DecryptResponse. Both mean "this answer cannot be read" and
// usually point at a wrong secret or a timestamp mix-up, not at the network.
var (
	ErrBadCiphertext = errors.New("pcare: encrypted response is not valid base64 AES-CBC")
	ErrBadPadding    = errors.New("pcare: encrypted response has invalid PKCS#7 padding (wrong consumer secret or timestamp?)")
)

// DecryptResponse turns an encrypted "response" string back into JSON text:
// base64 → AES-256-CBC → strip and validate PKCS#7 → LZ-string decompress.
func DecryptResponse(consID, secret, timestamp, response string) (string, error) {
	ct, err := base64.StdEncoding.DecodeString(response)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrBadCiphertext, err)
	}
	if len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return "", fmt.Errorf("%w: length %d is not a whole number of blocks", ErrBadCiphertext, len(ct))
	}
	key := responseKey(consID, secret, timestamp)
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", err
	}
	pt := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, key[:aes.BlockSize]).CryptBlocks(pt, ct)
	pt, err = unpad(pt)
	if err != nil {
		return "", err
	}
	js, err := lzstring.DecompressFromEncodedURIComponent(string(pt))
	if err != nil {
		return "", fmt.Errorf("pcare: decrypted response is not LZ-string data: %w", err)
	}
	return js, nil
}

// EncryptResponse is the server side of DecryptResponse, for the simulator
// and for tests: LZ-compress, PKCS#7 pad, AES-256-CBC, base64.
func EncryptResponse(consID, secret, timestamp, jsonText string) string {
	pt := []byte(lzstring.CompressToEncodedURIComponent(jsonText))
	n := aes.BlockSize - len(pt)%aes.BlockSize
	for i := 0; i < n; i++ {
		pt = append(pt, byte(n))
	}
	key := responseKey(consID, secret, timestamp)
	block, _ := aes.NewCipher(key) // a 32-byte key cannot fail
	ct := make([]byte, len(pt))
	cipher.NewCBCEncrypter(block, key[:aes.BlockSize]).CryptBlocks(ct, pt)
	return base64.StdEncoding.EncodeToString(ct)
}

// unpad removes PKCS#7 padding after checking every pad byte: a wrong key
// yields random bytes that would otherwise be cut at a random length and
// handed to the decompressor as garbage.
func unpad(b []byte) ([]byte, error) {
	n := int(b[len(b)-1])
	if n == 0 || n > aes.BlockSize || n > len(b) {
		return nil, ErrBadPadding
	}
	for _, c := range b[len(b)-n:] {
		if int(c) != n {
			return nil, ErrBadPadding
		}
	}
	return b[:len(b)-n], nil
}
