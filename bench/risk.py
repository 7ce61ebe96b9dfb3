"""Driver of bench/risk.sh: the declaration pack, clearway against Python duckdb."""
import json
import os
import shutil
import sys

from benchlib import alternating, fresh, loaded_workspace, measure

bin_, csv, work, runs, pack = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
py = sys.executable
env = dict(os.environ, CLEARWAY_NO_PROGRESS="1")
anchor = os.path.join(os.path.dirname(os.path.abspath(__file__)), "risk_anchor.py")

# Every clearway run starts from a copy of the loaded workspace, so that runs do not pile up
# each other's hits.
loaded = loaded_workspace(bin_, csv, work, env)
scratch = os.path.join(work, "risk-run.duckdb")

totals = {"clearway": [], "duckdb": []}
per_rule = {"clearway": {}, "duckdb": {}}
for order in alternating(runs, ["clearway", "duckdb"]):
    for who in order:
        if who == "clearway":
            shutil.copyfile(loaded, fresh(scratch))
            wall, peak, out = measure([bin_, "--quiet", "--workspace", scratch, "risk", "run", "--pack", pack,
                                       "--format", "json"], env)
            rules = {r["rule_id"]: r["seconds"] for r in json.loads(out)["rules"]}
        else:
            wall, peak, out = measure([py, anchor, loaded, pack], env)
            rules = json.loads(out)
        totals[who].append((wall, peak))
        for rule, seconds in rules.items():
            per_rule[who].setdefault(rule, []).append(seconds)

print(f"\n{'rule':<22} {'clearway s':>11} {'duckdb s':>9} {'ratio':>6}")
for rule in sorted(per_rule["duckdb"]):
    cw, dd = min(per_rule["clearway"][rule]), min(per_rule["duckdb"][rule])
    print(f"{rule:<22} {cw:>11.2f} {dd:>9.2f} {cw / dd:>6.2f}")
cw, dd = min(w for w, _ in totals["clearway"]), min(w for w, _ in totals["duckdb"])
cw_peak, dd_peak = max(p for _, p in totals["clearway"]), max(p for _, p in totals["duckdb"])
print(f"{'whole pack (process)':<22} {cw:>11.2f} {dd:>9.2f} {cw / dd:>6.2f}   target <= 1.2")
print(f"peak RSS: clearway {cw_peak:.0f} MB (target <= 4096), duckdb {dd_peak:.0f} MB")
