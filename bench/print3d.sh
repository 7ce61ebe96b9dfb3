#!/usr/bin/env bash
# Benchmark of issue 8: fingerprinting a generated ~1 GB binary STL (a tessellated sphere) —
# clearway's streaming fingerprint (sha256 + cgh-v1 via an external merge sort + D2 + area,
# volume, bbox) against sha256sum over the same bytes (the floor) and against loading the same
# file with numpy-stl 4.1.1 and trimesh 5.2.0 (PyPI). Target: >= 10x trimesh, memory bounded.
#
#   bash bench/print3d.sh                    # 21,400,000 triangles, 1.07 GB
#   TRIANGLES=2000000 bash bench/print3d.sh
set -euo pipefail
cd "$(dirname "$0")/.."
TRIANGLES=${TRIANGLES:-21400000}
DIR=${BENCH_DIR:-$PWD/bench-data}/print3d
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/clearway/target}"
mkdir -p "$DIR"
cargo build --release --quiet -p clearway-formats --example design_fingerprint
TOOL="$CARGO_TARGET_DIR/release/examples/design_fingerprint"
if [ ! -x "$DIR/venv/bin/python" ]; then
  python3 -m venv "$DIR/venv"
fi
"$DIR/venv/bin/pip" install --quiet numpy==2.2.6 numpy-stl==4.1.1 trimesh==5.2.0
FILE="$DIR/sphere-$TRIANGLES.stl"
[ -s "$FILE" ] || "$TOOL" generate "$TRIANGLES" "$FILE"
bytes=$(stat -c %s "$FILE")
cat "$FILE" > /dev/null
# seconds and peak MB of a command, from /usr/bin/time
timed() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; }
sha=$(timed sha256sum "$FILE")
# OpenSSL's SHA-256 (SHA-NI where the CPU has it, as clearway's sha2 uses): the hashing floor
# on this machine, where coreutils' sha256sum is a portable C loop
ossl=$(timed "$DIR/venv/bin/python" -c "
import hashlib, sys
h = hashlib.sha256()
with open(sys.argv[1], 'rb') as f:
    while b := f.read(8 << 20):
        h.update(b)
print(h.hexdigest())" "$FILE")
cw=$(timed "$TOOL" fingerprint "$FILE")
cw_out=$("$TOOL" fingerprint "$FILE")
npstl=$(timed "$DIR/venv/bin/python" -c "import sys; from stl import mesh; m = mesh.Mesh.from_file(sys.argv[1]); print(len(m.vectors))" "$FILE")
tm=$(timed "$DIR/venv/bin/python" -c "import sys, trimesh; m = trimesh.load(sys.argv[1]); print(len(m.faces))" "$FILE")
row() { printf '%-48s %8.2fs %9.0f MB/s %8d MB\n' "$1" "$(echo "$2" | cut -d' ' -f1)" "$(echo "$bytes / $(echo "$2" | cut -d' ' -f1) / 1000000" | bc -l)" "$(( $(echo "$2" | cut -d' ' -f2) / 1024 ))"; }
echo "input: $FILE ($TRIANGLES triangles, $bytes bytes); clearway: triangles, sorted runs, seconds, cgh = $cw_out"
printf '%-48s %9s %14s %11s\n' measure time throughput "peak RSS"
row "sha256sum (the floor)" "$sha"
row "Python hashlib sha256 (OpenSSL)" "$ossl"
row "clearway streaming fingerprint" "$cw"
row "numpy-stl: Mesh.from_file" "$npstl"
row "trimesh: load (merges vertices)" "$tm"
echo "clearway vs trimesh: $(echo "$(echo "$tm" | cut -d' ' -f1) / $(echo "$cw" | cut -d' ' -f1)" | bc -l | cut -c1-5)x (target >= 10x)"
