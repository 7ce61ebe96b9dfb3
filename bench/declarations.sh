#!/usr/bin/env bash
# Benchmark of issue 2: clearway against the Python `duckdb` 2.0.0 package (the same engine),
# side by side in one run, on the same generated file.
#
#   bash bench/declarations.sh            # 10 million rows (about 2.6 GB of CSV)
#   ROWS=1000000 bash bench/declarations.sh
#
# Measures (wall time, best of RUNS, and peak RSS):
#   load:  clearway load declarations FILE   vs  CREATE TABLE ... AS SELECT * FROM read_csv(FILE)
#   query: clearway query "<group-by>"       vs  the same SQL in Python duckdb on the same workspace
# Prints the ratios; targets are load <= 1.3x with peak RSS <= 2 GB, query <= 1.1x.
source "$(dirname "$0")/common.sh"

GROUP_BY="SELECT left(hs_code, 2) AS chapter, origin_country, count(*) AS items, sum(customs_value) AS value, avg(net_mass_kg) AS kg, count(DISTINCT importer_id) AS importers FROM declarations GROUP BY ALL ORDER BY chapter, origin_country"

exec "$PY" bench/declarations.py "$BIN" "$CSV" "$DIR" "$RUNS" "$GROUP_BY"
