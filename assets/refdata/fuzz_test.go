package refdata

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// FuzzParse feeds the CSV reader what a replaced reference file might hold:
// the real files' first lines, then anything. Whatever it accepts has one
// key set for every record, trimmed values, and survives being written out
// and read again.
func FuzzParse(f *testing.F) {
	names, err := fs.Glob(files, "*.csv")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range names {
		b, err := files.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		// The header and a few records: enough shape, small enough to mutate.
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(nil, 1<<20)
		var head []string
		for i := 0; i < 4 && sc.Scan(); i++ {
			head = append(head, sc.Text())
		}
		f.Add(strings.Join(head, "\n") + "\n")
	}
	for _, s := range []string{
		"",
		"kode,nama\n",
		"\ufeffkode,nama\r\n11,Aceh\r\n", // a BOM and CRLF, as Excel saves
		"kode,nama\n11,\"Aceh, \"\"Nanggroe\"\"\"\n", // quotes inside quotes
		"kode,nama\n11\n",            // a short record
		"kode,nama\n11,Aceh,extra\n", // a long one
		"kode,nama\n\"11,Aceh\n",     // an unterminated quote
		"kode,kode\n11,12\n",         // a header named twice
		"kode\n\n\n11\n",             // blank lines
		"kode,nama\n 11 , Aceh \n",   // padding
		"a\"b,c\n1,2\n",              // a bare quote
		"kdTacc,nmTacc,alasanTacc,alasan_type,source\n-1,,,,\n", // empty fields
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		recs, err := parse(strings.NewReader(in))
		if err != nil {
			return
		}
		if len(recs) == 0 {
			return
		}
		keys := slices.Sorted(maps.Keys(recs[0]))
		for i, r := range recs {
			if got := slices.Sorted(maps.Keys(r)); !slices.Equal(got, keys) {
				t.Fatalf("record %d has keys %q, record 0 has %q", i, got, keys)
			}
			for k, v := range r {
				if v != strings.TrimSpace(v) {
					t.Fatalf("record %d %s = %q: not trimmed", i, k, v)
				}
			}
		}
		if len(keys) < 2 {
			// encoding/csv writes a lone empty field as a blank line,
			// which readers skip: no round trip to check.
			return
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write(keys)
		for _, r := range recs {
			row := make([]string, len(keys))
			for i, k := range keys {
				row[i] = r[k]
			}
			w.Write(row)
		}
		w.Flush()
		again, err := parse(&buf)
		if err != nil || !reflect.DeepEqual(again, recs) {
			t.Fatalf("written out and read again: %v, %v; want %v", again, err, recs)
		}
	})
}
