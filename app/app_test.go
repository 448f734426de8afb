package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func init() {
	// The desk reads Indonesian whatever the machine's locale, as main
	// sets it up.
	if err := LoadTranslations("id"); err != nil {
		panic(err)
	}
}

// The chosen language is shown whatever the system's locale, also one Fyne
// has its own translations for (German here): on Windows Fyne follows the
// regional format, and an English or other Windows must still show Bahasa
// Indonesia — Fyne's words and ours alike. FKTP_LANG=en gives English.
func TestUILanguageIsTheChosenOne(t *testing.T) {
	t.Cleanup(func() {
		if err := LoadTranslations("id"); err != nil {
			t.Fatal(err)
		}
	})
	t.Setenv("LANGUAGE", "de")
	t.Setenv("LC_ALL", "de_DE.UTF-8")
	if got := lang.SystemLocale().LanguageString(); got != "de-DE" && got != "de" {
		t.Fatalf("the test's system locale is %q, not German", got)
	}
	if err := LoadTranslations("id"); err != nil {
		t.Fatal(err)
	}
	if got, fyneWord := lang.L("common.cancel"), lang.L("Cancel"); got != "Batal" || fyneWord != "Batal" {
		t.Fatalf("Indonesian on a German system: %q, Fyne's %q", got, fyneWord)
	}
	if err := LoadTranslations("en"); err != nil {
		t.Fatal(err)
	}
	if got, fyneWord := lang.L("common.cancel"), lang.L("Cancel"); got != "Cancel" || fyneWord != "Cancel" {
		t.Fatalf("English on a German system: %q, Fyne's %q", got, fyneWord)
	}
	if err := LoadTranslations("jv"); err == nil {
		t.Fatal("a language without a translation was accepted")
	}
}

func TestMainWindowTitleAndNoBannerInProduction(t *testing.T) {
	st := newStack(t)
	m := st.window(t, st.deps())
	if got := m.Window.Title(); got != "FKTP Desk" {
		t.Fatalf("title %q", got)
	}
	if m.Banner != nil {
		t.Fatal("production mode shows the training banner")
	}
}

func TestMainWindowTitleShowsVersion(t *testing.T) {
	st := newStack(t)
	d := st.deps()
	d.Version = "0.1.0+7104377b2d94"
	m := st.window(t, d)
	if got := m.Window.Title(); got != "FKTP Desk 0.1.0+7104377b2d94" {
		t.Fatalf("title %q", got)
	}
}

func TestTrainingBannerAndSamples(t *testing.T) {
	st := newStack(t)
	asked := map[string]int{}
	tr := &Training{
		Kinds: []string{"active-here", "inactive-pbi"},
		Samples: func(kind string, n int) []Sample {
			asked[kind] = n
			return []Sample{{Kind: kind, NoKartu: "000100000000" + map[string]string{"active-here": "1", "inactive-pbi": "2"}[kind], NIK: "3201014101900001", Nama: "Siti " + kind}}
		},
	}
	d := st.deps()
	d.Training = tr
	m := st.window(t, d)
	a := fyne.CurrentApp()
	if m.Banner == nil {
		t.Fatal("training mode without a banner")
	}
	// A missing translation shows the key itself.
	if txt := m.Banner.Label.Text; txt == "training.banner" || !strings.Contains(txt, "LATIHAN") && !strings.Contains(txt, "TRAINING") {
		t.Fatalf("banner text %q", m.Banner.Label.Text)
	}
	test.Tap(m.Banner.SamplesBtn)
	if asked["active-here"] == 0 || asked["inactive-pbi"] == 0 {
		t.Fatalf("samples not asked for every kind: %v", asked)
	}
	texts := labelsIn(m.Banner.SamplesList)
	for _, want := range []string{"0001000000001", "0001000000002", "Siti inactive-pbi", lang.L("kind.inactive-pbi")} {
		if !contains(texts, want) {
			t.Errorf("samples dialog lacks %q; has %v", want, texts)
		}
	}
	// The copy button next to a card number puts it on the clipboard.
	var copied bool
	walk(m.Banner.SamplesList, func(o fyne.CanvasObject) {
		if b, ok := asButton(o); ok && !copied {
			test.Tap(b)
			copied = true
		}
	})
	if got := a.Clipboard().Content(); got != "0001000000001" {
		t.Fatalf("clipboard %q", got)
	}
}

func labelsIn(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	})
	return out
}

func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	if c, ok := o.(*fyne.Container); ok {
		for _, ch := range c.Objects {
			walk(ch, f)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
