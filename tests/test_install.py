"""The README's install on a fresh machine: a new virtualenv (no system site-packages), the
project installed from this checkout with building anything made impossible (wheels only, no
C compiler), then `--version` and `doctor` from it. SANE still works: libsane1 is loaded at
run time, python-sane (a source-only package) is gone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.capture.support import SANE_TEST_CONF

pytestmark = pytest.mark.slow  # left out of tests/check.sh; the full suite runs it

ROOT = Path(__file__).resolve().parent.parent


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


@pytest.mark.timeout(400)
def test_a_fresh_venv_installs_without_building_and_starts(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv_python(venv)
    no_compiler = {
        **os.environ,
        "CC": "/bin/false",
        "CXX": "/bin/false",
        "PIP_ONLY_BINARY": ":all:",  # every dependency from a wheel, never an sdist
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    no_compiler.pop("PYTHONPATH", None)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(ROOT)],
        capture_output=True,
        text=True,
        env=no_compiler,
        timeout=330,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    # Nothing of the host's site-packages leaks in, and python-sane is not there.
    probe = "import importlib.util as u, sys; print(sys.prefix, u.find_spec('sane') is None)"
    seen = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=True)
    assert seen.stdout.split() == [str(venv), "True"]

    sane = tmp_path / "sane"
    sane.mkdir()
    (sane / "dll.conf").write_text("test\n")
    (sane / "test.conf").write_text(SANE_TEST_CONF)
    env = {**no_compiler, "QT_QPA_PLATFORM": "offscreen", "SANE_CONFIG_DIR": str(sane)}
    version = subprocess.run(
        [str(python), "main.py", "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("Chuangkou ")
    doctor = subprocess.run(
        [str(python), "main.py", "--profile", str(tmp_path / "p"), "doctor", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=90,
    )
    checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
    assert checks["database"]["level"] == "ok" and checks["fonts"]["level"] == "ok"
    if sys.platform == "linux":  # SANE's test scanner, through ctypes, in the fresh venv
        assert checks["scanners"]["level"] == "ok"
        assert "frontend-tester" in checks["scanners"]["message"]
