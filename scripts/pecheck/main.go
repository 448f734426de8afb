// Command pecheck proves that a Windows executable of the desktop app is what
// make dist promises: a 64-bit GUI program whose resources carry FKTP Desk's
// icon (pixel for pixel assets/icon.png) and the version from FyneApp.toml.
// It reads the PE resource tree itself (debug/pe has no resource reader), so
// a missing or foreign icon or version fails it. scripts/dist-check.sh runs it.
//
//	go run ./scripts/pecheck FILE.exe
package main

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"

	"fktpdesk/version/fyneapp"
)

// Resource types and the PE subsystem number of a GUI program.
const (
	rtIcon      = 3
	rtGroupIcon = 14
	rtVersion   = 16

	subsystemGUI = 2
)

func main() {
	fyneApp := flag.String("fyneapp", fyneapp.Path(), "FyneApp.toml the version and icon come from")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: pecheck [-fyneapp FyneApp.toml] FILE.exe")
		os.Exit(2)
	}
	if err := check(flag.Arg(0), *fyneApp); err != nil {
		fmt.Fprintf(os.Stderr, "pecheck: %s: %s\n", flag.Arg(0), strings.ReplaceAll(err.Error(), "\n", "; "))
		os.Exit(1)
	}
}

func check(exe, fyneApp string) error {
	meta, err := fyneapp.Load(fyneApp)
	if err != nil {
		return err
	}
	icon, err := decodePNGFile(filepath.Join(filepath.Dir(fyneApp), meta.Details.Icon))
	if err != nil {
		return err
	}
	f, err := pe.Open(exe)
	if err != nil {
		return err
	}
	defer f.Close()
	// Every problem is named, not only the first.
	guiErr := checkGUI64(f)
	res, err := readResources(f)
	if err != nil {
		return errors.Join(guiErr, err)
	}
	size, iconErr := checkIcon(res, icon)
	v, versionErr := checkVersion(res, meta.WindowsVersion(), meta.Details.Name)
	if err := errors.Join(guiErr, iconErr, versionErr); err != nil {
		return err
	}
	fmt.Printf("%s: PE32+ x86-64 GUI; icon %dx%d = %s; version %s, product %q\n",
		exe, size.X, size.Y, meta.Details.Icon, v, meta.Details.Name)
	return nil
}

func checkGUI64(f *pe.File) error {
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		return fmt.Errorf("machine %#x, not x86-64", f.Machine)
	}
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok {
		return errors.New("not a PE32+ image")
	}
	if oh.Subsystem != subsystemGUI {
		return fmt.Errorf("subsystem %d, not a GUI program (a console window would open with the app)", oh.Subsystem)
	}
	return nil
}

// resources is a PE resource tree flattened to type → ID → data, taking the
// first language of each; named (non-numeric) entries are left out.
type resources map[uint32]map[uint32][]byte

func readResources(f *pe.File) (resources, error) {
	s := f.Section(".rsrc")
	if s == nil {
		return nil, errors.New("no .rsrc section: the executable has no resources")
	}
	sec, err := s.Data()
	if err != nil {
		return nil, err
	}
	if len(sec) > int(s.VirtualSize) && s.VirtualSize > 0 {
		sec = sec[:s.VirtualSize]
	}
	r := resources{}
	types, err := resourceDir(sec, 0)
	if err != nil {
		return nil, err
	}
	for typ, off := range types {
		ids, err := resourceDir(sec, off)
		if err != nil {
			return nil, err
		}
		r[typ] = map[uint32][]byte{}
		for id, off := range ids {
			langs, err := resourceDir(sec, off)
			if err != nil {
				return nil, err
			}
			for _, off := range langs {
				data, err := resourceData(sec, off, s.VirtualAddress)
				if err != nil {
					return nil, err
				}
				r[typ][id] = data
				break
			}
		}
	}
	return r, nil
}

