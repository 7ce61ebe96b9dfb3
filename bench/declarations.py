"""Driver of bench/declarations.sh: load and group-by, clearway against Python duckdb."""
import os
import sys

from benchlib import alternating, fresh, measure

bin_, csv, work, runs, group_by = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
py = sys.executable

cw_ws = os.path.join(work, "clearway.duckdb")
py_db = os.path.join(work, "python.duckdb")
env = dict(os.environ, CLEARWAY_NO_PROGRESS="1")
py_load = ("import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
           "c.execute(\"CREATE TABLE declarations AS SELECT * FROM read_csv(?)\", [sys.argv[2]]); c.close()")
py_query = ("import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
            "rows = c.execute(sys.argv[2]).fetchall(); print(len(rows))")

results = {"load": {"clearway": [], "duckdb": []}, "query": {"clearway": [], "duckdb": []}}
for order in alternating(runs, ["clearway", "duckdb"]):
    for who in order:
        if who == "clearway":
            argv = [bin_, "--quiet", "--workspace", fresh(cw_ws), "load", "declarations", csv]
        else:
            argv = [py, "-c", py_load, fresh(py_db), csv]
        results["load"][who].append(measure(argv, env))
    for who in order:
        if who == "clearway":
            argv = [bin_, "--quiet", "--workspace", cw_ws, "query", group_by, "--format", "csv",
                    "--out", os.path.join(work, "q.csv")]
        else:
            argv = [py, "-c", py_query, cw_ws, group_by]
        results["query"][who].append(measure(argv, env))

print(f"\n{'benchmark':<8} {'clearway s':>11} {'duckdb s':>9} {'ratio':>6} {'target':>7} {'clearway peak MB':>17} {'duckdb peak MB':>15}")
for name, target in (("load", 1.3), ("query", 1.1)):
    cw = min(w for w, _, _ in results[name]["clearway"])
    dd = min(w for w, _, _ in results[name]["duckdb"])
    cw_peak = max(p for _, p, _ in results[name]["clearway"])
    dd_peak = max(p for _, p, _ in results[name]["duckdb"])
    print(f"{name:<8} {cw:>11.2f} {dd:>9.2f} {cw / dd:>6.2f} {target:>7} {cw_peak:>17.0f} {dd_peak:>15.0f}")
