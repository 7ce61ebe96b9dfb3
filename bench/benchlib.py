"""Helpers shared by the benchmark drivers: one child process measured at a time."""
import os
import subprocess
import sys
import time


def measure(argv, env=None):
    """Runs argv; returns (wall seconds, peak RSS in MB, stdout). Exits on failure."""
    started = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    if out.returncode != 0:
        sys.exit(f"command failed: {argv}\n{out.stderr}")
    peak_kb = int(out.stderr.strip().splitlines()[-1])
    return wall, peak_kb / 1024, out.stdout


def fresh(path):
    """Removes a DuckDB file and its WAL; returns the path."""
    for suffix in ("", ".wal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    return path


def alternating(runs, names):
    """Run orders that alternate who goes first, so neither always gets the warmer cache."""
    for i in range(runs):
        yield list(names) if i % 2 == 0 else list(reversed(names))


def loaded_workspace(bin_, csv, work, env):
    """A workspace with `csv` loaded by clearway, made once per input file and reused."""
    loaded = os.path.join(work, "loaded.duckdb")
    stamp = os.path.join(work, "loaded.stamp")
    source = f"{csv} {os.path.getmtime(csv)}"
    previous = open(stamp).read() if os.path.exists(stamp) else None
    if not os.path.exists(loaded) or previous != source:
        measure([bin_, "--quiet", "--workspace", fresh(loaded), "load", "declarations", csv], env)
        with open(stamp, "w") as f:
            f.write(source)
    return loaded
