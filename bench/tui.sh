#!/usr/bin/env bash
# Benchmark of issue 5: the TUI on a 10 M-row table, replayed headless (`clearway tui --replay
# --timings`), against DuckDB's own time for the same sort and filter (Python duckdb 2.0.0).
#
#   bash bench/tui.sh                     # 10 million generated declaration items
#   ROWS=1000000 RUNS=1 bash bench/tui.sh
#
# Targets: first page < 150 ms after the query finishes; a frame < 16 ms at p99 while paging
# and jumping; a sorted/filtered first page within about DuckDB's own time; RSS < 500 MB.
source "$(dirname "$0")/common.sh"
exec "$PY" bench/tui.py "$BIN" "$CSV" "$DIR" "$RUNS"
