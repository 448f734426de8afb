#!/usr/bin/env bash
# Proves what make dist put into dist/ (make dist-check):
#   - every artifact is there under FyneApp.toml's version, and SHA256SUMS holds;
#   - the Windows app is a PE32+ GUI executable whose resources carry the app
#     icon (pixel for pixel) and FyneApp.toml's version (scripts/pecheck), and
#     the check does tell: it rejects fktpctl.exe, which has no resources;
#   - fktpctl and pcare-sim are PE32+ console executables for Windows and
#     static x86-64 ELF for Linux; the Linux fktpctl prints the version;
#   - the Linux package extracts, installs with its own Makefile into a
#     temporary PREFIX and a temporary HOME (user-install), and the installed
#     app, started as its desktop entry says, opens a window under Xvfb titled
#     with the version and creates its database; then it is stopped.
#   - the Windows app needs no DLL beyond Windows' own (a missing
#     libssp-0.dll once stopped it from starting at all), and it runs: under
#     Wine it opens its window, an admin signs in (the audit trail, read by
#     the Linux fktpctl, says so), and closed with Alt+F4 at one place it
#     opens there again (app/winpos through user32).
# Set DIST_CHECK_SCREENSHOT=FILE.png to keep a picture of that window.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}

version=$(sed -n 's/^const Number = "\(.*\)"$/\1/p' version/number.go)
d=dist
app_tar=$d/fktp-desk-$version-linux-amd64.tar.xz
app_exe=$d/fktp-desk-$version-windows-amd64.exe

fail() {
	echo "dist-check: FAIL: $*" >&2
	exit 1
}
ok() { echo "dist-check: ok: $*"; }

