#!/usr/bin/env bash
# End-to-end test of FKTP Desk in a real X window (issue #8, point 4).
#
# It runs the real bin/fktp in training mode on a fresh data folder under
# Xvfb, drives it with xdotool the way a clinic would on its first day, and
# after each step checks what should have happened through the app's data
# (bin/fktpctl against the same --data), the training simulator's write
# journal (<data>/simulator-state.jsonl) and the letter printed to a PDF
# printer (a private CUPS with the cups-pdf backend). A screenshot of each
# step goes to docs/screens/, in Indonesian, the app's default language.
#
#   scripts/e2e.sh            (make e2e)
#   E2E_KEEP=1 scripts/e2e.sh keep the work folder (app log, data, PDFs) after a pass too
#   E2E_SCREENS=DIR           write the screenshots to DIR instead of docs/screens
#
# It must run as root: it installs its Debian packages, and the cups-pdf
# backend only runs as root. Nothing of this machine's own X server, CUPS or
# Fyne settings is used or changed: the X display is a free one Xvfb picks,
# CUPS is a private instance on a socket in the work folder, the app's HOME
# is in the work folder too. The only file written outside it is the
# cups-pdf instance configuration /etc/cups/cups-pdf-<instance>.conf (the
# backend reads it from there only), removed at exit; where AppArmor keeps
# cups-pdf from reading it, the letter is printed to cups-pdf's configured
# folder instead (~root/PDF by default) and removed from there at exit.
#
# Waits poll for a state (a log line, a database row, a file) and give up
# after a bound; clicks use coordinates of the 1366x768 layout, the keyboard
# is used wherever the app supports it.
set -eEuo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SHOTS=${E2E_SCREENS:-$ROOT/docs/screens}
KEEP=${E2E_KEEP:-}
PRINTER=FKTP_E2E_PDF
PPD=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd

STEP=prepare
APP_PID= CUPSD_PID= XVFB_PID= WORK= CUPSPDF_CONF= W= printed_pdf= made_pdfdir= PDFDIR=

log() { printf 'e2e: %s\n' "$*"; }

step() {
	STEP=$1
	log "[$STEP] $2 (at ${SECONDS}s)"
}

# fail says which step failed and why, keeps a screenshot of the moment and
# the work folder, and stops the run.
fail() {
	trap - ERR
	echo "e2e: FAILED in step '$STEP': $*" >&2
	if [ -n "$WORK" ] && [ -n "${DISPLAY:-}" ]; then
		timeout 20 import -window root "$WORK/FAILED-$STEP.png" 2>/dev/null &&
			echo "e2e: the screen at the failure: $WORK/FAILED-$STEP.png" >&2
	fi
	if [ -n "$WORK" ] && [ -s "$WORK/app.log" ]; then
		echo "e2e: last lines of the app's log ($WORK/app.log):" >&2
		tail -n 15 "$WORK/app.log" | cut -c1-300 >&2
	fi
	exit 1
}

