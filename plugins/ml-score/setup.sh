#!/usr/bin/env bash
# Creates ml-score's Python environment from PyPI (numpy, pyarrow, scikit-learn; pinned in
# requirements.txt) at $CLEARWAY_ML_VENV, else ~/.cache/clearway/ml-score-venv. Idempotent.
set -euo pipefail
VENV="${CLEARWAY_ML_VENV:-$HOME/.cache/clearway/ml-score-venv}"
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
if ! cmp -s "$HERE/requirements.txt" "$VENV/requirements.txt"; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
  cp "$HERE/requirements.txt" "$VENV/requirements.txt"
fi
echo "ml-score environment ready: $VENV"
