"""A whole intake done through the widgets, as a clerk would, then checked in the store and
on the printed slip."""

from __future__ import annotations

import subprocess
import warnings
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QFontDatabase,
    QFontMetrics,
    QImage,
    QInputMethodEvent,
    QPainter,
)
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from client.domain import MaterialForm
from offline.storage import audit
from tests.factories import make_files, open_main_window
from ui.intake.materials_checklist import MaterialsChecklist
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    return open_main_window(qtbot, tmp_path / "profile", show=True)


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type as a clerk does: ASCII on the keyboard, Chinese (and full-width forms) committed
    by the input method, as a pinyin IME delivers it."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def drop_files(widget: MaterialsChecklist, row_y: int, paths: list[Path]) -> None:
    """Deliver real drag-enter and drop events carrying file URLs, as the desktop does."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    with warnings.catch_warnings():
        # PySide6 flags QDragEnterEvent's only constructor (QPoint) as deprecated.
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            QPoint(10, row_y), Qt.DropAction.CopyAction, mime, buttons, modifiers
        )
    QApplication.sendEvent(widget.viewport(), enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, row_y), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(widget.viewport(), drop)


def test_whole_intake_through_the_widgets(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    screen = window.intake
    qtbot.keyClicks(screen.picker.search, "gtgsh")
    found = screen.picker.results.item(0)
    assert found is not None and found.text().startswith("个体工商户设立登记")
    screen.picker.results.setCurrentRow(0)
    assert screen.item is not None and screen.item.code == "SCJG-0101"
    assert not screen.accept_button.isEnabled()

    form = screen.applicant
    type_text(qtbot, form.name, "赵晓燕")
    qtbot.keyClicks(form.id_number, "110105194912310021")  # wrong check digit
    assert form.messages["id_number"].isVisible()
    assert "校验" in form.messages["id_number"].text()
    form.id_number.clear()
    type_text(qtbot, form.id_number, "１１０１０５１９４９１２３１００２x")  # full-width, lower x
    assert not form.messages["id_number"].isVisible()
    qtbot.keyClicks(form.phone, "138 1234 5678")
    assert not screen.accept_button.isEnabled()  # materials not yet received

    checklist = screen.checklist
    scans = make_files(tmp_path / "scans", 3)
    for index, req in enumerate(screen.item.materials):
        row = checklist.rows[index]
        if not row.applicable.isChecked():
            continue
        if req.form is not MaterialForm.COPY:
            qtbot.mouseClick(row.original, Qt.MouseButton.LeftButton)
            assert row.original.isChecked()
        if req.form is not MaterialForm.ORIGINAL:
            row.copies.setValue(req.copies)
    y = checklist.visualRect(checklist.model().index(0, 0)).center().y()
    drop_files(checklist, y, scans[:2])
    checklist.attach(1, [scans[2]])  # what a drop on the second line hands on
    # Each line's files are imported off the UI thread and become that material's one PDF.
    qtbot.waitUntil(lambda: all(checklist.rows[i].pdf is not None for i in (0, 1)), timeout=20000)
    first, second = checklist.rows[0].pdf, checklist.rows[1].pdf
    assert first is not None and first.page_count == 2
    assert second is not None and second.page_count == 1
    assert screen.accept_button.isEnabled(), screen.problems.text()

    with qtbot.waitSignal(screen.case_saved, timeout=20000) as saved:
        qtbot.mouseClick(screen.accept_button, Qt.MouseButton.LeftButton)
    result = saved.args[0]

    conn = window.store.conn
    case = conn.execute("SELECT case_number, stage FROM cases").fetchone()
    assert case == (result.case_number, "accepted")
    applicant = conn.execute("SELECT name, id_number, phone FROM parties").fetchone()
    assert applicant == ("赵晓燕", "11010519491231002X", "13812345678")
    assert conn.execute("SELECT count(*) FROM material_files").fetchone()[0] == 2
    kinds = [k for (k,) in conn.execute("SELECT kind FROM outbox ORDER BY seq")]
    assert kinds.count("material.upload") == 2 and kinds[0] == "case.put"
    assert (
        conn.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1 OFFSET 1").fetchone()[
            0
        ]
        == "intake.accept"
    )
    assert audit.verify_chain(window.store.conn) == []
    # Both read on the pool, shown within moments: before the next applicant sits down.
    qtbot.waitUntil(lambda: "待同步 5 项" in window.outbox_label.text(), timeout=1000)
    qtbot.waitUntil(lambda: window.today.rowCount() == 1, timeout=1000)
    # The slip is decrypted off the UI thread, then previewed.
    qtbot.waitUntil(
        lambda: bool(window.previews) and window.previews[-1].isVisible(), timeout=10000
    )

    slip = tmp_path / "slip.pdf"
    slip.write_bytes(window.store.read_document(result.documents[0]))  # encrypted at rest
    text = subprocess.run(
        ["pdftotext", str(slip), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert result.case_number in text
    png = tmp_path / "slip"
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-singlefile", str(slip), str(png)], check=True
    )
    codes = subprocess.run(["zbarimg", "-q", f"{png}.png"], capture_output=True, text=True)
    assert f"CODE-128:{result.case_number}" in codes.stdout.splitlines()
    # The form is cleared for the next applicant.
    assert screen.item is None and form.name.text() == ""


def test_supplement_is_prefilled_from_the_checklist(qtbot: QtBot, window: MainWindow) -> None:
    from ui.intake.reason_dialogs import SupplementDialog

    screen = window.intake
    qtbot.keyClicks(screen.picker.search, "SCJG-0201")
    screen.picker.results.setCurrentRow(0)
    type_text(qtbot, screen.applicant.name, "钱多多")
    qtbot.keyClicks(screen.applicant.id_number, "11010519491231002X")
    qtbot.keyClicks(screen.applicant.phone, "0571-87654321")
    assert screen.supplement_button.isEnabled() and not screen.accept_button.isEnabled()
    from client.intake.rules import missing_lines

    assert screen.item is not None
    dialog = SupplementDialog(
        screen.item, missing_lines(screen.item, screen.checklist.submissions())
    )
    qtbot.addWidget(dialog)
    required = [m for m in screen.item.materials if m.requirement.value == "required"]
    assert dialog.table.rowCount() == len(required)
    assert all(line.reason for line in dialog.lines())


def render(text: str, family: str) -> QImage:
    from PySide6.QtGui import QFont

    font = QFont(family, 24)
    metrics = QFontMetrics(font)
    image = QImage(
        metrics.horizontalAdvance(text) + 8, metrics.height() + 8, QImage.Format.Format_RGB32
    )
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setFont(font)
    painter.drawText(4, 4 + metrics.ascent(), text)
    painter.end()
    return image


def test_main_window_renders_chinese_with_the_bundled_font(
    window: MainWindow, tmp_path: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    family = app.font().family()
    assert family in QFontDatabase.applicationFontFamilies(0) or "WenQuanYi" in family
    metrics = QFontMetrics(app.font())
    for text in (
        window.windowTitle(),
        window.mode_label.text(),
        window.tabs.tabText(0),
        window.intake.accept_button.text(),
    ):
        assert all(metrics.inFontUcs4(ord(ch)) for ch in text if ch.strip()), text
    # A missing glyph draws as the same empty box whatever the character: real glyphs differ.
    assert render("受理", family) != render("窗口", family)
    shot = tmp_path / "main-window.png"
    assert window.grab().save(str(shot))
    assert shot.stat().st_size > 10_000


def fill_complete(qtbot: QtBot, window: MainWindow) -> None:
    """Pick 个体工商户设立登记, a valid applicant, every required material received."""
    screen = window.intake
    qtbot.keyClicks(screen.picker.search, "gtgsh")
    screen.picker.results.setCurrentRow(0)
    type_text(qtbot, screen.applicant.name, "孙丽")
    qtbot.keyClicks(screen.applicant.id_number, "11010519491231002X")
    qtbot.keyClicks(screen.applicant.phone, "13812345678")
    assert screen.item is not None
    for req, row in zip(screen.item.materials, screen.checklist.rows, strict=True):
        if row.applicable.isChecked():
            row.original.setChecked(req.form is not MaterialForm.COPY)
            row.copies.setValue(req.copies if req.form is not MaterialForm.ORIGINAL else 0)
    assert screen.accept_button.isEnabled(), screen.problems.text()


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("id_number", "110105209912310011", "出生日期"),  # born in 2099
        ("id_number", "999999194912310026", "行政区划"),
        ("id_number", "11010519491231002", "18位"),
        ("name", "", "姓名"),
        ("phone", "139-1234", "手机号码"),
        ("phone", "12345", "服务热线"),
    ],
)
def test_bad_applicant_input_disables_accept_with_a_clear_message(
    qtbot: QtBot, window: MainWindow, field: str, value: str, phrase: str
) -> None:
    fill_complete(qtbot, window)
    screen = window.intake
    edit = getattr(screen.applicant, field)
    edit.clear()
    if value:
        qtbot.keyClicks(edit, value)
    assert not screen.accept_button.isEnabled()
    assert phrase in screen.problems.text()
    if value:  # typed fields show the message under the field itself
        assert phrase in screen.applicant.messages[field].text()
        assert screen.applicant.messages[field].isVisible()
    qtbot.mouseClick(screen.accept_button, Qt.MouseButton.LeftButton)
    assert window.store.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_missing_material_disables_accept(qtbot: QtBot, window: MainWindow) -> None:
    fill_complete(qtbot, window)
    screen = window.intake
    screen.checklist.rows[0].original.setChecked(False)
    assert not screen.accept_button.isEnabled()
    assert "材料不齐" in screen.problems.text()
    assert "缺" in screen.checklist.rows[0].status.text()


def test_unreadable_files_are_refused_when_attached(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    fill_complete(qtbot, window)
    checklist = window.intake.checklist
    before = checklist.submissions()[0].files
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    checklist.attach(0, [tmp_path / "missing.pdf", tmp_path, empty])

    def box_shown() -> bool:
        box = window.intake.findChild(QMessageBox, "file_rejected_box")
        return box is not None and box.isVisible()

    qtbot.waitUntil(box_shown, timeout=10000)
    box = window.intake.findChild(QMessageBox, "file_rejected_box")
    assert box is not None
    assert [line.split("：")[0] for line in box.text().splitlines()] == [
        "文件不存在",
        "不是普通文件（可能是文件夹或设备）",
        "文件为空",
    ]
    box.close()
    qtbot.waitUntil(lambda: not checklist.rows[0].busy)
    assert checklist.submissions()[0].files == before  # the line's scan is as it was
    assert window.intake.accept_button.isEnabled()  # refused files leave the rest intact
