"""Materials capture from devices through the window, as a clerk does it: scan from SANE's
`test` device, fix the pages (reorder, undo, rotate) and store the material as one PDF; told
in Chinese when there is no camera; scan settings kept per profile; batch-scan with separator
sheets."""

from __future__ import annotations

import re
import shutil
import subprocess
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from client.capture.sources import ScanMode
from offline.storage.profile import open_profile
from tests.capture.support import PAGE_MM, sane_test_device, text_page
from tests.capture.ui_support import choose_food_permit, finish, open_capture, window
from ui.capture.batch_scan_dialog import BatchScanDialog
from ui.capture.camera_view import CameraViewBase
from ui.capture.capture_dialog import CaptureDialog
from ui.capture.scan_settings import load_scan_settings
from ui.main_window import MainWindow

__all__ = ["sane_test_device", "window"]  # the fixtures, imported for pytest
pytestmark = pytest.mark.usefixtures("sane_test_device")
MM_TO_PT = 72 / 25.4


def commit_text(widget: QWidget, text: str) -> None:
    """Chinese arrives from the input method as a commit string."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def scan_page(qtbot: QtBot, dialog: CaptureDialog, mode: ScanMode) -> None:
    row = dialog.scan_row
    qtbot.waitUntil(lambda: row.device.count() == 1, timeout=10000)
    row.dpi.setCurrentIndex(row.dpi.findData(150))
    row.mode.setCurrentIndex(row.mode.findData(mode.value))
    before = len(dialog.pages())
    qtbot.mouseClick(dialog.scan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialog.pages()) == before + 1, timeout=10000)


def pdf_pages(pdf: Path) -> list[tuple[float, float, int]]:
    """(width pt, height pt, rotation) of every page, as pdfinfo reports them."""
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    rotations = re.findall(r"Page\s+\d+ rot:\s+(\d+)", info)
    return [(float(w), float(h), int(r)) for (w, h), r in zip(sizes, rotations, strict=True)]


def rasterise(pdf: Path, out: Path, dpi: int = 40) -> list[Image.Image]:
    """Every page as poppler draws it (rotation applied), in order."""
    out.mkdir()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(out / "p")], check=True)
    return [Image.open(p).convert("RGB") for p in sorted(out.glob("p-*.png"))]


def grey_levels(image: Image.Image) -> int:
    return sum(1 for n in image.convert("L").histogram() if n)


def saturation(image: Image.Image) -> float:
    histogram = image.convert("HSV").getchannel("S").histogram()
    return sum(level * n for level, n in enumerate(histogram)) / sum(histogram)


def contrast(image: Image.Image) -> float:
    return float(ImageStat.Stat(image.convert("L")).stddev[0])


def test_scan_reorder_rotate_and_the_stored_pdf_follows(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """The issue's acceptance test: three pages from the SANE `test` scanner (colour, grey,
    black-and-white: each looks different), the black-and-white page dragged to the front,
    the grey page turned a quarter clockwise; the stored PDF has that order and turn."""
    screen = window.intake
    choose_food_permit(qtbot, screen)
    dialog = open_capture(qtbot, screen, 0)
    dialog.tabs.setCurrentIndex(0)  # 扫描仪
    for mode in (ScanMode.COLOR, ScanMode.GREY, ScanMode.BW):
        scan_page(qtbot, dialog, mode)
    strip = dialog.strip
    colour, grey, bw = strip.pages()
    assert (colour.media_type, grey.media_type, bw.media_type) == (
        "image/jpeg",
        "image/jpeg",
        "image/png",
    )
    qtbot.waitUntil(strip.thumbnails_ready, timeout=10000)

    # Drag the third page onto the first: enter and drop events carrying the strip's own
    # drag data, as Qt delivers them when the clerk drags a thumbnail.
    view = strip.view
    mime = strip.model.mimeData([strip.model.index(2, 0)])
    target = view.visualRect(strip.model.index(0, 0)).center()
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # PySide6 flags its only ctor
        enter = QDragEnterEvent(target, Qt.DropAction.MoveAction, mime, buttons, modifiers)
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(target), Qt.DropAction.MoveAction, mime, buttons, modifiers)
    QApplication.sendEvent(view.viewport(), drop)
    assert drop.isAccepted()
    assert strip.pages() == (bw, colour, grey)

    # Delete by mistake, undo with Ctrl+Z, then turn the grey page clockwise.
    strip.select(2)
    qtbot.mouseClick(strip.delete_button, Qt.MouseButton.LeftButton)
    assert strip.pages() == (bw, colour)
    qtbot.keyClick(strip.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert strip.pages() == (bw, colour, grey)
    strip.select(2)
    qtbot.mouseClick(strip.right_button, Qt.MouseButton.LeftButton)
    assert [p.rotation for p in strip.pages()] == [0, 0, 90]
    assert strip.summary.text().startswith("共 3 页")
    dialog.grab().save(str(tmp_path / "capture-dialog.png"))

    finish(qtbot, dialog)
    row = screen.checklist.rows[0]
    qtbot.waitUntil(lambda: row.pdf is not None, timeout=5000)
    assert row.pdf is not None and row.pdf.page_count == 3
    assert row.files_label.text().startswith("3 页 · ")
    assert row.original.isChecked()  # captured from the paper in front of the clerk

    # Read the stored PDF back with poppler.
    width, height = (round(mm * MM_TO_PT) for mm in PAGE_MM)
    pages = pdf_pages(row.pdf.path)
    assert [(round(w), round(h), r) for w, h, r in pages] == [
        (width, height, 0),
        (width, height, 0),
        (width, height, 90),
    ]
    first, second, third = rasterise(row.pdf.path, tmp_path / "pages")
    assert grey_levels(first) <= 16  # black and white (anti-aliasing adds a few levels)
    assert saturation(second) > 60 > saturation(first)  # the colour page
    assert saturation(third) < 10 and grey_levels(third) > 16  # the grey page
    assert third.width > third.height  # turned: landscape
    # The grey pattern is high-contrast on its left and washed out on its right; turned
    # clockwise, the high-contrast side is on top (counter-clockwise it would be at the bottom).
    top = third.crop((0, 0, third.width, third.height // 4))
    bottom = third.crop((0, third.height * 3 // 4, third.width, third.height))
    assert contrast(top) > 1.5 * contrast(bottom)

    # The saved case keeps exactly that PDF.
    fill_rest_and_accept(qtbot, window)
    conn = window.store.conn
    name, sha, size = conn.execute(
        "SELECT display_name, sha256, size FROM material_files WHERE material_code = ?",
        ("SCJG-0201-M01",),
    ).fetchone()
    assert name == "SCJG-0201-M01.pdf" and size == row.pdf.size and sha == row.pdf.sha256
    stored = tmp_path / "stored.pdf"  # decrypted: the file store keeps it encrypted
    stored.write_bytes(window.store.files.read_bytes(sha))
    assert pdf_pages(stored) == pages
    assert not list((window.store.profile / "capture").glob("capture-*/*"))  # workspace gone


def fill_rest_and_accept(qtbot: QtBot, window: MainWindow) -> None:
    from client.domain import MaterialForm

    screen = window.intake
    commit_text(screen.applicant.name, "王小明")
    qtbot.keyClicks(screen.applicant.id_number, "11010519491231002X")
    qtbot.keyClicks(screen.applicant.phone, "13912345678")
    assert screen.item is not None
    for req, row in zip(screen.item.materials, screen.checklist.rows, strict=True):
        if row.applicable.isChecked():
            row.original.setChecked(req.form is not MaterialForm.COPY)
            row.copies.setValue(req.copies if req.form is not MaterialForm.ORIGINAL else 0)
    assert screen.accept_button.isEnabled(), screen.problems.text()
    with qtbot.waitSignal(screen.case_saved, timeout=20000):
        qtbot.mouseClick(screen.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not list((window.store.profile / "capture").glob("capture-*")))


def test_without_a_camera_the_clerk_is_told_in_chinese(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.intake
    choose_food_permit(qtbot, screen)
    dialog = open_capture(qtbot, screen, 1)
    dialog.tabs.setCurrentIndex(1)  # 高拍仪
    view = dialog.camera_view
    assert isinstance(view, CameraViewBase) and not view.has_camera()
    message = view.message
    qtbot.waitUntil(lambda: "未检测到高拍仪" in message.text())  # found off the UI thread
    assert message.isVisible()
    assert not view.capture_button.isVisible()
    qtbot.waitUntil(view.retry_button.isEnabled)
    qtbot.mouseClick(view.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(view.retry_button.isEnabled)
    assert "未检测到高拍仪" in message.text() and message.isVisible()
    dialog.tabs.setCurrentIndex(2)  # leaving the tab releases the camera view
    assert dialog.camera_view is None
    dialog.reject()


def test_scan_settings_are_kept_per_profile(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, sane_test_device: str
) -> None:
    screen = window.intake
    choose_food_permit(qtbot, screen)
    dialog = open_capture(qtbot, screen, 0)
    dialog.tabs.setCurrentIndex(0)
    row = dialog.scan_row
    qtbot.waitUntil(lambda: row.device.count() == 1, timeout=10000)
    row.dpi.setCurrentIndex(row.dpi.findData(600))
    row.mode.setCurrentIndex(row.mode.findData("bw"))
    row.feeder.setChecked(True)
    row.duplex.setChecked(True)
    row.deskew.setChecked(False)
    row.quality.setValue(70)
    dialog.reject()
    store = window.store
    qtbot.waitUntil(lambda: store.settings.get("scan.jpeg_quality") == 70, timeout=5000)

    reopened = open_profile(store.profile)
    try:
        saved = load_scan_settings(reopened.settings)
    finally:
        reopened.close()
    assert (saved.device, saved.dpi, saved.mode) == (sane_test_device, 600, ScanMode.BW)
    assert (saved.feeder, saved.duplex, saved.deskew, saved.jpeg_quality) == (
        True,
        True,
        False,
        70,
    )
    # A new dialog starts from them.
    again = open_capture(qtbot, screen, 0)
    assert again.scan_row.settings() == saved
    again.reject()


def test_batch_scan_with_separator_sheets(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    screen = window.intake
    choose_food_permit(qtbot, screen)
    qtbot.mouseClick(screen.batch_button, Qt.MouseButton.LeftButton)
    dialog = screen.capture_dialog
    assert isinstance(dialog, BatchScanDialog)
    wanted = {"SCJG-0201-M01", "SCJG-0201-M03"}
    for i in range(dialog.materials.count()):
        entry = dialog.materials.item(i)
        code = entry.data(Qt.ItemDataRole.UserRole)
        entry.setCheckState(Qt.CheckState.Checked if code in wanted else Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.sheets_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.isVisible())
    assert dialog.sheets_pdf is not None
    sheets = shutil.copy(dialog.sheets_pdf, tmp_path / "sheets.pdf")
    text = subprocess.run(
        ["pdftotext", str(sheets), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "食品经营许可申请书" in text and "法定代表人" in text and "营业执照" not in text
    dialog.preview.close()  # type: ignore[union-attr]

    # The stack as the feeder returns it: a stray page, sheet 1, two pages, sheet 2, one page.
    subprocess.run(
        ["pdftoppm", "-r", "150", "-gray", "-png", str(sheets), str(tmp_path / "sheet")],
        check=True,
    )
    sheet1, sheet2 = sorted(tmp_path.glob("sheet-*.png"))
    content = [text_page(tmp_path / f"c{i}.jpg", f"page {i}") for i in range(4)]
    stack = [content[0], sheet1, content[1], content[2], sheet2, content[3]]
    dialog.import_stack(stack)
    qtbot.waitUntil(lambda: dialog.split is not None, timeout=30000)
    review = dialog.review
    rows = [
        tuple(review.model().index(r, c).data() for c in range(3)) for r in range(review.rowCount())
    ]
    assert rows == [
        ("食品经营许可申请书", "2", "3–4"),
        ("法定代表人（负责人、经营者）身份证明", "1", "6"),
        ("未能归类的页", "1", "1"),
    ]
    assert "1 页不在任何分隔页之后" in dialog.message.text()
    # The stray page is not lost: the clerk files it under 营业执照 (no sheet of its own).
    assert dialog.unassigned_row.isVisible()
    dialog.unassigned_target.setCurrentIndex(dialog.unassigned_target.findData("SCJG-0201-M02"))
    dialog.grab().save(str(tmp_path / "batch.png"))
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)

    checklist = screen.checklist
    done: Callable[[], bool] = lambda: all(  # noqa: E731
        checklist.rows[i].pdf is not None for i in (0, 1, 2)
    )
    qtbot.waitUntil(done, timeout=20000)
    counts = [checklist.rows[i].pdf.page_count for i in (0, 1, 2)]  # type: ignore[union-attr]
    assert counts == [2, 1, 1]
    assert checklist.rows[3].pdf is None
    assert checklist.rows[0].files_label.text().startswith("2 页")
    # Content pages only (the sheets are gone), each at its own size: 800 × 1100 px at 100 dpi.
    for index in (0, 1, 2):
        pdf = checklist.rows[index].pdf
        assert pdf is not None
        assert {(round(w), round(h), r) for w, h, r in pdf_pages(pdf.path)} == {(576, 792, 0)}
