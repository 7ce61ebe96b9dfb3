#!/usr/bin/env bash
# Benchmark of issue 7: verifying a generated Fabric chain of BLOCKS blocks (a peer block file,
# one ~1 KB endorser envelope per block) — hash-chain throughput against `sha256sum` over the
# same bytes (the floor; target >= 70 % of its throughput) and against a Python hashlib verifier
# doing the same checks (bench/ledger_anchor.py); ECDSA P-256 verifications per second against
# Python `cryptography` (PyPI). Also the whole `clearway load ledger` (verification + DuckDB).
#
#   bash bench/ledger.sh                  # 1,000,000 blocks
#   BLOCKS=100000 bash bench/ledger.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BLOCKS=${BLOCKS:-1000000}
DIR=${BENCH_DIR:-$PWD/bench-data}/ledger
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/clearway/target}"
mkdir -p "$DIR"
cargo build --release --quiet -p clearway-formats --example ledger_verify
cargo build --release --quiet
TOOL="$CARGO_TARGET_DIR/release/examples/ledger_verify"
BIN="$CARGO_TARGET_DIR/release/clearway"
if [ ! -x "$DIR/venv/bin/python" ]; then
  python3 -m venv "$DIR/venv"
fi
"$DIR/venv/bin/pip" install --quiet cryptography==50.0.2
FILE="$DIR/blockfile-$BLOCKS"
[ -s "$FILE" ] || "$TOOL" generate "$BLOCKS" "$FILE"
bytes=$(stat -c %s "$FILE")
cat "$FILE" > /dev/null   # both sides read from the page cache
best() { sort -n | head -1; }
sha=$(for _ in 1 2 3; do s=$(date +%s.%N); sha256sum "$FILE" > /dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; done | best)
cw=$(for _ in 1 2 3; do "$TOOL" verify "$FILE" | cut -d' ' -f4; done | best)
failed=$("$TOOL" verify "$FILE" | cut -d' ' -f2)
py=$(for _ in 1 2; do "$DIR/venv/bin/python" bench/ledger_anchor.py verify "$FILE" | cut -d' ' -f3; done | best)
N=20000
cw_sig=$(for _ in 1 2 3; do "$TOOL" ecdsa $N | cut -d' ' -f2; done | best)
py_sig=$(for _ in 1 2 3; do "$DIR/venv/bin/python" bench/ledger_anchor.py ecdsa $N | cut -d' ' -f2; done | best)
rm -f "$DIR/w.duckdb" "$DIR/w.duckdb.wal"
# The 1.1 GB block file is over the default bound on a file read whole (512 MiB, issue 19).
s=$(date +%s.%N); "$BIN" --quiet --workspace "$DIR/w.duckdb" load ledger --input-limit max_file_bytes=4GiB "$FILE" > /dev/null; e=$(date +%s.%N)
load=$(echo "$e - $s" | bc)
mb() { echo "$bytes / $1 / 1000000" | bc -l; }
echo "input: $FILE ($BLOCKS blocks, $bytes bytes, $failed failed)"
printf '%-44s %9s %11s %8s\n' measure seconds "MB/s | /s" "share"
printf '%-44s %8.2fs %11.0f %7s\n' "sha256sum over the file (floor)" "$sha" "$(mb "$sha")" "100 %"
printf '%-44s %8.2fs %11.0f %6.0f %%\n' "clearway: parse + verify every block" "$cw" "$(mb "$cw")" "$(echo "100 * $sha / $cw" | bc -l)"
printf '%-44s %8.2fs %11.0f %6.0f %%\n' "Python hashlib verifier, same checks" "$py" "$(mb "$py")" "$(echo "100 * $sha / $py" | bc -l)"
printf '%-44s %8.2fs %11.0f\n' "clearway ECDSA P-256 verifications ($N)" "$cw_sig" "$(echo "$N / $cw_sig" | bc -l)"
printf '%-44s %8.2fs %11.0f\n' "Python cryptography verifications ($N)" "$py_sig" "$(echo "$N / $py_sig" | bc -l)"
printf '%-44s %8.2fs\n' "clearway load ledger (verify + DuckDB)" "$load"
echo "(target: clearway's hash-chain throughput >= 70 % of sha256sum's)"
