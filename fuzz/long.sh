#!/usr/bin/env bash
# The long fuzz runs of docs/reliability.md: each target until 10 million executions or
# MAX_SECONDS (default 1800), whichever comes first, at the lowest CPU priority (nice 19) so a
# build beside it is not slowed. Prints, per target, executions, seconds, coverage (libFuzzer's
# `cov:` edges), peak RSS and whether it crashed; logs in fuzz/artifacts/long/. The per-input
# timeout is 60 s, not 10: at nice 19 beside builds, one print3d scan (2^18 D2 pairs under
# ASan) took 12 s although it replays in 0.7 s.
# Usage: fuzz/long.sh [MAX_SECONDS] [TARGET...]
set -uo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
cd "$fuzz"
max="${1:-1800}"
[ $# -gt 0 ] && shift
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/clearway/target-fuzz}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
cargo +nightly fuzz build || exit 1
[ -d corpus ] || ./seed.sh >/dev/null
logs="$fuzz/artifacts/long"
mkdir -p "$logs"
printf '%-24s %12s %8s %8s %8s  %s\n' target executions seconds cov rss_mb result
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t"
    start=$(date +%s)
    nice -n 19 cargo +nightly fuzz run "$t" -- -runs=10000000 -max_total_time="$max" \
        -rss_limit_mb=2048 -timeout=60 -print_final_stats=1 >"$logs/$t.log" 2>&1
    rc=$?
    secs=$(( $(date +%s) - start ))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$logs/$t.log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$logs/$t.log" | tail -1 | cut -d' ' -f2)
    result=ok
    [ $rc -eq 0 ] || result="CRASH (rc $rc): $(grep -m1 -o 'Test unit written to .*' "$logs/$t.log" || echo "see $logs/$t.log")"
    printf '%-24s %12s %8s %8s %8s  %s\n' "$t" "${runs:--}" "$secs" "${cov:--}" "${rss:--}" "$result"
done
