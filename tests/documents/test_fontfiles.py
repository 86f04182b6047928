"""The bundled fonts ship compressed: they inflate to the real fonts, once, and a damaged one
is reported in Chinese instead of breaking documents (client/documents/fontfiles.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication
from reportlab.pdfbase import pdfmetrics

from client.documents.fontfiles import file_cmap_ranges, font_bytes, inflated_copy
from client.documents.fonts import FontError, select_fonts
from client.resources import resource
from ui.app import install_fonts


def test_inflated_copy_is_made_once_and_is_the_font(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    bundled = resource("fonts", "wqy-zenhei.ttf.gz")
    copy = inflated_copy(bundled)
    assert copy.name == "wqy-zenhei.ttf" and tmp_path in copy.parents
    assert copy.read_bytes()[:4] == b"\x00\x01\x00\x00"  # a TrueType file
    assert copy.read_bytes() == font_bytes(bundled)
    made = copy.stat().st_mtime_ns
    assert inflated_copy(bundled) == copy and copy.stat().st_mtime_ns == made


def test_the_ui_font_is_zen_hei(qapp: QApplication) -> None:
    assert install_fonts(qapp) == "WenQuanYi Zen Hei"
    assert "WenQuanYi Zen Hei" in QFontDatabase.families()


def test_fallback_coverage_reads_only_the_start_of_the_ext_b_font() -> None:
    starts, ends = file_cmap_ranges(resource("fonts", "HanaMinB.ttf.xz"))
    covered = [(s, e) for s, e in zip(starts, ends, strict=True) if s <= 0x20BB7 <= e]
    assert covered, "𠮷 (U+20BB7) not covered"


def test_a_damaged_bundled_font_is_refused_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(pdfmetrics._fonts, "CK-FandolFang", raising=False)  # read it anew
    for name in ("FandolFang-Regular.ttf.gz", "FandolSong-Bold.ttf.gz"):
        shutil.copy(resource("fonts", name), tmp_path / name)
    fang = tmp_path / "FandolFang-Regular.ttf.gz"
    fang.write_bytes(fang.read_bytes()[: 1 << 20])  # cut short, as by a failed copy
    with pytest.raises(ValueError, match=r"FandolFang-Regular\.ttf\.gz"):
        font_bytes(fang)
    with pytest.raises(FontError, match=r"未找到可嵌入的中文 TrueType 字体.*FandolFang"):
        select_fonts([], tmp_path)  # no Windows fonts, no Zen Hei either
