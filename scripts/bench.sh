#!/usr/bin/env bash
# `make bench`: the benchmark suite of issue 9. Builds the binaries, runs
# every phase in order and writes BENCHMARKS.md at the repository root.
# Unattended; about 5-7 minutes on the 2-core development machine (10 when
# other work loads it), most of it seeding 200,000 patients and 1,000,000
# visits (once per run) and the integrity check and backups of the 2.7 GB
# file. A phase that fails is reported in
# BENCHMARKS.md and the script goes on; it exits 1 at the end if any did.
#
# Phases (the figures of each go to $work/results.jsonl through fktpbench):
#   protocol   PCare answers decrypted + decompressed + decoded, Go vs node
#   printing   one referral letter, 100 letters in one PDF
#   outbox     outbox throughput against the simulator at 200 ms a request
#   seed       fktpctl seed --patients 200000 --visits 1000000 (timed once)
#   local      search, look-ups, today's queue, last month's claim
#   startup    the desktop app under Xvfb: launch to first drawn window, VmRSS
#   store      file size per 100,000 visits, integrity_check, backup
#
# Environment: STARTUP_RUNS (5), BACKUP_RUNS (3), KEEP=1 keeps the work
# folder, BENCH_OUT (BENCHMARKS.md).
set -uo pipefail
cd "$(dirname "$0")/.."

STARTUP_RUNS=${STARTUP_RUNS:-5}
BACKUP_RUNS=${BACKUP_RUNS:-3}
OUT=${BENCH_OUT:-BENCHMARKS.md}
GO=${GO:-go}

began=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/fktpbench.XXXXXX")
results=$work/results.jsonl
data=$work/data
failed=0
xvfb_pid=""
app_pid=""

