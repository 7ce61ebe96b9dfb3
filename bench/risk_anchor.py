"""The anchor of bench/risk.sh: every rule of a pack run directly in Python duckdb.

Usage: risk_anchor.py WORKSPACE PACK_DIR [RULE_ID] — prints {"rule_id": seconds, ...} as JSON.
Each rule file is read as clearway reads it (a TOML header between `-- ---` lines, then one
SQL statement); its parameters are bound by name with their header defaults.
"""
import glob
import json
import os
import sys
import time
import tomllib

import duckdb


def read_rule(path):
    lines = open(path, encoding="utf-8").read().splitlines()
    end = lines.index("-- ---", 1)
    header = tomllib.loads("\n".join(line[3:] if line.startswith("-- ") else line[2:] for line in lines[1:end]))
    params = {name: spec["default"] for name, spec in header.get("params", {}).items()}
    return header["id"], "\n".join(lines[end + 1:]), params


def main(workspace, pack, only=None):
    conn = duckdb.connect(workspace, read_only=True)
    timings = {}
    for path in sorted(glob.glob(os.path.join(pack, "*.sql"))):
        rule_id, sql, params = read_rule(path)
        if only and rule_id != only:
            continue
        started = time.perf_counter()
        conn.execute(f"CREATE TEMP TABLE hits AS {sql}", params)
        timings[rule_id] = time.perf_counter() - started
        conn.execute("DROP TABLE hits")
    print(json.dumps(timings))


if __name__ == "__main__":
    main(*sys.argv[1:4])
