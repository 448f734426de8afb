package pcare

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// OptString is a string that goes on the wire as null when empty. PCare wants
// null, not "", for absent codes such as kdDiag2, kdPoliRujukInternal,
// kdSarana or noKunjungan on an add; on the way in it reads null as "".
type OptString string

// MarshalJSON writes null for the empty string.
func (s OptString) MarshalJSON() ([]byte, error) {
	if s == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(s))
}

// UnmarshalJSON accepts a string, null, or a number (kept as its text).
func (s *OptString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*s = ""
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = OptString(v)
		return nil
	}
	*s = OptString(b)
	return nil
}

// Int is a whole number that PCare may send as a number, a numeric string, or
// null (read as 0). metaData.code is the famous case: a number in PCare, a
// string in VClaim, and clients that type it one way break on the other.
type Int int

// UnmarshalJSON accepts 12, "12", 12.0, "" and null.
func (n *Int) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*n = 0
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			*n = 0
			return nil
		}
	}
	if v, err := strconv.Atoi(s); err == nil {
		*n = Int(v)
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("pcare: %q is not a number", s)
	}
	*n = Int(f)
	return nil
}

// Bool is a boolean that PCare may send as true/false, "true"/"false", 1/0 or null.
type Bool bool

// UnmarshalJSON accepts the forms above; anything else is an error.
func (v *Bool) UnmarshalJSON(b []byte) error {
	switch strings.Trim(strings.ToLower(string(bytes.TrimSpace(b))), `"`) {
	case "true", "1", "y", "ya":
		*v = true
	case "false", "0", "n", "tidak", "null", "":
		*v = false
	default:
		return fmt.Errorf("pcare: %s is not a boolean", b)
	}
	return nil
}
