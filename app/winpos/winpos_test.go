package winpos

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"fyne.io/fyne/v2/test"
)

func TestPlacementText(t *testing.T) {
	for _, p := range []Placement{
		{X: 120, Y: 80},
		{X: 120, Y: 80, Maximized: true},
		{X: -1280, Y: 0},
		{X: 0, Y: -40, Maximized: true},
		{X: maxCoord, Y: -maxCoord},
	} {
		got, err := Parse(p.String())
		if err != nil || got != p {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", p.String(), got, err, p)
		}
	}
	if s := (Placement{X: 120, Y: 80, Maximized: true}).String(); s != "120,80,max" {
		t.Errorf("String = %q, want 120,80,max (the stored format must not change)", s)
	}
}

func TestParseRejectsGarbage(t *testing.T) {
	for _, s := range []string{
		"", ",", "120", "120,", ",80", "120,80,", "120,80,MAX", "120,80,min", "120,80,max,1",
		"a,b", "120, 80", " 120,80", "1.5,2", "0x10,2", "120;80",
		"100001,0", "0,-100001", "99999999999999999999999,0",
	} {
		if p, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", s, p)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"120,80", "120,80,max", "-5,-7", "", "1,2,3", "9999999999,1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			return
		}
		if back, err := Parse(p.String()); err != nil || back != p {
			t.Fatalf("Parse(%q) = %+v, but its String %q reads back as %+v, %v", s, p, p.String(), back, err)
		}
	})
}

// native is a window that hands RunNative the context a Fyne driver would.
type native struct {
	fyne.Window
	ctx any
}

func (w native) RunNative(f func(any)) { f(w.ctx) }

func TestUnsupportedWindows(t *testing.T) {
	for name, w := range map[string]fyne.Window{
		"Fyne's test driver":      test.NewTempWindow(t, nil),
		"Wayland":                 native{ctx: driver.WaylandWindowContext{WaylandSurface: 1}},
		"macOS":                   native{ctx: driver.MacWindowContext{NSWindow: 1}},
		"X11 before Show":         native{ctx: driver.X11WindowContext{}},
		"Windows before Show":     native{ctx: driver.WindowsWindowContext{}},
		"a driver's unknown type": native{ctx: driver.UnknownContext{}},
	} {
		if p, err := Get(w); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: Get = %+v, %v; want ErrUnsupported", name, p, err)
		}
		if err := Set(w, Placement{X: 10, Y: 10, Maximized: true}); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: Set = %v; want ErrUnsupported", name, err)
		}
	}
}
