"""Driver of bench/scene.sh: scene tracks and flows, clearway against DuckDB, and the viewer's
frame time in headless Chromium."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from benchlib import alternating, loaded_workspace, measure

bin_, csv, work, runs, ais_rows, sql = sys.argv[1:7]
runs, ais_rows, statements = int(runs), int(ais_rows), json.loads(sql)
env = dict(os.environ, CLEARWAY_NO_PROGRESS="1")
loaded = loaded_workspace(bin_, csv, work, env)

# A copy of the loaded workspace with AIS_ROWS positions of vessels the declarations name and a
# risk run scoring every declaration (made once per input).
workspace = os.path.join(work, f"scene-{ais_rows}.duckdb")
stamp = f"{loaded} {os.path.getmtime(loaded)} {ais_rows}"
stamp_file = workspace + ".stamp"
current = open(stamp_file).read() if os.path.exists(stamp_file) else None
if not os.path.exists(workspace) or current != stamp:
    import duckdb

    shutil.copyfile(loaded, workspace)
    conn = duckdb.connect(workspace)
    started = time.perf_counter()
    conn.execute("CREATE TEMP TABLE vessels AS SELECT row_number() OVER () AS v, vessel_mmsi AS mmsi FROM (SELECT DISTINCT vessel_mmsi FROM declarations WHERE vessel_mmsi IS NOT NULL)")
    vessels = conn.execute("SELECT count(*) FROM vessels").fetchone()[0]
    conn.execute(f"""
        INSERT INTO telemetry_events (source, mmsi, ts, lat, lon, speed_kn, event_type)
        SELECT 'ais', v.mmsi,
               TIMESTAMP '2025-01-01' + to_seconds(CAST((i // {vessels}) * 600 AS BIGINT)),
               least(80, greatest(-80, (v.v % 120) - 60 + 10 * sin(i / 5000.0))),
               ((v.v * 37) % 340) - 170 + 20 * cos(i / 7000.0), 12.0, 'position'
        FROM range({ais_rows}) r(i) JOIN vessels v ON v.v = 1 + (i % {vessels})""")
    conn.execute("INSERT INTO risk_runs (run_id, started_at, finished_at, pack) VALUES (1, now(), now(), 'bench')")
    conn.execute("INSERT INTO risk_scores (run_id, declaration_id, total, lane) SELECT 1, declaration_id, random() * 5, 'green' FROM (SELECT DISTINCT declaration_id FROM declarations)")
    conn.close()
    with open(stamp_file, "w") as f:
        f.write(stamp)
    print(f"scene workspace: {ais_rows:,} positions of {vessels:,} vessels added in {time.perf_counter() - started:.1f} s")


def duckdb_time(kind, memory_limit=None):
    """DuckDB's time for the scene's statements; with `memory_limit`, under the same limit
    clearway's scene commands give DuckDB (src/scene/mod.rs, MEMORY_LIMIT)."""
    import duckdb

    conn = duckdb.connect(workspace, read_only=True)
    if memory_limit:
        conn.execute(f"SET memory_limit = '{memory_limit}'")
    params = {"run": 1, "max_tracks": 500, "points": 200, "max_markers": 1000}
    started = time.perf_counter()
    for statement in statements[kind]:
        used = {k: v for k, v in params.items() if f"${k}" in statement}
        conn.execute(statement, used).fetchall()
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def declarations():
    import duckdb

    conn = duckdb.connect(workspace, read_only=True)
    n = conn.execute("SELECT count(*) FROM declarations").fetchone()[0]
    conn.close()
    return n


rows = {"tracks": ais_rows, "flows": declarations()}
print(f"\n{'scene':<7} {'rows':>12} {'clearway s':>10} {'duckdb s':>9} {'ratio':>6} {'budget s':>9} {'peak MB':>8} {'scene MB':>9}"
      f" {'duckdb, no limit s':>19}")
pages = {}
for kind in ["tracks", "flows"]:
    out = os.path.join(work, f"scene-{kind}.glb")
    cw, dd, peak, free = [], [], [], []
    for order in alternating(runs, ["clearway", "duckdb"]):
        for who in order:
            if who == "clearway":
                wall, rss, _ = measure([bin_, "--quiet", "--workspace", workspace, "scene", kind, "--run", "1", "--out", out], env)
                cw.append(wall)
                peak.append(rss)
            else:
                dd.append(duckdb_time(kind, "800MB"))
                free.append(duckdb_time(kind))
    page = os.path.join(work, f"scene-{kind}.html")
    measure([bin_, "--quiet", "--workspace", workspace, "scene", kind, "--run", "1", "--out", page], env)
    pages[kind] = page
    c, d = min(cw), min(dd)
    budget = 1.2 * d + 0.2
    print(f"{kind:<7} {rows[kind]:>12,} {c:>10.3f} {d:>9.3f} {c / d:>5.2f}x {budget:>9.3f} {max(peak):>8.0f} "
          f"{os.path.getsize(out) / 1e6:>9.2f} {min(free):>19.3f}  {'ok' if c <= budget else 'OVER'}")

# Frame time: the tracks page redrawn 120 times while it turns (viewer.js, `#measure`).
chromium = shutil.which("chromium")
if chromium:
    for kind, page in pages.items():
        with tempfile.TemporaryDirectory() as profile:
            dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                  "--enable-unsafe-swiftshader", "--virtual-time-budget=60000", "--window-size=1280,900",
                                  f"--user-data-dir={profile}", "--dump-dom", f"file://{page}#measure"],
                                 capture_output=True, text=True).stdout
        m = re.search(r'data-frame-ms="([0-9.]+) ([0-9.]+)"', dom)
        if m:
            mean, p95 = float(m.group(1)), float(m.group(2))
            print(f"viewer, {kind}: {mean:.1f} ms mean, {p95:.1f} ms 95th percentile per frame "
                  f"({1000 / mean:.0f} frames per second) in headless Chromium, WebGL on the CPU (SwiftShader)")
        else:
            print(f"viewer, {kind}: no frame time reported")
else:
    print("viewer: chromium not installed, no frame time")
