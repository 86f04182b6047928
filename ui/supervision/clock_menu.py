"""The 办件 menu's clock actions: 补交材料 after 补正, an art. 45 pause (start and end, with its
告知书) and the art. 42 extension (with its 延期通知书). Each writes on the window's write pool
(offline/cases/actions.py); a refusal shows its Chinese message and changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from client.documents.data import DocumentKind
from client.domain import MaterialSubmission
from client.time_limits.supervision import ARTICLE_45_KINDS, PauseKind
from offline.cases.actions import CaseActions, ClockChange
from ui.background import BackgroundOp

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class ClockDialog(QDialog):
    """A form with a case number field; subclasses add their rows."""

    def __init__(self, title: str, case_number: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.number = QLineEdit(case_number)
        self.number.setObjectName("case_number")
        self.form.addRow(self.tr("受理编号："), self.number)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)

    def finish(self) -> None:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.form.addRow(self.error)
        self.form.addRow(buttons)

    @staticmethod
    def date_edit(day: dt.date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    @staticmethod
    def date_of(edit: QDateEdit) -> dt.date:
        q = edit.date()
        return dt.date(q.year(), q.month(), q.day())


class PauseDialog(ClockDialog):
    def __init__(self, case_number: str, today: dt.date, ending: bool, parent: QWidget | None):
        title = self.tr("特别程序结束") if ending else self.tr("特别程序（暂停计时）")
        super().__init__(title, case_number, parent)
        self.kind = QComboBox()
        for kind in ARTICLE_45_KINDS:
            self.kind.addItem(kind.label, kind.value)
        self.day = self.date_edit(today)
        self.reason = QLineEdit()
        self.form.addRow(self.tr("程序："), self.kind)
        self.form.addRow(self.tr("结束日期：") if ending else self.tr("开始日期："), self.day)
        if not ending:
            self.form.addRow(self.tr("事由（告知申请人）："), self.reason)
        self.finish()


class ExtensionDialog(ClockDialog):
    def __init__(self, case_number: str, parent: QWidget | None) -> None:
        super().__init__(self.tr("延长办理期限（第四十二条）"), case_number, parent)
        self.approver = QLineEdit()
        self.approver.setObjectName("approver")
        self.reasons = QLineEdit()
        self.reasons.setObjectName("reasons")
        self.form.addRow(self.tr("批准的负责人："), self.approver)
        self.form.addRow(self.tr("延期理由（告知申请人）："), self.reasons)
        self.form.addRow(QLabel(self.tr("延长 10 个工作日，并出具延期通知书。")))
        self.finish()


class SupplementDialog(ClockDialog):
    """补交材料: for each material the 补正告知 named, the files handed in and the original."""

    def __init__(self, case_number: str, lines: list[tuple[str, str]], parent: QWidget | None):
        super().__init__(self.tr("补交材料"), case_number, parent)
        self.number.setReadOnly(True)
        self.rows: list[tuple[str, QCheckBox, list[str], QPushButton]] = []
        for code, name in lines:
            original = QCheckBox(self.tr("已收原件"))
            files: list[str] = []
            pick = QPushButton(self.tr("选择扫描件…"))
            pick.clicked.connect(lambda _c=False, f=files, b=pick: self.pick_files(f, b))
            self.form.addRow(name, original)
            self.form.addRow("", pick)
            self.rows.append((code, original, files, pick))
        self.finish()

    def pick_files(self, files: list[str], button: QPushButton) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("选择补交材料的扫描件"),
            "",
            self.tr("PDF 或图片 (*.pdf *.jpg *.jpeg *.png)"),
        )
        files[:] = chosen
        button.setText(
            self.tr("已选 {n} 个文件").format(n=len(chosen)) if chosen else button.text()
        )

    def submissions(self) -> list[MaterialSubmission]:
        return [
            MaterialSubmission(code, tuple(files), original=box.isChecked())
            for code, box, files, _ in self.rows
            if files or box.isChecked()
        ]


class ClockMenu:
    """Adds the menu to the window and runs each action off the UI thread."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        menu = window.menuBar().addMenu(QCoreApplication.translate("ClockMenu", "办件"))
        menu.addAction(window.tr("补交材料…"), self.on_supplement)
        menu.addAction(window.tr("特别程序（暂停计时）…"), lambda: self.on_pause(ending=False))
        menu.addAction(window.tr("特别程序结束…"), lambda: self.on_pause(ending=True))
        menu.addAction(window.tr("延长办理期限…"), self.on_extension)

    def actions(self) -> CaseActions:
        return CaseActions(self.window.store, clock=self.window.service.clock)

    def selected_number(self) -> str:
        today = self.window.today
        row = today.currentRow()
        return today.cases[row].case_number if 0 <= row < len(today.cases) else ""

    def run(self, work: Callable[[], ClockChange], notice: DocumentKind | None = None) -> None:
        window = self.window

        def done(change: ClockChange) -> None:
            due = change.due_date.isoformat() if change.due_date else "—"
            text = window.tr("办件 {n} 已登记，承诺办结日期 {due}").format(
                n=change.case_number, due=due
            )
            if change.provisional:
                text += window.tr("（暂定）")
            window.statusBar().showMessage(text, 15000)
            window.sync.wake()
            window.today.refresh()
            window.alerts.refresh()
            if notice is not None:
                window.produce_document(change.case_number, notice, reprint=False)

        BackgroundOp(window, lambda _ctx: work(), done, pool=window.write_pool).run()

    def on_pause(self, ending: bool) -> None:
        window = self.window
        dialog = PauseDialog(self.selected_number(), window.service.clock().date(), ending, window)
        if not window.run_dialog(dialog):
            return
        number, kind = dialog.number.text().strip(), PauseKind(dialog.kind.currentData())
        day, reason, actions = dialog.date_of(dialog.day), dialog.reason.text(), self.actions()
        if ending:
            self.run(lambda: actions.end_pause(number, kind, day))
        else:
            self.run(
                lambda: actions.start_pause(number, kind, day, reason), DocumentKind.PAUSE_NOTICE
            )

    def on_extension(self) -> None:
        window = self.window
        dialog = ExtensionDialog(self.selected_number(), window)
        if not window.run_dialog(dialog):
            return
        number, actions = dialog.number.text().strip(), self.actions()
        approver, reasons = dialog.approver.text(), dialog.reasons.text()
        self.run(
            lambda: actions.grant_extension(number, approver, reasons),
            DocumentKind.EXTENSION_NOTICE,
        )

    def on_supplement(self) -> None:
        window, store, number = self.window, self.window.store, self.selected_number()

        def read(_ctx: object) -> list[tuple[str, str]]:
            with store.read() as conn:
                rows = conn.execute(
                    "SELECT s.code, s.name FROM supplement_lines s JOIN cases c USING (case_id)"
                    " WHERE c.case_number = ? AND c.stage = 'supplement_requested'"
                    " ORDER BY s.position",
                    (number,),
                ).fetchall()
            return [(str(c), str(n)) for c, n in rows]

        BackgroundOp(window, read, lambda lines: self.open_supplement(number, lines)).run()

    def open_supplement(self, number: str, lines: list[tuple[str, str]]) -> None:
        window = self.window
        if not lines:
            window.statusBar().showMessage(
                window.tr("请先在“今日办件”中选中一件待补正的办件"), 10000
            )
            return
        dialog = SupplementDialog(number, lines, window)
        if not window.run_dialog(dialog):
            return
        submissions, actions = dialog.submissions(), self.actions()
        self.run(lambda: actions.receive_supplement(number, submissions))