// resourceDir reads the IMAGE_RESOURCE_DIRECTORY at off and returns its
// numeric entries: ID → offset of the subdirectory or data entry (the
// subdirectory bit cleared).
func resourceDir(sec []byte, off uint32) (map[uint32]uint32, error) {
	if uint64(off)+16 > uint64(len(sec)) {
		return nil, fmt.Errorf("resource directory at %#x outside the section", off)
	}
	named := binary.LittleEndian.Uint16(sec[off+12:])
	ids := binary.LittleEndian.Uint16(sec[off+14:])
	out := map[uint32]uint32{}
	for i := uint32(0); i < uint32(named)+uint32(ids); i++ {
		e := off + 16 + 8*i
		if uint64(e)+8 > uint64(len(sec)) {
			return nil, fmt.Errorf("resource entry at %#x outside the section", e)
		}
		name := binary.LittleEndian.Uint32(sec[e:])
		if name&0x80000000 != 0 {
			continue
		}
		out[name] = binary.LittleEndian.Uint32(sec[e+4:]) &^ 0x80000000
	}
	return out, nil
}

// resourceData reads the IMAGE_RESOURCE_DATA_ENTRY at off; its data address
// is an RVA, so the section's own RVA (base) is subtracted.
func resourceData(sec []byte, off, base uint32) ([]byte, error) {
	if uint64(off)+16 > uint64(len(sec)) {
		return nil, fmt.Errorf("resource data entry at %#x outside the section", off)
	}
	rva := binary.LittleEndian.Uint32(sec[off:])
	size := binary.LittleEndian.Uint32(sec[off+4:])
	start := uint64(rva) - uint64(base)
	if rva < base || start+uint64(size) > uint64(len(sec)) {
		return nil, fmt.Errorf("resource data at RVA %#x (%d bytes) outside the section", rva, size)
	}
	return sec[start : start+uint64(size)], nil
}

// checkIcon finds the icon group and compares its largest image with want.
func checkIcon(r resources, want image.Image) (image.Point, error) {
	groups := r[rtGroupIcon]
	if len(groups) == 0 {
		return image.Point{}, errors.New("no icon group resource (RT_GROUP_ICON): Windows would show a generic icon")
	}
	var best image.Image
	for _, g := range groups {
		// GRPICONDIR: reserved, type (1 = icon), count; then 14-byte entries
		// ending in the RT_ICON ID.
		if len(g) < 6 || binary.LittleEndian.Uint16(g[2:]) != 1 {
			return image.Point{}, errors.New("malformed icon group")
		}
		n := int(binary.LittleEndian.Uint16(g[4:]))
		if len(g) < 6+14*n {
			return image.Point{}, errors.New("icon group shorter than its entries")
		}
		for i := 0; i < n; i++ {
			id := uint32(binary.LittleEndian.Uint16(g[6+14*i+12:]))
			data, ok := r[rtIcon][id]
			if !ok {
				return image.Point{}, fmt.Errorf("icon group names icon %d, which is missing", id)
			}
			if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
				continue // a BMP image; the fyne tool writes PNG
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				return image.Point{}, fmt.Errorf("icon %d: %w", id, err)
			}
			if best == nil || img.Bounds().Dx() > best.Bounds().Dx() {
				best = img
			}
		}
	}
	if best == nil {
		return image.Point{}, errors.New("icon group has no PNG image")
	}
	if err := samePixels(best, want); err != nil {
		return image.Point{}, fmt.Errorf("embedded icon is not the app's icon: %w", err)
	}
	return best.Bounds().Size(), nil
}

// samePixels compares premultiplied colours, allowing the rounding of one
// 8-bit step that a trip through premultiplied RGBA costs a translucent pixel.
func samePixels(got, want image.Image) error {
	gb, wb := got.Bounds(), want.Bounds()
	if gb.Size() != wb.Size() {
		return fmt.Errorf("size %v, want %v", gb.Size(), wb.Size())
	}
	for y := 0; y < gb.Dy(); y++ {
		for x := 0; x < gb.Dx(); x++ {
			g := color.RGBAModel.Convert(got.At(gb.Min.X+x, gb.Min.Y+y)).(color.RGBA)
			w := color.RGBAModel.Convert(want.At(wb.Min.X+x, wb.Min.Y+y)).(color.RGBA)
			if diff(g.R, w.R) > 1 || diff(g.G, w.G) > 1 || diff(g.B, w.B) > 1 || diff(g.A, w.A) > 1 {
				return fmt.Errorf("pixel (%d,%d) is %v, want %v", x, y, g, w)
			}
		}
	}
	return nil
}

