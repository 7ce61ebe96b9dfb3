# Shared set-up of the benchmark scripts (sourced, not run): builds clearway, installs the
# anchor (Python duckdb 2.0.0, the same engine clearway bundles) from PyPI into a virtualenv of
# its own, and generates the input once per row count and generator version.
#
# After sourcing: BIN (clearway), PY (the anchor's python), DIR (scratch), ROWS, RUNS, CSV.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROWS=${ROWS:-10000000}
RUNS=${RUNS:-3}
DIR=${BENCH_DIR:-$PWD/bench-data}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/clearway/target}"
mkdir -p "$DIR"

cargo build --release --quiet
BIN="$CARGO_TARGET_DIR/release/clearway"

if [ ! -x "$DIR/venv/bin/python" ]; then
  python3 -m venv "$DIR/venv"
  "$DIR/venv/bin/pip" install --quiet duckdb==2.0.0
fi
PY="$DIR/venv/bin/python"

# The generated file is reused only while the generator still produces the same data: the
# stamp is the hash of a small sample from the current build.
stamp=$("$BIN" sample-data generate --rows 1000 --seed 1 --out "$DIR/stamp" > /dev/null 2>&1 \
        && sha256sum "$DIR/stamp/declarations.csv" | cut -c1-16)
CSV="$DIR/$ROWS/declarations.csv"
if [ ! -s "$CSV" ] || [ "$(cat "$DIR/$ROWS/stamp" 2>/dev/null)" != "$stamp" ]; then
  /usr/bin/time -f "generate: %e s, peak %M KB" "$BIN" sample-data generate --rows "$ROWS" --seed 1 --out "$DIR/$ROWS" > /dev/null
  echo "$stamp" > "$DIR/$ROWS/stamp"
fi
echo "input: $CSV ($(du -h "$CSV" | cut -f1), $ROWS rows); anchor: $("$PY" -c 'import duckdb; print("Python duckdb", duckdb.__version__)')"
