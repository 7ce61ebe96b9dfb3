#!/usr/bin/env bash
# Benchmark of issue 6: AIS NMEA decoding against pyais 3.3.1 (PyPI) on the same file — the real
# sample repeated to N sentences; gap and encounter detection on ~10 M generated positions
# against the same SQL in Python duckdb; gap detection against movingpandas 0.23.0 (PyPI).
#
#   bash bench/telemetry.sh               # 898,000 sentences (the sample × 1,000)
#   REPEAT=100 bash bench/telemetry.sh
#
# decode:  crates/clearway-formats/examples/ais_decode (decoder + JSON payload, no database)  vs  pyais decoding every
#          message of FileReaderStream
# load:    clearway load telemetry (decode, Arrow batches into DuckDB, rejects, commit)
# Target: decoding >= 20x pyais. (The load line is for context: it also builds the JSON
# payload, writes DuckDB storage and commits.)
set -euo pipefail
cd "$(dirname "$0")/.."
REPEAT=${REPEAT:-1000}
DIR=${BENCH_DIR:-$PWD/bench-data}/ais
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/clearway/target}"
mkdir -p "$DIR"
cargo build --release --quiet -p clearway-formats --example ais_decode
BIN="$CARGO_TARGET_DIR/release/clearway"
DECODE="$CARGO_TARGET_DIR/release/examples/ais_decode"
if [ ! -x "$DIR/venv/bin/python" ]; then
  python3 -m venv "$DIR/venv"
  "$DIR/venv/bin/pip" install --quiet pyais==3.3.1
fi
"$DIR/venv/bin/pip" install --quiet pyais==3.3.1 duckdb==2.0.0 movingpandas==0.23.0
SAMPLE=../shared/data/telemetry/ais/pyais__nmea_data_sample.txt
FILE="$DIR/sample-x$REPEAT.nmea"
if [ ! -s "$FILE" ]; then
  for _ in $(seq "$REPEAT"); do cat "$SAMPLE"; echo; done > "$FILE"
fi
echo "input: $FILE ($(wc -l < "$FILE") lines)"
best() { sort -n | head -1; }
cw=$(for _ in 1 2 3; do "$DECODE" "$FILE" | cut -d' ' -f2; done | best)
py=$(for _ in 1 2 3; do "$DIR/venv/bin/python" - "$FILE" <<'PYEOF' | cut -d' ' -f2
import sys, time
from pyais import FileReaderStream
started = time.perf_counter(); n = 0
for msg in FileReaderStream(sys.argv[1]):
    try:
        msg.decode(); n += 1
    except Exception:
        pass
print(n, time.perf_counter() - started)
PYEOF
done | best)
load=$(for _ in 1 2; do rm -f "$DIR/w.duckdb" "$DIR/w.duckdb.wal"; s=$(date +%s.%N); "$BIN" --quiet --workspace "$DIR/w.duckdb" load telemetry "$FILE" > /dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; done | best)
echo
printf '%-42s %10s %10s %8s\n' measure clearway pyais ratio
printf '%-42s %9.2fs %9.2fs %7.1fx\n' "decode every message" "$cw" "$py" "$(echo "$py / $cw" | bc -l)"
printf '%-42s %9.2fs %9.2fs %7.1fx\n' "load into DuckDB (whole command) vs decode" "$load" "$py" "$(echo "$py / $load" | bc -l)"

# Part 2: gap detection over GAP_POSITIONS-ish AIS positions (400 vessels, one report every
# GAP_EVERY minutes for a year) linked to 1 M generated declarations: `clearway risk run --pack
# telemetry --rule ais_gap` against the rule's own SQL run directly in Python duckdb
# (bench/risk_anchor.py), and the same for ais_encounter. Target <= 1.2x.
GAP_EVERY=${GAP_EVERY:-20}
GAPS="$DIR/gaps-$GAP_EVERY"
if [ ! -s "$GAPS/ais.nmea" ]; then
  "$BIN" --quiet sample-data generate --rows 1000000 --seed 1 --ais-vessels 400 --ais-every "$GAP_EVERY" --out "$GAPS" > /dev/null
  rm -f "$GAPS/w.duckdb" "$GAPS/w.duckdb.wal"
