#!/usr/bin/env bash
# Benchmark of issue 18: what a one-line change in a format reader costs before the tests can
# run again. The change is a comment appended to the STL reader; the build is the test build
# (`cargo test --release --no-run`), so what is timed is exactly the wait between saving the
# reader and running its tests.
#
#   before  the workbench as one crate (commit BEFORE, default 2f26bee): the reader lives in
#           src/print3d/stl.rs and every test binary of the crate is rebuilt;
#   after   the reader lives in crates/clearway-formats: its own test suite
#           (`-p clearway-formats`) and, for comparison, the whole workspace's.
#
#   bash bench/build.sh              # RUNS=3 of each
#
# Both trees share one target directory, so no dependency (DuckDB above all) is rebuilt; only
# the crates that contain or depend on the reader. The appended comments are removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
BEFORE=${BEFORE:-2f26bee}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/clearway/target}"
# DuckDB's compiler is named by an absolute path (.cargo/config.toml), and libduckdb-sys
# rebuilds DuckDB whenever that value changes: set here, it is the same for both trees (cargo's
# [env] does not override a variable that is already set), so DuckDB is built once, not twice
# per run. The old tree has no such setting and would otherwise build with another compiler.
export CXX_x86_64_unknown_linux_gnu="$PWD/.cargo/duckdb-cxx"
OLD=$(mktemp -d)/before
git worktree add --quiet --detach "$OLD" "$BEFORE"
cleanup() {
  git checkout --quiet -- crates/clearway-formats/src/print3d/stl.rs
  git worktree remove --force "$OLD"
}
trap cleanup EXIT

# seconds of one edit-and-build in folder $1 touching file $2 with cargo arguments $3...
edit_and_build() {
  local dir=$1 file=$2
  shift 2
  echo "// edit $RANDOM" >> "$dir/$file"
  (cd "$dir" && /usr/bin/time -f "%e" cargo test --release --no-run --quiet "$@" 2>&1 >/dev/null | tail -1)
}

# warm both trees once (the first build of a fresh checkout compiles every crate of its own)
edit_and_build "$OLD" src/print3d/stl.rs > /dev/null
edit_and_build . crates/clearway-formats/src/print3d/stl.rs > /dev/null

for i in $(seq "$RUNS"); do
  before=$(edit_and_build "$OLD" src/print3d/stl.rs)
  formats=$(edit_and_build . crates/clearway-formats/src/print3d/stl.rs -p clearway-formats)
  whole=$(edit_and_build . crates/clearway-formats/src/print3d/stl.rs)
  echo "run $i: before (one crate) ${before} s · after: clearway-formats tests ${formats} s, whole workspace ${whole} s"
done
