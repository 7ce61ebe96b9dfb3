#!/usr/bin/env python3
"""Regenerates all_types.pyais.json: pyais's decode of every message in all_types.nmea.

    python3 -m venv ~/.cache/clearway/pyais-venv
    ~/.cache/clearway/pyais-venv/bin/pip install pyais==3.3.1
    ~/.cache/clearway/pyais-venv/bin/python tests/data/ais/pyais_expected.py

Consecutive sentences make one message (a fragment count above 1 opens a group). Each record is
{"raw": the sentences joined by a newline, "pyais": asdict() with enums as their integer value
and bytes as lowercase hex}. The integration test tests/it/telemetry.rs
(`every_message_type_decodes_as_pyais_decodes_it`) compares clearway's stored payload with it.
"""
import enum
import json
import pathlib
import sys

import pyais
from pyais import decode

HERE = pathlib.Path(__file__).resolve().parent
PINNED = "3.3.1"


def plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    return value


def main():
    if pyais.__version__ != PINNED:
        sys.exit(f"pyais {pyais.__version__} found, the fixture is pinned to {PINNED}")
    groups, pending = [], []
    for line in (HERE / "all_types.nmea").read_text().splitlines():
        if not line.startswith("!"):
            continue
        pending.append(line)
        count, number = line.split(",")[1:3]
        if count == number:
            groups.append(pending)
            pending = []
    assert not pending, pending
    records = []
    for sentences in groups:
        fields = decode(*sentences).asdict()
        records.append({"raw": "\n".join(sentences),
                        "pyais": {k: plain(v) for k, v in fields.items()}})
    out = {"pyais_version": pyais.__version__, "messages": records}
    (HERE / "all_types.pyais.json").write_text(json.dumps(out, indent=1) + "\n")
    print(f"{len(records)} messages written")


if __name__ == "__main__":
    main()
