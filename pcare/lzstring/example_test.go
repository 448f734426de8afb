package lzstring_test

import (
	"fmt"

	"fktpdesk/pcare/lzstring"
)

func ExampleDecompressFromEncodedURIComponent() {
	// A PCare reference-data response body, as the service sends it.
	text, err := lzstring.DecompressFromEncodedURIComponent(
		"N4Igxg9grgdgLiAXARgDQgDYEsDODEDaoA1gCYDKAhqZQE5IgAMyI6MAtlTfYiAMIR2ABwg4ABOwCm8XCAC+AXTlA")
	if err != nil {
		fmt.Println("decode:", err)
		return
	}
	fmt.Println(text)
	// Output: {"count":1,"list":[{"kdSadar":"01","nmSadar":"Compos mentis"}]}
}

func ExampleCompressToEncodedURIComponent() {
	fmt.Println(lzstring.CompressToEncodedURIComponent("Budi 😀 Santoso"))
	// Output: EIVwJglgBIvBuAB7UDKBDAdgFwPYGdNA
}
