#!/usr/bin/env bash
# Benchmark of issue 24: 3D scenes of big tables. `clearway scene tracks` over AIS_ROWS
# positions and `clearway scene flows` over ROWS declarations, each whole process against
# DuckDB's own time for the same statements (printed by examples/scene_sql.rs, run in Python
# duckdb 2.0.0, the same engine); peak memory and scene size; and the viewer's frame time on
# the tracks scene in headless Chromium.
#
#   bash bench/scene.sh                        # 10 M declarations, 10 M AIS positions
#   ROWS=1000000 AIS_ROWS=1000000 RUNS=1 bash bench/scene.sh
#
# Targets: clearway <= 1.2 x DuckDB + 200 ms; peak RSS <= 1 GB; scene <= 20 MB; 60 frames per
# second in the viewer.
source "$(dirname "$0")/common.sh"
AIS_ROWS=${AIS_ROWS:-10000000}
cargo build --release --quiet --example scene_sql
SQL=$("$CARGO_TARGET_DIR/release/examples/scene_sql")
exec "$PY" bench/scene.py "$BIN" "$CSV" "$DIR" "$RUNS" "$AIS_ROWS" "$SQL"
