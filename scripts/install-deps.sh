#!/usr/bin/env bash
# Installs the Debian packages FKTP Desk needs to build and test, and nothing
# that is already there. Run as root it installs them with apt-get; run as any
# other user it prints the exact command to run and fails, so `make` stops with
# a clear message instead of a cgo compile error.
#
#   scripts/install-deps.sh          build + run packages (Fyne's cgo, X11, GL)
#   scripts/install-deps.sh test     the above + tools the tests use (pdftotext, zbarimg, and
#                                    Xvfb with openbox for app/winpos's window placement)
#   scripts/install-deps.sh dist     the build packages + the Windows cross compiler
#                                    and what scripts/dist-check.sh runs (make dist)
#   scripts/install-deps.sh bench    the build packages + what `make bench` drives: Xvfb, xdotool,
#                                    ImageMagick, and node/npm when no node is on the PATH
#   scripts/install-deps.sh e2e      the above + what scripts/e2e.sh drives and checks the real
#                                    window with (Xvfb, xdotool, ImageMagick, CUPS with cups-pdf)
set -euo pipefail

build_pkgs=(gcc pkg-config libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev)
test_pkgs=(poppler-utils zbar-tools xvfb openbox)
dist_pkgs=(gcc-mingw-w64-x86-64 xz-utils file make xvfb xdotool wine64)
bench_pkgs=(xvfb xdotool imagemagick)
# xauth and fonts are not needed: Xvfb runs without auth on a private display
# and Fyne draws with its own embedded fonts. x11-utils gives xdpyinfo, with
# which e2e.sh waits for the server.
e2e_pkgs=(xvfb x11-utils xdotool imagemagick cups cups-bsd cups-client printer-driver-cups-pdf)

want=("${build_pkgs[@]}")
case "${1:-}" in
test) want+=("${test_pkgs[@]}") ;;
dist) want+=("${dist_pkgs[@]}") ;;
bench)
	want+=("${bench_pkgs[@]}")
	# A node installed outside Debian's packages (nvm, a tarball) will do.
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
		want+=(nodejs npm)
	fi
	;;
e2e) want+=("${test_pkgs[@]}" "${e2e_pkgs[@]}") ;;
"") ;;
*)
	echo "install-deps: unknown profile ${1} (none, test, dist, bench or e2e)" >&2
	exit 2
	;;
esac

missing=()
for p in "${want[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "install-deps: missing packages ${missing[*]}, and this is not a Debian/Ubuntu system." >&2
	echo "install-deps: install their equivalents with your package manager, then run make again." >&2
	exit 1
fi

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing Debian packages: ${missing[*]}" >&2
	echo "install-deps: run as root:  apt-get update && $cmd" >&2
	exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; an update is cheap next to a failed install.
apt-get update -qq
$cmd
