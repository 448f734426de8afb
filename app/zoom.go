package app

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Text size: the whole window zooms (text, padding, icons together, so
// nothing overlaps), from 80% to 200%, remembered for the next start. The
// light or dark variant still follows the system.
const (
	zoomPref = "ui.zoom"
	zoomMin  = 0.8
	zoomMax  = 2.0
	zoomStep = 0.1
)

// zoomTheme is the default theme with every size scaled.
type zoomTheme struct {
	fyne.Theme
	scale float32
}

func (z zoomTheme) Size(n fyne.ThemeSizeName) float32 { return z.Theme.Size(n) * z.scale }

// applyZoom sets the app's zoom from its preference.
func applyZoom(a fyne.App) {
	setZoom(a, a.Preferences().FloatWithFallback(zoomPref, 1))
}

// setZoom sets and remembers the zoom, clamped and rounded to a step.
func setZoom(a fyne.App, z float64) float64 {
	z = math.Round(math.Min(zoomMax, math.Max(zoomMin, z))*10) / 10
	a.Preferences().SetFloat(zoomPref, z)
	if z == 1 {
		a.Settings().SetTheme(theme.DefaultTheme())
	} else {
		a.Settings().SetTheme(zoomTheme{Theme: theme.DefaultTheme(), scale: float32(z)})
	}
	return z
}

// zoomBy changes the zoom by d (0 resets it).
func zoomBy(a fyne.App, d float64) float64 {
	if d == 0 {
		return setZoom(a, 1)
	}
	return setZoom(a, a.Preferences().FloatWithFallback(zoomPref, 1)+d)
}
