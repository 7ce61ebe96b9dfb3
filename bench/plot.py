"""Driver of bench/plot.sh: charts of 10 M and 100 M rows, clearway against DuckDB and matplotlib."""
import json
import os
import sys

from benchlib import alternating, loaded_workspace, measure

bin_, csv, work, runs, parquet_rows = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
py = sys.executable
env = dict(os.environ, CLEARWAY_NO_PROGRESS="1")
anchor = os.path.join(os.path.dirname(os.path.abspath(__file__)), "plot_anchor.py")
workspace = loaded_workspace(bin_, csv, work, env)

# Log-normal masses and values with a correlation, written by DuckDB.
parquet = os.path.join(work, f"pairs-{parquet_rows}.parquet")
if not os.path.exists(parquet):
    import duckdb

    duckdb.execute(f"""COPY (SELECT exp(6 + 1.5 * z1) AS net_mass_kg, exp(8 + 1.2 * z1 + 0.8 * z2) AS customs_value
                            FROM (SELECT sqrt(-2 * ln(random())) * cos(2 * pi() * random()) AS z1,
                                         sqrt(-2 * ln(random())) * cos(2 * pi() * random()) AS z2
                                  FROM range({parquet_rows})))
                       TO '{parquet}' (FORMAT parquet)""")

table = ("table declarations", "SELECT * FROM declarations", ["--table", "declarations"])
files = (f"parquet, {parquet_rows:,} rows", f"SELECT * FROM read_parquet('{parquet}')",
         ["--query", f"SELECT * FROM read_parquet('{parquet}')"])
cases = [
    ("histogram", table, ["--x", "customs_value", "--log-x"]),
    ("density", table, ["--x", "net_mass_kg", "--y", "customs_value", "--log-x", "--log-y"]),
    ("histogram", files, ["--x", "customs_value", "--log-x"]),
    ("density", files, ["--x", "net_mass_kg", "--y", "customs_value", "--log-x", "--log-y"]),
]

print(f"\n{'chart':<10} {'source':<28} {'clearway s':>10} {'duckdb s':>9} {'ratio':>6} {'budget s':>9}"
      f" {'draw s':>7} {'matplotlib s':>12} {'peak MB':>8}")
for kind, (label, source, flags), cols in cases:
    plot_kind = "histogram" if kind == "histogram" else "scatter"
    out = os.path.join(work, f"{kind}.png")
    cw, dd, draw, mpl, peak = [], [], [], [], []
    for order in alternating(runs, ["clearway", "duckdb"]):
        for who in order:
            if who == "clearway":
                wall, rss, stdout = measure([bin_, "--quiet", "--workspace", workspace, "plot", plot_kind, *flags, *cols,
                                             "--out", out, "--format", "json"], env)
                cw.append(wall)
                peak.append(rss)
                draw.append(json.loads(stdout)["draw_seconds"])
            else:
                x, y = cols[1], (cols[3] if kind == "density" else cols[1])
                _, _, stdout = measure([py, anchor, "duckdb", workspace, kind, source, x, y], env)
                result = json.loads(stdout)
                dd.append(result["seconds"])
                aggregate_file = os.path.join(work, "aggregate.json")
                with open(aggregate_file, "w") as f:
                    json.dump(result["aggregate"], f)
                _, _, stdout = measure([py, anchor, "matplotlib", kind, aggregate_file, out + ".mpl.png"], env)
                mpl.append(json.loads(stdout)["seconds"])
    c, d = min(cw), min(dd)
    print(f"{kind:<10} {label:<28} {c:>10.2f} {d:>9.2f} {c / d:>6.2f} {1.2 * d + 0.15:>9.2f}"
          f" {min(draw):>7.3f} {min(mpl):>12.3f} {max(peak):>8.0f}")
print("\nbudget = 1.2 x DuckDB + 0.15 s (the target); draw = clearway's PNG drawing and writing alone.")
