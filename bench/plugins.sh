#!/usr/bin/env bash
# Benchmark of issue 9: plugin round trips through the echo fixture (plugins/echo, Python
# standard library) — the latency of a no-op call in a persistent session, over exec (stdio)
# and over http on loopback, and a 1,000,000-row table sent to the plugin and stored back in
# DuckDB as Arrow IPC against the same table as JSON rows.
#
#   bash bench/plugins.sh                   # 1,000,000 rows, 2,000 calls
#   ROWS=100000 CALLS=500 bash bench/plugins.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
CALLS=${CALLS:-2000}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/clearway/target}"
cargo build --release --quiet --example plugin_bench
TOOL="$CARGO_TARGET_DIR/release/examples/plugin_bench"
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
python3 plugins/echo/echo.py --http 0 > "$work/port" 2>/dev/null &
server=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(awk '{print $3}' "$work/port")
# JSON rows of a million-row table are one message far above the fixture's 1 MB cap: both
# copies of the manifest raise it (the Arrow path never needed it)
mkdir -p "$work/echo" "$work/echo-http"
cp plugins/echo/echo.py "$work/echo/"
sed -e 's/^max_response_bytes = .*/max_response_bytes = 4000000000/' -e 's/^call_timeout_ms = .*/call_timeout_ms = 600000/' \
    plugins/echo/plugin.toml > "$work/echo/plugin.toml"
sed -e 's/^kind = "exec"/kind = "http"/' -e "s#^command = \\[.*#base_url = \"http://127.0.0.1:$port\"#" -e '/^env = /d' \
    "$work/echo/plugin.toml" > "$work/echo-http/plugin.toml"
read -r emean ep50 ep99 < <("$TOOL" latency "$work/echo" "$CALLS")
read -r hmean hp50 hp99 < <("$TOOL" latency "$work/echo-http" "$CALLS")
printf '%-44s %10s %10s %10s\n' "no-op call ($CALLS in one session)" mean p50 p99
printf '%-44s %8s µs %8s µs %8s µs\n' "exec (stdio, persistent process)" "$emean" "$ep50" "$ep99"
printf '%-44s %8s µs %8s µs %8s µs\n' "http (loopback, one connection pool)" "$hmean" "$hp50" "$hp99"
table() { /usr/bin/time -f "%M" "$TOOL" table "$1" "$ROWS" "$2" 2> "$work/mem" ; }
printf '\n%-44s %10s %12s %10s %10s\n' "$ROWS rows there and back, stored in DuckDB" seconds "payload" "rows back" "peak RSS"
for transport in "$work/echo" "$work/echo-http"; do
  name=exec; [ "$transport" = "$work/echo" ] || name=http
  for enc in arrow json; do
    table "$transport" "$enc" > "$work/out"
    read -r secs bytes back < "$work/out"
    printf '%-44s %10s %9s MB %10s %7s MB\n' "$name, $enc" "$secs" "$((bytes / 1000000))" "$back" "$(( $(tail -1 "$work/mem") / 1024 ))"
  done
done
