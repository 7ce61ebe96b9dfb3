#!/usr/bin/env bash
# Benchmark of issue 20: clearway's bundled DuckDB against the official build of the same
# version (Python duckdb 2.0.0 from PyPI), statement by statement, side by side in one run.
#
#   bash bench/engine.sh                      # 2 million items, 5 runs, 2 rounds
#   ROWS=10000000 RUNS=3 bash bench/engine.sh
#
# The statements are bench/engine.sql; both engines read the same workspace file (loaded once
# by clearway) read-only with the same memory limit and thread count. Reports engine time per
# statement (best run; bench/engine.py says how it is taken), the ratio per statement and the
# geometric mean. Target: geometric mean <= 1.0x, no statement above 1.1x.
ROWS=${ROWS:-2000000}
RUNS=${RUNS:-5}
ROUNDS=${ROUNDS:-2}
source "$(dirname "$0")/common.sh"

cargo build --release --quiet --example engine_bench
WS="$DIR/$ROWS/engine.duckdb"
if [ ! -s "$WS" ] || [ "$WS" -ot "$CSV" ]; then
  rm -f "$WS" "$WS.wal"
  "$BIN" --quiet --workspace "$WS" load declarations "$CSV" > /dev/null
fi
echo "engine: clearway $("$BIN" --version | cut -d' ' -f2), DuckDB compiled by $(bash .cargo/duckdb-cxx --version 2>/dev/null | head -1 || echo "cc's default"); $(nproc) threads, memory limit 3GB"
exec "$PY" bench/engine.py "$CARGO_TARGET_DIR/release/examples/engine_bench" "$WS" bench/engine.sql "$CSV" "$DIR" "$RUNS" "$ROUNDS"