cleanup() {
	[ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null
	[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
	wait 2>/dev/null
	if [ "${KEEP:-}" = 1 ]; then
		echo "bench: work folder kept: $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

say() { printf '\n== %s (%ss)\n' "$*" "$(($(date +%s) - began))"; }
bench() { ./bin/fktpbench "$@"; }
record() { bench record --out "$results" "$@"; }
fail() {
	echo "bench: $1 failed: $2" >&2
	record --id "fail.$1" --detail "$2"
	failed=1
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# stop PID: SIGTERM (Fyne quits its run loop on it), SIGKILL after 5 s.
stop() {
	kill "$1" 2>/dev/null || return 0
	for _ in $(seq 50); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# ---- setup -------------------------------------------------------------
say "dependencies and build"
./scripts/install-deps.sh bench || exit 1
mkdir -p bin
$GO build -tags migrated_fynedo -o bin/fktp . || exit 1
CGO_ENABLED=0 $GO build -o bin/fktpctl ./cmd/fktpctl || exit 1
$GO build -o bin/fktpbench ./cmd/fktpbench || exit 1
(cd bench/js && npm ci --no-audit --no-fund --loglevel=error) || exit 1

cpu=$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)
mem=$(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)
record --id meta.date --detail "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
record --id meta.machine --detail "$(nproc) cores ($cpu), $mem"
record --id meta.toolchain --detail "$($GO version | cut -d' ' -f3), node $(node --version), lz-string $(node -p 'require("./bench/js/node_modules/lz-string/package.json").version')"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- 1. protocol -------------------------------------------------------
say "protocol overhead (Go, then node)"
mkdir -p "$work/protocol"
if bench protocol-gen --dir "$work/protocol"; then
	bench protocol --dir "$work/protocol" --out "$results" || fail protocol "the Go decoder"
	if node bench/js/protocol.js "$work/protocol" >"$work/js.jsonl"; then
		cat "$work/js.jsonl" >>"$results"
	else
		fail protocol "the node decoder"
	fi
else
	fail protocol "generating the inputs"
fi

# ---- 4. printing, 5. outbox (need no seeded database) --------------------
say "printing"
bench printing --out "$results" || fail printing "see the log"
say "outbox throughput (3 runs of 300 items at 200 ms a request)"
bench outbox --out "$results" || fail outbox "see the log"

# ---- seeding -----------------------------------------------------------
say "seeding 200,000 patients and 1,000,000 visits"
t=$(now_ms)
if ./bin/fktpctl seed --data "$data" --patients 200000 --visits 1000000; then
	record --id seed.time --runs "$(($(now_ms) - t))" --detail "one run (seeding is done once per bench run)"
else
	fail seed "fktpctl seed"
	data=""
fi

# ---- 2. local scale ----------------------------------------------------
if [ -n "$data" ]; then
	say "local scale"
	bench local --data "$data" --out "$results" || fail local "see the log"
fi

# ---- 3. start-up -------------------------------------------------------
# One run: a fresh Xvfb, the app launched on data folder $2; the time runs from launch until a screenshot of its visible window has
# content (not one flat colour), VmRSS is read 2 s later. Prints
# "ms rss_kb" or fails.
startup_once() {
	local disp=$1 dir=$2 shot="$work/shot.png" deadline wid t0 t1 sd
	Xvfb ":$disp" -screen 0 1366x768x24 -nolisten tcp -br >"$work/xvfb.log" 2>&1 &
	xvfb_pid=$!
	for _ in $(seq 100); do
		DISPLAY=":$disp" xdotool getdisplaygeometry >/dev/null 2>&1 && break
		sleep 0.05
	done
	t0=$(now_ms)
	DISPLAY=":$disp" LANG=en_US.UTF-8 ./bin/fktp --data "$dir" >"$work/app.log" 2>&1 &
	app_pid=$!
	wid=$(DISPLAY=":$disp" timeout 60 xdotool search --sync --onlyvisible --name 'FKTP' 2>/dev/null | head -1)
	t1=""
	deadline=$(($(now_ms) + 60000))
	while [ -n "$wid" ] && [ "$(now_ms)" -lt "$deadline" ]; do
		t=$(now_ms)
		if DISPLAY=":$disp" import -window "$wid" "$shot" 2>/dev/null; then
			sd=$(identify -format '%[fx:standard_deviation]' "$shot" 2>/dev/null || echo 0)
			if awk -v s="$sd" 'BEGIN { exit !(s > 0.01) }'; then
				t1=$t
				break
			fi
		fi
		kill -0 "$app_pid" 2>/dev/null || break
		sleep 0.02
	done
	local rss=""
	if [ -n "$t1" ]; then
		sleep 2
		rss=$(awk '/VmRSS/ {print $2}' "/proc/$app_pid/status" 2>/dev/null)
		cp "$shot" "$work/startup-window.png"
	fi
	stop "$app_pid"
	app_pid=""
	kill "$xvfb_pid" 2>/dev/null
	wait "$xvfb_pid" 2>/dev/null
	xvfb_pid=""
	[ -n "$t1" ] && [ -n "$rss" ] || return 1
	echo "$((t1 - t0)) $rss"
}

# startup_runs ID_SUFFIX DIR_COMMAND RUNS: RUNS start-ups, each on the
# folder DIR_COMMAND prints, recorded as startup.window$1 and startup.rss$1.
startup_runs() {
	local suffix=$1 dircmd=$2 n=$3 times="" rsss="" disp=$((90 + $$ % 100)) r dir
	for i in $(seq "$n"); do
		dir=$($dircmd)
		if r=$(startup_once "$disp" "$dir"); then
			echo "  run $i: ${r% *} ms, VmRSS ${r#* } kB"
			times+="${r% *},"
			rsss+="$(awk -v k="${r#* }" 'BEGIN { printf "%.1f", k / 1024 }'),"
		else
			echo "  run $i: no drawn window (app log: $(tail -c 300 "$work/app.log"))"
		fi
	done
	if [ -z "$times" ]; then
		fail "startup$suffix" "the app never drew a window (last log: $(tail -c 200 "$work/app.log" | tr '\n' ' '))"
		return
	fi
	record --id "startup.window$suffix" --runs "$times" --detail "to a visible window whose screenshot is not one flat colour"
	record --id "startup.rss$suffix" --unit MB --runs "$rsss" --detail "VmRSS 2 s after the window was drawn"
}
seeded_dir() { echo "$data"; }
empty_dir() { mktemp -d "$work/empty.XXXXXX"; }

if [ -n "$data" ]; then
	say "start-up under Xvfb: an empty data folder (3 runs), then the seeded one ($STARTUP_RUNS runs)"
	startup_runs .empty empty_dir 3
	startup_runs "" seeded_dir "$STARTUP_RUNS"
	# The app was killed, not closed: let a clean open and close fold its
	# WAL back into the file before the file is measured.
	./bin/fktpctl queue --data "$data" >/dev/null 2>&1
fi

# ---- 6. the database file ----------------------------------------------
if [ -n "$data" ]; then
	say "the database file: size, integrity_check, backup"
	bdir="$work/backups"
	mkdir -p "$bdir"
	t=$(now_ms)
	if ./bin/fktpctl backup --data "$data" --dir "$bdir" >"$work/backup.log" 2>&1; then
		runs="$(($(now_ms) - t)),"
		for _ in $(seq 2 "$BACKUP_RUNS"); do
			rm -rf "${bdir:?}"/*
			t=$(now_ms)
			./bin/fktpctl backup --data "$data" --dir "$bdir" >>"$work/backup.log" 2>&1 || break
			runs+="$(($(now_ms) - t)),"
		done
		rm -rf "$bdir"
		record --id store.backup --runs "$runs" --detail "fktpctl backup --dir (SQLite VACUUM INTO)"
		bench store --data "$data" --out "$results" || fail store "see the log"
	else
		bench store --data "$data" --vacuum-into "$BACKUP_RUNS" --out "$results" || fail store "see the log"
	fi
fi

# ---- report ------------------------------------------------------------
wall=$(($(date +%s) - began))
record --id meta.load --detail "load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (2 cores: above 2 means other work shared the machine)"
record --id meta.wall --detail "$((wall / 60)) min $((wall % 60)) s for the whole run, builds included"
notes=()
[ -f bench/notes.md ] && notes=(--notes bench/notes.md)
bench report --results "$results" --out "$OUT" "${notes[@]}" || exit 1
say "wrote $OUT"
exit $failed
