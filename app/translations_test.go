package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"
)

// Every key the code asks lang.L for must exist in both languages, and the
// two files must offer the same keys: a missing key shows as the key itself
// on a desk screen.
func TestTranslationKeys(t *testing.T) {
	load := func(name string) map[string]string {
		b, err := os.ReadFile(filepath.Join("..", "assets", "translations", name))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return m
	}
	id, en := load("id.json"), load("en.json")

	for k := range id {
		if _, ok := en[k]; !ok {
			t.Errorf("en.json lacks %q", k)
		}
	}
	for k := range en {
		if _, ok := id[k]; !ok {
			t.Errorf("id.json lacks %q", k)
		}
	}

	// Literal keys only: lang.L("kind."+kind) is checked by the training test.
	call := regexp.MustCompile(`lang\.L\("([^"\\]+)"\s*[,)]`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string][]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllSubmatch(b, -1) {
			used[string(m[1])] = append(used[string(m[1])], f)
		}
	}
	// Fyne's own words on our screens: it adds "Quit" to the first menu and
	// translates it with the app's files (scripts/e2e.sh fails on any text
	// Fyne could not translate).
	used["Quit"] = append(used["Quit"], "fyne.io/fyne/v2 main menu")
	if len(used) < 50 {
		t.Fatalf("found only %d keys in the code: is the pattern still right?", len(used))
	}
	var keys []string
	for k := range used {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, ok := id[k]; !ok {
			t.Errorf("id.json lacks %q (used in %v)", k, used[k])
		}
		if _, ok := en[k]; !ok {
			t.Errorf("en.json lacks %q (used in %v)", k, used[k])
		}
	}
}
