"""The anchors of bench/plot.sh.

  plot_anchor.py duckdb DATABASE KIND SOURCE_SQL X Y   -> seconds of DuckDB's aggregation
  plot_anchor.py matplotlib KIND AGGREGATE.json OUT.png -> seconds matplotlib takes to draw

The DuckDB anchor runs the statements clearway runs for the chart (src/viz/data.rs): a pass
for the range, then the binning, with the range bound as parameters.
"""
import json
import sys
import time


def duckdb_time(database, kind, source, x, y):
    import duckdb

    conn = duckdb.connect(database, read_only=True)
    ax = f"CASE WHEN CAST({x} AS DOUBLE) > 0 THEN log10(CAST({x} AS DOUBLE)) END"
    started = time.perf_counter()
    if kind == "histogram":
        lo, hi, n, total = conn.execute(f"SELECT min(a), max(a), count(a), count(*) FROM (SELECT {ax} AS a FROM ({source}))").fetchone()
        width = (hi - lo) / 50
        rows = conn.execute(
            f"SELECT least(CAST(floor((a - ?) / ?) AS BIGINT), ?) AS b, count(*) FROM (SELECT {ax} AS a FROM ({source})) "
            "WHERE a IS NOT NULL GROUP BY b ORDER BY b", [lo, width, 49]).fetchall()
        aggregate = {"bins": [[lo + b * width, lo + (b + 1) * width, c] for b, c in rows]}
    else:
        ay = ax.replace(x, y)
        pairs = f"SELECT * FROM (SELECT {ax} AS ax, {ay} AS ay FROM ({source})) WHERE ax IS NOT NULL AND ay IS NOT NULL"
        x0, x1, y0, y1, n = conn.execute(f"SELECT min(ax), max(ax), min(ay), max(ay), count(*) FROM ({pairs})").fetchone()
        wx, wy = (x1 - x0) / 120, (y1 - y0) / 120
        rows = conn.execute(
            f"SELECT least(CAST(floor((ax - ?) / ?) AS BIGINT), ?) AS i, least(CAST(floor((ay - ?) / ?) AS BIGINT), ?) AS j, count(*) "
            f"FROM ({pairs}) GROUP BY i, j", [x0, wx, 119, y0, wy, 119]).fetchall()
        aggregate = {"cells": rows, "x": [x0, x1], "y": [y0, y1]}
    return time.perf_counter() - started, aggregate


def matplotlib_time(kind, aggregate, out):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    started = time.perf_counter()
    fig, ax = plt.subplots(figsize=(12, 7.2), dpi=100)
    if kind == "histogram":
        bins = aggregate["bins"]
        ax.bar([b[0] for b in bins], [b[2] for b in bins], width=[b[1] - b[0] for b in bins], align="edge")
        ax.set_xlabel("log10 customs value")
    else:
        grid = np.zeros((120, 120))
        for i, j, c in aggregate["cells"]:
            grid[j, i] = c
        ax.imshow(np.log1p(grid), origin="lower", extent=aggregate["x"] + aggregate["y"], aspect="auto")
        ax.set_xlabel("log10 net mass")
    ax.set_title(kind)
    fig.savefig(out)
    plt.close(fig)
    return time.perf_counter() - started


if __name__ == "__main__":
    if sys.argv[1] == "duckdb":
        seconds, aggregate = duckdb_time(*sys.argv[2:7])
        print(json.dumps({"seconds": seconds, "aggregate": aggregate}))
    else:
        aggregate = json.load(open(sys.argv[3]))
        print(json.dumps({"seconds": matplotlib_time(sys.argv[2], aggregate, sys.argv[4])}))
