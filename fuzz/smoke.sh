#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for SECONDS each: builds them, seeds the corpora
# (fuzz/seed.sh) and fails when a target crashes (panic, out-of-memory beyond -rss_limit_mb, an
# input slower than the per-input timeout). A summary line per target gives the executions,
# seconds, libFuzzer's covered edges (`cov`) and peak RSS; logs are in fuzz/artifacts/<kind>/.
# Usage: fuzz/smoke.sh [SECONDS] [TARGET...]   (default 10 seconds; fuzz/long.sh sets the
# knobs below for the long runs: FUZZ_RUNS caps executions, FUZZ_TIMEOUT is the per-input
# timeout (default 30 s: a print3d scan under ASan on a loaded machine took 12 s once, though
# it replays in 0.7 s), FUZZ_NICE the CPU priority, FUZZ_KIND the log folder).
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). The build has its
# own target dir (CARGO_TARGET_DIR, default ~/.cache/clearway/target-fuzz) and never builds the
# main crate or DuckDB: the fuzz crate depends on clearway-formats and clearway-classify only.
set -uo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
cd "$fuzz"
secs="${1:-10}"
[ $# -gt 0 ] && shift
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/clearway/target-fuzz}"
runs=()
[ -n "${FUZZ_RUNS:-}" ] && runs=(-runs="$FUZZ_RUNS")
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
cargo +nightly fuzz build || exit 1
[ -d corpus ] || ./seed.sh >/dev/null
logs="$fuzz/artifacts/${FUZZ_KIND:-smoke}"
mkdir -p "$logs"
failed=()
details=()
# crash_details TARGET LOG: what a CI log must carry to reproduce a crash on another machine
# (the artifact folder is gone with the clone): the error and its first stack frames, and the
# input itself, gzipped and in base64, when that fits in a few lines.
crash_details() {
    local unit
    echo "--- $1"
    grep -m1 -A1 'panicked at' "$2"
    grep -E 'ERROR: |^SUMMARY|^ *#[0-9]+ ' "$2" |
        grep -v -E ' in (__sanitizer|__asan|fuzzer::|std::|core::|__rust|libfuzzer_sys|rust_fuzzer)' | head -20
    unit=$(grep -m1 -o 'Test unit written to .*' "$2" | sed 's/^Test unit written to //')
    [ -f "$unit" ] || return 0
    if [ "$(gzip -9 -n -c "$unit" | wc -c)" -le 3072 ]; then
        echo "input ($(stat -c %s "$unit") bytes; base64 -d | gunzip > crash):"
        gzip -9 -n -c "$unit" | base64 -w 100
    else
        echo "input: $(stat -c %s "$unit") bytes, sha256 $(sha256sum "$unit" | cut -c1-64) (too large for a log)"
    fi
}
printf '%-24s %12s %8s %8s %8s  %s\n' target executions seconds cov rss_mb result
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t"
    start=$(date +%s)
    nice -n "${FUZZ_NICE:-0}" cargo +nightly fuzz run "$t" -- "${runs[@]}" -max_total_time="$secs" \
        -rss_limit_mb=2048 -timeout="${FUZZ_TIMEOUT:-30}" -print_final_stats=1 >"$logs/$t.log" 2>&1
    rc=$?
    took=$(( $(date +%s) - start ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$logs/$t.log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$logs/$t.log" | tail -1 | cut -d' ' -f2)
    if [ $rc -eq 0 ]; then
        result=ok
    else
        result="CRASH (rc $rc): $(grep -m1 -o 'Test unit written to .*' "$logs/$t.log" || echo "see $logs/$t.log")"
        failed+=("$t")
        details+=("$(crash_details "$t" "$logs/$t.log")")
    fi
    printf '%-24s %12s %8s %8s %8s  %s\n' "$t" "${execs:--}" "$took" "${cov:--}" "${rss:--}" "$result"
done
if [ ${#failed[@]} -gt 0 ]; then
    printf '%s\n' "${details[@]}"
    echo "crashed: ${failed[*]} (logs in $logs)" >&2
    exit 1
fi
