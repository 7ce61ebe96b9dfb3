#!/usr/bin/env bash
# Benchmark of issue 17 (point 4): what checking natural keys costs a declarations load.
#
#   bash bench/duplicates.sh              # 10 million generated rows (about 2.6 GB of CSV)
#   ROWS=1000000 RUNS=1 bash bench/duplicates.sh
#
# Three loads of the same generated file (seed 1), side by side, alternating who goes first:
#   empty:       clearway load declarations FILE   into an empty workspace (keys are checked,
#                none is found)
#   overlapping: clearway load declarations FILE   into a fresh copy of a workspace that already
#                holds ROWS rows generated with seed 2 (the same declaration ids, other items
#                and values): most rows are duplicates, counted and dropped
#   anchor:      CREATE TABLE declarations AS SELECT * FROM read_csv(FILE) in Python duckdb
# Prints best wall time of RUNS, peak RSS, the overlapping/empty ratio (the cost of the
# duplicates found) and each against the anchor.
source "$(dirname "$0")/common.sh"

OTHER="$DIR/$ROWS-seed2/declarations.csv"
if [ ! -s "$OTHER" ] || [ "$(cat "$DIR/$ROWS-seed2/stamp" 2>/dev/null)" != "$stamp" ]; then
  /usr/bin/time -f "generate (seed 2): %e s, peak %M KB" "$BIN" sample-data generate --rows "$ROWS" --seed 2 --out "$DIR/$ROWS-seed2" > /dev/null
  echo "$stamp" > "$DIR/$ROWS-seed2/stamp"
fi
exec "$PY" bench/duplicates.py "$BIN" "$CSV" "$OTHER" "$DIR" "$RUNS"
