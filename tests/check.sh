#!/usr/bin/env bash
# The fast loop: lint, format check, types and the fast tests, installing nothing.
# Use it while editing; tests/run_all.sh (what CI runs) installs everything and runs it all.
# Arguments go to pytest, e.g. `bash tests/check.sh -k slip`.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m ruff check .
python -m ruff format --check .
python -m mypy
python -m pytest -q -m "not slow" "$@"
