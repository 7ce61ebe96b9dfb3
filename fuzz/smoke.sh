#!/usr/bin/env bash
# Smoke run of every fuzz target: builds them, seeds the corpora (fuzz/seed.sh) and runs each
# target for N seconds (default 10). Fails when a target crashes (panic, out-of-memory beyond
# -rss_limit_mb, an input slower than -timeout seconds). A summary line per target gives the
# executions, exec/s and peak RSS libFuzzer reports; logs are in fuzz/artifacts/smoke/.
# Usage: fuzz/smoke.sh [SECONDS] [TARGET...]
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). The build has its
# own target dir (CARGO_TARGET_DIR, default ~/.cache/clearway/target-fuzz) and never builds the main
# crate or DuckDB: the fuzz crate depends on clearway-formats only.
set -uo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
cd "$fuzz"
secs="${1:-10}"
[ $# -gt 0 ] && shift
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/clearway/target-fuzz}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo +nightly fuzz list)
fi
cargo +nightly fuzz build || exit 1
[ -d corpus ] || ./seed.sh >/dev/null
logs="$fuzz/artifacts/smoke"
mkdir -p "$logs"
failed=()
printf '%-24s %12s %8s %8s  %s\n' target executions exec/s rss_mb result
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t"
    cargo +nightly fuzz run "$t" -- -max_total_time="$secs" -rss_limit_mb=2048 -timeout=30 \
        -print_final_stats=1 >"$logs/$t.log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -1)
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logs/$t.log" | tail -1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$logs/$t.log" | tail -1)
    if [ $rc -eq 0 ]; then
        result=ok
    else
        result="CRASH (rc $rc): $(grep -m1 -o 'Test unit written to .*' "$logs/$t.log" || echo "see $logs/$t.log")"
        failed+=("$t")
    fi
    printf '%-24s %12s %8s %8s  %s\n' "$t" "${runs:--}" "${eps:--}" "${rss:--}" "$result"
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "crashed: ${failed[*]} (logs in $logs)" >&2
    exit 1
fi