# stop ends a process this script started: TERM, then KILL after 10 s.
stop() {
	local pid=$1
	[ -n "$pid" ] || return 0
	kill -0 "$pid" 2>/dev/null || {
		wait "$pid" 2>/dev/null || true
		return 0
	}
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

cleanup() {
	local rc=$?
	trap - EXIT ERR
	stop "$APP_PID"
	stop "$CUPSD_PID"
	stop "$XVFB_PID"
	[ -n "$CUPSPDF_CONF" ] && rm -f "$CUPSPDF_CONF"
	case "$printed_pdf" in "$WORK"/* | "") ;; *) rm -f "$printed_pdf" ;; esac
	[ -n "$made_pdfdir" ] && rmdir "$PDFDIR" 2>/dev/null
	if [ -n "$WORK" ]; then
		if [ "$rc" -ne 0 ] || [ -n "$KEEP" ]; then
			log "work folder kept: $WORK"
		else
			rm -rf "$WORK"
		fi
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'fail "interrupted"' INT TERM
trap 'fail "command failed: $BASH_COMMAND"' ERR

# wait_for DESC SECONDS CMD...: polls CMD until it succeeds.
wait_for() {
	local desc=$1 secs=$2
	shift 2
	local end=$(($(date +%s) + secs))
	while ! "$@" >/dev/null 2>&1; do
		if [ -n "$APP_PID" ] && ! kill -0 "$APP_PID" 2>/dev/null; then
			fail "the app exited while waiting for $desc"
		fi
		[ "$(date +%s)" -lt "$end" ] || fail "no $desc after ${secs}s"
		sleep 0.3
	done
}

# The app's log is where the UI's background work shows: every PCare
# request is logged with its path. mark notes where the log is; wait_log
# waits for a line after the mark.
MARK=0
mark() { MARK=$(wc -l <"$WORK/app.log"); }
log_has() { tail -n "+$((MARK + 1))" "$WORK/app.log" | grep -qE -- "$1"; }
wait_log() { wait_for "$2 (log line /$1/)" "${3:-30}" log_has "$1"; }

# ctl runs fktpctl; with $D (--data=<the app's folder>) it reads what the
# app wrote, while the app runs (reads only: the database is in WAL mode,
# so they do not block the app).
ctl() {
	env -i PATH="$PATH" HOME="$WORK/home" FKTP_KEYRING=off "$ROOT/bin/fktpctl" "$@"
}
ctl_has() {
	local pattern=$1
	shift
	ctl "$@" 2>/dev/null | grep -qE -- "$pattern"
}
journal_has() { grep -qF -- "$1" "$DATA/simulator-state.jsonl" 2>/dev/null; }

# --- the keyboard, the mouse and the screen ---------------------------------

type_text() { xdotool type --delay 30 -- "$1"; }
key() { xdotool key --delay 80 "$@"; }
# (No "mousemove --sync": it waits 15 s when the pointer is already there.)
click() {
	xdotool mousemove "$1" "$2" sleep 0.15 click 1
	sleep 0.3
}
# park moves the pointer where it hovers over nothing, so no button shows
# its hover colour in a screenshot.
park() { xdotool mousemove 300 49; }
pause() { sleep "${1:-0.6}"; }

# shot NAME takes a screenshot of the whole 1366x768 screen. Metadata with
# dates is left out so an unchanged screen gives an unchanged file.
shot() {
	park
	pause 0.8
	timeout 30 import -window root -strip -define png:exclude-chunks=date,time "$WORK/screens/$1.png" ||
		fail "screenshot $1"
}

# drawn X Y W H: the region shows more than a flat background, i.e. the
# screen that has a widget there is up.
drawn() {
	local n
	n=$(timeout 30 import -window root -crop "${3}x${4}+${1}+${2}" +repage -format '%k' info:- 2>/dev/null) || return 1
	[ "${n:-0}" -gt 3 ]
}

# pixel X Y is the colour at X,Y as RRGGBB (000000 where no window draws).
pixel() { timeout 30 import -window root -crop "1x1+${1}+${2}" +repage -format '%[hex:p{0,0}]' info:- 2>/dev/null | cut -c1-6; }

# ---------------------------------------------------------------------------

[ "$(id -u)" -eq 0 ] || {
	echo "e2e: run as root: it installs Debian packages, and CUPS runs the cups-pdf backend as root only" >&2
	exit 1
}

step deps "packages (scripts/install-deps.sh e2e) and binaries (make build)"
./scripts/install-deps.sh e2e
make --no-print-directory build
[ -f "$PPD" ] || fail "no cups-pdf PPD at $PPD (package printer-driver-cups-pdf)"

WORK=$(mktemp -d /tmp/fktp-e2e.XXXXXX)
chmod 755 "$WORK"
DATA=$WORK/data
D=--data=$DATA
mkdir -p "$WORK/screens" "$WORK/home/.cache" "$WORK/home/.config" "$WORK/run" "$WORK/tmp"
chmod 700 "$WORK/run"
touch "$WORK/app.log"
log "work folder $WORK"

step xvfb "X server at 1366x768x24 on a free display"
Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp -noreset 3>"$WORK/display" >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
wait_for "display number from Xvfb" 30 test -s "$WORK/display"
DISPLAY=:$(head -n1 "$WORK/display")
export DISPLAY
wait_for "answer from the X server $DISPLAY" 30 xdpyinfo
log "X display $DISPLAY"

step cups "private CUPS with a cups-pdf printer"
CUPS=$WORK/cups
mkdir -p "$CUPS/tmp" "$CUPS/log" "$CUPS/pdf" "$CUPS/spool-pdf"
# The filters run as lp and write their temporary files here.
chgrp lp "$CUPS/tmp"
chmod 1770 "$CUPS/tmp"
cat >"$CUPS/cupsd.conf" <<EOF
Listen $CUPS/cups.sock
LogLevel info
# Queries too (lpstat): the script sees the printing tab ask for printers.
AccessLogLevel all
WebInterface No
Browsing No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order allow,deny
    Allow all
  </Limit>
</Policy>
EOF
cat >"$CUPS/cups-files.conf" <<EOF
ServerRoot $CUPS
RequestRoot $CUPS/spool
CacheDir $CUPS/cache
StateDir $CUPS/state
TempDir $CUPS/tmp
ErrorLog $CUPS/log/error_log
AccessLog $CUPS/log/access_log
PageLog $CUPS/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
User lp
Group lp
SystemGroup root
FileDevice No
EOF
# cups-pdf reads the configuration of instance "cups-pdf:/NAME" from
# /etc/cups/cups-pdf-NAME.conf, nowhere else. Where AppArmor confines the
# backend (a Debian or Ubuntu host, not a container) it may read only
# /etc/cups/cups-pdf.conf: then the default instance prints as that file
# says, and the letter is taken (and removed) from its output folder.
cupspdf_confined() { grep -qs '^/usr/lib/cups/backend/cups-pdf (enforce)' /sys/kernel/security/apparmor/profiles; }
if [ -n "${E2E_CUPSPDF_DEFAULT:-}" ] || cupspdf_confined; then
	URI=cups-pdf:/
	out=$(awk '$1 == "Out" { o = $2 } END { print o }' /etc/cups/cups-pdf.conf 2>/dev/null || true)
	out=${out:-'/var/spool/cups-pdf/${USER}'} # cups-pdf's built-in default
	PDFDIR=${out//'${HOME}'/$(getent passwd root | cut -d: -f6)}
	PDFDIR=${PDFDIR//'${USER}'/root}
	[ -d "$PDFDIR" ] || made_pdfdir=1 # cups-pdf makes it; removed at exit if left empty
	log "cups-pdf's default instance: the letter goes to $PDFDIR"
else
	INSTANCE=fktpe2e$$
	URI=cups-pdf:/$INSTANCE
	PDFDIR=$CUPS/pdf
	CUPSPDF_CONF=/etc/cups/cups-pdf-$INSTANCE.conf
	cat >"$CUPSPDF_CONF" <<EOF
Out $PDFDIR
Spool $CUPS/spool-pdf
Log $CUPS/log
LogType 3
EOF
fi
/usr/sbin/cupsd -f -c "$CUPS/cupsd.conf" -s "$CUPS/cups-files.conf" >"$CUPS/cupsd.out" 2>&1 &
CUPSD_PID=$!
export CUPS_SERVER=$CUPS/cups.sock
cups_up() { lpstat -r | grep -q "scheduler is running"; }
wait_for "answer from the private CUPS" 30 cups_up
# pdftocairo turns the letter into PostScript for cups-pdf with its fonts as
# TrueType, so the text stays extractable (Ghostscript's default makes Type 3
# glyphs pdftotext cannot read).
lpadmin -p "$PRINTER" -E -v "$URI" -P "$PPD" -o pdftops-renderer-default=pdftocairo 2>"$CUPS/lpadmin.err" ||
	fail "lpadmin: $(cat "$CUPS/lpadmin.err")"
lpadmin -d "$PRINTER"
wait_for "printer $PRINTER accepting jobs" 20 sh -c "lpstat -a '$PRINTER' | grep -q accepting"

step samples "patients from the training simulator (bin/pcare-sim -samples)"
"$ROOT/bin/pcare-sim" -samples 1 >"$WORK/samples.tsv" || fail "bin/pcare-sim -samples"
sample() { awk -F'\t' -v k="$1" -v f="$2" '$1 == k { print $f; exit }' "$WORK/samples.tsv"; }
ACTIVE=$(sample active-here 2)
ACTIVE_NAME=$(sample active-here 4)
INACTIVE=$(sample inactive-pbi 2)
INACTIVE_NAME=$(sample inactive-pbi 4)
[ -n "$ACTIVE" ] && [ -n "$INACTIVE" ] || fail "no active-here or inactive-pbi participant in $WORK/samples.tsv"
log "active: $ACTIVE $ACTIVE_NAME; inactive PBI: $INACTIVE $INACTIVE_NAME"

step start "bin/fktp --data <fresh folder> in training mode"
# A clean environment: nothing of this machine's or CI's FKTP_*, LANGUAGE
# or Fyne settings gets in. The UI language defaults to Indonesian.
start_app() {
	env -i PATH="$PATH" HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share" \
		XDG_CACHE_HOME="$WORK/home/.cache" XDG_RUNTIME_DIR="$WORK/run" TMPDIR="$WORK/tmp" DISPLAY="$DISPLAY" \
		CUPS_SERVER="$CUPS/cups.sock" LANG=en_US.UTF-8 FKTP_KEYRING=off FYNE_SCALE=1 FYNE_THEME=light \
		"$ROOT/bin/fktp" --data "$DATA" >>"$WORK/app.log" 2>&1 &
	APP_PID=$!
}
start_app
find_window() {
	W=$(xdotool search --pid "$APP_PID" --name '^FKTP Desk( |$)' 2>/dev/null | head -n1)
	[ -n "$W" ]
}
wait_for "FKTP Desk window" 60 find_window
viewable() { xwininfo -id "$W" | grep -q 'Map State: IsViewable'; }
wait_for "FKTP Desk window on screen" 30 viewable
# No window manager: the window is placed and sized here (the app may
# still apply its own size just after it shows, so until it sticks), and
# takes the keyboard.
full_size() {
	xdotool getwindowgeometry "$W" | grep -q 'Geometry: 1366x768' &&
		[ "$(pixel 1362 764)" != 000000 ] && return 0
	xdotool windowmove "$W" 0 0 windowsize "$W" 1366 768
	return 1
}
wait_for "window drawn at 1366x768" 30 full_size
xdotool windowfocus "$W" || fail "cannot give the window the keyboard"
park

step wizard "first-start wizard: clinic, admin account, training mode"
# The wizard's Lanjut button is drawn; Kode PPK has the keyboard.
wait_for "wizard on screen" 60 drawn 690 545 200 25
# The training simulator takes this PPK and name as its own clinic.
type_text "0301U001"
key Tab
type_text "Klinik Pratama Sehat Latihan"
key Tab
type_text "Jl. Kesehatan No. 1"
key Tab
type_text "Kota Jakarta Pusat"
key Tab
type_text "Jakarta Pusat"
shot 01-wizard-clinic
key Return
type_text "admin"
key Tab
type_text "Admin Klinik"
key Tab
type_text "Sehat-Selalu-2026!"
key Tab
type_text "Sehat-Selalu-2026!"
shot 02-wizard-admin
key Return
shot 03-wizard-pcare
# Training ("Latihan") is chosen already and needs nothing typed: the
# keyboard waits on "Selesai".
mark
key space
wait_log 'training mode: PCare simulator' "the training simulator started after the set-up" 120
ctl_has '^admin +Admin Klinik +admin +active' user list "$D" || fail "fktpctl user list shows no admin account: $(ctl user list "$D" 2>&1)"

step admin "the admin adds a desk account (front desk, doctor, printing, claims)"
wait_for "the admin's screens" 60 drawn 10 80 180 20
key ctrl+2
pause
click 90 170 # Tambah pengguna
pause
# The dialog opens with the keyboard in Nama pengguna. Esc typed there
# cancels it (were it still open, the second dialog's "meja" would land
# after "keliru" in this one and no 'meja' account would appear).
type_text "keliru"
key Escape
pause
click 90 170 # Tambah pengguna
pause
type_text "meja"
key Tab
type_text "dr. Rina Latihan"
key Tab
type_text "Pagi-Cerah-2026!"
key Tab
type_text "Pagi-Cerah-2026!"
# Pendaftaran, Dokter, Cetak, Klaim; not Admin.
key Tab space Tab space Tab space Tab space
shot 04-admin-add-user
key Tab Tab Tab space # Admin, Batal, Simpan
wait_for "account 'meja' with its four roles" 120 ctl_has '^meja .*front-desk,doctor,printing,claims +active' user list "$D"
! ctl_has '^keliru' user list "$D" || fail "Esc in the new-account dialog saved an account"
shot 05-admin-users

step signin "sign out (FKTP Desk > Keluar akun) and sign in as 'meja'"
click 50 13    # menu FKTP Desk
click 55 128   # Keluar akun
wait_for "sign-out in the audit trail" 30 ctl_has ' admin +signout +ok' audit list "$D"
wait_for "sign-in screen" 30 drawn 610 385 280 30
pause
type_text "meja"
key Return
type_text "Pagi-Cerah-2026!"
shot 06-signin
mark
key Return
wait_for "sign-in of 'meja' in the audit trail" 120 ctl_has ' meja +signin +ok' audit list "$D"
# The front desk's first screen asks PCare for the poli list.
wait_log 'path=poli/fktp' "the poli list for the registration form"
pause 1

step samples-dialog "training banner: Contoh peserta"
click 1288 49
pause
shot 07-training-samples
click 683 633 # Tutup
pause 0.4
click 250 168 # the card number entry

step eligibility-inactive "check an inactive PBI participant ($INACTIVE)"
type_text "$INACTIVE"
mark
key Return
wait_for "eligibility check of $INACTIVE in the audit trail" 60 ctl_has " meja +eligibility\.check +ok +$INACTIVE" audit list "$D"
wait_log "path=peserta/" "PCare's answer for $INACTIVE"
ctl_has "$INACTIVE" patients search "$D" "$INACTIVE_NAME" || fail "the checked participant $INACTIVE_NAME is not a patient record"
# The number entry keeps the keyboard: a key restarts its cursor's blink,
# so the picture is the same from run to run.
key End
shot 08-eligibility-inactive

step eligibility-active "check an active participant registered here ($ACTIVE)"
key ctrl+a
type_text "$ACTIVE"
mark
key Return
wait_for "eligibility check of $ACTIVE in the audit trail" 60 ctl_has " meja +eligibility\.check +ok +$ACTIVE" audit list "$D"
wait_log "path=peserta/" "PCare's answer for $ACTIVE"
ctl_has "$ACTIVE" patients search "$D" "$ACTIVE_NAME" || fail "the checked participant $ACTIVE_NAME is not a patient record"
shot 09-eligibility-active

step registration "register the active participant: poli, complaint, vitals"
# An active answer puts the keyboard on the poli; Right takes the first.
pause 0.4
key Right
# Sakit, Sehat, Rawat jalan, Rawat inap, Promotif preventif, then Keluhan.
key Tab Tab Tab Tab Tab Tab
type_text "Sesak napas saat menyusu, berat badan sulit naik"
key Tab
type_text "10" # berat
key Tab
type_text "82" # tinggi
key Tab Tab Tab Tab # lingkar perut, sistole, diastole (not measured), napas
type_text "40"
key Tab
type_text "128" # nadi
shot 10-registration
key Tab space # Daftarkan
wait_for "registration of $ACTIVE sent to PCare (fktpctl queue)" 60 ctl_has "$ACTIVE +001 +waiting +sent" queue "$D"
journal_has "\"kind\":\"pendaftaran\",\"noKartu\":\"$ACTIVE\"" || fail "the simulator's journal has no pendaftaran of $ACTIVE"
if journal_has "\"noKartu\":\"$INACTIVE\"" || ctl_has "$INACTIVE" queue "$D"; then
	fail "the inactive participant $INACTIVE was registered"
fi

step queue "today's queue and the patient search"
key ctrl+2
pause 1
shot 11-queue
key ctrl+3
type_text "$ACTIVE_NAME"
key Return
pause 1
shot 12-patients

step examination "doctor's desk: examination with diagnosis Q21.0"
key ctrl+4
pause 1
mark
# The waiting list fills in the background: picking the patient asks
# PCare for the doctors, so click again until it does.
pick_patient() {
	click 60 270 # the first waiting patient (under the Menunggu / Sudah diperiksa tabs)
	for _ in $(seq 10); do
		log_has 'path=dokter/' && return 0
		sleep 0.5
	done
	return 1
}
wait_for "the doctor list after picking the waiting patient (log line /path=dokter\//)" 40 pick_patient
pause 0.4
# The keyboard is in the anamnesis.
type_text "Sesak dan berkeringat saat menyusu sejak usia 3 bulan; bising pansistolik di sela iga 3-4 kiri."
key Tab Tab Tab Tab Tab Tab # kesadaran, sistole, diastole, nadi, napas, suhu
type_text "36,8"
key Tab Tab Tab Tab # berat, tinggi, lingkar perut, diagnosa
mark
type_text "Q21.0"
wait_log 'path=diagnosa/Q21\.0/' "the diagnosis search"
pause 0.5
key Return # takes the first result; the keyboard goes on to its "Ganti"
pause 0.4
key Tab Tab Tab # diagnosa 2, diagnosa 3, terapi obat
type_text "Furosemid sirup 2x5 mg"
key Tab
type_text "Edukasi orang tua: minum ASI sedikit-sedikit tapi sering"
key Tab Tab Tab Tab Tab # BMHP, alergi makanan, udara, obat, prognosa
key Right               # prognosa: the first
key Tab Right           # dokter: the first
key Tab                 # status pulang
shot 13-examination
mark
key Right # Berobat jalan -> Rujuk vertikal: the referral part opens
wait_log 'path=spesialis status=' "the specialist list"
pause 0.5

step referral "referral: specialist, sub-specialist, hospital"
key Tab Tab Tab Tab Tab # tambah tindakan, tambah obat, jenis rujukan x2, spesialis
mark
key Right
wait_log 'path=spesialis/[A-Z0-9]+/subspesialis' "the sub-specialist list"
pause 1
key Tab Right         # subspesialis: the first
key Tab Tab Tab Tab   # sarana, rencana berkunjung, its calendar, Cari rumah sakit
mark
key space
wait_log 'path=spesialis/rujuk/subspesialis/' "the hospital list"
pause 1
# The keyboard is on the hospital list: Space picks the highlighted row.
# Row 2 is picked when it has room, else row 1 stays picked (a full
# hospital is refused by the form): two full hospitals in a row do not
# happen with the simulator's loads.
key space Down space
shot 14-referral
key Tab space # Simpan
ref_sent() { ctl referral list "$D" | awk -v c="$ACTIVE" '$0 ~ c && $0 ~ / sent / { print $1; found = 1 } END { exit !found }'; }
wait_for "referral of $ACTIVE sent to PCare (fktpctl referral list)" 60 ref_sent
REFNO=$(ref_sent | head -n1)
[[ $REFNO =~ ^0301U001[0-9]{4}Y[0-9]{6}$ ]] || fail "referral number '$REFNO' is not PCare's noKunjungan"
journal_has "\"kind\":\"kunjungan\",\"noKartu\":\"$ACTIVE\"" || fail "the simulator's journal has no kunjungan of $ACTIVE"
journal_has "\"remote\":\"$REFNO\"" || fail "the simulator's journal has no write numbered $REFNO"
log "referral $REFNO"

step printing "print the letter on $PRINTER from the printing tab"
cups_mark=$(wc -l <"$CUPS/log/access_log")
key ctrl+5
# The tab asks CUPS for its printers (lpstat -a, then -d for the default).
printers_asked() { tail -n "+$((cups_mark + 1))" "$CUPS/log/access_log" | grep -q CUPS-Get-Default; }
wait_for "the printing tab asking CUPS for its printers" 30 printers_asked
pause 1
click 160 204 # the referral's row
pause 0.4
touch "$WORK/print.mark"
click 45 666 # Cetak
new_pdf() {
	PDF=$(find "$PDFDIR" -maxdepth 1 -name '*.pdf' -newer "$WORK/print.mark" 2>/dev/null | head -n1)
	[ -n "$PDF" ]
}
wait_for "a PDF from cups-pdf in $PDFDIR" 120 new_pdf
printed_pdf=$PDF
pause 1 # cups-pdf writes the file, then closes it
cp "$PDF" "$WORK/letter.pdf"
pdftotext -layout "$WORK/letter.pdf" "$WORK/letter.txt" || fail "pdftotext cannot read the printed letter"
for want in "Surat Rujukan" "$REFNO" "$ACTIVE_NAME" "$ACTIVE"; do
	grep -qF -- "$want" "$WORK/letter.txt" || fail "the printed letter lacks '$want' (text in $WORK/letter.txt)"
done
# Training plays this clinic's PCare: the letter names the wizard's clinic.
grep -qiF "Klinik Pratama Sehat Latihan" "$WORK/letter.txt" || fail "the letter does not name the clinic set up in the wizard"
pdftoppm -r 200 -gray -png -f 1 -l 1 -singlefile "$WORK/letter.pdf" "$WORK/letter" || fail "pdftoppm"
code=$(zbarimg --raw -q "$WORK/letter.png" 2>/dev/null | head -n1) || true
[ "$code" = "$REFNO" ] || fail "the letter's barcode reads '$code', want $REFNO"
wait_for "the print in the audit trail" 30 ctl_has " meja +letter\.print +ok +$REFNO" audit list "$D"
printed() { ctl referral list "$D" | grep -F -- "$REFNO" | grep -qE ' 1$'; }
wait_for "the print counted on the referral" 30 printed
shot 15-printing
pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$WORK/letter.pdf" "$WORK/screens/16-referral-letter" ||
	fail "pdftoppm (letter picture)"

step claims "claims screen: Kirim sekarang"
key ctrl+6
pause 1
click 1095 129 # Kirim sekarang
pause 1.5
shot 17-claims
ctl outbox "$D" >"$WORK/outbox.txt" 2>&1 || fail "fktpctl outbox: something needs correction: $(cat "$WORK/outbox.txt")"
for state in pending sending unknown needs-correction; do
	grep -qE "^$state +0$" "$WORK/outbox.txt" || fail "outbox: $state is not 0: $(tr '\n' ' ' <"$WORK/outbox.txt")"
done
grep -qE '^sent +2$' "$WORK/outbox.txt" || fail "outbox: want 2 sent (registration, visit): $(tr '\n' ' ' <"$WORK/outbox.txt")"
writes=$(grep -c '"write":' "$DATA/simulator-state.jsonl" || true)
[ "$writes" -eq 2 ] || fail "the simulator's journal has $writes writes, want 2 (pendaftaran, kunjungan)"

step reports "reports"
key ctrl+7
pause 1
shot 18-reports

step quit "quit from the menu (FKTP Desk > Tutup aplikasi), the window moved to 40,30 and 1200x700 first"
# The window comes back where and as big as it was left (no window manager
# here: the position asked for is the position had).
geometry() { xdotool getwindowgeometry "$W" 2>/dev/null | tr -s ' \n' ' '; }
placed() { geometry | grep -q "Position: $1 .*Geometry: $2"; }
xdotool windowmove "$W" 40 30 windowsize "$W" 1200 700
wait_for "the window at 40,30 1200x700" 30 placed 40,30 1200x700
pause 1
click 90 43    # menu FKTP Desk, 40,30 further in
click 80 201   # Tutup aplikasi
exited() { ! kill -0 "$APP_PID" 2>/dev/null; }
wait_for "the app to exit" 30 exited
rc=0
wait "$APP_PID" || rc=$?
APP_PID=
[ "$rc" -eq 0 ] || fail "the app exited with status $rc"

step window-place "a second start opens where the window was left"
start_app
wait_for "FKTP Desk window again" 60 find_window
wait_for "FKTP Desk window on screen again" 30 viewable
wait_for "the window back at 40,30 1200x700 (now: $(geometry))" 30 placed 40,30 1200x700
wait_for "the sign-in drawn in the window" 30 drawn 40 30 1200 700
stop "$APP_PID"
APP_PID=
ctl audit verify "$D" >"$WORK/audit-verify.txt" 2>&1 || fail "the audit trail does not verify: $(cat "$WORK/audit-verify.txt")"
if grep -E 'Translation failure|not found in language' "$WORK/app.log" >"$WORK/untranslated.txt"; then
	fail "text shown untranslated: $(grep -o 'message .* not found in language .*' "$WORK/app.log" | sort -u | tr '\n' ' ')"
fi
if grep -qE 'panic|level=ERROR' "$WORK/app.log"; then
	fail "errors in the app's log: $(grep -E 'panic|level=ERROR' "$WORK/app.log" | head -n3)"
fi

# Only a complete run replaces the committed screenshots.
mkdir -p "$SHOTS"
rm -f "$SHOTS"/*.png
cp "$WORK"/screens/*.png "$SHOTS/"
log "passed in ${SECONDS}s; screenshots in ${SHOTS#"$ROOT"/}"
