#!/usr/bin/env bash
# Copies seed inputs for every fuzz target into fuzz/corpus/<target>/ (gitignored).
# Sources: sample-data/, crates/clearway-formats/tests/data/ and, when present, ../shared/data
# (next to the repository's checkout). Line-based files (NMEA, CSV, JSON lines) are cut to their
# first lines so seeds stay small; whole-document seeds over 256 KB are left out (libFuzzer's
# default -max_len follows the largest seed, and a large seed slows every execution).
# Usage: fuzz/seed.sh            (run from anywhere; safe to re-run)
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$fuzz/.." && pwd)"
sample="$root/sample-data"
tests="$root/crates/clearway-formats/tests/data"
shared="${CLEARWAY_SHARED_DATA:-$root/../shared/data}"
[ -d "$shared" ] || shared=""
corpus="$fuzz/corpus"

# seed TARGET FILE...: copy whole files (skipping missing ones and ones over 256 KB)
seed() {
    local target="$1"; shift
    mkdir -p "$corpus/$target"
    for f in "$@"; do
        [ -f "$f" ] || continue
        [ "$(stat -c %s "$f")" -le 262144 ] || continue
        cp "$f" "$corpus/$target/$(basename "$(dirname "$f")")__$(basename "$f")"
    done
}
# seed_lines TARGET LINES FILE...: the first LINES lines of each file
seed_lines() {
    local target="$1" lines="$2"; shift 2
    mkdir -p "$corpus/$target"
    for f in "$@"; do
        [ -f "$f" ] || continue
        head -n "$lines" "$f" > "$corpus/$target/$(basename "$f").head$lines"
    done
}

# Shared data, when present (empty globs expand to nothing).
shopt -s nullglob
# S PATTERN...: the patterns under the shared folder, quoted by the caller so that the glob is
# expanded here (by the unquoted $(...) at the call) and not in the current directory.
S() { [ -n "$shared" ] && for p in "$@"; do echo "$shared/$p"; done; true; }

# Telemetry
seed_lines telemetry_ais 200 "$sample/ais.nmea" $(S 'telemetry/ais/pyais__mixed.txt' 'telemetry/ais/pyais__nmea_data_sample.txt')
seed telemetry_ais "$tests"/ais/*.nmea $(S 'telemetry/ais/pyais__ais_test_messages' 'telemetry/ais/pyais__mixed.txt')
# Remote ID: no capture in the data sets; the seeds are the hex lines a Remote ID CSV holds
# (a Basic ID and a Location message, encoded as the crate's own unit tests build them).
mkdir -p "$corpus/telemetry_remote_id"
printf '0212313538314635424b4b3030303030303100000000000000\n' > "$corpus/telemetry_remote_id/basic_id.hex"
printf '12200000000000000000000000000000000000000000000000\n' > "$corpus/telemetry_remote_id/location.hex"
seed_lines telemetry_rows 100 "$sample/containers.csv" $(S 'telemetry/ais/nmea_data_sample.expected.csv')
seed telemetry_rows $(S 'telemetry/dcsa/conformance_gateway/*.json')

# Ledgers
seed ledger_fabric_block $(S 'ledger/fabric/*blockfile*')
seed ledger_fabric_json $(S 'ledger/fabric/*.json')
seed ledger_evm $(S 'ledger/ethereum/*')
seed ledger_openattestation $(S 'ledger/openattestation/*.json')
seed_lines ledger_generic 50 "$sample/ledger.jsonl"

# 3D-print designs
seed print3d_stl "$sample"/designs/*/*.stl $(S 'print3d/stl/*.stl')
seed print3d_3mf "$sample"/designs/*/*.3mf $(S 'print3d/3mf/*.3mf')
seed print3d_amf "$sample"/designs/*/*.amf $(S 'print3d/amf/*')
seed print3d_obj "$sample"/designs/*/*.obj $(S 'print3d/obj/*')
seed print3d_gcode "$sample"/designs/*/*.gcode $(S 'print3d/gcode/*')
seed print3d_bgcode "$sample"/designs/*/*.bgcode $(S 'print3d/bgcode/*')
seed print3d_mesh_readers "$sample"/designs/*/*.stl "$sample"/designs/*/*.3mf $(S 'print3d/stl/*.stl' 'print3d/3mf/*.3mf')

for d in "$corpus"/*/; do
    printf '%-24s %3d seed(s)\n' "$(basename "$d")" "$(find "$d" -type f | wc -l)"
done

# Plugin messages: JSON-RPC lines as plugins/README.md describes them (a handshake result, a
# progress and a log notification, an item, an error with data, a malformed line).
mkdir -p "$corpus/plugin_messages"
printf '%s\n' \
  '{"jsonrpc":"2.0","id":1,"result":{"protocol":1,"name":"echo","commands":[{"name":"echo","output":"json"}]}}' \
  '{"jsonrpc":"2.0","method":"$/progress","params":{"done":3,"total":10,"message":"scoring"}}' \
  '{"jsonrpc":"2.0","method":"$/log","params":{"level":"warn","message":"slow"}}' \
  '{"jsonrpc":"2.0","method":"$/item","params":{"device_id":"D1","at":"2025-01-01T00:00:00Z","lat":1.5,"lon":2.5}}' \
  '{"jsonrpc":"2.0","id":2,"error":{"code":-32001,"message":"no such model","data":{"kind":"input","help":"train first"}}}' \
  'not json at all' > "$corpus/plugin_messages/session.ndjson"

# Inspection results: one as the pack's page saves it (two checks, a photo, a label), the
# shape docs/inspect.md describes.
mkdir -p "$corpus/inspection_result"
printf '%s\n' '{"format":"clearway-inspection-result/1","pack_id":"p1","declaration_id":"D1",' \
  '"checklist":{"format":"clearway-inspection-checklist/1","pack_id":"p1","declaration_id":"D1","run_id":3,' \
  '"issued_at":"2026-12-07T08:00:00Z","checks":[{"id":"C01","kind":"seal","item_no":null,"text":"seal S1","because":[]},' \
  '{"id":"C02","kind":"count","item_no":1,"text":"count 10 packages","because":["unit_value_outlier"]}]},' \
  '"checklist_sha256":"00","inspector":"A. Officer","inspected_at":"2026-12-07T10:30:00+01:00",' \
  '"answers":[{"check":"C01","outcome":"found"},{"check":"C02","outcome":"deviation","note":"9 packages",' \
  '"photos":[{"file":"photos/c02.jpg","sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}]}],' \
  '"labels":[{"item_no":1,"illicit":true,"revenue_recovered":"1234.50"}]}' \
  > "$corpus/inspection_result/result.json"

# Mapping files: the ASYCUDA-style test mapping, and the example of the mapping module's doc.
seed mapping_toml "$root/tests/data/asycuda/mapping.toml"
mkdir -p "$corpus/mapping_toml"
printf '%s\n' 'name = "nigeria-weekly"' '[columns]' 'SGD_NUM  = "declaration_id"' \
  'SGD_DATE = { to = "declared_at", date_format = "%d-%b-%y" }' \
  'ITEM     = { to = "item_no", n_of_m = true }' 'HSCODE   = { to = "hs_code", zero_pad = 10 }' \
  'WEIGHT_G = { to = "gross_mass_kg", factor = 0.001 }' \
  'ORIGIN   = { to = "origin_country", country = "name" }' '[constants]' 'currency = "NGN"' \
  > "$corpus/mapping_toml/module_doc.toml"