fi
if [ ! -s "$GAPS/w.duckdb" ]; then
  "$BIN" --quiet --workspace "$GAPS/w.duckdb" load declarations "$GAPS/declarations.csv" > /dev/null
  "$BIN" --quiet --workspace "$GAPS/w.duckdb" load telemetry "$GAPS/ais.nmea" > /dev/null
fi
"$DIR/venv/bin/pip" install --quiet duckdb==2.0.0
"$BIN" --quiet --workspace "$GAPS/w.duckdb" init > /dev/null   # brings an older workspace's schema up to date
positions=$("$BIN" --quiet --workspace "$GAPS/w.duckdb" query "SELECT count(*) FROM telemetry_events" --format csv | tail -1)
cw_gap=$(for _ in 1 2; do "$BIN" --quiet --workspace "$GAPS/w.duckdb" risk run --pack telemetry --rule ais_gap --format json \
  | "$DIR/venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["rules"][0]["seconds"])'; done | best)
py_gap=$(for _ in 1 2; do "$DIR/venv/bin/python" bench/risk_anchor.py "$GAPS/w.duckdb" queries/telemetry ais_gap \
  | "$DIR/venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["ais_gap"])'; done | best)
cw_meet=$(for _ in 1 2; do "$BIN" --quiet --workspace "$GAPS/w.duckdb" risk run --pack telemetry --rule ais_encounter --format json \
  | "$DIR/venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["rules"][0]["seconds"])'; done | best)
py_meet=$(for _ in 1 2; do "$DIR/venv/bin/python" bench/risk_anchor.py "$GAPS/w.duckdb" queries/telemetry ais_encounter \
  | "$DIR/venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["ais_encounter"])'; done | best)
printf '%-42s %9.2fs %9.2fs %7.2fx\n' "ais_gap over $positions positions" "$cw_gap" "$py_gap" "$(echo "$cw_gap / $py_gap" | bc -l)"
printf '%-42s %9.2fs %9.2fs %7.2fx\n' "ais_encounter over $positions positions" "$cw_meet" "$py_meet" "$(echo "$cw_meet / $py_meet" | bc -l)"
echo "(the last two ratios are clearway / Python duckdb on the same SQL; target <= 1.2)"

# Part 3: the same gaps with movingpandas (TrajectoryCollection by MMSI, ObservationGapSplitter
# at 12 h) from a DataFrame of the same positions; the DataFrame's extraction is not timed.
# Target: clearway >= 5x faster. movingpandas takes minutes and about 5 GB here.
mp=$("$DIR/venv/bin/python" bench/movingpandas_gaps.py "$GAPS/w.duckdb" 12)
mp_s=$(echo "$mp" | "$DIR/venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')
mp_gaps=$(echo "$mp" | "$DIR/venv/bin/python" -c 'import json,sys; d=json.load(sys.stdin); print(d["gaps"], d["peak_rss_mb"])')
cw_gaps=$("$BIN" --quiet --workspace "$GAPS/w.duckdb" query "SELECT count(DISTINCT (evidence->>'mmsi', evidence->>'went_dark_at')) FROM risk_hits WHERE run_id = (SELECT max(run_id) FROM risk_runs WHERE rules::VARCHAR LIKE '%ais_gap%')" --format csv | tail -1)
printf '%-42s %9.2fs %9.2fs %7.1fx\n' "gaps >= 12 h: clearway ais_gap vs movingpandas" "$cw_gap" "$mp_s" "$(echo "$mp_s / $cw_gap" | bc -l)"
echo "(gaps found: clearway $cw_gaps; movingpandas $(echo "$mp_gaps" | cut -d' ' -f1), peak $(echo "$mp_gaps" | cut -d' ' -f2) MB; target >= 5x)"
