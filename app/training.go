package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Sample is a participant of the training simulator a trainee can type in.
type Sample struct {
	Kind    string // one of the simulator's kinds, e.g. "active-here"
	NoKartu string
	NIK     string
	Nama    string
}

// Training describes the built-in simulator the app runs against.
type Training struct {
	// Kinds lists the participant kinds in the order to show them.
	Kinds []string
	// Samples returns up to n participants of a kind.
	Samples func(kind string, n int) []Sample
}

// TrainingBanner is the "Mode Latihan" bar across the top of the window.
type TrainingBanner struct {
	Container   *fyne.Container
	Label       *widget.Label
	SamplesBtn  *Button
	SamplesList *fyne.Container // filled when the samples dialog is open
}

// bannerColor is amber: it must read as "not real" at a glance, on light
// and dark themes alike.
var bannerColor = color.NRGBA{R: 0xff, G: 0xc1, B: 0x07, A: 0xff}

func newTrainingBanner(w fyne.Window, t *Training) *TrainingBanner {
	b := &TrainingBanner{}
	b.Label = widget.NewLabelWithStyle(lang.L("training.banner"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	b.SamplesBtn = newButtonWithIcon(lang.L("training.samples"), theme.AccountIcon(), func() { b.showSamples(w, t) })
	bg := canvas.NewRectangle(bannerColor)
	b.Container = container.NewStack(bg, onAmber(container.NewBorder(nil, nil, nil, b.SamplesBtn, b.Label)))
	return b
}

// showSamples lists a few participants of each kind, with buttons that copy
// a number to the clipboard so a trainee can paste it into any screen.
func (b *TrainingBanner) showSamples(w fyne.Window, t *Training) {
	rows := container.NewVBox()
	for _, kind := range t.Kinds {
		rows.Add(widget.NewLabelWithStyle(lang.L("kind."+kind), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, s := range t.Samples(kind, 3) {
			rows.Add(sampleRow(s))
		}
	}
	b.SamplesList = rows
	scroll := container.NewVScroll(rows)
	scroll.SetMinSize(fyne.NewSize(640, 420))
	d := dialog.NewCustom(lang.L("training.samples.title"), lang.L("common.close"),
		container.NewBorder(widget.NewLabel(lang.L("training.samples.hint")), nil, nil, nil, scroll), w)
	showDialog(w, d)
}

func sampleRow(s Sample) fyne.CanvasObject {
	copyBtn := func(v string) *Button {
		return newButtonWithIcon("", theme.ContentCopyIcon(), func() {
			fyne.CurrentApp().Clipboard().SetContent(v)
		})
	}
	noka := widget.NewLabel(s.NoKartu)
	noka.Selectable = true
	nik := widget.NewLabel(s.NIK)
	nik.Selectable = true
	return container.NewHBox(
		noka, copyBtn(s.NoKartu),
		nik, copyBtn(s.NIK),
		widget.NewLabel(s.Nama),
	)
}

// lightVariant draws its content as the light theme would, whatever the
// desktop's variant: the amber banners need dark text and light buttons
// to stay readable on a dark desktop too.
type lightVariant struct{ fyne.Theme }

func (t lightVariant) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, theme.VariantLight)
}

func onAmber(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewThemeOverride(o, lightVariant{theme.DefaultTheme()})
}
