#!/usr/bin/env bash
# Benchmark of issue 3: the whole declaration risk pack, clearway against the same rule SQL run
# directly in the Python `duckdb` 2.0.0 package (the same engine), side by side in one run.
#
#   bash bench/risk.sh                    # 10 million generated declaration items
#   ROWS=1000000 RUNS=1 bash bench/risk.sh
#
# clearway:  `clearway risk run` on a fresh copy of a loaded workspace (writes risk_hits,
#            risk_scores, risk_runs, the audit entry; memory ceiling: its 3 GB default).
# anchor:    bench/risk_anchor.py — each rule file's SQL, parameters bound from the rule's
#            header defaults, materialised with CREATE TEMP TABLE AS (DuckDB's defaults,
#            including its memory limit of 80 % of RAM).
# Prints total and per-rule times (best of RUNS) and peak RSS; targets: <= 1.2x, <= 4 GB.
source "$(dirname "$0")/common.sh"
exec "$PY" bench/risk.py "$BIN" "$CSV" "$DIR" "$RUNS" queries/declarations
