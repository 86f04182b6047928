#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite (lint, types, tests).
# Safe to run again: installs are skipped when already present.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(poppler-utils zbar-tools libnss3-tools libegl1 libgl1 libfontconfig1
                 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3 libglib2.0-0 libpulse0
                 libsane-dev gcc libpipewire-0.3-0 libva2 libva-drm2 libva-x11-2
                 cups cups-pdf)
# libsane-dev (+ gcc): python-sane builds from source against it; libsane1, which it pulls
# in, has the `test` backend the scanner tests use. pipewire/va: QtMultimedia warns (and so
# fails a test) when it cannot load them while looking for cameras. cups + cups-pdf: the
# print tests start a private cupsd with cups-pdf queues (tests/helpers/cups.py).
if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "missing Debian packages (run as root or install them): ${missing[*]}" >&2
      exit 1
    fi
  fi
fi

python -m pip install -q --disable-pip-version-check -e ".[test]"

python -m ruff check .
python -m ruff format --check .
python -m mypy
python -m pytest "$@"
