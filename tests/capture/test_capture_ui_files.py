"""Materials capture from files through the window: a file dropped on a checklist line (a bad
one refused, nothing attached; a page limit applied when the PDF is built), files imported and
inserted in the capture dialog, a watched folder, 取消, and a blank page kept only when the
clerk says so."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from client.capture.pages import PageKind
from tests.capture.support import sane_test_device, text_page
from tests.capture.ui_support import choose_food_permit, finish, open_capture, window
from tests.factories import make_files
from ui.main_window import MainWindow

__all__ = ["sane_test_device", "window"]  # the fixtures, imported for pytest
pytestmark = pytest.mark.usefixtures("sane_test_device")


def drop_urls(target: QWidget, point: QPoint, paths: list[Path]) -> None:
    """Real drag-enter and drop events carrying file URLs, as the desktop sends them."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # PySide6 flags its only ctor
        enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(target, drop)


def wait_for_box(qtbot: QtBot, parent: QWidget, name: str) -> QMessageBox:
    found: list[QMessageBox] = []

    def shown() -> bool:
        box = parent.findChild(QMessageBox, name)
        if box is not None and box.isVisible():
            found.append(box)
            return True
        return False

    qtbot.waitUntil(shown, timeout=10000)
    return found[0]


def test_a_bad_file_dropped_on_a_line_is_refused_and_nothing_attached(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    screen = window.intake
    choose_food_permit(qtbot, screen)
    checklist = screen.checklist
    fake = tmp_path / "身份证.jpg"
    fake.write_bytes(b"MZ\x90\x00\x03" + bytes(300))  # a Windows program, renamed
    y = checklist.visualRect(checklist.model().index(2, 0)).center().y()
    drop_urls(checklist.viewport(), QPoint(10, y), [fake])
    box = wait_for_box(qtbot, screen, "file_rejected_box")
    assert "身份证.jpg" in box.text() and "可执行程序" in box.text()
    box.close()
    qtbot.waitUntil(lambda: not checklist.rows[2].busy)
    assert checklist.rows[2].pdf is None and checklist.rows[2].pages == ()
    assert checklist.submissions()[2].files == ()
    assert checklist.rows[2].files_label.text() == "未采集"

    # A real photo dropped on the same line becomes the material's PDF.
    photo = text_page(tmp_path / "id.jpg", "ID")
    drop_urls(checklist.viewport(), QPoint(10, y), [photo])
    qtbot.waitUntil(lambda: checklist.rows[2].pdf is not None, timeout=10000)
    pdf = checklist.rows[2].pdf
    assert pdf is not None and pdf.page_count == 1
    assert checklist.submissions()[2].files == (str(pdf.path),)
    window.grab().save(str(tmp_path / "checklist.png"))


def test_import_insert_watch_folder_and_cancel_in_the_capture_dialog(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    screen = window.intake
    choose_food_permit(qtbot, screen)
    dialog = open_capture(qtbot, screen, 3)
    # Scanners are looked for in the background: the dialog is usable at once.
    assert dialog.scan_row.state.text() == "正在查找扫描仪…"
    qtbot.waitUntil(lambda: not screen.capture.scanners.searching, timeout=10000)

    dialog.tabs.setCurrentIndex(2)  # 导入文件
    first, last, middle = (text_page(tmp_path / f"{n}.jpg", n) for n in ("a", "c", "b"))
    dialog.import_files([first, last])
    qtbot.waitUntil(lambda: len(dialog.pages()) == 2)
    dialog.import_files([middle], position=1)  # 插入文件… before the second page
    qtbot.waitUntil(lambda: len(dialog.pages()) == 3)
    assert [p.origin for p in dialog.pages()] == ["a.jpg", "b.jpg", "c.jpg"]
    # A PDF brought on a USB stick: its page is shown (rendered by QtPdf) like any other.
    [pdf] = make_files(tmp_path / "usb", 1)
    dialog.import_files([pdf])
    qtbot.waitUntil(lambda: len(dialog.pages()) == 4)
    assert dialog.pages()[-1].kind is PageKind.PDF
    qtbot.waitUntil(dialog.strip.thumbnails_ready)
    dialog.strip.select(3)
    qtbot.mouseClick(dialog.strip.delete_button, Qt.MouseButton.LeftButton)

    dialog.tabs.setCurrentIndex(3)  # 监视文件夹
    folder = tmp_path / "scan-to"
    folder.mkdir()
    dialog.folder.setText(str(folder))
    qtbot.mouseClick(dialog.watch_button, Qt.MouseButton.LeftButton)
    assert dialog.watch_button.isChecked() and dialog.watch_button.text() == "停止监视"
    shutil.copy(text_page(tmp_path / "scanned.jpg", "d"), folder / "SCAN0001.JPG")
    qtbot.waitUntil(lambda: len(dialog.pages()) == 4, timeout=10000)
    assert dialog.pages()[-1].origin == "SCAN0001.JPG"
    assert (folder / "已导入" / "SCAN0001.JPG").exists()

    finish(qtbot, dialog)
    row = screen.checklist.rows[3]
    assert row.pdf is not None and row.pdf.page_count == 4
    assert window.store.settings.text("scan.watch_folder") == str(folder)

    # Opened again, the line's pages are there to fix; 取消 leaves the line as it was.
    again = open_capture(qtbot, screen, 3)
    assert again.pages() == row.pages
    again.strip.select(0)
    qtbot.mouseClick(again.strip.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(again.strip.thumbnails_ready)
    again.reject()
    assert len(row.pages) == 4 and row.pdf.page_count == 4


def test_a_blank_page_is_flagged_and_kept_only_when_the_clerk_says_so(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    screen = window.intake
    choose_food_permit(qtbot, screen)
    dialog = open_capture(qtbot, screen, 0)
    white = tmp_path / "back.jpg"
    Image.new("RGB", (800, 1100), (250, 250, 248)).save(white, "JPEG", quality=90)
    dialog.import_files([text_page(tmp_path / "front.jpg", "front"), white])
    qtbot.waitUntil(lambda: len(dialog.pages()) == 2)
    strip = dialog.strip
    assert [p.blank for p in strip.pages()] == [False, True]
    assert "第 2 页可能是空白页" in strip.summary.text()
    qtbot.waitUntil(strip.thumbnails_ready)
    strip.grab().save(str(tmp_path / "blank-badge.png"))

    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    box = dialog.blank_box
    assert box is not None and box.isVisible() and "第 2 页" in box.text()
    back = next(b for b in box.buttons() if b.text() == "返回检查")
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result_pdf is None  # nothing built, nothing dropped
    assert len(dialog.pages()) == 2

    finish(qtbot, dialog)  # 保留并完成: the clerk keeps it
    assert dialog.result_pdf is not None and dialog.result_pdf.page_count == 2


def test_a_material_over_the_page_limit_is_refused_when_built_not_at_the_save(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Pages add up on a line; the limits the save checks each file against (settings) are
    applied when the material's PDF is built, while the clerk can still split it."""
    window.store.set_setting("materials.max_pages", 2)
    screen = window.intake
    choose_food_permit(qtbot, screen)
    checklist = screen.checklist
    photos = [text_page(tmp_path / f"p{n}.jpg", f"P{n}") for n in range(3)]
    y = checklist.visualRect(checklist.model().index(2, 0)).center().y()
    drop_urls(checklist.viewport(), QPoint(10, y), photos[:2])  # within the limit: kept
    qtbot.waitUntil(lambda: checklist.rows[2].pdf is not None, timeout=10000)
    first = checklist.rows[2].pdf
    assert first is not None and first.page_count == 2

    drop_urls(checklist.viewport(), QPoint(10, y), photos[2:])  # a third page: too many
    box = wait_for_box(qtbot, screen, "file_rejected_box")
    assert "共 3 页" in box.text() and "超过上限（2 页" in box.text()
    box.close()
    qtbot.waitUntil(lambda: not checklist.rows[2].busy)
    assert checklist.rows[2].pdf == first and len(checklist.rows[2].pages) == 2
    assert checklist.submissions()[2].files == (str(first.path),)
