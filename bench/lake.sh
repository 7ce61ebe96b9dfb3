#!/usr/bin/env bash
# Benchmark of issue 21 (point 1): `clearway lake export` of the declarations against DuckDB's
# own partitioned COPY of the same table, side by side in one run (bench/pair.py pairs them A B A B).
#
#   bash bench/lake.sh                    # 10 million generated declaration items
#   ROWS=1000000 RUNS=3 bash bench/lake.sh
#
# A (clearway): lake export --tables declarations into a lake that exists from the previous
#    run — the whole export: schema file, COPY … PARTITION_BY month, footers read back, sha256
#    of every file, manifest, the swap, removing the old lake, the audit record.
# B (anchor):   Python duckdb 2.0.0 (the engine clearway bundles), same workspace read-only,
#    same memory limit (3 GB) and threads: rm -rf the previous output, then
#    COPY (SELECT *, <the same month expression>) TO DIR (FORMAT parquet, COMPRESSION zstd,
#    PARTITION_BY (declared_month)).
# Both read a copy of the loaded workspace kept for this benchmark (A appends an audit record).
# Target: A/B <= 1.2 (median of the paired ratios).
source "$(dirname "$0")/common.sh"
LOADED=$("$PY" -c "import sys; sys.path.insert(0, 'bench'); import benchlib, os; print(benchlib.loaded_workspace('$BIN', '$CSV', '$DIR', dict(os.environ)))")
WS="$DIR/$ROWS/lake-bench.duckdb"
if [ ! -s "$WS" ] || [ "$WS" -ot "$LOADED" ]; then
  cp "$LOADED" "$WS"
  rm -f "$WS.wal"
fi
# a copy kept from an earlier build is migrated first (lake export only reads the workspace)
"$BIN" --quiet --workspace "$WS" init > /dev/null
A_OUT="$DIR/$ROWS/lake-clearway"
B_OUT="$DIR/$ROWS/lake-duckdb"
cat > "$DIR/lake_anchor.py" <<PYEOF
import shutil, sys, duckdb
shutil.rmtree("$B_OUT", ignore_errors=True)
c = duckdb.connect("$WS", read_only=True, config={"memory_limit": "3GB", "threads": $(nproc)})
c.execute("""COPY (SELECT *, coalesce(strftime(declared_at, '%Y-%m'), 'unknown') AS declared_month
                  FROM declarations) TO '$B_OUT'
             (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (declared_month))""")
PYEOF
"$PY" bench/pair.py "$RUNS" \
  "$BIN --quiet --workspace $WS lake export --tables declarations --out $A_OUT" \
  "$PY $DIR/lake_anchor.py"
echo "sizes: clearway $(du -sh "$A_OUT" | cut -f1), duckdb $(du -sh "$B_OUT" | cut -f1)"
"$BIN" --quiet lake verify "$A_OUT"
