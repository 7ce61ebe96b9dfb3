#!/usr/bin/env bash
# The long fuzz runs of docs/reliability.md: each target until 10 million executions or
# MAX_SECONDS (default 1800), whichever comes first, at the lowest CPU priority (nice 19) so a
# build beside it is not slowed, with a 60 s per-input timeout. The run itself is smoke.sh's.
# Usage: fuzz/long.sh [MAX_SECONDS] [TARGET...]
max="${1:-1800}"
[ $# -gt 0 ] && shift
FUZZ_RUNS=10000000 FUZZ_TIMEOUT=60 FUZZ_NICE=19 FUZZ_KIND=long \
    exec "$(dirname "$0")/smoke.sh" "$max" "$@"
