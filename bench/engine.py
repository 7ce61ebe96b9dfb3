"""bench/engine.sh's driver: bench/engine.sql in clearway's engine and in Python duckdb 2.0.0.

    engine.py ENGINE_BENCH WORKSPACE STATEMENTS CSV DIR RUNS ROUNDS
    engine.py --anchor WORKSPACE STATEMENTS CSV OUT RUNS     (the anchor's side, one process)

Each side is its own process and reads the same workspace file read-only, with the same memory
limit (clearway's default, 3GB) and DuckDB's default thread count. Inside a process every
statement runs once to warm up and then RUNS times, timed around execute-and-fetch: engine time,
not process start-up. The two processes alternate who goes first over ROUNDS rounds; a
statement's figure is its best run over all rounds. Prints a table of seconds and ratios and
the geometric mean of the ratios.
"""
import json
import math
import os
import subprocess
import sys
import time

MEMORY_LIMIT = "3GB"  # clearway's DEFAULT_MEMORY_LIMIT (src/workspace/mod.rs)


def parse_statements(text):
    """(name, sql) pairs, read as examples/engine_bench.rs reads them."""
    statements, current = [], None
    for line in text.splitlines():
        if line.startswith("-- "):
            name = line[3:].split(":", 1)[0] if ":" in line else None
            if name and " " not in name:
                if current is not None:
                    sys.exit(f"statement {current[0]} has no closing ';' before {name}")
                current = (name, [])
            continue
        if current is not None:
            current[1].append(line)
            if line.rstrip().endswith(";"):
                statements.append((current[0], "\n".join(current[1])))
                current = None
    if current is not None:
        sys.exit(f"statement {current[0]} has no closing ';'")
    return statements


def anchor(workspace, statements, csv, out, runs):
    import duckdb

    con = duckdb.connect(workspace, read_only=True, config={
        "memory_limit": MEMORY_LIMIT,
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
    })
    times = {}
    for name, sql in parse_statements(open(statements).read()):
        sql = sql.replace("{csv}", csv).replace("{out}", out)
        runs_s = []
        for _ in range(runs + 1):
            started = time.perf_counter()
            con.execute(sql).fetchall()
            runs_s.append(time.perf_counter() - started)
        times[name] = runs_s[1:]
    print(json.dumps(times))


def side(argv):
    out = subprocess.run(argv, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"failed: {argv}\n{out.stderr}")
    return json.loads(out.stdout)


def main(engine_benches, workspace, statements, csv, work, runs, rounds):
    """ENGINE_BENCHES is one engine_bench binary, or several as NAME=PATH,NAME=PATH (build
    experiments side by side); each is compared with the anchor."""
    names = [name for name, _ in parse_statements(open(statements).read())]
    engines = dict(e.split("=", 1) if "=" in e else ("clearway", e) for e in engine_benches.split(","))
    commands = {
        engine: [path, workspace, statements, csv, os.path.join(work, f"engine-{engine}.parquet"), runs]
        for engine, path in engines.items()
    }
    commands["duckdb"] = [sys.executable, __file__, "--anchor", workspace, statements, csv,
                          os.path.join(work, "engine-duckdb.parquet"), runs]
    best = {side_name: {n: math.inf for n in names} for side_name in commands}
    for i in range(int(rounds)):
        order = list(commands) if i % 2 == 0 else list(reversed(commands))
        for side_name in order:
            for name, seconds in side(commands[side_name]).items():
                best[side_name][name] = min(best[side_name][name], *seconds)

    print(f"{'statement':<16} {'duckdb ms':>10}" + "".join(f" {e + ' ms':>14} {'ratio':>6}" for e in engines))
    ratios = {e: [] for e in engines}
    for name in names:
        theirs = best["duckdb"][name]
        line = f"{name:<16} {theirs * 1000:>10.1f}"
        for e in engines:
            ours = best[e][name]
            ratios[e].append(ours / theirs)
            line += f" {ours * 1000:>14.1f} {ours / theirs:>5.2f}x"
        print(line)
    for e in engines:
        geo = math.exp(sum(math.log(r) for r in ratios[e]) / len(ratios[e]))
        print(f"{e}: geometric mean {geo:.2f}x, highest {max(ratios[e]):.2f}x "
              f"(target: geometric mean <= 1.00x, none above 1.10x)")


if __name__ == "__main__":
    if sys.argv[1] == "--anchor":
        anchor(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
    else:
        main(*sys.argv[1:])
