"""Driver of bench/duplicates.sh: a load into an empty workspace, into one holding overlapping
rows, and the bare DuckDB anchor."""
import json
import os
import shutil
import subprocess
import sys

from benchlib import alternating, fresh, measure

bin_, csv, other, work, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
py = sys.executable
env = dict(os.environ, CLEARWAY_NO_PROGRESS="1")

# the workspace holding the overlapping rows, made once per input
held = os.path.join(work, "held-seed2.duckdb")
stamp = os.path.join(work, "held-seed2.stamp")
source = f"{other} {os.path.getmtime(other)}"
if not os.path.exists(held) or not os.path.exists(stamp) or open(stamp).read() != source:
    measure([bin_, "--quiet", "--workspace", fresh(held), "load", "declarations", other], env)
    with open(stamp, "w") as f:
        f.write(source)

cw_empty = os.path.join(work, "dup-empty.duckdb")
cw_over = os.path.join(work, "dup-overlap.duckdb")
py_db = os.path.join(work, "dup-python.duckdb")
py_load = ("import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
           "c.execute(\"CREATE TABLE declarations AS SELECT * FROM read_csv(?)\", [sys.argv[2]]); c.close()")

results = {"empty": [], "overlapping": [], "anchor": []}
report = None
for order in alternating(runs, ["empty", "overlapping", "anchor"]):
    for who in order:
        if who == "empty":
            argv = [bin_, "--quiet", "--workspace", fresh(cw_empty), "load", "declarations", csv]
        elif who == "overlapping":
            shutil.copyfile(held, fresh(cw_over))
            argv = [bin_, "--quiet", "--workspace", cw_over, "load", "declarations", "--format", "json", csv]
        else:
            argv = [py, "-c", py_load, fresh(py_db), csv]
        wall, peak, out = measure(argv, env)
        results[who].append((wall, peak))
        if who == "overlapping":
            report = json.loads(out)[0]

print(f"\noverlapping load: read {report['rows_read']:,} = loaded {report['rows_loaded']:,} + "
      f"duplicates {report['rows_duplicate']:,} + rejected {report['rows_rejected']:,} "
      f"({report['duplicates']['differing']:,} of the duplicates differ in content)")
best = {k: min(w for w, _ in v) for k, v in results.items()}
print(f"\n{'load':<12} {'seconds':>8} {'peak MB':>8} {'vs empty':>9} {'vs anchor':>10}")
for name in ("empty", "overlapping", "anchor"):
    peak = max(p for _, p in results[name])
    print(f"{name:<12} {best[name]:>8.2f} {peak:>8.0f} {best[name] / best['empty']:>9.2f} "
          f"{best[name] / best['anchor']:>10.2f}")
