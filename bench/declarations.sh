#!/usr/bin/env bash
# Benchmark of issue 2: clearway against the Python `duckdb` 2.0.0 package (the same engine),
# side by side in one run, on the same generated file.
#
#   bash bench/declarations.sh            # 10 million rows (about 2.6 GB of CSV)
#   ROWS=1000000 bash bench/declarations.sh
#
# Measures (wall time, best of RUNS, and peak RSS):
#   load:  clearway load declarations FILE   vs  CREATE TABLE ... AS SELECT * FROM read_csv(FILE)
#   query: clearway query "<group-by>"       vs  the same SQL in Python duckdb on the same workspace
# Prints the ratios; targets are load <= 1.3x with peak RSS <= 2 GB, query <= 1.1x.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-10000000}
RUNS=${RUNS:-3}
DIR=${BENCH_DIR:-$PWD/bench-data}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/clearway/target}"
mkdir -p "$DIR"

cargo build --release --quiet
BIN="$CARGO_TARGET_DIR/release/clearway"

# The anchor, installed from PyPI by this script into its own virtualenv.
if [ ! -x "$DIR/venv/bin/python" ]; then
  python3 -m venv "$DIR/venv"
  "$DIR/venv/bin/pip" install --quiet duckdb==2.0.0
fi
PY="$DIR/venv/bin/python"

if [ ! -s "$DIR/$ROWS/declarations.csv" ]; then
  /usr/bin/time -f "generate: %e s, peak %M KB" "$BIN" sample-data generate --rows "$ROWS" --seed 1 --out "$DIR/$ROWS" > /dev/null
fi
CSV="$DIR/$ROWS/declarations.csv"
echo "input: $CSV ($(du -h "$CSV" | cut -f1), $ROWS rows); anchor: $("$PY" -c 'import duckdb; print("Python duckdb", duckdb.__version__)')"

GROUP_BY="SELECT left(hs_code, 2) AS chapter, origin_country, count(*) AS items, sum(customs_value) AS value, avg(net_mass_kg) AS kg, count(DISTINCT importer_id) AS importers FROM declarations GROUP BY ALL ORDER BY chapter, origin_country"

exec "$PY" - "$BIN" "$CSV" "$DIR" "$RUNS" "$GROUP_BY" <<'PYEOF'
import os, subprocess, sys, time, resource

bin_, csv, work, runs, group_by = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
py = sys.executable

def measure(argv):
    """Wall seconds and peak RSS (MB) of one child process."""
    t = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if out.returncode != 0:
        sys.exit(f"command failed: {argv}\n{out.stderr}")
    peak_kb = int(out.stderr.strip().splitlines()[-1])
    return wall, peak_kb / 1024

def fresh(path):
    for suffix in ("", ".wal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    return path

cw_ws = os.path.join(work, "clearway.duckdb")
py_db = os.path.join(work, "python.duckdb")
env = dict(os.environ, CLEARWAY_NO_PROGRESS="1")
py_load = ("import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
           "c.execute(\"CREATE TABLE declarations AS SELECT * FROM read_csv(?)\", [sys.argv[2]]); c.close()")
py_query = ("import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
            "rows = c.execute(sys.argv[2]).fetchall(); print(len(rows))")

results = {"load": {"clearway": [], "duckdb": []}, "query": {"clearway": [], "duckdb": []}}
for i in range(runs):
    # Alternate who goes first so that neither always gets the warmer page cache.
    order = ["clearway", "duckdb"] if i % 2 == 0 else ["duckdb", "clearway"]
    for who in order:
        if who == "clearway":
            results["load"][who].append(measure([bin_, "--quiet", "--workspace", fresh(cw_ws), "load", "declarations", csv]))
        else:
            results["load"][who].append(measure([py, "-c", py_load, fresh(py_db), csv]))
    for who in order:
        if who == "clearway":
            results["query"][who].append(measure([bin_, "--quiet", "--workspace", cw_ws, "query", group_by, "--format", "csv", "--out", os.path.join(work, "q.csv")]))
        else:
            results["query"][who].append(measure([py, "-c", py_query, cw_ws, group_by]))

print(f"\n{'benchmark':<8} {'clearway s':>11} {'duckdb s':>9} {'ratio':>6} {'target':>7} {'clearway peak MB':>17} {'duckdb peak MB':>15}")
for name, target in (("load", 1.3), ("query", 1.1)):
    cw = min(results[name]["clearway"]); dd = min(results[name]["duckdb"])
    cw_peak = max(p for _, p in results[name]["clearway"]); dd_peak = max(p for _, p in results[name]["duckdb"])
    print(f"{name:<8} {cw[0]:>11.2f} {dd[0]:>9.2f} {cw[0] / dd[0]:>6.2f} {target:>7} {cw_peak:>17.0f} {dd_peak:>15.0f}")
PYEOF
