// Package assets holds the files FKTP Desk embeds in its binary: the icon and
// the UI translations. It has no code that depends on Fyne, so headless tools
// may import it too.
package assets

import (
	"embed"
	_ "embed"
)

// Icon is the application icon (PNG, 512×512).
//
//go:embed icon.png
var Icon []byte

// Translations holds one JSON file per language (id.json, en.json) in the
// format of fyne.io/fyne/v2/lang: a flat object from key to text.
//
//go:embed translations/*.json
var Translations embed.FS