func diff(a, b uint8) uint8 {
	if a > b {
		return a - b
	}
	return b - a
}

func decodePNGFile(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return png.Decode(f)
}

// checkVersion reads VS_VERSIONINFO and requires the fixed file and product
// versions and the ProductVersion and ProductName strings to be want and name.
func checkVersion(r resources, want, name string) (string, error) {
	var data []byte
	for _, d := range r[rtVersion] {
		data = d
	}
	if data == nil {
		return "", errors.New("no version resource (RT_VERSION)")
	}
	root, err := parseVersionBlock(data)
	if err != nil {
		return "", err
	}
	if root.key != "VS_VERSION_INFO" || len(root.value) < 52 || binary.LittleEndian.Uint32(root.value) != 0xFEEF04BD {
		return "", errors.New("version resource without VS_FIXEDFILEINFO")
	}
	fixed := func(off int) string {
		ms, ls := binary.LittleEndian.Uint32(root.value[off:]), binary.LittleEndian.Uint32(root.value[off+4:])
		return fmt.Sprintf("%d.%d.%d.%d", ms>>16, ms&0xffff, ls>>16, ls&0xffff)
	}
	if got := fixed(8); got != want {
		return "", fmt.Errorf("file version %s, want %s (FyneApp.toml)", got, want)
	}
	if got := fixed(16); got != want {
		return "", fmt.Errorf("product version %s, want %s (FyneApp.toml)", got, want)
	}
	strs := map[string]string{}
	for _, c := range root.children {
		if c.key != "StringFileInfo" {
			continue
		}
		for _, table := range c.children {
			for _, s := range table.children {
				strs[s.key] = s.text()
			}
		}
	}
	if strs["ProductVersion"] != want {
		return "", fmt.Errorf("ProductVersion string %q, want %q", strs["ProductVersion"], want)
	}
	if strs["ProductName"] != name {
		return "", fmt.Errorf("ProductName string %q, want %q", strs["ProductName"], name)
	}
	return want, nil
}

// versionBlock is one node of VS_VERSIONINFO: a key, a value (binary, or
// UTF-16 text when isText) and children.
type versionBlock struct {
	key      string
	value    []byte
	isText   bool
	children []versionBlock
}

func (b versionBlock) text() string {
	u := make([]uint16, 0, len(b.value)/2)
	for i := 0; i+1 < len(b.value); i += 2 {
		c := binary.LittleEndian.Uint16(b.value[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}

// parseVersionBlock parses a block (wLength, wValueLength, wType, szKey,
// padding, Value, padding, Children) from the start of b; every part starts
// on a 4-byte boundary of the resource, which b's start is.
func parseVersionBlock(b []byte) (versionBlock, error) {
	var blk versionBlock
	if len(b) < 6 {
		return blk, errors.New("version block truncated")
	}
	length := int(binary.LittleEndian.Uint16(b))
	valueLen := int(binary.LittleEndian.Uint16(b[2:]))
	blk.isText = binary.LittleEndian.Uint16(b[4:]) == 1
	if length < 6 || length > len(b) {
		return blk, fmt.Errorf("version block length %d of %d bytes", length, len(b))
	}
	b = b[:length]
	pos := 6
	var key []uint16
	for {
		if pos+2 > len(b) {
			return blk, errors.New("version block key not terminated")
		}
		c := binary.LittleEndian.Uint16(b[pos:])
		pos += 2
		if c == 0 {
			break
		}
		key = append(key, c)
	}
	blk.key = string(utf16.Decode(key))
	pos = align4(pos)
	if blk.isText {
		valueLen *= 2 // counted in UTF-16 units
	}
	if pos+valueLen > len(b) {
		return blk, fmt.Errorf("version block %q value overruns it", blk.key)
	}
	blk.value = b[pos : pos+valueLen]
	pos = align4(pos + valueLen)
	for pos < len(b) {
		c, err := parseVersionBlock(b[pos:])
		if err != nil {
			return blk, fmt.Errorf("%s: %w", blk.key, err)
		}
		blk.children = append(blk.children, c)
		pos = align4(pos + int(binary.LittleEndian.Uint16(b[pos:])))
	}
	return blk, nil
}

func align4(n int) int { return (n + 3) &^ 3 }
