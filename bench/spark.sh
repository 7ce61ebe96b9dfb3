#!/usr/bin/env bash
# Benchmark of issue 21: the declaration pack on Apache Spark `local[2]` (pyspark 4.3.0, through
# `clearway risk run --engine spark`) against the same pack on clearway's DuckDB, side by side
# in one run (bench/pair.py pairs them A B A B; peak memory is the largest single process of
# each command's process tree, the JVM for Spark).
#
#   bash bench/spark.sh                   # 1 million generated declaration items
#   ROWS=10000000 RUNS=1 SPARK_MEMORY=10g bash bench/spark.sh
#
# SPARK_MEMORY sets spark.driver.memory (clearway's default for a local master is 4g).
#
# A (Spark):  risk run --engine spark --pack declarations --lake L --out R: the lake verified
#             (every file re-hashed), pyspark and Java checked, the job compiled, Spark started,
#             every rule run, hits and combined scores written as Parquet, the run record.
# B (DuckDB): risk run --pack declarations on the workspace the lake was exported from
#             (writes risk_hits, risk_scores, risk_runs and the audit entry).
# Both on the same machine, two cores; Spark is expected to be slower on one machine — the
# point is that it runs and agrees (tests/it/spark.rs proves the agreement).
source "$(dirname "$0")/common.sh"
bash spark/setup.sh > /dev/null
SPARK_PY="${CLEARWAY_PYSPARK_VENV:-$HOME/.cache/clearway/pyspark-venv}/bin/python"
WORK="$DIR/$ROWS"
LOADED=$("$PY" -c "import sys; sys.path.insert(0, 'bench'); import benchlib, os; print(benchlib.loaded_workspace('$BIN', '$CSV', '$WORK', dict(os.environ)))")
WS="$WORK/spark-bench.duckdb"
LAKE="$WORK/spark-lake"
if [ ! -s "$WS" ] || [ "$WS" -ot "$LOADED" ]; then
  cp "$LOADED" "$WS"
  rm -f "$WS.wal"
  "$BIN" --quiet --workspace "$WS" lake export --out "$LAKE"
fi
"$PY" bench/pair.py "$RUNS" \
  "$BIN --quiet --workspace $WS risk run --engine spark --pack declarations --lake $LAKE --out $WORK/spark-run --python $SPARK_PY${SPARK_MEMORY:+ --spark-conf spark.driver.memory=$SPARK_MEMORY}" \
  "$BIN --quiet --workspace $WS risk run --pack declarations"
"$BIN" --quiet --workspace "$WS" risk import "$WORK/spark-run"
"$BIN" --quiet --workspace "$WS" query "SELECT engine, count(*) AS hits FROM risk_hits JOIN risk_runs USING (run_id)
   WHERE run_id IN ((SELECT max(run_id) FROM risk_runs WHERE engine = 'spark'), (SELECT max(run_id) FROM risk_runs WHERE engine = 'duckdb'))
   GROUP BY engine ORDER BY engine"
