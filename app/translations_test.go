package app

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
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
	// Fyne's own words on our screens (the "Quit" it adds to the first
	// menu, dialog buttons, the calendar's days, a field's right-click
	// menu) are looked up in the app's files: Fyne has no Indonesian.
	// scripts/e2e.sh also fails on any text Fyne could not translate.
	for _, k := range fyneKeys(t) {
		used[k] = append(used[k], "fyne.io/fyne/v2")
	}
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

// fyneKeys lists the keys of Fyne's own English translations, read from
// the Fyne module this build uses.
func fyneKeys(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "fyne.io/fyne/v2").Output()
	if err != nil {
		t.Fatalf("locating Fyne: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "lang", "translations", "base.en.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if _, ok := m["Quit"]; !ok {
		t.Fatalf("Fyne's base.en.json has no Quit: %d keys", len(m))
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}
