"""Rare name characters (CJK Ext-B) print from the system's own font: Windows' SimSun-ExtB (and
SimSun-ExtG), and on Linux HanaMinB from fonts-hanazono; no build bundles HanaMinB. Without any
Ext-B font such a name is refused where it is typed, naming the character, and doctor says what
to install (client/documents/fontchain.py).

A stand-in Windows font folder (a temp WINDIR/Fonts) or system font folder holds a copy of the
checkout's HanaMinB under the system's file name; the checkout's copy is made unavailable, as in
a build, so a character that prints can only have come from the stand-in folder.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from client.documents import fontchain, fonts
from client.documents.fontfiles import font_bytes
from client.documents.fonts import register_fonts
from client.intake.rules import check_party
from client.resources import resource
from tests.capture.support import sane_test_device
from tests.documents.test_slip import SLIP, run, squeeze, text_of, write
from tests.factories import person

EXT_B = "\U0002003e"  # 𠀾, CJK Ext-B: no main font and not WenQuanYi has it
YOSHI = "\U00020bb7"  # 𠮷, CJK Ext-B
__all__ = ["sane_test_device"]  # the fixture, imported for pytest


@pytest.fixture(scope="module")
def ext_b_bytes() -> bytes:
    return font_bytes(resource("fonts", "HanaMinB.ttf.xz"))


def _without_hanaminb(absent: Path) -> Callable[..., Path]:
    def located(*parts: str) -> Path:
        path = resource(*parts)
        return absent / path.name if path.name.startswith("HanaMinB") else path

    return located


def assert_slip_prints(tmp_path: Path, name: str) -> None:
    """The name is accepted, prints on a slip and reads back, in an embedded HanaMinB face."""
    assert check_party(person(name=name), "applicant") == []
    pdf = write(tmp_path, dataclasses.replace(SLIP, applicant_name=name))
    assert name in squeeze(text_of(pdf))
    listed = run("pdffonts", str(pdf))
    assert re.search(r"^[A-Z]{6}\+HanaMinB\s+TrueType\s+\S+\s+yes\s+yes\s", listed, re.M), listed


@pytest.fixture
def windows_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No bundled HanaMinB and an empty Windows font folder; returns that folder."""
    windir = tmp_path / "Windows"
    (windir / "Fonts").mkdir(parents=True)
    monkeypatch.setenv("WINDIR", str(windir))
    monkeypatch.delenv("SYSTEMROOT", raising=False)
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    monkeypatch.setattr(fontchain, "resource", _without_hanaminb(tmp_path / "absent"))
    monkeypatch.setattr(fontchain, "SYSTEM_FONT_DIRS", ())  # nor fonts-hanazono
    monkeypatch.setattr(fontchain, "SYSTEM_FONT_ROOTS", ())  # nor any other system font
    monkeypatch.setattr(fonts, "_fallback_ranges", None)  # the printable check reads again
    register_fonts()  # the main fonts as the process already chose them
    return windir / "Fonts"


def test_the_chain_prefers_windows_simsun_ext_b(tmp_path: Path, ext_b_bytes: bytes) -> None:
    """With HanaMinB still there, SimSun-ExtB is tried first."""
    folder = tmp_path / "Windows" / "Fonts"
    folder.mkdir(parents=True)
    (folder / "simsunb.ttf").write_bytes(ext_b_bytes)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WINDIR", str(folder.parent))
        patch.delenv("LOCALAPPDATA", raising=False)
        assert list(fontchain.fallback_files()) == [
            "CK-WQYZenHei",
            "CK-SimSunExtB",
            "CK-HanaMinB",
        ]
        body = register_fonts().body
        assert list(fontchain.runs(f"{EXT_B}小明", body)) == [
            ("CK-SimSunExtB", EXT_B),
            (body, "小明"),
        ]
    # Without the Windows folder HanaMinB serves again (Linux).
    assert list(fontchain.runs(EXT_B, body)) == [("CK-HanaMinB", EXT_B)]


def test_a_slip_prints_ext_b_from_simsun_ext_b(
    windows_build: Path, tmp_path: Path, ext_b_bytes: bytes
) -> None:
    (windows_build / "simsunb.ttf").write_bytes(ext_b_bytes)
    (rare,) = [line for line in fonts.fonts_report() if line.startswith("生僻字字体")]
    assert rare.endswith(f"wqy-zenhei.ttf.gz、{windows_build / 'simsunb.ttf'}"), rare  # for doctor
    # The stand-in's face name; the bundled copy is unavailable, so it is the Windows file.
    assert_slip_prints(tmp_path, f"{EXT_B}小明")


