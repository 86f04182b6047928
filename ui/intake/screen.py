"""The intake screen: item, applicant (and agent), materials, then one of three decisions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from client.capture.material_pdf import MaterialPdf
from client.capture.pages import Page
from client.domain import Action, IntakeRequest, ServiceItem, SupplementLine
from client.intake.rules import check_intake, missing_lines
from offline.intake.transaction import IntakeResult, IntakeService
from ui.background import BackgroundOp, failure_text, serial_pool
from ui.capture.material_capture import Acquired, MaterialCapture
from ui.intake.item_picker import ItemPicker
from ui.intake.keyboard import chain_tab_order, install_intake_keys
from ui.intake.materials_checklist import MaterialsChecklist
from ui.intake.party_form import PartyForm


class IntakeScreen(QWidget):
    """Signals:
    case_saved(object): an IntakeResult, after the case committed (slip rendered if accepted).
    """

    case_saved = Signal(object)

    def __init__(
        self,
        service: IntakeService,
        write_pool: QThreadPool | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.write_pool = write_pool or serial_pool(self)
        self.item: ServiceItem | None = None
        self.refusals: dict[str, str] = {}  # Action value → why the core would refuse it
        self.picker = ItemPicker(service.store.items())
        self.applicant = PartyForm("applicant", self.tr("申请人"))
        self.has_agent = QCheckBox(self.tr("由代理人办理"))
        self.has_agent.setObjectName("has_agent")
        self.agent = PartyForm("agent", self.tr("代理人"))
        self.agent.setVisible(False)
        self.checklist = MaterialsChecklist()
        self.checklist.max_file_bytes = (
            service.store.settings.number("materials.max_file_mb") * 1024 * 1024
        )
        self.capture = MaterialCapture(service.store, self.write_pool, self)
        self.capture_dialog: QDialog | None = None  # the open 采集材料 or 批量扫描 dialog
        self.batch_button = QPushButton(self.tr("批量扫描…"))
        self.batch_button.setObjectName("batch_scan_button")
        self.batch_button.setToolTip(self.tr("打印分隔页，整叠材料一次扫描后按分隔页分到各项材料"))
        self.problems = QLabel()
        self.problems.setObjectName("intake_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #c0392b;")
        # Alt+letter as well as F9/F10/F11 (ui/intake/keyboard.py).
        self.accept_button = QPushButton(self.tr("受理(&A)"))
        self.accept_button.setObjectName("accept_button")
        self.supplement_button = QPushButton(self.tr("补正告知(&B)…"))
        self.supplement_button.setObjectName("supplement_button")
        self.refuse_button = QPushButton(self.tr("不予受理(&R)…"))
        self.refuse_button.setObjectName("refuse_button")
        self.clear_button = QPushButton(self.tr("清空"))
        self.accept_button.setDefault(True)
        self.accept_button.setStyleSheet("font-weight: bold; padding: 6px 24px;")

        agent_column = QVBoxLayout()
        agent_column.addWidget(self.has_agent)
        agent_column.addWidget(self.agent)
        agent_column.addStretch()
        parties = QHBoxLayout()
        parties.addWidget(self.applicant, 1)
        parties.addLayout(agent_column, 1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(parties)
        materials_header = QHBoxLayout()
        materials_header.addWidget(
            QLabel(self.tr("收取材料（点“采集…”扫描或拍摄，或把文件拖到对应行）"))
        )
        materials_header.addStretch()
        materials_header.addWidget(self.batch_button)
        right_layout.addLayout(materials_header)
        right_layout.addWidget(self.checklist, 1)
        right_layout.addWidget(self.problems)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addStretch()
        buttons.addWidget(self.refuse_button)
        buttons.addWidget(self.supplement_button)
        buttons.addWidget(self.accept_button)
        right_layout.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.picker)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 980])
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)

        self.picker.item_chosen.connect(self.on_item_chosen)
        self.applicant.changed.connect(self.refresh_decisions)
        self.agent.changed.connect(self.refresh_decisions)
        self.has_agent.toggled.connect(self.on_has_agent_toggled)
        self.checklist.changed.connect(self.refresh_decisions)
        self.checklist.file_rejected.connect(self.on_file_rejected)
        self.checklist.capture_requested.connect(self.on_capture_requested)
        self.checklist.files_dropped.connect(self.on_files_dropped)
        self.batch_button.clicked.connect(self.on_batch_clicked)
        self.accept_button.clicked.connect(self.on_accept_clicked)
        self.supplement_button.clicked.connect(self.on_supplement_clicked)
        self.refuse_button.clicked.connect(self.on_refuse_clicked)
        self.clear_button.clicked.connect(self.clear)
        self.refresh_decisions()
        install_intake_keys(self)
        self.capture.sweep_stale()

    def request(
        self,
        action: Action,
        reason: str = "",
        supplement: tuple[SupplementLine, ...] = (),
        refusal: tuple[int, str] = (0, ""),
    ) -> IntakeRequest:
        return IntakeRequest(
            item_code=self.item.code if self.item else "",
            applicant=self.applicant.party(),
            agent=self.agent.party() if self.has_agent.isChecked() else None,
            materials=self.checklist.submissions(),
            action=action,
            reason=reason,
            supplement=supplement,
            refusal_clause=refusal[0],
            competent_body=refusal[1],
        )

    def on_item_chosen(self, item: ServiceItem | None) -> None:
        if self.item is not None and item != self.item:
            self.capture.discard()  # another item: the pages captured so far are not for it
        self.item = item
        self.checklist.set_item(item)
        chain_tab_order(self)  # the new lines' controls join the Tab order
        self.refresh_decisions()

    def on_has_agent_toggled(self, checked: bool) -> None:
        self.agent.setVisible(checked)
        self.refresh_decisions()

    def on_file_rejected(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("文件不能添加"), message, parent=self)
        box.setObjectName("file_rejected_box")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): this often runs inside a background job's result callback

    # --- materials capture ----------------------------------------------------------------

    def on_capture_requested(self, index: int) -> None:
        """采集… on a line: the capture dialog for that material, starting from its pages."""
        from ui.capture.capture_dialog import (
            CaptureDialog,  # scanners and cameras: load on first use
        )

        assert self.item is not None
        material = self.item.materials[index]
        dialog = CaptureDialog(self.capture, material, self.checklist.rows[index].pages, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        rows = self.checklist.rows

        def finished(pdf: MaterialPdf) -> None:
            if self.checklist.rows is rows:
                self.checklist.set_material(index, dialog.result_pages, pdf)

        dialog.finished_material.connect(finished)
        self.track_capture_dialog(dialog)
        dialog.open()

    def on_files_dropped(self, index: int, paths: list[Path]) -> None:
        """Files dropped on a line: imported through the safety checks, added to the line's
        pages and the material's PDF rebuilt; refused files are explained and left out."""
        rows = self.checklist.rows  # a new item replaces the list: late results are dropped
        self.checklist.set_busy(index, self.tr("正在导入…"))

        def imported(acquired: Acquired) -> None:
            if acquired.refused or acquired.problem:
                self.on_file_rejected("\n".join((*acquired.refused, acquired.problem)).strip())
            if self.checklist.rows is not rows:
                return
            if not acquired.pages:
                self.checklist.set_busy(index, "")
                return
            self.rebuild_material(index, rows[index].pages + acquired.pages)

        op = self.capture.import_files(self, paths, imported)
        op.on_failure(lambda exc: self.on_line_job_ended(rows, index, exc))

    def rebuild_material(self, index: int, pages: tuple[Page, ...]) -> None:
        """Build line `index`'s PDF from `pages` in the background and attach it."""
        assert self.item is not None
        self.checklist.set_busy(index, self.tr("正在生成 PDF…"))
        code = self.item.materials[index].code
        rows = self.checklist.rows

        def built(pdf: MaterialPdf) -> None:
            if self.checklist.rows is rows:
                self.checklist.set_material(index, pages, pdf)

        op = self.capture.build_pdf(self, code, pages, built)
        op.on_failure(lambda exc: self.on_line_job_ended(rows, index, exc))
        op.finished.connect(lambda: self.on_line_job_ended(rows, index, None))

    def on_line_job_ended(self, rows: object, index: int, exc: BaseException | None) -> None:
        """A line's job ended (`exc` says why it failed, None when it did not)."""
        if self.checklist.rows is rows:
            self.checklist.set_busy(index, "")
        if exc is not None:
            self.on_file_rejected(failure_text(exc))

    def on_batch_clicked(self) -> None:
        from ui.capture.batch_scan_dialog import BatchScanDialog

        assert self.item is not None
        dialog = BatchScanDialog(self.capture, self.item, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.assigned.connect(self.on_batch_assigned)
        self.track_capture_dialog(dialog)
        dialog.open()

    def track_capture_dialog(self, dialog: QDialog) -> None:
        """Remember the open capture dialog until it deletes itself (WA_DeleteOnClose), so
        no wrapper of a deleted dialog stays behind."""
        self.capture_dialog = dialog

        def forget() -> None:
            if self.capture_dialog is dialog:
                self.capture_dialog = None

        dialog.destroyed.connect(forget)

    def on_batch_assigned(self, assignment: dict[str, tuple[Page, ...]]) -> None:
        """Pages from a separator-sheet stack: appended to each material's line."""
        assert self.item is not None
        for index, req in enumerate(self.item.materials):
            pages = assignment.get(req.code)
            if pages:
                self.rebuild_material(index, self.checklist.rows[index].pages + pages)

    def refresh_decisions(self) -> None:
        """受理 only when everything is in order; the other two need an item and a valid party."""
        if self.item is None:
            self.problems.setText(self.tr("请先选择办理事项"))
            buttons = (self.accept_button, self.supplement_button, self.refuse_button)
            for button in (*buttons, self.batch_button):
                button.setEnabled(False)
            self.apply_refusals()
            return
        today = dt.date.today()
        accept_problems = check_intake(
            self.request(Action.ACCEPT),
            self.item,
            today,
            self.checklist.max_file_bytes,
            check_files=False,  # checked on attach; the save checks them again
        )
        party_ok = not any(p.field.split(".")[0] in ("applicant", "agent") for p in accept_problems)
        busy = [r.busy for r in self.checklist.rows if r.busy]
        # Not while a line's scan is being made: the stack's pages would race that build.
        self.batch_button.setEnabled(not busy)
        self.accept_button.setEnabled(not accept_problems and not busy)
        self.supplement_button.setEnabled(party_ok)
        self.refuse_button.setEnabled(party_ok)
        self.problems.setText("\n".join(p.message for p in accept_problems[:6]))
        self.apply_refusals()

    def set_refusals(self, refusals: dict[str, str]) -> None:
        """What the core would refuse the person at the window (offline/accounts/powers.py),
        by Action value: those buttons stay disabled, the tooltip says why."""
        self.refusals = dict(refusals)
        self.refresh_decisions()

    def apply_refusals(self) -> None:
        for action, button in (
            (Action.ACCEPT, self.accept_button),
            (Action.SUPPLEMENT, self.supplement_button),
            (Action.REFUSE, self.refuse_button),
        ):
            reason = self.refusals.get(action.value, "")
            if reason:
                button.setEnabled(False)
            button.setToolTip(reason)

    def on_accept_clicked(self) -> None:
        self.submit(self.request(Action.ACCEPT))

    def on_supplement_clicked(self) -> None:
        assert self.item is not None
        from ui.intake.reason_dialogs import SupplementDialog  # load on first use

        prefill = missing_lines(self.item, self.checklist.submissions())
        dialog = SupplementDialog(self.item, prefill, self)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.submit(self.request(Action.SUPPLEMENT, dialog.reason(), dialog.lines()))
        finally:
            dialog.deleteLater()  # a child of the screen: it would stay for the whole day

    def on_refuse_clicked(self) -> None:
        from ui.intake.reason_dialogs import RefuseDialog

        dialog = RefuseDialog(self)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                refusal = (dialog.clause(), dialog.competent_body())
                self.submit(self.request(Action.REFUSE, dialog.reason(), refusal=refusal))
        finally:
            dialog.deleteLater()

    def submit(self, request: IntakeRequest) -> None:
        """Save off the UI thread (copying scans and the fsyncs can take a while), on the
        serial write pool. Cancel works while files are copied; once the case is committed
        the result is delivered regardless."""
        self.setEnabled(False)
        service = self.service
        op = BackgroundOp(
            self,
            lambda ctx: service.submit(request, ctx.report, ctx.cancelled),
            self.on_submit_done,
            pool=self.write_pool,
        )
        op.finished.connect(self.on_submit_finished)
        op.with_progress(self.tr("正在保存…")).run()

    def on_submit_finished(self) -> None:
        """The screen is usable again; the keyboard focus goes where the clerk continues:
        the item search for the next applicant, or back to 受理 when the save failed."""
        self.setEnabled(True)
        (self.picker.search if self.item is None else self.accept_button).setFocus()

    def on_submit_done(self, result: IntakeResult) -> None:
        self.clear()
        self.case_saved.emit(result)

    def clear(self) -> None:
        self.capture.discard()  # the case holds its own copies now (or the clerk cleared)
        self.applicant.clear()
        self.agent.clear()
        self.has_agent.setChecked(False)
        self.picker.clear()
        self.checklist.set_item(None)
        self.item = None
        self.refresh_decisions()
        if self.isEnabled():
            self.picker.search.setFocus()  # ready for the next applicant
