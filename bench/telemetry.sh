#!/usr/bin/env bash
# Benchmark of issue 6 (so far): AIS NMEA decoding, clearway against pyais 3.3.1 (PyPI) on the
# same file — the real sample repeated to N sentences.
#
#   bash bench/telemetry.sh               # 898,000 sentences (the sample × 1,000)
#   REPEAT=100 bash bench/telemetry.sh
#
# decode:  examples/ais_decode (decoder + JSON payload, no database)  vs  pyais decoding every
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
cargo build --release --quiet --example ais_decode
BIN="$CARGO_TARGET_DIR/release/clearway"
DECODE="$CARGO_TARGET_DIR/release/examples/ais_decode"
if [ ! -x "$DIR/venv/bin/python" ]; then
  python3 -m venv "$DIR/venv"
  "$DIR/venv/bin/pip" install --quiet pyais==3.3.1
fi
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
