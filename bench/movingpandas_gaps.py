"""Gap detection with movingpandas, the anchor of issue 6's "≥ 5× faster than movingpandas".

    python bench/movingpandas_gaps.py WORKSPACE.duckdb [GAP_HOURS]

Reads the AIS positions clearway loaded (one row per MMSI, time and position, as the ais_gap
rule counts them) into pandas — not timed: movingpandas starts from a DataFrame — then times
what movingpandas needs to find the gaps: a GeoDataFrame of points, a TrajectoryCollection by
MMSI and ObservationGapSplitter at GAP_HOURS (12). Prints JSON: seconds, positions, vessels,
gaps (segments beyond one per vessel) and the peak resident memory of the process.
"""
import json
import resource
import sys
import time
import warnings
from datetime import timedelta

import duckdb

warnings.filterwarnings("ignore")
import geopandas as gpd  # noqa: E402
import movingpandas as mpd  # noqa: E402

workspace = sys.argv[1]
gap_hours = float(sys.argv[2]) if len(sys.argv) > 2 else 12.0
con = duckdb.connect(workspace, read_only=True)
df = con.sql(
    "SELECT DISTINCT mmsi, ts, lat, lon FROM telemetry_events "
    "WHERE source = 'ais' AND ts IS NOT NULL AND lat IS NOT NULL"
).df()
con.close()

started = time.perf_counter()
gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df.lon, df.lat), crs="EPSG:4326")
collection = mpd.TrajectoryCollection(gdf, "mmsi", t="ts")
pieces = mpd.ObservationGapSplitter(collection).split(gap=timedelta(hours=gap_hours))
seconds = time.perf_counter() - started
print(
    json.dumps(
        {
            "seconds": seconds,
            "positions": len(df),
            "vessels": len(collection),
            "gaps": len(pieces) - len(collection),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        }
    )
)
