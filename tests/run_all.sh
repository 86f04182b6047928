#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite (lint, types, tests).
# Safe to run again: installs are skipped when already present. Nothing is compiled.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt's runtime libraries: everything `ldd` lists for PySide6's xcb platform plugin
# (Qt/plugins/platforms/libqxcb.so), QtGui and the CUPS print plugin; and libv4l-0, through
# which the Linux document camera is read (V4L2, loaded with ctypes like libsane).
QT_PACKAGES=(libegl1 libgl1 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 libx11-6
             libx11-xcb1 libxext6 libxrandr2 libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4
             libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0
             libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0
             libxcb-xinerama0 libxcb-xkb1 libxkbcommon0 libxkbcommon-x11-0 libcups2
             libgssapi-krb5-2 libbrotli1 libzstd1 zlib1g libv4l-0)
# libsane1: its `test` backend is the scanner the capture tests scan from (loaded through
# ctypes, nothing to build). python3-venv: for the .venv made below.
# binutils, gcc: the Linux build strips its libraries and compiles the cut ICU data
# (tests/test_build.py, buildtools/icu_data.py); with libc6-dev (the kernel's
# <linux/videodev2.h>) gcc also builds tests/capture/v4l2/ (the V4L2 structure check and the
# camera stand-in). cups + cups-pdf: the print tests start a private cupsd with cups-pdf
# queues (tests/helpers/cups.py). fonts-hanazono: the rare characters of names in the built
# app, which bundles no Ext-B font (as a Linux seat installs it).
TEST_PACKAGES=(poppler-utils zbar-tools libnss3-tools libsane1 python3-venv binutils gcc
               libc6-dev cups cups-pdf fonts-hanazono
               softhsm2 opensc)  # a PKCS#11 token (UKey) for the signing tests

installed() {  # Ubuntu 24.04 renamed some libraries with a t64 suffix (libglib2.0-0t64)
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" ||
    dpkg-query -W -f='${Status}' "${1}t64" 2>/dev/null | grep -q "install ok installed"
}

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for pkg in "${QT_PACKAGES[@]}" "${TEST_PACKAGES[@]}"; do
    installed "$pkg" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      as_root=()
    elif command -v sudo >/dev/null 2>&1; then
      as_root=(sudo)
    else
      echo "missing Debian packages (run as root or install them): ${missing[*]}" >&2
      exit 1
    fi
    "${as_root[@]}" apt-get update -qq
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" \
      >/dev/null
  fi
fi

# The interpreter: the active virtualenv, else a `python` that may install packages (CI),
# else ./.venv, made from python3 (Debian and Ubuntu have no `python`, and their python3
# refuses pip outside a virtualenv).
usable() {
  command -v "$1" >/dev/null 2>&1 && "$1" - <<'EOF'
import os, sys, sysconfig
managed = os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED"))
sys.exit(0 if sys.version_info >= (3, 11) and (sys.prefix != sys.base_prefix or not managed) else 1)
EOF
}
if [ -n "${VIRTUAL_ENV:-}" ] || usable python; then
  PYTHON=python
else
  if [ ! -x .venv/bin/python ] && [ ! -x .venv/Scripts/python.exe ]; then
    python3 -m venv .venv
  fi
  PYTHON=.venv/bin/python
  [ -x "$PYTHON" ] || PYTHON=.venv/Scripts/python.exe
fi

"$PYTHON" -m pip install -q --disable-pip-version-check -e ".[test]"

"$PYTHON" -m ruff check .
"$PYTHON" -m ruff format --check .
"$PYTHON" -m mypy
# In one process: under pytest-xdist a test that hit its timeout ended its worker, and the
# run then hung until CI's limit (see CHANGELOG). `-n 2` in the arguments runs it on two
# workers (about 8 minutes instead of 24 on two cores) while that is being fixed.
"$PYTHON" -m pytest "$@"