tmp=$(mktemp -d)
app_pid= xvfb_pid=
stop() {
	# Only the processes this script started, by their ids.
	[ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
	[ -n "${wineserver:-}" ] && { WINEPREFIX=$tmp/wine "$wineserver" -k 2>/dev/null || true; }
	[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap stop EXIT

for f in "$app_tar" "$app_exe" \
	"$d/fktpctl-$version-linux-amd64" "$d/fktpctl-$version-windows-amd64.exe" \
	"$d/pcare-sim-$version-linux-amd64" "$d/pcare-sim-$version-windows-amd64.exe"; do
	[ -s "$f" ] || fail "$f missing (run make dist; the version is FyneApp.toml's $version)"
done
(cd "$d" && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS does not match"
ok "artifacts for $version present, SHA256SUMS holds"

# --- Windows -----------------------------------------------------------------
expect_file() { # FILE PATTERN
	local got
	got=$(file -b "$1")
	[[ $got == $2 ]] || fail "$1 is \"$got\", want $2"
	ok "$(basename "$1"): $got"
}
expect_file "$app_exe" "PE32+ executable (GUI) x86-64*, for MS Windows*"
expect_file "$d/fktpctl-$version-windows-amd64.exe" "PE32+ executable (console) x86-64*, for MS Windows*"
expect_file "$d/pcare-sim-$version-windows-amd64.exe" "PE32+ executable (console) x86-64*, for MS Windows*"

$GO build -o "$tmp/pecheck" ./scripts/pecheck
"$tmp/pecheck" "$app_exe" || fail "$app_exe lacks the icon or version resource"
if "$tmp/pecheck" "$d/fktpctl-$version-windows-amd64.exe" 2>"$tmp/pecheck.err" ||
	! grep -q "no resources" "$tmp/pecheck.err"; then
	fail "pecheck did not reject fktpctl.exe for its missing resources: the check proves nothing"
fi
ok "pecheck rejects an exe without resources ($(cat "$tmp/pecheck.err"))"

# Windows' own DLLs only: anything else (a MinGW runtime DLL) is not on a
# clinic's PC and the app would not even start.
system_dlls='^(advapi32|comdlg32|gdi32|imm32|kernel32|msvcrt|ole32|oleaut32|opengl32|shell32|user32|winmm|ws2_32|bcrypt|crypt32|ntdll|secur32|dwmapi|shcore|uxtheme|version|setupapi|winspool\.drv|iphlpapi|userenv|netapi32|powrprof)(\.dll)?$'
imports=$(x86_64-w64-mingw32-objdump -p "$app_exe" | sed -n 's/^\s*DLL Name: //p' | sort -u)
[ -n "$imports" ] || fail "cannot read the imports of $app_exe"
foreign=$(echo "$imports" | tr 'A-Z' 'a-z' | grep -Ev "$system_dlls" || true)
[ -z "$foreign" ] || fail "$app_exe needs DLLs a Windows PC does not have: $foreign"
ok "$(basename "$app_exe") imports Windows' own DLLs only: $(echo "$imports" | tr '\n' ' ')"

# --- Linux headless tools ----------------------------------------------------
expect_file "$d/fktpctl-$version-linux-amd64" "ELF 64-bit LSB executable, x86-64*statically linked*"
expect_file "$d/pcare-sim-$version-linux-amd64" "ELF 64-bit LSB executable, x86-64*statically linked*"
out=$("$d/fktpctl-$version-linux-amd64" --version)
[[ $out == "fktpctl $version"* ]] || fail "fktpctl --version says \"$out\", want fktpctl $version…"
ok "fktpctl --version: $out"
"$d/pcare-sim-$version-linux-amd64" -h >/dev/null 2>&1 || fail "pcare-sim -h failed"
ok "pcare-sim runs"

# --- Linux package -----------------------------------------------------------
mkdir "$tmp/pkg" "$tmp/prefix" "$tmp/home" "$tmp/data"
tar -xJf "$app_tar" -C "$tmp/pkg" || fail "$app_tar does not extract"
pkg=$tmp/pkg/fktp # the tarball's one folder, named after the binary
[ -f "$pkg/Makefile" ] || fail "$app_tar has no fktp/Makefile"
make -s -C "$pkg" install PREFIX="$tmp/prefix" >/dev/null || fail "make install PREFIX=… failed"
for f in bin/fktp share/applications/id.fktpdesk.desk.desktop share/pixmaps/id.fktpdesk.desk.png; do
	[ -e "$tmp/prefix/$f" ] || fail "make install did not install $f"
done
[ -x "$tmp/prefix/bin/fktp" ] || fail "installed fktp is not executable"
make -s -C "$pkg" user-install HOME="$tmp/home" >/dev/null || fail "make user-install failed"
desktop=$tmp/home/.local/share/applications/id.fktpdesk.desk.desktop
icon=$tmp/home/.local/share/icons/id.fktpdesk.desk.png
cmp -s "$icon" assets/icon.png || fail "installed icon is not assets/icon.png"
entry() { sed -n "s/^$1=//p" "$desktop"; }
[ "$(entry Name)" = "FKTP Desk" ] || fail "desktop entry Name is \"$(entry Name)\""
[ "$(entry Icon)" = "id.fktpdesk.desk" ] || fail "desktop entry Icon is \"$(entry Icon)\""
[ -n "$(entry Comment)" ] || fail "desktop entry has no Comment"
exec_cmd=$(entry Exec)
[ "$exec_cmd" = "$tmp/home/.local/bin/fktp" ] || fail "desktop entry Exec is \"$exec_cmd\""
[ -x "$exec_cmd" ] || fail "desktop entry Exec $exec_cmd is not an executable"
ok "package installs (PREFIX and user-install): binary, desktop entry (Exec=$exec_cmd), icon = assets/icon.png"

# Start it as the desktop entry says, on a display of its own, with nothing
# of this shell's environment (no FKTP_PCARE_URL: training mode).
n=90
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1366x768x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
env -i PATH=/usr/bin:/bin HOME="$tmp/home" DISPLAY=":$n" LANG=en_US.UTF-8 \
	"$exec_cmd" --data "$tmp/data" >"$tmp/app.log" 2>&1 &
app_pid=$!
if ! win=$(DISPLAY=":$n" timeout 120 xdotool search --sync --onlyvisible --name '^FKTP Desk' | head -n1) || [ -z "$win" ]; then
	cat "$tmp/app.log" >&2
	fail "the installed app showed no window in 120 s"
fi
title=$(DISPLAY=":$n" xdotool getwindowname "$win")
geom=$(DISPLAY=":$n" xdotool getwindowgeometry "$win" | sed -n 's/^ *Geometry: //p')
kill -0 "$app_pid" 2>/dev/null || fail "the app exited"
[[ $title == "FKTP Desk $version"* ]] || fail "window title \"$title\", want FKTP Desk $version…"
[ -s "$tmp/data/fktp.db" ] || fail "the app created no database in its --data folder"
if [ -n "${DIST_CHECK_SCREENSHOT:-}" ] && command -v import >/dev/null; then
	sleep 2 # let the first frame paint
	DISPLAY=":$n" import -window root "$DIST_CHECK_SCREENSHOT"
fi
ok "installed app shows window \"$title\" ($geom) and created $(basename "$tmp/data/fktp.db")"
kill "$app_pid"
wait "$app_pid" 2>/dev/null || true
app_pid=
ok "app stopped"

# --- Windows app, run under Wine ---------------------------------------------
export WINEPREFIX=$tmp/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" DISPLAY=":$n"
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
wineserver=$(command -v wineserver || echo /usr/lib/wine/wineserver64)
[ -x "$wine" ] || fail "no wine64 (scripts/install-deps.sh dist installs it)"
timeout 300 "$wine" wineboot -i >"$tmp/wineboot.log" 2>&1 || fail "wineboot: $(tail -n3 "$tmp/wineboot.log")"
sys32=$WINEPREFIX/drive_c/windows/system32
if [ ! -e "$sys32/bcryptprimitives.dll" ]; then
	# Go's runtime needs ProcessPrng from bcryptprimitives.dll, which every
	# Windows 10 has and Debian's Wine 8.0 lacks: a stand-in for Wine only.
	cat >"$tmp/bcp.c" <<'C'
#include <windows.h>
#include <ntsecapi.h>
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
	while (len > 0) {
		ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
		if (!RtlGenRandom(data, n)) return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
C
	x86_64-w64-mingw32-gcc -shared -O2 -o "$sys32/bcryptprimitives.dll" "$tmp/bcp.c" -ladvapi32 ||
		fail "cannot build the bcryptprimitives stand-in for Wine"
fi
ctl=$d/fktpctl-$version-linux-amd64
env FKTP_KEYRING=off FKTP_ADMIN_PASSWORD=Kl1nik-Sehat-2026 "$ctl" setup --data "$tmp/wdata" --admin-user admin \
	--admin-name "Budi Santoso" --admin-roles front-desk --ppk 0114U163 --facility-name "Klinik Pratama Sehat" \
	>"$tmp/setup.log" 2>&1 || fail "fktpctl setup: $(cat "$tmp/setup.log")"
wdata=$("$wine" winepath -w "$tmp/wdata" 2>/dev/null | tr -d '\r')
start_exe() {
	env FKTP_KEYRING=off LANG=en_US.UTF-8 "$wine" "$app_exe" --data "$wdata" >>"$tmp/wine-app.log" 2>&1 &
	app_pid=$!
	win=$(timeout 120 xdotool search --sync --onlyvisible --name "^FKTP Desk $version" | head -n1) || true
	[ -n "$win" ] || fail "the Windows app showed no window under Wine in 120 s: $(tail -n5 "$tmp/wine-app.log")"
}
exited() {
	for _ in $(seq 100); do kill -0 "$app_pid" 2>/dev/null || return 0; sleep 0.2; done
	return 1
}
start_exe
sleep 3 # the sign-in screen draws, with the keyboard in the username
xdotool windowfocus "$win"
xdotool type --delay 40 admin
xdotool key Tab
xdotool type --delay 40 Kl1nik-Sehat-2026
xdotool key Return
signed_in() { env FKTP_KEYRING=off "$ctl" audit list --data "$tmp/wdata" 2>/dev/null | grep -qE ' admin +signin +ok'; }
for _ in $(seq 100); do signed_in && break; sleep 0.3; done
signed_in || fail "the admin's sign-in in the Windows app is not in the audit trail"
ok "Windows app under Wine: window \"$(xdotool getwindowname "$win")\", the admin signed in"
xdotool windowmove --sync "$win" 120 90
sleep 1
xdotool windowfocus "$win" key alt+F4
exited || fail "the Windows app did not close on Alt+F4"
wait "$app_pid" 2>/dev/null || true
start_exe
at() { xdotool getwindowgeometry "$win" | grep -q "Position: 120,90 "; }
for _ in $(seq 50); do at && break; sleep 0.2; done
at || fail "the Windows app reopened at $(xdotool getwindowgeometry "$win" | sed -n 's/^ *Position: //p'), not where it was closed (120,90)"
ok "Windows app under Wine reopens where it was closed (120,90)"
xdotool windowfocus "$win" key alt+F4
exited || fail "the Windows app did not close on Alt+F4"
wait "$app_pid" 2>/dev/null || true
app_pid=
"$wineserver" -k 2>/dev/null || true
echo "dist-check: all artifacts proven"
