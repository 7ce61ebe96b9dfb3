#!/usr/bin/env bash
# Creates the Python environment that `clearway risk run --engine spark` and the Spark
# identity test (tests/it/spark.rs) use: pyspark from PyPI (pinned in requirements.txt) at
# $CLEARWAY_PYSPARK_VENV, else ~/.cache/clearway/pyspark-venv. Idempotent; prints the Python
# to pass as --python (or CLEARWAY_PYSPARK_PYTHON). Spark also needs Java 17 or newer.
set -euo pipefail
VENV="${CLEARWAY_PYSPARK_VENV:-$HOME/.cache/clearway/pyspark-venv}"
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
if ! cmp -s "$HERE/requirements.txt" "$VENV/requirements.txt"; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
  cp "$HERE/requirements.txt" "$VENV/requirements.txt"
fi
if ! command -v java > /dev/null 2>&1 && [ -z "${JAVA_HOME:-}" ]; then
  echo "warning: no Java on PATH and no JAVA_HOME; Spark needs Java 17 or newer" >&2
fi
echo "pyspark environment ready: $VENV/bin/python"
