#!/usr/bin/env bash
# Benchmark of issue 4: charts of big tables. For each chart, clearway's whole
# `clearway plot ... --out FILE.png` process against DuckDB's own time for the same
# aggregation queries (run in the Python `duckdb` 2.0.0 package, the same engine), and
# clearway's drawing time against matplotlib drawing the same pre-aggregated data.
#
#   bash bench/plot.sh                    # 10 M rows (table) and 100 M rows (Parquet)
#   ROWS=1000000 PARQUET_ROWS=10000000 RUNS=1 bash bench/plot.sh
#
# Inputs: the generated declarations (ROWS, loaded once into a workspace) and a Parquet file
# of PARQUET_ROWS log-normal (mass, value) pairs written by DuckDB itself (generated here,
# once). Targets: clearway <= 1.2 x DuckDB + 150 ms; peak RSS <= 1 GB.
source "$(dirname "$0")/common.sh"
PARQUET_ROWS=${PARQUET_ROWS:-100000000}
if ! "$PY" -c 'import matplotlib' 2>/dev/null; then
  "$DIR/venv/bin/pip" install --quiet matplotlib
fi
exec "$PY" bench/plot.py "$BIN" "$CSV" "$DIR" "$RUNS" "$PARQUET_ROWS"
