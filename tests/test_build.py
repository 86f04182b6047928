"""The PyInstaller spec builds a one-folder app that starts: CLI verbs and the window."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from client.catalog.loading import load_department
from client.documents.data import Decision
from offline.documents.service import DocumentService
from offline.storage.profile import open_profile
from tests.capture.support import SANE_TEST_CONF
from tests.test_cli import food_request

pytestmark = pytest.mark.slow  # left out of tests/check.sh; the full suite runs it

ROOT = Path(__file__).resolve().parent.parent
# The goal is 160 MiB, on both platforms (docs/install.md, Build size, has what is left out:
# 381 MiB at first). Linux reads the document camera through V4L2 instead of Qt Multimedia's
# FFmpeg, and no build bundles HanaMinB: the system has the rare characters' font.
MAX_MIB = 160
# The bundled fonts and their licences (resources/fonts/README.md): they must ship together.
# No HanaMinB: the rare characters of names come from the system's Ext-B font.
FONT_FILES = {
    "FandolFang-Regular.ttf.gz",
    "FandolSong-Bold.ttf.gz",
    "FandolSong-Regular.ttf.gz",
    "Fandol.COPYING",
    "wqy-zenhei.ttf.gz",
    "wqy-zenhei.COPYRIGHT",
    "README.md",
}


RARE_NAME = "\U00020bb7野家"  # 𠮷: CJK Ext-B, in no bundled font


def rare_name_request(tmp_path: Path) -> Path:
    request = json.loads(food_request(tmp_path).read_text(encoding="utf-8"))
    request["applicant"]["name"] = RARE_NAME
    path = tmp_path / "rare-request.json"
    path.write_text(json.dumps(request, ensure_ascii=False), encoding="utf-8")
    return path


def folder_mib(folder: Path) -> float:
    """What the folder takes, in MiB (links counted as links, as a copy keeps them)."""
    files = (p for p in folder.rglob("*") if p.is_file() or p.is_symlink())
    return sum(p.lstat().st_size for p in files) / 2**20


@pytest.mark.timeout(600)
def test_spec_builds_an_app_that_starts(tmp_path: Path) -> None:
    dist, work = tmp_path / "dist", tmp_path / "work"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "ERROR",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=540,
    )
    app = dist / "chuangkou"
    suffix = ".exe" if sys.platform == "win32" else ""
    cli, window = app / f"chuangkou-cli{suffix}", app / f"chuangkou{suffix}"
    profile = tmp_path / "profile"
    sane = tmp_path / "sane"  # SANE's test scanner only
    sane.mkdir()
    (sane / "dll.conf").write_text("test\n")
    (sane / "test.conf").write_text(SANE_TEST_CONF)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SANE_CONFIG_DIR": str(sane)}
    # The bundle cannot import tests/ from PYTHON_KEYRING_BACKEND alone; keyring's own config
    # file puts the checkout on its path and names the test keyring (offline/at_rest/data_key.py
    # refuses a bundle with no protecting backend).
    env.pop("PYTHON_KEYRING_BACKEND", None)
    config = tmp_path / "config" / "python_keyring"
    config.mkdir(parents=True)
    (config / "keyringrc.cfg").write_text(
        f"[backend]\ndefault-keyring = tests.file_keyring.FileKeyring\nkeyring-path = {ROOT}\n"
    )
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    size = folder_mib(app)
    print(f"build size: {size:.1f} MiB")
    assert size <= MAX_MIB, f"the build is {size:.1f} MiB"
    # Qt's Chinese (确定/取消) and our compiled English catalogue are in the bundle.
    translations = {p.name for p in app.rglob("*.qm")}
    assert {"qtbase_zh_CN.qm", "chuangkou_en.qm"} <= translations
    fonts = next(app.rglob("resources/fonts"))
    assert {p.name for p in fonts.iterdir()} == FONT_FILES
    assert "GNU GENERAL PUBLIC LICENSE" in (fonts / "Fandol.COPYING").read_text()

    # reportlab's C accelerator (imported through exec, so named to PyInstaller by hand) sits
    # where the bundle's imports look for top-level extension modules.
    internal = app / "_internal"
    assert [p.name for p in internal.glob("_rl_accel*")], "reportlab's _rl_accel is missing"
    # The document camera: Media Foundation on Windows; on Linux V4L2 (the system's libv4l2),
    # without Qt Multimedia or FFmpeg.
    cameras = {p.name for p in app.rglob("plugins/multimedia/*")}
    if sys.platform == "win32":
        assert cameras == {"windowsmediaplugin.dll"}, cameras
        assert not list(app.rglob("avcodec-*.dll"))
    else:
        assert not cameras, cameras
        assert not list(app.rglob("libavcodec*")) and not list(app.rglob("*Multimedia*"))
    assert (app / "chuangkou-cli").is_symlink() or sys.platform == "win32"

    version = subprocess.run([str(cli), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("Chuangkou ")
    # doctor reads the bundled fonts, catalog and region codes from inside the bundle.
    doctor = subprocess.run(
        [str(cli), "--profile", str(profile), "doctor", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    checks = {c["name"]: c["level"] for c in json.loads(doctor.stdout)["checks"]}
    assert checks["fonts"] == "ok" and checks["database"] == "ok"
    if sys.platform == "linux":  # the system's libsane, loaded by ctypes from the bundle
        scanners = next(c for c in json.loads(doctor.stdout)["checks"] if c["name"] == "scanners")
        assert "frontend-tester" in scanners["message"]
        camera = next(c for c in json.loads(doctor.stdout)["checks"] if c["name"] == "cameras")
        assert camera["level"] == "ok", camera  # the system's libv4l2, loaded from the bundle
    # An intake renders the slip: fonts, barcodes and QR all come from inside the bundle. On
    # Linux the dynamic loader's log (LD_DEBUG) shows what the bundled app really loaded.
    loader_log = {"LD_DEBUG": "files", "LD_DEBUG_OUTPUT": str(tmp_path / "ld")}
    intake = subprocess.run(
        [str(cli), "--profile", str(profile), "intake", "--json", str(rare_name_request(tmp_path))],
        capture_output=True,
        text=True,
        env={**env, **loader_log} if sys.platform == "linux" else env,
        timeout=60,
    )
    assert intake.returncode == 0, intake.stderr
    if sys.platform == "linux":
        loaded = "".join(p.read_text(errors="replace") for p in tmp_path.glob("ld.*"))
        assert f"{internal}/_rl_accel" in loaded, "the slip was rendered without _rl_accel"
        # The C++ runtime is the system's, as the system's GL drivers expect.
        assert "libstdc++.so.6" in loaded and f"{internal}/libstdc++" not in loaded
    slip = tmp_path / "slip.pdf"  # the stored one is encrypted at rest
    store = open_profile(profile)
    slip.write_bytes(store.read_document(Path(json.loads(intake.stdout)["documents"][0])))
    store.close()
    text = subprocess.run(["pdftotext", str(slip), "-"], capture_output=True, text=True).stdout
    assert json.loads(intake.stdout)["case_number"] in text
    # The Ext-B character of the name printed from the system's font (the build has none).
    assert RARE_NAME in text.replace(" ", "")
    listed = subprocess.run(["pdffonts", str(slip)], capture_output=True, text=True).stdout
    rare_face = "SimSun-ExtB" if sys.platform == "win32" else "HanaMinB"
    assert re.search(rf"\+{rare_face}\s+TrueType", listed), listed
    # A sealed, signed decision: templates, the seal, pyHanko and the training certificate.
    number = json.loads(intake.stdout)["case_number"]
    store = open_profile(profile)
    DocumentService(store, load_department()).record_decision(
        number, Decision(True, "培审批〔2026〕1号", "准予许可", (), "", dt.date.today(), "周审批")
    )
    store.close()
    decision = subprocess.run(
        [
            str(cli),
            "--profile",
            str(profile),
            "documents",
            "--case",
            number,
            "--kind",
            "approval-decision",
            "--out",
            str(tmp_path / "decision.pdf"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert decision.returncode == 0, decision.stderr
    assert json.loads(decision.stdout)["signed"] is True
    # Title 小标宋 (FandolSong Bold), body 仿宋, headings 黑体, page numbers 宋体: all embedded
    # from the bundle.
    listed = subprocess.run(
        ["pdffonts", str(tmp_path / "decision.pdf")], capture_output=True, text=True
    ).stdout
    for family in (
        "FandolSong-Bold",
        "FandolFang-Regular",
        "WenQuanYiZenHei",
        "FandolSong-Regular",
    ):
        assert re.search(rf"\+{family}\s+TrueType\s+\S+\s+yes\s+yes", listed), listed
    shown = subprocess.run(
        [str(window), "--profile", str(profile), "--smoke-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    assert "window shown" in shown.stdout
    english = subprocess.run(
        [str(window), "--profile", str(profile), "--lang", "en", "--smoke-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert english.returncode == 0, english.stderr
    assert "window shown" in english.stdout
