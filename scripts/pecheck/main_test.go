package main

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/josephspurrier/goversioninfo"
)

// testIcon has translucent pixels, which cost rounding on the way through
// the fyne tool's premultiplied RGBA.
func testIcon() *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, 64, 64))
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			img.SetNRGBA(x, y, color.NRGBA{R: uint8(4 * x), G: uint8(4 * y), B: 200, A: uint8(255 - 3*x)})
		}
	}
	return img
}

// syso writes the resource object the fyne tool writes for a Windows
// package, with the same library and fields (package-windows.go), and opens
// it: a COFF object's .rsrc has the layout a linked .exe's has, at RVA 0.
func syso(t *testing.T, icon image.Image, ver, name string) *pe.File {
	t.Helper()
	dir := t.TempDir()
	vi := &goversioninfo.VersionInfo{}
	if icon != nil {
		vi.IconPath = filepath.Join(dir, "app.ico")
		writeICO(t, vi.IconPath, icon)
	}
	vi.StringFileInfo.ProductName = name
	vi.StringFileInfo.ProductVersion = ver
	vi.StringFileInfo.FileDescription = name
	fv, err := goversioninfo.NewFileVersion(ver)
	if err != nil {
		t.Fatal(err)
	}
	vi.FixedFileInfo.FileVersion = fv
	vi.Build()
	vi.Walk()
	out := filepath.Join(dir, "rsrc.syso")
	if err := vi.WriteSyso(out, "amd64"); err != nil {
		t.Fatal(err)
	}
	f, err := pe.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// sysoResources is the resource tree of syso(t, icon, ver, name).
func sysoResources(t *testing.T, icon image.Image, ver, name string) resources {
	t.Helper()
	res, err := readResources(syso(t, icon, ver, name))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// writeICO writes a one-image .ico holding a PNG, as the fyne tool's encoder does.
func writeICO(t *testing.T, path string, img image.Image) {
	t.Helper()
	var p bytes.Buffer
	if err := png.Encode(&p, img); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	sz := img.Bounds().Size()
	binary.Write(&b, binary.LittleEndian, []uint16{0, 1, 1})
	b.Write([]byte{uint8(sz.X), uint8(sz.Y), 0, 0})
	binary.Write(&b, binary.LittleEndian, []uint16{1, 32})
	binary.Write(&b, binary.LittleEndian, []uint32{uint32(p.Len()), 22})
	b.Write(p.Bytes())
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReadsWhatTheFyneToolWrites(t *testing.T) {
	icon := testIcon()
	res := sysoResources(t, icon, "0.1.0.1", "FKTP Desk")
	size, err := checkIcon(res, icon)
	if err != nil {
		t.Fatal(err)
	}
	if size != image.Pt(64, 64) {
		t.Fatalf("icon size %v", size)
	}
	if _, err := checkVersion(res, "0.1.0.1", "FKTP Desk"); err != nil {
		t.Fatal(err)
	}
}

func TestRejects(t *testing.T) {
	icon := testIcon()
	res := sysoResources(t, icon, "0.1.0.1", "FKTP Desk")
	other := testIcon()
	other.SetNRGBA(10, 20, color.NRGBA{A: 255})
	noIcon := sysoResources(t, nil, "0.1.0.1", "FKTP Desk")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"another icon", second(checkIcon(res, other)), "pixel (10,20)"},
		{"a smaller icon", second(checkIcon(res, image.NewNRGBA(image.Rect(0, 0, 32, 32)))), "size"},
		{"no icon", second(checkIcon(noIcon, icon)), "no icon group"},
		{"another version", second(checkVersion(res, "0.2.0.1", "FKTP Desk")), "file version 0.1.0.1, want 0.2.0.1"},
		{"another name", second(checkVersion(res, "0.1.0.1", "Other")), "ProductName"},
		{"no version", second(checkVersion(resources{}, "0.1.0.1", "FKTP Desk")), "no version resource"},
	}
	for _, tt := range tests {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one saying %q", tt.name, tt.err, tt.want)
		}
	}
}

// An object file is not an executable image, so it is not a GUI program.
func TestGUI64NeedsAnImage(t *testing.T) {
	err := checkGUI64(syso(t, testIcon(), "0.1.0.1", "FKTP Desk"))
	if err == nil || !strings.Contains(err.Error(), "PE32+") {
		t.Fatalf("error %v", err)
	}
}

func second[T any](_ T, err error) error { return err }