def test_simsun_ext_g_serves_when_it_is_the_only_one(
    windows_build: Path, ext_b_bytes: bytes
) -> None:
    (windows_build / "SimsunExtG.ttf").write_bytes(ext_b_bytes)
    assert list(fontchain.fallback_files()) == ["CK-WQYZenHei", "CK-SimSunExtG"]
    assert list(fontchain.runs(YOSHI, register_fonts().body)) == [("CK-SimSunExtG", YOSHI)]
    assert check_party(person(name=f"{YOSHI}野家"), "applicant") == []


def test_without_any_ext_b_font_such_a_name_is_refused(windows_build: Path) -> None:
    """The Windows build on a PC without SimSun-ExtB: refused clearly, never a tofu box."""
    assert list(fontchain.fallback_files()) == ["CK-WQYZenHei"]
    (problem,) = check_party(person(name=f"{YOSHI}野家"), "applicant")
    assert problem.field == "applicant.name"
    assert f"“{YOSHI}”无法打印（字库中没有这个字符）" in problem.message
    assert "请核对" in problem.message
    assert check_party(person(name="王堃"), "applicant") == []  # Ext-A/GBK: WenQuanYi has it


def test_linux_prints_ext_b_from_the_systems_hanaminb(
    windows_build: Path, tmp_path: Path, ext_b_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fonts-hanazono's HanaMinB.ttf (a stand-in folder here), before the checkout's copy."""
    system = tmp_path / "usr-share-fonts-truetype-hanazono"
    system.mkdir()
    (system / "HanaMinB.ttf").write_bytes(ext_b_bytes)
    monkeypatch.setattr(fontchain, "SYSTEM_FONT_DIRS", (tmp_path / "absent", system))
    assert fontchain.fallback_files() == {
        "CK-WQYZenHei": resource("fonts", "wqy-zenhei.ttf.gz"),
        "CK-HanaMinB": system / "HanaMinB.ttf",
    }
    assert_slip_prints(tmp_path, f"{YOSHI}野家")


def test_a_hanaminb_installed_elsewhere_is_found_below_the_font_folders(
    windows_build: Path, tmp_path: Path, ext_b_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A distribution (or an administrator) that puts HanaMinB in a folder of its own."""
    root = tmp_path / "usr-share-fonts"
    nested = root / "fonts-cjk" / "hanazono-20170904"
    nested.mkdir(parents=True)
    (root / "README").write_text("not a font")
    (nested / "HanaMinB.ttf").write_bytes(ext_b_bytes)
    monkeypatch.setattr(fontchain, "SYSTEM_FONT_ROOTS", (tmp_path / "absent", root))
    assert fontchain.fallback_files()["CK-HanaMinB"] == nested / "HanaMinB.ttf"
    assert_slip_prints(tmp_path, f"{YOSHI}野家")


@pytest.mark.usefixtures("sane_test_device")  # doctor looks for scanners too
def test_doctor_says_which_font_to_install_without_one(windows_build: Path, tmp_path: Path) -> None:
    from offline.doctor.checks import run_checks

    checks = {c.name: c for c in run_checks(tmp_path / "profile").checks}
    assert checks["fonts"].level == "ok"  # the main fonts are there
    rare = checks["rare_fonts"]
    assert rare.level == "warning"
    assert rare.message.startswith("未找到扩展B区生僻字字体：含这类字的姓名无法打印；")
    if sys.platform == "win32":
        assert "simsunb.ttf" in rare.message
    else:
        assert rare.message.endswith("请安装花园明朝字体（sudo apt install fonts-hanazono）")


@pytest.mark.usefixtures("sane_test_device")  # doctor looks for scanners too
def test_doctor_is_quiet_about_rare_fonts_when_one_is_there(tmp_path: Path) -> None:
    from offline.doctor.checks import run_checks

    assert fontchain.has_plane_2_fallback()  # the checkout's copy, or fonts-hanazono
    assert "rare_fonts" not in {c.name for c in run_checks(tmp_path / "profile").checks}
