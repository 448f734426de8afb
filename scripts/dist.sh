#!/usr/bin/env bash
# Builds into dist/ everything a clinic's IT person installs (make dist):
#   fktp-desk-V-linux-amd64.tar.xz    desktop app: fyne package (binary, desktop entry, icon, Makefile)
#   fktp-desk-V-windows-amd64.exe     desktop app: one .exe with icon and version resource (mingw-w64)
#   fktpctl-V-{linux,windows}-amd64   the admin CLI (CGO_ENABLED=0)
#   pcare-sim-V-{linux,windows}-amd64 the PCare simulator (CGO_ENABLED=0)
#   SHA256SUMS
# V is FyneApp.toml's Version; every binary is stamped with the git commit.
# scripts/dist-check.sh proves the artifacts work.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}

$GO generate ./version
version=$(sed -n 's/^const Number = "\(.*\)"$/\1/p' version/number.go)
ldflags=$(./scripts/version-ldflags.sh)
# Read before anything below touches the tree, so "-dirty" means the sources.

# What fyne package writes into the source tree, and leaves there when a
# build fails. An old ./fktp must go before, too: fyne would package it
# instead of building.
leftovers() {
	rm -f fyne_metadata_init.go fyne.syso fktp fktp.exe fktp.exe.manifest "FKTP Desk.exe" "FKTP Desk.tar.xz"
}
leftovers
rm -rf dist
mkdir -p dist
tmp=$(mktemp -d)
cp FyneApp.toml "$tmp/FyneApp.toml"
# fyne package bumps [Details] Build in FyneApp.toml after every run; the
# build number is the project's to set, so the file is put back.
trap 'cp "$tmp/FyneApp.toml" FyneApp.toml; rm -rf "$tmp"; leftovers' EXIT

timed() {
	local what=$1 t0=$SECONDS
	shift
	"$@"
	echo "dist: $what: $((SECONDS - t0)) s"
}

# The fyne CLI is a tool of this module (go get -tool); built here once for
# this machine, as `go tool fyne` would build it for the target's GOOS.
$GO build -o "$tmp/fyne" fyne.io/tools/cmd/fyne

# fyne package takes linker flags only from GOFLAGS (-ldflags=…, one word).
fyne_package() {
	GOFLAGS="${ldflags:+-ldflags=$ldflags}" "$tmp/fyne" package --release "$@"
	cp "$tmp/FyneApp.toml" FyneApp.toml
}

linux_app() {
	fyne_package --target linux --executable fktp
	fix_icon_install "FKTP Desk.tar.xz" "dist/fktp-desk-$version-linux-amd64.tar.xz"
	rm "FKTP Desk.tar.xz"
}

# fyne-io/tools#139: the package's Makefile installs the icon under $(Icon),
# the desktop entry's name without extension, but the package holds
# $(Icon).png, so `make install` and `make user-install` fail. The tarball is
# repacked with the extension in the Makefile; only when the bug is there, so
# a fixed fyne is left alone (and dist-check installs the package either way).
fix_icon_install() { # IN.tar.xz OUT.tar.xz
	local dir=$tmp/linux-pkg mk icon pixmaps
	mkdir "$dir"
	tar -xJf "$1" -C "$dir"
	mk=$dir/fktp/Makefile
	icon=$(sed -n 's/^Icon := "\(.*\)"$/\1/p' "$mk")
	pixmaps=$(dirname "$(find "$dir/fktp/usr" -path '*/share/pixmaps/*' -print -quit)")
	if [ ! -e "$pixmaps/$icon" ] && [ -e "$pixmaps/$icon.png" ]; then
		sed -i 's,/$(Icon),/$(Icon).png,g' "$mk"
	fi
	tar -C "$dir" --owner=0 --group=0 --numeric-owner -cJf "$2" fktp
	rm -rf "$dir"
}

windows_app() {
	# fyne builds a Windows app twice (once plain, once with the icon and
	# version resource) unless the executable already exists, and the second
	# build has lost GOFLAGS' -ldflags to the first. An empty placeholder
	# makes the one build with the resource also the one with the commit.
	: >fktp.exe
	CC=x86_64-w64-mingw32-gcc CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CGO_LDFLAGS=-l:libssp.a \
		fyne_package --target windows --executable fktp.exe
	mv "FKTP Desk.exe" "dist/fktp-desk-$version-windows-amd64.exe"
}

headless() {
	local os cmd ext
	for os in linux windows; do
		ext=
		[ "$os" = windows ] && ext=.exe
		for cmd in fktpctl pcare-sim; do
			CGO_ENABLED=0 GOOS=$os GOARCH=amd64 $GO build -trimpath -ldflags "-s -w $ldflags" \
				-o "dist/$cmd-$version-$os-amd64$ext" "./cmd/$cmd"
		done
	done
}

timed "fktpctl and pcare-sim, linux+windows" headless
timed "desktop app, linux package" linux_app
timed "desktop app, windows exe" windows_app
(cd dist && sha256sum -- * >SHA256SUMS)
ls -l dist
